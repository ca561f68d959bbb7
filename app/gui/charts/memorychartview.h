// The per-GPU chart: one stacked bar of the components resident at the peak plus the runtime
// overhead, and a line at the GPU's capacity. Fed by a BreakdownModel; values are updated in
// place (no series is rebuilt on a change). This is the only class that knows Qt Charts, so
// moving to Qt Graphs later touches this file alone.
#pragma once

#include "memplan/evaluation.h"

#include <QBrush>
#include <QPointer>
#include <QWidget>

#include <array>

QT_BEGIN_NAMESPACE
class QBarCategoryAxis;
class QBarSet;
class QChart;
class QChartView;
class QLineSeries;
class QStackedBarSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace memplan::gui {

class BreakdownModel;
class TextLine;

class MemoryChartView : public QWidget {
    Q_OBJECT
public:
    explicit MemoryChartView(QWidget* parent = nullptr);
    ~MemoryChartView() override;

    void setModel(BreakdownModel* model);
    BreakdownModel* model() const;

    // The line above the chart (GPU and the moment of the peak); set only on a real change.
    void setTitle(const QString& title);
    QString title() const;
    // The label under the bar (the GPU's name); set only on a real change.
    void setCategoryLabel(const QString& label);

    // Greyed: the plan is not valid, so the bars are shown faded and no verdict is drawn.
    void setGreyed(bool greyed);
    bool isGreyed() const { return greyed_; }

    // What the chart shows, in the model's display unit (GiB or GB); for tests and the bench.
    double barValue(Component component) const;
    bool hasCapacityLine() const;
    double capacityValue() const;
    QString capacityKey() const;
    double axisMaximum() const;
    int axisTickCount() const;
    std::array<QBrush, kComponentCount> componentBrushes() const;
    // Centre of a segment in viewport coordinates (where hovering shows its tooltip).
    QPoint segmentCenter(Component component) const;
    QWidget* viewport() const;

    // Renders the chart synchronously into an image of the widget's size (bench, export).
    QImage render() const;

signals:
    // The tooltip shown while hovering a segment (exact size in GiB and GB, and its parts).
    void segmentHovered(memplan::Component component, const QString& toolTip);
    void componentBrushesChanged();

protected:
    void changeEvent(QEvent* event) override;

private:
    void updateValues();
    void updateUnits();
    void applyTheme();
    void onHovered(Component component, bool entered);

    QPointer<BreakdownModel> model_;
    TextLine* title_;
    TextLine* key_; // names the dashed capacity line
    QChartView* view_;
    QChart* chart_;
    QStackedBarSeries* series_;
    std::array<QBarSet*, kComponentCount> sets_{};
    QLineSeries* capacity_;
    QLineSeries* band_ = nullptr; // the low-high band of the total (error bar)
    QBarCategoryAxis* xAxis_;
    QValueAxis* yAxis_;
    double axisMax_ = 0;
    bool applyingTheme_ = false;
    bool greyed_ = false;
};

} // namespace memplan::gui
