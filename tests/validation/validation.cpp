#include "validation.h"

#include "memplan/band.h"
#include "memplan/names.h"

#include "memplan/errors.h"
#include "memplan/model.h"
#include "memplan/plan_json.h"
#include "memplan/recipe.h"
#include "memplan/units.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

namespace memplan::validation {

using nlohmann::json;

namespace {

constexpr std::pair<const char*, Metric> kMetrics[] = {
    {"allocated", Metric::Allocated},
    {"reserved", Metric::Reserved},
    {"nvidia-smi", Metric::NvidiaSmi},
    {"model_states", Metric::ModelStates},
    {"weights", Metric::Weights},
    {"unknown", Metric::Unknown},
    {"layer_activations", Metric::LayerActivations},
};

// What the prediction is, per metric, in words (for the page).
const char* metricMeaning(Metric m) {
    switch (m) {
    case Metric::Allocated:
        return "peak_allocated";
    case Metric::Reserved:
        return "peak_reserved (peak_allocated + the modelled caching-allocator cache)";
    case Metric::NvidiaSmi:
        return "total (peak_allocated + CUDA context + allocator reserve)";
    case Metric::ModelStates:
        return "weights + gradients + optimizer states";
    case Metric::Weights:
        return "weights";
    case Metric::Unknown:
        return "peak_allocated (the source did not say what it measured)";
    case Metric::LayerActivations:
        return "saved activations of one layer at the end of the forward pass";
    }
    return "";
}

std::string readText(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError(path.string(), "", "cannot read the cases file");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string str(const json& obj, const char* key, const std::string& file, const std::string& path,
                bool required = true) {
    const auto it = obj.find(key);
    if (it == obj.end()) {
        if (required)
            throw InputError(file, path + "." + key, "missing");
        return {};
    }
    if (!it->is_string())
        throw InputError(file, path + "." + key,
                         std::string("expected a string, got ") + it->type_name());
    return it->get<std::string>();
}

double number(const json& obj, const char* key, const std::string& file, const std::string& path) {
    const auto it = obj.find(key);
    if (it == obj.end())
        throw InputError(file, path + "." + key, "missing");
    if (!it->is_number())
        throw InputError(file, path + "." + key,
                         std::string("expected a number, got ") + it->type_name());
    const double v = it->get<double>();
    if (!std::isfinite(v) || v <= 0)
        throw InputError(file, path + "." + key, "must be a positive number");
    return v;
}

std::vector<std::string> stringList(const json& obj, const char* key, const std::string& file,
                                    const std::string& path) {
    std::vector<std::string> out;
    const auto it = obj.find(key);
    if (it == obj.end())
        return out;
    if (!it->is_array())
        throw InputError(file, path + "." + key, "expected a list of strings");
    for (const json& e : *it) {
        if (!e.is_string())
            throw InputError(file, path + "." + key, "expected a list of strings");
        out.push_back(e.get<std::string>());
    }
    return out;
}

Case readCase(const json& j, const std::string& file, const std::string& path,
              const PresetLibrary& presets) {
    if (!j.is_object())
        throw InputError(file, path, "expected an object");
    static const std::set<std::string> known = {
        "id",    "source", "source_short",    "kind",           "reliability",
        "group", "metric", "published",       "measured_bytes", "tolerance",
        "plan",  "notes",  "tolerance_reason"};
    for (const auto& [key, value] : j.items()) {
        (void)value;
        if (!known.count(key))
            throw InputError(file, path + "." + key, "unknown key");
    }
    Case c;
    c.id = str(j, "id", file, path);
    c.source = str(j, "source", file, path);
    c.sourceShort = str(j, "source_short", file, path, false);
    if (c.sourceShort.empty())
        c.sourceShort = c.source.substr(0, c.source.find_first_of(",;("));
    c.kind = str(j, "kind", file, path);
    if (c.kind != "measured" && c.kind != "analytic")
        throw InputError(file, path + ".kind", "expected \"measured\" or \"analytic\"");
    c.reliability = str(j, "reliability", file, path);
    if (c.reliability != "A" && c.reliability != "A-" && c.reliability != "B" &&
        c.reliability != "C")
        throw InputError(file, path + ".reliability", "expected A, A-, B or C");
    c.group = str(j, "group", file, path);
    c.metricKey = str(j, "metric", file, path);
    bool found = false;
    for (const auto& [key, m] : kMetrics)
        if (c.metricKey == key) {
            c.metric = m;
            found = true;
        }
    if (!found)
        throw InputError(
            file, path + ".metric",
            "expected allocated, reserved, nvidia-smi, model_states, weights, unknown or "
            "layer_activations");
    c.published = str(j, "published", file, path);
    c.measured = number(j, "measured_bytes", file, path);
    if (j.contains("tolerance"))
        c.tolerance = number(j, "tolerance", file, path);
    if (c.kind == "analytic" && !c.tolerance)
        throw InputError(file, path + ".tolerance", "an analytic case states its tolerance");
    c.notes = str(j, "notes", file, path);
    c.toleranceReason = str(j, "tolerance_reason", file, path);
    const auto plan = j.find("plan");
    if (plan == j.end())
        throw InputError(file, path + ".plan", "missing");
    try {
        c.plan = parsePlanJson(*plan, file, presets);
    } catch (const InputError& e) {
        // Re-anchor the key path inside the case.
        throw InputError(file, path + ".plan" + (e.keyPath().empty() ? "" : "." + e.keyPath()),
                         e.problem());
    }
    return c;
}

std::string percent(double fraction, bool sign = true) {
    char buf[32];
    std::snprintf(buf, sizeof buf, sign ? "%+.1f%%" : "%.1f%%", fraction * 100);
    return buf;
}

// 2 decimals from 1 up, 1 from 100 up, 4 below 1 (the analytic per-layer figures).
std::string giga(double bytes, double unit) {
    const double v = bytes / unit;
    char buf[48];
    const double a = std::fabs(v);
    std::snprintf(buf, sizeof buf, a >= 100 ? "%.1f" : a >= 1 ? "%.2f" : "%.4f", v);
    return buf;
}

std::string bothUnits(double bytes) {
    return giga(bytes, kGiB) + " GiB (" + giga(bytes, kGB) + " GB)";
}

// Markdown table cells must not contain a bare '|'.
std::string cell(std::string s) {
    std::string out;
    for (char ch : s) {
        if (ch == '|')
            out += "\\|";
        else if (ch == '\n')
            out += ' ';
        else
            out += ch;
    }
    return out;
}

double bytesOfPart(const ComponentBreakdown& b, std::string_view label, bool& found) {
    double sum = 0;
    for (std::size_t i = 0; i < b.part_count; ++i)
        if (b.parts[i].label == label) {
            sum += b.parts[i].bytes;
            found = true;
        }
    return sum;
}

} // namespace

CaseFile loadCases(const std::filesystem::path& casesFile, const PresetLibrary& presets) {
    const std::string file = casesFile.string();
    json j;
    try {
        j = json::parse(readText(casesFile));
    } catch (const json::parse_error& e) {
        throw InputError(file, "", std::string("malformed JSON: ") + e.what());
    }
    if (!j.is_object())
        throw InputError(file, "", "expected an object with schema_version and cases");
    if (!j.contains("schema_version") || !j["schema_version"].is_number_integer() ||
        j["schema_version"].get<int>() != 1)
        throw InputError(file, "schema_version", "expected 1");
    CaseFile out;
    out.description = str(j, "description", file, "", false);
    const auto cases = j.find("cases");
    if (cases == j.end() || !cases->is_array() || cases->empty())
        throw InputError(file, "cases", "expected a non-empty list");
    std::set<std::string> ids;
    for (std::size_t i = 0; i < cases->size(); ++i) {
        const std::string path = "cases[" + std::to_string(i) + "]";
        Case c = readCase((*cases)[i], file, path, presets);
        if (!ids.insert(c.id).second)
            throw InputError(file, path + ".id", "duplicate id \"" + c.id + "\"");
        out.cases.push_back(std::move(c));
    }
    if (const auto km = j.find("known_missing"); km != j.end()) {
        if (!km->is_array())
            throw InputError(file, "known_missing", "expected a list");
        for (std::size_t i = 0; i < km->size(); ++i) {
            const std::string path = "known_missing[" + std::to_string(i) + "]";
            const json& e = (*km)[i];
            if (!e.is_object())
                throw InputError(file, path, "expected an object");
            KnownGap g{str(e, "title", file, path), str(e, "detail", file, path),
                       stringList(e, "cases", file, path)};
            for (const auto& id : g.cases)
                if (!ids.count(id))
                    throw InputError(file, path + ".cases", "names an unknown case \"" + id + "\"");
            out.knownMissing.push_back(std::move(g));
        }
    }
    if (const auto ne = j.find("not_encoded"); ne != j.end()) {
        if (!ne->is_array())
            throw InputError(file, "not_encoded", "expected a list");
        for (std::size_t i = 0; i < ne->size(); ++i) {
            const std::string path = "not_encoded[" + std::to_string(i) + "]";
            const json& e = (*ne)[i];
            if (!e.is_object())
                throw InputError(file, path, "expected an object");
            out.notEncoded.push_back({str(e, "id", file, path), str(e, "reason", file, path)});
        }
    }
    return out;
}

bool Result::withinTolerance() const {
    if (!ok)
        return false;
    if (c->kind == "analytic")
        return std::fabs(error) <= c->tolerance.value_or(0);
    return c->reliability != "A" || std::fabs(error) <= kAGradeLimit;
}

Result evaluateCase(const Case& c, const PresetLibrary& presets) {
    Result r;
    r.c = &c;
    const Evaluation ev = evaluate(c.plan, presets);
    if (!ev.ok) {
        r.failure = std::string(ev.refusal);
        return r;
    }
    r.params = ev.params_total;
    double predicted = 0;
    switch (c.metric) {
    case Metric::Allocated:
    case Metric::Unknown:
        predicted = ev.peak_allocated;
        break;
    case Metric::NvidiaSmi:
        predicted = ev.total;
        break;
    case Metric::Reserved:
        predicted = ev.peak_reserved;
        break;
    case Metric::ModelStates:
        predicted = ev.bytes(Component::Weights) + ev.bytes(Component::Gradients) +
                    ev.bytes(Component::OptimizerStates);
        break;
    case Metric::Weights:
        predicted = ev.bytes(Component::Weights);
        break;
    case Metric::LayerActivations: {
        // The first moment of a training step is the end of the forward pass, where every
        // layer's saved activations are resident.
        if (ev.moment_count == 0 || ev.moments[0].phase != Phase::Forward) {
            r.failure = "no end-of-forward moment (not a training plan?)";
            return r;
        }
        bool found = false;
        const double saved =
            bytesOfPart(ev.moments[0].resident[static_cast<std::size_t>(Component::Activations)],
                        "saved layer activations", found);
        const double layers = std::ceil(static_cast<double>(c.plan.model.layers) /
                                        static_cast<double>(c.plan.parallelism.pp));
        if (!found || layers <= 0) {
            r.failure = "the evaluation lists no 'saved layer activations'";
            return r;
        }
        predicted = saved / layers;
        break;
    }
    }
    r.predicted = predicted;
    r.error = (predicted - c.measured) / c.measured;
    if (ev.total > 0) {
        r.bandLow = predicted * ev.total_low / ev.total;
        r.bandHigh = predicted * ev.total_high / ev.total;
    }
    if (c.plan.training.framework != Framework::Pytorch) {
        Case plain = c;
        plain.plan.training.framework = Framework::Pytorch;
        plain.plan.training.profile = ProfileOverrides{};
        Result rp = evaluateCase(plain, presets);
        r.errorPytorchProfile = rp.error;
    } else {
        r.errorPytorchProfile = r.error;
    }
    if (c.plan.training.method == Method::Inference) {
        const double w = textbookWidth(c.plan.training.precision);
        r.rule6x = r.params * w;
        r.rule16 = r.params * w;
    } else {
        r.rule6x = r.params * 24; // 6 x 4-byte weights
        r.rule16 = r.params * 16;
    }
    r.rule6xError = (r.rule6x - c.measured) / c.measured;
    r.rule16Error = (r.rule16 - c.measured) / c.measured;
    r.ok = std::isfinite(r.error);
    if (!r.ok)
        r.failure = "prediction is not a finite number";
    return r;
}

bool Result::inBand() const {
    return ok && c->measured >= bandLow && c->measured <= bandHigh;
}

std::vector<FrameworkStats> frameworkStats(const std::vector<Result>& results) {
    std::vector<FrameworkStats> out;
    for (const auto& e : names(Framework{})) {
        FrameworkStats f;
        f.framework = std::string(e.key);
        std::vector<double> own, plain, known;
        for (const Result& r : results)
            if (r.ok && r.c->isMeasured() && r.c->plan.training.framework == e.value) {
                own.push_back(std::fabs(r.error));
                plain.push_back(std::fabs(r.errorPytorchProfile));
                f.inBand += r.inBand() ? 1 : 0;
                if (r.c->metric != Metric::Unknown) {
                    known.push_back(std::fabs(r.error));
                }
            }
        f.count = own.size();
        f.knownMetricCount = known.size();
        f.medianAbsKnownMetric = median(known);
        if (f.count == 0)
            continue;
        f.medianAbs = median(own);
        f.medianAbsPytorch = median(plain);
        out.push_back(f);
    }
    return out;
}

std::vector<Result> evaluateAll(const CaseFile& file, const PresetLibrary& presets) {
    std::vector<Result> out;
    out.reserve(file.cases.size());
    for (const Case& c : file.cases)
        out.push_back(evaluateCase(c, presets));
    return out;
}

double median(std::vector<double> v) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double measuredMedianAbsError(const std::vector<Result>& results) {
    std::vector<double> errs;
    for (const Result& r : results)
        if (r.ok && r.c->isMeasured())
            errs.push_back(std::fabs(r.error));
    return median(errs);
}

std::vector<GroupStats> groupStats(const std::vector<Result>& results) {
    std::vector<GroupStats> out;
    std::map<std::string, std::vector<double>> errs;
    for (const Result& r : results) {
        if (!r.ok)
            continue;
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const GroupStats& g) { return g.group == r.c->group; });
        if (it == out.end()) {
            GroupStats g;
            g.group = r.c->group;
            g.kind = r.c->kind;
            out.push_back(g);
            it = out.end() - 1;
        } else if (it->kind != r.c->kind) {
            it->kind = "mixed";
        }
        ++it->count;
        const double a = std::fabs(r.error);
        errs[r.c->group].push_back(a);
        if (a >= it->worstAbs) {
            it->worstAbs = a;
            it->worstId = r.c->id;
            it->worstSigned = r.error;
        }
    }
    for (GroupStats& g : out)
        g.medianAbs = median(errs[g.group]);
    return out;
}

