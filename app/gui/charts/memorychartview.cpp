#include "charts/memorychartview.h"

#include "controls/textline.h"
#include "document/planedits.h"
#include "models/breakdownmodel.h"
#include "unitformat.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QEvent>
#include <QLegend>
#include <QLineSeries>
#include <QPainter>
#include <QStackedBarSeries>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace memplan::gui {

namespace {
// The smallest "nice" axis maximum (1, 2, 2.5, 5 x 10^k steps, at most 10 ticks) >= value.
struct NiceAxis {
    double max;
    int ticks;
    int decimals;
};

NiceAxis niceAxis(double value) {
    if (!(value > 0) || !std::isfinite(value))
        return {1.0, 5, 1};
    static constexpr double steps[] = {1.0, 2.0, 2.5, 5.0};
    const double raw = value / 8;
    double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (int guard = 0; guard < 4; ++guard, magnitude *= 10) {
        for (double s : steps) {
            const double step = s * magnitude;
            const double max = std::ceil(value / step - 1e-9) * step;
            const int ticks = static_cast<int>(std::lround(max / step)) + 1;
            if (ticks <= 11) {
                const int decimals = std::max(
                    0, -static_cast<int>(std::floor(std::log10(step) + 1e-9)) + (s == 2.5 ? 1 : 0));
                return {max, ticks, decimals};
            }
        }
    }
    return {value, 2, 1};
}
} // namespace

MemoryChartView::MemoryChartView(QWidget* parent)
    : QWidget(parent) {
    chart_ = new QChart();
    // No Qt Charts legend: the table beside the chart carries the component colours, and a
    // text line under the chart names the dashed line (a legend costs a text layout per marker
    // on every resize). Hidden before any series exists, so it never lays out a marker.
    chart_->legend()->hide();
    chart_->setAnimationOptions(QChart::NoAnimation);
    chart_->setBackgroundRoundness(0);
    chart_->setMargins(QMargins(4, 4, 4, 4));

    series_ = new QStackedBarSeries(chart_);
    series_->setBarWidth(0.5);
    for (std::size_t i = 0; i < kComponentCount; ++i) {
        const auto c = static_cast<Component>(i);
        auto* set = new QBarSet(uiLabel(c), series_);
        set->append(0.0);
        sets_[i] = set;
        series_->append(set);
        connect(set, &QBarSet::hovered, this,
                [this, c](bool status, int) { onHovered(c, status); });
    }
    chart_->addSeries(series_);

    capacity_ = new QLineSeries(chart_);
    capacity_->append(-0.5, 0.0);
    capacity_->append(0.5, 0.0);
    capacity_->setVisible(false);
    chart_->addSeries(capacity_);

    // The low-high band of the total as an error bar: caps at both ends joined by a stem.
    band_ = new QLineSeries(chart_);
    for (int i = 0; i < 6; ++i)
        band_->append(0.0, 0.0);
    band_->setVisible(false);
    chart_->addSeries(band_);

    xAxis_ = new QBarCategoryAxis(chart_);
    xAxis_->append(tr("Per GPU"));
    xAxis_->setGridLineVisible(false);
    yAxis_ = new QValueAxis(chart_);
    yAxis_->setMinorTickCount(0);
    chart_->addAxis(xAxis_, Qt::AlignBottom);
    chart_->addAxis(yAxis_, Qt::AlignLeft);
    for (auto* s :
         {static_cast<QAbstractSeries*>(series_), static_cast<QAbstractSeries*>(capacity_),
          static_cast<QAbstractSeries*>(band_)}) {
        s->attachAxis(xAxis_);
        s->attachAxis(yAxis_);
    }

    view_ = new QChartView(chart_, this);
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setFrameShape(QFrame::NoFrame);
    view_->setFocusPolicy(Qt::NoFocus);
    // The title is a widget of its own, not the chart's: a chart title is re-measured on every
    // chart layout, and a text line costs nothing while the bars move.
    title_ = new TextLine(this);
    QFont titleFont = title_->font();
    titleFont.setBold(true);
    title_->setFont(titleFont);
    title_->setAutoFillBackground(true);
    title_->setBackgroundRole(QPalette::Base);
    title_->setContentsMargins(8, 0, 0, 0);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(title_);
    layout->addWidget(view_);
    key_ = new TextLine(this);
    key_->setAutoFillBackground(true);
    key_->setBackgroundRole(QPalette::Base);
    key_->setContentsMargins(8, 0, 0, 4);
    layout->addWidget(key_);
    setMinimumSize(320, 260);

    applyTheme();
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
    chart_->setOpacity(greyed ? 0.3 : 1.0);
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
    yAxis_->setTitleText(tr("%1 per GPU").arg(unitDescription(units)));
    axisMax_ = -1; // force the range to be recomputed
    updateValues();
}

