// How one GPU's total splits into the segments a chart draws: the plan's five components and
// the runtime overhead, with the KV cache, vLLM's CUDA graphs and its non-torch memory pulled
// out of the component that holds them. Each method thus shows its own parts (a KV cache is
// never hidden inside activations) while the contract's components stay as they are.
#pragma once

#include "memplan/evaluation.h"

#include <array>
#include <cstddef>
#include <string_view>

namespace memplan {

// In drawing order, bottom to top.
enum class Segment {
    Weights,
    Gradients,
    OptimizerStates,
    Activations,
    KvCache,    // inference, a policy's generation, a vLLM engine or a rollout engine
    CudaGraphs, // vLLM's CUDA-graph pool
    NonTorch,   // vLLM's non-torch increase during profiling (NCCL, cuBLAS)
    Other,
    RuntimeOverhead,
    Count
};
constexpr std::size_t kSegmentCount = static_cast<std::size_t>(Segment::Count);

// The segment a part of a component belongs to (by the model's own part labels).
Segment segmentOf(Component component, std::string_view partLabel);
// The component a segment is carved from (KV cache: activations or other, as the plan has it;
// here the first one it may come from).
Component homeComponent(Segment segment);

// Bytes per segment at the peak; they sum to Evaluation::total.
std::array<double, kSegmentCount> segmentBytes(const Evaluation& e);

} // namespace memplan
