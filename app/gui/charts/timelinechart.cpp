#include "charts/timelinechart.h"

#include "charts/chartstyle.h"
#include "document/planedits.h"

#include "unitformat.h"

#include "memplan/units.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QFontMetricsF>
#include <QGraphicsLayout>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QStackedBarSeries>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <tuple>

namespace memplan::gui {

TimelineChart::TimelineChart(QWidget* parent)
    : ChartWidget(parent) {
    QChart* qchart = chart();
    series_ = new QStackedBarSeries(qchart);
    series_->setBarWidth(0.6);
    for (std::size_t i = 0; i < kAllocatedComponentCount; ++i) {
        auto* set = new QBarSet(uiLabel(static_cast<Component>(i)), series_);
        sets_[i] = set;
        series_->append(set);
    }
    qchart->addSeries(series_);
    capacity_ = new QLineSeries(qchart);
    capacity_->setVisible(false);
    qchart->addSeries(capacity_);

    std::tie(xAxis_, yAxis_) = addBarAxes({series_});
    capacity_->attachAxis(yAxis_);
    lineX_ = new QValueAxis(qchart);
    lineX_->setVisible(false);
    lineX_->setRange(0, 1);
    qchart->addAxis(lineX_, Qt::AlignBottom);
    capacity_->attachAxis(lineX_);
    qchart->legend()->setAlignment(Qt::AlignBottom);
    // Fewer ticks on a short plot, so that no value label is elided.
    connect(qchart, &QChart::plotAreaChanged, this, &TimelineChart::updateValueAxis);
    // The labels are wrapped at the plot's width: again once a layout has set it (queued: the
    // categories must not change inside the chart's own layout). The first layout comes after
    // the view was built, at a size the widget never had on screen.
    connect(qchart, &QChart::plotAreaChanged, this, &TimelineChart::rewrap, Qt::QueuedConnection);
    // Hovering a bar names its moment in full, with what is allocated then.
    connect(series_, &QStackedBarSeries::hovered, this,
            [this](bool status, int index, QBarSet*) { onHovered(status, index); });
    applyStyle();
}

void TimelineChart::setValueAxisTitle(const QString& title) {
    if (yAxis_->titleText() != title)
        yAxis_->setTitleText(title);
}

void TimelineChart::setMoments(const Evaluation& e, const QStringList& labels) {
    const int n = static_cast<int>(e.moment_count);
    std::array<bool, kAllocatedComponentCount> shown{};
    labels_ = labels;
    rewrap();
    for (std::size_t c = 0; c < kAllocatedComponentCount; ++c) {
        QBarSet* set = sets_[c];
        if (set->count() != n) {
            set->remove(0, set->count());
            for (int m = 0; m < n; ++m)
                set->append(0.0);
        }
        bool present = false;
        for (int m = 0; m < n; ++m) {
            set->replace(m, e.moments[m].resident[c].bytes / kGiB);
            present = present || e.moments[m].resident[c].bytes > 0;
        }
        shown[c] = present;
    }
    showOnly(shown);
    barsTop_ = 0;
    for (int m = 0; m < n; ++m)
        barsTop_ = std::max(barsTop_, e.moments[m].allocated() / kGiB);
    updateValueAxis();
}

void TimelineChart::showOnly(const std::array<bool, kAllocatedComponentCount>& shown) {
    // The series holds only the parts the plan has, so the legend names no gradients for a
    // forward pass. (A hidden legend marker would come back on Qt Charts' next marker update.)
    QList<QBarSet*> wanted;
    for (std::size_t c = 0; c < kAllocatedComponentCount; ++c)
        if (shown[c])
            wanted << sets_[c];
    if (series_->barSets() == wanted)
        return;
    for (QBarSet* set : series_->barSets())
        series_->take(set);
    series_->append(wanted);
}

void TimelineChart::setCapacityLine(std::optional<double> bytes, const QString& name) {
    capacity_->clear();
    capacityTop_ = bytes ? *bytes / kGiB : 0.0;
    if (bytes) {
        capacity_->append(0, capacityTop_);
        capacity_->append(1, capacityTop_);
        capacity_->setName(name);
    }
    capacity_->setVisible(bytes.has_value());
    updateValueAxis();
}

QStringList TimelineChart::legendNames() const {
    QStringList names;
    for (QLegendMarker* marker : chart()->legend()->markers())
        if (marker->isVisible() && marker->series()->isVisible())
            names << marker->label();
    return names;
}

QColor TimelineChart::color(Component component) const {
    return sets_[static_cast<std::size_t>(component)]->brush().color();
}

int TimelineChart::momentCount() const {
    return static_cast<int>(xAxis_->count());
}

QString TimelineChart::momentLabel(int moment) const {
    return labels_.value(moment);
}

void TimelineChart::rewrap() {
    const QStringList lines = wrapped(labels_);
    if (lines == xAxis_->categories())
        return;
    xAxis_->clear();
    xAxis_->append(lines);
}

void TimelineChart::resizeEvent(QResizeEvent* event) {
    ChartWidget::resizeEvent(event);
    rewrap();
}

QStringList TimelineChart::wrapped(const QStringList& labels) const {
    // Each label is broken at spaces into lines no wider than Qt Charts leaves a category's
    // label before it elides it (it would cut a longer one off mid-word); a single word wider
    // than that is still elided, and hovering its bar shows the label whole (onHovered).
    // Qt Charts' room (qtcharts horizontalaxis.cpp, HorizontalAxis::updateGeometry): the
    // axis' width over its tick count (categories + 1) less a label padding each side, for
    // the label's text box (a document margin each side). The axis' width is the widget's
    // less what the last layout put beside the plot (the value axis).
    constexpr double kLabelPadding = 4, kTextMargin = 4; // chartaxiselement_p.h, chartpresenter.cpp
    const QRectF plot = chart()->plotArea();
    const double beside = plot.width() > 0 ? chart()->size().width() - plot.width() : 80.0;
    const QFontMetricsF fm(xAxis_->labelsFont());
    const double room = labels.isEmpty()
                            ? 0.0
                            : (width() - beside) / static_cast<double>(labels.size() + 1) -
                                  2 * (kLabelPadding + kTextMargin) - 1;
    QStringList out;
    for (const QString& label : labels) {
        QStringList lines;
        QString line;
        for (const QString& word : label.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            const QString longer = line.isEmpty() ? word : line + QLatin1Char(' ') + word;
            if (line.isEmpty() || room <= 0 || fm.horizontalAdvance(longer) <= room) {
                line = longer;
            } else {
                lines << line.toHtmlEscaped();
                line = word;
            }
        }
        lines << line.toHtmlEscaped();
        out << lines.join(QLatin1String("<br>"));
    }
    return out;
}

void TimelineChart::onHovered(bool entered, int moment) {
    if (!entered || moment < 0 || moment >= labels_.size()) {
        QToolTip::hideText();
        return;
    }
    double allocated = 0;
    for (const QBarSet* set : sets_)
        allocated += set->at(moment);
    QToolTip::showText(
        QCursor::pos(),
        QStringLiteral("<b>%1</b>: %2")
            .arg(labels_[moment].toHtmlEscaped(), formatSize(allocated * kGiB, UnitSystem::Binary)),
        chartView());
}

double TimelineChart::value(Component component, int moment) const {
    const auto i = static_cast<std::size_t>(component);
    return i < sets_.size() ? sets_[i]->at(moment) : 0.0;
}

void TimelineChart::updateValueAxis() {
    fitValueAxis(yAxis_, std::max(barsTop_, capacityTop_));
}

void TimelineChart::restyle(const QPalette& pal) {
    // The theme colours the sets by their place in the series, which changes with the parts
    // shown: each component gets its own colour instead.
    const bool dark = chartstyle::isDark(pal);
    for (std::size_t c = 0; c < kAllocatedComponentCount; ++c)
        sets_[c]->setBrush(chartstyle::componentColor(c, dark));
    capacity_->setPen(chartstyle::capacityPen(pal, devicePixelRatioF()));
}

} // namespace memplan::gui
