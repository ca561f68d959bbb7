#include "charts/sweepchart.h"

#include "charts/chartstyle.h"
#include "unitformat.h"

#include <QChart>
#include <QChartView>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace memplan::gui {

SweepChart::SweepChart(QWidget* parent)
    : ChartWidget(parent) {
    QChart* qchart = chart();
    qchart->setMargins(QMargins(4, 4, 12, 4)); // room for the x axis' last label
    qchart->legend()->setAlignment(Qt::AlignBottom);
    qchart->legend()->setShowToolTips(true);

    xAxis_ = new QValueAxis(qchart);
    xAxis_->setMinorTickCount(0);
    yAxis_ = new QValueAxis(qchart);
    yAxis_->setMinorTickCount(0);
    qchart->addAxis(xAxis_, Qt::AlignBottom);
    qchart->addAxis(yAxis_, Qt::AlignLeft);

    // Marker labels follow the plot area (resizes, exports at another size).
    connect(qchart, &QChart::plotAreaChanged, this, &SweepChart::onPlotAreaChanged);
    applyStyle();
}

SweepChart::~SweepChart() = default;

void SweepChart::setResult(const SweepResult& result) {
    result_ = result;
    rebuild();
}

void SweepChart::rebuild() {
    QChart* qchart = chart();
    const QPalette pal = palette();
    const bool dark = chartstyle::isDark(pal);
    const SweepMeasure measure = result_.range.measure;
    const bool bytes = measure == SweepMeasure::TotalPerGpu;
    const double scale = sweepMeasureScale(measure, units());
    const SweepVariable v = result_.range.variable;

    const bool sameShape = lines_.size() == result_.lines.size();
    if (!sameShape) {
        for (auto* s : lines_) {
            qchart->removeSeries(s);
            delete s;
        }
        for (auto* s : markers_) {
            qchart->removeSeries(s);
            delete s;
        }
        for (auto* s : capacity_) { // re-added after the lines, so the legend keeps its order
            qchart->removeSeries(s);
            delete s;
        }
        if (planLine_) {
            qchart->removeSeries(planLine_);
            delete planLine_;
            planLine_ = nullptr;
        }
        lines_.clear();
        markers_.clear();
        capacity_.clear();
        for (std::size_t i = 0; i < result_.lines.size(); ++i) {
            auto* line = new QLineSeries(qchart);
            qchart->addSeries(line);
            line->attachAxis(xAxis_);
            line->attachAxis(yAxis_);
            lines_.push_back(line);
        }
        for (std::size_t i = 0; i < result_.lines.size(); ++i) {
            auto* marker = new QScatterSeries(qchart);
            marker->setMarkerShape(QScatterSeries::MarkerShapeCircle);
            marker->setMarkerSize(11);
            qchart->addSeries(marker);
            marker->attachAxis(xAxis_);
            marker->attachAxis(yAxis_);
            markers_.push_back(marker);
        }
        planLine_ = new QLineSeries(qchart);
        qchart->addSeries(planLine_);
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
            const QPointF pt(sweepDisplayValue(v, p.value), sweepMeasureValue(p, measure) / scale);
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
        if (bytes && l.hasCapacity && // the capacity line belongs to the bytes axis only
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
    yAxis_->setTitleText(sweepMeasureTitle(measure, units()));
    // x: exactly the swept range, ticks at round values inside it.
    const chartstyle::NiceAxis xNice = chartstyle::niceAxis(xMax - xMin);
    double interval = xNice.max / std::max(1, xNice.ticks - 1);
    // Parameters (billions) and the utilization share are fractional; the rest are counts.
    const bool fractional = v == SweepVariable::Params || v == SweepVariable::GpuMemoryUtilization;
    if (!fractional)
        interval = std::max(1.0, std::round(interval));
    setDynamicTicks(xMin, xMax, interval);
    xAxis_->setLabelFormat(fractional ? QStringLiteral("%.%1f").arg(xNice.decimals)
                                      : QStringLiteral("%.0f"));
    xAxis_->setTitleText(sweepAxisTitle(v));

    marks_.assign(result_.lines.size(), std::nullopt);
    for (std::size_t i = 0; i < result_.lines.size(); ++i) {
        const SweepLine& lineData = result_.lines[i];
        QLineSeries* line = lines_[i];
        line->setName(QString::fromStdString(lineData.name));
        QPen pen(chartstyle::lineColor(i, dark), 2.5);
        pen.setCosmetic(true);
        line->setPen(pen);
        if (lineData.firstNoFit >= 0 &&
            lineData.points[static_cast<std::size_t>(lineData.firstNoFit)].ok) {
            const SweepPoint& p = lineData.points[static_cast<std::size_t>(lineData.firstNoFit)];
            marks_[i] =
                QPointF(sweepDisplayValue(v, p.value), sweepMeasureValue(p, measure) / scale);
        }
        QScatterSeries* marker = markers_[i];
        marker->setColor(chartstyle::warningColor(pal));
        marker->setBorderColor(chartstyle::lineColor(i, dark));
        marker->setName(tr("First value that does not fit"));
    }
    // Legend entries follow the data only. (Were they to follow what the current axis shows, the
    // legend would change the plot's size, the size the axis, and the axis the legend again.)
    bool markerNamed = false;
    for (std::size_t i = 0; i < markers_.size(); ++i) {
        const bool show = marks_[i].has_value() && !markerNamed;
        markerNamed = markerNamed || show;
        for (QLegendMarker* m : qchart->legend()->markers(markers_[i]))
            m->setVisible(show);
    }
    if (planLine_) {
        const bool inside = result_.planValue && sweepDisplayValue(v, *result_.planValue) >= xMin &&
                            sweepDisplayValue(v, *result_.planValue) <= xMax;
        for (QLegendMarker* m : qchart->legend()->markers(planLine_))
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
            qchart->removeSeries(s);
            delete s;
        }
        capacity_.clear();
        for (std::size_t i = 0; i < capacities.size(); ++i) {
            auto* line = new QLineSeries(qchart);
            qchart->addSeries(line);
            line->attachAxis(xAxis_);
            line->attachAxis(yAxis_);
            capacity_.push_back(line);
        }
    }
    for (std::size_t i = 0; i < capacities.size(); ++i) {
        const double cap = capacities[i];
        QLineSeries* line = capacity_[i];
        line->replace(QList<QPointF>{QPointF(xMin, cap / scale), QPointF(xMax, cap / scale)});
        line->setName(tr("GPU capacity (%1)").arg(formatSize(cap, units())));
        line->setPen(chartstyle::capacityPen(pal, devicePixelRatioF()));
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
    fitValueAxis(yAxis_, top_);
}

void SweepChart::refitValueAxes() {
    const double before = yAxis_->max();
    ChartWidget::refitValueAxes();
    if (yAxis_->max() != before) {
        clipToPlot();
        placeLabels();
    }
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
    QChart* qchart = chart();
    for (QGraphicsSimpleTextItem* item : labels_)
        delete item;
    labels_.clear();
    for (QGraphicsRectItem* item : labelBacks_)
        delete item;
    labelBacks_.clear();
    QColor back = palette().color(QPalette::Base);
    back.setAlphaF(0.85f);
    const bool dark = chartstyle::isDark(palette());
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
        const QPointF pos = qchart->mapToPosition(pt, markers_[i]);
        const QString value =
            sweepValueText(v, lineData.points[static_cast<std::size_t>(lineData.firstNoFit)].value);
        auto* text = new QGraphicsSimpleTextItem(
            result_.lines.size() > 1
                ? tr("%1: %2").arg(QString::fromStdString(lineData.name), value)
                : value,
            qchart);
        text->setFont(labelFont);
        text->setBrush(chartstyle::lineColor(i, dark));
        text->setZValue(100);
        const QRectF br = text->boundingRect();
        QRectF r(pos + QPointF(-br.width() - 8, -br.height() - 2), br.size());
        if (r.left() < qchart->plotArea().left())
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
        auto* backing = new QGraphicsRectItem(r.adjusted(-2, 0, 2, 0), qchart);
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

void SweepChart::restyle(const QPalette&) {
    rebuild(); // line colours, marker and label colours follow the palette
}

} // namespace memplan::gui
