// The verdict above the chart: fits with how much headroom, or does not fit by how much and
// what would make it fit (evaluated alternatives, each one click away).
#pragma once

#include "views/suggestions.h"

#include <QFrame>

#include <array>
#include <vector>

class QLabel;
class QPushButton;
class QTimer;

namespace memplan::gui {
class TextLine;
}

namespace memplan::gui {

class PlanDocument;

class VerdictWidget : public QFrame {
    Q_OBJECT
public:
    // Invalid: the plan breaks a rule (tp x pp must divide the GPU count...): the reason, and
    // no verdict (a "Fits" beside "Plan not valid" would be read as a yes).
    enum class State { Fits, DoesNotFit, NoCapacity, Refused, Invalid };
    explicit VerdictWidget(PlanDocument* document, QWidget* parent = nullptr);

    // The verdict follows the plan in the next pass of the event loop; the accessors bring it
    // up to date first.
    State state() const;
    QString headline() const;
    QString details() const;
    // What would make it fit (computed on demand, or right after the change that needs it).
    const std::vector<Suggestion>& suggestions();
    // Applies suggestion i (as the user's click on its button does).
    void applySuggestion(std::size_t i);
    QPushButton* suggestionButton(std::size_t i) {
        suggestions();
        return buttons_.at(i);
    }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void planChanged();
    void flush() const;
    void refresh();
    void refreshSuggestions();
    QColor accent() const;

    PlanDocument* doc_;
    State state_ = State::Fits;
    TextLine* headline_;
    TextLine* usage_; // how much of the GPU, or how much is missing
    TextLine* extra_; // largest micro-batch, or why nothing helps
    QLabel* fixTitle_;
    QWidget* fixesStretch_;
    std::array<QPushButton*, 3> buttons_{}; // the best three (issue 13, item 6)
    TextLine* notes_; // warnings, elided to one line (all of them in the tooltip)
    std::vector<Suggestion> suggestions_;
    bool stale_ = true;
    QTimer* timer_ = nullptr;
};

} // namespace memplan::gui
