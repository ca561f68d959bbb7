#include "memplan/sweep.h"

#include "memplan/model.h"
#include "memplan/plan_edit.h"
#include "memplan/plan_limits.h"

#include <charconv>
#include <cstdio>

#include <algorithm>
#include <cmath>
#include <set>

namespace memplan {

namespace {

constexpr SweepVariableInfo kVariables[] = {
    {SweepVariable::MicroBatch, "micro_batch", "Micro-batch (sequences per GPU)",
     SweepApplies::Training},
    {SweepVariable::SeqLen, "seq_len", "Sequence length (tokens)", SweepApplies::Training},
    {SweepVariable::Params, "params", "Parameters (billions)", SweepApplies::Any},
    {SweepVariable::Gpus, "gpus", "GPUs", SweepApplies::Any},
    {SweepVariable::MaxModelLen, "max_model_len", "Context length, max_model_len (tokens)",
     SweepApplies::Serving},
    {SweepVariable::MaxNumSeqs, "max_num_seqs", "Concurrent sequences, max_num_seqs",
     SweepApplies::Serving},
    {SweepVariable::GpuMemoryUtilization, "gpu_memory_utilization",
     "GPU memory utilization (share of the GPU)", SweepApplies::Serving},
};

constexpr SweepMeasureInfo kMeasures[] = {
    {SweepMeasure::TotalPerGpu, "total", "Total per GPU", false},
    {SweepMeasure::KvCacheTokens, "kv_cache_tokens", "KV cache (tokens)", true},
    {SweepMeasure::MaxConcurrentSequences, "max_concurrent_sequences",
     "Concurrent requests at max_model_len", true},
};

bool isServing(const Plan& p) {
    return p.training.method == Method::Serving;
}

constexpr int kGridPoints = 48;

int64_t modelParallel(const Plan& p) {
    return std::max<int64_t>(1, p.parallelism.tp * p.parallelism.pp);
}

bool isInteger(SweepVariable v) {
    return v != SweepVariable::Params && v != SweepVariable::GpuMemoryUtilization;
}

// The gap at which the search for the first value that does not fit stops.
double searchTolerance(SweepVariable v, double at) {
    if (v == SweepVariable::GpuMemoryUtilization)
        return 0.001;
    return std::max(1e6, at * 1e-3); // parameters
}

SweepPoint evaluatePoint(const Plan& base, SweepVariable v, double value, const GpuPreset* gpu) {
    Plan plan = base;
    applySweepValue(plan, v, value);
    const Evaluation e = evaluate(plan, gpu);
    SweepPoint p;
    p.value = value;
    p.ok = e.ok;
    for (std::size_t i = 0; i < kComponentCount; ++i)
        p.bytes[i] = e.per_gpu[i].bytes;
    p.peakAllocated = e.peak_allocated;
    p.total = e.total;
    p.fits = !e.ok ? false : (!e.has_capacity || e.fits);
    if (e.ok && e.serving.present && e.serving.budget_known) {
        p.kvCacheTokens = e.serving.kv_cache_tokens;
        p.maxConcurrentSequences = e.serving.max_concurrent_sequences;
    }
    return p;
}

// Memory grows with the value for every variable but the GPU count and the engine's share of
// the GPU (a larger share leaves more for the KV cache, so a plan fits from some share on).
bool growsWithValue(SweepVariable v) {
    return v != SweepVariable::Gpus && v != SweepVariable::GpuMemoryUtilization;
}

} // namespace

std::span<const SweepVariableInfo> sweepVariables() {
    return kVariables;
}

bool sweepVariableApplies(SweepVariable v, const Plan& plan) {
    switch (kVariables[static_cast<std::size_t>(v)].applies) {
    case SweepApplies::Training:
        return !isServing(plan);
    case SweepApplies::Serving:
        return isServing(plan);
    case SweepApplies::Any:
        return true;
    }
    return false;
}

std::span<const SweepMeasureInfo> sweepMeasures() {
    return kMeasures;
}

std::optional<SweepMeasure> sweepMeasureFromKey(std::string_view key) {
    for (const auto& m : kMeasures)
        if (m.key == key)
            return m.measure;
    return std::nullopt;
}

std::string_view sweepMeasureKey(SweepMeasure m) {
    return kMeasures[static_cast<std::size_t>(m)].key;
}

std::string_view sweepMeasureLabel(SweepMeasure m) {
    return kMeasures[static_cast<std::size_t>(m)].label;
}

bool sweepMeasureApplies(SweepMeasure m, const Plan& plan) {
    return !kMeasures[static_cast<std::size_t>(m)].servingOnly || isServing(plan);
}

SweepMeasure defaultSweepMeasure(const Plan& plan) {
    return isServing(plan) ? SweepMeasure::MaxConcurrentSequences : SweepMeasure::TotalPerGpu;
}

double sweepMeasureValue(const SweepPoint& p, SweepMeasure m) {
    switch (m) {
    case SweepMeasure::TotalPerGpu:
        return p.total;
    case SweepMeasure::KvCacheTokens:
        return p.kvCacheTokens;
    case SweepMeasure::MaxConcurrentSequences:
        return p.maxConcurrentSequences;
    }
    return 0;
}

std::optional<SweepVariable> sweepVariableFromKey(std::string_view key) {
    for (const auto& v : kVariables)
        if (v.key == key)
            return v.variable;
    if (key == "micro-batch" || key == "batch")
        return SweepVariable::MicroBatch;
    if (key == "seq-len" || key == "sequence")
        return SweepVariable::SeqLen;
    if (key == "context" || key == "context_length")
        return SweepVariable::MaxModelLen;
    if (key == "concurrency")
        return SweepVariable::MaxNumSeqs;
    if (key == "utilization")
        return SweepVariable::GpuMemoryUtilization;
    return std::nullopt;
}

std::string_view sweepVariableKey(SweepVariable v) {
    return kVariables[static_cast<std::size_t>(v)].key;
}

std::string_view sweepVariableLabel(SweepVariable v) {
    return kVariables[static_cast<std::size_t>(v)].label;
}

double sweepDisplayValue(SweepVariable v, double value) {
    return v == SweepVariable::Params ? value / 1e9 : value;
}

std::string formatSweepValue(SweepVariable v, double value) {
    char buf[64];
    if (v == SweepVariable::Params)
        std::snprintf(buf, sizeof buf, "%.*f B", value < 1e10 ? 2 : 1, value / 1e9);
    else if (v == SweepVariable::GpuMemoryUtilization)
        std::snprintf(buf, sizeof buf, "%.3f", value);
    else
        std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(std::llround(value)));
    return buf;
}

