// Reads a Hugging Face config.json into a ModelSpec, or into a whole plan around it; tells a
// config.json from a plan file so that opening either one works.
#pragma once

#include "memplan/plan.h"
#include "memplan/presets.h"

#include <nlohmann/json_fwd.hpp>

#include <filesystem>
#include <string>
#include <string_view>

namespace memplan {

// Understands the field names of Llama, Mistral, Mixtral, Qwen2, Gemma, Phi, GPT-2, BERT
// and Falcon configs. Throws InputError naming the file and field.
ModelSpec importHfConfig(std::string_view text, const std::string& file);
ModelSpec importHfConfigFile(const std::filesystem::path& path);

// A Hugging Face config names its architecture ("model_type" or "architectures") and has none
// of a plan's top-level keys (model, training, parallelism, hardware, schema_version).
bool isHfConfig(const nlohmann::json& j);

// A whole plan for an imported model: `base`'s method, precision, batch, parallelism and
// hardware with the model replaced, named after the model; the sequence length is capped at
// the model's context (max_position).
Plan planForModel(const ModelSpec& model, const Plan& base);

// Opens a plan file or a Hugging Face config.json (then planForModel(model, base)).
// Throws InputError naming the file and the key.
struct OpenedPlan {
    Plan plan;
    bool imported = false; // true: made from a config.json, not read from a plan file
};
OpenedPlan openPlanOrHfConfig(const std::filesystem::path& path, const PresetLibrary& presets,
                              const Plan& base);

} // namespace memplan
