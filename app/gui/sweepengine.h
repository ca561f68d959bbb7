// Sweeps: total per-GPU memory of each scenario against one variable (micro-batch, sequence
// length, parameter count, GPU count), and the first value that does not fit. Pure functions
// over memplan::evaluate; the Sweep view and the headless export draw the result.
#pragma once

#include "scenariomodel.h"

#include "memplan/evaluation.h"
#include "memplan/plan.h"
#include "memplan/presets.h"

#include <QString>

#include <array>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace memplan::gui {

enum class SweepVariable { MicroBatch, SeqLen, Params, Gpus };

struct SweepVariableInfo {
    SweepVariable variable;
    std::string_view key; // plan-file spelling: "micro_batch", "seq_len", "params", "gpus"
};
std::span<const SweepVariableInfo> sweepVariables();
std::optional<SweepVariable> sweepVariableFromKey(std::string_view key);
std::string_view sweepVariableKey(SweepVariable v);
// Axis title with its unit: "Micro-batch (sequences per GPU)", "Parameters (billions)".
QString sweepVariableLabel(SweepVariable v);
// Displayed x of a value: parameters in billions, the rest as they are.
double sweepDisplayValue(SweepVariable v, double value);
// "12", "4,096", "13.5 B"
QString formatSweepValue(SweepVariable v, double value);

struct SweepRange {
    SweepVariable variable = SweepVariable::MicroBatch;
    double from = 0; // inclusive, in the variable's own unit (parameters, not billions)
    double to = 0;
};

// A range around the plan's current value (e.g. micro-batch 1 .. 32).
SweepRange defaultSweepRange(SweepVariable v, const Plan& plan);
double currentSweepValue(SweepVariable v, const Plan& plan);
// The plan with the variable set (GPU count keeps the sharding group consistent, a parameter
// count re-derives the shape).
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
};

struct SweepLine {
    QString name;
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

// One line per scenario; planValue is the first scenario's own value. The first value that does not
// fit is found exactly (bisection between the grid values around it) and inserted into the line,
// walking in the direction in which memory grows (towards fewer GPUs for the GPU count).
SweepResult runSweep(const std::vector<Scenario>& scenarios, const SweepRange& range,
                     const PresetLibrary& presets);

} // namespace memplan::gui
