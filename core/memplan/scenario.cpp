#include "memplan/scenario.h"

#include "memplan/errors.h"
#include "memplan/model.h"
#include "memplan/model_json.h"
#include "memplan/names.h"
#include "memplan/plan_edit.h"
#include "memplan/plan_json.h"
#include "memplan/plan_limits.h"
#include "memplan/units.h"

#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

namespace memplan {

namespace {

std::optional<int64_t> parseInt(std::string_view s) {
    int64_t v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size())
        return std::nullopt;
    return v;
}

template <typename E> bool isKey(std::string_view v) {
    return fromKey<E>(v).has_value();
}
template <typename E> std::string_view enumLabel(std::string_view v) {
    const auto e = fromKey<E>(v);
    return e ? labelOf(*e) : v;
}

// One enum-valued setting: where it lives in the plan.
template <typename E, E TrainingSpec::*Field>
void applyTraining(Plan& p, const std::string& v, const PresetLibrary&) {
    if (const auto e = fromKey<E>(v))
        p.training.*Field = *e;
}
template <typename E, E TrainingSpec::*Field> std::string trainingValue(const Plan& p) {
    return std::string(keyOf(p.training.*Field));
}

#define MEMPLAN_ENUM_KEY(KEY, PATH, ALIAS, LABEL, SHORT, TYPE, APPLY, VALUE, BARE)                 \
    ScenarioKeyInfo {                                                                              \
        ScenarioKey::KEY, PATH, ALIAS, LABEL, SHORT, ScenarioValueKind::Enum, 0, &isKey<TYPE>,     \
            &enumLabel<TYPE>, &allowedKeys<TYPE>, BARE, APPLY, VALUE                               \
    }
#define MEMPLAN_TRAINING_ENUM(KEY, FIELD, ALIAS, LABEL, SHORT, TYPE, BARE)                         \
    MEMPLAN_ENUM_KEY(KEY, "training." #FIELD, ALIAS, LABEL, SHORT, TYPE,                           \
                     (&applyTraining<TYPE, &TrainingSpec::FIELD>),                                 \
                     (&trainingValue<TYPE, &TrainingSpec::FIELD>), BARE)

ScenarioKeyInfo integerKey(ScenarioKey key, std::string_view path, std::string_view alias,
                           std::string_view label, std::string_view shortFormat, int64_t max,
                           void (*apply)(Plan&, const std::string&, const PresetLibrary&),
                           std::string (*value)(const Plan&),
                           std::span<const char* const> offered) {
    return {key,   path,    alias,   label,   shortFormat, ScenarioValueKind::Integer,
            max,   nullptr, nullptr, nullptr, false,       apply,
            value, offered};
}

constexpr const char* kOfferedGpus[] = {"1", "2", "4", "8", "16", "32", "64", "128", "256"};
constexpr const char* kOfferedMicroBatch[] = {"1", "2", "4", "8", "16", "32", "64"};
constexpr const char* kOfferedSeqLen[] = {"512",  "1024",  "2048",  "4096",
                                          "8192", "16384", "32768", "131072"};
constexpr const char* kOfferedConcurrency[] = {"1", "8", "32", "64", "128", "256", "512", "1024"};
constexpr const char* kOfferedRank[] = {"4", "8", "16", "32", "64", "128", "256"};
constexpr const char* kOfferedParams[] = {"1e9",  "3e9",  "7e9",   "13e9",
                                          "34e9", "70e9", "175e9", "405e9"};

// The table, in ScenarioKey order (checked below). Recipes come first among the bare words,
// so "int8" in --compare/--with names the recipe.
const ScenarioKeyInfo kKeys[] = {
    MEMPLAN_TRAINING_ENUM(Precision, precision, "precision", "Recipe", "%1", Recipe, true),
    MEMPLAN_TRAINING_ENUM(Method, method, "method", "Method", "%1", Method, true),
    MEMPLAN_TRAINING_ENUM(Accounting, accounting, "accounting", "Accounting", "%1 accounting",
                          Accounting, false),
    MEMPLAN_TRAINING_ENUM(Optimizer, optimizer, "optimizer", "Optimizer", "%1", Optimizer, true),
    MEMPLAN_TRAINING_ENUM(Checkpointing, checkpointing, "checkpointing", "Checkpointing",
                          "%1 recompute", Checkpointing, false),
    MEMPLAN_TRAINING_ENUM(Attention, attention, "attention", "Attention", "%1 attention", Attention,
                          false),
    MEMPLAN_ENUM_KEY(Sharding, "parallelism.sharding", "sharding", "Sharding", "%1", Sharding,
                     ([](Plan& p, const std::string& v, const PresetLibrary&) {
                         if (const auto s = fromKey<Sharding>(v))
                             p.parallelism.sharding = *s;
                     }),
                     ([](const Plan& p) { return std::string(keyOf(p.parallelism.sharding)); }),
                     true),
    integerKey(
        ScenarioKey::Gpus, "parallelism.gpus", "gpus", "GPUs", "%1 GPUs", limits::kMaxGpus,
        [](Plan& p, const std::string& v, const PresetLibrary&) {
            if (const auto n = parseInt(v))
                setGpuCount(p, *n);
        },
        [](const Plan& p) { return std::to_string(p.parallelism.gpus); }, kOfferedGpus),
    integerKey(
        ScenarioKey::MicroBatch, "training.micro_batch", "micro_batch", "Micro-batch",
        "micro-batch %1", limits::kMaxMicroBatch,
        [](Plan& p, const std::string& v, const PresetLibrary&) {
            p.training.micro_batch = parseInt(v).value_or(p.training.micro_batch);
        },
        [](const Plan& p) { return std::to_string(p.training.micro_batch); }, kOfferedMicroBatch),
    integerKey(
        ScenarioKey::SeqLen, "training.seq_len", "seq_len", "Sequence length", "%1 tokens",
        limits::kMaxSeqLen,
        [](Plan& p, const std::string& v, const PresetLibrary&) {
            p.training.seq_len = parseInt(v).value_or(p.training.seq_len);
        },
        [](const Plan& p) { return std::to_string(p.training.seq_len); }, kOfferedSeqLen),
    integerKey(
        ScenarioKey::LoraRank, "training.lora.rank", "lora_rank", "LoRA rank", "rank %1",
        limits::kMaxRank,
        [](Plan& p, const std::string& v, const PresetLibrary&) {
            p.training.lora.rank = parseInt(v).value_or(p.training.lora.rank);
        },
        [](const Plan& p) { return std::to_string(p.training.lora.rank); }, kOfferedRank),
    {ScenarioKey::ModelPreset, "model.preset", "model", "Model", "%1",
     ScenarioValueKind::ModelPreset, 0, nullptr, nullptr, nullptr, false,
     [](Plan& p, const std::string& v, const PresetLibrary& presets) {
         if (const ModelPreset* preset = presets.findModel(v))
             applyModelPreset(p, *preset);
     },
     [](const Plan& p) {
         return p.model.preset;
     }},
    {ScenarioKey::Params, "model.params", "params", "Parameters", "%1 params",
     ScenarioValueKind::ParamCount, 0, nullptr, nullptr, nullptr, false,
     [](Plan& p, const std::string& v, const PresetLibrary&) {
         if (const auto n = parseParamCount(v))
             setParamCount(p, *n);
     },
     [](const Plan& p) {
         char buf[32];
         std::snprintf(buf, sizeof buf, "%.0f", modelParamCount(p.model));
         return std::string(buf);
     },
     kOfferedParams},
    {ScenarioKey::Gpu, "hardware.gpu", "gpu", "GPU", "%1", ScenarioValueKind::GpuPreset, 0, nullptr,
     nullptr, nullptr, false,
     [](Plan& p, const std::string& v, const PresetLibrary&) {
         // Capacity and context size then come from the GPU preset, not the plan's override.
         p.hardware.gpu = v;
         p.hardware.memory_gib.reset();
         p.hardware.runtime_overhead_gib.reset();
     },
     [](const Plan& p) {
         return p.hardware.gpu;
     }},
    // Compare two frameworks side by side (issue 12): the profile fills what the plan leaves
    // out, and the plan's explicit training.profile keys still win over it.
    MEMPLAN_TRAINING_ENUM(Framework, framework, "framework", "Framework", "%1", Framework, false),
    // Serving: fp8 against the model's dtype for the KV cache, the context and the
    // concurrency vLLM is started with.
    MEMPLAN_ENUM_KEY(
        KvCacheDtype, "serving.kv_cache_dtype", "kv_cache_dtype", "KV cache dtype", "%1 KV cache",
        KvCacheDtype, ([](Plan& p, const std::string& v, const PresetLibrary&) {
            if (const auto d = fromKey<KvCacheDtype>(v))
                p.training.serving.kv_cache_dtype = *d;
        }),
        ([](const Plan& p) { return std::string(keyOf(p.training.serving.kv_cache_dtype)); }),
        false),
    integerKey(
        ScenarioKey::MaxModelLen, "serving.max_model_len", "max_model_len", "Context length",
        "context %1", limits::kMaxSeqLen,
        [](Plan& p, const std::string& v, const PresetLibrary&) {
            p.training.serving.max_model_len =
                parseInt(v).value_or(p.training.serving.max_model_len);
        },
        [](const Plan& p) { return std::to_string(p.training.serving.max_model_len); },
        kOfferedSeqLen),
    integerKey(
        ScenarioKey::MaxNumSeqs, "serving.max_num_seqs", "max_num_seqs", "Concurrent sequences",
        "%1 sequences", limits::kMaxMicroBatch,
        [](Plan& p, const std::string& v, const PresetLibrary&) {
            p.training.serving.max_num_seqs = parseInt(v).value_or(p.training.serving.max_num_seqs);
        },
        [](const Plan& p) { return std::to_string(p.training.serving.max_num_seqs); },
        kOfferedConcurrency),
};
#undef MEMPLAN_TRAINING_ENUM
#undef MEMPLAN_ENUM_KEY

bool tableInOrder() {
    for (std::size_t i = 0; i < std::size(kKeys); ++i)
        if (static_cast<std::size_t>(kKeys[i].key) != i)
            return false;
    return std::size(kKeys) == static_cast<std::size_t>(ScenarioKey::Count);
}
const bool kTableChecked = [] {
    if (!tableInOrder())
        std::abort(); // a programming error, caught by the first test that runs
    return true;
}();

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// Where the problem with a value lies, "" when it is valid.
std::string problemWith(const ScenarioKeyInfo& k, const std::string& value,
                        const PresetLibrary& presets) {
    switch (k.kind) {
    case ScenarioValueKind::Enum:
        if (!k.isEnumValue(value))
            return "unknown value \"" + value + "\" (allowed: " + k.allowed() + ")";
        return {};
    case ScenarioValueKind::Integer: {
        const auto v = parseInt(value);
        if (!v || *v < 1 || *v > k.max)
            return "\"" + value + "\" is not a whole number from 1 to " + std::to_string(k.max);
        return {};
    }
    case ScenarioValueKind::ParamCount: {
        const auto v = parseParamCount(value);
        if (!v || *v < limits::kMinParams || *v > limits::kMaxParams)
            return "\"" + value + "\" is not a parameter count from 1e3 to 1e15";
        return {};
    }
    case ScenarioValueKind::ModelPreset:
        return presets.findModel(value) ? std::string()
                                        : "no bundled model preset \"" + value + "\"";
    case ScenarioValueKind::GpuPreset:
        return presets.findGpu(value) ? std::string() : "no bundled GPU preset \"" + value + "\"";
    }
    return "unknown setting";
}

std::string replaceArg(std::string_view format, const std::string& value) {
    std::string out(format);
    if (const auto at = out.find("%1"); at != std::string::npos)
        out.replace(at, 2, value);
    return out;
}

} // namespace

