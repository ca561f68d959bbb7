#include "charts/chartstyle.h"

#include <QAbstractAxis>
#include <QBarSet>
#include <QChart>
#include <QFontMetricsF>
#include <QLegend>

#include <algorithm>
#include <cmath>

namespace memplan::gui::chartstyle {

bool isDark(const QPalette& pal) {
    return pal.color(QPalette::Window).lightness() < 128;
}

NiceAxis niceAxis(double value, int maxTicks) {
    maxTicks = std::clamp(maxTicks, 2, 11);
    if (!(value > 0) || !std::isfinite(value))
        return {1.0, std::min(5, maxTicks), 1};
    static constexpr double steps[] = {1.0, 2.0, 2.5, 5.0};
    const double raw = value / 8;
    double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (int guard = 0; guard < 4; ++guard, magnitude *= 10) {
        for (double s : steps) {
            const double step = s * magnitude;
            const double max = std::ceil(value / step - 1e-9) * step;
            const int ticks = static_cast<int>(std::lround(max / step)) + 1;
            if (ticks <= maxTicks) {
                const int decimals = std::max(
                    0, -static_cast<int>(std::floor(std::log10(step) + 1e-9)) + (s == 2.5 ? 1 : 0));
                return {max, ticks, decimals};
            }
        }
    }
    return {value, 2, 1};
}

int maxTicksFor(double length, const QFont& font) {
    // Qt Charts elides a label taller than its share of the axis: leave room for two lines.
    const double perTick = QFontMetricsF(font).height() * 2.0;
    return std::clamp(static_cast<int>(length / perTick) + 1, 2, 11);
}

void applyPalette(QChart* chart, const QPalette& pal, const QFont& font) {
    const bool dark = isDark(pal);
    const QChart::ChartTheme theme = dark ? QChart::ChartThemeDark : QChart::ChartThemeLight;
    if (chart->theme() != theme) // a new chart starts light: nothing to redo then
        chart->setTheme(theme);
    chart->setBackgroundBrush(pal.brush(QPalette::Base));
    chart->setBackgroundPen(Qt::NoPen);
    chart->setBackgroundRoundness(0);
    chart->setTitleBrush(pal.brush(QPalette::Text));
    QFont titleFont = font;
    titleFont.setBold(true);
    chart->setTitleFont(titleFont);
    chart->legend()->setLabelColor(pal.color(QPalette::Text));
    chart->legend()->setFont(font);
    for (QAbstractAxis* axis : chart->axes()) {
        axis->setLabelsBrush(pal.brush(QPalette::Text));
        axis->setLabelsFont(font);
        axis->setTitleBrush(pal.brush(QPalette::Text));
        axis->setTitleFont(font);
        axis->setLinePenColor(pal.color(QPalette::Mid));
        axis->setGridLineColor(pal.color(dark ? QPalette::Light : QPalette::Midlight));
    }
}

QPen capacityPen(const QPalette& pal, qreal dpr) {
    QPen pen(pal.color(QPalette::Text), kLineWidth * std::max(dpr, 1.0), Qt::DashLine);
    pen.setCosmetic(true);
    return pen;
}

QPen bandPen(const QPalette& pal, qreal dpr) {
    QPen pen(pal.color(QPalette::Text), kLineWidth * std::max(dpr, 1.0), Qt::SolidLine);
    pen.setCosmetic(true);
    return pen;
}

void styleOverhead(QBarSet* set, const QPalette& pal) {
    set->setBrush(QBrush(pal.color(QPalette::Text), Qt::BDiagPattern));
    set->setBorderColor(pal.color(QPalette::Text));
}

QColor warningColor(const QPalette& pal) {
    return pal.color(QPalette::Base).lightness() < 128 ? QColor(0xff, 0x7b, 0x72)
                                                       : QColor(0xc6, 0x28, 0x28);
}

QColor componentColor(std::size_t i, bool dark) {
    // The series colours of Qt Charts 6.4's light and dark themes
    // (src/charts/themes/chartthemelight_p.h, chartthemedark_p.h), set on every chart by
    // component rather than left to the theme, which colours by place in the series.
    static const QColor light[] = {QColor(0x20, 0x9f, 0xdf), QColor(0x99, 0xca, 0x53),
                                   QColor(0xf6, 0xa6, 0x25), QColor(0x6d, 0x5f, 0xd5),
                                   QColor(0xbf, 0x59, 0x3e)};
    static const QColor darkSet[] = {QColor(0x38, 0xad, 0x6b), QColor(0x3c, 0x84, 0xa7),
                                     QColor(0xeb, 0x88, 0x17), QColor(0x7b, 0x7f, 0x8c),
                                     QColor(0xbf, 0x59, 0x3e).lighter(130)};
    return (dark ? darkSet : light)[i % 5];
}

QColor lineColor(std::size_t i, bool dark) {
    static const QColor light[] = {QColor(0x00, 0x72, 0xB2), QColor(0xD5, 0x5E, 0x00),
                                   QColor(0x00, 0x9E, 0x73), QColor(0xCC, 0x79, 0xA7),
                                   QColor(0xE6, 0x9F, 0x00), QColor(0x56, 0xB4, 0xE9),
                                   QColor(0x8C, 0x7A, 0x00), QColor(0x66, 0x66, 0x66)};
    static const QColor darkSet[] = {QColor(0x4F, 0xA8, 0xE8), QColor(0xF0, 0x7E, 0x2A),
                                     QColor(0x2E, 0xC4, 0x9A), QColor(0xE0, 0x97, 0xC0),
                                     QColor(0xF0, 0xB4, 0x2A), QColor(0x8C, 0xD0, 0xF5),
                                     QColor(0xF0, 0xE4, 0x42), QColor(0xB0, 0xB0, 0xB0)};
    return (dark ? darkSet : light)[i % 8];
}

} // namespace memplan::gui::chartstyle
