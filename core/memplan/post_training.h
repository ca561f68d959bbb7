// Post-training with several models at once (training.method dpo, ppo, grpo): the policy's
// training step, the frozen reference and reward models, PPO's critic and GRPO's rollout
// engine, placed on the policy's GPUs (colocated: they add up, phase by phase) or on GPUs
// of their own. docs/memory-model.md "Post-training with several models". Internal.
#pragma once

#include "memplan/evaluation.h"
#include "memplan/plan.h"
#include "memplan/presets.h"

namespace memplan::detail {

// The reference mode a plan ends up with: the method's default (DPO and PPO keep a
// reference model; GRPO drops it, TRL's beta = 0), and none when a LoRA policy lets the base
// model with its adapters disabled be the reference.
ReferenceMode effectiveReference(const Plan& plan);
bool referenceIsAdapterless(const Plan& plan); // LoRA policy: base with adapters off

// The plan the policy trains with: the policy method, and the sequence it sees (DPO:
// chosen and rejected concatenated; PPO/GRPO: prompt + completion).
Plan policyPlan(const Plan& plan);

// Fills ev's moments, per-model shares (ev.multi) and host memory; the caller takes the
// peak and adds the runtime overhead.
void postTrainingMoments(const Plan& plan, const GpuPreset* gpu, double capacityBytes,
                         Evaluation& ev);

} // namespace memplan::detail
