// The five primary controls: parameter count, precision recipe, micro-batch, sequence length
// and GPU count, each a slider with a linked field. Edits go through PlanDocument::edit().
#pragma once

#include <QGroupBox>

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

private:
    void syncFromPlan();
    void editParams(double count);
    void editPrecision(double index);
    void editMicroBatch(double value);
    void editSeqLen(double value);
    void editGpus(double value);

    PlanDocument* doc_;
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
};

} // namespace memplan::gui
