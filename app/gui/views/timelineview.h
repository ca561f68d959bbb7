// Memory over one step: a stacked bar per moment of the step (end of forward, loss, start and
// end of backward, optimizer step; or prefill and end of generation), the phases labelled,
// the peak marked, and the GPU's capacity as a line. Follows the document's current plan;
// the chart itself is charts/timelinechart.h, this view words it.
#pragma once

#include "memplan/evaluation.h"

#include <QStringList>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
QT_END_NAMESPACE

namespace memplan::gui {

class PlanDocument;
class TimelineChart;

class TimelineView : public QWidget {
    Q_OBJECT
public:
    explicit TimelineView(PlanDocument* document, QWidget* parent = nullptr);

    // What the chart shows, in GiB: for tests.
    int momentCount() const;
    QString momentLabel(int moment) const;
    double value(Component component, int moment) const;
    // The names the legend shows: the parts the plan has, and the capacity line.
    QStringList legendNames() const;
    int peakMoment() const;

    TimelineChart* chart() const { return chart_; }

protected:
    void showEvent(QShowEvent* event) override;

private:
    void refresh();

    PlanDocument* document_;
    TimelineChart* chart_;
    QLabel* caption_;
    int peak_ = 0;
    bool stale_ = true; // the plan changed while the tab was hidden
};

} // namespace memplan::gui
