// The memory model: per-GPU memory of a plan, moment by moment through one step.
#pragma once

#include "memplan/evaluation.h"
#include "memplan/plan.h"
#include "memplan/presets.h"

namespace memplan {

// Evaluates a complete plan (shape filled in, see plan_json.h / resolvePlan).
// gpu may be null: capacity then comes from hardware.memory_gib, or is absent.
// Never throws; refuses (ok = false) rather than overflow.
Evaluation evaluate(const Plan& plan, const GpuPreset* gpu);

// Convenience: looks the GPU up in the library.
Evaluation evaluate(const Plan& plan, const PresetLibrary& presets);

} // namespace memplan
