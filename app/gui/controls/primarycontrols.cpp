#include "controls/primarycontrols.h"

#include "controls/sliderfield.h"
#include "controls/textline.h"
#include "document/editids.h"
#include "document/plandocument.h"
#include "document/planedits.h"

#include "memplan/names.h"
#include "memplan/param_count.h"
#include "memplan/plan_json.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSlider>
#include <QSpinBox>

#include <algorithm>
#include <cmath>

namespace memplan::gui {

namespace {
void setSuffix(QSpinBox* spin, const QString& suffix) {
    if (spin->suffix() != suffix)
        spin->setSuffix(suffix);
}
} // namespace

PrimaryControls::PrimaryControls(PlanDocument* document, QWidget* parent)
    : QGroupBox(tr("Workload"), parent)
    , doc_(document) {
    auto* form = new QFormLayout(this);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    params_ = new SliderField(SliderField::Editor::Text, paramLadder(), this);
    params_->setTextFormat([](double v) { return tr("%1 params").arg(formatParamCount(v)); },
                           parseParamCount, kMinParams, kMaxParams);
    params_->setPageStep(4);
    params_->setAccessibleLabel(tr("Parameter count"));
    params_->lineEdit()->setToolTip(
        tr("Total parameters. Type a count such as 7B, 1.5T or 350M; the slider snaps to "
           "readable values from 100M to 2T."));
    form->addRow(tr("&Parameters:"), params_);
    modelSummary_ = new TextLine(this);
    QFont small = modelSummary_->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    modelSummary_->setFont(small);
    form->addRow(QString(), modelSummary_);

    QStringList recipes;
    for (const auto& e : names(Recipe{}))
        recipes << uiLabel(e.value);
    Ladder recipeLadder;
    for (int i = 0; i < recipes.size(); ++i)
        recipeLadder.push_back(i);
    precision_ = new SliderField(SliderField::Editor::Choice, recipeLadder, this);
    precision_->setChoices(recipes);
    precision_->setPageStep(2);
    precision_->setAccessibleLabel(tr("Precision recipe"));
    precision_->setToolTip(tr("Which data type each tensor class uses (weights, gradients, master "
                              "weights, optimizer states, activations)."));
    form->addRow(tr("P&recision:"), precision_);

    microBatch_ = new SliderField(SliderField::Editor::SpinBox, microBatchLadder(), this);
    microBatch_->setSpinRange(1, 1024, tr(" sequences"));
    microBatch_->setPageStep(4);
    microBatch_->setAccessibleLabel(tr("Micro-batch size"));
    form->addRow(tr("&Micro-batch:"), microBatch_);

    seqLen_ = new SliderField(SliderField::Editor::SpinBox, seqLenLadder(), this);
    seqLen_->setSpinRange(128, 1024 * 1024, tr(" tokens"));
    seqLen_->setSpinKilo(1024); // "32k" = 32,768 tokens, as context lengths are named
    seqLen_->setPageStep(2);
    seqLen_->setAccessibleLabel(tr("Sequence length"));
    seqLen_->setToolTip(tr("Tokens per sequence; the slider moves in powers of two, the field "
                           "accepts any length from 128 to 1,048,576, also as 32k (32,768)."));
    form->addRow(tr("&Sequence length:"), seqLen_);

    gpus_ = new SliderField(SliderField::Editor::SpinBox, gpuLadder(), this);
    gpus_->setSpinRange(1, 4096, tr(" GPUs"));
    gpus_->setPageStep(4);
    gpus_->setAccessibleLabel(tr("GPU count"));
    form->addRow(tr("&GPUs:"), gpus_);

    // One width for the five editors, so the sliders line up; wide enough for "1048576 tokens"
    // and "888.88B params".
    int editorWidth = params_->lineEdit()->fontMetrics().horizontalAdvance(
                          tr("%1 params").arg(QStringLiteral("888.88B"))) +
                      24;
    for (SliderField* f : {params_, precision_, microBatch_, seqLen_, gpus_})
        editorWidth = std::max(editorWidth, f->editor()->sizeHint().width());
    for (SliderField* f : {params_, precision_, microBatch_, seqLen_, gpus_})
        f->editor()->setFixedWidth(editorWidth);

    connect(params_, &SliderField::valueEdited, this, &PrimaryControls::editParams);
    connect(precision_, &SliderField::valueEdited, this, &PrimaryControls::editPrecision);
    connect(microBatch_, &SliderField::valueEdited, this, &PrimaryControls::editMicroBatch);
    connect(seqLen_, &SliderField::valueEdited, this, &PrimaryControls::editSeqLen);
    connect(gpus_, &SliderField::valueEdited, this, &PrimaryControls::editGpus);
    for (SliderField* f : {params_, precision_, microBatch_, seqLen_, gpus_})
        connect(f, &SliderField::editGroupEnded, doc_, &PlanDocument::endEditGroup);
    connect(doc_, &PlanDocument::planChanged, this, &PrimaryControls::syncFromPlan);
    syncFromPlan();
}

void PrimaryControls::syncFromPlan() {
    const Plan& p = doc_->plan();
    params_->setValue(modelParamCount(p.model));
    const auto recipes = names(Recipe{});
    for (std::size_t i = 0; i < recipes.size(); ++i)
        if (recipes[i].value == p.training.precision)
            precision_->setValue(static_cast<double>(i));
    microBatch_->setValue(static_cast<double>(p.training.micro_batch));
    seqLen_->setValue(static_cast<double>(p.training.seq_len));
    gpus_->setValue(static_cast<double>(p.parallelism.gpus));
    setSuffix(microBatch_->spinBox(),
              p.training.micro_batch == 1 ? tr(" sequence") : tr(" sequences"));
    setSuffix(gpus_->spinBox(), p.parallelism.gpus == 1 ? tr(" GPU") : tr(" GPUs"));
    // The model line changes only with the model: skip the formatting on other steps.
    const ModelKey key{p.model.preset, p.model.params, p.model.layers, p.model.hidden,
                       p.model.shape_derived};
    if (!(key == summaryKey_)) {
        summaryKey_ = key;
        modelSummary_->setText(modelSummary(p.model, doc_->presets()));
        modelSummary_->setDetails(
            p.model.shape_derived
                ? tr("Shape rule: %1").arg(QString::fromStdString(describeShapeRule()))
                : QString());
    }
}

void PrimaryControls::editParams(double count) {
    Plan p = doc_->plan();
    setParamCount(p, count);
    doc_->editChanged(p, tr("Change parameter count"), mergeId(EditId::Params));
}

void PrimaryControls::editPrecision(double index) {
    const auto recipes = names(Recipe{});
    const auto i = static_cast<std::size_t>(std::lround(index));
    if (i >= recipes.size())
        return;
    Plan p = doc_->plan();
    p.training.precision = recipes[i].value;
    doc_->editChanged(p, tr("Change precision"), mergeId(EditId::Precision));
}

void PrimaryControls::editMicroBatch(double value) {
    Plan p = doc_->plan();
    p.training.micro_batch = std::llround(value);
    doc_->editChanged(p, tr("Change micro-batch"), mergeId(EditId::MicroBatch));
}

void PrimaryControls::editSeqLen(double value) {
    Plan p = doc_->plan();
    p.training.seq_len = std::llround(value);
    doc_->editChanged(p, tr("Change sequence length"), mergeId(EditId::SeqLen));
}

void PrimaryControls::editGpus(double value) {
    Plan p = doc_->plan();
    setGpuCount(p, std::llround(value));
    doc_->editChanged(p, tr("Change GPU count"), mergeId(EditId::Gpus));
}

} // namespace memplan::gui
