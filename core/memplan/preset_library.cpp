#include "memplan/presets.h"

#include "memplan/file_io.h"
#include "memplan/json_reader.h"
#include "memplan/model_json.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

#include <nlohmann/json.hpp>

#ifndef MEMPLAN_SOURCE_PRESET_DIR
#define MEMPLAN_SOURCE_PRESET_DIR ""
#endif
#ifndef MEMPLAN_BUILD_DIR
#define MEMPLAN_BUILD_DIR ""
#endif
#ifndef MEMPLAN_INSTALLED_PRESET_DIR
#define MEMPLAN_INSTALLED_PRESET_DIR ""
#endif

namespace memplan {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int64_t kSchemaVersion = 1;
// Device memory of one accelerator: at least 1 MiB, at most 1 PiB.
constexpr int64_t kMinMemoryBytes = int64_t{1} << 20;
constexpr int64_t kMaxMemoryBytes = int64_t{1} << 50;
constexpr double kMaxOverheadGib = 64.0;

std::string display(const fs::path& p) {
    return p.generic_string();
}

json parseFile(const fs::path& path) {
    const std::string file = display(path);
    return parseJsonText(readInputFile(file), file);
}

// The *.json files of `dir`, sorted by name so loading order never depends on the filesystem.
std::vector<fs::path> jsonFilesIn(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        return out;
    fs::directory_iterator it(dir, ec);
    if (ec)
        throw InputError(display(dir), "", "cannot list directory: " + ec.message());
    for (const auto& entry : it) {
        std::error_code fileEc;
        if (entry.path().extension() == ".json" && entry.is_regular_file(fileEc))
            out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

void requireKey(const ObjectReader& r, const char* key) {
    if (!r.has(key))
        throw InputError(r.file(), r.pathOf(key), "missing required key");
}

void readHeader(ObjectReader& r, const fs::path& path, std::string& id) {
    requireKey(r, "schema_version");
    int64_t version = 0;
    r.integer("schema_version", version, 0, 1'000'000);
    if (version != kSchemaVersion)
        r.fail("schema_version", "unsupported version " + std::to_string(version) +
                                     "; this build reads version " +
                                     std::to_string(kSchemaVersion));
    requireKey(r, "id");
    r.string("id", id);
    const std::string stem = path.stem().string();
    if (id != stem)
        r.fail("id", "\"" + id + "\" does not match the file name \"" + stem +
                         ".json\"; a preset's id must equal its file name");
}

std::string requiredString(ObjectReader& r, const char* key) {
    requireKey(r, key);
    std::string out;
    r.string(key, out);
    if (out.empty())
        r.fail(key, "must not be empty");
    return out;
}

ModelPreset readModelPreset(const fs::path& path) {
    const std::string file = display(path);
    const json doc = parseFile(path);
    ObjectReader r(doc, file, "");
    ModelPreset p;
    readHeader(r, path, p.id);
    p.source = requiredString(r, "source");
    requireKey(r, "published_params");
    r.number("published_params", p.published_params, 1e3, ObjectReader::kMaxCount);
    requireKey(r, "model");
    const json* model = r.object("model");
    r.rejectUnknownKeys();

    readModelShape(*model, file, "model", p.model, /*allowIdentity*/ false);
    validateModelShape(p.model, file, "model");
    p.model.preset = p.id;
    p.model.params.reset();
    p.model.shape_derived = false;
    if (p.model.name.empty())
        p.model.name = p.id;
    return p;
}

GpuPreset readGpuPreset(const fs::path& path) {
    const std::string file = display(path);
    const json doc = parseFile(path);
    ObjectReader r(doc, file, "");
    GpuPreset p;
    readHeader(r, path, p.id);
    p.name = requiredString(r, "name");
    requireKey(r, "memory_bytes");
    int64_t bytes = 0;
    r.integer("memory_bytes", bytes, kMinMemoryBytes, kMaxMemoryBytes);
    p.memory_bytes = static_cast<double>(bytes);
    p.memory_as_sold = requiredString(r, "memory_as_sold");
    requireKey(r, "runtime_overhead_gib");
    r.number("runtime_overhead_gib", p.runtime_overhead_gib, 0.0, kMaxOverheadGib);
    p.source = requiredString(r, "source");
    r.rejectUnknownKeys();
    if (p.runtime_overhead_gib * 1073741824.0 >= p.memory_bytes)
        r.fail("runtime_overhead_gib", "is not smaller than memory_bytes");
    return p;
}

template <typename Preset>
void checkUnique(const std::map<std::string, Preset>& existing,
                 const std::map<std::string, Preset>& incoming, const std::string& id,
                 const fs::path& path, const char* kind) {
    if (existing.count(id) || incoming.count(id))
        throw InputError(display(path), "id",
                         std::string("duplicate ") + kind + " preset id \"" + id + "\"");
}

} // namespace

void PresetLibrary::loadDirectory(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw InputError(display(dir), "", "preset directory not found");

    // Read everything first so a bad file leaves the library as it was.
    std::map<std::string, ModelPreset> models;
    std::map<std::string, GpuPreset> gpus;
    for (const auto& path : jsonFilesIn(dir / "models")) {
        ModelPreset p = readModelPreset(path);
        checkUnique(models_, models, p.id, path, "model");
        models.emplace(p.id, std::move(p));
    }
    for (const auto& path : jsonFilesIn(dir / "gpus")) {
        GpuPreset p = readGpuPreset(path);
        checkUnique(gpus_, gpus, p.id, path, "GPU");
        gpus.emplace(p.id, std::move(p));
    }
    models_.merge(models);
    gpus_.merge(gpus);
}

std::vector<fs::path> PresetLibrary::bundledSearchPath() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return bundledSearchPathFor(ec ? fs::path() : exe);
}

std::vector<fs::path> PresetLibrary::bundledSearchPathFor(const fs::path& executable) {
    std::vector<fs::path> out;
    if (const char* env = std::getenv("MEMPLAN_PRESET_DIR"); env && *env)
        out.emplace_back(env);
    // The source tree only for a program that runs from its own build tree: an installed
    // program never reads presets from wherever it happened to be built (a world-writable
    // build folder could plant them).
    const std::string buildDir = MEMPLAN_BUILD_DIR;
    const std::string exe = executable.lexically_normal().generic_string();
    const bool inBuildTree = !buildDir.empty() && exe.rfind(buildDir + "/", 0) == 0;
    if (const std::string src = MEMPLAN_SOURCE_PRESET_DIR; inBuildTree && !src.empty())
        out.emplace_back(src);
    // A relocated install: <prefix>/bin/<program> next to <prefix>/share/memplan/presets.
    if (!executable.empty())
        out.push_back(
            (executable.parent_path() / ".." / "share" / "memplan" / "presets").lexically_normal());
    if (const std::string inst = MEMPLAN_INSTALLED_PRESET_DIR; !inst.empty())
        out.emplace_back(inst);
    return out;
}

PresetLibrary PresetLibrary::loadBundled() {
    const auto candidates = bundledSearchPath();
    for (const auto& dir : candidates) {
        std::error_code ec;
        if (fs::is_directory(dir, ec)) {
            PresetLibrary lib;
            lib.loadDirectory(dir);
            return lib;
        }
    }
    std::string searched;
    for (const auto& dir : candidates)
        searched += (searched.empty() ? "" : ", ") + display(dir);
    throw InputError("", "",
                     "no bundled preset directory found (searched: " +
                         (searched.empty() ? std::string("nothing") : searched) +
                         "); set MEMPLAN_PRESET_DIR to the presets folder");
}

const ModelPreset* PresetLibrary::findModel(const std::string& id) const {
    const auto it = models_.find(id);
    return it == models_.end() ? nullptr : &it->second;
}

const GpuPreset* PresetLibrary::findGpu(const std::string& id) const {
    const auto it = gpus_.find(id);
    return it == gpus_.end() ? nullptr : &it->second;
}

} // namespace memplan
