// The per-GPU chart: one stacked bar of the segments resident at the peak (the components,
// with the KV cache, vLLM's CUDA graphs and non-torch memory as segments and colours of their
// own: memplan/segments.h) plus the runtime overhead, and a line at the GPU's capacity. Fed by a
// BreakdownModel; values are updated in place (no series is rebuilt on a change).
#pragma once

#include "charts/chartwidget.h"

#include "memplan/evaluation.h"
#include "memplan/segments.h"

#include <QBrush>
#include <QPointer>

#include <array>

namespace memplan::gui {

class BreakdownModel;
class TextLine;

class MemoryChartView : public ChartWidget {
    Q_OBJECT
public:
    explicit MemoryChartView(QWidget* parent = nullptr);
    ~MemoryChartView() override;

    void setModel(BreakdownModel* model);
    BreakdownModel* model() const;

    // The line above the chart (GPU and the moment of the peak); set only on a real change.
    void setTitle(const QString& title) override;
    QString title() const override;
    // The label under the bar (the GPU's name); set only on a real change.
    void setCategoryLabel(const QString& label);

    // Greyed: the plan is not valid, so the bars are shown faded and no verdict is drawn.
    void setGreyed(bool greyed);
    bool isGreyed() const { return greyed_; }

    // What the chart shows, in the model's display unit (GiB or GB); for tests and the bench.
    // barValue: the component's bytes, all its segments together; segmentValue: one segment.
    double barValue(Component component) const;
    double segmentValue(Segment segment) const;
    // Bytes per unit of the values above: GiB, GB, or TiB, PiB, EiB (TB, PB, EB) for plans past
    // 1 TiB (1 TB).
    double valueUnitBytes() const;
    int axisUnitPower() const { return valuePower(); } // 0 GiB, 1 TiB, 2 PiB, 3 EiB
    std::array<QBrush, kSegmentCount> segmentBrushes() const;
    bool hasCapacityLine() const;
    double capacityValue() const;
    QString capacityKey() const;
    std::array<QBrush, kComponentCount> componentBrushes() const;
    // Centre of a segment in viewport coordinates (where hovering shows its tooltip).
    QPoint segmentCenter(Component component) const;

signals:
    // The tooltip shown while hovering a segment (exact size in GiB and GB, and its parts).
    void segmentHovered(memplan::Component component, const QString& toolTip);
    void componentBrushesChanged();

protected:
    void restyle(const QPalette& palette) override;
    void refitValueAxes() override;
    void rebuild() override; // the unit of the value axis changed (after a drag or a lock)

private:
    void updateValues();
    void updateUnits();
    void fitAxis(); // the value axis to top_, under the AxisPolicy
    void onHovered(Segment segment, bool entered);

    QPointer<BreakdownModel> model_;
    TextLine* title_;
    TextLine* key_; // names the dashed capacity line
    QStackedBarSeries* series_;
    std::array<QBarSet*, kSegmentCount> sets_{};
    std::array<double, kComponentCount> componentValues_{};
    QLineSeries* capacity_;
    QLineSeries* band_ = nullptr; // the low-high band of the total (error bar)
    QBarCategoryAxis* xAxis_;
    QValueAxis* yAxis_;
    double axisMax_ = 0;
    double top_ = 0; // the tallest thing shown (display units)
    bool greyed_ = false;
};

} // namespace memplan::gui
