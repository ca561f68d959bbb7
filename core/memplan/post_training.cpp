// Several models on the policy's GPUs, phase by phase. What each trainer keeps is read from
// huggingface/trl (commit f2cd577): trl/trainer/dpo_trainer.py, trl/trainer/grpo_trainer.py,
// trl/trainer/grpo_config.py, trl/generation/vllm_generation.py, trl/experimental/ppo/.
#include "memplan/post_training.h"

#include "memplan/activations.h"
#include "memplan/framework.h"
#include "memplan/model.h"
#include "memplan/model_states.h"
#include "memplan/param_count.h"
#include "memplan/recipe.h"
#include "memplan/serving.h"
#include "memplan/units.h"

#include <algorithm>
#include <cmath>

namespace memplan::detail {

namespace {

constexpr std::size_t idx(Component c) {
    return static_cast<std::size_t>(c);
}
constexpr std::size_t kRoles = static_cast<std::size_t>(ModelRole::Count);

using Bytes = std::array<double, kComponentCount>;

// One moment of the combined timeline, with what each model holds in it.
struct Frame {
    Moment moment;
    std::array<Bytes, kRoles> byRole{};
    void add(ModelRole r, Component c, std::string_view label, double b) {
        if (b <= 0)
            return;
        moment.resident[idx(c)].add(label, b);
        byRole[static_cast<std::size_t>(r)][idx(c)] += b;
    }
};

// A frozen model: its weights, and the transient of one forward over the batch.
struct Frozen {
    bool present = false;
    bool colocated = true;
    bool offloaded = false;
    double weights = 0;
    double forward = 0; // working set + what the trainer computes from the outputs
    double host = 0;
};

double activationWidth(const TrainingSpec& t) {
    const double w =
        bytesPerElement(effectiveTable(t)[static_cast<std::size_t>(TensorClass::Activations)]);
    return w < 2 ? 2.0 : w;
}

// Weights of a frozen copy under the plan's recipe and parallelism (TRL prepares reference
// and reward models with the same DeepSpeed/FSDP setup as the policy: grpo_trainer.py
// prepare_deepspeed / prepare_fsdp for ref_model).
double frozenWeights(const Plan& plan, const ModelSpec& m) {
    Plan p = plan;
    p.model = m;
    p.training.method = Method::Inference;
    const ParamCounts counts = countParameters(m);
    const double P = m.params ? *m.params : counts.total;
    const double scale = counts.total > 0 ? P / counts.total : 1.0;
    Evaluation scratch;
    return modelStates(p, counts, scale, StageSlice{static_cast<double>(m.layers), true, true, 1},
                       resolveProfile(p), scratch)
        .weights.bytes;
}

// One forward without autograd over `tokens` tokens; `logprobs`: the trainer turns the
// logits into per-token log-probabilities (fp32 log-softmax beside the 16-bit logits).
double frozenForward(const Plan& plan, const ModelSpec& m, double batch, double seq,
                     bool logprobs) {
    ActivationContext c;
    c.s = seq;
    c.b = batch;
    c.w = activationWidth(plan.training);
    c.tp = plan.parallelism.tp;
    c.attention = plan.training.attention;
    double bytes = layerForwardWorkingSet(m, c);
    if (logprobs && m.lm_head)
        bytes += batch * seq * static_cast<double>(m.vocab) / static_cast<double>(c.tp) * (c.w + 4);
    else
        bytes += batch * seq * static_cast<double>(m.hidden) * c.w; // hidden states -> score head
    return bytes;
}

Frozen frozenModel(const Plan& plan, const ModelPlacement& place, const ModelSpec& fallback,
                   double batch, double seq, bool logprobs) {
    Frozen f;
    f.present = true;
    f.colocated = place.colocate;
    f.offloaded = place.offload;
    const ModelSpec& m = place.model ? *place.model : fallback;
    f.weights = frozenWeights(plan, m);
    f.forward = frozenForward(plan, m, batch, seq, logprobs);
    if (f.offloaded)
        f.host = f.weights;
    return f;
}

// Copies a moment of one model's own evaluation into a frame under that model's role.
void addMoment(Frame& fr, ModelRole role, const Moment& m) {
    for (std::size_t c = 0; c < kAllocatedComponentCount; ++c) {
        const auto& comp = m.resident[c];
        for (std::size_t i = 0; i < comp.part_count; ++i)
            fr.add(role, static_cast<Component>(c), comp.parts[i].label, comp.parts[i].bytes);
    }
}

// What stays resident of a trained model between its steps: weights and optimizer states
// (gradients are freed by zero_grad(set_to_none=True)).
void addStatic(Frame& fr, ModelRole role, const Evaluation& e, std::string_view weightsLabel,
               std::string_view statesLabel) {
    const Moment& any = e.moments[0];
    fr.add(role, Component::Weights, weightsLabel, any.resident[idx(Component::Weights)].bytes);
    fr.add(role, Component::OptimizerStates, statesLabel,
           any.resident[idx(Component::OptimizerStates)].bytes);
}

void addFrozen(Frame& fr, ModelRole role, const Frozen& f, bool running,
               std::string_view weightsLabel, std::string_view forwardLabel) {
    if (!f.present || !f.colocated)
        return;
    if (!f.offloaded || running) // offloaded parameters come back only for their own forward
        fr.add(role, Component::Weights, weightsLabel, f.weights);
    if (running)
        fr.add(role, Component::Activations, forwardLabel, f.forward);
}

// The rollout engine's footprint on a GPU it shares: its whole budget while awake; asleep
// (vLLM sleep level 2, which TRL uses: vllm_generation.py `self.llm.sleep(level=2)`) it has
// released weights and KV cache (vllm/v1/worker/gpu_worker.py Worker.sleep), keeping its
// activation reserve and CUDA-graph pool.
void addEngine(Frame& fr, const ServingFigures& f, bool awake) {
    if (awake) {
        fr.add(ModelRole::Rollout, Component::Weights, "rollout engine weights", f.weights);
        fr.add(ModelRole::Rollout, Component::Other, "rollout engine KV cache", f.kv_bytes);
    }
    fr.add(ModelRole::Rollout, Component::Activations, "rollout engine activation reserve",
           f.activation_peak);
    fr.add(ModelRole::Rollout, Component::Other, "rollout engine CUDA graphs", f.cuda_graphs);
    fr.add(ModelRole::Rollout, Component::Other, "rollout engine non-torch memory", f.non_torch);
}

Bytes totalsOf(const Frozen& f) {
    Bytes b{};
    b[idx(Component::Weights)] = f.weights;
    b[idx(Component::Activations)] = f.forward;
    return b;
}

Bytes peakOf(const Evaluation& e) {
    Bytes b{};
    for (std::size_t c = 0; c < kAllocatedComponentCount; ++c)
        b[c] = e.per_gpu[c].bytes;
    return b;
}

} // namespace

ReferenceMode effectiveReference(const Plan& plan) {
    const RlSpec& rl = plan.training.rl;
    if (rl.reference)
        return *rl.reference;
    // GRPOConfig.beta defaults to 0.0 and then no reference model is loaded
    // (trl/trainer/grpo_config.py:671, grpo_trainer.py:955); DPO and PPO always use one.
    return plan.training.method == Method::Grpo ? ReferenceMode::None : ReferenceMode::Model;
}

bool referenceIsAdapterless(const Plan& plan) {
    const Method pm = plan.training.rl.policy.value_or(Method::Full);
    // A PEFT policy needs no reference copy: the trainer disables the adapters to get the
    // initial model's log-probs (trl/trainer/dpo_trainer.py:894, grpo_trainer.py:958).
    return effectiveReference(plan) == ReferenceMode::Model &&
           (pm == Method::Lora || pm == Method::Qlora) && !plan.training.rl.reference_model.model;
}

Plan policyPlan(const Plan& plan) {
    Plan p = plan;
    p.training.method = plan.training.rl.policy.value_or(Method::Full);
    if (plan.training.method == Method::Dpo) {
        // The chosen and rejected completions run as one concatenated batch
        // (dpo_trainer.py:355-358 torch.cat of chosen_ids and rejected_ids).
        p.training.micro_batch = plan.training.micro_batch * 2;
    } else {
        // PPO and GRPO train on prompt + completion; seq_len is the prompt.
        p.training.seq_len = plan.training.seq_len + plan.training.rl.completion_len;
    }
    return p;
}

void postTrainingMoments(const Plan& plan, const GpuPreset* gpu, double capacityBytes,
                         Evaluation& ev) {
    const TrainingSpec& tr = plan.training;
    const RlSpec& rl = tr.rl;
    const Plan pol = policyPlan(plan);
    const Evaluation pe = evaluate(pol, gpu);
    ev.notes |= pe.notes;
    ev.host += pe.host;
    const double batch = static_cast<double>(pol.training.micro_batch);
    const double seq = static_cast<double>(pol.training.seq_len);

    // The reference model (frozen, forward only, log-probs of the same sequences).
    Frozen ref;
    const ReferenceMode refMode = effectiveReference(plan);
    if (refMode == ReferenceMode::Model && !referenceIsAdapterless(plan))
        ref = frozenModel(plan, rl.reference_model, plan.model, batch, seq, true);
    // Precomputed log-probs: one number per sequence, computed before training
    // (dpo_trainer.py:959 _precompute_ref_logps); nothing model-sized stays.
    // Adapterless reference: the policy's own forward with adapters off, no extra weights.
    const double adapterlessForward =
        referenceIsAdapterless(plan) ? frozenForward(plan, plan.model, batch, seq, true) : 0;

    // PPO: a reward model (frozen, score head) and a critic (trained, value head); TRL trains
    // policy and critic in one backward through PolicyAndValueWrapper
    // (trl/experimental/ppo/ppo_trainer.py:275), so their steps coincide.
    Frozen reward;
    Evaluation critic;
    bool hasCritic = false;
    if (tr.method == Method::Ppo) {
        ModelSpec rm = rl.reward.model ? *rl.reward.model : plan.model;
        rm.lm_head = false;
        ModelPlacement rp = rl.reward;
        rp.model = std::make_shared<const ModelSpec>(rm);
        reward = frozenModel(plan, rp, rm, batch, seq, false);
        Plan cp = pol;
        cp.model = rl.critic.model ? *rl.critic.model : plan.model;
        cp.model.lm_head = false; // a value head (hidden x 1) replaces the vocabulary head
        cp.model.params.reset();
        critic = evaluate(cp, gpu);
        hasCritic = true;
        ev.host += critic.host;
    }

    // GRPO: the rollout engine (vLLM), colocated with its own utilization share or on
    // GPUs of its own (TRL vllm_mode "server").
    ServingFigures engine;
    const bool hasEngine = tr.method == Method::Grpo;
    if (hasEngine) {
        Plan ep = plan;
        ep.training.method = Method::Serving;
        ep.parallelism = ParallelSpec{}; // vllm_tensor_parallel_size defaults to 1
        // vLLM loads the checkpoint's 16-bit weights whatever the training recipe keeps
        // (ModelConfig dtype "auto"); quantized and fp32 recipes keep their width.
        if (tr.precision != Recipe::Fp32 && tr.precision != Recipe::Int8 &&
            tr.precision != Recipe::Int4)
            ep.training.precision = Recipe::Bf16Pure;
        ep.training.dtypes = DtypeOverrides{};
        ServingSpec s;
        s.gpu_memory_utilization = rl.rollout.gpu_memory_utilization;
        s.max_model_len = tr.seq_len + rl.completion_len;
        // The trainer generates micro_batch x grad_accum completions per device per round
        // (num_generations per prompt); vllm_generation.py passes max_num_seqs through.
        s.max_num_seqs = std::max(rl.num_generations, tr.micro_batch * tr.grad_accum);
        // LLM(...) runs under UsageContext.LLM_CLASS: 16384 batched tokens on >= 70 GiB GPUs
        // other than the A100, else 8192 (vllm/engine/arg_utils.py get_batch_defaults).
        const ServingSpec d = resolveServing(ep, gpu, capacityBytes);
        s.max_num_batched_tokens =
            std::max<int64_t>(d.max_num_batched_tokens == 8192 ? 16384 : 8192, s.max_num_seqs);
        ep.training.serving = s;
        engine = servingBudget(ep, s, capacityBytes, ev);
        ev.multi.rollout = engine;
        if (engine.budget_known &&
            engine.max_concurrent_sequences < static_cast<double>(s.max_num_seqs))
            ev.note(Note::RolloutTooSmall);
    }
    const bool engineHere = hasEngine && rl.rollout.colocate;
    const bool criticHere = hasCritic && rl.critic.colocate;
    const bool sleeps = rl.rollout.sleep;

    std::array<Frame, Evaluation::kMaxMoments> frames{};
    std::size_t n = 0;
    auto frame = [&](std::string_view label, Phase phase) -> Frame& {
        Frame& f = frames[n < frames.size() ? n++ : frames.size() - 1];
        f = Frame{};
        f.moment.label = label;
        f.moment.phase = phase;
        return f;
    };
    auto others = [&](Frame& f, bool refRuns, bool rewardRuns, bool engineAwake) {
        addFrozen(f, ModelRole::Reference, ref, refRuns, "reference model weights",
                  "reference forward");
        addFrozen(f, ModelRole::Reward, reward, rewardRuns, "reward model weights",
                  "reward forward");
        if (engineHere)
            addEngine(f, engine, engineAwake);
    };

    // Online methods generate first.
    if (tr.method == Method::Grpo) {
        Frame& f = frame("rollout (generation)", Phase::Rollout);
        addStatic(f, ModelRole::Policy, pe, "policy weights", "policy optimizer states");
        others(f, false, false, true);
    } else if (tr.method == Method::Ppo) {
        // TRL's PPO generates with the policy itself (unwrap_model_for_generation): a KV
        // cache for the whole batch over prompt + completion.
        Frame& f = frame("rollout (generation)", Phase::Rollout);
        addStatic(f, ModelRole::Policy, pe, "policy weights", "policy optimizer states");
        if (criticHere)
            addStatic(f, ModelRole::Critic, critic, "critic weights", "critic optimizer states");
        const double kv =
            batch * seq * kvBytesPerToken(plan.model, plan.parallelism.tp, activationWidth(tr));
        f.add(ModelRole::Policy, Component::Activations, "generation KV cache", kv);
        others(f, false, false, false);
    }
    // Frozen models score the sequences (reference log-probs, reward scores).
    if (ref.present || reward.present || adapterlessForward > 0) {
        Frame& f = frame("scoring (reference / reward forward)", Phase::Scoring);
        addStatic(f, ModelRole::Policy, pe, "policy weights", "policy optimizer states");
        if (criticHere)
            addStatic(f, ModelRole::Critic, critic, "critic weights", "critic optimizer states");
        f.add(ModelRole::Reference, Component::Activations, "reference forward (adapters off)",
              adapterlessForward);
        // They run one after the other: the larger transient sets the moment.
        const bool refBigger = ref.forward >= reward.forward;
        addFrozen(f, ModelRole::Reference, ref, refBigger, "reference model weights",
                  "reference forward");
        addFrozen(f, ModelRole::Reward, reward, !refBigger, "reward model weights",
                  "reward forward");
        if (engineHere)
            addEngine(f, engine, !sleeps);
    }
    // The policy's step (with the critic's, for PPO), the others resident beside it.
    for (std::size_t i = 0; i < pe.moment_count; ++i) {
        const Moment& pm = pe.moments[i];
        Frame& f = frame(pm.label, pm.phase);
        addMoment(f, ModelRole::Policy, pm);
        if (criticHere) {
            const Moment* cm = &critic.moments[0];
            for (std::size_t j = 0; j < critic.moment_count; ++j)
                if (critic.moments[j].label == pm.label)
                    cm = &critic.moments[j];
            addMoment(f, ModelRole::Critic, *cm);
        }
        others(f, false, false, !sleeps);
    }

    // The combined timeline, and each model's share at its peak.
    std::size_t peak = 0;
    for (std::size_t i = 0; i < n; ++i) {
        ev.moments[i] = frames[i].moment;
        if (frames[i].moment.allocated() > frames[peak].moment.allocated())
            peak = i;
    }
    ev.moment_count = n;
    ev.host += ref.host + reward.host;

    auto share = [&](ModelRole role, bool colocated, bool offloaded, const Bytes& own) {
        ModelShare& s = ev.multi.models[ev.multi.count++];
        s.role = role;
        s.colocated = colocated;
        s.offloaded = offloaded;
        s.bytes = colocated ? frames[peak].byRole[static_cast<std::size_t>(role)] : own;
    };
    share(ModelRole::Policy, true, false, peakOf(pe));
    if (ref.present)
        share(ModelRole::Reference, ref.colocated, ref.offloaded, totalsOf(ref));
    else if (adapterlessForward > 0)
        share(ModelRole::Reference, true, false, Bytes{});
    if (hasCritic)
        share(ModelRole::Critic, criticHere, false, peakOf(critic));
    if (reward.present)
        share(ModelRole::Reward, reward.colocated, reward.offloaded, totalsOf(reward));
    if (hasEngine) {
        Bytes own{};
        own[idx(Component::Weights)] = engine.weights;
        own[idx(Component::Activations)] = engine.activation_peak;
        own[idx(Component::Other)] = engine.kv_bytes + engine.cuda_graphs + engine.non_torch;
        share(ModelRole::Rollout, rl.rollout.colocate, false, own);
    }
}

} // namespace memplan::detail