double currentSweepValue(SweepVariable v, const Plan& plan) {
    switch (v) {
    case SweepVariable::MicroBatch:
        return static_cast<double>(plan.training.micro_batch);
    case SweepVariable::SeqLen:
        return static_cast<double>(plan.training.seq_len);
    case SweepVariable::Params:
        return modelParamCount(plan.model);
    case SweepVariable::Gpus:
        return static_cast<double>(plan.parallelism.gpus);
    case SweepVariable::MaxModelLen:
        // 0 takes the model's max_position (vLLM's ModelConfig)
        return static_cast<double>(plan.training.serving.max_model_len > 0
                                       ? plan.training.serving.max_model_len
                                       : plan.model.max_position);
    case SweepVariable::MaxNumSeqs:
        // 0 takes vLLM's default for the GPU, known once evaluated (runSweep reads it there)
        return static_cast<double>(plan.training.serving.max_num_seqs);
    case SweepVariable::GpuMemoryUtilization:
        return plan.training.serving.gpu_memory_utilization;
    }
    return 0;
}

double currentSweepValue(SweepVariable v, const Plan& plan, const Evaluation& e) {
    if (v == SweepVariable::MaxNumSeqs && e.serving.present)
        return static_cast<double>(e.serving.max_num_seqs);
    if (v == SweepVariable::MaxModelLen && e.serving.present)
        return static_cast<double>(e.serving.max_model_len);
    return currentSweepValue(v, plan);
}

