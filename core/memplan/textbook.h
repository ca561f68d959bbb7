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

// Of textbookTrainable(), the routed experts' part: their parameters, or their LoRA adapters.
double textbookRoutedTrainable(const Plan& plan, const ParamCounts& counts, double scale);

// The counts the textbook sum starts from: P (total), the routed experts' parameters of the
// whole model, what trains (textbookTrainable) and its routed part.
struct TextbookCounts {
    double params = 0, routed = 0, trainable = 0, routedTrainable = 0;
};

// Fills one moment with the textbook components. With ep > 1 the routed experts' weights,
// gradients and optimizer states are divided by ep per GPU (and sharded over sharding / ep
// GPUs); everything else is not. Methods textbook has no rule for (GaLore's projected states)
// are counted as full training and noted (Note::TextbookNoMethodRule).
void textbookMoment(const Plan& plan, const TextbookCounts& counts, Evaluation& ev);

} // namespace memplan::detail
