#include "charts/minimalchart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QStackedBarSeries>
#include <QValueAxis>

namespace memplan::gui {

QWidget* createMinimalChartWindow() {
    auto* chart = new QChart();
    auto* series = new QStackedBarSeries(chart);
    for (int i = 0; i < 6; ++i) {
        auto* set = new QBarSet(QStringLiteral("Series %1").arg(i + 1), series);
        set->append(1.0 + i);
        series->append(set);
    }
    chart->addSeries(series);
    auto* x = new QBarCategoryAxis(chart);
    x->append(QStringLiteral("GPU"));
    auto* y = new QValueAxis(chart);
    y->setRange(0, 25);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    auto* view = new QChartView(chart);
    view->setRenderHint(QPainter::Antialiasing);
    return view;
}

} // namespace memplan::gui
