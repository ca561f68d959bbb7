#include "memplan/segments.h"

namespace memplan {

namespace {
constexpr Segment kHome[] = {Segment::Weights,     Segment::Gradients, Segment::OptimizerStates,
                             Segment::Activations, Segment::Other,     Segment::RuntimeOverhead};
static_assert(std::size(kHome) == kComponentCount);
} // namespace

Segment segmentOf(Component component, std::string_view label) {
    // The labels are the model's (model.cpp "KV cache", post_training.cpp "generation KV
    // cache" and "rollout engine KV cache", serving.cpp "KV cache", "CUDA graphs" and
    // "non-torch memory (profiling increase)"; model.cpp's "cross-attention KV cache" holds
    // the image tokens of Llama 3.2 Vision's cross-attention layers).
    // A hybrid model's linear-attention state is the cache those layers keep instead.
    if (label.ends_with("KV cache") || label == "linear-attention state")
        return Segment::KvCache;
    if (component == Component::Other && label == "CUDA graphs")
        return Segment::CudaGraphs;
    if (component == Component::Other && label.starts_with("non-torch memory"))
        return Segment::NonTorch;
    const auto c = static_cast<std::size_t>(component);
    return c < kComponentCount ? kHome[c] : Segment::Other;
}

Component homeComponent(Segment segment) {
    switch (segment) {
    case Segment::Weights:
        return Component::Weights;
    case Segment::Gradients:
        return Component::Gradients;
    case Segment::OptimizerStates:
        return Component::OptimizerStates;
    case Segment::Activations:
    case Segment::KvCache:
        return Component::Activations;
    case Segment::CudaGraphs:
    case Segment::NonTorch:
    case Segment::Other:
    case Segment::Count:
        return Component::Other;
    case Segment::RuntimeOverhead:
        return Component::RuntimeOverhead;
    }
    return Component::Other;
}

std::array<double, kSegmentCount> segmentBytes(const Evaluation& e) {
    std::array<double, kSegmentCount> out{};
    if (!e.ok)
        return out;
    for (std::size_t c = 0; c < kComponentCount; ++c) {
        const ComponentBreakdown& b = e.per_gpu[c];
        const auto component = static_cast<Component>(c);
        double carved = 0;
        for (std::size_t i = 0; i < b.part_count; ++i) {
            const Segment s = segmentOf(component, b.parts[i].label);
            if (s != kHome[c]) {
                out[static_cast<std::size_t>(s)] += b.parts[i].bytes;
                carved += b.parts[i].bytes;
            }
        }
        out[static_cast<std::size_t>(kHome[c])] += b.bytes - carved;
    }
    return out;
}

} // namespace memplan
