// Hidden start-up modes that memplan-bench launches as child processes: show a window,
// report the time from process start to its first paint and the peak resident memory,
// then exit. `--bench-startup` shows the planner window, `--bench-minimal-chart` a bare
// window holding one Qt Charts chart (the floor).
#pragma once

#include <QString>

class QWidget;

namespace memplan::gui {

// Environment variable carrying the parent's CLOCK_MONOTONIC time (ns) just before it
// started this process; without it the kernel's process start time is used.
inline constexpr const char* kBenchT0Env = "MEMPLAN_BENCH_T0_NS";

// Nanoseconds on CLOCK_MONOTONIC.
long long monotonicNs();
// Peak resident set (VmHWM) of this process in KiB, or -1.
long long peakResidentKiB();

// After `window`'s first paint: print "first_paint_ms=X vmhwm_kib=Y" and quit the event loop.
void reportFirstPaintAndQuit(QWidget* window);

} // namespace memplan::gui
