#include "memplan/compare_columns.h"

#include "memplan/errors.h"
#include "memplan/json_reader.h"

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace memplan {

namespace {

std::string columnPath(std::size_t index) {
    return "compare[" + std::to_string(index) + "]";
}

std::string knownKeyPaths() {
    std::string keys;
    for (const ScenarioKeyInfo& k : scenarioKeys())
        keys += (keys.empty() ? "" : ", ") + std::string(k.path);
    return keys;
}

std::optional<int64_t> wholeNumber(std::string_view s) {
    int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size())
        return std::nullopt;
    return v;
}

} // namespace

SavedScenario savedScenario(const ScenarioOverrides& overrides, const std::string& name) {
    SavedScenario saved;
    saved.name = name;
    for (const auto& [key, value] : overrides.values())
        saved.overrides.emplace_back(std::string(scenarioKeyInfo(key).path), value);
    return saved;
}

ScenarioOverrides savedOverrides(const SavedScenario& saved, const PresetLibrary& presets,
                                 const std::string& file, std::size_t index) {
    ScenarioOverrides out;
    const std::string at = columnPath(index) + ".overrides.";
    for (const auto& [path, value] : saved.overrides) {
        const auto key = scenarioKeyFromName(path);
        if (!key)
            throw InputError(file, at + path,
                             "unknown setting; expected one of: " + knownKeyPaths());
        if (out.value(*key))
            throw InputError(file, at + path,
                             "set twice in one column (as " +
                                 std::string(scenarioKeyInfo(*key).path) + ")");
        std::string error; // "key.path: problem"
        if (!out.set(*key, value, presets, &error)) {
            const auto colon = error.find(": ");
            throw InputError(file, at + path,
                             colon == std::string::npos ? error : error.substr(colon + 2));
        }
    }
    return out;
}

std::vector<ScenarioOverrides> savedOverridesList(const std::vector<SavedScenario>& saved,
                                                  const PresetLibrary& presets) {
    std::vector<ScenarioOverrides> out;
    out.reserve(saved.size());
    for (std::size_t i = 0; i < saved.size(); ++i)
        out.push_back(savedOverrides(saved[i], presets, {}, i));
    return out;
}

std::vector<SavedScenario> readSavedScenarios(const nlohmann::json& list, const std::string& file,
                                              const PresetLibrary& presets) {
    if (!list.is_array())
        throw InputError(file, "compare", "expected a list of columns");
    if (list.size() > static_cast<std::size_t>(kMaxScenarios))
        throw InputError(file, "compare",
                         "at most " + std::to_string(kMaxScenarios) + " columns, got " +
                             std::to_string(list.size()));
    std::vector<SavedScenario> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string at = columnPath(i);
        if (!list[i].is_object())
            throw InputError(file, at, "expected an object with \"overrides\" and \"name\"");
        ObjectReader r(list[i], file, at);
        SavedScenario saved;
        r.string("name", saved.name);
        if (const nlohmann::json* o = r.object("overrides")) {
            for (const auto& [path, value] : o->items()) {
                if (value.is_string())
                    saved.overrides.emplace_back(path, value.get<std::string>());
                else if (value.is_number_integer())
                    saved.overrides.emplace_back(path, value.dump());
                else
                    throw InputError(file, at + ".overrides." + path,
                                     "expected a string or a whole number");
            }
        }
        r.rejectUnknownKeys();
        // Validated now, and kept under the key paths ("precision" -> "training.precision").
        out.push_back(savedScenario(savedOverrides(saved, presets, file, i), saved.name));
    }
    return out;
}

nlohmann::json savedScenariosToJson(const std::vector<SavedScenario>& saved) {
    nlohmann::json list = nlohmann::json::array();
    for (const SavedScenario& s : saved) {
        nlohmann::json column = nlohmann::json::object();
        if (!s.name.empty())
            column["name"] = s.name;
        nlohmann::json overrides = nlohmann::json::object();
        for (const auto& [path, value] : s.overrides) {
            const auto key = scenarioKeyFromName(path);
            const bool integer = key && scenarioKeyInfo(*key).kind == ScenarioValueKind::Integer;
            // Counts are written as numbers; a parameter count keeps its spelling ("8B").
            if (const auto n = integer ? wholeNumber(value) : std::nullopt)
                overrides[path] = *n;
            else
                overrides[path] = value;
        }
        column["overrides"] = std::move(overrides);
        list.push_back(std::move(column));
    }
    return list;
}

} // namespace memplan
