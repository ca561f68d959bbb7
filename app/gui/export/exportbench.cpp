#include "export/exportbench.h"

#include "charts/comparechart.h"
#include "charts/sweepchart.h"
#include "document/plandocument.h"
#include "export/exportchart.h"
#include "export/exportdata.h"
#include "models/scenariomodel.h"
#include "models/sweepengine.h"

#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

namespace memplan::gui {

namespace {

struct Timing {
    double median = 0;
    double worst = 0;
};

Timing time(int repeats, const std::function<void()>& work) {
    work(); // warm caches (fonts, glyphs, allocations)
    std::vector<double> ms;
    for (int i = 0; i < repeats; ++i) {
        QElapsedTimer t;
        t.start();
        work();
        ms.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms.back()};
}

} // namespace

double runExportBench(const PresetLibrary& presets, int repeats) {
    repeats = std::max(3, repeats);
    QTemporaryDir dir;
    if (!dir.isValid()) {
        std::printf("export: no temporary directory, skipped\n");
        return 0;
    }
    Plan plan = PlanDocument::defaultPlan(presets);
    plan.training.micro_batch = 4;
    ScenarioModel model(presets);
    model.setBasePlan(plan);
    model.setScenarios(defaultRecipeScenarios(presets));

    CompareChart single;
    {
        ScenarioModel one(presets);
        one.setBasePlan(plan);
        one.addScenario({});
        single.setColumns({CompareColumn::fromScenario(one.scenario(0), presets)});
    }
    CompareChart compare;
    std::vector<CompareColumn> columns;
    for (const Scenario& s : model.scenarios())
        columns.push_back(CompareColumn::fromScenario(s, presets));
    compare.setColumns(columns);
    const SweepResult sweep = sweepScenarios(
        model.scenarios(), defaultSweepRange(SweepVariable::MicroBatch, plan), presets);
    SweepChart sweepChart;
    sweepChart.setResult(sweep);

    const UnitSystem units = UnitSystem::Binary;
    struct Figure {
        const char* name;
        QWidget* chart;
        FigureText text;
    };
    const Figure figures[] = {
        {"single", &single, singleFigureText(plan, presets, units)},
        {"compare", &compare, compareFigureText(plan, model.scenarios(), presets, units)},
        {"sweep", &sweepChart, sweepFigureText(plan, sweep, presets, units)},
    };
    std::printf("export timings at 1600x1000, 96 dpi, median / worst of %d runs (file written "
                "through QSaveFile "
                "or temp+rename):\n",
                repeats);
    double slowest = 0;
    bool failed = false;
    for (const Figure& f : figures) {
        ChartExportOptions options;
        options.size = QSize(1600, 1000);
        options.title = f.text.title;
        options.notes = f.text.notes;
        options.footer = f.text.footer;
        for (const char* suffix : {"png", "svg", "pdf"}) {
            const QString path = dir.filePath(
                QStringLiteral("%1.%2").arg(QLatin1String(f.name), QLatin1String(suffix)));
            QString error;
            const Timing t =
                time(repeats, [&] { error = ChartExporter(f.chart).exportTo(path, options); });
            failed = failed || !error.isEmpty();
            slowest = std::max(slowest, t.median);
            std::printf("  export %-7s chart %-3s  median %7.2f ms  worst %7.2f ms%s\n", f.name,
                        suffix, t.median, t.worst,
                        error.isEmpty() ? "" : qPrintable(QStringLiteral("  FAILED: ") + error));
        }
    }
    const std::vector<Scenario> scenarios = model.scenarios();
    for (const char* suffix : {"csv", "md", "json"}) {
        const QString path = dir.filePath(QStringLiteral("compare.%1").arg(QLatin1String(suffix)));
        QString error;
        const Timing t = time(repeats, [&] { error = exportScenarioData(path, scenarios, units); });
        failed = failed || !error.isEmpty();
        slowest = std::max(slowest, t.median);
        std::printf("  export compare data  %-4s median %7.2f ms  worst %7.2f ms\n", suffix,
                    t.median, t.worst);
    }
    for (const char* suffix : {"csv", "md", "json"}) {
        const QString path = dir.filePath(QStringLiteral("sweep.%1").arg(QLatin1String(suffix)));
        QString error;
        const Timing t =
            time(repeats, [&] { error = exportSweepData(path, sweep, presets, units); });
        failed = failed || !error.isEmpty();
        slowest = std::max(slowest, t.median);
        std::printf("  export sweep data    %-4s median %7.2f ms  worst %7.2f ms\n", suffix,
                    t.median, t.worst);
    }
    std::printf("export: slowest median %.2f ms (target < 100 ms at 1600x1000)%s\n", slowest,
                failed ? "; some exports FAILED" : "");
    return slowest;
}

} // namespace memplan::gui