std::span<const ScenarioKeyInfo> scenarioKeys() {
    (void)kTableChecked;
    return kKeys;
}

const ScenarioKeyInfo& scenarioKeyInfo(ScenarioKey key) {
    return kKeys[static_cast<std::size_t>(key)];
}

std::optional<ScenarioKey> scenarioKeyFromName(std::string_view name) {
    for (const auto& k : kKeys)
        if (k.path == name || k.alias == name)
            return k.key;
    if (name == "recipe")
        return ScenarioKey::Precision;
    return std::nullopt;
}

std::optional<std::string> ScenarioOverrides::value(ScenarioKey key) const {
    const auto it = values_.find(key);
    if (it == values_.end())
        return std::nullopt;
    return it->second;
}

bool ScenarioOverrides::set(ScenarioKey key, const std::string& value, const PresetLibrary& presets,
                            std::string* error) {
    if (key == ScenarioKey::Count) {
        if (error)
            *error = "unknown setting";
        return false;
    }
    const ScenarioKeyInfo& k = scenarioKeyInfo(key);
    if (const std::string problem = problemWith(k, value, presets); !problem.empty()) {
        if (error)
            *error = std::string(k.path) + ": " + problem;
        return false;
    }
    values_[key] = value;
    return true;
}

std::optional<ScenarioOverrides>
ScenarioOverrides::parse(std::string_view item, const PresetLibrary& presets, std::string* error) {
    ScenarioOverrides out;
    item = trim(item);
    if (item.empty()) {
        if (error)
            *error = "empty scenario";
        return std::nullopt;
    }
    while (!item.empty()) {
        const std::size_t plus = item.find('+');
        const std::string_view part = trim(item.substr(0, plus));
        item = plus == std::string_view::npos ? std::string_view() : item.substr(plus + 1);
        const std::size_t eq = part.find('=');
        if (eq == std::string_view::npos) {
            // A bare word: the first key of the table whose enum knows it.
            const std::string word(part);
            const ScenarioKeyInfo* match = nullptr;
            for (const auto& k : kKeys)
                if (k.bareWord && k.isEnumValue(word)) {
                    match = &k;
                    break;
                }
            if (!match) {
                if (error)
                    *error = "unknown recipe \"" + word + "\" (allowed: " + allowedKeys<Recipe>() +
                             "; or KEY=VALUE such as parallelism.gpus=16)";
                return std::nullopt;
            }
            out.values_[match->key] = word;
            continue;
        }
        const std::string_view name = trim(part.substr(0, eq));
        const auto key = scenarioKeyFromName(name);
        if (!key) {
            std::string keys;
            for (const auto& k : kKeys)
                keys += (keys.empty() ? "" : ", ") + std::string(k.path);
            if (error)
                *error = std::string(name) +
                         ": not a setting a scenario can change (allowed: " + keys + ")";
            return std::nullopt;
        }
        if (!out.set(*key, std::string(trim(part.substr(eq + 1))), presets, error))
            return std::nullopt;
    }
    return out;
}

