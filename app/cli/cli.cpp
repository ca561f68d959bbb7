#include "cli.h"

#include "table_output.h"

#include "memplan/compare_columns.h"
#include "memplan/errors.h"
#include "memplan/export_data.h"
#include "memplan/file_io.h"
#include "memplan/hf_import.h"
#include "memplan/import_plan.h"
#include "memplan/json_reader.h"
#include "memplan/model.h"
#include "memplan/model_json.h"
#include "memplan/param_count.h"
#include "memplan/plan_json.h"
#include "memplan/result_json.h"
#include "memplan/scenario.h"
#include "memplan/solver.h"
#include "memplan/suggest.h"
#include "memplan/sweep.h"
#include "memplan/version.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iostream>
#include <optional>
#include <ostream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace memplan::cli {

using nlohmann::json;

namespace {

const char* const kUsage =
    "usage: memplan-cli COMMAND [options]\n"
    "\n"
    "commands:\n"
    "  eval PLAN.json [--json] [--units gib|gb] [--set PATH=VALUE]...\n"
    "                      memory per GPU for a plan, component by component\n"
    "  check PLAN.json [--set PATH=VALUE]...\n"
    "                      exit 0 when the plan fits its GPU, 1 when it does not (then the\n"
    "                      changes that would make it fit are listed)\n"
    "  solve PLAN.json (--max micro_batch|seq_len | --min gpus) [--json] [--set PATH=VALUE]...\n"
    "                      largest micro-batch or sequence length, or fewest GPUs, that fits\n"
    "  compare PLAN.json [--with A,B,...] [--json|--csv|--md] [--units gib|gb]\n"
    "                      scenarios side by side; each item a recipe, method, sharding or\n"
    "                      optimizer (int8, qlora, zero3) or KEY=VALUE changes joined by '+';\n"
    "                      without --with, the columns saved with the plan (or the window's\n"
    "                      default columns for its method)\n"
    "  sweep PLAN.json --var NAME[:FROM:TO] [--with A,B,...] [--measure M]\n"
    "        [--json|--csv|--md] [--units gib|gb]\n"
    "                      total memory per GPU against micro_batch, seq_len, params or gpus;\n"
    "                      for a serving plan against max_model_len, max_num_seqs or\n"
    "                      gpu_memory_utilization, measured as max_concurrent_sequences\n"
    "                      (default), kv_cache_tokens or total; --with: one line per item\n"
    "  suggest PLAN.json [--json]\n"
    "                      ranked changes that make the plan fit, least given up first\n"
    "  import-hf CONFIG.json|DIR|FILE.safetensors|ORG/NAME[@REVISION] [--plan]\n"
    "                      print the model object for a Hugging Face config.json, a model\n"
    "                      folder, a .safetensors file or a Hub model (HF_ENDPOINT, HF_TOKEN);\n"
    "                      the safetensors headers give the exact parameter count and the\n"
    "                      weights' bytes (on standard error); --plan prints a whole plan\n"
    "  presets             list bundled model and GPU presets\n"
    "  --version           print the version\n"
    "\n"
    "exit status: 0 success, 1 does not fit (check), 2 bad input or usage\n";

struct Options {
    std::string command;
    std::string file;
    bool json = false;
    std::optional<DataFormat> format; // --json, --csv or --md (compare, sweep)
    std::optional<std::string> with, var, measure;
    UnitSystem units = UnitSystem::Binary;
    std::vector<std::string> sets;
    std::optional<std::string> max, min;
    bool wholePlan = false; // import-hf --plan
};

class UsageError : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

Options parseArgs(const std::vector<std::string>& args) {
    Options o;
    if (args.empty())
        throw UsageError("missing command");
    o.command = args[0];
    static const char* const commands[] = {"eval",  "check",   "solve",     "compare",
                                           "sweep", "suggest", "import-hf", "presets"};
    if (std::find(std::begin(commands), std::end(commands), o.command) == std::end(commands))
        throw UsageError("unknown command \"" + printable(o.command) + "\"");
    // What each command accepts; anything else is a usage error, never silently ignored.
    const bool takesFile = o.command != "presets";
    const bool takesPlanOptions = o.command == "eval" || o.command == "check" ||
                                  o.command == "solve" || o.command == "compare" ||
                                  o.command == "sweep" || o.command == "suggest";
    const bool takesJson = takesPlanOptions;
    const bool takesTables = o.command == "compare" || o.command == "sweep";
    const bool takesUnits =
        o.command == "eval" || o.command == "check" || takesTables || o.command == "suggest";
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= args.size())
                throw UsageError(a + " needs a value");
            return args[++i];
        };
        auto refuse = [&](bool accepted) {
            if (!accepted)
                throw UsageError(o.command + " does not take " + printable(a));
        };
        auto setFormat = [&](DataFormat f) {
            if (o.format && *o.format != f)
                throw UsageError("choose one of --json, --csv and --md");
            o.format = f;
        };
        if (a == "--json") {
            refuse(takesJson);
            o.json = true;
            setFormat(DataFormat::Json);
        } else if (a == "--csv" || a == "--md") {
            refuse(takesTables);
            setFormat(a == "--csv" ? DataFormat::Csv : DataFormat::Markdown);
        } else if (a == "--measure") {
            refuse(o.command == "sweep");
            if (o.measure)
                throw UsageError(a + " given twice");
            o.measure = value();
        } else if (a == "--with" || a == "--var") {
            refuse(o.command == "sweep" || (a == "--with" && o.command == "compare"));
            std::optional<std::string>& slot = a == "--with" ? o.with : o.var;
            if (slot)
                throw UsageError(a + " given twice");
            slot = value();
        } else if (a == "--set" || a.rfind("--set=", 0) == 0) {
            refuse(takesPlanOptions);
            o.sets.push_back(a == "--set" ? value() : a.substr(6));
        } else if (a == "--max" || a == "--min") {
            refuse(o.command == "solve");
            std::optional<std::string>& slot = a == "--max" ? o.max : o.min;
            if (slot)
                throw UsageError(a + " given twice");
            slot = value();
        } else if (a == "--plan") {
            refuse(o.command == "import-hf");
            o.wholePlan = true;
        } else if (a == "--units") {
            refuse(takesUnits);
            const std::string u = value();
            if (u == "gib")
                o.units = UnitSystem::Binary;
            else if (u == "gb")
                o.units = UnitSystem::Decimal;
            else
                throw UsageError("--units expects gib or gb");
        } else if (!a.empty() && a[0] == '-' && a != "-")
            throw UsageError("unknown option " + printable(a));
        else if (!takesFile)
            throw UsageError(o.command + " takes no file, got " + printable(a));
        else if (o.file.empty()) {
            if (a.empty())
                throw UsageError(o.command + ": the file name is empty");
            o.file = a;
        } else
            throw UsageError("unexpected argument " + printable(a));
    }
    return o;
}

