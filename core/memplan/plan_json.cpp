#include "memplan/plan_json.h"

#include "memplan/compare_columns.h"
#include "memplan/file_io.h"
#include "memplan/framework.h"
#include "memplan/json_reader.h"
#include "memplan/model_json.h"
#include "memplan/param_count.h"
#include "memplan/plan_limits.h"
#include "memplan/version.h"
#include "memplan/workload_json.h"

#include <nlohmann/json.hpp>

namespace memplan {

using nlohmann::json;

namespace {

using limits::kMaxGpus;
using limits::kMaxMicroBatch;
using limits::kMaxSeqLen;

uint32_t loraTargetBit(std::string_view name) {
    static constexpr std::pair<std::string_view, uint32_t> table[] = {
        {"q", LoraQ},       {"k", LoraK},   {"v", LoraV},      {"o", LoraO},
        {"gate", LoraGate}, {"up", LoraUp}, {"down", LoraDown}};
    for (const auto& [key, bit] : table)
        if (key == name)
            return bit;
    return 0;
}

json loraTargetsToJson(uint32_t targets) {
    if (targets == LoraAllLinear)
        return "all-linear";
    json list = json::array();
    for (const char* name : {"q", "k", "v", "o", "gate", "up", "down"})
        if (targets & loraTargetBit(name))
            list.push_back(name);
    return list;
}

void readLora(const json& j, const std::string& file, LoraSpec& lora) {
    ObjectReader r(j, file, "training.lora");
    r.integer("rank", lora.rank, 1, limits::kMaxRank);
    r.number("dropout", lora.dropout, 0.0, 0.99);
    r.boolean("experts", lora.experts);
    if (const json* t = r.raw("targets")) {
        const std::string path = "training.lora.targets";
        if (t->is_string()) {
            if (t->get_ref<const std::string&>() != "all-linear")
                throw InputError(file, path,
                                 "expected \"all-linear\" or a list of q k v o gate up down");
            lora.targets = LoraAllLinear;
        } else if (t->is_array()) {
            uint32_t bits = 0;
            for (std::size_t i = 0; i < t->size(); ++i) {
                const json& e = (*t)[i];
                const uint32_t bit =
                    e.is_string() ? loraTargetBit(e.get_ref<const std::string&>()) : 0;
                if (!bit)
                    throw InputError(file, path + "[" + std::to_string(i) + "]",
                                     "expected one of q, k, v, o, gate, up, down");
                bits |= bit;
            }
            if (!bits)
                throw InputError(file, path, "needs at least one target module");
            lora.targets = bits;
        } else {
            throw InputError(file, path,
                             std::string("expected a list or \"all-linear\", got ") +
                                 t->type_name());
        }
    }
    r.rejectUnknownKeys();
}

void readDtypes(const json& j, const std::string& file, DtypeOverrides& o) {
    ObjectReader r(j, file, "training.dtypes");
    for (const auto& e : names(TensorClass{})) {
        const std::string key(e.key);
        if (!r.has(key.c_str())) {
            r.ignore(key.c_str());
            continue;
        }
        Dtype d = Dtype::None;
        r.enumeration(key.c_str(), d);
        if (d == Dtype::None && e.value != TensorClass::MasterWeights)
            r.fail(key.c_str(), "only master_weights may be \"none\"");
        o.slot[static_cast<std::size_t>(e.value)] = d;
    }
    r.rejectUnknownKeys();
}

void readModel(const json& j, const std::string& file, const PresetLibrary& presets, ModelSpec& m) {
    requireObject(j, file, "model");
    if (const auto it = j.find("preset"); it != j.end()) {
        if (!it->is_string())
            throw InputError(file, "model.preset", "expected a preset id string");
        const auto* preset = presets.findModel(it->get<std::string>());
        if (!preset)
            throw InputError(file, "model.preset",
                             "unknown model preset \"" + it->get<std::string>() +
                                 "\" (memplan-cli presets lists them)");
        m = preset->model;
    }
    readModelShape(j, file, "model", m, true);
    const bool shapeGiven = hasShapeKeys(j) || !m.preset.empty();
    if (m.scaled_from.present() && (shapeGiven || !m.params))
        throw InputError(file, "model.scaled_from",
                         shapeGiven ? "scales a model to model.params, so it takes no preset "
                                      "or shape keys beside it"
                                    : "needs model.params (the count the model is scaled to)");
    if (m.params && !shapeGiven) {
        const double params = *m.params;
        const std::string name = m.name;
        m = deriveShape(params, m.scaled_from);
        m.name = name;
    }
    validateModelShape(m, file, "model");
}

void readProfileOverrides(const json& j, const std::string& file, ProfileOverrides& o) {
    ObjectReader r(j, file, "training.profile");
    auto flag = [&](const char* key, std::optional<bool>& out) {
        if (!r.has(key))
            return r.ignore(key);
        bool v = false;
        r.boolean(key, v);
        out = v;
    };
    flag("adapters_fp32", o.adapters_fp32);
    flag("kbit_upcast_fp32", o.kbit_upcast_fp32);
    flag("kbit_quantized_from_fp16", o.kbit_quantized_from_fp16);
    flag("quantized_head", o.quantized_head);
    flag("checkpoint_offload", o.checkpoint_offload);
    flag("fp32_grad_buffer", o.fp32_grad_buffer);
    flag("root_unit_gathered", o.root_unit_gathered);
    flag("hf_adafactor", o.hf_adafactor);
    r.optionalNumber("reduce_bucket_elements", o.reduce_bucket_elements, 0.0, 1e12);
    if (r.has("nccl_groups")) {
        int64_t n = 1;
        r.integer("nccl_groups", n, 0, 1024);
        o.nccl_groups = n;
    } else {
        r.ignore("nccl_groups");
    }
    r.rejectUnknownKeys();
}

void readQuantization(const json& j, const std::string& file, QuantizationSpec& q) {
    ObjectReader r(j, file, "training.quantization");
    r.enumeration("quant_type", q.quant_type);
    r.boolean("double_quant", q.double_quant);
    r.rejectUnknownKeys();
}

void readTraining(const json& j, const std::string& file, const PresetLibrary& presets,
                  TrainingSpec& t) {
    ObjectReader r(j, file, "training");
    // The framework first: its profile fills the keys this object leaves out.
    r.enumeration("framework", t.framework);
    if (t.framework != Framework::Pytorch) {
        const Framework f = t.framework;
        Plan defaults;
        applyFrameworkDefaults(defaults, f);
        t.optimizer_impl = defaults.training.optimizer_impl;
        t.loss = defaults.training.loss;
        t.checkpointing = defaults.training.checkpointing;
        t.lora.dropout = defaults.training.lora.dropout;
    }
    if (const json* p = r.object("profile"))
        readProfileOverrides(*p, file, t.profile);
    if (const json* q = r.object("quantization"))
        readQuantization(*q, file, t.quantization);
    r.boolean("paged_optimizer", t.paged_optimizer);
    r.integer("distinct_shapes", t.distinct_shapes, 1, 1'000'000);
    // "sft" names supervised fine-tuning: full, or LoRA when a lora object is given.
    if (const auto it = j.find("method"); it != j.end() && *it == "sft") {
        r.ignore("method");
        t.method = j.contains("lora") ? Method::Lora : Method::Full;
    } else {
        r.enumeration("method", t.method);
    }
    r.enumeration("precision", t.precision);
    r.enumeration("accounting", t.accounting);
    r.enumeration("optimizer", t.optimizer);
    r.enumeration("optimizer_impl", t.optimizer_impl);
    r.integer("micro_batch", t.micro_batch, 1, kMaxMicroBatch);
    r.integer("seq_len", t.seq_len, 1, kMaxSeqLen);
    r.integer("grad_accum", t.grad_accum, 1, limits::kMaxGradAccum);
    r.enumeration("checkpointing", t.checkpointing);
    r.enumeration("attention", t.attention);
    r.enumeration("loss", t.loss);
    r.boolean("optimizer_in_backward", t.optimizer_in_backward);
    r.boolean("activation_offload", t.activation_offload);
    r.boolean("grads_to_none", t.grads_to_none);
    if (const json* l = r.object("lora"))
        readLora(*l, file, t.lora);
    r.number("trainable_fraction", t.trainable_fraction, 1e-6, 1.0);
    if (r.has("trainable_fraction") && t.trainable_fraction <= 0)
        r.fail("trainable_fraction", "must be greater than 0");
    r.integer("galore_rank", t.galore_rank, 1, limits::kMaxRank);
    r.integer("new_tokens", t.new_tokens, 0, limits::kMaxNewTokens);
    if (const json* d = r.object("dtypes"))
        readDtypes(*d, file, t.dtypes);
    if (const json* s = r.object("serving"))
        readServing(*s, file, "training.serving", t.serving);
    if (const json* rl = r.object("rl"))
        readRl(*rl, file, "training.rl", presets, t.rl);
    r.rejectUnknownKeys();
}

void readParallelism(const json& j, const std::string& file, ParallelSpec& p) {
    ObjectReader r(j, file, "parallelism");
    r.integer("gpus", p.gpus, 1, kMaxGpus);
    r.enumeration("sharding", p.sharding);
    r.integer("sharding_factor", p.sharding_factor, 1, kMaxGpus);
    r.integer("tp", p.tp, 1, limits::kMaxModelParallel);
    r.integer("pp", p.pp, 1, limits::kMaxModelParallel);
    r.boolean("sequence_parallel", p.sequence_parallel);
    r.enumeration("offload", p.offload);
    r.integer("ep", p.ep, 1, limits::kMaxModelParallel);
    r.number("capacity_factor", p.capacity_factor, 0.0, 1000.0);
    r.rejectUnknownKeys();
}

void readHardware(const json& j, const std::string& file, const PresetLibrary& presets,
                  HardwareSpec& h) {
    ObjectReader r(j, file, "hardware");
    r.string("gpu", h.gpu);
    if (!h.gpu.empty() && !presets.findGpu(h.gpu))
        r.fail("gpu", "unknown GPU preset \"" + h.gpu + "\" (memplan-cli presets lists them)");
    r.optionalNumber("memory_gib", h.memory_gib, 1.0 / 1024, 1e6);
    if (h.memory_gib && *h.memory_gib <= 0)
        r.fail("memory_gib", "must be greater than 0");
    r.optionalNumber("runtime_overhead_gib", h.runtime_overhead_gib, 0.0, 1e4);
    r.optionalNumber("allocator_reserve_fraction", h.allocator_reserve_fraction, 0.0, 10.0);
    r.rejectUnknownKeys();
}

} // namespace

Plan parsePlanJson(const json& j, const std::string& file, const PresetLibrary& presets) {
    Plan plan;
    ObjectReader r(j, file, "");
    int64_t version = kPlanSchemaVersion;
    r.integer("schema_version", version, 1, 1'000'000);
    if (version != kPlanSchemaVersion)
        r.fail("schema_version", "unsupported schema version " + std::to_string(version) +
                                     " (this memplan reads version " +
                                     std::to_string(kPlanSchemaVersion) + ")");
    r.string("name", plan.name);
    if (const json* m = r.object("model"))
        readModel(*m, file, presets, plan.model);
    if (const json* t = r.object("training"))
        readTraining(*t, file, presets, plan.training);
    if (const json* s = r.object("serving"))
        readServing(*s, file, "serving", plan.training.serving);
    if (const json* rl = r.object("rl"))
        readRl(*rl, file, "rl", presets, plan.training.rl);
    if (const json* p = r.object("parallelism"))
        readParallelism(*p, file, plan.parallelism);
    if (const json* h = r.object("hardware"))
        readHardware(*h, file, presets, plan.hardware);
    if (const json* c = r.raw("compare"))
        plan.compare = readSavedScenarios(*c, file, presets);
    r.rejectUnknownKeys();
    validatePlan(plan, file);
    return plan;
}

Plan parsePlan(std::string_view text, const std::string& file, const PresetLibrary& presets) {
    return parsePlanJson(parseJsonText(text, file), file, presets);
}

Plan loadPlanFile(const std::filesystem::path& path, const PresetLibrary& presets) {
    return parsePlan(readInputFile(path.string()), path.string(), presets);
}

void applyOverride(json& planJson, std::string_view assignment, const std::string& file) {
    const auto eq = assignment.find('=');
    if (eq == std::string_view::npos || eq == 0)
        throw InputError(file, std::string(assignment), "--set expects PATH=VALUE");
    const std::string path(assignment.substr(0, eq));
    const std::string valueText(assignment.substr(eq + 1));
    // Read by the same parser as files: duplicate keys and numbers out of range are errors,
    // reported at the --set path; text that is not JSON at all (bf16-mixed) is a string.
    json value;
    try {
        value = parseJsonText(valueText, file);
    } catch (const InputError& e) {
        if (e.problem().rfind("malformed JSON", 0) != 0)
            throw InputError(file, e.keyPath().empty() ? path : path + "." + e.keyPath(),
                             e.problem());
        value = valueText;
    }
    json* node = &planJson;
    std::size_t start = 0;
    while (true) {
        const auto dot = path.find('.', start);
        const std::string key =
            path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (key.empty())
            throw InputError(file, path, "empty key in --set path");
        if (!node->is_object())
            throw InputError(file, path, "cannot set a key inside a non-object value");
        if (dot == std::string::npos) {
            (*node)[key] = value;
            return;
        }
        node = &(*node)[key];
        if (node->is_null())
            *node = json::object();
        start = dot + 1;
    }
}

void validatePlan(const Plan& plan, const std::string& file) {
    const ParallelSpec& p = plan.parallelism;
    if (p.sharding_factor > p.gpus)
        throw InputError(file, "parallelism.sharding_factor",
                         "is " + std::to_string(p.sharding_factor) + ", above the GPU count (" +
                             std::to_string(p.gpus) + ")");
    if (p.gpus % (p.tp * p.pp) != 0)
        throw InputError(file, "parallelism.gpus",
                         std::to_string(p.gpus) + (p.gpus == 1 ? " GPU" : " GPUs") +
                             " cannot be split into tp x pp = " + std::to_string(p.tp * p.pp) +
                             " model-parallel groups");
    const int64_t dp = p.gpus / (p.tp * p.pp);
    if (p.sharding_factor > dp)
        throw InputError(file, "parallelism.sharding_factor",
                         "is " + std::to_string(p.sharding_factor) +
                             ", above the data-parallel degree " + std::to_string(dp) +
                             " (gpus / (tp x pp))");
    if (p.sharding_factor > 0 && dp % p.sharding_factor != 0)
        throw InputError(file, "parallelism.sharding_factor",
                         "must divide the data-parallel degree " + std::to_string(dp));
    if (p.ep > 1 && plan.model.experts < 2)
        throw InputError(file, "parallelism.ep",
                         "expert parallelism needs a mixture of experts (model.experts > 1)");
    // vLLM's --enable-expert-parallel spreads the experts over the tp x data-parallel GPUs of
    // one pipeline stage, gpus / pp of them (vllm/model_executor/layers/fused_moe/config.py
    // FusedMoEParallelConfig.make: ep_size = the flattened tp x dp size), the remainder going
    // to the first GPUs.
    const bool serving = plan.training.method == Method::Serving;
    const int64_t servingEp = p.gpus / std::max<int64_t>(1, p.pp);
    if (serving && p.ep > 1 && p.ep != servingEp)
        throw InputError(file, "parallelism.ep",
                         "a vLLM engine's expert parallelism spans the tp x data-parallel GPUs of "
                         "a pipeline stage (gpus / pp = " +
                             std::to_string(servingEp) + "): set ep to 1 or " +
                             std::to_string(servingEp));
    // DeepEP's Buffer (deepseek-ai/DeepEP v1.2.1 csrc/deep_ep.cpp:30) takes up to 8 ranks, or
    // a multiple of 8 (NUM_MAX_NVL_PEERS); the low-latency kernels need the experts to divide
    // evenly over the ranks (csrc/deep_ep.cpp:1107). Only with all-to-all kernels, i.e.
    // several data-parallel ranks.
    const All2AllBackend backend = plan.training.serving.all2all_backend;
    const bool deepEp = serving && backend != All2AllBackend::AllgatherReducescatter && p.ep > 1 &&
                        p.gpus / std::max<int64_t>(1, p.tp * p.pp) > 1;
    if (deepEp && p.ep > 8 && p.ep % 8 != 0)
        throw InputError(file, "parallelism.ep",
                         "DeepEP (serving.all2all_backend " + std::string(keyOf(backend)) +
                             ") takes up to 8 GPUs or a multiple of 8; ep is " +
                             std::to_string(p.ep));
    if (deepEp && backend == All2AllBackend::DeepepLowLatency && plan.model.experts % p.ep != 0)
        throw InputError(file, "parallelism.ep",
                         "DeepEP low-latency needs ep (" + std::to_string(p.ep) +
                             ") to divide the experts (" + std::to_string(plan.model.experts) +
                             ")");
    if (!serving && plan.model.experts % p.ep != 0)
        throw InputError(file, "parallelism.ep",
                         "expert parallel degree " + std::to_string(p.ep) +
                             " must divide the experts (" + std::to_string(plan.model.experts) +
                             ")");
    if (!serving && dp % p.ep != 0)
        throw InputError(file, "parallelism.ep",
                         "expert parallel degree " + std::to_string(p.ep) +
                             " must divide the data-parallel degree " + std::to_string(dp) +
                             " (gpus / (tp x pp))");
    // Hybrid sharding: each shard group must hold whole expert-parallel groups, so that the
    // experts a GPU holds are sharded over sharding_factor / ep GPUs (Megatron-LM
    // parallel_state.py asserts expert_data_parallel_size % num_distributed_optimizer_instances
    // == 0; torchtitan's efsdp = dp_shard x cp x tp / ep).
    if (!serving && p.ep > 1 && p.sharding != Sharding::None && p.sharding_factor > 0 &&
        p.sharding_factor % p.ep != 0)
        throw InputError(file, "parallelism.ep",
                         "expert parallel degree " + std::to_string(p.ep) +
                             " must divide the sharding factor " +
                             std::to_string(p.sharding_factor) +
                             " (the routed experts are sharded over sharding_factor / ep GPUs)");
    if (p.capacity_factor > 0 && plan.model.experts < 2)
        throw InputError(file, "parallelism.capacity_factor",
                         "needs a mixture of experts (model.experts > 1)");
    if (p.pp > plan.model.layers)
        throw InputError(file, "parallelism.pp",
                         "more pipeline stages (" + std::to_string(p.pp) + ") than layers (" +
                             std::to_string(plan.model.layers) + ")");
    if (plan.model.heads % p.tp != 0)
        throw InputError(file, "parallelism.tp",
                         "tensor parallel degree " + std::to_string(p.tp) +
                             " must divide the attention heads (" +
                             std::to_string(plan.model.heads) + ")");
    const TrainingSpec& t = plan.training;
    if (plan.model.position == PositionKind::Learned && t.method != Method::Serving &&
        t.seq_len + t.new_tokens > plan.model.max_position)
        throw InputError(file, "training.seq_len",
                         std::to_string(t.seq_len + t.new_tokens) +
                             " tokens exceed the model's learned position table (max_position " +
                             std::to_string(plan.model.max_position) + ")");
    if ((t.method == Method::Lora || t.method == Method::Qlora) && t.lora.rank > plan.model.hidden)
        throw InputError(file, "training.lora.rank", "rank is larger than the hidden size");
    validateWorkload(plan, file);
}

void rederiveShape(Plan& plan) {
    if (!plan.model.params)
        return;
    const std::string name = plan.model.name;
    plan.model = deriveShape(*plan.model.params, plan.model.scaled_from);
    plan.model.name = name;
}

json planToJson(const Plan& plan) {
    json j;
    j["schema_version"] = plan.schema_version;
    if (!plan.name.empty())
        j["name"] = plan.name;
    if (plan.model.shape_derived && plan.model.params) {
        // A derived shape is re-derived on load, so only the count and the base's traits
        // are stored.
        j["model"]["params"] = static_cast<int64_t>(*plan.model.params);
        if (!plan.model.name.empty())
            j["model"]["name"] = plan.model.name;
        if (plan.model.scaled_from.present())
            j["model"]["scaled_from"] = shapeBaseToJson(plan.model.scaled_from);
    } else {
        j["model"] = modelToJson(plan.model, true);
    }
    const TrainingSpec& t = plan.training;
    json& tj = j["training"];
    tj["framework"] = keyOf(t.framework);
    json profile = json::object();
    const ProfileOverrides& po = t.profile;
    auto put = [&](const char* key, const auto& v) {
        if (v)
            profile[key] = *v;
    };
    put("adapters_fp32", po.adapters_fp32);
    put("kbit_upcast_fp32", po.kbit_upcast_fp32);
    put("kbit_quantized_from_fp16", po.kbit_quantized_from_fp16);
    put("quantized_head", po.quantized_head);
    put("checkpoint_offload", po.checkpoint_offload);
    put("fp32_grad_buffer", po.fp32_grad_buffer);
    put("root_unit_gathered", po.root_unit_gathered);
    put("hf_adafactor", po.hf_adafactor);
    put("reduce_bucket_elements", po.reduce_bucket_elements);
    put("nccl_groups", po.nccl_groups);
    if (!profile.empty())
        tj["profile"] = profile;
    tj["quantization"] = {{"quant_type", keyOf(t.quantization.quant_type)},
                          {"double_quant", t.quantization.double_quant}};
    tj["paged_optimizer"] = t.paged_optimizer;
    tj["distinct_shapes"] = t.distinct_shapes;
    tj["method"] = keyOf(t.method);
    tj["precision"] = keyOf(t.precision);
    tj["accounting"] = keyOf(t.accounting);
    tj["optimizer"] = keyOf(t.optimizer);
    tj["optimizer_impl"] = keyOf(t.optimizer_impl);
    tj["micro_batch"] = t.micro_batch;
    tj["seq_len"] = t.seq_len;
    tj["grad_accum"] = t.grad_accum;
    tj["checkpointing"] = keyOf(t.checkpointing);
    tj["attention"] = keyOf(t.attention);
    tj["loss"] = keyOf(t.loss);
    tj["optimizer_in_backward"] = t.optimizer_in_backward;
    tj["activation_offload"] = t.activation_offload;
    tj["grads_to_none"] = t.grads_to_none;
    tj["lora"] = {{"rank", t.lora.rank},
                  {"targets", loraTargetsToJson(t.lora.targets)},
                  {"dropout", t.lora.dropout}};
    if (!t.lora.experts) // written only when off, so that other plans read back unchanged
        tj["lora"]["experts"] = false;
    tj["trainable_fraction"] = t.trainable_fraction;
    tj["galore_rank"] = t.galore_rank;
    tj["new_tokens"] = t.new_tokens;
    json dtypes = json::object();
    for (const auto& e : names(TensorClass{}))
        if (const auto& d = t.dtypes.slot[static_cast<std::size_t>(e.value)])
            dtypes[std::string(e.key)] = keyOf(*d);
    if (!dtypes.empty())
        tj["dtypes"] = dtypes;
    if (t.method == Method::Serving)
        j["serving"] = servingToJson(t.serving);
    if (t.method == Method::Dpo || t.method == Method::Ppo || t.method == Method::Grpo)
        j["rl"] = rlToJson(t.rl);
    const ParallelSpec& p = plan.parallelism;
    j["parallelism"] = {{"gpus", p.gpus},
                        {"sharding", keyOf(p.sharding)},
                        {"tp", p.tp},
                        {"pp", p.pp},
                        {"sequence_parallel", p.sequence_parallel},
                        {"offload", keyOf(p.offload)}};
    if (p.sharding_factor > 0)
        j["parallelism"]["sharding_factor"] = p.sharding_factor;
    if (p.ep > 1) // written only when set, so plans without experts read back unchanged
        j["parallelism"]["ep"] = p.ep;
    if (p.capacity_factor > 0)
        j["parallelism"]["capacity_factor"] = p.capacity_factor;
    const HardwareSpec& h = plan.hardware;
    json& hj = j["hardware"];
    hj = json::object();
    if (!h.gpu.empty())
        hj["gpu"] = h.gpu;
    if (h.memory_gib)
        hj["memory_gib"] = *h.memory_gib;
    if (h.runtime_overhead_gib)
        hj["runtime_overhead_gib"] = *h.runtime_overhead_gib;
    if (h.allocator_reserve_fraction)
        hj["allocator_reserve_fraction"] = *h.allocator_reserve_fraction;
    // Written only when the plan has columns of its own, so older files stay byte-identical.
    if (!plan.compare.empty())
        j["compare"] = savedScenariosToJson(plan.compare);
    return j;
}

std::string serializePlan(const Plan& plan) {
    return planToJson(plan).dump(2) + "\n";
}

void savePlanFileAtomic(const std::filesystem::path& path, const Plan& plan) {
    writeFileAtomic(path.string(), serializePlan(plan));
}

} // namespace memplan