void ScenarioOverrides::applyTo(Plan& plan, const PresetLibrary& presets) const {
    for (const auto& [key, value] : values_)
        scenarioKeyInfo(key).apply(plan, value, presets);
}

nlohmann::json ScenarioOverrides::toJson() const {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [key, value] : values_) {
        const ScenarioKeyInfo& k = scenarioKeyInfo(key);
        const std::string path(k.path);
        if (k.kind == ScenarioValueKind::Integer)
            j[path] = parseInt(value).value_or(0);
        else if (k.kind == ScenarioValueKind::ParamCount)
            j[path] = parseParamCount(value).value_or(0);
        else
            j[path] = value;
    }
    return j;
}

std::string scenarioPlanValue(ScenarioKey key, const Plan& plan) {
    return key == ScenarioKey::Count ? std::string() : scenarioKeyInfo(key).planValue(plan);
}

std::string scenarioValueLabel(ScenarioKey key, const std::string& value,
                               const PresetLibrary& presets) {
    const ScenarioKeyInfo& k = scenarioKeyInfo(key);
    switch (k.kind) {
    case ScenarioValueKind::Enum:
        return std::string(k.enumLabel(value));
    case ScenarioValueKind::Integer:
        return value;
    case ScenarioValueKind::ParamCount:
        return formatCount(parseParamCount(value).value_or(0));
    case ScenarioValueKind::ModelPreset: {
        const ModelPreset* p = presets.findModel(value);
        return p && !p->model.name.empty() ? p->model.name : value;
    }
    case ScenarioValueKind::GpuPreset: {
        const GpuPreset* g = presets.findGpu(value);
        return g && !g->name.empty() ? g->name : value;
    }
    }
    return value;
}

