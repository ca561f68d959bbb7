// Small helpers the validation groups share for their statistics and report tables.
#pragma once

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace memplan::validation::report {

inline double medianOf(std::vector<double> v) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// A signed relative error as "+1.2%".
inline std::string percent(double fraction) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%+.1f%%", fraction * 100);
    return buf;
}

// Bytes in MiB with one decimal, for the per-plan tables.
inline std::string mib(double bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", bytes / (1024.0 * 1024.0));
    return buf;
}

} // namespace memplan::validation::report
