// The left side of the window: the primary controls, and the advanced group behind one
// toggle (collapsed by default), in a scroll area.
#pragma once

#include <QScrollArea>

class QLabel;
class QTimer;
class QToolButton;

namespace memplan::gui {

class AdvancedControls;
class PlanDocument;
class PrimaryControls;

class ControlPanel : public QScrollArea {
    Q_OBJECT
public:
    explicit ControlPanel(PlanDocument* document, QWidget* parent = nullptr);

    PrimaryControls* primary() const { return primary_; }
    AdvancedControls* advanced(); // built on first use
    QToolButton* advancedToggle() const { return toggle_; }

    bool isAdvancedExpanded() const;
    void setAdvancedExpanded(bool expanded); // emits only on a real change

    QSize sizeHint() const override;

signals:
    void advancedExpandedChanged(bool expanded);

private:
    static constexpr int kMinimumWidth = 300; // with the views' 646: fits 1024 pixels
    PrimaryControls* primary_;
    QToolButton* toggle_;
    AdvancedControls* advanced_ = nullptr;
    int advancedIndex_ = 0; // its place in the panel's layout
    PlanDocument* doc_;
    QLabel* assumptions_;
    QTimer* assumptionsTimer_;
    void updateAssumptions();
};

} // namespace memplan::gui
