#include "memplan/model_files.h"

#include "memplan/errors.h"
#include "memplan/file_io.h"
#include "memplan/hf_import.h"
#include "memplan/json_reader.h"
#include "memplan/param_count.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

namespace memplan {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr const char* kConfig = "config.json";
constexpr const char* kIndex = "model.safetensors.index.json";
constexpr const char* kSingle = "model.safetensors";

// A file name from an index: relative, inside the model, a .safetensors file.
bool plainShardName(const std::string& n) {
    if (n.empty() || n.size() > 1000 || n.front() == '/' || n.find('\\') != std::string::npos ||
        n.find('\0') != std::string::npos)
        return false;
    for (std::size_t at = 0;;) {
        const auto slash = n.find('/', at);
        const std::string part = n.substr(at, slash == std::string::npos ? slash : slash - at);
        if (part.empty() || part == "." || part == "..")
            return false;
        if (slash == std::string::npos)
            break;
        at = slash + 1;
    }
    return n.size() > 12 && n.compare(n.size() - 12, 12, ".safetensors") == 0;
}

} // namespace

std::optional<std::string> LocalModelFolder::read(const std::string& name) {
    const fs::path p = dir_ / name;
    std::error_code ec;
    if (!fs::exists(p, ec))
        return std::nullopt;
    return readInputFile(p.generic_string());
}

std::optional<SafetensorsHeader> LocalModelFolder::header(const std::string& name) {
    std::error_code ec;
    if (!fs::exists(dir_ / name, ec))
        return std::nullopt;
    return readSafetensorsHeaderFile(dir_ / name);
}

std::string LocalModelFolder::label(const std::string& name) const {
    return (dir_ / name).generic_string();
}

std::vector<std::string> shardsOfIndex(std::string_view indexText, const std::string& file) {
    const json j = parseJsonText(indexText, file);
    if (!j.is_object())
        throw InputError(file, "(document)", "expected a JSON object");
    const auto map = j.find("weight_map");
    if (map == j.end() || !map->is_object())
        throw InputError(file, "weight_map", "missing, or not an object of tensor -> file");
    std::set<std::string> shards;
    for (auto it = map->begin(); it != map->end(); ++it) {
        if (!it->is_string())
            throw InputError(file, "weight_map." + it.key(), "expected a file name");
        const std::string n = it->get<std::string>();
        if (!plainShardName(n))
            throw InputError(file, "weight_map." + it.key(),
                             "\"" + n.substr(0, 200) +
                                 "\" is not a .safetensors file inside the model folder");
        shards.insert(n);
    }
    if (shards.empty())
        throw InputError(file, "weight_map", "names no file");
    if (shards.size() > 100'000)
        throw InputError(file, "weight_map", "names more than 100000 files");
    return {shards.begin(), shards.end()};
}

ImportedModel importModelFiles(ModelFiles& files) {
    ImportedModel out;
    out.config_file = files.label(kConfig);
    const std::optional<std::string> config = files.read(kConfig);
    if (!config)
        throw InputError(out.config_file, "", "no such file: a model needs its config.json");
    out.model = importHfConfig(*config, out.config_file);
    const json configJson = parseJsonText(*config, out.config_file);
    json quantization;
    if (const auto q = configJson.find("quantization_config"); q != configJson.end())
        quantization = *q;

    // Sharded: the index names the shards. Otherwise one model.safetensors, or none at all
    // (e.g. a pytorch_model.bin checkpoint): then the shape alone gives the count.
    std::vector<SafetensorsHeader> headers;
    if (const auto index = files.read(kIndex)) {
        for (const std::string& shard : shardsOfIndex(*index, files.label(kIndex))) {
            auto h = files.header(shard);
            if (!h)
                throw InputError(files.label(kIndex), "weight_map",
                                 "names " + shard + ", which the model does not have");
            headers.push_back(std::move(*h));
        }
    } else if (auto h = files.header(kSingle)) {
        headers.push_back(std::move(*h));
    } else {
        return out;
    }
    out.checkpoint = summarizeCheckpoint(headers, quantization);

    // The headers' count is exact; the shape's count is what the memory model itemises.
    // When they disagree beyond 0.5%, the exact count is authoritative (model.params).
    const double shapeCount = countParameters(out.model).total;
    const double exact = out.checkpoint->parameters;
    if (exact > 0 && std::fabs(shapeCount - exact) > 0.005 * exact)
        out.model.params = exact;
    return out;
}

ImportedModel importLocalModel(const fs::path& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        LocalModelFolder folder(path);
        return importModelFiles(folder);
    }
    const std::string name = path.filename().generic_string();
    if (name.size() > 12 && name.compare(name.size() - 12, 12, ".safetensors") == 0) {
        ImportedModel out;
        const SafetensorsHeader h = readSafetensorsHeaderFile(path);
        const fs::path config = path.parent_path() / kConfig;
        json quantization;
        if (fs::exists(config, ec)) {
            out.config_file = config.generic_string();
            const std::string text = readInputFile(out.config_file);
            out.model = importHfConfig(text, out.config_file);
            const json j = parseJsonText(text, out.config_file);
            if (const auto q = j.find("quantization_config"); q != j.end())
                quantization = *q;
        }
        out.checkpoint = summarizeCheckpoint({h}, quantization);
        const double exact = out.checkpoint->parameters;
        if (out.config_file.empty()) {
            // No config.json beside it: the documented shape rule around the exact count.
            if (exact <= 0)
                throw InputError(path.generic_string(), "",
                                 "holds no parameters, and there is no config.json beside it");
            out.model = deriveShape(exact);
            out.model.name = path.stem().generic_string();
        } else if (std::fabs(countParameters(out.model).total - exact) > 0.005 * exact) {
            out.model.params = exact;
        }
        return out;
    }
    ImportedModel out;
    out.config_file = path.generic_string();
    out.model = importHfConfigFile(path);
    return out;
}

} // namespace memplan
