#include "export/exportcli.h"

#include "charts/comparechart.h"
#include "charts/sweepchart.h"
#include "document/plandocument.h"
#include "export/exportchart.h"
#include "export/exportdata.h"
#include "models/scenariomodel.h"
#include "models/sweepengine.h"

#include "memplan/json_reader.h"
#include "memplan/model.h"
#include "memplan/names.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QRegularExpression>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

namespace memplan::gui {

namespace {

// ExportCli::tr() for this file: lupdate files the strings under the class named at the call
// (ExportCli::tr), the same context the catalogue is looked up in at run time.
class ExportCli {
    Q_DECLARE_TR_FUNCTIONS(memplan::gui::ExportCli)
};

const char* const kExportArgs[] = {"--export-chart", "--export-data"};

} // namespace

bool exportRequested(int argc, char** argv) {
    for (int i = 1; i < argc; ++i)
        for (const char* name : kExportArgs) {
            const std::size_t len = std::strlen(name);
            if (std::strncmp(argv[i], name, len) == 0 &&
                (argv[i][len] == '\0' || argv[i][len] == '='))
                return true;
        }
    return false;
}

void addExportOptions(QCommandLineParser& parser) {
    parser.addOption(
        {QStringLiteral("export-chart"),
         ExportCli::tr("Write the chart headless to <file>; the format follows the suffix (.png, "
                       ".svg, .pdf)."),
         QStringLiteral("file")});
    parser.addOption(
        {QStringLiteral("export-data"),
         ExportCli::tr(
             "Write the numbers headless to <file>: .csv, .md (a Markdown table) or .json."),
         QStringLiteral("file")});
    parser.addOption(
        {QStringLiteral("compare"),
         ExportCli::tr(
             "Compare scenarios of the plan side by side: recipes (fp32,bf16-mixed,int8), methods, "
             "sharding stages, or KEY=VALUE changes joined by '+' (parallelism.gpus=16)."),
         QStringLiteral("list")});
    parser.addOption(
        {QStringLiteral("sweep"),
         ExportCli::tr("Chart total memory per GPU against micro_batch, seq_len, params or gpus; "
                       "optionally VARIABLE:FROM:TO."),
         QStringLiteral("variable")});
    parser.addOption({QStringLiteral("size"),
                      ExportCli::tr("Size of the exported chart in pixels (default 1600x1000)."),
                      QStringLiteral("WxH")});
    parser.addOption({QStringLiteral("dpi"),
                      ExportCli::tr("Resolution of the exported chart (default 96)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("title"),
                      ExportCli::tr("Title above the exported chart (\"\" for none)."),
                      QStringLiteral("text")});
    parser.addOption(
        {QStringLiteral("units"),
         ExportCli::tr("Units of exported sizes: GiB (2^30 bytes, default) or GB (10^9 bytes)."),
         QStringLiteral("GiB|GB")});
}

bool exportRequested(const QCommandLineParser& parser) {
    return parser.isSet(QStringLiteral("export-chart")) ||
           parser.isSet(QStringLiteral("export-data"));
}

std::optional<ExportRequest> exportRequestFromParser(const QCommandLineParser& parser,
                                                     QString* error) {
    ExportRequest r;
    auto fail = [&](const QString& message) {
        if (error)
            *error = QStringLiteral("memplan: %1").arg(message);
        return std::nullopt;
    };
    r.chartPath = parser.value(QStringLiteral("export-chart"));
    r.dataPath = parser.value(QStringLiteral("export-data"));
    if (parser.isSet(QStringLiteral("export-chart")) && r.chartPath.isEmpty())
        return fail(ExportCli::tr("--export-chart: no file given"));
    if (parser.isSet(QStringLiteral("export-data")) && r.dataPath.isEmpty())
        return fail(ExportCli::tr("--export-data: no file given"));
    if (!r.chartPath.isEmpty() && !chartFormatForPath(r.chartPath))
        return fail(
            ExportCli::tr("--export-chart %1: unknown chart format (use .png, .svg or .pdf)")
                .arg(r.chartPath));
    if (!r.dataPath.isEmpty() && !dataFormatForPath(r.dataPath))
        return fail(ExportCli::tr("--export-data %1: unknown data format (use .csv, .md or .json)")
                        .arg(r.dataPath));
    for (const QString& value : parser.values(QStringLiteral("compare")))
        for (const QString& item : value.split(QLatin1Char(','), Qt::SkipEmptyParts))
            r.compare << item.trimmed();
    if (parser.isSet(QStringLiteral("compare")) && r.compare.isEmpty())
        return fail(ExportCli::tr("--compare: no scenarios given"));
    if (r.compare.size() > ScenarioModel::kMaxScenarios)
        return fail(ExportCli::tr("--compare: at most %1 scenarios, got %2")
                        .arg(ScenarioModel::kMaxScenarios)
                        .arg(r.compare.size()));
    r.sweep = parser.value(QStringLiteral("sweep"));
    if (parser.isSet(QStringLiteral("size"))) {
        static const QRegularExpression re(
            QStringLiteral("^\\s*(\\d{1,6})\\s*[xX\u00d7]\\s*(\\d{1,6})\\s*$"));
        const auto m = re.match(parser.value(QStringLiteral("size")));
        if (!m.hasMatch())
            return fail(ExportCli::tr("--size %1: expected WIDTHxHEIGHT in pixels, e.g. 1600x1000")
                            .arg(parser.value(QStringLiteral("size"))));
        r.size = QSize(m.captured(1).toInt(), m.captured(2).toInt());
    }
    if (parser.isSet(QStringLiteral("dpi"))) {
        bool ok = false;
        r.dpi = parser.value(QStringLiteral("dpi")).toInt(&ok);
        if (!ok)
            return fail(ExportCli::tr("--dpi %1: expected a whole number")
                            .arg(parser.value(QStringLiteral("dpi"))));
    }
    ChartExportOptions check;
    check.size = r.size;
    check.dpi = r.dpi;
    if (const QString problem = check.validate(); !problem.isEmpty())
        return fail(problem);
    if (parser.isSet(QStringLiteral("title")))
        r.title = parser.value(QStringLiteral("title"));
    if (parser.isSet(QStringLiteral("units"))) {
        const QString u = parser.value(QStringLiteral("units")).toLower();
        if (u == QLatin1String("gib"))
            r.units = UnitSystem::Binary;
        else if (u == QLatin1String("gb"))
            r.units = UnitSystem::Decimal;
        else
            return fail(ExportCli::tr("--units %1: expected GiB or GB")
                            .arg(parser.value(QStringLiteral("units"))));
    }
    return r;
}

QString runExport(const ExportRequest& request, const Plan& plan, const PresetLibrary& presets) {
    // The scenarios: the --compare items, or the plan itself. The core resolves them; the
    // data file is written from its results (the bytes memplan-cli writes), the chart from
    // the window's model (translated names).
    std::vector<ScenarioOverrides> items;
    for (const QString& item : request.compare) {
        std::string problem;
        const auto o = ScenarioOverrides::parse(item.toStdString(), presets, &problem);
        if (!o)
            return ExportCli::tr("memplan: --compare %1: %2")
                .arg(item, QString::fromStdString(problem));
        items.push_back(*o);
    }
    const bool comparing = !items.empty();
    ScenarioModel model(presets);
    model.setBasePlan(plan);
    if (comparing)
        model.setScenarios(items);
    else
        model.addScenario({}, plan.name.empty() ? ExportCli::tr("Current plan")
                                                : QString::fromStdString(plan.name));
    const std::vector<Scenario>& scenarios = model.scenarios();

    std::vector<memplan::ScenarioResult> results;
    if (comparing)
        results = memplan::resolveScenarios(plan, items, presets);
    else
        results.push_back(memplan::resolveScenario(plan, {}, presets));
    if (!comparing && !plan.name.empty())
        results.front().name = plan.name;

    std::optional<SweepRange> range;
    if (!request.sweep.isEmpty()) {
        std::string problem;
        range = memplan::parseSweepSpec(request.sweep.trimmed().toStdString(), plan, &problem);
        if (!range)
            return ExportCli::tr("memplan: --sweep %1: %2")
                .arg(request.sweep, QString::fromStdString(problem));
    }

    std::optional<SweepResult> sweep;     // the chart's (translated names)
    std::optional<SweepResult> dataSweep; // the data file's (the core's names)
    if (range) {
        sweep = sweepScenarios(scenarios, *range, presets);
        sweep->planValue = currentSweepValue(range->variable, plan, evaluate(plan, presets));
        std::vector<memplan::SweepInput> inputs;
        for (const memplan::ScenarioResult& r : results)
            inputs.push_back({r.name, r.plan});
        dataSweep = memplan::runSweep(inputs, *range, presets);
        dataSweep->planValue = sweep->planValue;
    }

    const FigureText text = sweep       ? sweepFigureText(plan, *sweep, presets, request.units)
                            : comparing ? compareFigureText(plan, scenarios, presets, request.units)
                                        : singleFigureText(plan, presets, request.units);
    ChartExportOptions options;
    options.size = request.size;
    options.dpi = request.dpi;
    options.title = request.title.value_or(text.title);
    options.notes = text.notes;
    options.footer = text.footer;

    if (!request.chartPath.isEmpty()) {
        std::unique_ptr<QWidget> chart;
        if (sweep) {
            auto* c = new SweepChart;
            c->setUnits(request.units);
            c->setResult(*sweep);
            chart.reset(c);
        } else {
            auto* c = new CompareChart;
            c->setUnits(request.units);
            std::vector<CompareColumn> columns;
            for (const Scenario& s : scenarios)
                columns.push_back(CompareColumn::fromScenario(s, presets));
            c->setColumns(columns);
            chart.reset(c);
        }
        const QString error = ChartExporter(chart.get()).exportTo(request.chartPath, options);
        if (!error.isEmpty())
            return error;
    }
    if (!request.dataPath.isEmpty()) {
        // The data's title is the core's (as memplan-cli's) unless --title names one.
        const std::string title = request.title ? request.title->toStdString()
                                  : dataSweep   ? memplan::sweepTitle(plan, *dataSweep)
                                                : memplan::compareTitle(plan, results);
        const DataFormat format = *dataFormatForPath(request.dataPath);
        const std::string bytes =
            dataSweep ? memplan::sweepData(format, *dataSweep, presets, request.units, title)
                      : memplan::scenarioData(format, results, request.units, title);
        const QString error = writeDataFile(request.dataPath, QByteArray::fromStdString(bytes));
        if (!error.isEmpty())
            return error;
    }
    return {};
}

int runExportCommand(const QCommandLineParser& parser, const PresetLibrary& presets,
                     const std::optional<Plan>& plan) {
    QString error;
    const auto request = exportRequestFromParser(parser, &error);
    if (!request) {
        std::fprintf(stderr, "%s\n", error.toLocal8Bit().constData());
        return 2;
    }
    error = runExport(*request, plan ? *plan : PlanDocument::defaultPlan(presets), presets);
    if (!error.isEmpty()) {
        std::fprintf(stderr, "%s\n", error.toLocal8Bit().constData());
        return 2;
    }
    return 0;
}

} // namespace memplan::gui
