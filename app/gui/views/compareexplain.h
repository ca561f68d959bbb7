// Why the compare columns differ, in the window's language: the core finds the differences
// (memplan/compare_findings.h: codes with typed arguments); this file words each finding from
// its translated template (context "memplan::findings") with sizes in the user's units.
#pragma once

#include "models/scenariomodel.h"

#include "memplan/compare_findings.h"
#include "memplan/units.h"

#include <QStringList>

#include <vector>

namespace memplan::gui {

// One finding as a translated sentence.
QString findingLine(const Finding& finding, UnitSystem units, const PresetLibrary& presets);

// One paragraph per column after the first (each compared with the first column), preceded by
// a one-line overview. Plain text; empty when there are fewer than two scenarios.
QStringList explainComparison(const std::vector<Scenario>& scenarios, UnitSystem units,
                              const PresetLibrary& presets);

// The sentences for one pair (`b` compared with `a`), without the overview.
QStringList explainDifference(const Scenario& a, const Scenario& b, UnitSystem units,
                              const PresetLibrary& presets);

} // namespace memplan::gui
