// Answers "what would make it fit": the largest micro-batch or sequence length and the
// fewest GPUs that still fit the GPU's capacity.
#pragma once

#include "memplan/plan.h"
#include "memplan/presets.h"

#include <cstdint>
#include <optional>

namespace memplan {

enum class SolveVariable { MicroBatch, SeqLen, Gpus };

struct SolveResult {
    SolveVariable variable;
    std::optional<int64_t> value; // nullopt: nothing in range fits (or no capacity known)
    // True when `value` is the largest value a plan accepts and it still fits: the real
    // answer is "at least value".
    bool atLeast = false;
    int64_t limit = 0; // the end of the range searched
};

// Largest micro_batch / seq_len or the smallest GPU count that fits, searched over the whole
// range a plan accepts (kPlanMax* in plan.h); memory is monotonic in each, so this is a
// bisection.
SolveResult solve(const Plan& plan, const GpuPreset* gpu, SolveVariable variable);

} // namespace memplan