SweepRange defaultSweepRange(SweepVariable v, const Plan& plan) {
    const double cur = currentSweepValue(v, plan);
    SweepRange r;
    r.variable = v;
    switch (v) {
    case SweepVariable::MicroBatch:
        r.from = 1;
        r.to = std::clamp(2 * cur, 32.0, 1024.0);
        break;
    case SweepVariable::SeqLen:
        r.from = 256;
        r.to = std::clamp(std::max(2 * cur, static_cast<double>(plan.model.max_position)), 1024.0,
                          1048576.0);
        break;
    case SweepVariable::Params:
        r.from = std::max(1e8, cur / 8);
        r.to = std::max(2e9, cur * 4);
        break;
    case SweepVariable::Gpus: {
        const auto mp = static_cast<double>(modelParallel(plan));
        r.from = mp;
        r.to = std::max(64.0, 2 * cur);
        r.to = std::ceil(r.to / mp) * mp;
        break;
    }
    case SweepVariable::MaxModelLen:
        r.from = 1024;
        r.to = std::clamp(static_cast<double>(plan.model.max_position), 2048.0, 1048576.0);
        break;
    case SweepVariable::MaxNumSeqs:
        r.from = 1;
        r.to = std::clamp(2 * cur, 1024.0, static_cast<double>(limits::kMaxMicroBatch));
        break;
    case SweepVariable::GpuMemoryUtilization:
        r.from = 0.5;
        r.to = 0.98;
        break;
    }
    r.measure = defaultSweepMeasure(plan);
    return r;
}

void applySweepValue(Plan& plan, SweepVariable v, double value) {
    switch (v) {
    case SweepVariable::MicroBatch:
        plan.training.micro_batch = std::max<int64_t>(1, std::llround(value));
        break;
    case SweepVariable::SeqLen:
        plan.training.seq_len = std::max<int64_t>(1, std::llround(value));
        break;
    case SweepVariable::Params:
        setParamCount(plan, value);
        break;
    case SweepVariable::Gpus:
        setGpuCount(plan, std::max<int64_t>(1, std::llround(value)));
        break;
    case SweepVariable::MaxModelLen:
        plan.training.serving.max_model_len = std::max<int64_t>(1, std::llround(value));
        break;
    case SweepVariable::MaxNumSeqs:
        plan.training.serving.max_num_seqs = std::max<int64_t>(1, std::llround(value));
        break;
    case SweepVariable::GpuMemoryUtilization:
        plan.training.serving.gpu_memory_utilization = std::clamp(value, 0.01, 1.0);
        break;
    }
}

