#include "gpu_measured.h"

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

std::string text(const json& obj, const char* key) {
    const auto it = obj.find(key);
    return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

double bytesAt(const json& obj, const char* key, const std::string& file, const std::string& at) {
    const auto it = obj.find(key);
    if (it == obj.end() || !it->is_number() || !std::isfinite(it->get<double>()) ||
        it->get<double>() < 0)
        throw InputError(file, at + "." + key, "expected a byte count");
    return it->get<double>();
}

std::string idOf(const std::string& planFile) {
    std::string name = std::filesystem::path(planFile).filename().string();
    const std::string suffix = ".memplan.json";
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
        name.resize(name.size() - suffix.size());
    return name;
}

double workspaceBytes(const Moment& m) {
    const ComponentBreakdown& other = m.resident[static_cast<std::size_t>(Component::Other)];
    double bytes = 0;
    for (std::size_t k = 0; k < other.part_count; ++k)
        if (other.parts[k].label == "cuBLAS workspace")
            bytes += other.parts[k].bytes;
    return bytes;
}

} // namespace

GpuSet loadGpuResults(const std::filesystem::path& resultsFile,
                      const std::filesystem::path& plansDir, const std::string& label,
                      const PresetLibrary& presets) {
    const std::string file = resultsFile.string();
    json j;
    try {
        j = json::parse(readInputFile(file));
    } catch (const json::parse_error& e) {
        throw InputError(file, "", std::string("malformed JSON: ") + e.what());
    }
    if (!j.is_array() || j.empty())
        throw InputError(file, "", "expected a non-empty list of results (measure.py --out)");
    GpuSet set;
    set.label = label;
    std::set<std::string> ids;
    for (std::size_t i = 0; i < j.size(); ++i) {
        std::string at = "[";
        at += std::to_string(i);
        at += ']';
        const json& r = j[i];
        if (!r.is_object() || text(r, "plan").empty())
            throw InputError(file, at + ".plan", "expected an object naming its plan");
        const std::string id = idOf(text(r, "plan"));
        if (!ids.insert(id).second)
            throw InputError(file, at + ".plan", "duplicate plan \"" + id + "\"");
        const std::string status = text(r, "status");
        if (status != "ok") {
            // skipped (this torch cannot run it), oom (a neighbour process may have caused it:
            // not a reading), not-run (the lease ended first), error
            set.skipped.push_back({id, status + ": " + text(r, "reason")});
            continue;
        }
        const auto measured = r.find("measured");
        if (measured == r.end() || !measured->is_object())
            throw InputError(file, at + ".measured", "expected the measured figures");
        if (set.torch.empty()) {
            const auto env = r.find("environment");
            if (env != r.end() && env->is_object()) {
                set.torch = text(*env, "torch");
                set.gpu = text(*env, "gpu_name");
            }
        }
        GpuCase c;
        c.id = id;
        c.plan =
            loadPlanFile(plansDir / std::filesystem::path(text(r, "plan")).filename(), presets);
        c.peakAllocated = bytesAt(r, "peak_allocated", file, at);
        c.peakReserved = bytesAt(*measured, "steady_peak_reserved", file, at + ".measured");
        c.carried =
            std::max(0.0, bytesAt(*measured, "after_load_allocated", file, at + ".measured") -
                              bytesAt(*measured, "weights_bytes", file, at + ".measured"));
        if (c.peakAllocated - c.carried <= 0)
            throw InputError(file, at + ".peak_allocated",
                             "expected a peak above what the worker held before the plan");
        set.cases.push_back(std::move(c));
    }
    return set;
}

std::vector<GpuResult> evaluateGpu(const GpuSet& set, const PresetLibrary& presets) {
    std::vector<GpuResult> out;
    out.reserve(set.cases.size());
    for (const GpuCase& c : set.cases) {
        GpuResult r;
        r.c = &c;
        const Evaluation ev = evaluate(c.plan, presets);
        if (!ev.ok) {
            r.failure = std::string(ev.refusal);
            out.push_back(std::move(r));
            continue;
        }
        r.ok = true;
        // memplan predicts a fresh process. The measuring worker ran several plans in one
        // process, and what earlier plans left allocated stays so through this one: their
        // cuBLAS workspaces (never freed) and, after an out-of-memory error, tensors the
        // exception kept alive. So the comparison is on this plan's own allocations: the
        // measured peak less what was carried in, against memplan's peak less the workspaces
        // the process already had.
        const double own = c.peakAllocated - c.carried;
        double predicted = 0, workspaces = 0;
        for (std::size_t i = 0; i < ev.moment_count; ++i) {
            const double ws = workspaceBytes(ev.moments[i]);
            const double bytes = ev.moments[i].allocated() - std::min(ws, c.carried);
            if (bytes > predicted) {
                predicted = bytes;
                workspaces = ws;
            }
        }
        r.predicted = predicted;
        r.error = (predicted - own) / own;
        const double ownReserved = c.peakReserved - c.carried;
        r.predictedReserved = ev.peak_reserved - std::min(workspaces, c.carried);
        r.reservedError = (r.predictedReserved - ownReserved) / ownReserved;
        out.push_back(std::move(r));
    }
    return out;
}

