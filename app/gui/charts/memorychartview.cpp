#include "charts/memorychartview.h"

#include "charts/axispolicy.h"
#include "charts/chartstyle.h"

#include "controls/textline.h"
#include "document/planedits.h"
#include "models/breakdownmodel.h"
#include "unitformat.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QLegend>
#include <QLineSeries>
#include <QPainter>
#include <QStackedBarSeries>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <tuple>

namespace memplan::gui {

MemoryChartView::MemoryChartView(QWidget* parent)
    : ChartWidget(parent) {
    QChart* qchart = chart();
    // No Qt Charts legend: the table beside the chart carries the component colours, and a
    // text line under the chart names the dashed line (a legend costs a text layout per marker
    // on every resize). Hidden before any series exists, so it never lays out a marker.
    qchart->legend()->hide();

    series_ = new QStackedBarSeries(qchart);
    series_->setBarWidth(0.5);
    for (std::size_t i = 0; i < kSegmentCount; ++i) {
        const auto seg = static_cast<Segment>(i);
        auto* set = new QBarSet(uiLabel(seg), series_);
        set->append(0.0);
        sets_[i] = set;
        series_->append(set);
        connect(set, &QBarSet::hovered, this,
                [this, seg](bool status, int) { onHovered(seg, status); });
    }
    qchart->addSeries(series_);

    capacity_ = new QLineSeries(qchart);
    capacity_->append(-0.5, 0.0);
    capacity_->append(0.5, 0.0);
    capacity_->setVisible(false);
    qchart->addSeries(capacity_);

    // The low-high band of the total as an error bar: caps at both ends joined by a stem.
    band_ = new QLineSeries(qchart);
    for (int i = 0; i < 6; ++i)
        band_->append(0.0, 0.0);
    band_->setVisible(false);
    qchart->addSeries(band_);

    std::tie(xAxis_, yAxis_) = addBarAxes({series_, capacity_, band_});
    xAxis_->append(tr("Per GPU"));

    // The title is a widget of its own, not the chart's: a chart title is re-measured on every
    // chart layout, and a text line costs nothing while the bars move.
    title_ = new TextLine(this);
    QFont titleFont = title_->font();
    titleFont.setBold(true);
    title_->setFont(titleFont);
    title_->setAutoFillBackground(true);
    title_->setBackgroundRole(QPalette::Base);
    title_->setContentsMargins(8, 0, 0, 0);
    chartLayout()->insertWidget(0, title_);
    key_ = new TextLine(this);
    key_->setAutoFillBackground(true);
    key_->setBackgroundRole(QPalette::Base);
    key_->setContentsMargins(8, 0, 0, 4);
    chartLayout()->addWidget(key_);

    applyStyle();
    updateUnits();
}

MemoryChartView::~MemoryChartView() = default;

void MemoryChartView::setModel(BreakdownModel* model) {
    if (model_ == model)
        return;
    if (model_)
        disconnect(model_, nullptr, this, nullptr);
    model_ = model;
    if (model_) {
        connect(model_, &QAbstractItemModel::dataChanged, this, &MemoryChartView::updateValues);
        connect(model_, &QAbstractItemModel::modelReset, this, &MemoryChartView::updateValues);
        connect(model_, &BreakdownModel::unitsChanged, this, &MemoryChartView::updateUnits);
        model_->setComponentBrushes(componentBrushes());
        model_->setSegmentBrushes(segmentBrushes());
    }
    updateUnits();
}

BreakdownModel* MemoryChartView::model() const {
    return model_;
}

void MemoryChartView::setCategoryLabel(const QString& label) {
    if (xAxis_->count() == 1 && xAxis_->at(0) == label)
        return;
    xAxis_->clear();
    xAxis_->append(label);
}

void MemoryChartView::setGreyed(bool greyed) {
    if (greyed == greyed_)
        return;
    greyed_ = greyed;
    chart()->setOpacity(greyed ? 0.3 : 1.0);
    title_->setEnabled(!greyed);
}

void MemoryChartView::setTitle(const QString& title) {
    title_->setText(title);
}

QString MemoryChartView::title() const {
    return title_->text();
}

void MemoryChartView::updateUnits() {
    const UnitSystem units = model_ ? model_->units() : UnitSystem::Binary;
    yAxis_->setTitleText(tr("%1 per GPU").arg(valueUnitDescription(units)));
    axisMax_ = -1; // force the range to be recomputed
    updateValues();
}

void MemoryChartView::rebuild() {
    updateUnits();
}

void MemoryChartView::updateValues() {
    if (!model_)
        return;
    const double cap0 = model_->hasCapacity() ? model_->capacity() : 0.0;
    if (chooseValueUnit(std::max({model_->total(), model_->totalHigh(), cap0}), model_->units())) {
        yAxis_->setTitleText(tr("%1 per GPU").arg(valueUnitDescription(model_->units())));
        axisMax_ = -1; // the range in the other unit
    }
    const double scale = valueScale(model_->units());
    for (std::size_t i = 0; i < kComponentCount; ++i) {
        const int row = model_->rowOf(static_cast<Component>(i));
        componentValues_[i] = row >= 0
                                  ? model_->data(model_->index(row, BreakdownModel::SizeColumn),
                                                 BreakdownModel::BytesRole)
                                            .toDouble() /
                                        scale
                                  : 0.0;
    }
    const auto segments = segmentBytes(model_->evaluation());
    for (std::size_t i = 0; i < kSegmentCount; ++i) {
        const double v = segments[i] / scale;
        if (sets_[i]->at(0) != v)
            sets_[i]->replace(0, v);
    }
    const bool hasCap = model_->hasCapacity();
    const double cap = hasCap ? model_->capacity() / scale : 0.0;
    if (capacity_->isVisible() != hasCap)
        capacity_->setVisible(hasCap);
    if (hasCap && capacity_->at(0).y() != cap) {
        capacity_->replace(0, QPointF(-0.5, cap));
        capacity_->replace(1, QPointF(0.5, cap));
    }
    const double low = model_->totalLow() / scale, high = model_->totalHigh() / scale;
    const bool hasBand = high > low;
    if (band_->isVisible() != hasBand)
        band_->setVisible(hasBand);
    if (hasBand && (band_->at(0).y() != low || band_->at(5).y() != high)) {
        constexpr double w = 0.08; // half the width of the error bar's caps, in bar units
        band_->replace(
            QList<QPointF>{{-w, low}, {w, low}, {0.0, low}, {0.0, high}, {-w, high}, {w, high}});
    }
    const QString range =
        hasBand ? tr("; error bar: the range %1 to %2")
                      .arg(formatSizeBoth(model_->totalLow()), formatSizeBoth(model_->totalHigh()))
                : QString();
    key_->setText((hasCap ? tr("Dashed line: the capacity of one GPU, %1")
                                .arg(formatSizeBoth(model_->capacity()))
                          : tr("No GPU chosen: no capacity line")) +
                  range);
    top_ = std::max(std::max(model_->total(), model_->totalHigh()) / scale, cap);
    fitAxis();
}

void MemoryChartView::fitAxis() {
    // Grow as soon as needed; shrink only once a drag has ended (AxisPolicy: no re-labelling
    // back and forth while a slider moves); locked, keep the range.
    const AxisPolicy* policy = AxisPolicy::instance();
    if (axisMax_ > 0 && policy->locked())
        return;
    // Headroom above the tallest thing; the range changes in steps, not on every value.
    const chartstyle::NiceAxis nice = chartstyle::niceAxis(top_ * 1.08);
    if (nice.max == axisMax_ || (axisMax_ > 0 && policy->held() && nice.max < axisMax_))
        return;
    axisMax_ = nice.max;
    yAxis_->setRange(0.0, nice.max);
    yAxis_->setTickCount(nice.ticks);
    yAxis_->setLabelFormat(QStringLiteral("%.%1f").arg(nice.decimals));
}

void MemoryChartView::refitValueAxes() {
    fitAxis();
}

double MemoryChartView::barValue(Component component) const {
    return componentValues_[static_cast<std::size_t>(component)];
}

double MemoryChartView::valueUnitBytes() const {
    return valueScale(model_ ? model_->units() : UnitSystem::Binary);
}

double MemoryChartView::segmentValue(Segment segment) const {
    return sets_[static_cast<std::size_t>(segment)]->at(0);
}

std::array<QBrush, kSegmentCount> MemoryChartView::segmentBrushes() const {
    std::array<QBrush, kSegmentCount> brushes;
    for (std::size_t i = 0; i < kSegmentCount; ++i)
        brushes[i] = sets_[i]->brush();
    return brushes;
}

bool MemoryChartView::hasCapacityLine() const {
    return capacity_->isVisible();
}

double MemoryChartView::capacityValue() const {
    return capacity_->at(0).y();
}

QString MemoryChartView::capacityKey() const {
    return key_->text();
}

std::array<QBrush, kComponentCount> MemoryChartView::componentBrushes() const {
    // A component's colour is that of the segment that keeps its name.
    std::array<QBrush, kComponentCount> brushes;
    for (std::size_t i = 0; i < kComponentCount; ++i)
        brushes[i] =
            sets_[static_cast<std::size_t>(segmentOf(static_cast<Component>(i), {}))]->brush();
    return brushes;
}

QPoint MemoryChartView::segmentCenter(Component component) const {
    // The middle of the segment that keeps the component's name.
    const Segment home = segmentOf(component, {});
    double below = 0;
    for (std::size_t i = 0; i < static_cast<std::size_t>(home); ++i)
        below += sets_[i]->at(0);
    const double mid = below + segmentValue(home) / 2;
    const QPointF scene = chart()->mapToScene(chart()->mapToPosition(QPointF(0, mid), series_));
    return chartView()->mapFromScene(scene);
}

void MemoryChartView::onHovered(Segment segment, bool entered) {
    if (!entered || !model_) {
        QToolTip::hideText();
        return;
    }
    const Component component = homeComponent(segment);
    QString text;
    if (segment == Segment::KvCache || segment == Segment::CudaGraphs ||
        segment == Segment::NonTorch)
        text = QStringLiteral("<b>%1</b>: %2")
                   .arg(uiLabel(segment).toHtmlEscaped(),
                        formatSizeBoth(
                            segmentBytes(model_->evaluation())[static_cast<std::size_t>(segment)]));
    else
        text = model_->componentToolTip(component);
    QToolTip::showText(QCursor::pos(), text, chartView());
    emit segmentHovered(component, text);
}

void MemoryChartView::restyle(const QPalette& pal) {
    // The components take the one chart style's colours; segments carved out of a component
    // get colours of their own: the KV cache teal, CUDA graphs violet, non-torch memory
    // grey-blue.
    const bool dark = pal.color(QPalette::Window).lightness() < 128;
    const auto own = [&](Segment seg, QColor c) {
        QBarSet* set = sets_[static_cast<std::size_t>(seg)];
        set->setBrush(dark ? c.lighter(130) : c);
        set->setBorderColor(pal.color(QPalette::Base));
    };
    own(Segment::KvCache, QColor(0x00, 0x89, 0x7b));
    own(Segment::CudaGraphs, QColor(0x8e, 0x44, 0xad));
    own(Segment::NonTorch, QColor(0x5d, 0x6d, 0x7e));
    for (Segment seg : {Segment::Weights, Segment::Gradients, Segment::OptimizerStates,
                        Segment::Activations, Segment::Other}) {
        QBarSet* set = sets_[static_cast<std::size_t>(seg)];
        set->setBrush(
            chartstyle::componentColor(static_cast<std::size_t>(homeComponent(seg)), dark));
        set->setBorderColor(pal.color(QPalette::Base));
    }
    chartstyle::styleOverhead(sets_[static_cast<std::size_t>(Segment::RuntimeOverhead)], pal);
    capacity_->setPen(chartstyle::capacityPen(pal, devicePixelRatioF()));
    band_->setPen(chartstyle::bandPen(pal, devicePixelRatioF()));
    if (model_) {
        model_->setSegmentBrushes(segmentBrushes());
        model_->setComponentBrushes(componentBrushes());
    }
    emit componentBrushesChanged();
}

} // namespace memplan::gui
