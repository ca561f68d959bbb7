#include "charts/comparechart.h"

#include "document/planedits.h"
#include "unitformat.h"

#include "memplan/names.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QEvent>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScopedValueRollback>
#include <QStackedBarSeries>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <map>

namespace memplan::gui {

namespace chartstyle {

NiceAxis niceAxis(double value, int maxTicks) {
    maxTicks = std::clamp(maxTicks, 2, 11);
    if (!(value > 0) || !std::isfinite(value))
        return {1.0, std::min(5, maxTicks), 1};
    static constexpr double steps[] = {1.0, 2.0, 2.5, 5.0};
    const double raw = value / 8;
    double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (int guard = 0; guard < 4; ++guard, magnitude *= 10) {
        for (double s : steps) {
            const double step = s * magnitude;
            const double max = std::ceil(value / step - 1e-9) * step;
            const int ticks = static_cast<int>(std::lround(max / step)) + 1;
            if (ticks <= maxTicks) {
                const int decimals = std::max(
                    0, -static_cast<int>(std::floor(std::log10(step) + 1e-9)) + (s == 2.5 ? 1 : 0));
                return {max, ticks, decimals};
            }
        }
    }
    return {value, 2, 1};
}

int maxTicksFor(double length, const QFont& font) {
    // Qt Charts elides a label taller than its share of the axis: leave room for two lines.
    const double perTick = QFontMetricsF(font).height() * 2.0;
    return std::clamp(static_cast<int>(length / perTick) + 1, 2, 11);
}

void applyPalette(QChart* chart, const QPalette& pal, const QFont& font) {
    const bool dark = pal.color(QPalette::Window).lightness() < 128;
    chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundBrush(pal.brush(QPalette::Base));
    chart->setBackgroundPen(Qt::NoPen);
    chart->setBackgroundRoundness(0);
    chart->setTitleBrush(pal.brush(QPalette::Text));
    QFont titleFont = font;
    titleFont.setBold(true);
    chart->setTitleFont(titleFont);
    chart->legend()->setLabelColor(pal.color(QPalette::Text));
    chart->legend()->setFont(font);
    for (QAbstractAxis* axis : chart->axes()) {
        axis->setLabelsBrush(pal.brush(QPalette::Text));
        axis->setLabelsFont(font);
        axis->setTitleBrush(pal.brush(QPalette::Text));
        axis->setTitleFont(font);
        axis->setLinePenColor(pal.color(QPalette::Mid));
        axis->setGridLineColor(pal.color(dark ? QPalette::Light : QPalette::Midlight));
    }
}

QPen capacityPen(const QPalette& pal) {
    QPen pen(pal.color(QPalette::Text), 2, Qt::DashLine);
    pen.setCosmetic(true);
    return pen;
}

QColor warningColor(const QPalette& pal) {
    return pal.color(QPalette::Base).lightness() < 128 ? QColor(0xff, 0x7b, 0x72)
                                                       : QColor(0xc6, 0x28, 0x28);
}

} // namespace chartstyle

CompareColumn CompareColumn::fromScenario(const Scenario& s, const PresetLibrary& presets) {
    CompareColumn c;
    c.name = s.name;
    c.recipe = uiLabel(s.plan.training.precision);
    const Evaluation& e = s.evaluation;
    c.ok = e.ok;
    for (std::size_t i = 0; i < kComponentCount; ++i)
        c.bytes[i] = e.ok ? e.per_gpu[i].bytes : 0.0;
    c.total = e.ok ? e.total : 0.0;
    c.hasCapacity = e.ok && e.has_capacity;
    c.capacity = e.capacity;
    c.fits = e.fits;
    if (const GpuPreset* g = presets.findGpu(s.plan.hardware.gpu))
        c.gpuName = QString::fromStdString(g->name);
    return c;
}

CompareChart::CompareChart(QWidget* parent)
    : QWidget(parent) {
    chart_ = new QChart();
    chart_->setAnimationOptions(QChart::NoAnimation);
    chart_->setMargins(QMargins(4, 4, 4, 4));
    chart_->legend()->setAlignment(Qt::AlignBottom);
    chart_->legend()->setShowToolTips(true);

    series_ = new QStackedBarSeries(chart_);
    series_->setBarWidth(0.55);
    for (std::size_t i = 0; i < kComponentCount; ++i) {
        const auto c = static_cast<Component>(i);
        auto* set = new QBarSet(uiLabel(c), series_);
        sets_[i] = set;
        series_->append(set);
        connect(set, &QBarSet::hovered, this,
                [this, c](bool status, int index) { onHovered(c, status, index); });
    }
    chart_->addSeries(series_);

    xAxis_ = new QBarCategoryAxis(chart_);
    xAxis_->setGridLineVisible(false);
    yAxis_ = new QValueAxis(chart_);
    yAxis_->setMinorTickCount(0);
    chart_->addAxis(xAxis_, Qt::AlignBottom);
    chart_->addAxis(yAxis_, Qt::AlignLeft);
    series_->attachAxis(xAxis_);
    series_->attachAxis(yAxis_);

    view_ = new QChartView(chart_, this);
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setFrameShape(QFrame::NoFrame);
    view_->setFocusPolicy(Qt::NoFocus);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view_);
    setMinimumSize(320, 260);
    // Fewer ticks on a short plot, so that no value label is elided.
    connect(chart_, &QChart::plotAreaChanged, this, &CompareChart::updateValueAxis);

