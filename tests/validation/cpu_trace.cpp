#include "cpu_trace.h"

#include "report_format.h"

#include "memplan/errors.h"
#include "memplan/file_io.h"
#include "memplan/model.h"
#include "memplan/names.h"
#include "memplan/plan_json.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

namespace memplan::validation {

using nlohmann::json;

using report::medianOf;
using report::mib;
using report::percent;

namespace {

json readJson(const std::filesystem::path& path) {
    const std::string text = readInputFile(path.string()); // capped; names the file on errors
    try {
        return json::parse(text);
    } catch (const json::parse_error& e) {
        throw InputError(path.string(), "", std::string("malformed JSON: ") + e.what());
    }
}

std::string text(const json& obj, const char* key) {
    const auto it = obj.find(key);
    return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string stem(const std::string& planFile) {
    std::string name = std::filesystem::path(planFile).filename().string();
    for (const char* suffix : {".memplan.json", ".json"}) {
        const std::string s = suffix;
        if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0)
            return name.substr(0, name.size() - s.size());
    }
    return name;
}

double positiveBytes(const json& v, const std::string& file, const std::string& key) {
    if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() <= 0)
        throw InputError(file, key, "expected a positive byte count");
    return v.get<double>();
}

} // namespace

TraceSet loadTraces(const std::filesystem::path& resultsFile, const PresetLibrary& presets) {
    const std::string file = resultsFile.string();
    const json j = readJson(resultsFile);
    if (!j.is_array() || j.empty())
        throw InputError(file, "", "expected a non-empty list of results (measure.py --out)");
    const std::filesystem::path plansDir = resultsFile.parent_path() / "plans";
    TraceSet set;
    std::set<std::string> ids;
    for (std::size_t i = 0; i < j.size(); ++i) {
        const std::string at = "[" + std::to_string(i) + "]";
        const json& r = j[i];
        if (!r.is_object())
            throw InputError(file, at, "expected an object");
        const std::string planFile = text(r, "plan");
        if (planFile.empty())
            throw InputError(file, at + ".plan", "expected the plan's path");
        const std::string id = stem(planFile);
        if (!ids.insert(id).second)
            throw InputError(file, at + ".plan", "duplicate plan \"" + id + "\"");
        const std::string status = text(r, "status");
        if (status == "skipped" || status == "error") {
            set.skipped.push_back({id, status + ": " + text(r, "reason")});
            continue;
        }
        if (status != "ok")
            throw InputError(file, at + ".status", "expected ok, skipped or error");
        if (set.torch.empty()) {
            const auto env = r.find("environment");
            if (env != r.end() && env->is_object()) {
                set.torch = text(*env, "torch");
                set.machine = text(*env, "cpu") + ", " + text(*env, "platform");
            }
        }
        TraceCase c;
        c.id = id;
        c.planFile = planFile;
        c.plan = loadPlanFile(plansDir / std::filesystem::path(planFile).filename(), presets);
        c.peak = positiveBytes(r.value("peak_allocated", json()), file, at + ".peak_allocated");
        const auto moments = r.find("moments");
        if (moments == r.end() || !moments->is_object())
            throw InputError(file, at + ".moments", "expected an object of label -> bytes");
        for (const auto& [label, value] : moments->items())
            c.moments.push_back({label, positiveBytes(value, file, at + ".moments." + label)});
        set.cases.push_back(std::move(c));
    }
    const std::filesystem::path explainedFile = resultsFile.parent_path() / "explained.json";
    if (std::filesystem::exists(explainedFile)) {
        const std::string ef = explainedFile.string();
        const json e = readJson(explainedFile);
        if (!e.is_array())
            throw InputError(ef, "", "expected a list of {mechanism, plans}");
        for (std::size_t i = 0; i < e.size(); ++i) {
            const std::string at = "[" + std::to_string(i) + "]";
            TraceExplanation x;
            x.mechanism = e[i].is_object() ? text(e[i], "mechanism") : "";
            if (x.mechanism.empty())
                throw InputError(ef, at + ".mechanism", "expected the mechanism, in words");
            const auto plans = e[i].find("plans");
            if (plans == e[i].end() || !plans->is_array())
                throw InputError(ef, at + ".plans", "expected a list of plan ids");
            for (const json& p : *plans) {
                if (!p.is_string() || !ids.count(p.get<std::string>()))
                    throw InputError(ef, at + ".plans", "names a plan the results do not have");
                x.plans.push_back(p.get<std::string>());
            }
            set.explained.push_back(std::move(x));
        }
    }
    const std::filesystem::path gapsFile = resultsFile.parent_path() / "known-gaps.txt";
    if (std::filesystem::exists(gapsFile)) {
        std::istringstream in(readInputFile(gapsFile.string()));
        std::string line;
        for (int n = 1; std::getline(in, line); ++n) {
            if (line.empty() || line[0] == '#')
                continue;
            const auto tab = line.find('\t');
            const std::string id = line.substr(0, tab);
            if (!ids.count(id))
                throw InputError(gapsFile.string(), "line " + std::to_string(n),
                                 "names a plan the results do not have");
            set.knownGaps.push_back({id, tab == std::string::npos ? "" : line.substr(tab + 1)});
        }
    }
    return set;
}

