// Human-readable output of memplan-cli: aligned tables with a unit on every figure.
#pragma once

#include "memplan/evaluation.h"
#include "memplan/plan.h"
#include "memplan/presets.h"
#include "memplan/units.h"

#include <iosfwd>
#include <string>
#include <string_view>

namespace memplan::cli {

// Text from files made safe for a terminal: control characters (C0, DEL and C1) become
// escapes such as \n, \x1b or \u009b, so a name or key can never start a new line or
// send a terminal command.
std::string printable(std::string_view text);

void printEvaluation(std::ostream& out, const Plan& plan, const Evaluation& e, UnitSystem units);
void printPresets(std::ostream& out, const PresetLibrary& presets);

} // namespace memplan::cli
