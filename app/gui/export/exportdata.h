// The window's data export: the core writes the CSV, Markdown and JSON (memplan/export_data.h,
// the same bytes as memplan-cli); this file writes them to a file, and words the text around
// exported figures (title, notes, the one-line statement of the plan's key assumptions).
#pragma once

#include "models/scenariomodel.h"
#include "models/sweepengine.h"

#include "memplan/export_data.h"
#include "memplan/plan.h"
#include "memplan/presets.h"
#include "memplan/units.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace memplan::gui {

using memplan::DataFormat;
// .csv, .md / .markdown, .json (case-insensitive).
std::optional<DataFormat> dataFormatForPath(const QString& path);

// "Model: Llama 2 7B (6.74 B parameters) · Full fine-tuning · Recipe: BF16 mixed · ..."
QString planAssumptions(const Plan& plan, const PresetLibrary& presets, UnitSystem units);
// The footer of a comparison: the base plan and what the columns change.
QString compareAssumptions(const Plan& base, const std::vector<Scenario>& scenarios,
                           const PresetLibrary& presets, UnitSystem units);
// The footer of a sweep: the base plan and the swept range.
QString sweepAssumptions(const Plan& base, const SweepResult& sweep, const PresetLibrary& presets,
                         UnitSystem units);

// The words around an exported figure: a title, notes under the chart, the assumptions footer.
struct FigureText {
    QString title;
    QStringList notes;
    QString footer;
};
// The single chart (the current plan), the comparison (with why the columns differ), the sweep.
FigureText singleFigureText(const Plan& plan, const PresetLibrary& presets, UnitSystem units);
FigureText compareFigureText(const Plan& base, const std::vector<Scenario>& scenarios,
                             const PresetLibrary& presets, UnitSystem units);
FigureText sweepFigureText(const Plan& base, const SweepResult& sweep, const PresetLibrary& presets,
                           UnitSystem units);

// The current plan as a one-scenario list (the single chart's data).
Scenario planScenario(const Plan& plan, const Evaluation& evaluation, const QString& name);

// Writes bytes through QSaveFile: the whole file or nothing. "" on success, else a message
// naming the file.
QString writeDataFile(const QString& path, const QByteArray& bytes);

// By suffix; "" on success, else a message naming the file.
QString exportScenarioData(const QString& path, const std::vector<Scenario>& scenarios,
                           UnitSystem units, const QString& title = {});
QString exportSweepData(const QString& path, const SweepResult& sweep, const PresetLibrary& presets,
                        UnitSystem units, const QString& title = {});

} // namespace memplan::gui
