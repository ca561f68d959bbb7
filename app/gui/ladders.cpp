#include "ladders.h"

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
    // Hand-written rather than a regular expression: the field's validator runs this on every
    // change of its text, including each slider step.
    QString t = text.trimmed().toLower();
    t.remove(QLatin1Char(','));
    t.remove(QLatin1Char('_'));
    for (const char* word : {"parameters", "params"})
        if (t.endsWith(QLatin1String(word))) {
            t.chop(static_cast<qsizetype>(std::strlen(word)));
            t = t.trimmed();
            break;
        }
    // The number: digits with an optional fraction and exponent.
    qsizetype i = 0;
    const qsizetype n = t.size();
    auto digits = [&] {
        const qsizetype start = i;
        while (i < n && t[i].isDigit())
            ++i;
        return i - start;
    };
    const qsizetype intDigits = digits();
    qsizetype fracDigits = 0;
    if (i < n && t[i] == QLatin1Char('.')) {
        ++i;
        fracDigits = digits();
    }
    if (intDigits + fracDigits == 0)
        return std::nullopt;
    if (i < n && t[i] == QLatin1Char('e')) {
        const qsizetype mark = i++;
        if (i < n && (t[i] == QLatin1Char('+') || t[i] == QLatin1Char('-')))
            ++i;
        if (digits() == 0)
            i = mark; // not an exponent after all ("e" is no suffix either: rejected below)
    }
    bool ok = false;
    double v = QStringView(t).left(i).toDouble(&ok);
    if (!ok || !std::isfinite(v))
        return std::nullopt;
    const QStringView suffix = QStringView(t).mid(i).trimmed();
    struct Scale {
        const char* word;
        double factor;
    };
    static constexpr Scale scales[] = {
        {"", 1},    {"k", 1e3},  {"thousand", 1e3}, {"m", 1e6},  {"million", 1e6},  {"b", 1e9},
        {"g", 1e9}, {"bn", 1e9}, {"billion", 1e9},  {"t", 1e12}, {"trillion", 1e12}};
    bool known = false;
    for (const Scale& sc : scales)
        if (suffix == QLatin1String(sc.word)) {
            v *= sc.factor;
            known = true;
            break;
        }
    if (!known)
        return std::nullopt;
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
