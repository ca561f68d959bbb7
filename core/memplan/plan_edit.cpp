#include "memplan/plan_edit.h"

#include "memplan/param_count.h"
#include "memplan/plan_json.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace memplan {

double modelParamCount(const ModelSpec& model) {
    return model.params ? *model.params : countParameters(model).total;
}

void setParamCount(Plan& plan, double count) {
    // The model being scaled keeps its traits; a preset lends its display name to the base.
    ShapeBase base = shapeBaseOf(plan.model);
    if (base.present() && base.name.empty())
        base.name = plan.model.preset;
    plan.model = deriveShape(std::round(count), base);
}

void applyModelPreset(Plan& plan, const ModelPreset& preset) {
    plan.model = preset.model;
    plan.model.preset = preset.id;
    plan.model.params.reset();
    plan.model.shape_derived = false;
}

void markShapeCustom(Plan& plan) {
    plan.model.preset.clear();
    plan.model.params.reset();
    plan.model.shape_derived = false;
    plan.model.name.clear();
}

int64_t dataParallelDegree(const ParallelSpec& p) {
    const int64_t mp = std::max<int64_t>(1, p.tp * p.pp);
    return std::max<int64_t>(1, p.gpus / mp);
}

int64_t shardingFactorAfterChange(int64_t factor, int64_t oldDp, int64_t newDp) {
    if (factor <= 0 || factor == oldDp || factor > newDp || newDp % factor != 0)
        return 0; // 0 = shard over all data-parallel GPUs
    return factor;
}

namespace {
// A vLLM engine's expert parallelism spans the GPUs of a pipeline stage (gpus / pp): it
// follows their count.
void keepServingExpertParallel(Plan& plan) {
    ParallelSpec& p = plan.parallelism;
    if (plan.training.method == Method::Serving && p.ep > 1)
        p.ep = std::max<int64_t>(1, p.gpus / std::max<int64_t>(1, p.pp));
}
} // namespace

void setGpuCount(Plan& plan, int64_t gpus) {
    ParallelSpec& p = plan.parallelism;
    const int64_t oldDp = dataParallelDegree(p);
    p.gpus = std::max<int64_t>(1, gpus);
    p.sharding_factor = shardingFactorAfterChange(p.sharding_factor, oldDp, dataParallelDegree(p));
    keepServingExpertParallel(plan);
}

void setTensorParallel(Plan& plan, int64_t tp, int64_t gpus) {
    ParallelSpec& p = plan.parallelism;
    const int64_t oldDp = dataParallelDegree(p);
    p.tp = std::max<int64_t>(1, tp);
    p.gpus = std::max<int64_t>(1, gpus);
    p.sharding_factor = shardingFactorAfterChange(p.sharding_factor, oldDp, dataParallelDegree(p));
    keepServingExpertParallel(plan);
}

void setExpertParallel(Plan& plan, int64_t ep) {
    ParallelSpec& p = plan.parallelism;
    ep = std::max<int64_t>(1, ep);
    const int64_t stage = std::max<int64_t>(1, p.gpus / std::max<int64_t>(1, p.pp));
    if (plan.training.method == Method::Serving && ep != 1 && ep != stage)
        p.ep = ep > p.ep ? stage : 1;
    else
        p.ep = ep;
}

std::optional<double> parseParamCount(std::string_view text) {
    // Hand-written rather than a regular expression: the window's field runs this on every
    // change of its text, including each slider step.
    std::string t;
    t.reserve(text.size());
    for (char c : text)
        if (c != ',' && c != '_')
            t.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    auto trim = [](std::string& s) {
        const auto b = s.find_first_not_of(" \t");
        const auto e = s.find_last_not_of(" \t");
        s = b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
    };
    trim(t);
    for (std::string_view word : {"parameters", "params"})
        if (t.size() >= word.size() && t.compare(t.size() - word.size(), word.size(), word) == 0) {
            t.resize(t.size() - word.size());
            trim(t);
            break;
        }
    // The number: digits with an optional fraction and exponent (from_chars: no locale).
    std::size_t i = 0;
    const std::size_t n = t.size();
    auto digits = [&] {
        const std::size_t start = i;
        while (i < n && std::isdigit(static_cast<unsigned char>(t[i])))
            ++i;
        return i - start;
    };
    const std::size_t intDigits = digits();
    std::size_t fracDigits = 0;
    if (i < n && t[i] == '.') {
        ++i;
        fracDigits = digits();
    }
    if (intDigits + fracDigits == 0)
        return std::nullopt;
    if (i < n && t[i] == 'e') {
        const std::size_t mark = i++;
        if (i < n && (t[i] == '+' || t[i] == '-'))
            ++i;
        if (digits() == 0)
            i = mark; // not an exponent after all ("e" is no suffix either: rejected below)
    }
    double v = 0;
    const auto [ptr, ec] = std::from_chars(t.data(), t.data() + i, v);
    if (ec != std::errc() || ptr != t.data() + i || !std::isfinite(v))
        return std::nullopt;
    std::string suffix = t.substr(i);
    trim(suffix);
    struct Scale {
        std::string_view word;
        double factor;
    };
    static constexpr Scale scales[] = {
        {"", 1},    {"k", 1e3},  {"thousand", 1e3}, {"m", 1e6},  {"million", 1e6},  {"b", 1e9},
        {"g", 1e9}, {"bn", 1e9}, {"billion", 1e9},  {"t", 1e12}, {"trillion", 1e12}};
    bool known = false;
    for (const Scale& sc : scales)
        if (suffix == sc.word) {
            v *= sc.factor;
            known = true;
            break;
        }
    if (!known)
        return std::nullopt;
    v = std::round(v);
    if (!(v >= 1) || !std::isfinite(v))
        return std::nullopt;
    return v;
}

std::string formatParamCount(double count) {
    struct Unit {
        double scale;
        char suffix;
    };
    static constexpr Unit units[] = {{1e12, 'T'}, {1e9, 'B'}, {1e6, 'M'}, {1e3, 'K'}};
    char buf[64];
    for (const Unit& u : units) {
        if (count >= u.scale) {
            const double v = count / u.scale;
            // Up to three significant decimals, without trailing zeros: 6.74B, 1.5T, 350M.
            std::snprintf(buf, sizeof buf, "%.*f", v >= 100 ? 1 : 2, v);
            std::string s = buf;
            if (s.find('.') != std::string::npos) {
                while (s.back() == '0')
                    s.pop_back();
                if (s.back() == '.')
                    s.pop_back();
            }
            return s + u.suffix;
        }
    }
    std::snprintf(buf, sizeof buf, "%.0f", count);
    return buf;
}

} // namespace memplan
