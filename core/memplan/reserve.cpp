#include "memplan/reserve.h"

#include "memplan/recipe.h"

#include <algorithm>
#include <cmath>

namespace memplan::detail {

namespace {

// PyTorch CUDACachingAllocator.cpp: requests up to 1 MiB come from 2 MiB "small" segments
// (kSmallSize, kSmallBuffer); 1-10 MiB requests share 20 MiB segments (kLargeBuffer,
// kMinLargeAlloc); larger requests get a segment rounded up to 2 MiB (kRoundLarge).
constexpr double kMiB = 1024.0 * 1024.0;
constexpr double kSmallSize = 1 * kMiB;
constexpr double kMinLargeAlloc = 10 * kMiB;
constexpr double kLargeBuffer = 20 * kMiB;
constexpr double kRoundLarge = 2 * kMiB;

double partBytes(const Moment& m, std::string_view label) {
    double b = 0;
    for (const auto& c : m.resident)
        for (std::size_t i = 0; i < c.part_count; ++i)
            if (c.parts[i].label == label)
                b += c.parts[i].bytes;
    return b;
}

} // namespace

double roundingWaste(double bytes) {
    if (bytes <= kSmallSize)
        return 0; // 512-byte rounding inside 2 MiB segments: negligible
    if (bytes <= kMinLargeAlloc) {
        const double perSegment = std::floor(kLargeBuffer / bytes);
        return (kLargeBuffer - perSegment * bytes) / perSegment;
    }
    return std::ceil(bytes / kRoundLarge) * kRoundLarge - bytes;
}

double AllocatorCache::reserve(double peakAllocated) const {
    return std::max({rounding + shapes, loadPeak - peakAllocated, lossChain - peakAllocated});
}

AllocatorCache allocatorCache(const Plan& plan, const Evaluation& ev) {
    AllocatorCache out;
    if (ev.moment_count == 0)
        return out;
    const ModelSpec& m = plan.model;
    const TrainingSpec& tr = plan.training;
    const ParallelSpec& par = plan.parallelism;
    const DtypeTable table = effectiveTable(tr);
    const auto width = [&](TensorClass c) {
        return bytesPerElement(table[static_cast<std::size_t>(c)]);
    };
    const double t = static_cast<double>(par.tp);
    const double layers = std::ceil(static_cast<double>(m.layers) / static_cast<double>(par.pp));
    const double h = static_cast<double>(m.hidden);
    const double q = static_cast<double>(m.heads * m.head_dim) / t;
    const double kv = static_cast<double>(m.kv_heads * m.head_dim) / t;
    const double f = static_cast<double>(m.ffn) / t;
    const double E = static_cast<double>(m.experts);
    const double mlpMats = m.mlp == MlpKind::Gated ? 3 : 2;
    const bool quantBase = tr.method == Method::Qlora || isQuantizedRecipe(tr.precision);

    // --- Block rounding of every per-matrix tensor. Sharded states are flat buffers (FSDP
    // FlatParameter, DeepSpeed partitions): one allocation each, rounding negligible.
    // Widths of the tensors each layer matrix has: its weight, and under unsharded full
    // training its gradient, master copy and optimizer states.
    double widths[5] = {};
    std::size_t nw = 0;
    if (!quantBase && par.sharding != Sharding::Zero3)
        widths[nw++] = width(TensorClass::Weights);
    const bool fullTraining =
        tr.method == Method::Full || tr.method == Method::Galore || tr.method == Method::Freeze;
    if (fullTraining && par.sharding == Sharding::None && par.offload == Offload::None) {
        widths[nw++] = width(TensorClass::Gradients);
        widths[nw++] = width(TensorClass::MasterWeights);
        const int states =
            tr.optimizer == Optimizer::AdamW                                            ? 2
            : tr.optimizer == Optimizer::SgdMomentum || tr.optimizer == Optimizer::Lion ? 1
                                                                                        : 0;
        for (int i = 0; i < states; ++i)
            widths[nw++] = width(TensorClass::OptimizerStates);
    }
    auto matrices = [&](double w) {
        if (w <= 0)
            return 0.0;
        return roundingWaste(q * h * w) + 2 * roundingWaste(kv * h * w) + roundingWaste(h * q * w) +
               mlpMats * E * roundingWaste(f * h * w);
    };
    double perLayer = 0;
    for (std::size_t i = 0; i < nw; ++i)
        perLayer += matrices(widths[i]);
    // Saved activations: most tensors are (tokens x hidden) in the activation dtype.
    const Moment& fwd = ev.moments[0];
    const double kept = partBytes(fwd, "saved layer activations");
    const double tokens = static_cast<double>(tr.micro_batch) * static_cast<double>(tr.seq_len);
    const double actTensor = tokens * h * std::max(2.0, width(TensorClass::Activations));
    out.rounding = perLayer * layers;
    if (kept > 0 && actTensor > 0) // `kept` already covers every storing layer
        out.rounding += std::floor(kept / actTensor) * roundingWaste(actTensor);

    // --- Transients of other batch shapes. The logits-sized buffers of one shape are cached
    // when freed; a batch of another length cannot reuse them whole, so with k distinct shapes
    // about (1 - 1/k) of the largest transient stays reserved on top of the peak.
    // Transients: blocks a moment allocates and frees again (logits copies, gradients of the
    // logits, the recomputed layer, optimizer temporaries, the dequantized weight).
    auto transientAt = [&](const Moment& mo) {
        return partBytes(mo, "fp32 logits / loss chunk") + partBytes(mo, "gradient of the logits") +
               partBytes(mo, "recomputed layer") + partBytes(mo, "optimizer temporaries") +
               partBytes(mo, "dequantized 4-bit weight");
    };
    double transient = 0;
    for (std::size_t i = 0; i < ev.moment_count; ++i)
        transient = std::max(transient, transientAt(ev.moments[i]));
    // A larger transient of an earlier moment stays cached at the peak: the segments it was
    // served from are not returned, and the peak's own transients reuse only their size of it.
    double earlier = 0;
    for (std::size_t i = 0; i < ev.peak_moment && i < ev.moment_count; ++i)
        earlier = std::max(earlier, transientAt(ev.moments[i]));
    const double atPeak =
        ev.peak_moment < ev.moment_count ? transientAt(ev.moments[ev.peak_moment]) : 0;
    // Transients of other batch shapes: the logits-sized buffers of one shape are cached when
    // freed; a batch of another length cannot reuse them whole, so with k distinct shapes
    // about (1 - 1/k) of the largest transient stays reserved on top of the peak.
    const double k = static_cast<double>(std::max<int64_t>(1, tr.distinct_shapes));
    out.shapes = std::max(0.0, earlier - atPeak) + transient * (1.0 - 1.0 / k);

    // --- The loss chain's segments. The 16-bit logits get a segment of their own in the loss
    // forward; the fp32 copy, the log-softmax and, in the backward, the gradient of the
    // log-softmax and of the fp32 logits are each twice its size, so none of them fits in it
    // when it is freed (the caching allocator serves a request from one free block). It stays
    // reserved, unused, while the backward's fp32 gradients are live: reserved at the start
    // of the backward = what is allocated there + the 16-bit logits' segment.
    for (std::size_t i = 0; i < ev.moment_count; ++i) {
        const Moment& mo = ev.moments[i];
        const double gradLogits = partBytes(mo, "gradient of the logits");
        if (gradLogits <= 0 || tr.loss != Loss::Standard)
            continue;
        const double w = std::max(1.0, width(TensorClass::Activations));
        if (w >= 4)
            continue; // fp32 logits: no smaller segment left behind
        const double logits16 = tokens * static_cast<double>(m.vocab) / t * w;
        out.lossChain = std::max(out.lossChain, mo.allocated() + logits16);
    }

    // --- Loading a quantized base on the GPU: each 16-bit weight is copied to the device and
    // quantized there (transformers + bitsandbytes Params4bit.cuda()); the largest 16-bit
    // matrix and its quantized output were reserved at once next to what was already loaded.
    if (quantBase) {
        const double largest16 = std::max(q * h, f * h) * 2;
        out.loadPeak = ev.per_gpu[static_cast<std::size_t>(Component::Weights)].bytes + largest16;
    }
    return out;
}

} // namespace memplan::detail
