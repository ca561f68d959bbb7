#include "charts/chartwidget.h"

#include "charts/axispolicy.h"
#include "charts/chartstyle.h"

#include <QBarCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QPainter>
#include <QVBoxLayout>
#include <QValueAxis>

namespace memplan::gui {

ChartWidget::ChartWidget(QWidget* parent)
    : QWidget(parent) {
    chart_ = new QChart();
    chart_->setAnimationOptions(QChart::NoAnimation);
    chart_->setMargins(QMargins(4, 4, 4, 4));
    view_ = new QChartView(chart_, this);
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setFrameShape(QFrame::NoFrame);
    view_->setFocusPolicy(Qt::NoFocus);
    layout_ = new QVBoxLayout(this);
    layout_->setContentsMargins(0, 0, 0, 0);
    layout_->setSpacing(0);
    layout_->addWidget(view_, 1);
    setMinimumSize(320, 260);
    connect(AxisPolicy::instance(), &AxisPolicy::released, this, &ChartWidget::refitValueAxes);
    connect(AxisPolicy::instance(), &AxisPolicy::released, this, [this] {
        if (unitChosen_ && axisPower(unitTopBytes_, unitUnits_) != power_)
            rebuild(); // back to GiB after a drag, or to the unit the values need after a lock
    });
}

ChartWidget::~ChartWidget() = default;

QWidget* ChartWidget::viewport() const {
    return view_->viewport();
}

void ChartWidget::setUnits(UnitSystem units) {
    if (units == units_)
        return;
    units_ = units;
    rebuild();
}

void ChartWidget::rebuild() {}

void ChartWidget::setTitle(const QString& title) {
    if (chart_->title() != title)
        chart_->setTitle(title);
}

QString ChartWidget::title() const {
    return chart_->title();
}

QValueAxis* ChartWidget::valueAxis() const {
    for (QAbstractAxis* axis : chart_->axes(Qt::Vertical))
        if (auto* v = qobject_cast<QValueAxis*>(axis))
            return v;
    return nullptr;
}

double ChartWidget::axisMaximum() const {
    const QValueAxis* axis = valueAxis();
    return axis ? axis->max() : 0.0;
}

double ChartWidget::axisMaximumBytes() const {
    return axisMaximum() * axisScale(power_, unitUnits_);
}

int ChartWidget::axisTickCount() const {
    const QValueAxis* axis = valueAxis();
    return axis ? axis->tickCount() : 0;
}

QString ChartWidget::axisTitle(Qt::Orientation orientation) const {
    for (const QAbstractAxis* axis : chart_->axes(orientation))
        if (axis->isVisible())
            return axis->titleText();
    return {};
}

QString ChartWidget::xAxisTitle() const {
    return axisTitle(Qt::Horizontal);
}

QString ChartWidget::yAxisTitle() const {
    return axisTitle(Qt::Vertical);
}

QColor ChartWidget::background() const {
    const QBrush brush = chart_->backgroundBrush();
    return brush.style() == Qt::NoBrush ? palette().color(QPalette::Base) : brush.color();
}

QImage ChartWidget::render() const {
    QImage image(view_->viewport()->size() * devicePixelRatioF(),
                 QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(devicePixelRatioF());
    image.fill(palette().color(QPalette::Base));
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    view_->render(&painter);
    return image;
}

void ChartWidget::paintChart(QPainter* painter, const QRectF& target) const {
    // The chart lays out its axes, legend and series on LayoutRequest: settle it now, at the
    // export's size and again at its own.
    auto layOut = [this](QSizeF size) {
        chart_->resize(size);
        if (QGraphicsLayout* l = chart_->layout())
            l->activate();
    };
    const QSizeF own = chart_->size();
    layOut(target.size());
    if (QGraphicsScene* scene = chart_->scene())
        scene->render(painter, target, QRectF(chart_->pos(), target.size()), Qt::IgnoreAspectRatio);
    layOut(own);
}

void ChartWidget::applyStyle() {
    applyingStyle_ = true;
    fits_.clear(); // the labels' font may have changed: fit the axes again
    const QPalette pal = palette();
    chartstyle::applyPalette(chart_, pal, font());
    view_->setBackgroundBrush(pal.brush(QPalette::Base));
    restyle(pal);
    applyingStyle_ = false;
}

void ChartWidget::restyle(const QPalette&) {}

std::pair<QBarCategoryAxis*, QValueAxis*>
ChartWidget::addBarAxes(std::initializer_list<QAbstractSeries*> series) {
    auto* x = new QBarCategoryAxis(chart_);
    auto* y = new QValueAxis(chart_);
    x->setGridLineVisible(false);
    y->setMinorTickCount(0);
    chart_->addAxis(x, Qt::AlignBottom);
    chart_->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries* s : series) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    return {x, y};
}

void ChartWidget::fitValueAxis(QValueAxis* axis, double top) {
    // The tick count follows the plot's height, and the plot's height follows the axis (its
    // labels' width moves the category labels, the legend, the markers): refitting on every
    // plotAreaChanged the axis itself causes ping-pongs between two tick counts, and a range
    // set from inside a layout re-enters here. So an axis is fitted once per chart size and
    // top value, and never from inside its own fit.
    if (fitting_)
        return;
    const QSizeF size = chart_->size();
    const double height = chart_->plotArea().height();
    FitInputs& last = fits_[axis];
    const bool fitted = last.top >= 0;
    const AxisPolicy* policy = AxisPolicy::instance();
    if (fitted && policy->locked()) // frozen; what it was fitted for stays, for the unlock
        return;
    if (last.size == size && last.top == top && last.laidOut == (height > 0))
        return;
    last = {size, top, height > 0};
    const int maxTicks = height > 0 ? chartstyle::maxTicksFor(height, axis->labelsFont()) : 11;
    const chartstyle::NiceAxis nice = chartstyle::niceAxis(top * 1.08, maxTicks);
    if (fitted && policy->held() && nice.max < axis->max())
        return; // no shrinking in the middle of a drag (released() fits it again)
    fitting_ = true;
    if (axis->max() != nice.max || axis->min() != 0.0)
        axis->setRange(0.0, nice.max);
    if (axis->tickCount() != nice.ticks)
        axis->setTickCount(nice.ticks);
    const QString format = QStringLiteral("%.%1f").arg(nice.decimals);
    if (axis->labelFormat() != format)
        axis->setLabelFormat(format);
    fitting_ = false;
}

void ChartWidget::refitValueAxes() {
    for (auto& [axis, last] : fits_) {
        const double top = last.top;
        if (top < 0)
            continue;
        last = FitInputs{}; // forget what it was fitted for: fit it now
        last.top = top;
        last.size = QSizeF(-1, -1);
        fitValueAxis(axis, top);
    }
}

bool ChartWidget::chooseValueUnit(double topBytes, UnitSystem units) {
    const AxisPolicy* policy = AxisPolicy::instance();
    unitTopBytes_ = topBytes;
    const bool unitsChanged = units != unitUnits_;
    unitUnits_ = units;
    if (unitChosen_ && !unitsChanged && policy->locked())
        return false;
    const int power = axisPower(topBytes, units);
    if (unitChosen_ && !unitsChanged && policy->held() && power < power_)
        return false; // no shrinking to a smaller unit in the middle of a drag
    unitChosen_ = true;
    const bool changed = power != power_;
    power_ = power;
    if (changed)
        fits_.clear(); // a range in the other unit: fit afresh (a hold keeps no old range)
    return changed;
}

void ChartWidget::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (!applyingStyle_ &&
        (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange))
        applyStyle();
}

} // namespace memplan::gui
