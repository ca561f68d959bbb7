#include "controlpanel.h"

#include "advancedcontrols.h"
#include "primarycontrols.h"

#include <QScrollBar>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace memplan::gui {

ControlPanel::ControlPanel(PlanDocument* document, QWidget* parent)
    : QScrollArea(parent) {
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto* content = new QWidget(this);
    auto* layout = new QVBoxLayout(content);
    primary_ = new PrimaryControls(document, content);
    layout->addWidget(primary_);

    toggle_ = new QToolButton(content);
    toggle_->setText(tr("More settings: model, method, parallelism, hardware"));
    toggle_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toggle_->setArrowType(Qt::RightArrow);
    toggle_->setCheckable(true);
    toggle_->setAutoRaise(true);
    toggle_->setFocusPolicy(Qt::StrongFocus);
    toggle_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    layout->addWidget(toggle_);

    advanced_ = new AdvancedControls(document, content);
    advanced_->setVisible(false);
    layout->addWidget(advanced_);
    layout->addStretch(1);
    setWidget(content);

    connect(toggle_, &QToolButton::toggled, this, [this](bool on) {
        toggle_->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
        advanced_->setVisible(on);
        emit advancedExpandedChanged(on);
    });
}

bool ControlPanel::isAdvancedExpanded() const { return toggle_->isChecked(); }

void ControlPanel::setAdvancedExpanded(bool expanded) { toggle_->setChecked(expanded); }

QSize ControlPanel::sizeHint() const {
    QSize hint = widget()->sizeHint();
    // As wide as the advanced group too, so expanding it never squeezes the fields.
    const QMargins m = widget()->layout()->contentsMargins();
    hint.setWidth(std::max(hint.width(), advanced_->sizeHint().width() + m.left() + m.right()));
    hint.rwidth() += verticalScrollBar()->sizeHint().width() + 2 * frameWidth();
    hint.setHeight(400);
    return hint;
}

} // namespace memplan::gui
