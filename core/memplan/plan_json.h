// Plan files: parse with full validation (errors name the file and key path) and write.
#pragma once

#include "memplan/plan.h"
#include "memplan/presets.h"

#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace memplan {

// Parses plan JSON text. `file` only labels errors. Presets fill in model.preset and
// hardware.gpu; a bare model.params derives a shape (param_count.h). Throws InputError.
Plan parsePlan(std::string_view text, const std::string& file, const PresetLibrary& presets);
Plan parsePlanJson(const nlohmann::json& j, const std::string& file, const PresetLibrary& presets);
Plan loadPlanFile(const std::filesystem::path& path, const PresetLibrary& presets);

// Applies one `--set a.b.c=value` override to plan JSON (value parsed as JSON, or as a
// string when it is not valid JSON). Throws InputError naming the path.
void applyOverride(nlohmann::json& planJson, std::string_view assignment, const std::string& file);

// Checks cross-field rules (sharding factor <= gpus, tp*pp divides gpus, ...). Throws InputError.
void validatePlan(const Plan& plan, const std::string& file);

// Re-derives the shape after `model.params` changed (window slider). No-op for fixed shapes.
void rederiveShape(Plan& plan);

// Serialises every key (stable order, 2-space indent, trailing newline) so that
// write -> parse -> write is byte-identical.
std::string serializePlan(const Plan& plan);
nlohmann::json planToJson(const Plan& plan);

// Writes through a temporary file and rename, so a failed save leaves the old file intact.
void savePlanFileAtomic(const std::filesystem::path& path, const Plan& plan);

} // namespace memplan
