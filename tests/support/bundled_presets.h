// The bundled presets (presets/ in the source tree) for tests that plan with them.
#pragma once

#include "memplan/presets.h"

#include <exception>
#include <string>

namespace memplan::test {

// Loads the bundled presets into `lib`: "" when they load, else why not, for
//     const std::string error = test::loadBundledPresets(lib_);
//     QVERIFY2(error.empty(), error.c_str());
// in a test's initTestCase.
inline std::string loadBundledPresets(PresetLibrary& lib) {
    try {
        lib.loadDirectory(MEMPLAN_TEST_PRESETS);
    } catch (const std::exception& e) {
        return e.what();
    }
    return {};
}

} // namespace memplan::test
