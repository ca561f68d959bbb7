// Model or GPU preset files (MEMPLAN_FUZZ_PRESET_KIND is "model" or "gpu"), loaded the way the
// bundled ones are: from a presets directory.
#include "memplan/errors.h"
#include "memplan/presets.h"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    namespace fs = std::filesystem;
    static const fs::path dir = [] {
        char tmpl[] = "/tmp/memplan-fuzz-XXXXXX";
        const fs::path d = ::mkdtemp(tmpl);
        fs::create_directories(d / MEMPLAN_FUZZ_PRESET_KIND "s");
        return d;
    }();
    // The file is named after the id the seed corpus uses (tests/fuzz/run.sh rewrites it).
    const fs::path file = dir / MEMPLAN_FUZZ_PRESET_KIND "s" / MEMPLAN_FUZZ_PRESET_KIND ".json";
    {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    try {
        memplan::PresetLibrary lib;
        lib.loadDirectory(dir);
    } catch (const memplan::InputError&) {
    }
    return 0;
}
