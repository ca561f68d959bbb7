// Weights, gradients and optimizer states of one pipeline stage on one GPU.
// Internal to the model; see docs/memory-model.md "Model states".
#pragma once

#include "memplan/evaluation.h"
#include "memplan/framework.h"
#include "memplan/param_count.h"
#include "memplan/plan.h"

namespace memplan::detail {

// What one GPU of one pipeline stage holds.
struct StageSlice {
    double layers = 0;      // transformer layers in the stage
    bool embedding = false; // the first stage holds the embedding
    bool head = false;      // the last stage holds the final norm and lm_head (and the loss)
    double inFlight = 1;    // micro-batches whose activations are alive at once (1F1B)
    double layersBelow = 0; // layers of the model held by earlier pipeline stages
    // Fraction of the model's routed expert matrices this GPU holds; 0 = experts / ep of them,
    // each split by tp (training). A vLLM engine sets its own (serving.cpp).
    double expertShare = 0;
};

struct ModelStates {
    ComponentBreakdown weights, gradients, optimizer;
    double optimizerTemporaries = 0; // transient during the optimizer step
    double gatherBuffers = 0;        // ZeRO-3/FSDP gathered units (forward and backward)
    double gradReduceBuffers = 0;    // DDP bucket copy / ZeRO-2 reduce bucket (backward, step)
    double unshardedLayerGrad = 0;   // ZeRO-3: one unit's full gradients before reduce-scatter
    double castCopies = 0;           // autocast 16-bit weight copies saved for backward
    double castCopiesForward = 0;    // the copies alive at the end of the forward pass
    double castCopyLayer = 0;        // one layer's copies, made again when it is recomputed
    double headCastCopy = 0;         // the same for the output head (made in the loss forward)
    double headMatrix = 0;           // elements of the output head's vocab x hidden matrix
    double headGradient = 0;         // its gradient as this GPU keeps it (after ZeRO-2/3)
    double tiedEmbeddingGrad = 0;    // a tied embedding's gradients beyond the one kept, summing
    double tiedEmbeddingTensor = 0;  // one vocab x hidden gradient of the tied embedding
    double rootGathered = 0;         // FSDP2: the root unit kept gathered through the step
    double dequantTransient = 0;     // 4-bit base: one weight dequantized to the compute dtype
    double dequantCastCopy = 0;      // ... and its bf16 cast when it was quantized from fp16
    double pagedStates = 0;          // bitsandbytes paged optimizer states (managed memory)
    double expertWeights = 0;        // of weights: the routed experts this GPU holds
    double host = 0;                 // bytes moved to CPU memory
    double trainable = 0;            // trainable parameters (whole model)
    double frozenLayers = 0;         // freeze: this stage's layers below the trainable ones
    bool anyTrainable = true;
};

// The vision tower of a vision-language model trains (vision.trainable under full, galore or
// dpo/ppo/grpo training); otherwise it is frozen.
bool visionTrains(const ModelSpec& m, const TrainingSpec& tr);

// Trainable parameters of the whole model (all stages, before any parallelism).
double trainableParameters(const Plan& plan, const ParamCounts& counts, double paramScale);

// The LoRA adapters on the routed experts of the whole model (0 without experts or with
// lora.experts off).
double routedExpertAdapters(const Plan& plan);

// Method freeze: how many whole layers train, counted from the top (at least one).
double freezeTrainedLayers(int64_t layers, double trainableFraction);

ModelStates modelStates(const Plan& plan, const ParamCounts& counts, double paramScale,
                        const StageSlice& stage, const ResolvedProfile& profile, Evaluation& notes);

// Bytes per parameter of a quantized base weight, quantization constants included.
double quantizedBytesPerParam(Dtype d, double hidden, const QuantizationSpec& q);

} // namespace memplan::detail
