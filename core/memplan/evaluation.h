// What the memory model returns: plain, allocation-free structs so that one evaluation
// stays well under a microsecond (the window re-evaluates on every slider step).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "memplan/workload_result.h"

namespace memplan {

// Per-GPU components in chart order. The first five sum to peak_allocated.
enum class Component {
    Weights,
    Gradients,
    OptimizerStates,
    Activations,
    Other,
    RuntimeOverhead,
    Count
};
constexpr std::size_t kComponentCount = static_cast<std::size_t>(Component::Count);
constexpr std::size_t kAllocatedComponentCount = 5; // Weights .. Other

// One named contribution inside a component ("master weights (fp32)" inside optimizer states).
// Labels are string literals owned by the model, so copying a breakdown never allocates.
struct Part {
    std::string_view label;
    double bytes = 0;
};

struct ComponentBreakdown {
    static constexpr std::size_t kMaxParts = 8;
    double bytes = 0;
    std::array<Part, kMaxParts> parts{};
    std::size_t part_count = 0;

    void add(std::string_view label, double b) {
        if (b <= 0)
            return;
        bytes += b;
        if (part_count < kMaxParts)
            parts[part_count++] = {label, b};
        else
            parts[kMaxParts - 1].bytes += b; // fold overflow into the last part
    }
};

// Rollout: an online method generates completions; Scoring: frozen models (reference,
// reward, critic) run forward over them; Serving: a vLLM engine with its KV cache allocated.
enum class Phase {
    Forward,
    Loss,
    Backward,
    OptimizerStep,
    Prefill,
    Decode,
    Rollout,
    Scoring,
    Serving
};

// Memory resident at one moment of a step (a training step, or a generation).
struct Moment {
    std::string_view label;
    Phase phase = Phase::Forward;
    std::array<ComponentBreakdown, kAllocatedComponentCount> resident{};
    double allocated() const {
        double sum = 0;
        for (const auto& c : resident)
            sum += c.bytes;
        return sum;
    }
};

// Notes the model attaches to a result; text in notes.cpp (one table, translatable).
enum class Note : uint32_t {
    Int8FullFrozenBase,      // full training with an int8/int4 recipe: base treated as frozen
    ShapeParamsMismatch,     // given params differ from the shape's count
    TextbookIgnoresParallel, // textbook accounting ignores TP/PP and offload
    SequenceExceedsModel,    // seq_len + new_tokens > model.max_position
    OffloadNeedsSharding,    // parameter offload only exists with ZeRO-3
    DdpGradientBuckets,      // DDP keeps a second copy of gradients in its buckets
    SelectiveNoEffectWithFlash,
    ServingNoCapacity,        // serving without a GPU capacity: no KV budget
    ServingOneSequenceTooBig, // the KV cache cannot hold one max_model_len sequence
    RolloutTooSmall,          // the rollout engine holds fewer than num_generations sequences
    TextbookNoMethodRule,     // textbook accounting has no rule for the method (GaLore)
    Count
};
constexpr std::size_t kNoteCount = static_cast<std::size_t>(Note::Count);

// fits: even the band's high end fits; fits-unless: the expected total fits but the high end
// does not; does-not-fit: the expected total exceeds the capacity.
enum class Verdict { Fits, FitsUnless, DoesNotFit };

struct Evaluation {
    // Refused plans (arithmetic would exceed what a byte count can hold) set ok = false.
    bool ok = true;
    std::string_view refusal;

    std::array<ComponentBreakdown, kComponentCount> per_gpu{}; // resident at the peak
    double peak_allocated = 0;   // bytes, what torch.cuda.max_memory_allocated() reports
    double runtime_overhead = 0; // CUDA context + libraries + allocator reserve
    double total = 0;            // peak_allocated + runtime_overhead (what nvidia-smi shows)
    double peak_reserved = 0;    // what torch.cuda.max_memory_reserved() would show
    double total_low = 0;        // the band around total (band.h): low <= total <= high
    double total_high = 0;
    double paged_states = 0; // bitsandbytes paged optimizer states (managed memory)

    // Device memory by who allocates it, and which statistic sees it.
    struct MemoryPart {
        std::string_view label;
        double bytes = 0;
        bool allocated = false; // torch.cuda.max_memory_allocated()
        bool reserved = false;  // torch.cuda.max_memory_reserved()
        bool nvidiaSmi = false; // nvidia-smi / NVML "used"
    };
    static constexpr std::size_t kMaxMemoryParts = 8;
    std::array<MemoryPart, kMaxMemoryParts> memory_parts{};
    std::size_t memory_part_count = 0;
    void addMemoryPart(const MemoryPart& p) {
        if (p.bytes > 0 && memory_part_count < kMaxMemoryParts)
            memory_parts[memory_part_count++] = p;
    }

    bool has_capacity = false;
    double capacity = 0; // bytes
    bool fits = true;
    double headroom = 0; // capacity - total (negative when it does not fit)

    double host = 0; // CPU memory for offloaded states, bytes
    double params_total = 0;
    double params_trainable = 0;

    static constexpr std::size_t kMaxMoments = 10; // a step has 5; GRPO/PPO add their phases
    std::array<Moment, kMaxMoments> moments{};
    std::size_t moment_count = 0;
    std::size_t peak_moment = 0;

    ServingFigures serving; // method=serving
    ModelFigures multi;     // method=dpo|ppo|grpo: one share per model

    uint32_t notes = 0; // bit set of Note
    void note(Note n) { notes |= 1u << static_cast<uint32_t>(n); }
    bool has(Note n) const { return (notes >> static_cast<uint32_t>(n)) & 1u; }

    double bytes(Component c) const { return per_gpu[static_cast<std::size_t>(c)].bytes; }
};

inline Verdict verdictOf(const Evaluation& e) {
    if (!e.fits)
        return Verdict::DoesNotFit;
    return e.has_capacity && e.total_high > e.capacity ? Verdict::FitsUnless : Verdict::Fits;
}

} // namespace memplan
