#include "controls/controlpanel.h"

#include "controls/advancedcontrols.h"
#include "controls/fieldguard.h"
#include "controls/primarycontrols.h"
#include "document/plandocument.h"
#include "document/planedits.h"
#include "unitformat.h"

#include "memplan/result_json.h"

#include <QAbstractSpinBox>
#include <QGroupBox>
#include <QLabel>
#include <QLocale>

#include <QScrollBar>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace memplan::gui {

ControlPanel::ControlPanel(PlanDocument* document, QWidget* parent)
    : QScrollArea(parent)
    , doc_(document) {
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);

    auto* content = new QWidget(this);
    auto* layout = new QVBoxLayout(content);
    primary_ = new PrimaryControls(document, content);
    layout->addWidget(primary_);
    guardPlanFields(primary_);

    toggle_ = new QToolButton(content);
    toggle_->setText(tr("More settings: model, method, parallelism, hardware"));
    toggle_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toggle_->setArrowType(Qt::RightArrow);
    toggle_->setCheckable(true);
    toggle_->setAutoRaise(true);
    toggle_->setFocusPolicy(Qt::StrongFocus);
    toggle_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    layout->addWidget(toggle_);

    // The advanced group is built when first opened: most sessions start without it.
    advancedIndex_ = layout->count();

    auto* box = new QGroupBox(tr("Assumptions and warnings"), content);
    auto* boxLayout = new QVBoxLayout(box);
    assumptions_ = new QLabel(box);
    assumptions_->setObjectName(QStringLiteral("assumptionsText"));
    assumptions_->setTextFormat(Qt::PlainText); // warnings quote names from the plan
    assumptions_->setWordWrap(true);
    assumptions_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    boxLayout->addWidget(assumptions_);
    layout->addWidget(box);
    layout->addStretch(1);
    setWidget(content);

    // The text follows in the next pass of the event loop (one update for several steps).
    assumptionsTimer_ = new QTimer(this);
    assumptionsTimer_->setSingleShot(true);
    assumptionsTimer_->setInterval(0);
    connect(assumptionsTimer_, &QTimer::timeout, this, &ControlPanel::updateAssumptions);
    connect(doc_, &PlanDocument::planChanged, assumptionsTimer_, [this] {
        if (!assumptionsTimer_->isActive())
            assumptionsTimer_->start();
    });
    updateAssumptions();
    connect(toggle_, &QToolButton::toggled, this, [this](bool on) {
        toggle_->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
        advanced()->setVisible(on);
        emit advancedExpandedChanged(on);
    });
}

void ControlPanel::updateAssumptions() {
    const Evaluation& e = doc_->evaluation();
    const Plan& p = doc_->plan();
    QStringList lines;
    const QLocale locale;
    const QString total = QString::fromStdString(formatCount(e.params_total));
    if (p.training.method == Method::Serving) {
        lines << tr("Serves %1 parameters with vLLM; nothing trains.").arg(total);
        const ServingFigures& f = e.serving;
        if (e.ok && f.budget_known)
            lines << tr("KV cache: %1 tokens; %2 concurrent requests of %3 tokens; the longest "
                        "single request: %4 tokens.")
                         .arg(locale.toString(static_cast<qlonglong>(f.kv_cache_tokens)),
                              locale.toString(f.max_concurrent_sequences, 'f', 2),
                              locale.toString(static_cast<qlonglong>(f.max_model_len)),
                              locale.toString(static_cast<qlonglong>(f.longest_single_sequence)));
    } else if (p.training.method == Method::Inference) {
        lines << tr("Inference with %1 parameters; nothing trains.").arg(total);
    } else {
        lines << tr("Trains %1 of %2 parameters.")
                     .arg(QString::fromStdString(formatCount(e.params_trainable)), total);
    }
    if (e.host > 0)
        lines << tr("CPU memory for offloaded states: %1 per GPU.").arg(formatSizeBoth(e.host));
    for (const QString& w : noteLines(e))
        lines << QStringLiteral("\u26A0 ") + w;
    lines << assumptionLines(p, e);
    const QString text = QStringLiteral("\u2022 ") + lines.join(QStringLiteral("\n\u2022 "));
    if (assumptions_->text() != text)
        assumptions_->setText(text);
}

AdvancedControls* ControlPanel::advanced() {
    if (!advanced_) {
        auto* layout = static_cast<QVBoxLayout*>(widget()->layout());
        advanced_ = new AdvancedControls(doc_, widget());
        advanced_->setVisible(false);
        layout->insertWidget(advancedIndex_, advanced_);
        guardPlanFields(advanced_);
        // Each typed value is its own undo step (a run of arrow steps stays one).
        for (QAbstractSpinBox* spin : advanced_->findChildren<QAbstractSpinBox*>())
            connect(spin, &QAbstractSpinBox::editingFinished, doc_, &PlanDocument::endEditGroup);
        // Tab goes from the toggle into the group, in the group's own order.
        QList<QWidget*> chain;
        for (QWidget* w = advanced_->nextInFocusChain();
             w != advanced_ && advanced_->isAncestorOf(w); w = w->nextInFocusChain())
            if (w->focusPolicy() & Qt::TabFocus)
                chain << w;
        QWidget* previous = toggle_;
        for (QWidget* w : chain) {
            QWidget::setTabOrder(previous, w);
            previous = w;
        }
        // Not wider than a small screen allows: below the group's own width the panel scrolls
        // sideways rather than pushing the window past 1024 pixels (issue 13, item 10).
        setMinimumWidth(std::max(
            minimumWidth(), std::min(kMinimumWidth, widget()->minimumSizeHint().width() +
                                                        verticalScrollBar()->sizeHint().width() +
                                                        2 * frameWidth())));
    }
    return advanced_;
}

bool ControlPanel::isAdvancedExpanded() const {
    return toggle_->isChecked();
}

void ControlPanel::setAdvancedExpanded(bool expanded) {
    toggle_->setChecked(expanded);
}

QSize ControlPanel::sizeHint() const {
    // Room for the primary controls and the model line: about 60 characters.
    QSize hint = primary_->sizeHint();
    const QMargins m = widget()->layout()->contentsMargins();
    hint.setWidth(std::max(hint.width(), 60 * fontMetrics().averageCharWidth()));
    hint.rwidth() +=
        m.left() + m.right() + verticalScrollBar()->sizeHint().width() + 2 * frameWidth();
    hint.setHeight(400);
    return hint;
}

} // namespace memplan::gui
