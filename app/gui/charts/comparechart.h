// The compare chart: one stacked bar per scenario on a shared axis (the same components and
// colours as the per-GPU chart), each column labelled with its name, recipe and total, and the
// GPU capacity across all columns. Like MemoryChartView, it is the only place (with SweepChart)
// that knows Qt Charts, so moving to Qt Graphs touches these classes alone.
#pragma once

#include "models/scenariomodel.h"

#include "memplan/evaluation.h"
#include "memplan/units.h"

#include <QWidget>

#include <array>
#include <vector>

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

// What one column shows (sizes in bytes).
struct CompareColumn {
    QString name;
    QString recipe; // the recipe's label, "BF16 mixed"
    bool ok = true; // false: the model refused the plan
    std::array<double, kComponentCount> bytes{};
    double total = 0;
    bool hasCapacity = false;
    double capacity = 0;
    bool fits = true;
    QString gpuName; // the GPU the capacity belongs to

    static CompareColumn fromScenario(const Scenario& s, const PresetLibrary& presets);
};

// Chart helpers shared by our chart classes.
namespace chartstyle {
struct NiceAxis {
    double max;
    int ticks;
    int decimals;
};
// The smallest "nice" axis maximum (1, 2, 2.5, 5 x 10^k steps, at most maxTicks ticks) >= value.
NiceAxis niceAxis(double value, int maxTicks = 11);
// How many value-axis ticks fit in `length` pixels with labels in `font` (2 to 11).
int maxTicksFor(double length, const QFont& font);
// Theme, background, fonts and axis colours from the widget's palette (light or dark).
void applyPalette(QChart* chart, const QPalette& palette, const QFont& font);
// The dashed capacity line.
QPen capacityPen(const QPalette& palette);
// A red that reads on the palette's base colour (over-capacity marks).
QColor warningColor(const QPalette& palette);
} // namespace chartstyle

class CompareChart : public QWidget {
    Q_OBJECT
public:
    explicit CompareChart(QWidget* parent = nullptr);
    ~CompareChart() override;

    void setColumns(const std::vector<CompareColumn>& columns);
    const std::vector<CompareColumn>& columns() const { return columns_; }

    UnitSystem units() const { return units_; }
    void setUnits(UnitSystem units);
    void setTitle(const QString& title);

    // What the chart shows, for tests: values in the display unit (GiB or GB).
    int columnCount() const { return static_cast<int>(columns_.size()); }
    QStringList categoryLabels() const; // as on the axis (rich text)
    double barValue(int column, Component component) const;
    std::vector<double> capacityValues() const; // one per capacity line drawn
    double axisMaximum() const;
    QColor componentColor(Component component) const;

    QChart* chart() const { return chart_; }
    QChartView* chartView() const { return view_; }

signals:
    void columnHovered(int column, memplan::Component component, const QString& toolTip);

protected:
    void changeEvent(QEvent* event) override;

private:
    void rebuild();
    void applyTheme();
    void rebuildCapacity();
    void updateValueAxis(); // range and ticks for the values and the plot's height
    QString columnLabel(const CompareColumn& c) const;
    void onHovered(Component component, bool entered, int index);

    std::vector<CompareColumn> columns_;
    UnitSystem units_ = UnitSystem::Binary;
    QChartView* view_;
    QChart* chart_;
    QStackedBarSeries* series_;
    std::array<QBarSet*, kComponentCount> sets_{};
    std::vector<QLineSeries*> capacity_;
    QBarCategoryAxis* xAxis_;
    QValueAxis* yAxis_;
    bool applyingTheme_ = false;
    bool inAxisUpdate_ = false;
    double top_ = 0; // largest value shown, display units
};

} // namespace memplan::gui
