// The values the primary sliders snap to, and the typed-text forms of a parameter count.
// A slider position is an index into a ladder; the linked field may hold any value in between.
#pragma once

#include <QString>

#include <optional>
#include <vector>

namespace memplan::gui {

using Ladder = std::vector<double>;

// Parameter counts from 100 M to 2 T at readable steps (1, 1.2, 1.5, 2, 2.5, 3, ... per decade).
const Ladder& paramLadder();
// Micro-batch 1..1024: every value up to 8, then four steps per doubling.
const Ladder& microBatchLadder();
// Sequence length: powers of two from 128 to 1 Mi tokens.
const Ladder& seqLenLadder();
// GPU count 1..4096: every value up to 8, then 8 x {1, 1.25, 1.5, 1.75} x 2^k.
const Ladder& gpuLadder();

constexpr double kMinParams = 100e6;
constexpr double kMaxParams = 2e12;

// Index of the ladder value nearest to `value` on a logarithmic scale.
int nearestIndex(const Ladder& ladder, double value);

// "7B", "1.5T", "350M", "7e9", "6,738,415,616", "7 billion" -> count; nullopt when not a count.
std::optional<double> parseParamCount(const QString& text);
// Compact form that parseParamCount reads back: "6.74B", "350M", "1.5T".
QString formatParamCount(double count);

} // namespace memplan::gui
