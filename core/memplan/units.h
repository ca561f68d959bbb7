// Byte formatting. GiB = 2^30 bytes, GB = 10^9 bytes; every figure carries its unit.
#pragma once

#include <string>

namespace memplan {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
constexpr double kMiB = 1024.0 * 1024.0;
constexpr double kGB = 1e9;
constexpr double kMB = 1e6;

enum class UnitSystem { Binary, Decimal }; // GiB/MiB or GB/MB

// "12.34 GiB", "512.0 MiB", "1.20 TB"; picks the unit so the number stays readable.
std::string formatBytes(double bytes, UnitSystem units, int decimals = 2);
// Always in GiB or GB: "12.34 GiB".
std::string formatGiga(double bytes, UnitSystem units, int decimals = 2);
// "7.24 B", "124 M", "1.50 T" parameters.
std::string formatCount(double count);

} // namespace memplan
