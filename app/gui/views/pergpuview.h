// The "Per GPU" tab: the verdict, the stacked-bar chart and the breakdown table (with the
// GiB / GB toggle), all reading the document's evaluation through one BreakdownModel.
#pragma once

#include "memplan/units.h"

#include <QWidget>

class QRadioButton;
class QSplitter;
class QTableView;

namespace memplan::gui {

class BreakdownModel;
class MemoryChartView;
class PlanDocument;
class VerdictWidget;

class PerGpuView : public QWidget {
    Q_OBJECT
public:
    explicit PerGpuView(PlanDocument* document, QWidget* parent = nullptr);

    BreakdownModel* model() const { return model_; }
    MemoryChartView* chart() const { return chart_; }
    VerdictWidget* verdict() const { return verdict_; }
    QTableView* table() const { return table_; }
    QSplitter* splitter() const { return splitter_; }

    UnitSystem units() const;
    void setUnits(UnitSystem units); // emits unitsChanged only on a real change

signals:
    void unitsChanged(memplan::UnitSystem units);

private:
    void refresh();
    // Rows of zero bytes (a component the plan does not have, a part a drag removed) are
    // not shown; the total and peak rows always are.
    void hideEmptyRows();

    PlanDocument* doc_;
    BreakdownModel* model_;
    VerdictWidget* verdict_;
    MemoryChartView* chart_;
    QTableView* table_;
    QSplitter* splitter_;
    QRadioButton* gib_;
    QRadioButton* gb_;
};

} // namespace memplan::gui
