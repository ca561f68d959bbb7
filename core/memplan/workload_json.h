// Reading and writing the `serving` and `rl` objects of a plan (keys in docs/plan-format.md).
#pragma once

#include "memplan/plan.h"
#include "memplan/presets.h"

#include <string>

#include <nlohmann/json_fwd.hpp>

namespace memplan {

// `path` is where the object sits: "serving" / "rl" at the top level (the contract's place),
// or "training.serving" / "training.rl", which are read the same way.
void readServing(const nlohmann::json& j, const std::string& file, const std::string& path,
                 ServingSpec& s);
void readRl(const nlohmann::json& j, const std::string& file, const std::string& path,
            const PresetLibrary& presets, RlSpec& rl);
// Cross-key checks (the method decides which keys matter); throws InputError.
void validateWorkload(const Plan& plan, const std::string& file);

nlohmann::json servingToJson(const ServingSpec& s);
nlohmann::json rlToJson(const RlSpec& rl);

} // namespace memplan