std::vector<std::string> scenarioOfferedValues(ScenarioKey key, const PresetLibrary& presets) {
    const ScenarioKeyInfo& k = scenarioKeyInfo(key);
    std::vector<std::string> out;
    switch (k.kind) {
    case ScenarioValueKind::Enum: {
        // allowed() is "a, b, c": split it (the enum's own table, in its order).
        const std::string list = k.allowed();
        for (std::size_t start = 0; start < list.size();) {
            const std::size_t comma = list.find(", ", start);
            out.push_back(list.substr(start, comma - start));
            start = comma == std::string::npos ? list.size() : comma + 2;
        }
        break;
    }
    case ScenarioValueKind::ModelPreset:
        for (const auto& [id, preset] : presets.models())
            out.push_back(id);
        break;
    case ScenarioValueKind::GpuPreset:
        for (const auto& [id, gpu] : presets.gpus())
            out.push_back(id);
        break;
    case ScenarioValueKind::Integer:
    case ScenarioValueKind::ParamCount:
        out.assign(k.offered.begin(), k.offered.end());
        break;
    }
    return out;
}

std::string describeOverrides(const ScenarioOverrides& o, const PresetLibrary& presets) {
    std::string out;
    for (const auto& [key, value] : o.values()) {
        if (!out.empty())
            out += ", ";
        out += std::string(scenarioKeyInfo(key).label) + ": " +
               scenarioValueLabel(key, value, presets);
    }
    return out;
}

