// The Compare columns a plan file keeps (its `compare` list, Plan::compare): each column the
// settings it overrides, in the file's spelling, and the user's name for it. Reading validates
// every value as a scenario override (memplan/scenario.h) and names the file and the field.
#pragma once

#include "memplan/plan.h"
#include "memplan/presets.h"
#include "memplan/scenario.h"

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace memplan {

// A column as the plan saves it ("" name = the automatic one).
SavedScenario savedScenario(const ScenarioOverrides& overrides, const std::string& name = {});
// The overrides of a saved column. Throws InputError naming `file` and
// compare[index].overrides.KEY when a setting is unknown, given twice or its value not valid.
ScenarioOverrides savedOverrides(const SavedScenario& saved, const PresetLibrary& presets,
                                 const std::string& file = {}, std::size_t index = 0);
// The overrides of every saved column, in order.
std::vector<ScenarioOverrides> savedOverridesList(const std::vector<SavedScenario>& saved,
                                                  const PresetLibrary& presets);

// A plan file's `compare`: a list of at most kMaxScenarios objects {"name", "overrides"},
// `overrides` an object of key paths ("training.precision") to strings or whole numbers.
// Unknown keys, unknown settings and invalid values are errors naming the file and the field;
// the settings are stored under their key paths.
std::vector<SavedScenario> readSavedScenarios(const nlohmann::json& list, const std::string& file,
                                              const PresetLibrary& presets);
nlohmann::json savedScenariosToJson(const std::vector<SavedScenario>& saved);

} // namespace memplan
