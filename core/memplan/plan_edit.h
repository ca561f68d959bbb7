// Edits of a plan that several front ends make (a slider, a scenario column, a sweep point, a
// suggestion), each defined once so that every front end follows the same rule.
#pragma once

#include "memplan/plan.h"
#include "memplan/presets.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace memplan {

// The model's total parameters: the given count, or the shape's exact count.
double modelParamCount(const ModelSpec& model);
// Sets model.params and switches to the shape derived from it (param_count.h's rule).
void setParamCount(Plan& plan, double count);
// Replaces the model with a bundled preset's shape (its own parameter count).
void applyModelPreset(Plan& plan, const ModelPreset& preset);
// Marks the shape as edited by hand: no preset, no separate count.
void markShapeCustom(Plan& plan);

// The sharding fallback when the GPU count (or tp x pp) changes: a group that spanned every
// data-parallel GPU keeps spanning them (0), and one that no longer divides the new
// data-parallel degree goes back to all of them (0). Otherwise the factor is kept.
int64_t shardingFactorAfterChange(int64_t factor, int64_t oldDataParallel, int64_t newDataParallel);
// Sets the GPU count (at least 1) with the fallback above. A serving plan's expert parallelism
// (ep > 1) follows the GPU count: vLLM spreads the experts over all of them.
void setGpuCount(Plan& plan, int64_t gpus);
// Sets tensor parallelism and the GPU count together, with the fallbacks above.
void setTensorParallel(Plan& plan, int64_t tp, int64_t gpus);
// gpus / (tp x pp), at least 1.
int64_t dataParallelDegree(const ParallelSpec& p);

// "7B", "1.5T", "350M", "7e9", "6,738,415,616", "7 billion", "7B params" -> a whole count;
// nullopt when the text is not a count of at least 1.
std::optional<double> parseParamCount(std::string_view text);
// Compact form that parseParamCount reads back: "6.74B", "350M", "1.5T".
std::string formatParamCount(double count);

} // namespace memplan
