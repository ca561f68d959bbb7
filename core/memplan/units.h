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
// In GiB or GB ("12.34 GiB"), and from 1 TiB (1 TB) up in TiB/PiB/EiB (TB/PB/EB): "1.50 TiB",
// so a huge value is not a wall of digits. Binary stays binary, decimal stays decimal.
std::string formatGiga(double bytes, UnitSystem units, int decimals = 2);
// "7.24 B", "124 M", "1.50 T" parameters.
std::string formatCount(double count);
// A number as people read it: whole numbers with thousands separators ("1,000,000"), others
// in the shortest fixed notation that reads back the same ("0.0009765625"); only numbers
// beyond that (1e+20, 1e-9) in exponent notation. For bounds and limits in messages.
std::string formatNumber(double value);

} // namespace memplan
