// Test helper: runs a callable and records the InputError it throws, if any.
#pragma once

#include "memplan/errors.h"

#include <string>

namespace memplan::test {

struct Caught {
    bool thrown = false;
    std::string file, key, what;
};

template <typename F> Caught catchInputError(F&& f) {
    Caught c;
    try {
        f();
    } catch (const InputError& e) {
        c.thrown = true;
        c.file = e.file();
        c.key = e.keyPath();
        c.what = e.what();
    }
    return c;
}

// The same for a failed save (OutputError has no key path).
template <typename F> Caught catchOutputError(F&& f) {
    Caught c;
    try {
        f();
    } catch (const OutputError& e) {
        c.thrown = true;
        c.file = e.file();
        c.what = e.what();
    }
    return c;
}

} // namespace memplan::test
