#include "charts/sweepchart.h"

#include "charts/comparechart.h"
#include "unitformat.h"

#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace memplan::gui {

namespace {

// Okabe-Ito colours: distinguishable with the common colour-vision deficiencies, on light and
// dark backgrounds alike.
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

} // namespace

SweepChart::SweepChart(QWidget* parent)
    : QWidget(parent) {
    chart_ = new QChart();
    chart_->setAnimationOptions(QChart::NoAnimation);
    chart_->setMargins(QMargins(4, 4, 12, 4));
    chart_->legend()->setAlignment(Qt::AlignBottom);
    chart_->legend()->setShowToolTips(true);

    xAxis_ = new QValueAxis(chart_);
    xAxis_->setMinorTickCount(0);
    yAxis_ = new QValueAxis(chart_);
    yAxis_->setMinorTickCount(0);
    chart_->addAxis(xAxis_, Qt::AlignBottom);
    chart_->addAxis(yAxis_, Qt::AlignLeft);

    view_ = new QChartView(chart_, this);
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setFrameShape(QFrame::NoFrame);
    view_->setFocusPolicy(Qt::NoFocus);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view_);
    setMinimumSize(320, 260);

    // Marker labels follow the plot area (resizes, exports at another size).
    connect(chart_, &QChart::plotAreaChanged, this, &SweepChart::onPlotAreaChanged);
    applyTheme();
}

SweepChart::~SweepChart() = default;

void SweepChart::setResult(const SweepResult& result) {
    result_ = result;
    rebuild();
}

void SweepChart::setUnits(UnitSystem units) {
    if (units == units_)
        return;
    units_ = units;
    rebuild();
}

void SweepChart::setTitle(const QString& title) {
    if (chart_->title() != title)
        chart_->setTitle(title);
}

