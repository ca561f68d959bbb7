// The seed articles' simplified arithmetic (docs/memory-model.md, "Textbook accounting").
#pragma once

#include "memplan/evaluation.h"
#include "memplan/plan.h"

namespace memplan::detail {

// Fills one moment with the textbook components; params = total parameter count.
void textbookMoment(const Plan& plan, double params, Evaluation& ev);

} // namespace memplan::detail
