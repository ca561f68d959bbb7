#include "memplan/band.h"

#include <algorithm>

namespace memplan {

void computeBand(Evaluation& ev, double context, double reserve, double outside) {
    const BandFractions& f = kBand;
    const double spread =
        f.weights * ev.bytes(Component::Weights) + f.gradients * ev.bytes(Component::Gradients) +
        f.optimizer * ev.bytes(Component::OptimizerStates) +
        f.activations * ev.bytes(Component::Activations) + f.other * ev.bytes(Component::Other) +
        f.context * context + f.reserve * reserve + f.outside * outside;
    ev.total_low = std::max(0.0, ev.total - spread);
    ev.total_high = ev.total + spread;
}

} // namespace memplan