void SweepChart::rebuild() {
    const QPalette pal = palette();
    const bool dark = pal.color(QPalette::Window).lightness() < 128;
    const double scale = unitScale(units_);
    const SweepVariable v = result_.range.variable;

    const bool sameShape = lines_.size() == result_.lines.size();
    if (!sameShape) {
        for (auto* s : lines_) {
            chart_->removeSeries(s);
            delete s;
        }
        for (auto* s : markers_) {
            chart_->removeSeries(s);
            delete s;
        }
        for (auto* s : capacity_) { // re-added after the lines, so the legend keeps its order
            chart_->removeSeries(s);
            delete s;
        }
        if (planLine_) {
            chart_->removeSeries(planLine_);
            delete planLine_;
            planLine_ = nullptr;
        }
        lines_.clear();
        markers_.clear();
        capacity_.clear();
        for (std::size_t i = 0; i < result_.lines.size(); ++i) {
            auto* line = new QLineSeries(chart_);
            chart_->addSeries(line);
            line->attachAxis(xAxis_);
            line->attachAxis(yAxis_);
            lines_.push_back(line);
        }
        for (std::size_t i = 0; i < result_.lines.size(); ++i) {
            auto* marker = new QScatterSeries(chart_);
            marker->setMarkerShape(QScatterSeries::MarkerShapeCircle);
            marker->setMarkerSize(11);
            chart_->addSeries(marker);
            marker->attachAxis(xAxis_);
            marker->attachAxis(yAxis_);
            markers_.push_back(marker);
        }
        planLine_ = new QLineSeries(chart_);
        chart_->addSeries(planLine_);
        planLine_->attachAxis(xAxis_);
        planLine_->attachAxis(yAxis_);
    }

    // The data in display units, and its extent.
    double xMin = 0, xMax = 1, yTop = 0;
    bool anyPoint = false;
    std::vector<QList<QPointF>>& values = values_;
    values.assign(result_.lines.size(), {});
    for (std::size_t i = 0; i < result_.lines.size(); ++i) {
        for (const SweepPoint& p : result_.lines[i].points) {
            if (!p.ok)
                continue;
            const QPointF pt(sweepDisplayValue(v, p.value), p.total / scale);
            values[i] << pt;
            if (!anyPoint) {
                xMin = xMax = pt.x();
                anyPoint = true;
            }
            xMin = std::min(xMin, pt.x());
            xMax = std::max(xMax, pt.x());
            yTop = std::max(yTop, pt.y());
        }
    }
    if (xMax <= xMin)
        xMax = xMin + 1;
    std::vector<double> capacities;
    for (const SweepLine& l : result_.lines)
        if (l.hasCapacity &&
            std::find(capacities.begin(), capacities.end(), l.capacity) == capacities.end())
            capacities.push_back(l.capacity);
    std::sort(capacities.begin(), capacities.end());
    const double capTop = capacities.empty() ? 0.0 : capacities.back() / scale;

    // Axes. Above 2.5x the capacity the lines leave the plot: the region that decides whether a
    // plan fits stays readable.
    double top = std::max(yTop, capTop);
    if (capTop > 0)
        top = std::min(top, capTop * 2.5);
    top_ = top;
    updateValueAxis();
    yAxis_->setTitleText(tr("Total per GPU, %1").arg(unitDescription(units_)));
    // x: exactly the swept range, ticks at round values inside it.
    const chartstyle::NiceAxis xNice = chartstyle::niceAxis(xMax - xMin);
    double interval = xNice.max / std::max(1, xNice.ticks - 1);
    if (v != SweepVariable::Params)
        interval = std::max(1.0, std::round(interval));
    setDynamicTicks(xMin, xMax, interval);
    xAxis_->setLabelFormat(v == SweepVariable::Params ? QStringLiteral("%.%1f").arg(xNice.decimals)
                                                      : QStringLiteral("%.0f"));
    xAxis_->setTitleText(sweepAxisTitle(v));

    marks_.assign(result_.lines.size(), std::nullopt);
    for (std::size_t i = 0; i < result_.lines.size(); ++i) {
        const SweepLine& lineData = result_.lines[i];
        QLineSeries* line = lines_[i];
        line->setName(QString::fromStdString(lineData.name));
        QPen pen(lineColor(i, dark), 2.5);
        pen.setCosmetic(true);
        line->setPen(pen);
        if (lineData.firstNoFit >= 0 &&
            lineData.points[static_cast<std::size_t>(lineData.firstNoFit)].ok) {
            const SweepPoint& p = lineData.points[static_cast<std::size_t>(lineData.firstNoFit)];
            marks_[i] = QPointF(sweepDisplayValue(v, p.value), p.total / scale);
        }
        QScatterSeries* marker = markers_[i];
        marker->setColor(chartstyle::warningColor(pal));
        marker->setBorderColor(lineColor(i, dark));
        marker->setName(tr("First value that does not fit"));
    }
    // Legend entries follow the data only. (Were they to follow what the current axis shows, the
    // legend would change the plot's size, the size the axis, and the axis the legend again.)
    bool markerNamed = false;
    for (std::size_t i = 0; i < markers_.size(); ++i) {
        const bool show = marks_[i].has_value() && !markerNamed;
        markerNamed = markerNamed || show;
        for (QLegendMarker* m : chart_->legend()->markers(markers_[i]))
            m->setVisible(show);
    }
    if (planLine_) {
        const bool inside = result_.planValue && sweepDisplayValue(v, *result_.planValue) >= xMin &&
                            sweepDisplayValue(v, *result_.planValue) <= xMax;
        for (QLegendMarker* m : chart_->legend()->markers(planLine_))
            m->setVisible(inside);
        QPen pen(pal.color(QPalette::Text), 1.5, Qt::DotLine);
        pen.setCosmetic(true);
        planLine_->setPen(pen);
        planLine_->setName(result_.planValue
                               ? tr("This plan (%1)").arg(sweepValueText(v, *result_.planValue))
                               : QString());
    }
    clipToPlot();

    // Capacity lines: one per distinct capacity; recreated only when that set changes.
    if (capacities.size() != capacity_.size()) {
        for (auto* s : capacity_) {
            chart_->removeSeries(s);
            delete s;
        }
        capacity_.clear();
        for (std::size_t i = 0; i < capacities.size(); ++i) {
            auto* line = new QLineSeries(chart_);
            chart_->addSeries(line);
            line->attachAxis(xAxis_);
            line->attachAxis(yAxis_);
            capacity_.push_back(line);
        }
    }
    for (std::size_t i = 0; i < capacities.size(); ++i) {
        const double cap = capacities[i];
        QLineSeries* line = capacity_[i];
        line->replace(QList<QPointF>{QPointF(xMin, cap / scale), QPointF(xMax, cap / scale)});
        line->setName(tr("GPU capacity (%1)").arg(formatSize(cap, units_)));
        line->setPen(chartstyle::capacityPen(pal));
    }

    placeLabels();
}

