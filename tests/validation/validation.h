// The validation suite: published memory figures (tests/data/reference/cases.json), each with
// the plan that encodes its configuration, evaluated with the memory model and compared on the
// metric its source used. Shared by memplan-validate (table, docs/accuracy.md) and
// tst_validation (the acceptance limits). Pure C++ on memplan_core; no Qt.
#pragma once

#include "memplan/evaluation.h"
#include "memplan/plan.h"
#include "memplan/presets.h"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace memplan::validation {

// What the source reported, and so what the prediction is compared with.
enum class Metric {
    Allocated,        // torch.cuda.max_memory_allocated -> peak_allocated
    Reserved,         // torch.cuda.max_memory_reserved -> peak_allocated x (1 + allocator reserve)
    NvidiaSmi,        // device memory used (nvidia-smi / NVML) -> total
    ModelStates,      // weights + gradients + optimizer states at the peak
    Weights,          // weights only
    Unknown,          // the source did not say: compared with peak_allocated
    LayerActivations, // activations saved by one transformer layer (end of the forward pass)
};

// Acceptance limits (the wording): the median |error| over the measured cases, and
// the |error| of any single measured case graded exactly "A".
inline constexpr double kMedianLimit = 0.10;
inline constexpr double kAGradeLimit = 0.25;
// Per framework (training.framework of the case's plan): the median |error| over a framework's
// measured cases, enforced once it has kFrameworkMinCases of them.
inline constexpr double kFrameworkMedianLimit = 0.10;
inline constexpr std::size_t kFrameworkMinCases = 3;

struct Case {
    std::string id;
    std::string source;      // full citation
    std::string sourceShort; // for tables
    std::string kind;        // "measured" | "analytic"
    std::string reliability; // "A" | "A-" | "B" | "C"
    std::string group;
    std::string metricKey; // as written in the file
    Metric metric = Metric::Unknown;
    std::string published;           // the figure as the source prints it
    double measured = 0;             // bytes
    std::optional<double> tolerance; // relative; analytic cases
    std::string notes;
    std::string toleranceReason;
    Plan plan;

    bool isMeasured() const { return kind == "measured"; }
};

// Free text the accuracy page carries from the cases file.
struct KnownGap {
    std::string title;
    std::string detail;
    std::vector<std::string> cases; // ids it explains
};
struct NotEncoded {
    std::string id;
    std::string reason;
};

struct CaseFile {
    std::string description;
    std::vector<Case> cases;
    std::vector<KnownGap> knownMissing;
    std::vector<NotEncoded> notEncoded;
};

// Reads and validates the cases file; every plan is parsed with the presets. Throws
// memplan::InputError naming the file and the key path (cases[i].plan.training...).
CaseFile loadCases(const std::filesystem::path& file, const PresetLibrary& presets);

struct Result {
    const Case* c = nullptr;
    bool ok = false;
    std::string failure;  // why no prediction (refused plan, missing part)
    double predicted = 0; // bytes, on the case's metric
    double error = 0;     // signed relative error (predicted - measured) / measured
    double params = 0;    // total parameters of the plan
    // The simple rules, for comparison: training 24 bytes (6 x fp32 weights) and 16 bytes per
    // parameter; inference the weights at the recipe's width for both.
    // The band scaled onto the case's metric (predicted x total_low/total, x total_high/total).
    double bandLow = 0, bandHigh = 0;
    bool inBand() const;
    // The same case under the plain pytorch profile (what memplan predicted before profiles).
    double errorPytorchProfile = 0;
    double rule6x = 0;
    double rule16 = 0;
    double rule6xError = 0;
    double rule16Error = 0;

    bool withinTolerance() const; // analytic: |error| <= tolerance; measured A: <= kAGradeLimit
};

Result evaluateCase(const Case& c, const PresetLibrary& presets);
std::vector<Result> evaluateAll(const CaseFile& file, const PresetLibrary& presets);

double median(std::vector<double> values); // 0 for an empty list

struct GroupStats {
    std::string group;
    std::string kind; // "measured", "analytic" or "mixed"
    std::size_t count = 0;
    double medianAbs = 0; // of memplan's |error|
    double worstAbs = 0;
    std::string worstId;
    double worstSigned = 0;
};
std::vector<GroupStats> groupStats(const std::vector<Result>& results); // in file order

struct FrameworkStats {
    std::string framework;
    std::size_t count = 0;       // measured cases
    double medianAbs = 0;        // with the case's own profile
    double medianAbsPytorch = 0; // the same cases under the pytorch profile
    std::size_t inBand = 0;      // measured values inside the band
    // Cases whose source states its metric: the ones the per-framework limit applies to.
    std::size_t knownMetricCount = 0;
    double medianAbsKnownMetric = 0;
};
std::vector<FrameworkStats> frameworkStats(const std::vector<Result>& results);

struct RuleStats {
    std::string name;
    double medianAbs = 0;
    double worstAbs = 0;
    std::string worstId;
    std::size_t within25 = 0;
    std::size_t count = 0;
};
// memplan, the 6x rule and 16 bytes per parameter over the measured cases.
std::vector<RuleStats> ruleStats(const std::vector<Result>& results);

// The acceptance limits; an empty list means the suite passes.
std::vector<std::string> acceptanceFailures(const std::vector<Result>& results);
double measuredMedianAbsError(const std::vector<Result>& results);

// Plain-text table for a terminal (GiB and GB).
std::string formatTable(const std::vector<Result>& results);
// docs/accuracy.md. `casesLabel` is how the page names the cases file.
std::string renderMarkdown(const CaseFile& file, const std::vector<Result>& results,
                           const std::string& casesLabel);

} // namespace memplan::validation
