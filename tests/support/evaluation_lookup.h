// Test helper: reads one figure out of an Evaluation by the labels the model gives its moments
// and parts, so each test names what it checks ("end of forward", "KV cache") instead of an index.
#pragma once

#include "memplan/evaluation.h"

#include <cstddef>
#include <string_view>

namespace memplan::test {

// The moment with this label, or nullptr when the evaluation has none.
inline const Moment* findMoment(const Evaluation& e, std::string_view label) {
    for (std::size_t i = 0; i < e.moment_count; ++i)
        if (e.moments[i].label == label)
            return &e.moments[i];
    return nullptr;
}

// Bytes of the part labelled `label` in a breakdown; 0 when the part is absent (the model
// leaves out parts of zero bytes).
inline double partBytes(const ComponentBreakdown& b, std::string_view label) {
    for (std::size_t i = 0; i < b.part_count; ++i)
        if (b.parts[i].label == label)
            return b.parts[i].bytes;
    return 0;
}

// The same within component c of moment m.
inline double partBytes(const Moment& m, Component c, std::string_view label) {
    return partBytes(m.resident[static_cast<std::size_t>(c)], label);
}

// The same within component c at the peak (Evaluation::per_gpu).
inline double peakPartBytes(const Evaluation& e, Component c, std::string_view label) {
    return partBytes(e.per_gpu[static_cast<std::size_t>(c)], label);
}

// The most bytes the part labelled `label` of component c holds at any moment.
inline double largestPartBytes(const Evaluation& e, Component c, std::string_view label) {
    double most = 0;
    for (std::size_t i = 0; i < e.moment_count; ++i)
        if (const double b = partBytes(e.moments[i], c, label); b > most)
            most = b;
    return most;
}

// Bytes of component c at the moment labelled `moment`, or of its part `label` when one is
// given. -1 when no moment has that label, so a misspelt moment fails the comparison loudly.
inline double bytesAt(const Evaluation& e, std::string_view moment, Component c,
                      std::string_view label = {}) {
    const Moment* m = findMoment(e, moment);
    if (!m)
        return -1;
    if (label.empty())
        return m->resident[static_cast<std::size_t>(c)].bytes;
    return partBytes(*m, c, label);
}

} // namespace memplan::test