std::string scenarioShortName(const ScenarioOverrides& o, const PresetLibrary& presets) {
    if (o.empty())
        return "Current plan";
    std::string out;
    for (const auto& [key, value] : o.values()) {
        std::string label = scenarioValueLabel(key, value, presets);
        if (key == ScenarioKey::Sharding) // "ZeRO-3 / FSDP FULL_SHARD" -> "ZeRO-3"
            label = label.substr(0, label.find(" / "));
        if (key == ScenarioKey::Accounting)
            for (char& c : label)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const std::string part = key == ScenarioKey::Gpus && value == "1"
                                     ? std::string("1 GPU")
                                     : replaceArg(scenarioKeyInfo(key).shortFormat, label);
        out += (out.empty() ? "" : " \u00b7 ") + part;
    }
    return out;
}

ScenarioResult resolveScenario(const Plan& base, const ScenarioOverrides& overrides,
                               const PresetLibrary& presets) {
    ScenarioResult s;
    s.overrides = overrides;
    s.plan = base;
    overrides.applyTo(s.plan, presets);
    s.evaluation = evaluate(s.plan, presets);
    try {
        validateModelShape(s.plan.model, std::string(), "model");
        validatePlan(s.plan, std::string());
    } catch (const InputError& e) {
        s.problem = e.keyPath().empty() ? e.problem() : e.keyPath() + ": " + e.problem();
    }
    s.name = scenarioShortName(overrides, presets);
    s.changes = describeOverrides(overrides, presets);
    return s;
}

std::vector<ScenarioResult> resolveScenarios(const Plan& base,
                                             const std::vector<ScenarioOverrides>& overrides,
                                             const PresetLibrary& presets) {
    std::vector<ScenarioResult> out;
    for (const ScenarioOverrides& o : overrides) {
        ScenarioResult s = resolveScenario(base, o, presets);
        int same = 0;
        for (const ScenarioResult& other : out)
            same += other.overrides == o ? 1 : 0;
        if (same > 0)
            s.name += " (" + std::to_string(same + 1) + ")";
        out.push_back(std::move(s));
    }
    return out;
}

std::optional<std::vector<ScenarioOverrides>>
parseScenarioList(std::string_view list, const PresetLibrary& presets, std::string* error) {
    std::vector<ScenarioOverrides> out;
    while (!list.empty()) {
        const std::size_t comma = list.find(',');
        const std::string_view item = trim(list.substr(0, comma));
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        if (item.empty())
            continue;
        std::string problem;
        auto o = ScenarioOverrides::parse(item, presets, &problem);
        if (!o) {
            if (error)
                *error = std::string(item) + ": " + problem;
            return std::nullopt;
        }
        out.push_back(std::move(*o));
    }
    if (out.empty()) {
        if (error)
            *error = "no scenarios given";
        return std::nullopt;
    }
    if (out.size() > static_cast<std::size_t>(kMaxScenarios)) {
        if (error)
            *error = "at most " + std::to_string(kMaxScenarios) + " scenarios, got " +
                     std::to_string(out.size());
        return std::nullopt;
    }
    return out;
}

std::vector<ScenarioOverrides> defaultRecipeScenarios(const PresetLibrary& presets) {
    std::vector<ScenarioOverrides> out;
    for (const char* r : {"fp32", "bf16-mixed", "int8"}) {
        ScenarioOverrides o;
        o.set(ScenarioKey::Precision, r, presets);
        out.push_back(o);
    }
    return out;
}

std::vector<ScenarioOverrides> defaultLoraBaseScenarios(const PresetLibrary& presets) {
    // QLoRA quantizes the base to NF4 whatever the recipe (memory-model.md, Methods); LoRA
    // keeps it in the recipe's weight dtype: int8 (LLM.int8) or bf16. The adapters (rank,
    // targets, their fp32 states) are the plan's in every column.
    ScenarioOverrides nf4, int8, bf16;
    nf4.set(ScenarioKey::Method, "qlora", presets);
    int8.set(ScenarioKey::Method, "lora", presets);
    int8.set(ScenarioKey::Precision, "int8", presets);
    bf16.set(ScenarioKey::Method, "lora", presets);
    bf16.set(ScenarioKey::Precision, "bf16-mixed", presets);
    return {nf4, int8, bf16};
}

std::vector<ScenarioOverrides> defaultScenarios(const Plan& plan, const PresetLibrary& presets) {
    std::vector<ScenarioOverrides> out;
    if (plan.training.method == Method::Lora || plan.training.method == Method::Qlora)
        return defaultLoraBaseScenarios(presets);
    if (plan.training.method != Method::Serving)
        return defaultRecipeScenarios(presets);
    for (const char* dtype : {"auto", "fp8"}) {
        ScenarioOverrides o;
        o.set(ScenarioKey::KvCacheDtype, dtype, presets);
        out.push_back(o);
    }
    return out;
}

} // namespace memplan
