// A model's files wherever they live (a local folder, a single .safetensors file, or a Hub
// repository through app/hub), and the import that reads them: config.json for the shape,
// then the safetensors headers (through model.safetensors.index.json when sharded) for the
// exact parameter count and the weights' real bytes.
#pragma once

#include "memplan/checkpoint.h"
#include "memplan/plan.h"
#include "memplan/safetensors.h"

#include <filesystem>
#include <optional>
#include <string>

namespace memplan {

class ModelFiles {
public:
    virtual ~ModelFiles() = default;
    // The whole of a small file (config.json, the index), or nullopt when there is no such
    // file. Other failures (unreadable, network) throw.
    virtual std::optional<std::string> read(const std::string& name) = 0;
    // The parsed header of a .safetensors file (its tensors are never read), or nullopt when
    // there is no such file.
    virtual std::optional<SafetensorsHeader> header(const std::string& name) = 0;
    // How messages name a file of this model.
    virtual std::string label(const std::string& name) const = 0;
};

// A folder as downloaded from the Hub (config.json, *.safetensors, the index).
class LocalModelFolder : public ModelFiles {
public:
    explicit LocalModelFolder(std::filesystem::path dir)
        : dir_(std::move(dir)) {}
    std::optional<std::string> read(const std::string& name) override;
    std::optional<SafetensorsHeader> header(const std::string& name) override;
    std::string label(const std::string& name) const override;

private:
    std::filesystem::path dir_;
};

struct ImportedModel {
    ModelSpec model;
    std::optional<CheckpointSummary> checkpoint; // absent when there are no safetensors
    std::string config_file;                     // how messages named config.json
};

// config.json, then model.safetensors.index.json (its weight_map names the shards) or else
// model.safetensors. The model's `params` is set to the headers' exact count when the shape
// does not reproduce it within 0.5% (an architecture the shape keys cannot express).
// Throws InputError naming the file and field.
ImportedModel importModelFiles(ModelFiles& files);

// The shard names of an index's weight_map, sorted and unique; each a plain relative name
// ending in .safetensors (no "..", no absolute path).
std::vector<std::string> shardsOfIndex(std::string_view indexText, const std::string& file);

// A local path: a folder, a .safetensors file (its config.json beside it, when present), or a
// config.json.
ImportedModel importLocalModel(const std::filesystem::path& path);

} // namespace memplan
