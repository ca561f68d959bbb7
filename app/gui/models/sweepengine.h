// Sweeps in the window: the core runs them (memplan/sweep.h); this file words the variables
// (translated axis titles, locale-formatted values) and feeds the columns of the Compare view in.
#pragma once

#include "models/scenariomodel.h"

#include "memplan/sweep.h"
#include "memplan/units.h"

#include <QString>

#include <vector>

namespace memplan::gui {

using memplan::SweepLine;
using memplan::SweepMeasure;
using memplan::SweepPoint;
using memplan::SweepRange;
using memplan::SweepResult;
using memplan::SweepVariable;
using memplan::SweepVariableInfo;

// Translated axis title with its unit: "Micro-batch (sequences per GPU)".
QString sweepAxisTitle(SweepVariable v);
// Locale-formatted value: "12", "4,096", "13.5 B", "0.90".
QString sweepValueText(SweepVariable v, double value);

// The y axis of a measure: its translated title (with the unit) and the divisor from the
// measure's own unit (bytes in the user's units, thousands of tokens, requests).
QString sweepMeasureTitle(SweepMeasure m, UnitSystem units);
double sweepMeasureScale(SweepMeasure m, UnitSystem units);

// One line per scenario (named as the columns are); planValue is the first scenario's value.
SweepResult sweepScenarios(const std::vector<Scenario>& scenarios, const SweepRange& range,
                           const PresetLibrary& presets);

} // namespace memplan::gui
