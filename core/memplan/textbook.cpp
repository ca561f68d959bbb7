#include "memplan/textbook.h"

#include "memplan/model_states.h"
#include "memplan/recipe.h"

#include <algorithm>

namespace memplan::detail {

namespace {
double optimizerStateCount(Optimizer o) {
    switch (o) {
    case Optimizer::AdamW:
    case Optimizer::AdamW8bit:
        return 2; // first and second moment
    case Optimizer::SgdMomentum:
    case Optimizer::Lion:
        return 1;
    case Optimizer::Adafactor:
        return 1; // counted as one (unfactored) second moment
    case Optimizer::Sgd:
        return 0;
    }
    return 0;
}

bool adapters(Method m) {
    return m == Method::Lora || m == Method::Qlora;
}
} // namespace

double textbookRoutedTrainable(const Plan& plan, const ParamCounts& counts, double scale) {
    const double routed = routedExpertParameters(plan.model, counts) * scale;
    switch (plan.training.method) {
    case Method::Inference:
    case Method::Serving:
        return 0;
    case Method::Freeze: // the rule's share of P, the routed experts alike
        return routed * plan.training.trainable_fraction;
    case Method::Lora:
    case Method::Qlora:
        return routedExpertAdapters(plan);
    default:
        return routed;
    }
}

double textbookTrainable(const Plan& plan, const ParamCounts& counts, double scale, double P) {
    switch (plan.training.method) {
    case Method::Inference:
    case Method::Serving:
        return 0;
    case Method::Freeze:
        return P * plan.training.trainable_fraction;
    case Method::Lora:
    case Method::Qlora: // the adapters only (Hu et al. 2021; Dettmers et al. 2023)
        return trainableParameters(plan, counts, scale);
    default:
        return P;
    }
}

void textbookMoment(const Plan& plan, const TextbookCounts& n, Evaluation& ev) {
    const double P = n.params, trainable = n.trainable;
    const TrainingSpec& tr = plan.training;
    const ModelSpec& m = plan.model;
    const double width = textbookWidth(tr.precision);
    const bool training = tr.method != Method::Inference && tr.method != Method::Serving;
    const int64_t dp = std::max<int64_t>(1, plan.parallelism.gpus);
    const double S = static_cast<double>(
        plan.parallelism.sharding_factor > 0 ? std::min(plan.parallelism.sharding_factor, dp) : dp);
    const Sharding sh = plan.parallelism.sharding;
    const double shardOpt = sh != Sharding::None ? S : 1.0;
    const double shardGrad = (sh == Sharding::Zero2 || sh == Sharding::Zero3) ? S : 1.0;
    const double shardWeights = sh == Sharding::Zero3 ? S : 1.0;
    // Expert parallelism: each GPU holds the routed experts of 1 / ep of the GPUs; a sharded
    // class splits them further over the expert-data-parallel group, shard / ep GPUs. Shared
    // experts, routers, attention and embeddings are not split by ep.
    const double ep =
        m.experts > 1 ? static_cast<double>(std::max<int64_t>(1, plan.parallelism.ep)) : 1.0;
    const auto perGpu = [ep](double all, double routed, double shard) {
        if (ep <= 1) // the seeds' rule as it was
            return all / shard;
        return (all - routed) / shard + routed / (ep * std::max(1.0, shard / ep));
    };

    Moment& mo = ev.moments[0];
    mo.label = "textbook sum";
    mo.phase = Phase::Forward;
    auto& weights = mo.resident[static_cast<std::size_t>(Component::Weights)];
    auto& grads = mo.resident[static_cast<std::size_t>(Component::Gradients)];
    auto& opt = mo.resident[static_cast<std::size_t>(Component::OptimizerStates)];
    auto& acts = mo.resident[static_cast<std::size_t>(Component::Activations)];

    // QLoRA stores the frozen base in 4-bit NF4: half a byte per parameter (Dettmers et al.
    // 2023, Sec. 3); the adapters sit beside it at the recipe's width.
    const double baseWidth = tr.method == Method::Qlora ? 0.5 : width;
    if (adapters(tr.method)) {
        weights.add(tr.method == Method::Qlora ? "base parameters x 0.5 byte (4-bit)"
                                               : "base parameters x bytes per parameter",
                    perGpu(P, n.routed, shardWeights) * baseWidth);
        weights.add("adapter parameters x bytes per parameter",
                    perGpu(trainable, n.routedTrainable, shardWeights) * width);
    } else {
        weights.add("parameters x bytes per parameter", perGpu(P, n.routed, shardWeights) * width);
    }
    if (tr.method == Method::Galore)
        ev.note(Note::TextbookNoMethodRule);
    if (training) {
        const double T = trainable, Tr = n.routedTrainable;
        grads.add("one gradient per parameter", perGpu(T, Tr, shardGrad) * width);
        // Mixed precision as the ZeRO paper counts it (K = 12): fp32 master copy and fp32
        // moments. Otherwise every state is stored at the recipe's width.
        if (isMixedRecipe(tr.precision)) {
            opt.add("master weights (fp32)", perGpu(T, Tr, shardOpt) * 4);
            opt.add("optimizer moments (fp32)",
                    perGpu(T, Tr, shardOpt) * 4 * optimizerStateCount(tr.optimizer));
        } else {
            opt.add("optimizer moments",
                    perGpu(T, Tr, shardOpt) * width * optimizerStateCount(tr.optimizer));
        }
    }
    // Seed 004's rule: (hidden + ffn) x sequence x layers x bytes, per instance of the batch.
    const double perInstance = static_cast<double>(m.hidden + m.ffn) *
                               static_cast<double>(tr.seq_len) * static_cast<double>(m.layers) *
                               width;
    acts.add("(hidden + ffn) x seq x layers x bytes x batch",
             perInstance * static_cast<double>(tr.micro_batch));
    if (plan.parallelism.tp > 1 || plan.parallelism.pp > 1 ||
        plan.parallelism.offload != Offload::None)
        ev.note(Note::TextbookIgnoresParallel);
    ev.moment_count = 1;
    ev.peak_moment = 0;
}

} // namespace memplan::detail
