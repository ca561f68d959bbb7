#include "memplan/export_data.h"

#include "memplan/compare_findings.h"
#include "memplan/model.h"
#include "memplan/names.h"
#include "memplan/result_json.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <set>

#include <nlohmann/json.hpp>

namespace memplan {

namespace {

using nlohmann::json;

constexpr const char* kComponentColumns[] = {"weights", "gradients", "optimizer_states",
                                             "activations", "other"};

// A CSV text field, quoted when it has to be (RFC 4180). Text starting with = + - @ (or a
// tab or carriage return) would run as a formula in a spreadsheet: a leading apostrophe
// keeps it text (OWASP, "CSV Injection").
std::string csv(const std::string& text) {
    const std::string field =
        !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos
            ? "'" + text
            : text;
    if (field.find_first_of(",\"\n\r") == std::string::npos)
        return field;
    std::string f = "\"";
    for (char c : field) {
        if (c == '"')
            f += '"';
        f += c;
    }
    return f + "\"";
}

std::string number(double v, int significant) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", significant, v);
    return buf;
}

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

// A whole number with thousands separators: "450,144".
std::string grouped(double v) {
    std::string digits = fixed(std::floor(v), 0);
    for (auto i = static_cast<std::ptrdiff_t>(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(static_cast<std::size_t>(i), ",");
    return digits;
}

std::string csvValue(const json& j) {
    if (j.is_null())
        return {};
    if (j.is_boolean())
        return j.get<bool>() ? "true" : "false";
    if (j.is_number_integer())
        return std::to_string(j.get<int64_t>());
    return number(j.get<double>(), 17);
}

// A Markdown table cell: pipes escaped, no line breaks.
std::string md(const std::string& cell) {
    std::string out;
    for (char c : cell) {
        if (c == '|')
            out += "\\|";
        else if (c == '\n')
            out += ' ';
        else
            out += c;
    }
    return out;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i)
        out += (i ? std::string(sep) : std::string()) + items[i];
    return out;
}

std::string unitDescription(UnitSystem units) {
    return units == UnitSystem::Binary ? "GiB (2^30 bytes)" : "GB (10^9 bytes)";
}

std::string size(double bytes, UnitSystem units) {
    return formatGiga(bytes, units);
}

std::string lowerFirst(std::string s) {
    if (s.size() > 1 && std::islower(static_cast<unsigned char>(s[1])))
        s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
    return s;
}

std::string planTitle(const Plan& plan) {
    return plan.name.empty() ? std::string("Current plan") : plan.name;
}

std::string heading(std::string_view title) {
    return title.empty() ? std::string() : "### " + std::string(title) + "\n\n";
}

std::vector<ComparedPlan> comparedPlans(const std::vector<ScenarioResult>& scenarios) {
    std::vector<ComparedPlan> out;
    for (const ScenarioResult& s : scenarios)
        out.push_back({s.name, &s.plan, &s.evaluation});
    return out;
}

} // namespace

std::optional<DataFormat> dataFormatForPath(std::string_view path) {
    const std::size_t dot = path.rfind('.');
    const std::size_t slash = path.find_last_of("/\\");
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash))
        return std::nullopt;
    std::string suffix(path.substr(dot + 1));
    for (char& c : suffix)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (suffix == "csv")
        return DataFormat::Csv;
    if (suffix == "md" || suffix == "markdown")
        return DataFormat::Markdown;
    if (suffix == "json")
        return DataFormat::Json;
    return std::nullopt;
}

std::string scenariosToCsv(const std::vector<ScenarioResult>& scenarios) {
    std::vector<std::string> header{"scenario", "changes", "recipe"};
    for (const char* c : kComponentColumns)
        header.push_back(std::string(c) + "_bytes");
    for (const char* c : {"peak_allocated_bytes", "runtime_overhead_bytes", "total_bytes",
                          "total_gib", "capacity_bytes", "fits", "headroom_bytes", "host_bytes",
                          "params_total", "params_trainable"})
        header.emplace_back(c);
    std::string out = join(header, ",") + "\n";
    for (const ScenarioResult& s : scenarios) {
        const json j = evaluationToJson(s.plan, s.evaluation);
        const json& g = j.at("per_gpu");
        std::vector<std::string> row{csv(s.name), csv(s.overrides.toJson().dump()),
                                     std::string(keyOf(s.plan.training.precision))};
        for (const char* c : kComponentColumns)
            row.push_back(csvValue(g.at(c)));
        row.push_back(csvValue(g.at("peak_allocated")));
        row.push_back(csvValue(g.value("runtime_overhead", json())));
        row.push_back(csvValue(g.at("total")));
        row.push_back(g.at("total").is_null() ? std::string()
                                              : fixed(g.at("total").get<double>() / kGiB, 4));
        row.push_back(csvValue(j.at("capacity")));
        row.push_back(csvValue(j.at("fits")));
        row.push_back(csvValue(j.at("headroom")));
        row.push_back(csvValue(j.at("host")));
        row.push_back(csvValue(j.at("params").at("total")));
        row.push_back(csvValue(j.at("params").at("trainable")));
        out += join(row, ",") + "\n";
    }
    return out;
}