GpuSummary summarizeGpu(const std::vector<GpuResult>& results) {
    GpuSummary s;
    std::vector<double> errs, signedErrs, reserved;
    for (const GpuResult& r : results) {
        if (!r.ok)
            continue;
        const double e = std::fabs(r.error);
        errs.push_back(e);
        signedErrs.push_back(r.error);
        reserved.push_back(std::fabs(r.reservedError));
        s.within3 += e <= 0.03;
        s.within10 += e <= 0.10;
        if (e > s.worstAbs) {
            s.worstAbs = e;
            s.worstId = r.c->id;
        }
    }
    s.count = errs.size();
    s.medianAbs = medianOf(errs);
    s.medianSigned = medianOf(signedErrs);
    s.reservedMedianAbs = medianOf(reserved);
    return s;
}

std::vector<std::string> gpuAcceptanceFailures(const std::vector<GpuResult>& results) {
    std::vector<std::string> out;
    for (const GpuResult& r : results) {
        if (!r.ok)
            out.push_back(r.c->id + ": no prediction (" + r.failure + ")");
    }
    const GpuSummary s = summarizeGpu(results);
    if (s.count == 0)
        out.push_back("no measured plan");
    else if (s.medianAbs > kGpuMedianLimit)
        out.push_back("median |error| over the measured plans " + percent(s.medianAbs) +
                      " exceeds 3%");
    return out;
}

std::string renderGpuMarkdown(const std::vector<GpuSet>& sets,
                              const std::vector<std::vector<GpuResult>>& results,
                              const std::string& dataDir) {
    std::ostringstream md;
    md << "## GPU measured: PyTorch's caching allocator on a real GPU\n\n"
       << "`tests/groundtruth/gpu_run.sh` ran each plan's training step (or generation) for "
          "real with `measure.py` on one "
       << (sets.empty() || sets[0].gpu.empty() ? "GPU" : sets[0].gpu) << " with PyTorch "
       << (sets.empty() ? "" : sets[0].torch)
       << ", several worker processes side by side, each measuring its plans one after "
          "another. The figure is the steady step's `torch.cuda.max_memory_allocated()` "
          "(`max_memory_reserved()` for the reserved column), which counts only the process's "
          "own allocations. A worker keeps what its earlier plans left allocated (their cuBLAS "
          "workspaces; after an out-of-memory error, what the exception kept alive), so each "
          "plan is compared on its own allocations: the measured peak less what was carried "
          "in, against memplan's peak less the workspaces the worker already had (see "
       << dataDir << "README.md). Plans that ran out of memory there (a neighbour process may "
       << "have caused it) or were not reached before the machine's lease ended are listed as "
          "not measured.\n\n";
    md << "| grid | measured plans | median \\|error\\| | median signed | worst | within 3% | "
          "within 10% | reserved: median \\|error\\| |\n|---|---:|---:|---:|---|---:|---:|---:|\n";
    char buf[512];
    for (std::size_t g = 0; g < sets.size(); ++g) {
        const GpuSummary s = summarizeGpu(results[g]);
        std::snprintf(buf, sizeof buf,
                      "| %s | %zu | %.1f%% | %+.1f%% | %.1f%% (`%s`) | %zu | %zu | %.1f%% |\n",
                      sets[g].label.c_str(), s.count, s.medianAbs * 100, s.medianSigned * 100,
                      s.worstAbs * 100, s.worstId.c_str(), s.within3, s.within10,
                      s.reservedMedianAbs * 100);
        md << buf;
    }
    md << "\n";
    for (std::size_t g = 0; g < sets.size(); ++g) {
        std::map<std::string, std::vector<double>> byKind;
        for (const GpuResult& r : results[g]) {
            if (!r.ok)
                continue;
            const TrainingSpec& t = r.c->plan.training;
            byKind[std::string(keyOf(t.method)) + ", " + std::string(keyOf(t.precision))].push_back(
                r.error);
        }
        md << "### " << sets[g].label << ", by method and precision\n\n"
           << "| method, precision | plans | median signed error | worst \\|error\\| |\n"
              "|---|---:|---:|---:|\n";
        for (const auto& [key, errs] : byKind) {
            double worst = 0;
            for (double e : errs)
                worst = std::max(worst, std::fabs(e));
            std::snprintf(buf, sizeof buf, "| %s | %zu | %+.1f%% | %.1f%% |\n", key.c_str(),
                          errs.size(), medianOf(errs) * 100, worst * 100);
            md << buf;
        }
        md << "\n";
        if (!sets[g].skipped.empty()) {
            md << "<details><summary>" << sets[g].label << ": not measured ("
               << sets[g].skipped.size() << ")</summary>\n\n| plan | why |\n|---|---|\n";
            for (const GpuSkip& k : sets[g].skipped) {
                std::string why = k.reason.substr(0, k.reason.find('\n'));
                if (why.size() > 160)
                    why = why.substr(0, 157) + "...";
                md << "| `" << k.id << "` | " << why << " |\n";
            }
            md << "\n</details>\n\n";
        }
        md << "<details><summary>" << sets[g].label
           << ": every measured plan (MiB)</summary>\n\n"
              "| plan | measured | memplan | error | reserved | memplan | error |\n"
              "|---|---:|---:|---:|---:|---:|---:|\n";
        for (const GpuResult& r : results[g])
            md << "| `" << r.c->id << "` | " << mib(r.c->peakAllocated - r.c->carried) << " | "
               << (r.ok ? mib(r.predicted) : "refused") << " | " << (r.ok ? percent(r.error) : "")
               << " | " << mib(r.c->peakReserved - r.c->carried) << " | "
               << (r.ok ? mib(r.predictedReserved) : "") << " | "
               << (r.ok ? percent(r.reservedError) : "") << " |\n";
        md << "\n</details>\n\n";
    }
    return md.str();
}

} // namespace memplan::validation
