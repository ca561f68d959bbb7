#include "views/timelineview.h"

#include "charts/timelinechart.h"
#include "document/plandocument.h"
#include "document/planedits.h"
#include "momentnames.h"
#include "unitformat.h"

#include "memplan/names.h"

#include <QLabel>
#include <QVBoxLayout>

namespace memplan::gui {

namespace {
QString phaseText(Phase p) {
    switch (p) {
    case Phase::Forward:
        return TimelineView::tr("forward");
    case Phase::Loss:
        return TimelineView::tr("loss");
    case Phase::Backward:
        return TimelineView::tr("backward");
    case Phase::OptimizerStep:
        return TimelineView::tr("optimizer");
    case Phase::Prefill:
        return TimelineView::tr("prefill");
    case Phase::Decode:
        return TimelineView::tr("decode");
    case Phase::Rollout:
        return TimelineView::tr("rollout");
    case Phase::Scoring:
        return TimelineView::tr("scoring");
    case Phase::Serving:
        return TimelineView::tr("serving");
    }
    return {};
}

} // namespace

TimelineView::TimelineView(PlanDocument* document, QWidget* parent)
    : QWidget(parent)
    , document_(document) {
    chart_ = new TimelineChart(this);
    chart_->setTitle(tr("Memory per GPU through one step"));
    chart_->setValueAxisTitle(tr("GiB (2^30 bytes) allocated"));
    caption_ = new QLabel(this);
    caption_->setTextFormat(Qt::PlainText);
    caption_->setWordWrap(true);
    caption_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(chart_, 1);
    layout->addWidget(caption_);

    // A hidden tab costs nothing per slider step: it catches up when shown.
    connect(document_, &PlanDocument::planChanged, this, [this] {
        if (isVisible())
            refresh();
        else
            stale_ = true;
    });
    refresh();
}

int TimelineView::momentCount() const {
    return chart_->momentCount();
}

QString TimelineView::momentLabel(int moment) const {
    return chart_->momentLabel(moment);
}

double TimelineView::value(Component component, int moment) const {
    return chart_->value(component, moment);
}

QStringList TimelineView::legendNames() const {
    return chart_->legendNames();
}

int TimelineView::peakMoment() const {
    return peak_;
}

void TimelineView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (stale_)
        refresh();
}

void TimelineView::refresh() {
    stale_ = false;
    const Evaluation& e = document_->evaluation();
    const int n = static_cast<int>(e.moment_count);
    peak_ = static_cast<int>(e.peak_moment);

    QStringList categories;
    for (int m = 0; m < n; ++m) {
        // One line: the axis elides rather than wraps. The phase is in the caption.
        QString label = momentName(e.moments[m].label);
        if (m == peak_)
            label = tr("▲ %1 (peak)").arg(label);
        categories << label;
    }
    chart_->setMoments(e, categories);
    if (e.has_capacity)
        chart_->setCapacityLine(
            e.capacity - e.runtime_overhead,
            tr("capacity minus runtime overhead: %1")
                .arg(formatSize(e.capacity - e.runtime_overhead, UnitSystem::Binary)));
    else
        chart_->setCapacityLine(std::nullopt, QString());

    if (n > 0) {
        const Moment& p = e.moments[peak_];
        caption_->setText(
            tr("Peak allocated %1 at \"%2\" (%3). The main chart shows what is resident at "
               "that moment; the runtime overhead (%4) comes on top of every moment.")
                .arg(formatSizeBoth(p.allocated()), momentName(p.label), phaseText(p.phase),
                     formatSizeBoth(e.runtime_overhead)));
    }
}

} // namespace memplan::gui