std::string scenariosToMarkdown(const std::vector<ScenarioResult>& scenarios, UnitSystem units,
                                std::string_view title) {
    std::string out = heading(title);
    std::vector<std::string> head{"Per GPU"}, align{"---"};
    for (const ScenarioResult& s : scenarios) {
        head.push_back(md(s.name));
        align.emplace_back("---:");
    }
    out += "| " + join(head, " | ") + " |\n|" + join(align, "|") + "|\n";
    auto row = [&](const std::string& label, auto cell) {
        std::vector<std::string> cells{label};
        for (const ScenarioResult& s : scenarios)
            cells.push_back(md(cell(s)));
        out += "| " + join(cells, " | ") + " |\n";
    };
    const bool anyChanges =
        std::any_of(scenarios.begin(), scenarios.end(),
                    [](const ScenarioResult& s) { return !s.overrides.empty(); });
    if (anyChanges)
        row("Changes", [](const ScenarioResult& s) {
            return s.changes.empty() ? std::string("\u2014") : s.changes;
        });
    row("Recipe",
        [](const ScenarioResult& s) { return std::string(labelOf(s.plan.training.precision)); });
    for (std::size_t c = 0; c < kComponentCount; ++c) {
        const auto comp = static_cast<Component>(c);
        if (comp == Component::RuntimeOverhead)
            row("Peak allocated", [&](const ScenarioResult& s) {
                return s.evaluation.ok ? size(s.evaluation.peak_allocated, units)
                                       : std::string("refused");
            });
        row(std::string(labelOf(comp)), [&](const ScenarioResult& s) {
            return s.evaluation.ok ? size(s.evaluation.bytes(comp), units) : std::string("refused");
        });
    }
    row("**Total per GPU**", [&](const ScenarioResult& s) {
        return s.evaluation.ok ? "**" + size(s.evaluation.total, units) + "**"
                               : std::string("refused");
    });
    row("GPU capacity", [&](const ScenarioResult& s) {
        return s.evaluation.has_capacity ? size(s.evaluation.capacity, units)
                                         : std::string("no GPU");
    });
    row("Fits", [&](const ScenarioResult& s) {
        if (!s.evaluation.ok || !s.evaluation.has_capacity)
            return std::string("\u2014");
        return s.evaluation.fits ? "yes, " + size(s.evaluation.headroom, units) + " free"
                                 : "no, over by " + size(-s.evaluation.headroom, units);
    });
    // Serving columns: what the engine's KV cache holds (the bytes alone do not tell fp8 from
    // bf16: the budget is the same, the tokens are not).
    const bool serving = std::any_of(scenarios.begin(), scenarios.end(), [](const auto& s) {
        return s.evaluation.ok && s.evaluation.serving.present;
    });
    if (serving) {
        const auto known = [](const ScenarioResult& s) {
            return s.evaluation.ok && s.evaluation.serving.present &&
                   s.evaluation.serving.budget_known;
        };
        row("KV cache tokens", [&](const ScenarioResult& s) {
            return known(s) ? grouped(s.evaluation.serving.kv_cache_tokens) : std::string("\u2014");
        });
        row("Concurrent requests at max_model_len", [&](const ScenarioResult& s) {
            if (!known(s))
                return std::string("\u2014");
            const ServingFigures& f = s.evaluation.serving;
            return fixed(std::floor(f.max_concurrent_sequences * 100) / 100, 2) + " x " +
                   grouped(static_cast<double>(f.max_model_len)) + " tokens";
        });
        row("Longest single request", [&](const ScenarioResult& s) {
            return known(s) ? grouped(s.evaluation.serving.longest_single_sequence) + " tokens"
                            : std::string("\u2014");
        });
    }
    out += "\nSizes in " + unitDescription(units) + ", per GPU at the peak of the step.\n";
    // Why the columns differ (compare_findings.h), one paragraph per column.
    const ComparisonFindings why = compareAll(comparedPlans(scenarios));
    if (!why.overview.empty() || !why.columns.empty()) {
        out += "\n**Why the columns differ**\n";
        const auto paragraph = [&](const std::vector<Finding>& findings) {
            out += '\n';
            out += findingsText(findings, units);
            out += '\n';
        };
        if (!why.overview.empty())
            paragraph(why.overview);
        for (const std::vector<Finding>& column : why.columns)
            paragraph(column);
    }
    return out;
}

