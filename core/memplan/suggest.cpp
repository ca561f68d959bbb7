#include "memplan/suggest.h"

#include "memplan/model.h"
#include "memplan/names.h"
#include "memplan/plan_edit.h"
#include "memplan/plan_json.h"
#include "memplan/recipe.h"
#include "memplan/solver.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

#include <nlohmann/json.hpp>

namespace memplan {

namespace {

using nlohmann::json;

constexpr std::string_view kKindKeys[] = {
    "grad_accum",     "chunked_loss", "checkpointing",   "sharding", "utilization",
    "optimizer_8bit", "kv_cache_fp8", "tensor_parallel", "gpus",     "quantization",
    "offload",        "micro_batch",  "context_length",  "combined"};
static_assert(std::size(kKindKeys) == static_cast<std::size_t>(SuggestionKind::Count));

// Tensor parallelism stays inside one node: NVLink domains of current servers hold 8 GPUs
// (DGX H100), and Megatron-LM's guidance is tp <= GPUs per node (Narayanan et al. 2021, Sec. 3.3).
constexpr int64_t kMaxTensorParallel = 8;

std::optional<double> headroomIfFits(const Plan& plan, const GpuPreset* gpu) {
    const Evaluation e = evaluate(plan, gpu);
    if (e.ok && e.has_capacity && e.fits)
        return e.headroom;
    return std::nullopt;
}

bool training(const Plan& p) {
    return p.training.method != Method::Inference && p.training.method != Method::Serving;
}

bool serving(const Plan& p) {
    return p.training.method == Method::Serving;
}

// The largest gpu_memory_utilization memplan suggests (vLLM's default is 0.9, CacheConfig):
// memplan's choice, leaving 5 % of the device for the CUDA context outside the budget and for
// a monitoring process; above it an engine start often fails on a shared GPU.
constexpr double kMaxSuggestedUtilization = 0.95;

// Each lever returns the lightest version of its change that fits, or nullopt.
using Lever = std::function<std::optional<Plan>(const Plan&, const GpuPreset*)>;

// The largest micro-batch that divides the global batch and fits; accumulation makes up the rest.
std::optional<Plan> gradAccum(const Plan& plan, const GpuPreset* gpu) {
    const TrainingSpec& t = plan.training;
    if (!training(plan) || t.micro_batch <= 1)
        return std::nullopt;
    const auto largest = solve(plan, gpu, SolveVariable::MicroBatch).value;
    if (!largest || *largest >= t.micro_batch)
        return std::nullopt;
    const int64_t global = t.micro_batch * t.grad_accum;
    for (int64_t mb = *largest; mb >= 1; --mb)
        if (global % mb == 0) {
            Plan p = plan;
            p.training.micro_batch = mb;
            p.training.grad_accum = global / mb;
            return p;
        }
    return std::nullopt;
}

std::optional<Plan> chunkedLoss(const Plan& plan, const GpuPreset* gpu) {
    if (!training(plan) || plan.training.loss == Loss::Chunked || !plan.model.lm_head)
        return std::nullopt;
    Plan p = plan;
    p.training.loss = Loss::Chunked;
    return headroomIfFits(p, gpu) ? std::optional<Plan>(p) : std::nullopt;
}

std::optional<Plan> checkpointing(const Plan& plan, const GpuPreset* gpu) {
    if (!training(plan))
        return std::nullopt;
    for (Checkpointing c : {Checkpointing::Selective, Checkpointing::Full}) {
        if (static_cast<int>(c) <= static_cast<int>(plan.training.checkpointing))
            continue;
        Plan p = plan;
        p.training.checkpointing = c;
        if (headroomIfFits(p, gpu))
            return p;
    }
    return std::nullopt;
}

std::optional<Plan> sharding(const Plan& plan, const GpuPreset* gpu) {
    if (!training(plan) || dataParallelDegree(plan.parallelism) < 2)
        return std::nullopt;
    for (Sharding s : {Sharding::Zero1, Sharding::Zero2, Sharding::Zero3}) {
        if (static_cast<int>(s) <= static_cast<int>(plan.parallelism.sharding))
            continue;
        Plan p = plan;
        p.parallelism.sharding = s;
        if (headroomIfFits(p, gpu))
            return p;
    }
    return std::nullopt;
}

std::optional<Plan> optimizer8bit(const Plan& plan, const GpuPreset* gpu) {
    if (!training(plan) || plan.training.optimizer != Optimizer::AdamW)
        return std::nullopt;
    Plan p = plan;
    p.training.optimizer = Optimizer::AdamW8bit;
    return headroomIfFits(p, gpu) ? std::optional<Plan>(p) : std::nullopt;
}

// The smallest tensor-parallel degree (a power of two dividing the heads) that fits; the
// data-parallel degree is kept, so the GPU count grows by the same factor.
std::optional<Plan> tensorParallel(const Plan& plan, const GpuPreset* gpu) {
    const ParallelSpec& par = plan.parallelism;
    const int64_t dp = dataParallelDegree(par);
    for (int64_t tp = par.tp * 2; tp <= kMaxTensorParallel; tp *= 2) {
        if (plan.model.heads % tp != 0)
            break;
        Plan p = plan;
        setTensorParallel(p, tp, tp * par.pp * dp);
        if (headroomIfFits(p, gpu))
            return p;
    }
    return std::nullopt;
}

// The fewest GPUs that fit with the current sharding (more data-parallel GPUs shrink only
// sharded states).
std::optional<Plan> moreGpus(const Plan& plan, const GpuPreset* gpu) {
    if (!training(plan)) // replicas of an inference engine do not shrink one of them
        return std::nullopt;
    const auto gpus = solve(plan, gpu, SolveVariable::Gpus).value;
    if (!gpus || *gpus <= plan.parallelism.gpus)
        return std::nullopt;
    Plan p = plan;
    setGpuCount(p, *gpus);
    return headroomIfFits(p, gpu) ? std::optional<Plan>(p) : std::nullopt;
}

// Inference: int8, then int4 weights. Adapter training: QLoRA (a 4-bit base). Full training
// on a quantized base would train something else, so it is not offered.
std::optional<Plan> quantization(const Plan& plan, const GpuPreset* gpu) {
    Plan p = plan;
    if (plan.training.method == Method::Inference || serving(plan)) {
        for (Recipe r : {Recipe::Int8, Recipe::Int4}) {
            if (plan.training.precision == r || plan.training.precision == Recipe::Int4)
                continue;
            p.training.precision = r;
            if (headroomIfFits(p, gpu))
                return p;
        }
        return std::nullopt;
    }
    // Post-training (DPO, PPO, GRPO): a LoRA policy becomes a QLoRA one.
    const bool multiModel = plan.training.method == Method::Dpo ||
                            plan.training.method == Method::Ppo ||
                            plan.training.method == Method::Grpo;
    if (multiModel && plan.training.rl.policy == Method::Lora)
        p.training.rl.policy = Method::Qlora;
    else if (plan.training.method == Method::Lora)
        p.training.method = Method::Qlora;
    else
        return std::nullopt;
    return headroomIfFits(p, gpu) ? std::optional<Plan>(p) : std::nullopt;
}

// Serving: the smallest larger gpu_memory_utilization (in steps of 0.01) that fits, up to
// kMaxSuggestedUtilization.
std::optional<Plan> utilization(const Plan& plan, const GpuPreset* gpu) {
    if (!serving(plan))
        return std::nullopt;
    const double now = plan.training.serving.gpu_memory_utilization;
    for (int pct = static_cast<int>(std::floor(now * 100 + 1e-9)) + 1;
         pct <= static_cast<int>(kMaxSuggestedUtilization * 100 + 1e-9); ++pct) {
        Plan p = plan;
        p.training.serving.gpu_memory_utilization = pct / 100.0;
        if (headroomIfFits(p, gpu))
            return p;
    }
    return std::nullopt;
}

// Serving: kv_cache_dtype fp8 (vLLM --kv-cache-dtype fp8): one byte per element.
std::optional<Plan> kvCacheFp8(const Plan& plan, const GpuPreset* gpu) {
    if (!serving(plan) || plan.training.serving.kv_cache_dtype == KvCacheDtype::Fp8)
        return std::nullopt;
    Plan p = plan;
    p.training.serving.kv_cache_dtype = KvCacheDtype::Fp8;
    return headroomIfFits(p, gpu) ? std::optional<Plan>(p) : std::nullopt;
}

// Serving: the longest max_model_len whose one sequence fits (what vLLM's error message
// proposes, estimate_max_model_len in kv_cache_utils.py), rounded down to whole blocks.
std::optional<Plan> contextLength(const Plan& plan, const GpuPreset* gpu) {
    if (!serving(plan))
        return std::nullopt;
    const Evaluation e = evaluate(plan, gpu);
    const auto block = std::max<int64_t>(1, e.serving.block_size);
    const auto longest = static_cast<int64_t>(e.serving.longest_single_sequence) / block * block;
    if (longest < block || longest >= e.serving.max_model_len)
        return std::nullopt;
    Plan p = plan;
    p.training.serving.max_model_len = longest;
    return headroomIfFits(p, gpu) ? std::optional<Plan>(p) : std::nullopt;
}

// ZeRO-Offload: optimizer states on the CPU (DeepSpeed runs it with ZeRO-2 or -3), then
// ZeRO-Infinity's parameter offload, which needs ZeRO-3.
std::optional<Plan> offload(const Plan& plan, const GpuPreset* gpu) {
    if (!training(plan))
        return std::nullopt;
    for (Offload o : {Offload::Optimizer, Offload::OptimizerAndParams}) {
        if (static_cast<int>(o) <= static_cast<int>(plan.parallelism.offload))
            continue;
        Plan p = plan;
        p.parallelism.offload = o;
        const Sharding least = o == Offload::Optimizer ? Sharding::Zero2 : Sharding::Zero3;
        if (static_cast<int>(p.parallelism.sharding) < static_cast<int>(least))
            p.parallelism.sharding = least;
        if (headroomIfFits(p, gpu))
            return p;
    }
    return std::nullopt;
}

std::optional<Plan> smallerBatch(const Plan& plan, const GpuPreset* gpu) {
    if (serving(plan) || plan.training.micro_batch <= 1)
        return std::nullopt;
    const auto mb = solve(plan, gpu, SolveVariable::MicroBatch).value;
    if (!mb || *mb >= plan.training.micro_batch)
        return std::nullopt;
    Plan p = plan;
    p.training.micro_batch = *mb;
    return p;
}

// Several levers at their strongest, added in rank order until the plan fits.
std::optional<Plan> combined(const Plan& plan, const GpuPreset* gpu) {
    Plan p = plan;
    std::vector<std::function<void(Plan&)>> steps;
    if (training(plan)) {
        steps.push_back([](Plan& q) {
            const int64_t global = q.training.micro_batch * q.training.grad_accum;
            q.training.micro_batch = 1;
            q.training.grad_accum = global;
        });
        steps.push_back([](Plan& q) {
            if (q.model.lm_head)
                q.training.loss = Loss::Chunked;
        });
        steps.push_back([](Plan& q) { q.training.checkpointing = Checkpointing::Full; });
        steps.push_back([](Plan& q) {
            if (dataParallelDegree(q.parallelism) > 1)
                q.parallelism.sharding = Sharding::Zero3;
        });
        steps.push_back([](Plan& q) {
            if (q.training.optimizer == Optimizer::AdamW)
                q.training.optimizer = Optimizer::AdamW8bit;
        });
    }
    steps.push_back([gpu](Plan& q) {
        if (auto t = tensorParallel(q, gpu))
            q = *t;
        else {
            int64_t tp = q.parallelism.tp;
            while (tp * 2 <= kMaxTensorParallel && q.model.heads % (tp * 2) == 0)
                tp *= 2;
            setTensorParallel(q, tp, tp * q.parallelism.pp * dataParallelDegree(q.parallelism));
        }
    });
    if (training(plan)) {
        steps.push_back([](Plan& q) {
            q.parallelism.sharding = Sharding::Zero3;
            q.parallelism.sharding_factor = 0;
        });
        steps.push_back([gpu](Plan& q) {
            if (auto g = moreGpus(q, gpu))
                q = *g;
        });
        steps.push_back([](Plan& q) {
            if (q.training.method == Method::Lora)
                q.training.method = Method::Qlora;
        });
        steps.push_back([](Plan& q) {
            q.parallelism.offload = Offload::OptimizerAndParams;
            q.parallelism.sharding = Sharding::Zero3;
        });
    } else if (serving(plan)) {
        steps.push_back([](Plan& q) {
            q.training.serving.gpu_memory_utilization =
                std::max(q.training.serving.gpu_memory_utilization, kMaxSuggestedUtilization);
            q.training.serving.kv_cache_dtype = KvCacheDtype::Fp8;
        });
        steps.push_back([](Plan& q) { q.training.precision = Recipe::Int4; });
    } else {
        steps.push_back([](Plan& q) { q.training.precision = Recipe::Int4; });
        steps.push_back([](Plan& q) { q.training.micro_batch = 1; });
    }
    for (const auto& step : steps) {
        step(p);
        if (headroomIfFits(p, gpu))
            return p;
    }
    return std::nullopt;
}

void flatten(const json& j, const std::string& prefix,
             std::vector<std::pair<std::string, json>>& out) {
    if (j.is_object()) {
        for (const auto& [key, value] : j.items())
            flatten(value, prefix.empty() ? key : prefix + "." + key, out);
        return;
    }
    out.emplace_back(prefix, j);
}

std::string valueText(const json& j) {
    return j.is_string() ? j.get<std::string>() : j.dump();
}

} // namespace

std::string_view suggestionKindKey(SuggestionKind k) {
    const auto i = static_cast<std::size_t>(k);
    return i < std::size(kKindKeys) ? kKindKeys[i] : std::string_view();
}

std::vector<PlanChange> planChanges(const Plan& from, const Plan& to) {
    std::vector<std::pair<std::string, json>> a, b;
    flatten(planToJson(from), {}, a);
    flatten(planToJson(to), {}, b);
    std::vector<PlanChange> out;
    for (const auto& entry : b) {
        const std::string& path = entry.first;
        const json& value = entry.second;
        const auto it =
            std::find_if(a.begin(), a.end(), [&](const auto& e) { return e.first == path; });
        const json before = it == a.end() ? json() : it->second;
        if (before != value)
            out.push_back(
                {path, before.is_null() ? std::string() : valueText(before), valueText(value)});
    }
    return out;
}

std::vector<Suggestion> suggestFixes(const Plan& plan, const GpuPreset* gpu) {
    std::vector<Suggestion> out;
    const Evaluation now = evaluate(plan, gpu);
    if (!now.ok || !now.has_capacity || now.fits)
        return out;
    const std::pair<SuggestionKind, Lever> levers[] = {
        {SuggestionKind::GradAccum, gradAccum},
        {SuggestionKind::ChunkedLoss, chunkedLoss},
        {SuggestionKind::Checkpointing, checkpointing},
        {SuggestionKind::Sharding, sharding},
        {SuggestionKind::Utilization, utilization},
        {SuggestionKind::Optimizer8bit, optimizer8bit},
        {SuggestionKind::KvCacheFp8, kvCacheFp8},
        {SuggestionKind::TensorParallel, tensorParallel},
        {SuggestionKind::Gpus, moreGpus},
        {SuggestionKind::Quantization, quantization},
        {SuggestionKind::Offload, offload},
        {SuggestionKind::MicroBatch, smallerBatch},
        {SuggestionKind::ContextLength, contextLength},
    };
    auto add = [&](SuggestionKind kind, const std::optional<Plan>& p) {
        if (!p)
            return;
        if (const auto h = headroomIfFits(*p, gpu))
            out.push_back({kind, *p, *h, planChanges(plan, *p)});
    };
    for (const auto& [kind, lever] : levers)
        add(kind, lever(plan, gpu));
    if (out.empty())
        add(SuggestionKind::Combined, combined(plan, gpu));
    return out;
}

std::vector<Suggestion> suggestFixes(const Plan& plan, const PresetLibrary& presets) {
    const GpuPreset* gpu = plan.hardware.gpu.empty() ? nullptr : presets.findGpu(plan.hardware.gpu);
    return suggestFixes(plan, gpu);
}

std::string describeChanges(const std::vector<PlanChange>& changes) {
    std::string out;
    for (const PlanChange& c : changes) {
        if (!out.empty())
            out += ", ";
        out += c.path + " " + (c.from.empty() ? std::string("(unset)") : c.from) + " -> " + c.to;
    }
    return out;
}

json suggestionsToJson(const std::vector<Suggestion>& suggestions) {
    json list = json::array();
    for (const Suggestion& s : suggestions) {
        json changes = json::array();
        for (const PlanChange& c : s.changes)
            changes.push_back({{"path", c.path}, {"from", c.from}, {"to", c.to}});
        list.push_back({{"kind", std::string(suggestionKindKey(s.kind))},
                        {"headroom", static_cast<int64_t>(s.headroom)},
                        {"changes", changes},
                        {"plan", planToJson(s.plan)}});
    }
    return list;
}

} // namespace memplan
