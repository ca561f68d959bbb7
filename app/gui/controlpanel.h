// The left side of the window: the primary controls, and the advanced group behind one
// toggle (collapsed by default), in a scroll area.
#pragma once

#include <QScrollArea>

class QLabel;
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
    AdvancedControls* advanced() const { return advanced_; }
    QToolButton* advancedToggle() const { return toggle_; }

    bool isAdvancedExpanded() const;
    void setAdvancedExpanded(bool expanded); // emits only on a real change

    QSize sizeHint() const override;

signals:
    void advancedExpandedChanged(bool expanded);

private:
    PrimaryControls* primary_;
    QToolButton* toggle_;
    AdvancedControls* advanced_;
    PlanDocument* doc_;
    QLabel* assumptions_;
    void updateAssumptions();
    mutable int advancedWidth_ = -1; // the advanced group's width hint, computed once
};

} // namespace memplan::gui