    applyTheme();
    rebuild();
}

CompareChart::~CompareChart() = default;

void CompareChart::setColumns(const std::vector<CompareColumn>& columns) {
    columns_ = columns;
    rebuild();
}

void CompareChart::setUnits(UnitSystem units) {
    if (units == units_)
        return;
    units_ = units;
    rebuild();
}

void CompareChart::setTitle(const QString& title) {
    if (chart_->title() != title)
        chart_->setTitle(title);
}

QString CompareChart::columnLabel(const CompareColumn& c) const {
    QString label = QStringLiteral("<b>%1</b>").arg(c.name.toHtmlEscaped());
    // The recipe under the name, unless the name already says it.
    if (!c.name.contains(c.recipe, Qt::CaseInsensitive))
        label += QStringLiteral("<br/>%1").arg(c.recipe.toHtmlEscaped());
    if (!c.ok)
        return label + QStringLiteral("<br/>") + tr("refused");
    label += QStringLiteral("<br/>") + formatSize(c.total, units_);
    if (c.hasCapacity && !c.fits)
        label += QStringLiteral("<br/><span style=\"color:%1\">%2</span>")
                     .arg(chartstyle::warningColor(palette()).name(),
                          tr("over by %1").arg(formatSize(c.total - c.capacity, units_)));
    return label;
}

void CompareChart::rebuild() {
    const double scale = unitScale(units_);
    const auto n = static_cast<int>(columns_.size());
    for (std::size_t i = 0; i < kComponentCount; ++i) {
        QBarSet* set = sets_[i];
        if (set->count() != n) {
            set->remove(0, set->count());
            QList<qreal> values;
            for (const CompareColumn& c : columns_)
                values << c.bytes[i] / scale;
            set->append(values);
        } else {
            for (int k = 0; k < n; ++k) {
                const double v = columns_[static_cast<std::size_t>(k)].bytes[i] / scale;
                if (set->at(k) != v)
                    set->replace(k, v);
            }
        }
    }
    // Category labels must be unique on the axis: equal labels get invisible suffixes.
    QStringList labels;
    for (const CompareColumn& c : columns_) {
        QString label = columnLabel(c);
        while (labels.contains(label))
            label += QChar(0x200B);
        labels << label;
    }
    if (xAxis_->categories() != labels) {
        xAxis_->clear();
        xAxis_->append(labels);
    }
    yAxis_->setTitleText(tr("Memory per GPU, %1").arg(unitDescription(units_)));

    rebuildCapacity();

    top_ = 0;
    for (const CompareColumn& c : columns_)
        top_ = std::max({top_, c.total / scale, c.hasCapacity ? c.capacity / scale : 0.0});
    updateValueAxis();
}

void CompareChart::updateValueAxis() {
    if (inAxisUpdate_) // the change below may lay the chart out again
        return;
    const QScopedValueRollback<bool> guard(inAxisUpdate_, true);
    const double height = chart_->plotArea().height();
    const int maxTicks = height > 0 ? chartstyle::maxTicksFor(height, yAxis_->labelsFont()) : 11;
    const chartstyle::NiceAxis nice = chartstyle::niceAxis(top_ * 1.08, maxTicks);
    if (yAxis_->max() != nice.max || yAxis_->min() != 0.0)
        yAxis_->setRange(0.0, nice.max);
    if (yAxis_->tickCount() != nice.ticks)
        yAxis_->setTickCount(nice.ticks);
    const QString format = QStringLiteral("%.%1f").arg(nice.decimals);
    if (yAxis_->labelFormat() != format)
        yAxis_->setLabelFormat(format);
}