std::vector<RuleStats> ruleStats(const std::vector<Result>& results) {
    std::vector<RuleStats> out(3);
    out[0].name = "memplan";
    out[1].name = "6x rule (24 bytes per parameter)";
    out[2].name = "16 bytes per parameter";
    std::vector<std::vector<double>> errs(3);
    for (const Result& r : results) {
        if (!r.ok || !r.c->isMeasured())
            continue;
        const double e[3] = {r.error, r.rule6xError, r.rule16Error};
        for (std::size_t k = 0; k < 3; ++k) {
            const double a = std::fabs(e[k]);
            errs[k].push_back(a);
            ++out[k].count;
            if (a <= kAGradeLimit)
                ++out[k].within25;
            if (a >= out[k].worstAbs) {
                out[k].worstAbs = a;
                out[k].worstId = r.c->id;
            }
        }
    }
    for (std::size_t k = 0; k < 3; ++k)
        out[k].medianAbs = median(errs[k]);
    return out;
}

std::vector<std::string> acceptanceFailures(const std::vector<Result>& results) {
    std::vector<std::string> out;
    for (const Result& r : results) {
        if (!r.ok) {
            out.push_back(r.c->id + ": no prediction (" + r.failure + ")");
            continue;
        }
        if (r.c->reliability != "A")
            continue;
        if (r.c->isMeasured() && std::fabs(r.error) > kAGradeLimit)
            out.push_back(r.c->id + ": A-grade measured case off by " + percent(r.error) +
                          " (limit " + percent(kAGradeLimit, false) + ")");
        if (!r.c->isMeasured() && !r.withinTolerance())
            out.push_back(r.c->id + ": A-grade analytic case off by " + percent(r.error) +
                          " (tolerance " + percent(r.c->tolerance.value_or(0), false) + ")");
    }
    for (const FrameworkStats& f : frameworkStats(results)) {
        if (f.count >= kFrameworkMinCases && f.medianAbs > kFrameworkMedianLimit)
            out.push_back("framework " + f.framework + ": median |error| " +
                          percent(f.medianAbs, false) + " over " + std::to_string(f.count) +
                          " measured cases (limit " + percent(kFrameworkMedianLimit, false) + ")");
        if (f.knownMetricCount >= kFrameworkMinCases &&
            f.medianAbsKnownMetric > kFrameworkMedianLimit)
            out.push_back("framework " + f.framework + ": median |error| " +
                          percent(f.medianAbsKnownMetric, false) + " over " +
                          std::to_string(f.knownMetricCount) +
                          " measured cases with a stated metric (limit " +
                          percent(kFrameworkMedianLimit, false) + ")");
    }
    const double med = measuredMedianAbsError(results);
    if (med > kMedianLimit)
        out.push_back("median |error| over the measured cases is " + percent(med, false) +
                      " (limit " + percent(kMedianLimit, false) + ")");
    return out;
}

