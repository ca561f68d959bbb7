// Shared by the fuzz targets: the bundled presets, loaded once.
#pragma once

#include "memplan/presets.h"

#include <cstdlib>

namespace memplan::fuzz {

inline const PresetLibrary& presets() {
    static const PresetLibrary library = [] {
        PresetLibrary lib;
        if (const char* dir = std::getenv("MEMPLAN_PRESET_DIR"))
            lib.loadDirectory(dir);
        else
            lib.loadDirectory(MEMPLAN_FUZZ_PRESET_DIR);
        return lib;
    }();
    return library;
}

} // namespace memplan::fuzz
