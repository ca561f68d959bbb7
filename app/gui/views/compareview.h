// The "Compare" tab: the current plan under several scenarios (by default FP32 vs BF16 vs
// INT8; for LoRA and QLoRA the base in NF4 vs INT8 vs BF16; saved with the plan)
// as stacked bars on one axis, why the columns differ, the list of columns and an editor for
// what the selected column changes. Columns are variants of the document's plan and follow it.
#pragma once

#include "memplan/scenario.h"
#include "memplan/units.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QMenu;
class QSplitter;
class QTableView;
class QToolButton;

namespace memplan::gui {

class CompareChart;
class PlanDocument;
class ScenarioModel;

class CompareView : public QWidget {
    Q_OBJECT
public:
    // model may be null: the view makes its own. The model is shared with the Sweep view.
    explicit CompareView(PlanDocument* document, ScenarioModel* model = nullptr,
                         QWidget* parent = nullptr);

    ScenarioModel* model() const { return model_; }
    CompareChart* chart() const { return chart_; }
    QTableView* table() const { return table_; }
    QSplitter* splitter() const { return splitter_; }
    // The explanation under the chart, one paragraph per string.
    QStringList explanation() const { return explanation_; }

    UnitSystem units() const;
    void setUnits(UnitSystem units);

    int currentColumn() const; // selected column, -1 when none
    void setCurrentColumn(int column);

    // Brings the chart and explanation up to date now (they wait while the tab is hidden).
    void refreshNow();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void refresh();
    // The columns shown, as a plan file keeps them; the defaults for the plan's method; what
    // the plan saves of the columns shown (nothing when they are the defaults).
    std::vector<memplan::SavedScenario> columns() const;
    std::vector<memplan::SavedScenario> defaultColumns() const;
    std::vector<memplan::SavedScenario> savedColumns() const;
    // After an edit (or, `replaced`, a new or opened plan): the plan's saved columns, or the
    // defaults for its method, and the plan they vary.
    void followPlan(bool replaced);
    void loadColumns(bool replaced);
    // The user's changes of the columns go to the plan through the undo stack, so they are
    // saved with it and undone like any edit.
    void saveColumns();
    void updateButtons();
    void updateEditor();
    void editOverride(memplan::ScenarioKey key, const QString& value); // "" = as in the plan
    void addColumn(const memplan::ScenarioOverrides& overrides);
    QMenu* buildAddMenu();
    QMenu* buildStartMenu();

    PlanDocument* doc_;
    ScenarioModel* model_;
    CompareChart* chart_;
    QLabel* explanationLabel_;
    QTableView* table_;
    QSplitter* splitter_;
    QToolButton* add_;
    QToolButton* duplicate_;
    QToolButton* remove_;
    QToolButton* left_;
    QToolButton* right_;
    QLabel* editorTitle_;
    std::vector<std::pair<memplan::ScenarioKey, QComboBox*>> editors_;
    QStringList explanation_;
    bool dirty_ = true;
    bool updatingEditor_ = false;
    bool loadingColumns_ = false;
};

} // namespace memplan::gui