std::string scenariosToJson(const std::vector<ScenarioResult>& scenarios) {
    json list = json::array();
    for (const ScenarioResult& s : scenarios) {
        json j = evaluationToJson(s.plan, s.evaluation);
        j["name"] = s.name;
        j["changes"] = s.overrides.toJson();
        if (!s.problem.empty())
            j["problem"] = s.problem;
        list.push_back(std::move(j));
    }
    const std::vector<ComparedPlan> columns = comparedPlans(scenarios);
    const json root = {{"schema_version", 1},
                       {"scenarios", list},
                       {"findings", comparisonFindingsToJson(compareAll(columns), columns)}};
    return root.dump(2) + "\n";
}

namespace {
// A sweep of serving plans also reports what the KV cache holds.
bool servingSweep(const SweepResult& sweep) {
    return std::any_of(sweep.lines.begin(), sweep.lines.end(), [](const SweepLine& l) {
        return l.plan.training.method == Method::Serving;
    });
}
} // namespace

std::string sweepToCsv(const SweepResult& sweep) {
    const std::string var(sweepVariableKey(sweep.range.variable));
    const bool serving = servingSweep(sweep);
    std::string out = "scenario,variable,value,peak_allocated_bytes,total_bytes,total_gib,"
                      "capacity_bytes,fits,first_not_fitting";
    out += serving ? ",kv_cache_tokens,max_concurrent_sequences\n" : "\n";
    for (const SweepLine& l : sweep.lines) {
        for (std::size_t i = 0; i < l.points.size(); ++i) {
            const SweepPoint& p = l.points[i];
            std::vector<std::string> row{csv(l.name), var, number(p.value, 15)};
            if (p.ok) {
                row.push_back(std::to_string(std::llround(p.peakAllocated)));
                row.push_back(std::to_string(std::llround(p.total)));
                row.push_back(fixed(p.total / kGiB, 4));
            } else {
                row.insert(row.end(), 3, std::string());
            }
            row.push_back(l.hasCapacity ? std::to_string(std::llround(l.capacity)) : std::string());
            row.push_back(l.hasCapacity ? (p.fits ? "true" : "false") : "");
            row.push_back(static_cast<int>(i) == l.firstNoFit ? "true" : "false");
            if (serving) {
                row.push_back(p.ok ? number(p.kvCacheTokens, 15) : std::string());
                row.push_back(p.ok ? number(p.maxConcurrentSequences, 15) : std::string());
            }
            out += join(row, ",") + "\n";
        }
    }
    return out;
}

namespace {
std::string measureCell(const SweepPoint& p, SweepMeasure m, UnitSystem units) {
    switch (m) {
    case SweepMeasure::TotalPerGpu:
        return size(p.total, units);
    case SweepMeasure::KvCacheTokens:
        return grouped(p.kvCacheTokens) + " tokens";
    case SweepMeasure::MaxConcurrentSequences:
        return fixed(std::floor(p.maxConcurrentSequences * 100) / 100, 2) + " requests";
    }
    return {};
}
} // namespace