std::vector<double> sweepGrid(const SweepRange& range, const Plan& plan) {
    double from = std::min(range.from, range.to), to = std::max(range.from, range.to);
    std::vector<double> out;
    switch (range.variable) {
    case SweepVariable::MicroBatch:
    case SweepVariable::SeqLen:
    case SweepVariable::MaxModelLen:
    case SweepVariable::MaxNumSeqs: {
        from = std::max(1.0, std::round(from));
        to = std::max(from, std::round(to));
        const double span = to - from;
        const int n = static_cast<int>(std::min<double>(span, kGridPoints));
        // Sequence lengths on multiples of 64 between the ends (kernels like them).
        const bool tokens =
            range.variable == SweepVariable::SeqLen || range.variable == SweepVariable::MaxModelLen;
        const double quantum = tokens && span >= 64.0 * kGridPoints ? 64.0 : 1.0;
        std::set<double> values{from, to};
        for (int i = 1; i < n; ++i)
            values.insert(std::round((from + span * i / n) / quantum) * quantum);
        out.assign(values.begin(), values.end());
        break;
    }
    case SweepVariable::Params:
    case SweepVariable::GpuMemoryUtilization: {
        const bool share = range.variable == SweepVariable::GpuMemoryUtilization;
        from = share ? std::clamp(from, 0.01, 1.0) : std::max(1e6, from);
        to = share ? std::clamp(to, from, 1.0) : std::max(from, to);
        for (int i = 0; i <= kGridPoints; ++i)
            out.push_back(from + (to - from) * i / kGridPoints);
        out.erase(std::unique(out.begin(), out.end()), out.end());
        break;
    }
    case SweepVariable::Gpus: {
        const auto mp = static_cast<double>(modelParallel(plan));
        const double lo = std::max(1.0, std::ceil(from / mp)),
                     hi = std::max(lo, std::floor(to / mp));
        const double span = hi - lo;
        const int n = static_cast<int>(std::min<double>(span, 64));
        std::set<double> values{lo * mp, hi * mp};
        for (int i = 1; i < n; ++i)
            values.insert(std::round(lo + span * i / n) * mp);
        out.assign(values.begin(), values.end());
        break;
    }
    }
    return out;
}

namespace {
std::optional<double> parseNumber(std::string_view s) {
    double v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v))
        return std::nullopt;
    return v;
}
} // namespace

std::optional<SweepRange> parseSweepSpec(std::string_view spec, const Plan& plan,
                                         std::string* error) {
    auto fail = [&](const std::string& problem) -> std::optional<SweepRange> {
        if (error)
            *error = problem;
        return std::nullopt;
    };
    const std::size_t c1 = spec.find(':');
    const auto v = sweepVariableFromKey(spec.substr(0, c1));
    if (!v)
        return fail("unknown variable \"" + std::string(spec.substr(0, c1)) +
                    "\" (use micro_batch, seq_len, params or gpus; for a serving plan "
                    "max_model_len, max_num_seqs or gpu_memory_utilization)");
    if (!sweepVariableApplies(*v, plan))
        return fail(std::string(sweepVariableKey(*v)) +
                    (isServing(plan) ? " does not apply to a serving plan (use max_model_len, "
                                       "max_num_seqs, gpu_memory_utilization, params or gpus)"
                                     : " applies to serving plans only (training.method "
                                       "\"serving\")"));
    SweepRange range = defaultSweepRange(*v, plan);
    if (c1 == std::string_view::npos)
        return range;
    const std::string_view rest = spec.substr(c1 + 1);
    const std::size_t c2 = rest.find(':');
    if (c2 == std::string_view::npos || rest.find(':', c2 + 1) != std::string_view::npos)
        return fail("expected VARIABLE or VARIABLE:FROM:TO");
    // Parameter counts may be written "7B"; the other variables are plain numbers.
    auto number = [&](std::string_view s) {
        return *v == SweepVariable::Params ? parseParamCount(s) : parseNumber(s);
    };
    const auto from = number(rest.substr(0, c2)), to = number(rest.substr(c2 + 1));
    if (!from || !to || !(*from > 0) || !(*to > *from))
        return fail("expected VARIABLE:FROM:TO with 0 < FROM < TO");
    double max = limits::kMaxParams;
    switch (*v) {
    case SweepVariable::MicroBatch:
    case SweepVariable::MaxNumSeqs:
        max = static_cast<double>(limits::kMaxMicroBatch);
        break;
    case SweepVariable::SeqLen:
    case SweepVariable::MaxModelLen:
        max = static_cast<double>(limits::kMaxSeqLen);
        break;
    case SweepVariable::Gpus:
        max = static_cast<double>(limits::kMaxGpus);
        break;
    case SweepVariable::GpuMemoryUtilization:
        max = 1.0; // vLLM's CacheConfig: a share of the device
        break;
    case SweepVariable::Params:
        break;
    }
    if (*to > max)
        return fail("TO is above the largest " + std::string(sweepVariableKey(*v)) + " (" +
                    formatSweepValue(*v, max) + ")");
    range.from = *from;
    range.to = *to;
    return range;
}

