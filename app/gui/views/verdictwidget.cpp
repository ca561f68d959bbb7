#include "views/verdictwidget.h"

#include "controls/textline.h"
#include "document/editids.h"
#include "document/plandocument.h"
#include "document/planedits.h"
#include "unitformat.h"

#include "memplan/result_json.h"
#include "memplan/solver.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace memplan::gui {

namespace {
// A status colour mixed into the palette's base, so it reads in light and dark themes alike.
QColor blend(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(static_cast<float>(a.redF() * (1 - t) + b.redF() * t),
                            static_cast<float>(a.greenF() * (1 - t) + b.greenF() * t),
                            static_cast<float>(a.blueF() * (1 - t) + b.blueF() * t));
}
} // namespace

VerdictWidget::VerdictWidget(PlanDocument* document, QWidget* parent)
    : QFrame(parent)
    , doc_(document) {
    setFrameShape(QFrame::NoFrame);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 8, 10, 8);
    layout->setSpacing(4);

    // One-line texts that change on every step repaint without re-laying out the window.
    headline_ = new TextLine(this);
    QFont big = headline_->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    headline_->setFont(big);
    headline_->setAccessibleName(tr("Verdict"));
    layout->addWidget(headline_);
    usage_ = new TextLine(this);
    layout->addWidget(usage_);

    // The third line holds either a remark (largest micro-batch, why nothing helps) or the
    // suggestions; it is as tall as a button either way, so the verdict's height never changes
    // while a slider crosses between "fits" and "does not fit".
    auto* fixes = new QHBoxLayout;
    fixes->setSpacing(6);
    extra_ = new TextLine(this);
    fixes->addWidget(extra_, 1);
    fixTitle_ = new QLabel(tr("To make it fit:"), this);
    QFont bold = fixTitle_->font();
    bold.setBold(true);
    fixTitle_->setFont(bold);
    fixes->addWidget(fixTitle_);
    for (std::size_t i = 0; i < buttons_.size(); ++i) {
        auto* button = new QPushButton(this);
        button->setVisible(false);
        button->setAutoDefault(false);
        // Long suggestions may be clipped rather than widen the window.
        button->setMinimumWidth(8 * button->fontMetrics().averageCharWidth());
        connect(button, &QPushButton::clicked, this, [this, i] { applySuggestion(i); });
        buttons_[i] = button;
        fixes->addWidget(button);
    }
    fixesStretch_ = new QWidget(this);
    fixesStretch_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    fixes->addWidget(fixesStretch_, 1);
    layout->addLayout(fixes);
    QSizePolicy keep = buttons_[0]->sizePolicy();
    keep.setRetainSizeWhenHidden(true); // the row keeps a button's height
    buttons_[0]->setSizePolicy(keep);

    notes_ = new TextLine(this);
    layout->addWidget(notes_);

    timer_ = new QTimer(this);
    timer_->setSingleShot(true);
    timer_->setInterval(0);
    connect(timer_, &QTimer::timeout, this, &VerdictWidget::refresh);
    connect(doc_, &PlanDocument::planChanged, this, &VerdictWidget::planChanged);
    refresh();
}

VerdictWidget::State VerdictWidget::state() const {
    flush();
    return state_;
}

QString VerdictWidget::headline() const {
    flush();
    return headline_->text();
}
QString VerdictWidget::details() const {
    flush();
    return usage_->text() + QLatin1Char('\n') + extra_->text();
}

void VerdictWidget::applySuggestion(std::size_t i) {
    if (i >= suggestions().size())
        return;
    const Suggestion s = suggestions_[i];
    doc_->edit(s.plan, tr("Apply suggestion: %1").arg(suggestionText(s)),
               mergeId(EditId::Suggestion));
}

void VerdictWidget::planChanged() {
    // The verdict is redone in the next pass of the event loop, before the window repaints:
    // a slider step updates the chart's values first, and several steps in one pass (a fast
    // drag) cost one verdict, with its solver runs.
    stale_ = true;
    if (!timer_->isActive())
        timer_->start();
}

void VerdictWidget::flush() const {
    if (stale_)
        const_cast<VerdictWidget*>(this)->refresh();
}

