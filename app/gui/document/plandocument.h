// The open plan: the single source of truth the window's widgets read and edit.
// Holds the plan, its evaluation, the undo stack, the file it came from and whether it has
// unsaved changes. Widgets never evaluate the model themselves.
#pragma once

#include "memplan/evaluation.h"
#include "memplan/plan.h"
#include "memplan/presets.h"

#include <QObject>
#include <QString>

#include <string>

class QUndoStack;

namespace memplan::gui {

class PlanDocument : public QObject {
    Q_OBJECT
public:
    explicit PlanDocument(const PresetLibrary& presets, QObject* parent = nullptr);
    ~PlanDocument() override;

    const Plan& plan() const { return plan_; }
    const Evaluation& evaluation() const { return evaluation_; }
    const PresetLibrary& presets() const { return presets_; }
    const GpuPreset* gpu() const; // the plan's GPU preset, or nullptr
    // Why the plan would be refused on load (cross-field rules such as tp x pp dividing the
    // GPU count), as "key.path: problem"; empty when it is valid.
    const QString& problem() const { return problem_; }

    // Replaces the plan through the undo stack ("Change micro-batch" etc.). Consecutive edits
    // with the same mergeId (e.g. one slider drag) merge into one undo step. No-op when equal.
    void edit(const Plan& plan, const QString& undoText, int mergeId = -1);
    // The same for a caller that knows the plan differs (a slider moved off the value it was
    // showing): skips the comparison, which costs a serialisation, on the slider-drag path.
    void editChanged(const Plan& plan, const QString& undoText, int mergeId = -1);
    // Ends the current run of merging edits: the next edit is its own undo step even with the
    // same mergeId (one drag = one step, two drags = two; called when a drag or a typed edit ends).
    void endEditGroup() { ++editGroup_; }
    // Replaces the plan without undo history (new/open); clears the stack.
    void reset(const Plan& plan, const QString& filePath = {});

    QUndoStack* undoStack() const { return undo_; }

    QString filePath() const { return filePath_; }
    bool isModified() const;
    // Marks the plan as differing from its file (e.g. restored from an autosave).
    void markModified();

    // Open/save; on failure return false and set *error to a message naming file and key.
    // A Hugging Face config.json opens as a new, untitled and modified plan for its model that
    // keeps the current plan's other settings (*imported = true); saving it asks for a name.
    bool open(const QString& path, QString* error, bool* imported = nullptr);
    bool save(const QString& path, QString* error);
    // A model from elsewhere (File > From Hugging Face…): a new, untitled and modified plan
    // for it that keeps the current plan's other settings, as opening a config.json does.
    void importModel(const ModelSpec& model);

    // Default plan for a new document (Llama 3.1 8B, LoRA, one RTX 4090: a plan that fits).
    static Plan defaultPlan(const PresetLibrary& presets);

signals:
    void planChanged();  // after every change of plan() (evaluation already updated)
    void planReplaced(); // after reset() (new / open): a different plan, not an edit
    void filePathChanged();
    void modifiedChanged(bool modified);

private:
    friend class PlanEditCommand;
    // Sets plan, evaluates, emits. `json` is its serialisation, or empty when not known.
    void apply(const Plan& plan, std::string json);
    const std::string& currentJson() const; // serializePlan(plan_), computed when first needed

    const PresetLibrary& presets_;
    Plan plan_;
    Evaluation evaluation_;
    QUndoStack* undo_;
    QString filePath_;
    QString problem_;
    int editGroup_ = 0;        // edits merge only within one group
    mutable std::string json_; // serializePlan(plan_) once known; empty = not computed yet
};

} // namespace memplan::gui
