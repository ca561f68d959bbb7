// The one chart style of the window: theme, background, fonts, axis colours, the dashed
// capacity line, the error bar, the hatched runtime overhead, the warning red, the line
// colours of the sweep and the "nice" value axis. Every chart takes these from here, so a
// change of palette (dark mode) or of look is decided in one place.
#pragma once

#include <QColor>
#include <QFont>
#include <QPalette>
#include <QPen>

#include <cstddef>

QT_BEGIN_NAMESPACE
class QBarSet;
class QChart;
QT_END_NAMESPACE

namespace memplan::gui::chartstyle {

// Dark when the palette's window colour is dark (the system's dark mode).
bool isDark(const QPalette& palette);

struct NiceAxis {
    double max;
    int ticks;
    int decimals;
};
// The smallest "nice" axis maximum (1, 2, 2.5, 5 x 10^k steps, at most maxTicks ticks) >= value.
NiceAxis niceAxis(double value, int maxTicks = 11);
// How many value-axis ticks fit in `length` pixels with labels in `font` (2 to 11).
int maxTicksFor(double length, const QFont& font);

// Theme, background, fonts and axis colours from the widget's palette (light or dark).
void applyPalette(QChart* chart, const QPalette& palette, const QFont& font);
// The dashed capacity line: 2 device-independent pixels wide. The pen is cosmetic (the same
// width however the chart is scaled), and a cosmetic width counts device pixels, so it is
// multiplied by the screen's device pixel ratio (2 px at 1x, 4 device px at 2x).
QPen capacityPen(const QPalette& palette, qreal devicePixelRatio = 1.0);
// The solid error bar of the total's low-high band, 2 device-independent pixels wide.
QPen bandPen(const QPalette& palette, qreal devicePixelRatio = 1.0);
// The width of both, in device-independent pixels.
inline constexpr qreal kLineWidth = 2.0;
// Runtime overhead is not the program's own memory: hatched in the text colour.
void styleOverhead(QBarSet* set, const QPalette& palette);
// A red that reads on the palette's base colour (over-capacity marks).
QColor warningColor(const QPalette& palette);
// The colour of the i-th allocated component (weights, gradients, optimizer states,
// activations, other), the same in every chart whatever parts it shows.
QColor componentColor(std::size_t i, bool dark);
// The i-th line of a line chart: Okabe-Ito colours, distinguishable with the common
// colour-vision deficiencies, in a lighter set on dark backgrounds.
QColor lineColor(std::size_t i, bool dark);

} // namespace memplan::gui::chartstyle