void VerdictWidget::refresh() {
    timer_->stop();
    stale_ = false;
    const Evaluation& e = doc_->evaluation();
    const GpuPreset* gpu = doc_->gpu();
    const QString gpuName = gpu ? QString::fromStdString(gpu->name) : tr("the GPU");
    const QLocale locale;

    State state;
    QString headline, details;
    if (!doc_->problem().isEmpty()) {
        state = State::Invalid;
        headline = tr("\u26A0 Plan not valid: no verdict until it is fixed");
        details = doc_->problem();
    } else if (!e.ok) {
        state = State::Refused;
        headline = tr("\u26A0 Cannot evaluate this plan");
        details = QString::fromUtf8(e.refusal.data(), static_cast<qsizetype>(e.refusal.size()));
    } else if (!e.has_capacity) {
        state = State::NoCapacity;
        headline = tr("Needs %1 per GPU").arg(formatSizeBoth(e.total));
        details = tr("No GPU chosen: pick a GPU model under More settings to see whether it fits.");
    } else if (e.fits) {
        state = State::Fits;
        if (verdictOf(e) == Verdict::FitsUnless)
            headline = tr("\u2714 Fits unless the high estimate holds: %1 headroom")
                           .arg(formatSizeBoth(e.headroom));
        else
            headline = tr("\u2714 Fits: %1 headroom").arg(formatSizeBoth(e.headroom));
        details = tr("Uses %1 of the %2 of one %3 (%4 %).")
                      .arg(formatSizeBoth(e.total), formatSizeBoth(e.capacity), gpuName,
                           locale.toString(100.0 * e.total / e.capacity, 'f', 0));
        details +=
            QLatin1Char(' ') +
            tr("Range %1 to %2.").arg(formatSizeBoth(e.total_low), formatSizeBoth(e.total_high));
    } else {
        state = State::DoesNotFit;
        headline = tr("\u2718 Does not fit: %1 over").arg(formatSizeBoth(-e.headroom));
        details = tr("Needs %1 per GPU; one %2 holds %3.")
                      .arg(formatSizeBoth(e.total), gpuName, formatSizeBoth(e.capacity));
    }
    headline_->setText(headline);
    usage_->setText(details);

    if (state != state_) {
        state_ = state;
        QWidget::update();
    }
    refreshSuggestions();
}

const std::vector<Suggestion>& VerdictWidget::suggestions() {
    flush();
    return suggestions_;
}

void VerdictWidget::refreshSuggestions() {
    const Evaluation& e = doc_->evaluation();
    const Plan& plan = doc_->plan();
    const GpuPreset* gpu = doc_->gpu();
    const QLocale locale;
    suggestions_.clear();
    QString extra;
    if (!doc_->problem().isEmpty()) {
        // An invalid plan: the headline and the reason say it all.
    } else if (e.ok && e.has_capacity && e.fits) {
        // Serving has no micro-batch: its capacity is the KV cache's concurrency.
        if (plan.training.method == Method::Serving && e.serving.budget_known)
            extra = tr("The KV cache holds %1 tokens: %2 concurrent requests of %3 tokens.")
                        .arg(locale.toString(static_cast<qlonglong>(e.serving.kv_cache_tokens)))
                        .arg(locale.toString(e.serving.max_concurrent_sequences, 'f', 2))
                        .arg(locale.toString(static_cast<qlonglong>(e.serving.max_model_len)));
        else if (plan.training.method != Method::Inference &&
                 plan.training.method != Method::Serving)
            if (const auto mb = solve(plan, gpu, SolveVariable::MicroBatch).value)
                extra = tr("The largest micro-batch that fits is %1.").arg(locale.toString(*mb));
    } else if (e.ok && e.has_capacity && doc_->problem().isEmpty()) {
        suggestions_ = suggestFixes(plan, gpu);
        if (suggestions_.empty())
            extra = tr("No change of batch, recomputation, sharding, parallelism, precision or "
                       "offload makes it fit; try a smaller model or a larger GPU.");
    }
    extra_->setText(extra);

    QStringList notes;
    if (!doc_->problem().isEmpty())
        notes << tr("Saving is refused until the plan is fixed.");
    notes << noteLines(e);
    notes_->setText(notes.isEmpty()
                        ? QString()
                        : QStringLiteral("\u26A0 ") + notes.join(QStringLiteral("  \u26A0 ")));
    notes_->setDetails(notes.isEmpty()
                           ? QString()
                           : QStringLiteral("\u2022 ") + notes.join(QStringLiteral("\n\u2022 ")));

    fixTitle_->setVisible(!suggestions_.empty());
    extra_->setVisible(suggestions_.empty());
    fixesStretch_->setVisible(!suggestions_.empty());
    for (std::size_t i = 0; i < buttons_.size(); ++i) {
        QPushButton* b = buttons_[i];
        if (i < suggestions_.size()) {
            const Suggestion& s = suggestions_[i];
            const QString text = suggestionText(s);
            const QString tip =
                tr("Apply: %1. Leaves %2 free.").arg(text, formatSizeBoth(s.headroom));
            if (b->text() != text)
                b->setText(text);
            if (b->toolTip() != tip)
                b->setToolTip(tip);
            b->setVisible(true);
        } else {
            b->setVisible(false);
        }
    }
}

QColor VerdictWidget::accent() const {
    switch (state_) {
    case State::Fits:
        return QColor(0x2e, 0xa0, 0x43); // green
    case State::DoesNotFit:
        return QColor(0xd1, 0x24, 0x2f); // red
    case State::Refused:
    case State::Invalid:
        return QColor(0xbf, 0x87, 0x00); // amber
    case State::NoCapacity:
        break;
    }
    return palette().color(QPalette::Mid);
}

void VerdictWidget::paintEvent(QPaintEvent* event) {
    QPainter painter(this);
    const QColor base = palette().color(QPalette::Base);
    painter.fillRect(rect(), blend(base, accent(), 0.16));
    painter.fillRect(QRect(0, 0, 6, height()), accent());
    painter.end();
    QFrame::paintEvent(event);
}

} // namespace memplan::gui