// Reads PLAN.json, applies --set overrides to the JSON, then parses and validates.
Plan loadPlan(const Options& o, const PresetLibrary& presets) {
    if (o.file.empty())
        throw UsageError(o.command + " needs a plan file");
    const std::string text = readInputFile(o.file);
    json j = parseJsonText(text, o.file);
    for (const auto& s : o.sets)
        applyOverride(j, s, o.file);
    return parsePlanJson(j, o.file, presets);
}

// One line for `check`: fits / fits unless ... / does not fit, with units.
std::string verdictSentence(const Evaluation& e, UnitSystem units) {
    const std::string need =
        formatGiga(e.total, units) + " needed of " + formatGiga(e.capacity, units) + " per GPU";
    switch (verdictOf(e)) {
    case Verdict::Fits:
        return "fits: " + need + " (high end of the band " + formatGiga(e.total_high, units) + ")";
    case Verdict::FitsUnless:
        return "fits unless the high end of the band holds: " + need + ", up to " +
               formatGiga(e.total_high, units) + " possible";
    case Verdict::DoesNotFit:
        break;
    }
    return "does not fit: " + need;
}

int cmdEval(const Options& o, const PresetLibrary& presets, std::ostream& out) {
    const Plan plan = loadPlan(o, presets);
    const Evaluation e = evaluate(plan, presets);
    if (o.json)
        out << evaluationToJson(plan, e).dump(2) << "\n";
    else
        printEvaluation(out, plan, e, o.units);
    return Success;
}

