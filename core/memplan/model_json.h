// The `model` object of plan files and model presets.
#pragma once

#include "memplan/plan.h"

#include <string>

#include <nlohmann/json_fwd.hpp>

namespace memplan {

// Reads the shape keys of `j` over `base` (so a preset's values are overridden only by keys
// that are present). `allowIdentity` accepts "preset", "params" and "scaled_from" (plan
// files) besides the shape keys. Throws InputError naming file and path.
void readModelShape(const nlohmann::json& j, const std::string& file, const std::string& path,
                    ModelSpec& base, bool allowIdentity);

// True when `j` (a plan's model object) sets any shape key (anything but preset/params/name).
bool hasShapeKeys(const nlohmann::json& j);

// All shape keys in a stable order (plus preset/params when `withIdentity`).
nlohmann::json modelToJson(const ModelSpec& m, bool withIdentity);

// model.scaled_from: a derived shape's base traits (docs/plan-format.md).
nlohmann::json shapeBaseToJson(const ShapeBase& b);

// Cross-field checks of a shape (heads * head_dim, kv_heads divides heads, ...).
void validateModelShape(const ModelSpec& m, const std::string& file, const std::string& path);

} // namespace memplan