void MemoryChartView::updateValues() {
    if (!model_)
        return;
    const double scale = unitScale(model_->units());
    for (std::size_t i = 0; i < kComponentCount; ++i) {
        const int row = model_->rowOf(static_cast<Component>(i));
        const double bytes = row >= 0 ? model_
                                            ->data(model_->index(row, BreakdownModel::SizeColumn),
                                                   BreakdownModel::BytesRole)
                                            .toDouble()
                                      : 0.0;
        const double v = bytes / scale;
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
    const double top = std::max(std::max(model_->total(), model_->totalHigh()) / scale, cap);
    // Grow as soon as needed, shrink only when most of the axis is empty: dragging back and
    // forth over a boundary does not re-label the axis on every step.
    if (top > axisMax_ || top < axisMax_ * 0.4 || axisMax_ <= 0) {
        // Headroom above the tallest thing; the range changes in steps, not on every value.
        const NiceAxis nice = niceAxis(top * 1.08);
        if (nice.max != axisMax_) {
            axisMax_ = nice.max;
            yAxis_->setRange(0.0, nice.max);
            yAxis_->setTickCount(nice.ticks);
            yAxis_->setLabelFormat(QStringLiteral("%.%1f").arg(nice.decimals));
        }
    }
}

double MemoryChartView::barValue(Component component) const {
    return sets_[static_cast<std::size_t>(component)]->at(0);
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

double MemoryChartView::axisMaximum() const {
    return yAxis_->max();
}

int MemoryChartView::axisTickCount() const {
    return yAxis_->tickCount();
}

std::array<QBrush, kComponentCount> MemoryChartView::componentBrushes() const {
    std::array<QBrush, kComponentCount> brushes;
    for (std::size_t i = 0; i < kComponentCount; ++i)
        brushes[i] = sets_[i]->brush();
    return brushes;
}

QPoint MemoryChartView::segmentCenter(Component component) const {
    double below = 0;
    for (std::size_t i = 0; i < static_cast<std::size_t>(component); ++i)
        below += sets_[i]->at(0);
    const double mid = below + barValue(component) / 2;
    const QPointF scene = chart_->mapToScene(chart_->mapToPosition(QPointF(0, mid), series_));
    return view_->mapFromScene(scene);
}

QWidget* MemoryChartView::viewport() const {
    return view_->viewport();
}

QImage MemoryChartView::render() const {
    QImage image(view_->viewport()->size() * devicePixelRatioF(),
                 QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(devicePixelRatioF());
    image.fill(palette().color(QPalette::Base));
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    view_->render(&painter);
    return image;
}

void MemoryChartView::onHovered(Component component, bool entered) {
    if (!entered || !model_) {
        QToolTip::hideText();
        return;
    }
    const QString text = model_->componentToolTip(component);
    QToolTip::showText(QCursor::pos(), text, view_);
    emit segmentHovered(component, text);
}

void MemoryChartView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (!applyingTheme_ &&
        (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange))
        applyTheme();
}

void MemoryChartView::applyTheme() {
    applyingTheme_ = true;
    const QPalette pal = palette();
    const bool dark = pal.color(QPalette::Window).lightness() < 128;
    const QChart::ChartTheme theme = dark ? QChart::ChartThemeDark : QChart::ChartThemeLight;
    if (chart_->theme() != theme) // a new chart starts light: nothing to redo then
        chart_->setTheme(theme);
    chart_->setBackgroundBrush(pal.brush(QPalette::Base));
    chart_->setBackgroundPen(Qt::NoPen);
    chart_->setBackgroundRoundness(0);
    const QFont font = this->font();
    for (QAbstractAxis* axis :
         {static_cast<QAbstractAxis*>(xAxis_), static_cast<QAbstractAxis*>(yAxis_)}) {
        axis->setLabelsBrush(pal.brush(QPalette::Text));
        axis->setLabelsFont(font);
        axis->setTitleBrush(pal.brush(QPalette::Text));
        axis->setTitleFont(font);
        axis->setLinePenColor(pal.color(QPalette::Mid));
        axis->setGridLineColor(pal.color(QPalette::Midlight));
    }
    // Runtime overhead is not the program's own memory: draw it in the palette's neutral tone.
    // Hatched, so it reads as "not the program's tensors" in any theme.
    QBarSet* overhead = sets_[static_cast<std::size_t>(Component::RuntimeOverhead)];
    overhead->setBrush(QBrush(pal.color(QPalette::Text), Qt::BDiagPattern));
    overhead->setBorderColor(pal.color(QPalette::Text));
    QPen pen(pal.color(QPalette::Text), 2, Qt::DashLine);
    pen.setCosmetic(true);
    capacity_->setPen(pen);
    QPen bandPen(pal.color(QPalette::Text), 2, Qt::SolidLine);
    bandPen.setCosmetic(true);
    band_->setPen(bandPen);
    view_->setBackgroundBrush(pal.brush(QPalette::Base));
    if (model_)
        model_->setComponentBrushes(componentBrushes());
    emit componentBrushesChanged();
    applyingTheme_ = false;
}

} // namespace memplan::gui
