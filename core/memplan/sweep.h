// Sweeps: total per-GPU memory of each scenario against one variable (micro-batch, sequence
// length, parameter count, GPU count; for a vLLM serving plan the engine arguments
// max_model_len, max_num_seqs and gpu_memory_utilization), and the first value that does not
// fit. A serving sweep can also follow what the KV cache holds (tokens, concurrent requests).
// The Sweep view, `memplan --export-*` and `memplan-cli sweep` all run this.
#pragma once

#include "memplan/evaluation.h"
#include "memplan/plan.h"
#include "memplan/presets.h"

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace memplan {

enum class SweepVariable {
    MicroBatch,
    SeqLen,
    Params,
    Gpus,
    // Serving (method "serving"): vLLM's engine arguments
    MaxModelLen,
    MaxNumSeqs,
    GpuMemoryUtilization
};

// Which plans a variable applies to.
enum class SweepApplies { Training, Serving, Any };

struct SweepVariableInfo {
    SweepVariable variable;
    std::string_view key;   // plan-file spelling: "micro_batch", "seq_len", "params", "gpus"
    std::string_view label; // English axis title with its unit; the window translates it
    SweepApplies applies;
};
std::span<const SweepVariableInfo> sweepVariables();
// A serving plan sweeps the engine arguments, parameters and GPUs; the other plans the
// micro-batch, the sequence length, parameters and GPUs.
bool sweepVariableApplies(SweepVariable v, const Plan& plan);
std::optional<SweepVariable> sweepVariableFromKey(std::string_view key);
std::string_view sweepVariableKey(SweepVariable v);
std::string_view sweepVariableLabel(SweepVariable v);
// Displayed x of a value: parameters in billions, the rest as they are.
double sweepDisplayValue(SweepVariable v, double value);
// English, no digit grouping: "12", "4096", "13.50 B".
std::string formatSweepValue(SweepVariable v, double value);

// What a sweep follows on its y axis: the total per GPU (every plan), or for a serving plan
// the tokens the KV cache holds or the concurrent requests of max_model_len tokens.
enum class SweepMeasure { TotalPerGpu, KvCacheTokens, MaxConcurrentSequences };
struct SweepMeasureInfo {
    SweepMeasure measure;
    std::string_view key;   // "total", "kv_cache_tokens", "max_concurrent_sequences"
    std::string_view label; // English axis title with its unit; the window translates it
    bool servingOnly;
};
std::span<const SweepMeasureInfo> sweepMeasures();
std::optional<SweepMeasure> sweepMeasureFromKey(std::string_view key);
std::string_view sweepMeasureKey(SweepMeasure m);
std::string_view sweepMeasureLabel(SweepMeasure m);
bool sweepMeasureApplies(SweepMeasure m, const Plan& plan);
// Concurrent requests for a serving plan, the total per GPU for the others.
SweepMeasure defaultSweepMeasure(const Plan& plan);

struct SweepRange {
    SweepVariable variable = SweepVariable::MicroBatch;
    double from = 0; // inclusive, in the variable's own unit (parameters, not billions)
    double to = 0;
    SweepMeasure measure = SweepMeasure::TotalPerGpu;
};

// A range around the plan's current value (e.g. micro-batch 1 .. 32).
SweepRange defaultSweepRange(SweepVariable v, const Plan& plan);
double currentSweepValue(SweepVariable v, const Plan& plan);
// The same with what the plan's evaluation resolved (vLLM's default max_num_seqs, 0 in the plan).
double currentSweepValue(SweepVariable v, const Plan& plan, const Evaluation& e);
// "micro_batch", "micro_batch:1:64": the range (measured by defaultSweepMeasure), or nullopt
// with *error set (also when the variable does not apply to the plan).
std::optional<SweepRange> parseSweepSpec(std::string_view spec, const Plan& plan,
                                         std::string* error);
// The plan with the variable set (the GPU count keeps the sharding group consistent, a
// parameter count re-derives the shape).
void applySweepValue(Plan& plan, SweepVariable v, double value);
// The values a sweep evaluates (at most ~64; GPU counts are multiples of tp x pp).
std::vector<double> sweepGrid(const SweepRange& range, const Plan& plan);

struct SweepPoint {
    double value = 0;
    bool ok = true; // false: the model refused the plan (arithmetic out of range)
    std::array<double, kComponentCount> bytes{};
    double peakAllocated = 0;
    double total = 0;
    bool fits = true;
    // Serving plans: what the engine's KV cache holds at this value (0 when it is unknown).
    double kvCacheTokens = 0;
    double maxConcurrentSequences = 0;
};
// The point's value of a measure (bytes, tokens or requests).
double sweepMeasureValue(const SweepPoint& p, SweepMeasure m);

struct SweepLine {
    std::string name;
    Plan plan;                      // the scenario's plan before the variable is set
    std::vector<SweepPoint> points; // ascending values
    int firstNoFit = -1;            // index into points, -1 when every value fits
    bool hasCapacity = false;
    double capacity = 0;
};

struct SweepResult {
    SweepRange range;
    std::vector<SweepLine> lines;
    std::optional<double> planValue; // the current plan's own value, marked on the chart
};

struct SweepInput {
    std::string name;
    Plan plan;
};

// One line per input; planValue is the first input's own value. The first value that does not
// fit is found exactly (bisection between the grid values around it) and inserted into the
// line, walking in the direction in which memory grows (towards fewer GPUs for the GPU count).
SweepResult runSweep(const std::vector<SweepInput>& inputs, const SweepRange& range,
                     const PresetLibrary& presets);

} // namespace memplan
