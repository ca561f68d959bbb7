// The compare chart: one stacked bar per scenario on a shared axis (the same components and
// colours as the per-GPU chart), each column labelled with its name, recipe and total, and the
// GPU capacity across all columns.
#pragma once

#include "charts/chartwidget.h"
#include "models/scenariomodel.h"

#include "memplan/evaluation.h"
#include "memplan/units.h"

#include <array>
#include <vector>

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

class CompareChart : public ChartWidget {
    Q_OBJECT
public:
    explicit CompareChart(QWidget* parent = nullptr);
    ~CompareChart() override;

    void setColumns(const std::vector<CompareColumn>& columns);
    const std::vector<CompareColumn>& columns() const { return columns_; }

    // What the chart shows, for tests: values in the display unit (GiB or GB).
    int columnCount() const { return static_cast<int>(columns_.size()); }
    QStringList categoryLabels() const; // as on the axis (rich text)
    double barValue(int column, Component component) const;
    std::vector<double> capacityValues() const; // one per capacity line drawn
    QColor componentColor(Component component) const;

signals:
    void columnHovered(int column, memplan::Component component, const QString& toolTip);

protected:
    void rebuild() override;
    void restyle(const QPalette& palette) override;

private:
    void rebuildCapacity();
    void updateValueAxis(); // range and ticks for the values and the plot's height
    QString columnLabel(const CompareColumn& c) const;
    void onHovered(Component component, bool entered, int index);

    std::vector<CompareColumn> columns_;
    QStackedBarSeries* series_;
    std::array<QBarSet*, kComponentCount> sets_{};
    std::vector<QLineSeries*> capacity_;
    QBarCategoryAxis* xAxis_;
    QValueAxis* yAxis_;
    bool inAxisUpdate_ = false;
    double top_ = 0; // largest value shown, display units
};

} // namespace memplan::gui
