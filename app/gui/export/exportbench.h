// Export timings for memplan-bench: each chart (single, compare, sweep) written as PNG, SVG
// and PDF at 1600x1000, and the data as CSV, Markdown and JSON. The bench's main calls
// runExportBench() once; needs a QApplication (offscreen is fine).
#pragma once

#include "memplan/presets.h"

namespace memplan::gui {

// Prints one line per export with the median and worst time in ms over `repeats` runs, and a
// summary line "export: slowest median X ms (target < 100 ms at 1600x1000)". Returns the
// slowest median in ms.
double runExportBench(const PresetLibrary& presets, int repeats = 15);

} // namespace memplan::gui
