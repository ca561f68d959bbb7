#include "ladders.h"

#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace memplan::gui {

namespace {
Ladder buildParamLadder() {
    static constexpr double mantissas[] = {1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0,
                                           5.0, 6.0, 7.0, 8.0, 9.0};
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
    QString t = text.trimmed().toLower();
    t.remove(QLatin1Char(','));
    t.remove(QLatin1Char('_'));
    static const QRegularExpression re(QStringLiteral(
        R"(^([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)\s*(k|thousand|m|million|b|g|bn|billion|t|trillion)?\s*(?:params|parameters)?$)"));
    const auto match = re.match(t);
    if (!match.hasMatch())
        return std::nullopt;
    bool ok = false;
    double v = match.captured(1).toDouble(&ok);
    if (!ok || !std::isfinite(v))
        return std::nullopt;
    const QString suffix = match.captured(2);
    if (suffix == QLatin1String("k") || suffix == QLatin1String("thousand"))
        v *= 1e3;
    else if (suffix == QLatin1String("m") || suffix == QLatin1String("million"))
        v *= 1e6;
    else if (suffix == QLatin1String("b") || suffix == QLatin1String("g") ||
             suffix == QLatin1String("bn") || suffix == QLatin1String("billion"))
        v *= 1e9;
    else if (suffix == QLatin1String("t") || suffix == QLatin1String("trillion"))
        v *= 1e12;
    v = std::round(v);
    if (!(v >= 1) || !std::isfinite(v))
        return std::nullopt;
    return v;
}

QString formatParamCount(double count) {
    struct Unit {
        double scale;
        char suffix;
    };
    static constexpr Unit units[] = {{1e12, 'T'}, {1e9, 'B'}, {1e6, 'M'}, {1e3, 'K'}};
    for (const Unit& u : units) {
        if (count >= u.scale) {
            const double v = count / u.scale;
            // Up to three significant decimals, without trailing zeros: 6.74B, 1.5T, 350M.
            QString s = QString::number(v, 'f', v >= 100 ? 1 : 2);
            if (s.contains(QLatin1Char('.'))) {
                while (s.endsWith(QLatin1Char('0')))
                    s.chop(1);
                if (s.endsWith(QLatin1Char('.')))
                    s.chop(1);
            }
            return s + QLatin1Char(u.suffix);
        }
    }
    return QString::number(count, 'f', 0);
}

} // namespace memplan::gui