void SweepChart::setDynamicTicks(double min, double max, double interval) {
    // Qt Charts lays the axis out on every range or interval change, one graphics item per
    // tick. The new range under the old interval (sequence length 256..131072 after micro-batch
    // ticks of 5) would make ~26,000 items, quadratic in their count: a freeze of minutes
    // (issue 13). So the range and the interval change under fixed ticks, then go dynamic.
    const double span = max - min;
    interval = std::max(interval, span / kMaxXTicks); // never more ticks than a chart can show
    if (xAxis_->tickType() == QValueAxis::TicksDynamic && xAxis_->min() == min &&
        xAxis_->max() == max && xAxis_->tickInterval() == interval)
        return;
    xAxis_->setTickType(QValueAxis::TicksFixed);
    xAxis_->setRange(min, max);
    xAxis_->setTickAnchor(0.0);
    xAxis_->setTickInterval(interval);
    xAxis_->setTickType(QValueAxis::TicksDynamic);
}

void SweepChart::updateValueAxis() {
    const double height = chart_->plotArea().height();
    const int maxTicks = height > 0 ? chartstyle::maxTicksFor(height, yAxis_->labelsFont()) : 11;
    const chartstyle::NiceAxis nice = chartstyle::niceAxis(top_ * 1.08, maxTicks);
    if (yAxis_->max() != nice.max || yAxis_->min() != 0.0)
        yAxis_->setRange(0.0, nice.max);
    if (yAxis_->tickCount() != nice.ticks)
        yAxis_->setTickCount(nice.ticks);
    const QString format = QStringLiteral("%.%1f").arg(nice.decimals);
    if (yAxis_->labelFormat() != format)
        yAxis_->setLabelFormat(format);
}

void SweepChart::onPlotAreaChanged() {
    if (inPlotAreaChange_) // the axis change below may lay the chart out again
        return;
    inPlotAreaChange_ = true;
    const double before = yAxis_->max();
    updateValueAxis();
    if (yAxis_->max() != before)
        clipToPlot();
    placeLabels();
    inPlotAreaChange_ = false;
}

void SweepChart::clipToPlot() {
    // Lines are cut at the top of the plot here rather than by the painter: SVG output ignores
    // clipping, and a line would run over the title.
    const double yMax = yAxis_->max();
    for (std::size_t i = 0; i < lines_.size() && i < values_.size(); ++i) {
        const QList<QPointF>& v = values_[i];
        QList<QPointF> points;
        points.reserve(v.size());
        for (qsizetype k = 0; k < v.size(); ++k) {
            const QPointF pt = v[k];
            if (pt.y() <= yMax) {
                if (k > 0 && v[k - 1].y() > yMax) { // coming back into the plot
                    const QPointF a = v[k - 1];
                    points << QPointF(a.x() + (pt.x() - a.x()) * (a.y() - yMax) / (a.y() - pt.y()),
                                      yMax);
                }
                points << pt;
            } else if (k > 0 && v[k - 1].y() <= yMax) { // leaving the plot
                const QPointF a = v[k - 1];
                points << QPointF(a.x() + (pt.x() - a.x()) * (yMax - a.y()) / (pt.y() - a.y()),
                                  yMax);
            }
        }
        lines_[i]->replace(points);
        QList<QPointF> mark;
        if (marks_[i] && marks_[i]->y() <= yMax) // off the plot: no marker drawn over the title
            mark << *marks_[i];
        markers_[i]->replace(mark);
    }
    if (planLine_) {
        const SweepVariable v = result_.range.variable;
        const bool inside = result_.planValue &&
                            sweepDisplayValue(v, *result_.planValue) >= xAxis_->min() &&
                            sweepDisplayValue(v, *result_.planValue) <= xAxis_->max();
        QList<QPointF> points;
        if (inside) {
            const double x = sweepDisplayValue(v, *result_.planValue);
            points << QPointF(x, 0.0) << QPointF(x, yMax);
        }
        planLine_->replace(points);
    }
}

