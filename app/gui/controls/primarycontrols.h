// The primary controls: parameter count, precision recipe, micro-batch, sequence length and
// GPU count, each a slider with a linked field. Edits go through PlanDocument::edit().
// Each method shows its own: inference names the batch and the prompt; serving turns the
// batch and length sliders into vLLM's concurrent sequences (max_num_seqs) and context length
// (max_model_len), and adds the engine's share of the GPU (gpu_memory_utilization).
#pragma once

#include <QGroupBox>

class QFormLayout;
class QLabel;
class QLineEdit;

#include <cstdint>
#include <optional>
#include <string>

namespace memplan::gui {

class PlanDocument;
class SliderField;
class TextLine;

class PrimaryControls : public QGroupBox {
    Q_OBJECT
public:
    explicit PrimaryControls(PlanDocument* document, QWidget* parent = nullptr);

    SliderField* params() const { return params_; }
    SliderField* precision() const { return precision_; }
    SliderField* microBatch() const { return microBatch_; }
    SliderField* seqLen() const { return seqLen_; }
    SliderField* gpus() const { return gpus_; }
    SliderField* utilization() const { return utilization_; } // serving only
    QLineEdit* planName() const { return name_; }             // the plan's title
    TextLine* methodAndGpu() const { return methodGpu_; }     // "LoRA · NVIDIA ... (24 GiB)"
    TextLine* modelLine() const {
        return modelSummary_;
    } // "Llama 3.1 8B: 8,030,261,248 parameters"
    // The form label of a primary field ("&Micro-batch:", "Concurrent se&quences:").
    QString labelText(SliderField* field) const;
    // Whether a field's row is shown for the current method.
    bool isRowShown(SliderField* field) const;

private:
    void syncFromPlan();
    void editParams(double count);
    void editPrecision(double index);
    void editMicroBatch(double value);
    void editSeqLen(double value);
    void editGpus(double value);
    void editUtilization(double percent);
    void editName();
    void setRowLabel(SliderField* field, const QString& text, const QString& accessible);

    PlanDocument* doc_;
    QLineEdit* name_;
    TextLine* methodGpu_;
    SliderField* params_;
    TextLine* modelSummary_;
    struct ModelKey {
        std::string preset;
        std::optional<double> params;
        int64_t layers = -1, hidden = -1;
        bool derived = false;
        bool operator==(const ModelKey&) const = default;
    } summaryKey_;
    SliderField* precision_;
    SliderField* microBatch_;
    SliderField* seqLen_;
    SliderField* gpus_;
    SliderField* utilization_;
    QFormLayout* form_;
    int shownMode_ = -1; // the method group the labels were last set for
};

} // namespace memplan::gui
