#include "controls/ladders.h"

#include "memplan/plan_edit.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace memplan::gui {

namespace {
Ladder buildParamLadder() {
    static constexpr double mantissas[] = {1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 3.5,
                                           4.0, 5.0, 6.0, 7.0, 8.0, 9.0};
    Ladder out;
    for (double decade = 1e8; decade <= 1e12; decade *= 10)
        for (double m : mantissas) {
            const double v = std::round(m * decade);
            if (v >= kMinParams && v <= kMaxParams)
                out.push_back(v);
        }
    return out;
}

// Every integer up to `dense`, then `perOctave` geometric steps per doubling up to `max`.
Ladder buildCountLadder(int dense, int perOctave, double max) {
    Ladder out;
    for (int i = 1; i <= dense; ++i)
        out.push_back(i);
    for (double base = dense; base < max; base *= 2)
        for (int s = 1; s <= perOctave; ++s) {
            const double v = base + base * s / perOctave;
            if (v <= max && v > out.back())
                out.push_back(v);
        }
    return out;
}
} // namespace

const Ladder& paramLadder() {
    static const Ladder ladder = buildParamLadder();
    return ladder;
}

const Ladder& microBatchLadder() {
    static const Ladder ladder = buildCountLadder(8, 4, 1024);
    return ladder;
}

const Ladder& seqLenLadder() {
    static const Ladder ladder = [] {
        Ladder out;
        for (double v = 128; v <= 1024 * 1024; v *= 2)
            out.push_back(v);
        return out;
    }();
    return ladder;
}

const Ladder& gpuLadder() {
    static const Ladder ladder = buildCountLadder(8, 4, 4096);
    return ladder;
}

int nearestIndex(const Ladder& ladder, double value) {
    if (ladder.empty())
        return 0;
    if (!(value > 0))
        return 0;
    const auto it = std::lower_bound(ladder.begin(), ladder.end(), value);
    if (it != ladder.end() && *it == value)
        return static_cast<int>(it - ladder.begin());
    if (it == ladder.begin())
        return 0;
    if (it == ladder.end())
        return static_cast<int>(ladder.size()) - 1;
    const auto hi = static_cast<int>(it - ladder.begin());
    const int lo = hi - 1;
    const double dLo = std::log(value) - std::log(ladder[static_cast<std::size_t>(lo)]);
    const double dHi = std::log(ladder[static_cast<std::size_t>(hi)]) - std::log(value);
    return dLo <= dHi ? lo : hi;
}

std::optional<double> parseParamCount(const QString& text) {
    return memplan::parseParamCount(text.toStdString()); // the one parser (plan_edit.h)
}

QString formatParamCount(double count) {
    return QString::fromStdString(memplan::formatParamCount(count));
}

} // namespace memplan::gui