void SweepChart::placeLabels() {
    for (QGraphicsSimpleTextItem* item : labels_)
        delete item;
    labels_.clear();
    for (QGraphicsRectItem* item : labelBacks_)
        delete item;
    labelBacks_.clear();
    QColor back = palette().color(QPalette::Base);
    back.setAlphaF(0.85f);
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    const SweepVariable v = result_.range.variable;
    // Labels of the markers: the value itself, stacked so that near markers do not overlap.
    std::vector<QRectF> placed;
    QFont labelFont = font();
    labelFont.setBold(true);
    for (std::size_t i = 0; i < markers_.size() && i < result_.lines.size(); ++i) {
        if (markers_[i]->count() == 0)
            continue;
        const QPointF pt = markers_[i]->at(0);
        if (pt.y() > yAxis_->max())
            continue;
        const SweepLine& lineData = result_.lines[i];
        // An axis change inside rebuild() lays the chart out before the markers follow the new
        // result: a marker may still belong to the previous one.
        if (lineData.firstNoFit < 0 ||
            static_cast<std::size_t>(lineData.firstNoFit) >= lineData.points.size())
            continue;
        const QPointF pos = chart_->mapToPosition(pt, markers_[i]);
        const QString value =
            sweepValueText(v, lineData.points[static_cast<std::size_t>(lineData.firstNoFit)].value);
        auto* text = new QGraphicsSimpleTextItem(
            result_.lines.size() > 1
                ? tr("%1: %2").arg(QString::fromStdString(lineData.name), value)
                : value,
            chart_);
        text->setFont(labelFont);
        text->setBrush(lineColor(i, dark));
        text->setZValue(100);
        const QRectF br = text->boundingRect();
        QRectF r(pos + QPointF(-br.width() - 8, -br.height() - 2), br.size());
        if (r.left() < chart_->plotArea().left())
            r.moveLeft(pos.x() + 8);
        for (int guard = 0; guard < 8; ++guard) {
            const bool hit = std::any_of(placed.begin(), placed.end(),
                                         [&](const QRectF& o) { return o.intersects(r); });
            if (!hit)
                break;
            r.translate(0, -(br.height() + 1));
        }
        text->setPos(r.topLeft());
        placed.push_back(r);
        labels_.push_back(text);
        // A backing in the chart's background colour keeps the label readable over the lines.
        auto* backing = new QGraphicsRectItem(r.adjusted(-2, 0, 2, 0), chart_);
        backing->setBrush(back);
        backing->setPen(Qt::NoPen);
        backing->setZValue(99);
        labelBacks_.push_back(backing);
    }
}

QString SweepChart::lineName(int line) const {
    return line >= 0 && line < lineCount() ? lines_[static_cast<std::size_t>(line)]->name()
                                           : QString();
}

QList<QPointF> SweepChart::linePoints(int line) const {
    return line >= 0 && line < lineCount() ? lines_[static_cast<std::size_t>(line)]->points()
                                           : QList<QPointF>();
}

std::optional<QPointF> SweepChart::firstNoFitMarker(int line) const {
    if (line < 0 || line >= lineCount() || markers_[static_cast<std::size_t>(line)]->count() == 0)
        return std::nullopt;
    return markers_[static_cast<std::size_t>(line)]->at(0);
}

std::vector<double> SweepChart::capacityValues() const {
    std::vector<double> out;
    for (const QLineSeries* s : capacity_)
        out.push_back(s->at(0).y());
    return out;
}

std::optional<double> SweepChart::planMarker() const {
    if (!planLine_ || planLine_->count() == 0)
        return std::nullopt;
    return planLine_->at(0).x();
}

double SweepChart::yAxisMaximum() const {
    return yAxis_->max();
}

QString SweepChart::xAxisTitle() const {
    return xAxis_->titleText();
}
QString SweepChart::yAxisTitle() const {
    return yAxis_->titleText();
}

void SweepChart::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (!applyingTheme_ &&
        (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange))
        applyTheme();
}

void SweepChart::applyTheme() {
    applyingTheme_ = true;
    chartstyle::applyPalette(chart_, palette(), font());
    view_->setBackgroundBrush(palette().brush(QPalette::Base));
    rebuild();
    applyingTheme_ = false;
}

} // namespace memplan::gui
