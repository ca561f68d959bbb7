// The "CPU trace" group of the validation suite: plans whose step was traced on the CPU by
// tests/groundtruth/measure.py --device cpu (PyTorch's own allocations, rounded to 512-byte
// blocks as the CUDA caching allocator rounds; not a GPU reading). Every traced plan is compared
// on peak_allocated and on each moment the planner names. Pure C++ on memplan_core; no Qt.
#pragma once

#include "memplan/plan.h"
#include "memplan/presets.h"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace memplan::validation {

// Acceptance limits for the traced plans (issue 11): median |error| of peak_allocated, and the
// |error| of any single plan unless an explanation names it.
inline constexpr double kTraceMedianLimit = 0.03;
inline constexpr double kTraceWorstLimit = 0.10;

struct TraceMoment {
    std::string label;
    double measured = 0; // bytes
};

struct TraceCase {
    std::string id;       // the plan file's name without .memplan.json
    std::string planFile; // as the results file names it
    Plan plan;
    double peak = 0; // measured peak_allocated, bytes
    std::vector<TraceMoment> moments;
};

struct TraceSkip {
    std::string id;
    std::string reason;
};

// A gap the model leaves on purpose, by mechanism, and the plans it explains.
struct TraceExplanation {
    std::string mechanism;
    std::vector<std::string> plans;
};

struct TraceSet {
    std::string torch;   // version that made the traces
    std::string machine; // CPU model and platform
    std::vector<TraceCase> cases;
    std::vector<TraceSkip> skipped;
    std::vector<TraceExplanation> explained;
    // known-gaps.txt: plans off by more than the limit that no mechanism explains yet (id, what
    // is seen); reported, and expected to fail in tst_validation
    std::vector<TraceSkip> knownGaps;
};

// Reads RESULTS (measure.py --out list) and the plans beside it (plans/NAME); explanations from
// explained.json in the same directory when present. Throws InputError naming file and key.
TraceSet loadTraces(const std::filesystem::path& resultsFile, const PresetLibrary& presets);

struct TraceMomentResult {
    std::string label;
    double measured = 0;
    double predicted = 0;
    double error = 0; // signed relative
};

struct TraceResult {
    const TraceCase* c = nullptr;
    bool ok = false;
    std::string failure;
    double predicted = 0;
    double error = 0; // signed relative, peak_allocated
    std::string predictedPeakMoment;
    std::vector<TraceMomentResult> moments; // the labels both sides have
    const TraceExplanation* explanation = nullptr;
    const TraceSkip* knownGap = nullptr;
};

std::vector<TraceResult> evaluateTraces(const TraceSet& set, const PresetLibrary& presets);

struct TraceSummary {
    std::size_t count = 0;
    double medianAbs = 0;
    double worstAbs = 0;
    std::string worstId;
    double worstUnexplainedAbs = 0;
    std::string worstUnexplainedId;
    std::size_t within3 = 0, within10 = 0;
};
TraceSummary summarizeTraces(const std::vector<TraceResult>& results);

// Empty when the limits hold (known gaps are not counted as failures; they are listed).
std::vector<std::string> traceAcceptanceFailures(const std::vector<TraceResult>& results);

// The docs/accuracy.md section.
std::string renderTraceMarkdown(const TraceSet& set, const std::vector<TraceResult>& results,
                                const std::string& resultsLabel);

} // namespace memplan::validation