std::vector<TraceResult> evaluateTraces(const TraceSet& set, const PresetLibrary& presets) {
    std::vector<TraceResult> out;
    out.reserve(set.cases.size());
    for (const TraceCase& c : set.cases) {
        TraceResult r;
        r.c = &c;
        for (const TraceExplanation& x : set.explained)
            if (std::find(x.plans.begin(), x.plans.end(), c.id) != x.plans.end())
                r.explanation = &x;
        for (const TraceSkip& g : set.knownGaps)
            if (g.id == c.id)
                r.knownGap = &g;
        const Evaluation ev = evaluate(c.plan, presets);
        if (!ev.ok) {
            r.failure = std::string(ev.refusal);
            out.push_back(std::move(r));
            continue;
        }
        r.ok = true;
        // The CPU has no cuBLAS workspace: that CUDA-only part is left out of every moment, and
        // the peak is the largest moment without it.
        auto onCpu = [&](std::size_t i) {
            double bytes = ev.moments[i].allocated();
            const ComponentBreakdown& other =
                ev.moments[i].resident[static_cast<std::size_t>(Component::Other)];
            for (std::size_t k = 0; k < other.part_count; ++k)
                if (other.parts[k].label == "cuBLAS workspace")
                    bytes -= other.parts[k].bytes;
            return bytes;
        };
        std::size_t peakAt = 0;
        for (std::size_t i = 1; i < ev.moment_count; ++i)
            if (onCpu(i) > onCpu(peakAt))
                peakAt = i;
        r.predicted = onCpu(peakAt);
        r.error = (r.predicted - c.peak) / c.peak;
        r.predictedPeakMoment = std::string(ev.moments[peakAt].label);
        for (const TraceMoment& m : c.moments) {
            for (std::size_t i = 0; i < ev.moment_count; ++i) {
                if (ev.moments[i].label != m.label)
                    continue;
                const double p = onCpu(i);
                r.moments.push_back({m.label, m.measured, p, (p - m.measured) / m.measured});
            }
        }
        out.push_back(std::move(r));
    }
    return out;
}

TraceSummary summarizeTraces(const std::vector<TraceResult>& results) {
    TraceSummary s;
    std::vector<double> errs;
    for (const TraceResult& r : results) {
        if (!r.ok)
            continue;
        const double e = std::fabs(r.error);
        errs.push_back(e);
        s.within3 += e <= 0.03;
        s.within10 += e <= 0.10;
        if (e > s.worstAbs) {
            s.worstAbs = e;
            s.worstId = r.c->id;
        }
        if (!r.explanation && e > s.worstUnexplainedAbs) {
            s.worstUnexplainedAbs = e;
            s.worstUnexplainedId = r.c->id;
        }
    }
    s.count = errs.size();
    s.medianAbs = medianOf(errs);
    return s;
}

std::vector<std::string> traceAcceptanceFailures(const std::vector<TraceResult>& results) {
    std::vector<std::string> out;
    for (const TraceResult& r : results) {
        if (!r.ok)
            out.push_back(r.c->id + ": no prediction (" + r.failure + ")");
        else if (std::fabs(r.error) > kTraceWorstLimit && !r.explanation && !r.knownGap)
            out.push_back(r.c->id + ": peak_allocated off by " + percent(r.error) +
                          " (limit 10% unless explained by a mechanism)");
    }
    const TraceSummary s = summarizeTraces(results);
    if (s.count == 0)
        out.push_back("no traced plan");
    else if (s.medianAbs > kTraceMedianLimit)
        out.push_back("median |error| over the traced plans " + percent(s.medianAbs) +
                      " exceeds 3%");
    return out;
}