void CompareChart::rebuildCapacity() {
    const double scale = unitScale(units_);
    for (QLineSeries* s : capacity_) {
        chart_->removeSeries(s);
        delete s;
    }
    capacity_.clear();
    std::map<double, QString> distinct; // capacity -> GPU name
    for (const CompareColumn& c : columns_)
        if (c.hasCapacity)
            distinct.emplace(c.capacity, c.gpuName);
    if (distinct.empty())
        return;
    const QPen pen = chartstyle::capacityPen(palette());
    auto addLine = [&](double x0, double x1, double capacity, bool named) {
        auto* line = new QLineSeries(chart_);
        line->append(x0, capacity / scale);
        line->append(x1, capacity / scale);
        line->setPen(pen);
        const auto it = distinct.find(capacity);
        line->setName(
            distinct.size() == 1 || it->second.isEmpty()
                ? tr("GPU capacity (%1)").arg(formatSize(capacity, units_))
                : tr("GPU capacity, %1 (%2)").arg(it->second, formatSize(capacity, units_)));
        chart_->addSeries(line);
        line->attachAxis(xAxis_);
        line->attachAxis(yAxis_);
        if (!named)
            for (QLegendMarker* m : chart_->legend()->markers(line))
                m->setVisible(false);
        capacity_.push_back(line);
    };
    const auto n = static_cast<double>(columns_.size());
    if (distinct.size() == 1 && std::all_of(columns_.begin(), columns_.end(),
                                            [](const CompareColumn& c) { return c.hasCapacity; })) {
        addLine(-0.5, n - 0.5, distinct.begin()->first, true); // one line across all columns
        return;
    }
    std::map<double, bool> named;
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        const CompareColumn& c = columns_[i];
        if (!c.hasCapacity)
            continue;
        const auto x = static_cast<double>(i);
        addLine(x - 0.45, x + 0.45, c.capacity, !named[c.capacity]);
        named[c.capacity] = true;
    }
}

QStringList CompareChart::categoryLabels() const {
    return xAxis_->categories();
}

double CompareChart::barValue(int column, Component component) const {
    const QBarSet* set = sets_[static_cast<std::size_t>(component)];
    return column >= 0 && column < set->count() ? set->at(column) : 0.0;
}

std::vector<double> CompareChart::capacityValues() const {
    std::vector<double> out;
    for (const QLineSeries* s : capacity_)
        out.push_back(s->at(0).y());
    return out;
}

double CompareChart::axisMaximum() const {
    return yAxis_->max();
}

QColor CompareChart::componentColor(Component component) const {
    return sets_[static_cast<std::size_t>(component)]->color();
}

void CompareChart::onHovered(Component component, bool entered, int index) {
    if (!entered || index < 0 || index >= columnCount()) {
        QToolTip::hideText();
        return;
    }
    const CompareColumn& c = columns_[static_cast<std::size_t>(index)];
    const QString text = tr("%1 \u2014 %2: %3\nTotal per GPU: %4")
                             .arg(c.name, uiLabel(component),
                                  formatSizeBoth(c.bytes[static_cast<std::size_t>(component)]),
                                  formatSizeBoth(c.total));
    QToolTip::showText(QCursor::pos(), text, view_);
    emit columnHovered(index, component, text);
}

void CompareChart::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (!applyingTheme_ &&
        (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange))
        applyTheme();
}

void CompareChart::applyTheme() {
    applyingTheme_ = true;
    const QPalette pal = palette();
    chartstyle::applyPalette(chart_, pal, font());
    // Runtime overhead is not the program's own memory: hatched in the text colour, as in the
    // per-GPU chart.
    QBarSet* overhead = sets_[static_cast<std::size_t>(Component::RuntimeOverhead)];
    overhead->setBrush(QBrush(pal.color(QPalette::Text), Qt::BDiagPattern));
    overhead->setBorderColor(pal.color(QPalette::Text));
    view_->setBackgroundBrush(pal.brush(QPalette::Base));
    rebuild(); // labels carry palette colours; capacity lines their pen
    applyingTheme_ = false;
}

} // namespace memplan::gui
