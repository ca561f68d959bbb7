#include "charts/comparechart.h"

#include "charts/chartstyle.h"

#include "document/planedits.h"
#include "unitformat.h"

#include "memplan/names.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScopedValueRollback>
#include <QStackedBarSeries>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace memplan::gui {

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
    : ChartWidget(parent) {
    QChart* qchart = chart();
    qchart->legend()->setAlignment(Qt::AlignBottom);
    qchart->legend()->setShowToolTips(true);

    series_ = new QStackedBarSeries(qchart);
    series_->setBarWidth(0.55);
    for (std::size_t i = 0; i < kComponentCount; ++i) {
        const auto c = static_cast<Component>(i);
        auto* set = new QBarSet(uiLabel(c), series_);
        sets_[i] = set;
        series_->append(set);
        connect(set, &QBarSet::hovered, this,
                [this, c](bool status, int index) { onHovered(c, status, index); });
    }
    qchart->addSeries(series_);

    std::tie(xAxis_, yAxis_) = addBarAxes({series_});

    // Fewer ticks on a short plot, so that no value label is elided.
    connect(qchart, &QChart::plotAreaChanged, this, &CompareChart::updateValueAxis);

    applyStyle(); // and rebuild()
}

CompareChart::~CompareChart() = default;

void CompareChart::setColumns(const std::vector<CompareColumn>& columns) {
    columns_ = columns;
    rebuild();
}

QString CompareChart::columnLabel(const CompareColumn& c) const {
    QString label = QStringLiteral("<b>%1</b>").arg(c.name.toHtmlEscaped());
    // The recipe under the name, unless the name already says it.
    if (!c.name.contains(c.recipe, Qt::CaseInsensitive))
        label += QStringLiteral("<br/>%1").arg(c.recipe.toHtmlEscaped());
    if (!c.ok)
        return label + QStringLiteral("<br/>") + tr("refused");
    label += QStringLiteral("<br/>") + formatSize(c.total, units());
    if (c.hasCapacity && !c.fits)
        label += QStringLiteral("<br/><span style=\"color:%1\">%2</span>")
                     .arg(chartstyle::warningColor(palette()).name(),
                          tr("over by %1").arg(formatSize(c.total - c.capacity, units())));
    return label;
}

void CompareChart::rebuild() {
    double topBytes = 0;
    for (const CompareColumn& c : columns_)
        topBytes = std::max({topBytes, c.total, c.hasCapacity ? c.capacity : 0.0});
    chooseValueUnit(topBytes, units());
    const double scale = valueScale(units());
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
    yAxis_->setTitleText(tr("Memory per GPU, %1").arg(valueUnitDescription(units())));

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
    fitValueAxis(yAxis_, top_);
}

void CompareChart::rebuildCapacity() {
    QChart* qchart = chart();
    const double scale = valueScale(units());
    for (QLineSeries* s : capacity_) {
        qchart->removeSeries(s);
        delete s;
    }
    capacity_.clear();
    std::map<double, QString> distinct; // capacity -> GPU name
    for (const CompareColumn& c : columns_)
        if (c.hasCapacity)
            distinct.emplace(c.capacity, c.gpuName);
    if (distinct.empty())
        return;
    const QPen pen = chartstyle::capacityPen(palette(), devicePixelRatioF());
    auto addLine = [&](double x0, double x1, double capacity, bool named) {
        auto* line = new QLineSeries(qchart);
        line->append(x0, capacity / scale);
        line->append(x1, capacity / scale);
        line->setPen(pen);
        const auto it = distinct.find(capacity);
        line->setName(
            distinct.size() == 1 || it->second.isEmpty()
                ? tr("GPU capacity (%1)").arg(formatSize(capacity, units()))
                : tr("GPU capacity, %1 (%2)").arg(it->second, formatSize(capacity, units())));
        qchart->addSeries(line);
        line->attachAxis(xAxis_);
        line->attachAxis(yAxis_);
        if (!named)
            for (QLegendMarker* m : qchart->legend()->markers(line))
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
    QToolTip::showText(QCursor::pos(), text, chartView());
    emit columnHovered(index, component, text);
}

void CompareChart::restyle(const QPalette& pal) {
    const bool dark = chartstyle::isDark(pal);
    for (std::size_t c = 0; c < kAllocatedComponentCount; ++c)
        sets_[c]->setBrush(chartstyle::componentColor(c, dark));
    // Runtime overhead is hatched, as in the per-GPU chart.
    chartstyle::styleOverhead(sets_[static_cast<std::size_t>(Component::RuntimeOverhead)], pal);
    rebuild(); // labels carry palette colours; capacity lines their pen
}

} // namespace memplan::gui
