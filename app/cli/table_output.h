// Human-readable output of memplan-cli: aligned tables with a unit on every figure.
#pragma once

#include "memplan/evaluation.h"
#include "memplan/plan.h"
#include "memplan/presets.h"
#include "memplan/units.h"

#include <iosfwd>

namespace memplan::cli {

void printEvaluation(std::ostream& out, const Plan& plan, const Evaluation& e, UnitSystem units);
void printPresets(std::ostream& out, const PresetLibrary& presets);

} // namespace memplan::cli
