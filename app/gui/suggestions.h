// "What would make it fit": alternatives to a plan that does not fit, each evaluated with the
// memory model and kept only when it actually fits. Pure logic over the core (solver.h).
#pragma once

#include "memplan/plan.h"
#include "memplan/presets.h"

#include <QString>

#include <optional>
#include <vector>

namespace memplan::gui {

struct Suggestion {
    enum class Kind { MicroBatch, Checkpointing, Sharding, Gpus, Combined };
    Kind kind;
    QString text;    // "Micro-batch 2 (the largest that fits)"
    Plan plan;       // the plan with the change applied
    double headroom; // bytes left on the GPU with the change
};

// Up to one suggestion per kind, in the order above; empty when the plan fits or no capacity
// is known. When no single change fits, one combination is offered (full recomputation,
// ZeRO-3 over the data-parallel GPUs, then the largest micro-batch or the fewest GPUs).
std::vector<Suggestion> suggestFixes(const Plan& plan, const GpuPreset* gpu);

// The largest micro-batch that fits (solver), or nullopt.
std::optional<int64_t> largestMicroBatch(const Plan& plan, const GpuPreset* gpu);

} // namespace memplan::gui
