#include "document/plandocument.h"

#include "document/atomicwrite.h"

#include "memplan/errors.h"
#include "memplan/hf_import.h"
#include "memplan/model.h"
#include "memplan/model_json.h"
#include "memplan/plan_edit.h"
#include "memplan/plan_json.h"

#include <QFile>
#include <QUndoCommand>
#include <QUndoStack>

namespace memplan::gui {

class PlanEditCommand : public QUndoCommand {
public:
    // The serialisations are optional (empty = not computed): they save work when known.
    PlanEditCommand(PlanDocument* doc, Plan before, std::string beforeJson, Plan after,
                    std::string afterJson, const QString& text, int mergeId, int group)
        : QUndoCommand(text)
        , doc_(doc)
        , before_(std::move(before))
        , after_(std::move(after))
        , beforeJson_(std::move(beforeJson))
        , afterJson_(std::move(afterJson))
        , mergeId_(mergeId)
        , group_(group) {}

    void undo() override { doc_->apply(before_, beforeJson_); }
    void redo() override { doc_->apply(after_, afterJson_); }
    int id() const override { return mergeId_; }
    bool mergeWith(const QUndoCommand* other) override {
        const auto* o = static_cast<const PlanEditCommand*>(other);
        if (o->mergeId_ != mergeId_ || mergeId_ < 0 || o->group_ != group_)
            return false;
        after_ = o->after_;
        afterJson_ = o->afterJson_;
        return true;
    }

private:
    PlanDocument* doc_;
    Plan before_, after_;
    std::string beforeJson_, afterJson_;
    int mergeId_;
    int group_; // PlanDocument::editGroup_ when pushed
};

PlanDocument::PlanDocument(const PresetLibrary& presets, QObject* parent)
    : QObject(parent)
    , presets_(presets)
    , undo_(new QUndoStack(this)) {
    const Plan initial = defaultPlan(presets_);
    apply(initial, std::string());
    connect(undo_, &QUndoStack::cleanChanged, this,
            [this](bool clean) { emit modifiedChanged(!clean); });
}

PlanDocument::~PlanDocument() = default;

const GpuPreset* PlanDocument::gpu() const {
    return plan_.hardware.gpu.empty() ? nullptr : presets_.findGpu(plan_.hardware.gpu);
}

const std::string& PlanDocument::currentJson() const {
    if (json_.empty())
        json_ = serializePlan(plan_);
    return json_;
}

void PlanDocument::apply(const Plan& plan, std::string json) {
    plan_ = plan;
    json_ = std::move(json);
    evaluation_ = evaluate(plan_, gpu());
    try {
        validateModelShape(plan_.model, std::string(), "model");
        validatePlan(plan_, std::string());
        problem_.clear();
    } catch (const InputError& e) {
        problem_ = QString::fromStdString(e.keyPath().empty() ? e.problem()
                                                              : e.keyPath() + ": " + e.problem());
    }
    emit planChanged();
}

void PlanDocument::edit(const Plan& plan, const QString& undoText, int mergeId) {
    std::string json = serializePlan(plan);
    if (json == currentJson())
        return;
    undo_->push(new PlanEditCommand(this, plan_, json_, plan, std::move(json), undoText, mergeId,
                                    editGroup_));
}

void PlanDocument::editChanged(const Plan& plan, const QString& undoText, int mergeId) {
    undo_->push(new PlanEditCommand(this, plan_, json_, plan, std::string(), undoText, mergeId,
                                    editGroup_));
}

void PlanDocument::reset(const Plan& plan, const QString& filePath) {
    undo_->clear();
    apply(plan, std::string());
    emit planReplaced();
    undo_->setClean();
    if (filePath != filePath_) {
        filePath_ = filePath;
        emit filePathChanged();
    }
    emit modifiedChanged(false);
}

bool PlanDocument::isModified() const {
    return !undo_->isClean();
}

void PlanDocument::markModified() {
    undo_->resetClean();
    emit modifiedChanged(true);
}

bool PlanDocument::open(const QString& path, QString* error, bool* imported) {
    try {
        const OpenedPlan opened = openPlanOrHfConfig(path.toStdString(), presets_, plan_);
        if (imported)
            *imported = opened.imported;
        if (opened.imported) {
            reset(opened.plan); // untitled: Save never writes over the config.json
            markModified();
        } else {
            reset(opened.plan, path);
        }
        return true;
    } catch (const InputError& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
}

void PlanDocument::importModel(const ModelSpec& model) {
    reset(planForModel(model, plan_));
    markModified();
}

bool PlanDocument::save(const QString& path, QString* error) {
    // The core writer replaces the file atomically: a failed save leaves it byte-identical.
    const QString problem = writeAtomically(path, QByteArray::fromStdString(serializePlan(plan_)));
    if (!problem.isEmpty()) {
        if (error)
            *error = tr("%1: could not save: %2").arg(path, problem);
        return false;
    }
    undo_->setClean();
    if (path != filePath_) {
        filePath_ = path;
        emit filePathChanged();
    }
    return true;
}

Plan PlanDocument::defaultPlan(const PresetLibrary& presets) {
    // A job that fits, so that the first picture is a normal one (issue 13): a LoRA fine-tune
    // of Llama 3.1 8B on one 24 GB card, with activation recomputation as fine-tuning recipes
    // run it (transformers TrainingArguments.gradient_checkpointing).
    Plan p;
    p.name = "New plan";
    if (const auto* m = presets.findModel("llama-3.1-8b"))
        applyModelPreset(p, *m);
    p.training.method = Method::Lora;
    p.training.precision = Recipe::Bf16Mixed;
    p.training.micro_batch = 1;
    p.training.seq_len = 2048;
    p.training.checkpointing = Checkpointing::Full;
    p.hardware.gpu = presets.findGpu("rtx-4090") ? "rtx-4090" : "";
    return p;
}

} // namespace memplan::gui
