// memplan-validate: evaluates every published case in tests/data/reference/cases.json, prints
// the comparison table and, with --markdown FILE, writes docs/accuracy.md.
//
//   memplan-validate [--cases FILE] [--traces FILE] [--gpu DIR] [--presets DIR] [--markdown FILE]
//
// --traces names the CPU-trace results (tests/data/measured/cpu-trace/results.json by
// default); --gpu the folder of GPU measurements (tests/data/measured/cuda-h200 by default:
// gpu-grid.json over its plans/, cpu-grid.json over the CPU trace's plans). Each is compared
// and shown as its own group, after the published figures.
//
// Exit status: 0 when the acceptance limits hold, 1 when they do not, 2 on bad input or usage.

#include "cpu_trace.h"
#include "gpu_measured.h"
#include "validation.h"

#include "memplan/errors.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#ifndef MEMPLAN_VALIDATION_CASES
#error "MEMPLAN_VALIDATION_CASES must name tests/data/reference/cases.json"
#endif

namespace {

int usage(const char* why) {
    if (why)
        std::cerr << "memplan-validate: " << why << "\n";
    std::cerr
        << "usage: memplan-validate [--cases FILE] [--traces FILE] [--gpu DIR] [--presets DIR] "
           "[--markdown FILE]\n";
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    namespace mv = memplan::validation;
    std::string casesPath = MEMPLAN_VALIDATION_CASES;
    std::string tracesPath = MEMPLAN_CPU_TRACE_RESULTS;
    std::string gpuDir = MEMPLAN_GPU_MEASURED_DIR;
    std::string presetsDir;
    std::string markdownPath;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= argc)
                return false;
            out = argv[++i];
            return true;
        };
        if (a == "--cases") {
            if (!value(casesPath))
                return usage("--cases needs a file");
        } else if (a == "--traces") {
            if (!value(tracesPath))
                return usage("--traces needs a file");
        } else if (a == "--gpu") {
            if (!value(gpuDir))
                return usage("--gpu needs a directory");
        } else if (a == "--presets") {
            if (!value(presetsDir))
                return usage("--presets needs a directory");
        } else if (a == "--markdown") {
            if (!value(markdownPath))
                return usage("--markdown needs a file");
        } else if (a == "-h" || a == "--help") {
            usage(nullptr);
            return 0;
        } else {
            return usage(("unknown argument " + a).c_str());
        }
    }

    try {
        memplan::PresetLibrary presets;
        if (presetsDir.empty())
            presets = memplan::PresetLibrary::loadBundled();
        else
            presets.loadDirectory(presetsDir);
        const mv::CaseFile file = mv::loadCases(casesPath, presets);
        const std::vector<mv::Result> results = mv::evaluateAll(file, presets);

        std::cout << mv::formatTable(results) << "\n";
        for (const mv::RuleStats& s : mv::ruleStats(results)) {
            std::printf("%-34s median |error| %5.1f%% over %zu measured cases, %zu within 25%%\n",
                        s.name.c_str(), s.medianAbs * 100, s.count, s.within25);
        }
        const mv::TraceSet traces = mv::loadTraces(tracesPath, presets);
        const std::vector<mv::TraceResult> traced = mv::evaluateTraces(traces, presets);
        const mv::TraceSummary ts = mv::summarizeTraces(traced);
        std::printf("CPU trace (torch %s, PyTorch CPU allocations): %zu plans, median |error| "
                    "%.1f%%, worst %.1f%% (%s), worst unexplained %.1f%%\n",
                    traces.torch.c_str(), ts.count, ts.medianAbs * 100, ts.worstAbs * 100,
                    ts.worstId.c_str(), ts.worstUnexplainedAbs * 100);
        const std::filesystem::path gpu = gpuDir;
        const std::vector<mv::GpuSet> gpuSets = {
            mv::loadGpuResults(gpu / "gpu-grid.json", gpu / "plans", "GPU grid", presets),
            mv::loadGpuResults(gpu / "cpu-grid.json",
                               std::filesystem::path(tracesPath).parent_path() / "plans",
                               "CPU-trace grid on the GPU", presets)};
        std::vector<std::vector<mv::GpuResult>> gpuResults;
        for (const mv::GpuSet& set : gpuSets) {
            gpuResults.push_back(mv::evaluateGpu(set, presets));
            const mv::GpuSummary gs = mv::summarizeGpu(gpuResults.back());
            std::printf("%s (%s, torch %s): %zu plans, median |error| %.1f%% (signed %+.1f%%), "
                        "worst %.1f%% (%s); peak_reserved median |error| %.1f%%\n",
                        set.label.c_str(), set.gpu.c_str(), set.torch.c_str(), gs.count,
                        gs.medianAbs * 100, gs.medianSigned * 100, gs.worstAbs * 100,
                        gs.worstId.c_str(), gs.reservedMedianAbs * 100);
        }
        if (!markdownPath.empty()) {
            const std::string text =
                mv::renderMarkdown(file, results, "tests/data/reference/cases.json") + "\n" +
                mv::renderTraceMarkdown(traces, traced, "tests/data/measured/cpu-trace/") + "\n" +
                mv::renderGpuMarkdown(gpuSets, gpuResults, "tests/data/measured/cuda-h200/");
            std::ofstream out(markdownPath, std::ios::binary | std::ios::trunc);
            if (!(out << text))
                throw memplan::InputError(markdownPath, "", "cannot write");
            std::cout << "wrote " << markdownPath << "\n";
        }
        auto failures = mv::acceptanceFailures(results);
        for (std::string& f : mv::traceAcceptanceFailures(traced))
            failures.push_back("CPU trace: " + std::move(f));
        for (std::size_t g = 0; g < gpuSets.size(); ++g)
            for (std::string& f : mv::gpuAcceptanceFailures(gpuResults[g]))
                failures.push_back(gpuSets[g].label + ": " + std::move(f));
        if (failures.empty()) {
            std::cout << "acceptance: passes\n";
            return 0;
        }
        std::cout << "acceptance: FAILS\n";
        for (const auto& f : failures)
            std::cout << "  " << f << "\n";
        return 1;
    } catch (const memplan::InputError& e) {
        std::cerr << "memplan-validate: " << e.what() << "\n";
        return 2;
    }
}