std::string freeOrOver(double headroom) {
    return formatGiga(headroom, UnitSystem::Binary) + " free";
}

// "1. keep the global batch: training.micro_batch 8 -> 2, ... (fits, 3.21 GiB free)"
void printSuggestions(std::ostream& out, const std::vector<Suggestion>& suggestions) {
    if (suggestions.empty()) {
        out << "no single change or combination found that makes it fit\n";
        return;
    }
    out << "changes that make it fit (least given up first):\n";
    int i = 0;
    for (const Suggestion& s : suggestions)
        out << "  " << ++i << ". " << suggestionKindKey(s.kind) << ": "
            << describeChanges(s.changes) << " (" << freeOrOver(s.headroom) << ")\n";
}

int cmdCheck(const Options& o, const PresetLibrary& presets, std::ostream& out, std::ostream& err) {
    const Plan plan = loadPlan(o, presets);
    const Evaluation e = evaluate(plan, presets);
    if (!e.has_capacity) {
        err << "memplan-cli: " << printable(o.file)
            << ": hardware: no GPU capacity (set hardware.gpu or hardware.memory_gib)\n";
        return BadInput;
    }
    const std::vector<Suggestion> fixes =
        e.ok && !e.fits ? suggestFixes(plan, presets) : std::vector<Suggestion>();
    if (o.json) {
        json j = evaluationToJson(plan, e);
        if (!e.fits)
            j["suggestions"] = suggestionsToJson(fixes);
        out << j.dump(2) << "\n";
    } else if (!e.ok) {
        out << "does not fit: " << e.refusal << "\n";
    } else {
        out << verdictSentence(e, o.units) << "\n";
        if (!e.fits)
            printSuggestions(out, fixes);
    }
    return e.fits ? Success : DoesNotFit;
}

int cmdSolve(const Options& o, const PresetLibrary& presets, std::ostream& out) {
    SolveVariable v;
    std::string name;
    if (o.max && !o.min && (*o.max == "micro_batch" || *o.max == "seq_len")) {
        v = *o.max == "micro_batch" ? SolveVariable::MicroBatch : SolveVariable::SeqLen;
        name = *o.max;
    } else if (o.min && !o.max && *o.min == "gpus") {
        v = SolveVariable::Gpus;
        name = "gpus";
    } else {
        throw UsageError("solve needs --max micro_batch, --max seq_len or --min gpus");
    }
    const Plan plan = loadPlan(o, presets);
    const GpuPreset* gpu = plan.hardware.gpu.empty() ? nullptr : presets.findGpu(plan.hardware.gpu);
    if (!gpu && !plan.hardware.memory_gib)
        throw InputError(o.file, "hardware",
                         "solve needs a capacity: set hardware.gpu or hardware.memory_gib");
    const SolveResult r = solve(plan, gpu, v);
    if (o.json) {
        json j = {{"variable", name},
                  {"value", r.value ? json(*r.value) : json(nullptr)},
                  {"at_least", r.atLeast}};
        out << j.dump() << "\n";
    } else if (r.value && r.atLeast) {
        out << name << " = " << *r.value << " fits, the largest value a plan accepts: the answer "
            << "is at least " << *r.value << "\n";
    } else if (r.value) {
        out << name << " = " << *r.value << " is the " << (o.min ? "smallest" : "largest")
            << " value that fits\n";
    } else {
        out << "no value of " << name << " up to " << r.limit << " fits\n";
    }
    return Success;
}

