#include "controls/primarycontrols.h"

#include "controls/sliderfield.h"
#include "controls/textline.h"
#include "document/editids.h"
#include "document/plandocument.h"
#include "document/planedits.h"
#include "unitformat.h"

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
    form_ = form;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    // The plan's title (exported charts and the window title use it).
    name_ = new QLineEdit(this);
    name_->setAccessibleName(tr("Plan title"));
    name_->setToolTip(tr("The plan's name: the window title and exported charts show it"));
    name_->setMaxLength(200);
    form->addRow(tr("Plan title:"), name_);
    connect(name_, &QLineEdit::editingFinished, this, &PrimaryControls::editName);

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
    // What the sliders apply to: the method and the GPU (both under More settings).
    methodGpu_ = new TextLine(this);
    methodGpu_->setFont(small);
    form->addRow(QString(), methodGpu_);

    // Serving: the share of the GPU vLLM's engine may take (gpu_memory_utilization), in
    // percent; the slider steps by 5 %, the field takes any whole percent.
    Ladder percents;
    for (int pct = 5; pct <= 100; pct += 5)
        percents.push_back(pct);
    utilization_ = new SliderField(SliderField::Editor::SpinBox, percents, this);
    utilization_->setSpinRange(1, 100, tr(" %"));
    utilization_->setPageStep(2);
    utilization_->setAccessibleLabel(tr("GPU memory utilization"));
    utilization_->setToolTip(tr("vLLM's gpu_memory_utilization: the share of the GPU's memory "
                                "the engine may use for weights, activations and its KV cache"));
    form->addRow(tr("Utilization:"), utilization_);
    form->setRowVisible(utilization_, false);

    // One width for the five editors, so the sliders line up; wide enough for "1048576 tokens"
    // and "888.88B params".
    int editorWidth = params_->lineEdit()->fontMetrics().horizontalAdvance(
                          tr("%1 params").arg(QStringLiteral("888.88B"))) +
                      24;
    for (SliderField* f : {params_, precision_, microBatch_, seqLen_, gpus_, utilization_})
        editorWidth = std::max(editorWidth, f->editor()->sizeHint().width());
    for (SliderField* f : {params_, precision_, microBatch_, seqLen_, gpus_, utilization_})
        f->editor()->setFixedWidth(editorWidth);

    connect(params_, &SliderField::valueEdited, this, &PrimaryControls::editParams);
    connect(precision_, &SliderField::valueEdited, this, &PrimaryControls::editPrecision);
    connect(microBatch_, &SliderField::valueEdited, this, &PrimaryControls::editMicroBatch);
    connect(seqLen_, &SliderField::valueEdited, this, &PrimaryControls::editSeqLen);
    connect(gpus_, &SliderField::valueEdited, this, &PrimaryControls::editGpus);
    connect(utilization_, &SliderField::valueEdited, this, &PrimaryControls::editUtilization);
    for (SliderField* f : {params_, precision_, microBatch_, seqLen_, gpus_, utilization_})
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
    // The title follows the plan (undo, open) unless the user is typing in it.
    if (!(name_->hasFocus() && name_->isModified()) &&
        name_->text() != QString::fromStdString(p.name))
        name_->setText(QString::fromStdString(p.name));
    const GpuPreset* gpu = doc_->gpu();
    QString where = gpu ? QString::fromStdString(gpu->name) : tr("no GPU chosen");
    if (doc_->evaluation().has_capacity)
        where += QStringLiteral(" (%1)").arg(
            formatSize(doc_->evaluation().capacity, UnitSystem::Binary, 0));
    methodGpu_->setText(tr("%1 on %2").arg(uiLabel(p.training.method), where));

    const Method method = p.training.method;
    const bool serving = method == Method::Serving;
    const int mode = serving ? 2 : method == Method::Inference ? 1 : 0;
    if (mode != shownMode_) {
        shownMode_ = mode;
        if (serving) {
            setRowLabel(microBatch_, tr("Concurrent se&quences:"), tr("Concurrent sequences"));
            setRowLabel(seqLen_, tr("Context le&ngth:"), tr("Context length"));
            microBatch_->setToolTip(tr("vLLM's max_num_seqs: sequences the engine schedules at "
                                       "once (its sampler's peak grows with them)"));
            seqLen_->setToolTip(tr("vLLM's max_model_len: the longest request, prompt and "
                                   "output together; the KV cache must hold one of them"));
        } else if (mode == 1) {
            setRowLabel(microBatch_, tr("Batch:"), tr("Batch size"));
            setRowLabel(seqLen_, tr("Prompt length:"), tr("Prompt length"));
            microBatch_->setToolTip(tr("Sequences generated at once"));
            seqLen_->setToolTip(tr("Tokens of each prompt; the KV cache grows to prompt + new "
                                   "tokens (More settings)"));
        } else {
            setRowLabel(microBatch_, tr("&Micro-batch:"), tr("Micro-batch size"));
            setRowLabel(seqLen_, tr("&Sequence length:"), tr("Sequence length"));
            microBatch_->setToolTip(QString());
            seqLen_->setToolTip(
                tr("Tokens per sequence; the slider moves in powers of two, the field "
                   "accepts any length from 128 to 1,048,576."));
        }
        form_->setRowVisible(utilization_, serving);
    }
    // Serving shows the engine arguments as vLLM resolves them (0 = its default).
    const Evaluation& e = doc_->evaluation();
    const int64_t batch =
        serving ? (e.serving.present ? e.serving.max_num_seqs : p.training.serving.max_num_seqs)
                : p.training.micro_batch;
    const int64_t length =
        serving ? (e.serving.present ? e.serving.max_model_len : p.training.serving.max_model_len)
                : p.training.seq_len;
    microBatch_->setValue(static_cast<double>(batch));
    seqLen_->setValue(static_cast<double>(length));
    gpus_->setValue(static_cast<double>(p.parallelism.gpus));
    if (serving)
        utilization_->setValue(
            std::round(p.training.serving.gpu_memory_utilization * 100.0 * 100.0) / 100.0);
    setSuffix(microBatch_->spinBox(), batch == 1 ? tr(" sequence") : tr(" sequences"));
    setSuffix(gpus_->spinBox(), p.parallelism.gpus == 1 ? tr(" GPU") : tr(" GPUs"));
    // The model line changes only with the model: skip the formatting on other steps.
    const ModelKey key{p.model.preset, p.model.params, p.model.layers, p.model.hidden,
                       p.model.shape_derived};
    if (!(key == summaryKey_)) {
        summaryKey_ = key;
        modelSummary_->setText(modelSummary(p.model, doc_->presets()));
        modelSummary_->setDetails(
            p.model.shape_derived
                ? tr("Shape rule: %1")
                      .arg(QString::fromStdString(describeShapeRule(p.model.scaled_from)))
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
    if (p.training.method == Method::Serving) {
        p.training.serving.max_num_seqs = std::llround(value);
        doc_->edit(p, tr("Change concurrent sequences"), mergeId(EditId::ServingMaxNumSeqs));
        return;
    }
    p.training.micro_batch = std::llround(value);
    doc_->editChanged(p, tr("Change micro-batch"), mergeId(EditId::MicroBatch));
}

void PrimaryControls::editSeqLen(double value) {
    Plan p = doc_->plan();
    if (p.training.method == Method::Serving) {
        p.training.serving.max_model_len = std::llround(value);
        doc_->edit(p, tr("Change context length"), mergeId(EditId::ServingMaxModelLen));
        return;
    }
    p.training.seq_len = std::llround(value);
    doc_->editChanged(p, tr("Change sequence length"), mergeId(EditId::SeqLen));
}

void PrimaryControls::editUtilization(double percent) {
    Plan p = doc_->plan();
    p.training.serving.gpu_memory_utilization = std::clamp(percent, 1.0, 100.0) / 100.0;
    doc_->edit(p, tr("Change GPU memory utilization"), mergeId(EditId::ServingUtilization));
}

void PrimaryControls::editName() {
    const std::string name = name_->text().trimmed().toStdString();
    name_->setModified(false);
    if (name == doc_->plan().name)
        return; // leaving the field without typing never writes
    Plan p = doc_->plan();
    p.name = name;
    doc_->edit(p, tr("Rename plan"));
}

void PrimaryControls::setRowLabel(SliderField* field, const QString& text,
                                  const QString& accessible) {
    if (auto* label = qobject_cast<QLabel*>(form_->labelForField(field)))
        label->setText(text);
    field->setAccessibleLabel(accessible);
}

QString PrimaryControls::labelText(SliderField* field) const {
    const auto* label = qobject_cast<QLabel*>(form_->labelForField(field));
    return label ? label->text() : QString();
}

bool PrimaryControls::isRowShown(SliderField* field) const {
    const auto* label = form_->labelForField(field);
    return field->isVisibleTo(const_cast<PrimaryControls*>(this)) && label &&
           label->isVisibleTo(const_cast<PrimaryControls*>(this));
}

void PrimaryControls::editGpus(double value) {
    Plan p = doc_->plan();
    setGpuCount(p, std::llround(value));
    doc_->editChanged(p, tr("Change GPU count"), mergeId(EditId::Gpus));
}

} // namespace memplan::gui
