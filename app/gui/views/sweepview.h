// The "Sweep" tab: total per-GPU memory against one variable (micro-batch, sequence length,
// parameter count, GPU count; for a serving plan the context length, concurrent sequences or
// utilization, measured as the KV cache's tokens or concurrent requests too), one line per
// compared scenario (the Compare tab's columns, or the current plan alone), with the capacity
// line and the first value that does not fit marked.
#pragma once

#include "models/sweepengine.h"

#include "memplan/units.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QRadioButton;

namespace memplan::gui {

class PlanDocument;
class ScenarioModel;
class SweepChart;

class SweepView : public QWidget {
    Q_OBJECT
public:
    // scenarios may be null: the view then sweeps the current plan only.
    explicit SweepView(PlanDocument* document, ScenarioModel* scenarios = nullptr,
                       QWidget* parent = nullptr);

    SweepChart* chart() const { return chart_; }
    const SweepResult& result() const { return result_; }

    SweepVariable variable() const { return range_.variable; }
    void setVariable(SweepVariable v); // resets the range to the plan's default
    SweepRange range() const { return range_; }
    void setRange(const SweepRange& range); // the variable too
    // What the y axis shows (serving plans offer the KV cache's tokens and requests).
    SweepMeasure measure() const { return range_.measure; }
    void setMeasure(SweepMeasure m);

    // Lines: the compare columns (true) or the current plan only.
    bool usesCompareColumns() const { return useColumns_; }
    void setUseCompareColumns(bool use);

    UnitSystem units() const { return units_; }
    void setUnits(UnitSystem units);

    // The scenarios the lines come from (the compare columns, or the current plan).
    std::vector<Scenario> lineScenarios() const;
    // Recomputes now (the sweep waits while the tab is hidden).
    void refreshNow();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void refresh();
    void syncControls();
    void followPlan();
    void readRange();
    void fillChoices(); // the variables and measures that apply to the plan

    PlanDocument* doc_;
    ScenarioModel* scenarios_;
    SweepChart* chart_;
    QComboBox* variableBox_;
    QLabel* measureLabel_;
    QComboBox* measureBox_;
    QDoubleSpinBox* from_;
    QDoubleSpinBox* to_;
    QRadioButton* columns_;
    QRadioButton* planOnly_;
    QLabel* summary_;
    SweepRange range_;
    SweepResult result_;
    UnitSystem units_ = UnitSystem::Binary;
    bool useColumns_ = true;
    bool userRange_ = false; // the user set the range: it no longer follows the plan
    bool planStale_ = false; // the plan changed while the tab was hidden
    bool dirty_ = true;
    bool syncing_ = false;
};

} // namespace memplan::gui
