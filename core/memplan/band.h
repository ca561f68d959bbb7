// The low / expected / high band around the per-GPU total. Each part of the total is given
// the relative uncertainty of the mechanism that produces it, taken from the validation
// suite's errors for that mechanism (docs/accuracy.md "The band"); the band is the total
// minus and plus the sum of those uncertainties. Linear sums, not root-sum-square: the parts'
// errors are correlated (one wrong shape moves activations and transients together).
#pragma once

#include "memplan/evaluation.h"

namespace memplan {

struct BandFractions {
    double weights = 0.02;     // weights-only cases within 0.1%; bf16/fp32 buffers, tied heads
    double gradients = 0.03;   // ZeRO model-state cases within 2.3%
    double optimizer = 0.03;   // ZeRO model-state cases within 2.3%; 8-bit block constants
    double activations = 0.20; // measured training cases: activation-dominated errors to ~20%
    double other = 0.30;       // loss, optimizer and communication transients
    double context = 0.35;     // CUDA context: 1343 MiB on a V100; 500-900 MiB on newer stacks
    double reserve = 0.50;     // caching-allocator cache: depends on allocation order
    double outside = 0.50;     // NCCL buffers: channel count depends on the topology
};

inline constexpr BandFractions kBand{};

// Fills ev.total_low and ev.total_high from the per_gpu breakdown (ev.total must be set).
// `reserve`, `outside` are the runtime-overhead parts of those kinds, `context` the CUDA context.
void computeBand(Evaluation& ev, double context, double reserve, double outside);

} // namespace memplan
