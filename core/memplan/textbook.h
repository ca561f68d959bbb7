// The seed articles' simplified arithmetic (docs/memory-model.md, "Textbook accounting"),
// with each method's rule of what trains: LoRA/QLoRA train their adapters only, freeze the top
// layers, inference nothing; QLoRA's base is stored at 4 bits.
#pragma once

#include "memplan/evaluation.h"
#include "memplan/param_count.h"
#include "memplan/plan.h"

namespace memplan::detail {

// Parameters that train under textbook accounting (the method's rule); P = total count.
double textbookTrainable(const Plan& plan, const ParamCounts& counts, double scale, double P);

// Fills one moment with the textbook components; P = total parameter count, trainable from
// textbookTrainable(). Methods textbook has no rule for (GaLore's projected states) are
// counted as full training and noted (Note::TextbookNoMethodRule).
void textbookMoment(const Plan& plan, double P, double trainable, Evaluation& ev);

} // namespace memplan::detail
