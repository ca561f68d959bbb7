#include "views/timelineview.h"

#include "document/plandocument.h"
#include "document/planedits.h"
#include "unitformat.h"

#include "memplan/names.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QStackedBarSeries>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

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

QString momentText(std::string_view label) {
    // Moment labels come from the core's table (model.cpp); translate the known ones.
    const QString l = QString::fromUtf8(label.data(), static_cast<qsizetype>(label.size()));
    if (l == QLatin1String("end of forward"))
        return TimelineView::tr("end of forward");
    if (l == QLatin1String("loss forward"))
        return TimelineView::tr("loss forward");
    if (l == QLatin1String("start of backward"))
        return TimelineView::tr("start of backward");
    if (l == QLatin1String("end of backward"))
        return TimelineView::tr("end of backward");
    if (l == QLatin1String("optimizer step"))
        return TimelineView::tr("optimizer step");
    if (l == QLatin1String("prefill"))
        return TimelineView::tr("prefill");
    if (l == QLatin1String("end of generation"))
        return TimelineView::tr("end of generation");
    if (l == QLatin1String("textbook sum"))
        return TimelineView::tr("textbook sum");
    return l;
}
} // namespace

TimelineView::TimelineView(PlanDocument* document, QWidget* parent)
    : QWidget(parent)
    , document_(document) {
    chart_ = new QChart();
    chart_->setAnimationOptions(QChart::NoAnimation);
    chart_->setTitle(tr("Memory per GPU through one step"));
    series_ = new QStackedBarSeries(chart_);
    series_->setBarWidth(0.6);
    for (std::size_t i = 0; i < kAllocatedComponentCount; ++i) {
        auto* set = new QBarSet(uiLabel(static_cast<Component>(i)), series_);
        sets_[i] = set;
        series_->append(set);
    }
    chart_->addSeries(series_);
    capacity_ = new QLineSeries(chart_);
    capacity_->setName(tr("GPU capacity"));
    chart_->addSeries(capacity_);

    xAxis_ = new QBarCategoryAxis(chart_);
    yAxis_ = new QValueAxis(chart_);
    yAxis_->setLabelFormat(QStringLiteral("%.0f"));
    chart_->addAxis(xAxis_, Qt::AlignBottom);
    chart_->addAxis(yAxis_, Qt::AlignLeft);
    series_->attachAxis(xAxis_);
    series_->attachAxis(yAxis_);
    capacity_->attachAxis(yAxis_);
    // The capacity line spans the categories on a hidden numeric axis.
    auto* lineX = new QValueAxis(chart_);
    lineX->setVisible(false);
    chart_->addAxis(lineX, Qt::AlignBottom);
    capacity_->attachAxis(lineX);
    chart_->legend()->setAlignment(Qt::AlignBottom);

    view_ = new QChartView(chart_, this);
    view_->setRenderHint(QPainter::Antialiasing);
    caption_ = new QLabel(this);
    caption_->setTextFormat(Qt::PlainText);
    caption_->setWordWrap(true);
    caption_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view_, 1);
    layout->addWidget(caption_);

    applyTheme();
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
    return static_cast<int>(xAxis_->count());
}

QString TimelineView::momentLabel(int moment) const {
    return xAxis_->at(moment);
}

double TimelineView::value(Component component, int moment) const {
    const auto i = static_cast<std::size_t>(component);
    return i < sets_.size() ? sets_[i]->at(moment) : 0.0;
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
        QString label = momentText(e.moments[m].label);
        if (m == peak_)
            label = tr("▲ %1 (peak)").arg(label);
        categories << label;
    }
    if (categories != xAxis_->categories()) {
        xAxis_->clear();
        xAxis_->append(categories);
    }
    double top = 0;
    for (std::size_t c = 0; c < kAllocatedComponentCount; ++c) {
        QBarSet* set = sets_[c];
        if (set->count() != n) {
            set->remove(0, set->count());
            for (int m = 0; m < n; ++m)
                set->append(0.0);
        }
        for (int m = 0; m < n; ++m)
            set->replace(m, e.moments[m].resident[c].bytes / kGiB);
    }
    for (int m = 0; m < n; ++m)
        top = std::max(top, e.moments[m].allocated() / kGiB);

    capacity_->clear();
    if (e.has_capacity) {
        const double cap = (e.capacity - e.runtime_overhead) / kGiB;
        capacity_->append(0, cap);
        capacity_->append(1, cap);
        capacity_->setName(
            tr("capacity minus runtime overhead: %1")
                .arg(formatSize(e.capacity - e.runtime_overhead, UnitSystem::Binary)));
        top = std::max(top, cap);
    }
    capacity_->setVisible(e.has_capacity);
    const auto* lineX = chart_->axes(Qt::Horizontal, capacity_).value(0);
    if (auto* ax = qobject_cast<QValueAxis*>(const_cast<QAbstractAxis*>(lineX)))
        ax->setRange(0, 1);
    yAxis_->setRange(0, top > 0 ? top * 1.1 : 1.0);
    yAxis_->setTitleText(tr("GiB (2^30 bytes) allocated"));
    yAxis_->applyNiceNumbers();

    if (n > 0) {
        const Moment& p = e.moments[peak_];
        caption_->setText(
            tr("Peak allocated %1 at \"%2\" (%3). The main chart shows what is resident at "
               "that moment; the runtime overhead (%4) comes on top of every moment.")
                .arg(formatSizeBoth(p.allocated()), momentText(p.label), phaseText(p.phase),
                     formatSizeBoth(e.runtime_overhead)));
    }
}

void TimelineView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        applyTheme();
}

void TimelineView::applyTheme() {
    const QPalette pal = palette();
    const bool dark = pal.color(QPalette::Window).lightness() < 128;
    chart_->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart_->setBackgroundBrush(pal.brush(QPalette::Base));
    chart_->setBackgroundPen(Qt::NoPen);
    chart_->setTitleBrush(pal.brush(QPalette::Text));
    chart_->legend()->setLabelColor(pal.color(QPalette::Text));
    for (QAbstractAxis* axis : chart_->axes()) {
        axis->setLabelsBrush(pal.brush(QPalette::Text));
        axis->setTitleBrush(pal.brush(QPalette::Text));
        axis->setGridLineColor(pal.color(QPalette::Midlight));
    }
    QPen pen(pal.color(QPalette::Text), 2, Qt::DashLine);
    pen.setCosmetic(true);
    capacity_->setPen(pen);
    view_->setBackgroundBrush(pal.brush(QPalette::Base));
}

} // namespace memplan::gui
