// Undo merge ids: consecutive edits by the same control merge into one undo step
// (one slider drag, one run of spin-box arrows). One id per control, in one place.
#pragma once

namespace memplan::gui {

enum class EditId : int {
    None = -1,
    Params = 1,
    Precision,
    MicroBatch,
    SeqLen,
    Gpus,
    // Advanced controls
    ModelPreset,
    ModelShape,
    Method,
    LoraRank,
    LoraTargets,
    LoraDropout,
    TrainableFraction,
    GaloreRank,
    NewTokens,
    Optimizer,
    Checkpointing,
    Attention,
    Loss,
    Accounting,
    OptimizerInBackward,
    ActivationOffload,
    GradAccum,
    Sharding,
    ShardingFactor,
    TensorParallel,
    PipelineParallel,
    SequenceParallel,
    Offload,
    Gpu,
    GpuMemory,
    RuntimeOverhead,
    Suggestion,
    Framework,
    // Serving (method "serving")
    ServingUtilization,
    ServingMaxNumSeqs,
    ServingMaxModelLen,
    ServingKvDtype,
    ServingBatchedTokens,
    ServingBlockSize,
    ServingEnforceEager,
    // Vision-language models and expert parallelism
    VisionImages,
    VisionTrainable,
    ExpertParallel,
    ServingAll2AllBackend,
};

constexpr int mergeId(EditId id) {
    return static_cast<int>(id);
}

} // namespace memplan::gui