std::string formatTable(const std::vector<Result>& results) {
    std::ostringstream os;
    std::size_t idW = 4, srcW = 6, metW = 6;
    for (const Result& r : results) {
        idW = std::max(idW, r.c->id.size());
        srcW = std::max(srcW, std::min<std::size_t>(r.c->sourceShort.size(), 34));
        metW = std::max(metW, r.c->metricKey.size());
    }
    auto pad = [](std::string s, std::size_t w, bool right = false) {
        if (s.size() > w)
            s = s.substr(0, w - 1) + "~";
        const std::string fill(w - s.size(), ' ');
        return right ? fill + s : s + fill;
    };
    os << pad("case", idW) << "  " << pad("source", srcW) << "  " << pad("metric", metW) << "  "
       << pad("measured GiB", 12, true) << "  " << pad("GB", 9, true) << "  "
       << pad("predicted GiB", 13, true) << "  " << pad("GB", 9, true) << "  "
       << pad("error", 8, true) << "  grade\n";
    os << std::string(idW + srcW + metW + 12 + 9 + 13 + 9 + 8 + 2 * 8 + 5, '-') << "\n";
    for (const Result& r : results) {
        os << pad(r.c->id, idW) << "  " << pad(r.c->sourceShort, srcW) << "  "
           << pad(r.c->metricKey, metW) << "  " << pad(giga(r.c->measured, kGiB), 12, true) << "  "
           << pad(giga(r.c->measured, kGB), 9, true) << "  ";
        if (r.ok) {
            os << pad(giga(r.predicted, kGiB), 13, true) << "  "
               << pad(giga(r.predicted, kGB), 9, true) << "  " << pad(percent(r.error), 8, true);
        } else {
            os << pad("-", 13, true) << "  " << pad("-", 9, true) << "  " << pad("FAILED", 8, true);
        }
        os << "  " << r.c->reliability << (r.c->isMeasured() ? "" : " (analytic)")
           << (r.withinTolerance() ? "" : "  <-- outside limit") << "\n";
    }
    return os.str();
}