std::string renderTraceMarkdown(const TraceSet& set, const std::vector<TraceResult>& results,
                                const std::string& resultsLabel) {
    const TraceSummary s = summarizeTraces(results);
    std::ostringstream md;
    md << "## CPU trace: PyTorch's own allocations on the CPU\n\n"
       << "Not a GPU reading. `tests/groundtruth/measure.py --device cpu` ran each plan's step "
          "with PyTorch "
       << (set.torch.empty() ? "(unknown version)" : set.torch) << " on the CPU (" << set.machine
       << ") under an allocation tracer that sees every tensor allocation and free "
          "(c10's CPU allocator), rounded to 512-byte blocks as the CUDA caching allocator "
          "rounds. The step after a warm-up step is reported. Results: `"
       << resultsLabel
       << "` (with the plans, the torch version and the command). Where torch 1.13 or the CPU "
          "cannot run a plan, it is listed as skipped, never approximated.\n\n";
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "| traced plans | median \\|error\\| | worst | within 3%% | within 10%% |\n"
                  "|---:|---:|---|---:|---:|\n"
                  "| %zu | %.1f%% | %.1f%% (`%s`) | %zu | %zu |\n\n",
                  s.count, s.medianAbs * 100, s.worstAbs * 100, s.worstId.c_str(), s.within3,
                  s.within10);
    md << buf;
    md << "What the CPU changes, and so what these figures do not say about a GPU: CPU "
          "autocast's op lists (bfloat16 only in torch 1.13, so fp16 plans are not traced) are "
          "not CUDA's; CPU dropout keeps its mask in the input's dtype (`input * noise`) where "
          "CUDA keeps a 1-byte mask; torch 1.13's foreach AdamW keeps two state-sized "
          "temporaries where torch >= 2.1 keeps one (memplan follows current PyTorch); there is "
          "no cuBLAS workspace, so memplan's is left out of the predictions here. Flash "
          "attention, fused AdamW, Adafactor and fp16 do not exist there and are listed as not "
          "traced.\n\n";

    // Per moment.
    std::map<std::string, std::vector<double>> byMoment;
    for (const TraceResult& r : results)
        for (const TraceMomentResult& m : r.moments)
            byMoment[m.label].push_back(std::fabs(m.error));
    md << "Each moment the planner names, measured as the peak of that phase of the step "
          "(\"end of forward\": what is live when the model body returns):\n\n"
       << "| moment | plans | median \\|error\\| | worst \\|error\\| |\n|---|---:|---:|---:|\n";
    for (const auto& [label, errs] : byMoment) {
        std::snprintf(buf, sizeof buf, "| %s | %zu | %.1f%% | %.1f%% |\n", label.c_str(),
                      errs.size(), medianOf(errs) * 100,
                      *std::max_element(errs.begin(), errs.end()) * 100);
        md << buf;
    }
    md << "\n";

    // Per method and precision.
    std::map<std::string, std::vector<double>> byKind;
    for (const TraceResult& r : results) {
        if (!r.ok)
            continue;
        const TrainingSpec& t = r.c->plan.training;
        const std::string key =
            std::string(keyOf(t.method)) + ", " + std::string(keyOf(t.precision));
        byKind[key].push_back(std::fabs(r.error));
    }
    md << "| method, precision | plans | median \\|error\\| | worst \\|error\\| |\n"
          "|---|---:|---:|---:|\n";
    for (const auto& [key, errs] : byKind) {
        std::snprintf(buf, sizeof buf, "| %s | %zu | %.1f%% | %.1f%% |\n", key.c_str(), errs.size(),
                      medianOf(errs) * 100, *std::max_element(errs.begin(), errs.end()) * 100);
        md << buf;
    }
    md << "\n";

    if (!set.explained.empty()) {
        md << "### Gaps left on purpose\n\n";
        for (const TraceExplanation& x : set.explained)
            md << "- " << x.mechanism << " (" << x.plans.size() << " plans)\n";
        md << "\n";
    }
    if (!set.knownGaps.empty()) {
        md << "### Known gaps, not yet explained\n\nOff by more than 10% with no mechanism found "
              "yet (`known-gaps.txt`):\n\n| plan | error | what is seen |\n|---|---:|---|\n";
        for (const TraceResult& r : results)
            if (r.knownGap)
                md << "| `" << r.c->id << "` | " << percent(r.error) << " | " << r.knownGap->reason
                   << " |\n";
        md << "\n";
    }
    if (!set.skipped.empty()) {
        md << "### Not traced\n\n| plan | why |\n|---|---|\n";
        for (const TraceSkip& k : set.skipped)
            md << "| `" << k.id << "` | " << k.reason << " |\n";
        md << "\n";
    }
    md << "<details><summary>Every traced plan (MiB)</summary>\n\n"
       << "| plan | measured | memplan | error | peak at (memplan) | peak at (trace) |\n"
          "|---|---:|---:|---:|---|---|\n";
    for (const TraceResult& r : results) {
        std::string measuredAt;
        double best = 0;
        for (const TraceMoment& m : r.c->moments)
            if (m.measured > best) {
                best = m.measured;
                measuredAt = m.label;
            }
        md << "| `" << r.c->id << "` | " << mib(r.c->peak) << " | "
           << (r.ok ? mib(r.predicted) : "refused") << " | " << (r.ok ? percent(r.error) : "")
           << (r.explanation ? " (explained)" : "") << " | " << r.predictedPeakMoment << " | "
           << measuredAt << " |\n";
    }
    md << "\n</details>\n";
    return md.str();
}

} // namespace memplan::validation
