// Reads a Hugging Face config.json into a ModelSpec.
#pragma once

#include "memplan/plan.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace memplan {

// Understands the field names of Llama, Mistral, Mixtral, Qwen2, Gemma, Phi, GPT-2, BERT
// and Falcon configs. Throws InputError naming the file and field.
ModelSpec importHfConfig(std::string_view text, const std::string& file);
ModelSpec importHfConfigFile(const std::filesystem::path& path);

} // namespace memplan
