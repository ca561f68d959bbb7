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
};

// Largest micro_batch / seq_len (up to the limits in plan_limits.h) or the smallest GPU count
// that fits; memory is monotonic in each, so this is a bisection.
SolveResult solve(const Plan& plan, const GpuPreset* gpu, SolveVariable variable);

} // namespace memplan
