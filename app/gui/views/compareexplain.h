// Why the compare columns differ: sentences generated from the actual differences between the
// columns' plans and evaluations (which settings changed, which component moved most, and
// the mechanism behind it, with the numbers), so a newcomer learns what the seed articles teach.
#pragma once

#include "models/scenariomodel.h"

#include "memplan/units.h"

#include <QStringList>

#include <vector>

namespace memplan::gui {

// One paragraph per column after the first (each compared with the first column), preceded by
// a one-line overview. Plain text; empty when there are fewer than two scenarios.
QStringList explainComparison(const std::vector<Scenario>& scenarios, UnitSystem units,
                              const PresetLibrary& presets);

// The sentences for one pair (`b` compared with `a`), without the overview.
QStringList explainDifference(const Scenario& a, const Scenario& b, UnitSystem units,
                              const PresetLibrary& presets);

} // namespace memplan::gui
