#include "memplan/units.h"

#include <charconv>
#include <cmath>
#include <cstdint>
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
    if (!std::isfinite(bytes))
        return "n/a";
    const bool bin = units == UnitSystem::Binary;
    const double k = bin ? 1024.0 : 1000.0;
    static const char* const binNames[] = {"GiB", "TiB", "PiB", "EiB"};
    static const char* const decNames[] = {"GB", "TB", "PB", "EB"};
    double v = bytes / (bin ? kGiB : kGB);
    int i = 0;
    while (std::fabs(v) >= k && i < 3) {
        v /= k;
        ++i;
    }
    return withUnit(v, bin ? binNames[i] : decNames[i], decimals);
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

namespace {
// "1234567" -> "1,234,567" (digits only, an optional leading minus sign kept).
std::string groupThousands(std::string digits) {
    const std::size_t first = digits.empty() || digits[0] != '-' ? 0 : 1;
    for (std::size_t i = digits.size(); i > first + 3; i -= 3)
        digits.insert(i - 3, 1, ',');
    return digits;
}
} // namespace

std::string formatNumber(double value) {
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "infinity" : "-infinity";
    const double magnitude = std::fabs(value);
    if (value == std::floor(value) && magnitude < 1e18)
        return groupThousands(std::to_string(static_cast<int64_t>(value)));
    char buf[64];
    if (magnitude >= 1e-6 && magnitude < 1e18) {
        const auto r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
        const std::string text(buf, r.ptr);
        const std::size_t dot = text.find('.');
        return groupThousands(text.substr(0, dot)) +
               (dot == std::string::npos ? std::string() : text.substr(dot));
    }
    const auto r = std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, r.ptr);
}

} // namespace memplan
