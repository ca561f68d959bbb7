#include "memplan/workload_json.h"

#include "memplan/json_reader.h"

#include <nlohmann/json.hpp>

namespace memplan {

using nlohmann::json;

namespace {

constexpr int64_t kMaxTokens = 100'000'000;

void readRollout(const json& j, const std::string& file, const std::string& path, RolloutSpec& r) {
    ObjectReader o(j, file, path);
    o.number("gpu_memory_utilization", r.gpu_memory_utilization, 0.0, 1.0);
    if (o.has("gpu_memory_utilization") && r.gpu_memory_utilization <= 0)
        o.fail("gpu_memory_utilization", "must be greater than 0");
    o.boolean("colocate", r.colocate);
    o.boolean("sleep", r.sleep);
    o.rejectUnknownKeys();
}

void readPlacement(const json& j, const std::string& file, const std::string& path,
                   const PresetLibrary& presets, ModelPlacement& p) {
    ObjectReader o(j, file, path);
    o.boolean("colocate", p.colocate);
    o.boolean("offload", p.offload);
    o.string("preset", p.preset);
    if (!p.preset.empty()) {
        const auto* preset = presets.findModel(p.preset);
        if (!preset)
            o.fail("preset",
                   "unknown model preset \"" + p.preset + "\" (memplan-cli presets lists them)");
        p.model = std::make_shared<const ModelSpec>(preset->model);
    }
    o.rejectUnknownKeys();
}

json placementToJson(const ModelPlacement& p) {
    json j = {{"colocate", p.colocate}, {"offload", p.offload}};
    if (!p.preset.empty())
        j["preset"] = p.preset;
    return j;
}

} // namespace

void readServing(const json& j, const std::string& file, const std::string& path, ServingSpec& s) {
    ObjectReader r(j, file, path);
    r.number("gpu_memory_utilization", s.gpu_memory_utilization, 0.0, 1.0);
    if (r.has("gpu_memory_utilization") && s.gpu_memory_utilization <= 0)
        r.fail("gpu_memory_utilization", "must be greater than 0");
    r.integer("max_model_len", s.max_model_len, 1, kMaxTokens);
    r.integer("max_num_seqs", s.max_num_seqs, 1, 1'000'000);
    r.integer("max_num_batched_tokens", s.max_num_batched_tokens, 1, kMaxTokens);
    r.enumeration("kv_cache_dtype", s.kv_cache_dtype);
    r.integer("block_size", s.block_size, 1, 1'000'000);
    r.boolean("enforce_eager", s.enforce_eager);
    r.boolean("cuda_graphs_in_budget", s.cuda_graphs_in_budget);
    r.optionalNumber("non_torch_gib", s.non_torch_gib, 0.0, 1e4);
    r.enumeration("all2all_backend", s.all2all_backend);
    r.rejectUnknownKeys();
}

void readRl(const json& j, const std::string& file, const std::string& path,
            const PresetLibrary& presets, RlSpec& rl) {
    ObjectReader r(j, file, path);
    if (const json* p = r.raw("policy")) {
        const auto m =
            p->is_string() ? fromKey<Method>(p->get_ref<const std::string&>()) : std::nullopt;
        if (!m || (*m != Method::Full && *m != Method::Lora && *m != Method::Qlora))
            r.fail("policy", "expected one of: full, lora, qlora");
        rl.policy = *m;
    }
    if (const json* ref = r.raw("reference")) {
        if (ref->is_boolean())
            rl.reference = ref->get<bool>() ? ReferenceMode::Model : ReferenceMode::None;
        else if (ref->is_string() && ref->get_ref<const std::string&>() == "precomputed")
            rl.reference = ReferenceMode::Precomputed;
        else
            r.fail("reference", "expected true, false or \"precomputed\"");
    }
    r.integer("num_generations", rl.num_generations, 1, 100'000);
    r.integer("completion_len", rl.completion_len, 1, kMaxTokens);
    if (const json* ro = r.object("rollout"))
        readRollout(*ro, file, path + ".rollout", rl.rollout);
    if (const json* models = r.object("models")) {
        ObjectReader m(*models, file, path + ".models");
        if (const json* o = m.object("reference"))
            readPlacement(*o, file, path + ".models.reference", presets, rl.reference_model);
        if (const json* o = m.object("critic"))
            readPlacement(*o, file, path + ".models.critic", presets, rl.critic);
        if (const json* o = m.object("reward"))
            readPlacement(*o, file, path + ".models.reward", presets, rl.reward);
        m.rejectUnknownKeys();
    }
    r.rejectUnknownKeys();
}

void validateWorkload(const Plan& plan, const std::string& file) {
    const TrainingSpec& t = plan.training;
    if (t.method == Method::Serving) {
        const ServingSpec& s = t.serving;
        if (plan.parallelism.pp > 1)
            throw InputError(file, "parallelism.pp",
                             "serving models tensor parallelism only; pipeline stages (pp > 1) "
                             "are not modelled for a vLLM engine yet");
        // vLLM's paged cache is modelled for decoder-only attention; cross-attention layers
        // (Llama 3.2 Vision) cache the image tokens per request outside that layout.
        if (!plan.model.vision.cross_attention_layers.empty())
            throw InputError(file, "model.vision.cross_attention_layers",
                             "serving a model with cross-attention layers (Llama 3.2 Vision) is "
                             "not modelled for a vLLM engine; use method inference for "
                             "generation with transformers");
        if (s.max_num_batched_tokens > 0 && s.max_num_seqs > 0 &&
            s.max_num_batched_tokens < s.max_num_seqs)
            throw InputError(file, "serving.max_num_batched_tokens",
                             "must be at least max_num_seqs (" + std::to_string(s.max_num_seqs) +
                                 "), as vLLM's SchedulerConfig requires");
        if (s.max_model_len > plan.model.max_position &&
            plan.model.position == PositionKind::Learned)
            throw InputError(file, "serving.max_model_len",
                             "exceeds the model's learned position table (max_position " +
                                 std::to_string(plan.model.max_position) + ")");
    }
    const bool rl = t.method == Method::Dpo || t.method == Method::Ppo || t.method == Method::Grpo;
    if (rl && plan.parallelism.pp > 1)
        throw InputError(file, "parallelism.pp",
                         "dpo/ppo/grpo plans model data, tensor and ZeRO parallelism; pipeline "
                         "stages (pp > 1) are not modelled for several models yet");
    if (t.method == Method::Dpo && t.rl.critic.preset.size() + t.rl.reward.preset.size() > 0)
        throw InputError(file, "rl.models",
                         "DPO has no critic or reward model; only models.reference applies");
}

json servingToJson(const ServingSpec& s) {
    json j = {{"gpu_memory_utilization", s.gpu_memory_utilization},
              {"kv_cache_dtype", keyOf(s.kv_cache_dtype)},
              {"block_size", s.block_size},
              {"enforce_eager", s.enforce_eager},
              {"cuda_graphs_in_budget", s.cuda_graphs_in_budget}};
    if (s.max_model_len > 0)
        j["max_model_len"] = s.max_model_len;
    if (s.max_num_seqs > 0)
        j["max_num_seqs"] = s.max_num_seqs;
    if (s.max_num_batched_tokens > 0)
        j["max_num_batched_tokens"] = s.max_num_batched_tokens;
    if (s.non_torch_gib)
        j["non_torch_gib"] = *s.non_torch_gib;
    // Written only when set, so that other plans read back unchanged.
    if (s.all2all_backend != All2AllBackend::AllgatherReducescatter)
        j["all2all_backend"] = keyOf(s.all2all_backend);
    return j;
}

json rlToJson(const RlSpec& rl) {
    json j = {{"num_generations", rl.num_generations},
              {"completion_len", rl.completion_len},
              {"rollout",
               {{"gpu_memory_utilization", rl.rollout.gpu_memory_utilization},
                {"colocate", rl.rollout.colocate},
                {"sleep", rl.rollout.sleep}}},
              {"models",
               {{"reference", placementToJson(rl.reference_model)},
                {"critic", placementToJson(rl.critic)},
                {"reward", placementToJson(rl.reward)}}}};
    if (rl.policy)
        j["policy"] = keyOf(*rl.policy);
    if (rl.reference) {
        if (*rl.reference == ReferenceMode::Precomputed)
            j["reference"] = "precomputed";
        else
            j["reference"] = *rl.reference == ReferenceMode::Model;
    }
    return j;
}

} // namespace memplan
