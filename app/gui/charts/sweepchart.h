// The sweep chart: total per-GPU memory (or, for serving, what the KV cache holds) against one
// variable, one line per scenario, the GPU capacity as a dashed line and the first value that
// does not fit marked on each line.
#pragma once

#include "charts/chartwidget.h"
#include "models/sweepengine.h"

#include "memplan/units.h"

#include <optional>
#include <vector>

QT_BEGIN_NAMESPACE
class QGraphicsRectItem;
class QGraphicsSimpleTextItem;
class QScatterSeries;
QT_END_NAMESPACE

namespace memplan::gui {

class SweepChart : public ChartWidget {
    Q_OBJECT
public:
    explicit SweepChart(QWidget* parent = nullptr);
    ~SweepChart() override;

    void setResult(const SweepResult& result);
    const SweepResult& result() const { return result_; }

    // For tests: what is drawn, in display units (x: billions for parameters; y: GiB or GB).
    int lineCount() const { return static_cast<int>(lines_.size()); }
    QString lineName(int line) const;
    QList<QPointF> linePoints(int line) const;
    // The marked first value that does not fit of a line, or nothing.
    std::optional<QPointF> firstNoFitMarker(int line) const;
    std::vector<double> capacityValues() const;
    // x of the dotted line at the plan's own value, if drawn.
    std::optional<double> planMarker() const;

protected:
    void refitValueAxes() override; // the lines are cut at the axis' top: cut them again
    void rebuild() override;
    void restyle(const QPalette& palette) override;

private:
    void placeLabels(); // the marker labels (scene items, so exports carry them)
    void onPlotAreaChanged();
    void updateValueAxis();
    // The x axis: range and tick interval, changed without laying out a tick storm.
    void setDynamicTicks(double min, double max, double interval);
    static constexpr double kMaxXTicks = 40;
    void clipToPlot(); // line points cut at the y axis' top; markers inside the plot only

    SweepResult result_;
    QValueAxis* xAxis_;
    QValueAxis* yAxis_;
    std::vector<QLineSeries*> lines_;
    std::vector<QScatterSeries*> markers_; // one per line; empty series when all fit
    std::vector<QLineSeries*> capacity_;
    QLineSeries* planLine_ = nullptr; // the plan's own value, dotted
    std::vector<QGraphicsRectItem*> labelBacks_;
    std::vector<QGraphicsSimpleTextItem*> labels_;
    double top_ = 0;                            // largest value shown on the y axis, display units
    std::vector<QList<QPointF>> values_;        // each line in display units, uncut
    std::vector<std::optional<QPointF>> marks_; // each line's first value that does not fit
    bool inPlotAreaChange_ = false;
};

} // namespace memplan::gui
