// The second group of controls: model preset and architecture, method and its fields,
// optimizer, recomputation, attention, loss, accounting, sharding and parallelism, offload,
// GPU model and runtime overhead. Every edit goes through PlanDocument::edit().
#pragma once

#include "document/editids.h"

#include "memplan/plan.h"

#include <QGroupBox>
#include <QWidget>

#include <array>
#include <functional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QSpinBox;

namespace memplan::gui {

class PlanDocument;

class AdvancedControls : public QWidget {
    Q_OBJECT
public:
    explicit AdvancedControls(PlanDocument* document, QWidget* parent = nullptr);

    QComboBox* modelPreset() const { return preset_; }
    QLabel* shapeRule() const { return shapeRule_; }
    QSpinBox* layers() const { return layers_; }
    QSpinBox* images() const { return images_; }
    QCheckBox* visionTrains() const { return visionTrains_; }
    QSpinBox* expertParallel() const { return ep_; }
    QComboBox* all2allBackend() const { return all2all_; }
    QSpinBox* hidden() const { return hidden_; }
    QSpinBox* ffn() const { return ffn_; }
    QSpinBox* heads() const { return heads_; }
    QSpinBox* kvHeads() const { return kvHeads_; }
    QSpinBox* headDim() const { return headDim_; }
    QSpinBox* vocab() const { return vocab_; }
    QComboBox* method() const { return method_; }
    QComboBox* framework() const { return framework_; }
    QSpinBox* loraRank() const { return loraRank_; }
    QComboBox* optimizer() const { return optimizer_; }
    QComboBox* checkpointing() const { return checkpointing_; }
    QComboBox* sharding() const { return sharding_; }
    QSpinBox* tensorParallel() const { return tp_; }
    QComboBox* gpu() const { return gpu_; }
    QDoubleSpinBox* runtimeOverhead() const { return overhead_; }
    QComboBox* kvCacheDtype() const { return kvDtype_; }
    QSpinBox* batchedTokens() const { return batchedTokens_; }
    QComboBox* optimizerCombo() const { return optimizer_; }
    QComboBox* lossCombo() const { return loss_; }
    QComboBox* accounting() const { return accounting_; }
    QSpinBox* gradAccum() const { return gradAccum_; }
    QWidget* trainingSection() const { return trainingBox_; }
    // Whether a control's row is shown for the current method (each method shows its own).
    bool isRowShown(QWidget* field) const;

protected:
    void showEvent(QShowEvent* event) override;

private:
    QWidget* buildModelSection();
    QWidget* buildMethodSection();
    QWidget* buildTrainingSection();
    QWidget* buildParallelSection();
    QWidget* buildHardwareSection();
    void syncFromPlan();
    void edit(EditId id, const QString& text, const std::function<void(Plan&)>& change);
    QSpinBox* shapeSpin(int minimum, int maximum, int64_t ModelSpec::*field, const QString& undo);

    PlanDocument* doc_;
    bool stale_ = false; // hidden while the plan changed: synchronise when shown

    QComboBox* preset_ = nullptr;
    QLabel* shapeRule_ = nullptr;
    QSpinBox *layers_ = nullptr, *hidden_ = nullptr, *ffn_ = nullptr, *heads_ = nullptr,
             *kvHeads_ = nullptr, *headDim_ = nullptr, *vocab_ = nullptr, *experts_ = nullptr,
             *expertsPerToken_ = nullptr;
    QComboBox* mlp_ = nullptr;
    QCheckBox *tied_ = nullptr, *lmHead_ = nullptr;
    QFormLayout* modelForm_ = nullptr;
    QSpinBox* images_ = nullptr;        // a vision-language model's images per sequence
    QCheckBox* visionTrains_ = nullptr; // its vision tower trains

    QFormLayout* methodForm_ = nullptr;
    QComboBox* method_ = nullptr;
    QSpinBox* loraRank_ = nullptr;
    QWidget* loraTargetsBox_ = nullptr;
    std::array<QCheckBox*, 7> loraTargets_{};
    QDoubleSpinBox* loraDropout_ = nullptr;
    QSpinBox* trainablePercent_ = nullptr;
    QSpinBox* galoreRank_ = nullptr;
    QSpinBox* newTokens_ = nullptr;
    // Serving (vLLM engine arguments)
    QComboBox* kvDtype_ = nullptr;
    QComboBox* all2all_ = nullptr; // serving with experts: vLLM's --all2all-backend
    QSpinBox *batchedTokens_ = nullptr, *blockSize_ = nullptr;
    QCheckBox* enforceEager_ = nullptr;

    QGroupBox* trainingBox_ = nullptr;
    QFormLayout* trainingForm_ = nullptr;
    QFormLayout* parallelForm_ = nullptr;

    QComboBox* framework_ = nullptr;
    QComboBox *optimizer_ = nullptr, *checkpointing_ = nullptr, *attention_ = nullptr,
              *loss_ = nullptr, *accounting_ = nullptr;
    QSpinBox* gradAccum_ = nullptr;
    QCheckBox *optimizerInBackward_ = nullptr, *activationOffload_ = nullptr;

    QComboBox* sharding_ = nullptr;
    QSpinBox *shardingFactor_ = nullptr, *tp_ = nullptr, *pp_ = nullptr, *ep_ = nullptr;
    QCheckBox* sequenceParallel_ = nullptr;
    QComboBox* offload_ = nullptr;

    QComboBox* gpu_ = nullptr;
    QDoubleSpinBox* memory_ = nullptr;
    QDoubleSpinBox* overhead_ = nullptr;
};

} // namespace memplan::gui
