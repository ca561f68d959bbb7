// Bundled model and GPU presets (presets/models/*.json, presets/gpus/*.json).
#pragma once

#include "memplan/errors.h"
#include "memplan/plan.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace memplan {

struct ModelPreset {
    std::string id;
    std::string source;          // where the shape comes from (published config)
    double published_params = 0; // the count the authors publish, for the 0.5% check
    ModelSpec model;             // preset == id, params unset
};

struct GpuPreset {
    std::string id;
    std::string name;
    double memory_bytes = 0;         // usable device memory in bytes
    std::string memory_as_sold;      // e.g. "80 GB HBM3 (80 GiB = 85,899,345,920 bytes)"
    double runtime_overhead_gib = 0; // default CUDA context + libraries
    std::string source;
};

class PresetLibrary {
public:
    // Loads every *.json under dir/models and dir/gpus. Errors name the file and key.
    void loadDirectory(const std::filesystem::path& dir);
    // The bundled presets, from the first folder of bundledSearchPath() that exists.
    static PresetLibrary loadBundled();
    // $MEMPLAN_PRESET_DIR, the source tree (only for a program inside its build tree), then
    // <program>/../share/memplan/presets and the configured install prefix.
    static std::vector<std::filesystem::path> bundledSearchPath();
    static std::vector<std::filesystem::path>
    bundledSearchPathFor(const std::filesystem::path& executable);

    const ModelPreset* findModel(const std::string& id) const;
    const GpuPreset* findGpu(const std::string& id) const;
    const std::map<std::string, ModelPreset>& models() const { return models_; }
    const std::map<std::string, GpuPreset>& gpus() const { return gpus_; }

private:
    std::map<std::string, ModelPreset> models_;
    std::map<std::string, GpuPreset> gpus_;
};

} // namespace memplan
