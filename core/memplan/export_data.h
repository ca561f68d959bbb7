// The numbers behind a comparison or a sweep as CSV, Markdown and JSON. One writer for every
// front end: `memplan-cli compare|sweep --csv|--md|--json` and the window's data export write
// the same bytes for the same request. Text is English; sizes in CSV and JSON are integer bytes.
#pragma once

#include "memplan/presets.h"
#include "memplan/scenario.h"
#include "memplan/sweep.h"
#include "memplan/units.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace memplan {

enum class DataFormat { Csv, Markdown, Json };
// .csv, .md / .markdown, .json (case-insensitive).
std::optional<DataFormat> dataFormatForPath(std::string_view path);

// One row per scenario; sizes in integer bytes as in the contract's output (plus total in GiB).
std::string scenariosToCsv(const std::vector<ScenarioResult>& scenarios);
// Components as rows, scenarios as columns, sizes in `units`; `title` as a heading when given;
// then why the columns differ, in English.
std::string scenariosToMarkdown(const std::vector<ScenarioResult>& scenarios, UnitSystem units,
                                std::string_view title = {});
// {"schema_version": 1, "scenarios": [evaluationToJson(...) + "name", "changes"],
//  "findings": why the columns differ (compare_findings.h)}
std::string scenariosToJson(const std::vector<ScenarioResult>& scenarios);

std::string sweepToCsv(const SweepResult& sweep);
std::string sweepToMarkdown(const SweepResult& sweep, UnitSystem units,
                            std::string_view title = {});
// Each point re-evaluated and written through evaluationToJson (per_gpu, capacity, fits,
// headroom).
std::string sweepToJson(const SweepResult& sweep, const PresetLibrary& presets);

std::string scenarioData(DataFormat format, const std::vector<ScenarioResult>& scenarios,
                         UnitSystem units, std::string_view title = {});
std::string sweepData(DataFormat format, const SweepResult& sweep, const PresetLibrary& presets,
                      UnitSystem units, std::string_view title = {});

// Titles used when the request names none: "Llama 2 7B: memory per GPU by recipe",
// "...: total memory per GPU against micro-batch (sequences per GPU)".
std::string compareTitle(const Plan& base, const std::vector<ScenarioResult>& scenarios);
std::string sweepTitle(const Plan& base, const SweepResult& sweep);

} // namespace memplan
