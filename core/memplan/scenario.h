// Scenarios: variants of a plan that store only what they override (the recipe, the sharding,
// the GPU count, ...). One descriptor table lists every key a scenario can change; parsing,
// validation, applying, the plan's own value and the JSON form all read it. The Compare view,
// the Sweep view, `memplan --export-*` and `memplan-cli compare` resolve scenarios here.
#pragma once

#include "memplan/evaluation.h"
#include "memplan/plan.h"
#include "memplan/presets.h"

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace memplan {

// The settings a scenario can override, in display order.
enum class ScenarioKey {
    Precision,
    Method,
    Accounting,
    Optimizer,
    Checkpointing,
    Attention,
    Sharding,
    Gpus,
    MicroBatch,
    SeqLen,
    LoraRank,
    ModelPreset,
    Params,
    Gpu,
    Framework,
    // Serving (method "serving"): vLLM's engine arguments
    KvCacheDtype,
    MaxModelLen,
    MaxNumSeqs,
    Count
};

enum class ScenarioValueKind { Enum, Integer, ParamCount, ModelPreset, GpuPreset };

struct ScenarioKeyInfo {
    ScenarioKey key;
    std::string_view path;  // plan-file key path, e.g. "training.precision"
    std::string_view alias; // short spelling accepted on the command line, e.g. "precision"
    std::string_view label; // English display label ("Recipe"); the window translates it
    // English short column name with %1 for the value label ("micro-batch %1").
    std::string_view shortFormat;
    ScenarioValueKind kind;
    int64_t max; // Integer: largest value (plan_limits.h)
    // Enum: is the value a key of the enum; its English label; the allowed keys.
    bool (*isEnumValue)(std::string_view);
    std::string_view (*enumLabel)(std::string_view);
    std::string (*allowed)();
    bool bareWord; // an item of a bare word may name this key ("int8", "zero3")
    void (*apply)(Plan&, const std::string& value, const PresetLibrary&);
    std::string (*planValue)(const Plan&);
    // Integer and ParamCount: the values a menu offers (any other valid value may be typed).
    std::span<const char* const> offered = {};
};
std::span<const ScenarioKeyInfo> scenarioKeys();
const ScenarioKeyInfo& scenarioKeyInfo(ScenarioKey key);
std::optional<ScenarioKey> scenarioKeyFromName(std::string_view pathOrAlias);

// What one scenario changes relative to a plan. Values are kept in the plan file's spelling
// ("int8", "zero3", "16") and validated when set.
class ScenarioOverrides {
public:
    bool empty() const { return values_.empty(); }
    std::size_t size() const { return values_.size(); }
    const std::map<ScenarioKey, std::string>& values() const { return values_; }
    std::optional<std::string> value(ScenarioKey key) const;

    // Sets one override; an invalid value leaves the overrides unchanged, returns false and
    // sets *error to "key.path: problem".
    bool set(ScenarioKey key, const std::string& value, const PresetLibrary& presets,
             std::string* error = nullptr);
    void clear(ScenarioKey key) { values_.erase(key); }

    // One command-line item: a bare recipe, method, sharding or optimizer key ("int8",
    // "qlora", "zero3", "adamw-8bit"), or assignments "path=value" joined by '+'
    // ("parallelism.sharding=zero3+parallelism.gpus=16").
    static std::optional<ScenarioOverrides> parse(std::string_view item,
                                                  const PresetLibrary& presets, std::string* error);

    // The plan with these overrides applied (the GPU count keeps the sharding group
    // consistent, a parameter count re-derives the shape, a model preset replaces the shape).
    void applyTo(Plan& plan, const PresetLibrary& presets) const;

    // {"training.precision": "int8", "parallelism.gpus": 16}
    nlohmann::json toJson() const;

    bool operator==(const ScenarioOverrides&) const = default;

private:
    std::map<ScenarioKey, std::string> values_;
};

// The plan's own value of a key, in the plan file's spelling ("bf16-mixed", "4").
std::string scenarioPlanValue(ScenarioKey key, const Plan& plan);
// English label of one value ("int8" -> "INT8", "rtx-4090" -> "RTX 4090", "16" -> "16").
std::string scenarioValueLabel(ScenarioKey key, const std::string& value,
                               const PresetLibrary& presets);
// The values a menu offers for a key: every enum value, every bundled preset, or the
// table's list of typical sizes.
std::vector<std::string> scenarioOfferedValues(ScenarioKey key, const PresetLibrary& presets);
// "Recipe: INT8, GPUs: 16" (empty when nothing is overridden).
std::string describeOverrides(const ScenarioOverrides& o, const PresetLibrary& presets);
// A short English column name: "INT8", "ZeRO-3 · 16 GPUs"; "Current plan" when empty.
std::string scenarioShortName(const ScenarioOverrides& o, const PresetLibrary& presets);

// One scenario resolved against a plan.
struct ScenarioResult {
    std::string name;
    ScenarioOverrides overrides;
    std::string changes; // describeOverrides(): "Recipe: INT8, GPUs: 16"
    Plan plan;           // base plan + overrides
    Evaluation evaluation;
    std::string problem; // why the variant is not a valid plan ("key.path: problem"), "" if valid
};

// The plan with the overrides applied, evaluated and validated; named by scenarioShortName.
ScenarioResult resolveScenario(const Plan& base, const ScenarioOverrides& overrides,
                               const PresetLibrary& presets);
// Several columns: equal automatic names are told apart by a number ("INT8 (2)").
std::vector<ScenarioResult> resolveScenarios(const Plan& base,
                                             const std::vector<ScenarioOverrides>& overrides,
                                             const PresetLibrary& presets);
// A comma-separated list of items (see ScenarioOverrides::parse); at most kMaxScenarios.
inline constexpr int kMaxScenarios = 8;
std::optional<std::vector<ScenarioOverrides>>
parseScenarioList(std::string_view list, const PresetLibrary& presets, std::string* error);

// The recipes a new comparison starts with: FP32, BF16 mixed, INT8.
std::vector<ScenarioOverrides> defaultRecipeScenarios(const PresetLibrary& presets);
// The frozen base of a LoRA plan three ways under the same adapters: NF4 (QLoRA), INT8 and
// BF16 (LoRA with the int8 and bf16-mixed recipes).
std::vector<ScenarioOverrides> defaultLoraBaseScenarios(const PresetLibrary& presets);
// The columns a new comparison of `plan` starts with: for a serving plan the KV cache in the
// model's dtype against fp8 (what halves the bytes per token); for LoRA and QLoRA
// defaultLoraBaseScenarios (the full-training recipes FP32 / BF16 / INT8 would compare
// trainings the plan is not doing); else defaultRecipeScenarios.
std::vector<ScenarioOverrides> defaultScenarios(const Plan& plan, const PresetLibrary& presets);

} // namespace memplan