std::string renderMarkdown(const CaseFile& file, const std::vector<Result>& results,
                           const std::string& casesLabel) {
    std::ostringstream md;
    std::size_t measured = 0, analytic = 0;
    std::map<std::string, std::size_t> gradeMeasured, gradeAnalytic;
    for (const Result& r : results) {
        if (r.c->isMeasured()) {
            ++measured;
            ++gradeMeasured[r.c->reliability];
        } else {
            ++analytic;
            ++gradeAnalytic[r.c->reliability];
        }
    }
    auto grades = [](const std::map<std::string, std::size_t>& m) {
        std::string s;
        for (const char* g : {"A", "A-", "B", "C"})
            if (auto it = m.find(g); it != m.end())
                s += (s.empty() ? "" : ", ") + std::to_string(it->second) + " " + g;
        return s.empty() ? std::string("none") : s;
    };
    const double med = measuredMedianAbsError(results);
    double worstA = 0;
    std::string worstAId;
    std::size_t analyticOk = 0;
    for (const Result& r : results) {
        if (!r.ok)
            continue;
        if (r.c->isMeasured() && r.c->reliability == "A" && std::fabs(r.error) >= worstA) {
            worstA = std::fabs(r.error);
            worstAId = r.c->id;
        }
        if (!r.c->isMeasured() && r.withinTolerance())
            ++analyticOk;
    }
    const auto failures = acceptanceFailures(results);

    md << "# Accuracy\n\n"
       << "<!-- Generated by memplan-validate from " << casesLabel
       << "; do not edit by hand. Regenerate with: memplan-validate --markdown docs/accuracy.md "
          "-->\n\n"
       << "memplan's predictions against every published memory figure the project keeps in `"
       << casesLabel
       << "`. Each case carries its source, the configuration encoded as a memplan plan, "
       << "and the metric its source reported; the prediction is taken on that metric. Errors are "
       << "signed, `(predicted - measured) / measured`. Sizes: GiB = 2^30 bytes, GB = 10^9 bytes. "
       << "The suite runs as the test `tst_validation` (tests/validation/).\n\n";

    md << "## Summary\n\n"
       << "| | |\n|---|---|\n"
       << "| cases | " << results.size() << ": " << measured << " measured ("
       << grades(gradeMeasured) << "), " << analytic << " analytic (" << grades(gradeAnalytic)
       << ") |\n"
       << "| median \\|error\\| over the measured cases | " << percent(med, false) << " (limit "
       << percent(kMedianLimit, false) << ") |\n"
       << "| worst A-grade measured case | "
       << (worstAId.empty() ? std::string("none") : percent(worstA, false) + " (" + worstAId + ")")
       << " (limit " << percent(kAGradeLimit, false) << ") |\n"
       << "| analytic cases within their stated tolerance | " << analyticOk << " of " << analytic
       << " |\n"
       << "| acceptance | " << (failures.empty() ? "passes" : "FAILS") << " |\n\n";
    if (!failures.empty()) {
        md << "Failing limits:\n\n";
        for (const auto& f : failures)
            md << "- " << f << "\n";
        md << "\n";
    }

    md << "What each metric is compared with:\n\n| metric | the source reports | memplan's figure "
          "|\n"
          "|---|---|---|\n"
       << "| allocated | `torch.cuda.max_memory_allocated()` | " << metricMeaning(Metric::Allocated)
       << " |\n"
       << "| reserved | `torch.cuda.max_memory_reserved()` | " << metricMeaning(Metric::Reserved)
       << " |\n"
       << "| nvidia-smi | device memory used (nvidia-smi, NVML) | "
       << metricMeaning(Metric::NvidiaSmi) << " |\n"
       << "| model_states | an analytic count of model states | "
       << metricMeaning(Metric::ModelStates) << " |\n"
       << "| weights | the loaded model | " << metricMeaning(Metric::Weights) << " |\n"
       << "| unknown | a measurement whose method the source does not state | "
       << metricMeaning(Metric::Unknown) << " |\n"
       << "| layer_activations | an analytic per-layer activation figure | "
       << metricMeaning(Metric::LayerActivations) << " |\n\n";

    md << "## By group\n\n"
       << "The simple rules' columns are their median |error| over the group's measured cases.\n\n"
       << "| group | kind | cases | median \\|error\\| | worst \\|error\\| (case) | 6x rule | 16 "
          "B/param |\n"
          "|---|---|---|---|---|---|---|\n";
    for (const GroupStats& g : groupStats(results)) {
        std::vector<double> r6, r16;
        for (const Result& r : results)
            if (r.ok && r.c->group == g.group && r.c->isMeasured()) {
                r6.push_back(std::fabs(r.rule6xError));
                r16.push_back(std::fabs(r.rule16Error));
            }
        md << "| " << cell(g.group) << " | " << g.kind << " | " << g.count << " | "
           << percent(g.medianAbs, false) << " | " << percent(g.worstSigned) << " (" << g.worstId
           << ") | " << (r6.empty() ? std::string("-") : percent(median(r6), false)) << " | "
           << (r16.empty() ? std::string("-") : percent(median(r16), false)) << " |\n";
    }
    md << "\n";

    md << "## By framework\n\n"
       << "Measured cases grouped by the plan's `training.framework`. \"pytorch profile\" is the "
          "median of the same cases evaluated with the plain `pytorch` profile (memplan before "
          "framework profiles). A framework with "
       << kFrameworkMinCases << " or more measured cases fails the suite when its median is above "
       << percent(kFrameworkMedianLimit, false)
       << " over all of them, and again over its cases whose source states the metric (a case of "
          "metric `unknown` is compared with peak_allocated as a guess, so it can be off by the "
          "CUDA context and the allocator cache whatever the framework does). "
          "\"in band\" counts the measured values inside the low-high band.\n\n"
       << "| framework | measured cases | median \\|error\\| | pytorch profile | cases with a "
          "stated metric | their median (gated) | in band |\n"
          "|---|---|---|---|---|---|---|\n";
    for (const FrameworkStats& f : frameworkStats(results))
        md << "| " << f.framework << " | " << f.count << " | " << percent(f.medianAbs, false)
           << " | " << percent(f.medianAbsPytorch, false) << " | " << f.knownMetricCount << " | "
           << (f.knownMetricCount ? percent(f.medianAbsKnownMetric, false) : std::string("-"))
           << " | " << f.inBand << " of " << f.count << " |\n";
    {
        std::size_t n = 0, in = 0;
        for (const Result& r : results)
            if (r.ok && r.c->isMeasured()) {
                ++n;
                in += r.inBand() ? 1 : 0;
            }
        md << "\n### The band\n\n"
           << "Each result carries `total_low <= total <= total_high`. The band gives each part of "
              "the total the relative uncertainty of its mechanism (core/memplan/band.h): weights "
           << percent(kBand.weights, false) << ", gradients " << percent(kBand.gradients, false)
           << ", optimizer states " << percent(kBand.optimizer, false) << " (the weights-only and "
           << "ZeRO model-state cases above agree to within 2.3%); activations "
           << percent(kBand.activations, false) << " and transients " << percent(kBand.other, false)
           << " (the measured training cases' errors, which the activations and the loss "
              "transients dominate); the CUDA context "
           << percent(kBand.context, false) << ", the caching-allocator cache "
           << percent(kBand.reserve, false) << " and memory outside PyTorch's allocator "
           << percent(kBand.outside, false)
           << " (their published spread). Low and high are the total minus and plus the sum. "
              "Over the measured cases, "
           << in << " of " << n << " published values lie inside the band.\n\n";
    }

    md << "Measured cases by reliability (A = configuration fully known, A- = one detail such as "
          "the "
          "measuring method unknown, B = minor unknowns, C = important unknowns or derived "
          "figures):\n\n"
          "| reliability | cases | median \\|error\\| | worst \\|error\\| |\n|---|---|---|---|\n";
    for (const char* g : {"A", "A-", "B", "C"}) {
        std::vector<double> e;
        double worst = 0;
        for (const Result& r : results)
            if (r.ok && r.c->isMeasured() && r.c->reliability == g) {
                e.push_back(std::fabs(r.error));
                worst = std::max(worst, std::fabs(r.error));
            }
        if (!e.empty())
            md << "| " << g << " | " << e.size() << " | " << percent(median(e), false) << " | "
               << percent(worst, false) << " |\n";
    }
    md << "\n";

    md << "## memplan and the simple rules\n\n"
       << "The seeds' rule of thumb puts training at about 6x the fp32 weights (24 bytes per "
          "parameter); the other common rule is 16 bytes per parameter (mixed-precision Adam's "
          "model "
          "states). For inference both rules give the weights at the recipe's width. Neither looks "
          "at "
          "batch, sequence, method (LoRA, quantized bases, GaLore), sharding, the optimizer or the "
          "CUDA "
          "context; they are taken as they are, whatever the source measured. Over the "
       << measured << " measured cases:\n\n"
       << "| predictor | median \\|error\\| | worst \\|error\\| (case) | within 25% "
          "|\n|---|---|---|---|\n";
    for (const RuleStats& s : ruleStats(results))
        md << "| " << s.name << " | " << percent(s.medianAbs, false) << " | "
           << percent(s.worstAbs, false) << " (" << s.worstId << ") | " << s.within25 << " of "
           << s.count << " |\n";
    md << "\n";

    md << "## Measured cases\n\n"
       << "| case | source | grade | metric | published | measured | predicted | error | 6x rule | "
          "16 B/param |\n"
          "|---|---|---|---|---|---|---|---|---|---|\n";
    for (const Result& r : results) {
        if (!r.c->isMeasured())
            continue;
        md << "| " << cell(r.c->id) << " | " << cell(r.c->sourceShort) << " | " << r.c->reliability
           << " | " << r.c->metricKey << " | " << cell(r.c->published) << " | "
           << bothUnits(r.c->measured) << " | ";
        if (r.ok)
            md << bothUnits(r.predicted) << " | " << percent(r.error)
               << (r.withinTolerance() ? "" : " **outside limit**") << " | "
               << percent(r.rule6xError) << " | " << percent(r.rule16Error) << " |\n";
        else
            md << "- | FAILED: " << cell(r.failure) << " | - | - |\n";
    }
    md << "\n## Analytic cases\n\n"
       << "Figures computed by their authors from formulas (the seeds' worked examples, ZeRO's "
          "model-state counts, Korthikanti et al.'s per-layer activations). Each carries its "
          "tolerance: the rounding of the printed figure, or what the source's arithmetic leaves "
          "out.\n\n"
       << "| case | source | grade | metric | published | reference | predicted | error | "
          "tolerance |\n"
          "|---|---|---|---|---|---|---|---|---|\n";
    for (const Result& r : results) {
        if (r.c->isMeasured())
            continue;
        md << "| " << cell(r.c->id) << " | " << cell(r.c->sourceShort) << " | " << r.c->reliability
           << " | " << r.c->metricKey << " | " << cell(r.c->published) << " | "
           << bothUnits(r.c->measured) << " | ";
        if (r.ok)
            md << bothUnits(r.predicted) << " | " << percent(r.error)
               << (r.withinTolerance() ? "" : " **outside tolerance**") << " | "
               << percent(r.c->tolerance.value_or(0), false) << " |\n";
        else
            md << "- | FAILED: " << cell(r.failure) << " | - |\n";
    }
    md << "\n";

    md << "## Known to be missing\n\n";
    // Measured cases beyond the A-grade limit, whatever their grade, listed automatically.
    std::vector<const Result*> far;
    for (const Result& r : results)
        if (r.ok && r.c->isMeasured() && std::fabs(r.error) > kMedianLimit)
            far.push_back(&r);
    if (!far.empty()) {
        md << "Measured cases more than " << percent(kMedianLimit, false) << " off:\n\n";
        for (const Result* r : far)
            md << "- `" << r->c->id << "` (" << r->c->reliability << ", " << r->c->metricKey
               << "): " << percent(r->error) << "\n";
        md << "\n";
    }
    for (const KnownGap& g : file.knownMissing) {
        md << "### " << g.title << "\n\n" << g.detail << "\n";
        if (!g.cases.empty()) {
            md << "\nCases: ";
            for (std::size_t i = 0; i < g.cases.size(); ++i) {
                const auto it = std::find_if(results.begin(), results.end(), [&](const Result& r) {
                    return r.c->id == g.cases[i];
                });
                md << (i ? ", " : "") << "`" << g.cases[i] << "`";
                if (it != results.end() && it->ok)
                    md << " " << percent(it->error);
            }
            md << ".\n";
        }
        md << "\n";
    }
    std::vector<std::string> unknownMetric;
    for (const Result& r : results)
        if (r.c->metric == Metric::Unknown)
            unknownMetric.push_back(r.c->id);
    if (!unknownMetric.empty()) {
        md << "### Cases whose measuring method is unknown\n\nThese sources do not say whether "
              "they "
              "report allocated, reserved or device memory; they are compared with "
              "`peak_allocated`, "
              "so a source that read nvidia-smi would show up here as an underprediction of "
              "5-15%: ";
        for (std::size_t i = 0; i < unknownMetric.size(); ++i)
            md << (i ? ", " : "") << "`" << unknownMetric[i] << "`";
        md << ".\n\n";
    }
    if (!file.notEncoded.empty()) {
        md << "## Published figures not encoded\n\n| figure | why |\n|---|---|\n";
        for (const NotEncoded& n : file.notEncoded)
            md << "| " << cell(n.id) << " | " << cell(n.reason) << " |\n";
        md << "\n";
    }
    md << "## Sources\n\n";
    std::set<std::string> seen;
    for (const Result& r : results) {
        std::string src = r.c->source;
        if (seen.insert(src).second)
            md << "- " << src << "\n";
    }
    return md.str();
}

} // namespace memplan::validation
