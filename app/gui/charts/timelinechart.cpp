#include "charts/timelinechart.h"

#include "charts/chartstyle.h"
#include "document/planedits.h"

#include "memplan/units.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QLegend>
#include <QLineSeries>
#include <QStackedBarSeries>
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
    applyStyle();
}

void TimelineChart::setValueAxisTitle(const QString& title) {
    if (yAxis_->titleText() != title)
        yAxis_->setTitleText(title);
}

void TimelineChart::setMoments(const Evaluation& e, const QStringList& labels) {
    const int n = static_cast<int>(e.moment_count);
    if (labels != xAxis_->categories()) {
        xAxis_->clear();
        xAxis_->append(labels);
    }
    for (std::size_t c = 0; c < kAllocatedComponentCount; ++c) {
        QBarSet* set = sets_[c];
        if (set->count() != n) {
            set->remove(0, set->count());
            for (int m = 0; m < n; ++m)
                set->append(0.0);
        }
        for (int m = 0; m < n; ++m)
            set->replace(m, e.moments[m].resident[c].bytes / kGiB);
    }
    barsTop_ = 0;
    for (int m = 0; m < n; ++m)
        barsTop_ = std::max(barsTop_, e.moments[m].allocated() / kGiB);
    updateValueAxis();
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

int TimelineChart::momentCount() const {
    return static_cast<int>(xAxis_->count());
}

QString TimelineChart::momentLabel(int moment) const {
    return xAxis_->at(moment);
}

double TimelineChart::value(Component component, int moment) const {
    const auto i = static_cast<std::size_t>(component);
    return i < sets_.size() ? sets_[i]->at(moment) : 0.0;
}

void TimelineChart::updateValueAxis() {
    fitValueAxis(yAxis_, std::max(barsTop_, capacityTop_));
}

void TimelineChart::restyle(const QPalette& pal) {
    capacity_->setPen(chartstyle::capacityPen(pal));
}

} // namespace memplan::gui
