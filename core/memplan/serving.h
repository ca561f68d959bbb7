// Serving capacity: the memory budget of a vLLM engine, computed step by step the way
// vLLM computes it at start-up (docs/memory-model.md "Serving"). Internal to the model.
#pragma once

#include "memplan/evaluation.h"
#include "memplan/plan.h"
#include "memplan/presets.h"

namespace memplan::detail {

// The engine arguments after vLLM's defaults are applied (GPU-dependent ones need the
// capacity and the GPU's name).
ServingSpec resolveServing(const Plan& plan, const GpuPreset* gpu, double capacityBytes);

// KV-cache bytes of one token in every layer on one GPU (K and V, or MLA's latent).
double kvBytesPerToken(const ModelSpec& m, int64_t tp, double elementBytes);

// KV blocks one sequence of `len` tokens needs (summed over the KV cache groups), and the
// number of groups; page = bytes of one block in one layer.
struct KvLayout {
    double fullLayers = 0, slidingLayers = 0;
    double stateLayers = 0;  // a hybrid model's linear-attention layers (one state per sequence)
    double window = 0;       // sliding-window tokens
    double pagePerLayer = 0; // bytes of one block in one layer
    double groupSize = 0;    // layers per KV cache group
    double fullGroups = 0, slidingGroups = 0, stateGroups = 0;
    double blocksFor(double len, double blockSize, double batchedTokens) const;
};
KvLayout kvLayout(const ModelSpec& m, int64_t tp, double elementBytes, double blockSize);

// A hybrid model's linear-attention state of one sequence in one layer as vLLM keeps it
// (MambaSpec page), and the attention block size vLLM raises to hold one such page.
double servingStatePage(const ModelSpec& m, int64_t tp, double modelDtypeBytes);
double hybridAttentionBlockSize(double statePage, double attentionBytesPerToken);

// Bytes per logit (rows x vocabulary) at the peak of the profile run's sampler: the logits in
// the model dtype, their fp32 copy and the top-k/top-p sort's buffers (serving.cpp).
double samplerBytesPerLogit(double modelDtypeBytes, int64_t vocab);

// The whole budget of one engine. capacityBytes = 0: unknown (figures without a budget).
ServingFigures servingBudget(const Plan& plan, const ServingSpec& spec, double capacityBytes,
                             Evaluation& notes);

// Evaluates a method=serving plan into `ev` (moments and per-GPU parts; the caller adds
// the runtime overhead and the capacity check).
void servingMoments(const Plan& plan, const GpuPreset* gpu, double capacityBytes, Evaluation& ev);

} // namespace memplan::detail
