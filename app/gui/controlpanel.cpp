#include "controlpanel.h"

#include "advancedcontrols.h"
#include "plandocument.h"
#include "primarycontrols.h"
#include "unitformat.h"

#include "memplan/result_json.h"

#include <QGroupBox>
#include <QLabel>
#include <QLocale>

#include <QScrollBar>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace memplan::gui {

ControlPanel::ControlPanel(PlanDocument* document, QWidget* parent)
    : QScrollArea(parent)
    , doc_(document) {
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

    auto* box = new QGroupBox(tr("Assumptions"), content);
    auto* boxLayout = new QVBoxLayout(box);
    assumptions_ = new QLabel(box);
    assumptions_->setWordWrap(true);
    assumptions_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    boxLayout->addWidget(assumptions_);
    layout->addWidget(box);
    layout->addStretch(1);
    setWidget(content);

    connect(doc_, &PlanDocument::planChanged, this, &ControlPanel::updateAssumptions);
    updateAssumptions();
    connect(toggle_, &QToolButton::toggled, this, [this](bool on) {
        toggle_->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
        advanced_->setVisible(on);
        emit advancedExpandedChanged(on);
    });
}

void ControlPanel::updateAssumptions() {
    const Evaluation& e = doc_->evaluation();
    const Plan& p = doc_->plan();
    QStringList lines;
    const QLocale locale;
    lines << tr("Trains %1 of %2 parameters.")
                 .arg(QString::fromStdString(formatCount(e.params_trainable)),
                      QString::fromStdString(formatCount(e.params_total)));
    if (e.host > 0)
        lines << tr("CPU memory for offloaded states: %1 per GPU.").arg(formatSizeBoth(e.host));
    for (const std::string& a : assumptions(p, e))
        lines << QString::fromStdString(a);
    const QString text = QStringLiteral("\u2022 ") + lines.join(QStringLiteral("\n\u2022 "));
    if (assumptions_->text() != text)
        assumptions_->setText(text);
}

bool ControlPanel::isAdvancedExpanded() const { return toggle_->isChecked(); }

void ControlPanel::setAdvancedExpanded(bool expanded) { toggle_->setChecked(expanded); }

QSize ControlPanel::sizeHint() const {
    QSize hint = widget()->sizeHint();
    // As wide as the advanced group too, so expanding it never squeezes the fields.
    const QMargins m = widget()->layout()->contentsMargins();
    if (advancedWidth_ < 0)
        advancedWidth_ = advanced_->sizeHint().width();
    hint.setWidth(std::max(hint.width(), advancedWidth_ + m.left() + m.right()));
    hint.rwidth() += verticalScrollBar()->sizeHint().width() + 2 * frameWidth();
    hint.setHeight(400);
    return hint;
}

} // namespace memplan::gui
