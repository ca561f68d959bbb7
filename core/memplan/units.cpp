#include "memplan/units.h"

#include <cmath>
#include <cstdio>

namespace memplan {

static std::string withUnit(double value, const char* unit, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f %s", decimals, value, unit);
    return buf;
}

std::string formatBytes(double bytes, UnitSystem units, int decimals) {
    if (!std::isfinite(bytes))
        return "n/a";
    const bool bin = units == UnitSystem::Binary;
    const double k = bin ? 1024.0 : 1000.0;
    static const char* const binNames[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    static const char* const decNames[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
    double v = std::fabs(bytes);
    int i = 0;
    while (v >= k && i < 6) {
        v /= k;
        ++i;
    }
    if (bytes < 0)
        v = -v;
    return withUnit(v, bin ? binNames[i] : decNames[i], i == 0 ? 0 : decimals);
}

std::string formatGiga(double bytes, UnitSystem units, int decimals) {
    return units == UnitSystem::Binary ? withUnit(bytes / kGiB, "GiB", decimals)
                                       : withUnit(bytes / kGB, "GB", decimals);
}

std::string formatCount(double count) {
    char buf[64];
    if (count >= 1e12)
        std::snprintf(buf, sizeof buf, "%.2f T", count / 1e12);
    else if (count >= 1e9)
        std::snprintf(buf, sizeof buf, "%.2f B", count / 1e9);
    else if (count >= 1e6)
        std::snprintf(buf, sizeof buf, "%.1f M", count / 1e6);
    else if (count >= 1e3)
        std::snprintf(buf, sizeof buf, "%.1f K", count / 1e3);
    else
        std::snprintf(buf, sizeof buf, "%.0f", count);
    return buf;
}

} // namespace memplan