int cmdCompare(const Options& o, const PresetLibrary& presets, std::ostream& out) {
    const Plan plan = loadPlan(o, presets);
    // Without --with: the columns saved with the plan (its `compare` list, as the window
    // keeps them), or the window's default columns for the plan's method.
    std::vector<ScenarioOverrides> items;
    if (o.with) {
        std::string problem;
        auto parsed = parseScenarioList(*o.with, presets, &problem);
        if (!parsed)
            throw UsageError("--with " + problem);
        items = std::move(*parsed);
    } else {
        items = plan.compare.empty() ? defaultScenarios(plan, presets)
                                     : savedOverridesList(plan.compare, presets);
    }
    std::vector<ScenarioResult> scenarios = resolveScenarios(plan, items, presets);
    if (!o.with)
        for (std::size_t i = 0; i < plan.compare.size() && i < scenarios.size(); ++i)
            if (!plan.compare[i].name.empty())
                scenarios[i].name = plan.compare[i].name;
    out << scenarioData(o.format.value_or(DataFormat::Markdown), scenarios, o.units,
                        compareTitle(plan, scenarios));
    return Success;
}

int cmdSweep(const Options& o, const PresetLibrary& presets, std::ostream& out) {
    if (!o.var)
        throw UsageError("sweep needs --var NAME[:FROM:TO] (micro_batch, seq_len, params, gpus; "
                         "max_model_len, max_num_seqs, gpu_memory_utilization)");
    const Plan plan = loadPlan(o, presets);
    std::string problem;
    auto range = parseSweepSpec(*o.var, plan, &problem);
    if (!range)
        throw UsageError("--var " + *o.var + ": " + problem);
    if (o.measure) {
        const auto m = sweepMeasureFromKey(*o.measure);
        if (!m)
            throw UsageError("--measure " + printable(*o.measure) +
                             ": use total, kv_cache_tokens or max_concurrent_sequences");
        if (!sweepMeasureApplies(*m, plan))
            throw UsageError("--measure " + *o.measure +
                             ": applies to serving plans only (training.method \"serving\")");
        range->measure = *m;
    }
    // One line for the plan, or one per --with item (e.g. kv_cache_dtype=auto,kv_cache_dtype=fp8).
    std::vector<SweepInput> inputs;
    if (o.with) {
        const auto items = parseScenarioList(*o.with, presets, &problem);
        if (!items)
            throw UsageError("--with " + problem);
        for (const ScenarioResult& s : resolveScenarios(plan, *items, presets)) {
            if (!s.problem.empty())
                throw UsageError("--with " + s.problem);
            inputs.push_back({s.name, s.plan});
        }
    } else {
        inputs.push_back({plan.name.empty() ? std::string("Current plan") : plan.name, plan});
    }
    const SweepResult sweep = runSweep(inputs, *range, presets);
    out << sweepData(o.format.value_or(DataFormat::Markdown), sweep, presets, o.units,
                     sweepTitle(plan, sweep));
    return Success;
}

int cmdSuggest(const Options& o, const PresetLibrary& presets, std::ostream& out) {
    if (o.format && *o.format != DataFormat::Json)
        throw UsageError("suggest writes text or --json");
    const Plan plan = loadPlan(o, presets);
    const Evaluation e = evaluate(plan, presets);
    if (!e.has_capacity)
        throw InputError(o.file, "hardware",
                         "suggest needs a capacity: set hardware.gpu or hardware.memory_gib");
    const std::vector<Suggestion> fixes = suggestFixes(plan, presets);
    if (o.json) {
        const json j = {{"schema_version", 1},
                        {"fits", e.ok && e.fits},
                        {"suggestions", suggestionsToJson(fixes)}};
        out << j.dump(2) << "\n";
    } else if (e.ok && e.fits) {
        out << "fits: " << formatGiga(e.headroom, o.units) << " free per GPU; nothing to change\n";
    } else {
        printSuggestions(out, fixes);
    }
    return Success;
}

HubImport& hubImport() {
    static HubImport import;
    return import;
}

