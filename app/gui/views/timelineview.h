// Memory over one step: a stacked bar per moment of the step (end of forward, loss, start and
// end of backward, optimizer step; or prefill and end of generation), the phases labelled,
// the peak marked, and the GPU's capacity as a line. Follows the document's current plan.
// Like MemoryChartView, this is the only place that knows Qt Charts for this view.
#pragma once

#include "memplan/evaluation.h"

#include <QWidget>

#include <array>

QT_BEGIN_NAMESPACE
class QBarCategoryAxis;
class QBarSet;
class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QStackedBarSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace memplan::gui {

class PlanDocument;

class TimelineView : public QWidget {
    Q_OBJECT
public:
    explicit TimelineView(PlanDocument* document, QWidget* parent = nullptr);

    // What the chart shows, in GiB: for tests.
    int momentCount() const;
    QString momentLabel(int moment) const;
    double value(Component component, int moment) const;
    int peakMoment() const;

    QChart* chart() const { return chart_; }

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void refresh();
    void applyTheme();

    PlanDocument* document_;
    QChart* chart_;
    QChartView* view_;
    QStackedBarSeries* series_;
    std::array<QBarSet*, kAllocatedComponentCount> sets_{};
    QLineSeries* capacity_;
    QBarCategoryAxis* xAxis_;
    QValueAxis* yAxis_;
    QLabel* caption_;
    int peak_ = 0;
    bool stale_ = true; // the plan changed while the tab was hidden
};

} // namespace memplan::gui
