// Byte and count formatting for the window. Every figure carries its unit; GiB = 2^30 bytes,
// GB = 10^9 bytes, and the two are never left ambiguous.
#pragma once

#include "memplan/units.h"

#include <QString>

namespace memplan::gui {

// "12.57 GiB" or "13.49 GB"; from 1 TiB (1 TB) up "1.50 TiB" / "1.65 TB" (memplan/units.h).
QString formatSize(double bytes, UnitSystem units, int decimals = 2);
// "12.57 GiB (13.49 GB)": both units, for tooltips and the verdict.
QString formatSizeBoth(double bytes, int decimals = 2);
// "GiB" / "GB"
QString unitName(UnitSystem units);
// "GiB (2^30 bytes)" / "GB (10^9 bytes)"
QString unitDescription(UnitSystem units);
double unitScale(UnitSystem units); // bytes per displayed unit
// A chart's value axis: GiB (GB) below 1 TiB (1 TB), then TiB, PiB, EiB (TB, PB, EB), each
// from 1024 (1000) of the one below as formatSize names them, so multi-TiB plans read "1.5",
// not "1,536", and multi-PiB ones not "1,536 TiB". The unit for values up to `topBytes` as a
// power of 1024 (1000) over GiB (GB): 0 GiB, 1 TiB, 2 PiB, 3 EiB; its bytes and its title.
int axisPower(double topBytes, UnitSystem units);
double axisScale(int power, UnitSystem units);
QString axisUnitDescription(int power, UnitSystem units); // "TiB (2^40 bytes)" / "TB (10^12 bytes)"
// A plain number as people read it: `significant` digits, never in exponent notation,
// thousands grouped in the locale's way: "0.25", "64", "1,234", "1,000,000".
QString formatReadable(double value, int significant = 3);

} // namespace memplan::gui