std::string sweepToMarkdown(const SweepResult& sweep, UnitSystem units, std::string_view title) {
    const SweepVariable v = sweep.range.variable;
    std::string out = heading(title);
    std::vector<std::string> head{md(std::string(sweepVariableLabel(v)))}, align{"---:"};
    for (const SweepLine& l : sweep.lines) {
        head.push_back(md(l.name));
        align.emplace_back("---:");
    }
    out += "| " + join(head, " | ") + " |\n|" + join(align, "|") + "|\n";
    std::set<double> values;
    for (const SweepLine& l : sweep.lines)
        for (const SweepPoint& p : l.points)
            values.insert(p.value);
    for (double x : values) {
        std::vector<std::string> cells{formatSweepValue(v, x)};
        for (const SweepLine& l : sweep.lines) {
            std::string cell = "\u2014";
            for (std::size_t i = 0; i < l.points.size(); ++i) {
                const SweepPoint& p = l.points[i];
                if (p.value != x)
                    continue;
                cell = p.ok ? measureCell(p, sweep.range.measure, units) : std::string("refused");
                if (p.ok && l.hasCapacity && !p.fits)
                    cell += static_cast<int>(i) == l.firstNoFit ? " \u2716 first that does not fit"
                                                                : " (over)";
            }
            cells.push_back(md(cell));
        }
        out += "| " + join(cells, " | ") + " |\n";
    }
    if (sweep.range.measure == SweepMeasure::TotalPerGpu)
        out += "\nTotal per GPU in " + unitDescription(units) + ".";
    else
        out += std::string(sweep.range.measure == SweepMeasure::KvCacheTokens
                               ? "\nTokens the vLLM engine's KV cache holds (its \"GPU KV cache "
                                 "size\")"
                               : "\nRequests of max_model_len tokens the vLLM engine's KV cache "
                                 "holds at once (its \"Maximum concurrency\")") +
               "; a value does not fit when the total exceeds the GPU or the KV cache cannot "
               "hold one max_model_len request.";
    std::vector<std::string> caps;
    std::set<double> seen;
    for (const SweepLine& l : sweep.lines)
        if (l.hasCapacity && seen.insert(l.capacity).second)
            caps.push_back(size(l.capacity, units));
    if (!caps.empty())
        out += " GPU capacity: " + join(caps, ", ") + ".";
    out += "\n";
    return out;
}

std::string sweepToJson(const SweepResult& sweep, const PresetLibrary& presets) {
    const SweepVariable v = sweep.range.variable;
    json lines = json::array();
    for (const SweepLine& l : sweep.lines) {
        json points = json::array();
        for (const SweepPoint& p : l.points) {
            Plan plan = l.plan;
            applySweepValue(plan, v, p.value);
            const json e = evaluationToJson(plan, evaluate(plan, presets));
            json point = {{"value", p.value}};
            for (const char* key : {"per_gpu", "capacity", "fits", "headroom"})
                point[key] = e.at(key);
            if (e.contains("serving"))
                point["serving"] = e.at("serving");
            points.push_back(std::move(point));
        }
        json line = {{"name", l.name}, {"points", points}};
        line["first_not_fitting"] =
            l.firstNoFit >= 0 ? json(l.points[static_cast<std::size_t>(l.firstNoFit)].value)
                              : json();
        lines.push_back(std::move(line));
    }
    const json root = {{"schema_version", 1},
                       {"sweep",
                        {{"variable", std::string(sweepVariableKey(v))},
                         {"from", sweep.range.from},
                         {"to", sweep.range.to},
                         {"measure", std::string(sweepMeasureKey(sweep.range.measure))}}},
                       {"scenarios", lines}};
    return root.dump(2) + "\n";
}

std::string scenarioData(DataFormat format, const std::vector<ScenarioResult>& scenarios,
                         UnitSystem units, std::string_view title) {
    switch (format) {
    case DataFormat::Csv:
        return scenariosToCsv(scenarios);
    case DataFormat::Markdown:
        return scenariosToMarkdown(scenarios, units, title);
    case DataFormat::Json:
        return scenariosToJson(scenarios);
    }
    return {};
}

std::string sweepData(DataFormat format, const SweepResult& sweep, const PresetLibrary& presets,
                      UnitSystem units, std::string_view title) {
    switch (format) {
    case DataFormat::Csv:
        return sweepToCsv(sweep);
    case DataFormat::Markdown:
        return sweepToMarkdown(sweep, units, title);
    case DataFormat::Json:
        return sweepToJson(sweep, presets);
    }
    return {};
}

std::string compareTitle(const Plan& base, const std::vector<ScenarioResult>& scenarios) {
    std::set<ScenarioKey> keys;
    for (const ScenarioResult& s : scenarios)
        for (const auto& [key, value] : s.overrides.values())
            keys.insert(key);
    std::vector<std::string> labels;
    for (ScenarioKey k : keys)
        labels.push_back(lowerFirst(std::string(scenarioKeyInfo(k).label)));
    if (labels.empty())
        return planTitle(base) + ": memory per GPU compared";
    std::string by = labels.back();
    if (labels.size() > 1) {
        labels.pop_back();
        by = join(labels, ", ") + " and " + by;
    }
    return planTitle(base) + ": memory per GPU by " + by;
}

std::string sweepTitle(const Plan& base, const SweepResult& sweep) {
    const std::string what = sweep.range.measure == SweepMeasure::TotalPerGpu
                                 ? std::string("total memory per GPU")
                                 : lowerFirst(std::string(sweepMeasureLabel(sweep.range.measure)));
    return planTitle(base) + ": " + what + " against " +
           lowerFirst(std::string(sweepVariableLabel(sweep.range.variable)));
}

} // namespace memplan
