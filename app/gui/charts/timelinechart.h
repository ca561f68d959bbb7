// The timeline chart: one stacked bar per moment of a step (what is resident then, in GiB)
// and a line across all moments at a capacity. It draws what it is given: the words (moment
// labels, titles, the line's name) come from the view (views/timelineview.h).
#pragma once

#include "charts/chartwidget.h"

#include "memplan/evaluation.h"

#include <QStringList>

#include <array>
#include <optional>

namespace memplan::gui {

class TimelineChart : public ChartWidget {
    Q_OBJECT
public:
    explicit TimelineChart(QWidget* parent = nullptr);

    void setValueAxisTitle(const QString& title);
    // One bar per moment of `e`, labelled with `labels` (one per moment).
    void setMoments(const Evaluation& e, const QStringList& labels);
    // The line at `bytes` across every moment, named in the legend; nothing hides it.
    void setCapacityLine(std::optional<double> bytes, const QString& name);

    // What the chart shows, in GiB: for tests.
    int momentCount() const;
    QString momentLabel(int moment) const;
    double value(Component component, int moment) const;
    // The names the legend shows: the parts the plan has, and the capacity line.
    QStringList legendNames() const;
    QColor color(Component component) const;

protected:
    void restyle(const QPalette& palette) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void updateValueAxis();
    // `labels` broken into lines (HTML) that fit one category each.
    QStringList wrapped(const QStringList& labels) const;
    // The axis' categories: labels_ wrapped at the chart's width now.
    void rewrap();
    void onHovered(bool entered, int moment);
    // Puts the sets of the components marked in `shown` in the series, in component order.
    void showOnly(const std::array<bool, kAllocatedComponentCount>& shown);

    QStackedBarSeries* series_;
    std::array<QBarSet*, kAllocatedComponentCount> sets_{};
    QLineSeries* capacity_;
    QValueAxis* lineX_; // hidden numeric axis the capacity line spans the categories on
    QBarCategoryAxis* xAxis_;
    QStringList labels_; // the moment labels
    QValueAxis* yAxis_;
    double barsTop_ = 0;     // tallest bar, GiB
    double capacityTop_ = 0; // the capacity line, GiB (0 without one)
};

} // namespace memplan::gui
