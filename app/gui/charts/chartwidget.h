// ChartWidget: the base of every chart in the window (per-GPU, compare, sweep, timeline).
// It owns the Qt Charts chart and its view, lays them out, applies the one chart style
// (chartstyle.h) when created and on every palette or style change (dark mode), fits value
// axes, and paints the chart for the bench and the exports. Subclasses add their series and
// recolour them in restyle(). With chartstyle, the only Qt Charts code outside the charts
// themselves: a move to Qt Graphs touches this folder alone.
#pragma once

#include "unitformat.h"

#include "memplan/units.h"

#include <QImage>
#include <QSizeF>
#include <QWidget>

#include <initializer_list>
#include <map>
#include <utility>

QT_BEGIN_NAMESPACE
class QAbstractSeries;
class QBarCategoryAxis;
class QBarSet;
class QChart;
class QChartView;
class QLineSeries;
class QPainter;
class QStackedBarSeries;
class QValueAxis;
class QVBoxLayout;
QT_END_NAMESPACE

namespace memplan::gui {

class ChartWidget : public QWidget {
    Q_OBJECT
public:
    ~ChartWidget() override;

    QChart* chart() const { return chart_; }
    QChartView* chartView() const { return view_; }
    QWidget* viewport() const;

    // The unit of the values shown (GiB or GB); a change redraws the chart (rebuild()).
    UnitSystem units() const { return units_; }
    void setUnits(UnitSystem units);

    // The title above the chart; "" for none.
    virtual void setTitle(const QString& title);
    virtual QString title() const;
    // What the axes show, for tests: the value axis' range and ticks (display units) and the
    // titles of the visible axes.
    double axisMaximum() const;
    double axisMaximumBytes() const; // the same in bytes (the axis may be in GiB or TiB)
    int axisTickCount() const;
    QString xAxisTitle() const;
    QString yAxisTitle() const;

    // The colour behind the chart (the palette's base colour unless the chart sets one).
    QColor background() const;
    // The chart at the widget's size, rendered synchronously (bench, tests).
    QImage render() const;
    // Lays the chart out at target's size, paints it into target and puts the chart's own
    // layout back, so the window's chart is left as it was (exports).
    void paintChart(QPainter* painter, const QRectF& target) const;

protected:
    explicit ChartWidget(QWidget* parent = nullptr);

    // The column that holds the chart view; subclasses add widgets above or below it.
    QVBoxLayout* chartLayout() const { return layout_; }
    // Applies the chart style, then restyle(); subclasses call it at the end of their
    // constructor (a base constructor cannot reach the subclass' restyle()).
    void applyStyle();
    // Redraw every series from the data (after a change of units).
    virtual void rebuild();
    // Recolour what the style does not reach (series pens, brushes, labels).
    virtual void restyle(const QPalette& palette);
    // The axes of a bar chart: categories below (no grid lines), values on the left (no minor
    // ticks), with every one of `series` attached to both.
    std::pair<QBarCategoryAxis*, QValueAxis*>
    addBarAxes(std::initializer_list<QAbstractSeries*> series);
    // 0 to a nice maximum above `top` (plus 8% headroom), with as many ticks as the plot's
    // height has room for. Fitted again only when the chart's size or `top` changed, so a
    // plot area that moves because of the axis' own labels settles (no ping-pong). Under the
    // AxisPolicy (axispolicy.h): while held the axis only grows; locked, it stays as it is.
    void fitValueAxis(QValueAxis* axis, double top);
    // A hold or lock ended: fit every value axis again to its last `top` (subclasses that
    // place things by the axis' range follow it here).
    virtual void refitValueAxes();
    // The value axis' unit for values up to `topBytes`: GiB (GB), or TiB, PiB, EiB (TB, PB,
    // EB) from 1 TiB (1 TB) up (unitformat.h axisPower). Under the AxisPolicy like the range:
    // while held it only grows to a larger unit, locked it stays; when a hold or lock ends and
    // the unit should change, the chart is rebuilt. Returns whether the unit changed. The
    // values drawn are bytes over valueScale(); the axis' title names valueUnitDescription().
    bool chooseValueUnit(double topBytes, UnitSystem units);
    int valuePower() const { return power_; } // 0 GiB (GB), 1 TiB (TB), 2 PiB (PB), 3 EiB (EB)
    double valueScale(UnitSystem units) const { return axisScale(power_, units); }
    QString valueUnitDescription(UnitSystem units) const {
        return axisUnitDescription(power_, units);
    }

    void changeEvent(QEvent* event) override;

private:
    QValueAxis* valueAxis() const;
    QString axisTitle(Qt::Orientation orientation) const;

    QChart* chart_;
    QChartView* view_;
    QVBoxLayout* layout_;
    UnitSystem units_ = UnitSystem::Binary;
    bool applyingStyle_ = false;
    // The value axis' unit (chooseValueUnit) and what it was last chosen for.
    int power_ = 0;
    bool unitChosen_ = false;
    double unitTopBytes_ = 0;
    UnitSystem unitUnits_ = UnitSystem::Binary;
    // What each value axis was last fitted for (fitValueAxis).
    struct FitInputs {
        QSizeF size;
        double top = -1;
        bool laidOut = false;
    };
    std::map<QValueAxis*, FitInputs> fits_;
    bool fitting_ = false;
};

} // namespace memplan::gui