SweepResult runSweep(const std::vector<SweepInput>& scenarios, const SweepRange& range,
                     const PresetLibrary& presets) {
    SweepResult result;
    result.range = range;
    const SweepVariable v = range.variable;
    if (!scenarios.empty())
        result.planValue = currentSweepValue(v, scenarios.front().plan);
    for (const SweepInput& s : scenarios) {
        SweepLine line;
        line.name = s.name;
        line.plan = s.plan;
        const GpuPreset* gpu =
            s.plan.hardware.gpu.empty() ? nullptr : presets.findGpu(s.plan.hardware.gpu);
        const std::vector<double> grid = sweepGrid(range, s.plan);
        line.points.reserve(grid.size() + 1);
        for (double x : grid)
            line.points.push_back(evaluatePoint(s.plan, v, x, gpu));
        const Evaluation here = evaluate(s.plan, gpu);
        // vLLM's default max_num_seqs depends on the GPU: the evaluation knows it.
        if (&s == &scenarios.front())
            result.planValue = currentSweepValue(v, s.plan, here);
        line.hasCapacity = here.ok && here.has_capacity;
        line.capacity = here.capacity;

        const int n = static_cast<int>(line.points.size());
        if (line.hasCapacity && n > 0) {
            const double step =
                v == SweepVariable::Gpus ? static_cast<double>(modelParallel(s.plan)) : 1.0;
            auto fitsAt = [&](double x) {
                return evaluatePoint(s.plan, v, x, gpu).fits;
            };
            // Bisects between a value that fits and one that does not (either order) down to
            // one step, or the variable's tolerance; returns the failing value nearest the fit.
            auto firstFailing = [&](double fitting, double failing) {
                for (int guard = 0; guard < 64; ++guard) {
                    const double gap = std::abs(failing - fitting);
                    const double low = std::min(fitting, failing);
                    if (isInteger(v) ? gap <= step : gap <= searchTolerance(v, low))
                        break;
                    double mid = low + gap / 2;
                    if (isInteger(v))
                        mid = std::floor(mid / step) * step;
                    (fitsAt(mid) ? fitting : failing) = mid;
                }
                return failing;
            };
            if (growsWithValue(v)) {
                int i = 0;
                while (i < n && line.points[static_cast<std::size_t>(i)].fits)
                    ++i;
                if (i < n && i > 0) {
                    // fits at the lower value, not at the upper one: find where it stops fitting
                    const double hi =
                        firstFailing(line.points[static_cast<std::size_t>(i - 1)].value,
                                     line.points[static_cast<std::size_t>(i)].value);
                    if (hi < line.points[static_cast<std::size_t>(i)].value)
                        line.points.insert(line.points.begin() + i,
                                           evaluatePoint(s.plan, v, hi, gpu));
                }
                if (i < static_cast<int>(line.points.size()))
                    line.firstNoFit = i;
            } else {
                // Memory grows towards fewer GPUs: the first value that does not fit is the
                // largest.
                int j = n - 1;
                while (j >= 0 && line.points[static_cast<std::size_t>(j)].fits)
                    --j;
                if (j >= 0 && j < n - 1) {
                    const double lo =
                        firstFailing(line.points[static_cast<std::size_t>(j + 1)].value,
                                     line.points[static_cast<std::size_t>(j)].value);
                    if (lo > line.points[static_cast<std::size_t>(j)].value) {
                        line.points.insert(line.points.begin() + j + 1,
                                           evaluatePoint(s.plan, v, lo, gpu));
                        ++j;
                    }
                }
                line.firstNoFit = j;
            }
        }
        result.lines.push_back(std::move(line));
    }
    return result;
}

} // namespace memplan