int cmdImportHf(const Options& o, std::ostream& out, std::ostream& err) {
    if (o.file.empty())
        throw UsageError("import-hf needs a config.json, a model folder or ORG/NAME");
    ImportedModel im;
    if (looksLikeRepoId(o.file)) {
        if (!hubImport())
            throw std::runtime_error(o.file +
                                     ": this memplan-cli was built without Hugging Face Hub "
                                     "access (Qt Network); download the model's config.json "
                                     "and *.safetensors* files and give their folder instead");
        im = hubImport()(o.file, err);
    } else {
        im = importLocalModel(o.file);
    }
    // The checkpoint's summary goes to standard error: standard output stays one JSON document.
    if (im.checkpoint)
        for (const std::string& line : describeCheckpoint(*im.checkpoint))
            err << line << "\n";
    if (im.model.params)
        err << "params: " << static_cast<long long>(*im.model.params)
            << " from the headers (the shape keys count "
            << static_cast<long long>(countParameters(im.model).total) << ")\n";
    const ModelSpec& m = im.model;
    const std::string file = im.config_file.empty() ? o.file : im.config_file;
    if (o.wholePlan) {
        // The plan defaults (docs/plan-format.md) around the model; it reads back as a plan.
        // A pre-quantized checkpoint sets the recipe (import_plan.h); the change goes to
        // standard error with the summary.
        std::string change;
        const Plan p = planForImport(im, Plan{}, &change);
        if (!change.empty())
            err << change << "\n";
        validatePlan(p, file);
        out << serializePlan(p);
        return Success;
    }
    json j = modelToJson(m, false);
    if (m.params) // the headers' exact count, where the shape keys cannot reproduce it
        j["params"] = static_cast<int64_t>(*m.params);
    out << j.dump(2) << "\n";
    return Success;
}

} // namespace

void setHubImport(HubImport import) {
    hubImport() = std::move(import);
}

bool looksLikeRepoId(const std::string& text) {
    std::error_code ec;
    if (text.empty() || std::filesystem::exists(text, ec))
        return false;
    const auto at = text.find('@');
    const std::string id = text.substr(0, at);
    if (at != std::string::npos && (at + 1 == text.size() || text.size() - at > 256))
        return false;
    const auto slash = id.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == id.size() ||
        id.find('/', slash + 1) != std::string::npos || id.size() > 200)
        return false;
    for (std::size_t i = 0; i < id.size(); ++i) {
        const char c = id[i];
        const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
                        c == '.' || c == '/';
        if (!ok)
            return false;
        // A part starting with '.' is a path ("./x", "../x"), never a Hub name.
        if (c == '.' && (i == 0 || id[i - 1] == '/'))
            return false;
    }
    return true;
}

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    try {
        if (!args.empty() && (args[0] == "--version" || args[0] == "version")) {
            out << "memplan-cli " << kVersion << "\n";
            return Success;
        }
        if (!args.empty() && (args[0] == "--help" || args[0] == "-h" || args[0] == "help")) {
            out << kUsage;
            return Success;
        }
        const Options o = parseArgs(args);
        if (o.command == "presets") {
            printPresets(out, PresetLibrary::loadBundled());
            return Success;
        }
        if (o.command == "import-hf")
            return cmdImportHf(o, out, err);
        const PresetLibrary presets = PresetLibrary::loadBundled();
        if (o.command == "eval")
            return cmdEval(o, presets, out);
        if (o.command == "check")
            return cmdCheck(o, presets, out, err);
        if (o.command == "solve")
            return cmdSolve(o, presets, out);
        if (o.command == "compare")
            return cmdCompare(o, presets, out);
        if (o.command == "sweep")
            return cmdSweep(o, presets, out);
        if (o.command == "suggest")
            return cmdSuggest(o, presets, out);
        throw UsageError("unknown command \"" + printable(o.command) + "\"");
    } catch (const UsageError& e) {
        err << "memplan-cli: " << e.what() << " (see memplan-cli --help)\n";
        return BadInput;
    } catch (const std::exception& e) {
        // Messages quote names and keys from files: escaped, they stay on one line.
        err << "memplan-cli: " << printable(e.what()) << "\n";
        return BadInput;
    }
}

} // namespace memplan::cli
