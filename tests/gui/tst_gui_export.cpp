// Export: every chart (single, compare, sweep) as PNG / SVG / PDF is a valid file of the asked
// size; CSV / Markdown / JSON carry the core's numbers; an unwritable path is an error that
// leaves nothing behind; the clipboard gets the figure. Set MEMPLAN_EXPORT_SAMPLES=DIR to keep
// the exported figures for a look.
#include "charts/comparechart.h"
#include "document/plandocument.h"
#include "export/exportactions.h"
#include "export/exportchart.h"
#include "export/exportcli.h"
#include "export/exportdata.h"
#include "mainwindow.h"
#include "models/scenariomodel.h"
#include "models/sweepengine.h"
#include "testsupport.h"
#include "unitformat.h"
#include "views/compareview.h"
#include "views/pergpuview.h"
#include "views/sweepview.h"

#include "memplan/model.h"
#include "memplan/names.h"
#include "memplan/result_json.h"
#include "memplan/units.h"

#include <QChart>
#include <QClipboard>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QImageReader>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QSvgRenderer>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include <cmath>

#include <nlohmann/json.hpp>

using namespace memplan;
using namespace memplan::gui;
using namespace memplan::gui::test;

namespace {

QByteArray readAll(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

void keepSample(const QString& path) {
    const QString dir = qEnvironmentVariable("MEMPLAN_EXPORT_SAMPLES");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    const QString target = QDir(dir).filePath(QFileInfo(path).fileName());
    QFile::remove(target);
    QFile::copy(path, target);
}

Plan fullPlan() {
    return makePlan("llama-2-7b", Method::Full, 4, 2048, 1, "h100-sxm-80gb");
}

std::vector<Scenario> recipeScenarios(const Plan& plan) {
    ScenarioModel model(presets());
    model.setBasePlan(plan);
    model.setScenarios(defaultRecipeScenarios(presets()));
    return model.scenarios();
}

// The core's writers over the window's columns (the bytes the window writes).
QByteArray csvOf(const std::vector<Scenario>& s) {
    return QByteArray::fromStdString(memplan::scenariosToCsv(coreScenarios(s)));
}
QByteArray markdownOf(const std::vector<Scenario>& s, UnitSystem u, const QString& title = {}) {
    return QByteArray::fromStdString(
        memplan::scenariosToMarkdown(coreScenarios(s), u, title.toStdString()));
}
QByteArray jsonOf(const std::vector<Scenario>& s) {
    return QByteArray::fromStdString(memplan::scenariosToJson(coreScenarios(s)));
}

// The CSV's rows as field lists (our fields never contain quoted commas except "changes").
QList<QStringList> parseCsv(const QByteArray& bytes) {
    QList<QStringList> rows;
    for (const QString& line :
         QString::fromUtf8(bytes).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        QStringList fields;
        QString field;
        bool quoted = false;
        for (qsizetype i = 0; i < line.size(); ++i) {
            const QChar c = line[i];
            if (quoted) {
                if (c == QLatin1Char('"') && i + 1 < line.size() &&
                    line[i + 1] == QLatin1Char('"')) {
                    field += c;
                    ++i;
                } else if (c == QLatin1Char('"')) {
                    quoted = false;
                } else {
                    field += c;
                }
            } else if (c == QLatin1Char('"')) {
                quoted = true;
            } else if (c == QLatin1Char(',')) {
                fields << field;
                field.clear();
            } else {
                field += c;
            }
        }
        fields << field;
        rows << fields;
    }
    return rows;
}

} // namespace

class TestExport : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir_;

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(dir_.isValid());
    }

    void chartFiles_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("compare");
        QTest::addColumn<QString>("sweep");
        QTest::addColumn<QSize>("size");
        QTest::addColumn<int>("dpi");
        QTest::addColumn<QStringList>("names"); // series names the figure must contain
        const QStringList recipes{QStringLiteral("fp32"), QStringLiteral("bf16-mixed"),
                                  QStringLiteral("int8")};
        const QStringList recipeNames{QStringLiteral("FP32"), QStringLiteral("BF16 mixed"),
                                      QStringLiteral("INT8")};
        const QStringList components{QStringLiteral("Weights"), QStringLiteral("Optimizer states"),
                                     QStringLiteral("Activations"), QStringLiteral("GPU capacity")};
        for (const char* suffix : {"png", "svg", "pdf"}) {
            const QString s = QString::fromLatin1(suffix);
            QTest::addRow("single-%s", suffix)
                << QStringLiteral("single.") + s << QStringList() << QString() << QSize(1600, 1000)
                << 96 << components;
            QTest::addRow("compare-%s", suffix)
                << QStringLiteral("compare.") + s << recipes << QString() << QSize(1600, 1000) << 96
                << (recipeNames + components);
            QTest::addRow("sweep-%s", suffix)
                << QStringLiteral("sweep.") + s << recipes << QStringLiteral("micro_batch")
                << QSize(1600, 1000) << 96
                << (recipeNames + QStringList{QStringLiteral("GPU capacity")});
        }
        QTest::addRow("compare-png-hidpi") << QStringLiteral("compare-192dpi.png") << recipes
                                           << QString() << QSize(1200, 800) << 192 << recipeNames;
        QTest::addRow("sweep-gpus-svg")
            << QStringLiteral("sweep-gpus.svg")
            << QStringList{QStringLiteral("zero2"), QStringLiteral("zero3")}
            << QStringLiteral("gpus") << QSize(1400, 900) << 96
            << QStringList{QStringLiteral("ZeRO-2"), QStringLiteral("ZeRO-3")};
    }
    void chartFiles() {
        QFETCH(QString, file);
        QFETCH(QStringList, compare);
        QFETCH(QString, sweep);
        QFETCH(QSize, size);
        QFETCH(int, dpi);
        QFETCH(QStringList, names);
        ExportRequest r;
        r.chartPath = dir_.filePath(file);
        r.compare = compare;
        r.sweep = sweep;
        r.size = size;
        r.dpi = dpi;
        Plan plan = fullPlan();
        if (sweep == QLatin1String("gpus"))
            plan = makePlan("llama-2-13b", Method::Full, 1, 2048, 8, "a100-80gb", Sharding::Zero3);
        QElapsedTimer timer;
        timer.start();
        const QString error = runExport(r, plan, presets());
        const qint64 ms = timer.elapsed();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        qInfo("%s: %lld ms (includes building the chart)", qPrintable(file), ms);
        keepSample(r.chartPath);
        const QByteArray bytes = readAll(r.chartPath);
        QVERIFY(!bytes.isEmpty());
        switch (*chartFormatForPath(file)) {
        case ChartFormat::Png: {
            QImageReader reader(r.chartPath);
            QCOMPARE(reader.format(), QByteArray("png"));
            const QImage image = reader.read();
            QVERIFY(!image.isNull());
            QCOMPARE(image.size(), size);
            QCOMPARE(image.dotsPerMeterX(), static_cast<int>(std::lround(dpi / 0.0254)));
            // Not blank: the bars and text leave many colours.
            QSet<QRgb> colours;
            for (int y = 0; y < image.height(); y += 7)
                for (int x = 0; x < image.width(); x += 7)
                    colours.insert(image.pixel(x, y));
            QVERIFY(colours.size() > 20);
            break;
        }
        case ChartFormat::Svg: {
            QXmlStreamReader xml(bytes);
            while (!xml.atEnd())
                xml.readNext();
            QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
            QSvgRenderer renderer(r.chartPath);
            QVERIFY(renderer.isValid());
            const QString text = QString::fromUtf8(bytes);
            for (const QString& name : names)
                QVERIFY2(text.contains(name.toHtmlEscaped()), qPrintable(name));
            break;
        }
        case ChartFormat::Pdf:
            QVERIFY(bytes.startsWith("%PDF"));
            QVERIFY(bytes.contains("/Type /Page"));
            break;
        }
        // Nothing else was left in the directory (no temporary files).
        for (const QString& entry : QDir(dir_.path()).entryList(QDir::Files | QDir::Hidden))
            QVERIFY2(!entry.startsWith(QLatin1Char('.')), qPrintable(entry));
    }

    void csvNumbersAreTheCores() {
        const Plan plan = fullPlan();
        const std::vector<Scenario> scenarios = recipeScenarios(plan);
        const QList<QStringList> rows = parseCsv(csvOf(scenarios));
        QCOMPARE(rows.size(), 4);
        const QStringList header = rows.front();
        auto column = [&](const char* name) {
            return header.indexOf(QString::fromLatin1(name));
        };
        QVERIFY(column("total_bytes") > 0);
        for (int i = 0; i < 3; ++i) {
            const QStringList& row = rows[i + 1];
            const Scenario& s = scenarios[static_cast<std::size_t>(i)];
            QCOMPARE(row[column("scenario")], s.name);
            // The row is the core's evaluation of the plan with the column's recipe.
            Plan p = plan;
            p.training.precision = s.plan.training.precision;
            const Evaluation e = evaluate(p, presets());
            int64_t peak = 0;
            for (std::size_t c = 0; c < kAllocatedComponentCount; ++c) {
                const auto comp = static_cast<Component>(c);
                const QString name =
                    QString::fromUtf8(keyOf(comp).data()) + QStringLiteral("_bytes");
                QCOMPARE(row[header.indexOf(name)].toLongLong(),
                         static_cast<qlonglong>(std::llround(e.bytes(comp))));
                peak += std::llround(e.bytes(comp));
            }
            QCOMPARE(row[column("peak_allocated_bytes")].toLongLong(),
                     static_cast<qlonglong>(peak));
            QCOMPARE(row[column("runtime_overhead_bytes")].toLongLong(),
                     static_cast<qlonglong>(std::llround(e.runtime_overhead)));
            QCOMPARE(row[column("total_bytes")].toLongLong(),
                     static_cast<qlonglong>(peak + std::llround(e.runtime_overhead)));
            QCOMPARE(row[column("capacity_bytes")].toLongLong(),
                     static_cast<qlonglong>(std::llround(e.capacity)));
            QCOMPARE(row[column("fits")],
                     e.fits ? QStringLiteral("true") : QStringLiteral("false"));
            QCOMPARE(row[column("params_trainable")].toLongLong(),
                     static_cast<qlonglong>(std::llround(e.params_trainable)));
        }
    }

    void markdownNumbersAreTheCores_data() {
        QTest::addColumn<int>("units");
        QTest::addRow("GiB") << static_cast<int>(UnitSystem::Binary);
        QTest::addRow("GB") << static_cast<int>(UnitSystem::Decimal);
    }
    void markdownNumbersAreTheCores() {
        QFETCH(int, units);
        const auto u = static_cast<UnitSystem>(units);
        const std::vector<Scenario> scenarios = recipeScenarios(fullPlan());
        const QString md = QString::fromUtf8(markdownOf(scenarios, u, QStringLiteral("Recipes")));
        const QStringList lines = md.split(QLatin1Char('\n'));
        QVERIFY(md.startsWith(QLatin1String("### Recipes")));
        QVERIFY(md.contains(u == UnitSystem::Binary ? QLatin1String("GiB (2^30 bytes)")
                                                    : QLatin1String("GB (10^9 bytes)")));
        // Header: the scenarios in order; then one row per component with the core's values.
        const QString header = lines.at(2);
        QVERIFY(header.indexOf(QLatin1String("FP32")) <
                header.indexOf(QLatin1String("BF16 mixed")));
        QVERIFY(header.indexOf(QLatin1String("BF16 mixed")) <
                header.indexOf(QLatin1String("INT8")));
        QVERIFY(lines.at(3).startsWith(QLatin1String("|---|---:|")));
        for (std::size_t c = 0; c < kComponentCount; ++c) {
            const auto comp = static_cast<Component>(c);
            const QString label = QString::fromUtf8(labelOf(comp).data());
            const auto row = std::find_if(lines.begin(), lines.end(), [&](const QString& l) {
                return l.startsWith(QStringLiteral("| ") + label + QStringLiteral(" |"));
            });
            QVERIFY2(row != lines.end(), qPrintable(label));
            QStringList cells = row->split(QLatin1Char('|'), Qt::SkipEmptyParts);
            QCOMPARE(cells.size(), 4);
            for (std::size_t i = 0; i < scenarios.size(); ++i)
                QCOMPARE(
                    cells[static_cast<qsizetype>(i) + 1].trimmed(),
                    QString::fromStdString(formatGiga(scenarios[i].evaluation.bytes(comp), u)));
        }
        for (const Scenario& s : scenarios)
            QVERIFY(md.contains(QStringLiteral("**%1**").arg(
                QString::fromStdString(formatGiga(s.evaluation.total, u)))));
    }

    void jsonIsTheContractOutput() {
        const std::vector<Scenario> scenarios = recipeScenarios(fullPlan());
        const auto root = nlohmann::json::parse(jsonOf(scenarios).toStdString());
        QCOMPARE(root.at("schema_version").get<int>(), 1);
        const auto& list = root.at("scenarios");
        QCOMPARE(list.size(), scenarios.size());
        for (std::size_t i = 0; i < scenarios.size(); ++i) {
            nlohmann::json expected =
                evaluationToJson(scenarios[i].plan, evaluate(scenarios[i].plan, presets()));
            nlohmann::json got = list.at(i);
            QCOMPARE(QString::fromStdString(got.at("name").get<std::string>()), scenarios[i].name);
            QCOMPARE(got.at("changes").at("training.precision").get<std::string>(),
                     std::string(keyOf(scenarios[i].plan.training.precision)));
            got.erase("name");
            got.erase("changes");
            QCOMPARE(QString::fromStdString(got.dump()), QString::fromStdString(expected.dump()));
        }
    }

    void sweepDataIsTheCores() {
        const Plan plan = fullPlan();
        const SweepResult sweep = sweepScenarios(
            recipeScenarios(plan), defaultSweepRange(SweepVariable::MicroBatch, plan), presets());
        const QList<QStringList> rows =
            parseCsv(QByteArray::fromStdString(memplan::sweepToCsv(sweep)));
        std::size_t points = 0;
        for (const SweepLine& l : sweep.lines)
            points += l.points.size();
        QCOMPARE(static_cast<std::size_t>(rows.size()), points + 1);
        // Spot-check every row against a fresh evaluation.
        const QStringList header = rows.front();
        for (qsizetype i = 1; i < rows.size(); ++i) {
            const QStringList& row = rows[i];
            const auto line =
                std::find_if(sweep.lines.begin(), sweep.lines.end(), [&](const SweepLine& l) {
                    return QString::fromStdString(l.name) == row[0];
                });
            QVERIFY(line != sweep.lines.end());
            Plan p = line->plan;
            applySweepValue(p, SweepVariable::MicroBatch, row[2].toDouble());
            const Evaluation e = evaluate(p, presets());
            QCOMPARE(row[header.indexOf(QStringLiteral("total_bytes"))].toLongLong(),
                     static_cast<qlonglong>(std::llround(e.total)));
            QCOMPARE(row[header.indexOf(QStringLiteral("fits"))],
                     e.fits ? QStringLiteral("true") : QStringLiteral("false"));
        }
        const auto json = nlohmann::json::parse(memplan::sweepToJson(sweep, presets()));
        QCOMPARE(json.at("sweep").at("variable").get<std::string>(), std::string("micro_batch"));
        const auto& first = json.at("scenarios").at(0);
        Plan p = sweep.lines[0].plan;
        applySweepValue(p, SweepVariable::MicroBatch,
                        first.at("points").at(0).at("value").get<double>());
        QCOMPARE(QString::fromStdString(first.at("points").at(0).at("per_gpu").dump()),
                 QString::fromStdString(
                     evaluationToJson(p, evaluate(p, presets())).at("per_gpu").dump()));
        const QString md =
            QString::fromStdString(memplan::sweepToMarkdown(sweep, UnitSystem::Binary));
        QVERIFY(md.contains(QLatin1String("first that does not fit")));
    }

    void dataFilesByRequest_data() {
        QTest::addColumn<QString>("file");
        QTest::addRow("csv") << QStringLiteral("data.csv");
        QTest::addRow("md") << QStringLiteral("data.md");
        QTest::addRow("json") << QStringLiteral("data.json");
    }
    void dataFilesByRequest() {
        QFETCH(QString, file);
        ExportRequest r;
        r.dataPath = dir_.filePath(file);
        r.compare = {QStringLiteral("fp32"), QStringLiteral("bf16-mixed"), QStringLiteral("int8")};
        const Plan plan = fullPlan();
        QVERIFY(runExport(r, plan, presets()).isEmpty());
        keepSample(r.dataPath);
        const QByteArray bytes = readAll(r.dataPath);
        const std::vector<Scenario> scenarios = recipeScenarios(plan);
        switch (*dataFormatForPath(file)) {
        case DataFormat::Csv:
            QCOMPARE(bytes, csvOf(scenarios));
            break;
        case DataFormat::Markdown:
            QVERIFY(bytes.contains(markdownOf(scenarios, UnitSystem::Binary)));
            break;
        case DataFormat::Json:
            QCOMPARE(bytes, jsonOf(scenarios));
            break;
        }
    }

    void unwritablePathLeavesNothing_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("chart");
        for (const char* suffix : {"png", "svg", "pdf"}) {
            QTest::addRow("missing-dir-%s", suffix)
                << QStringLiteral("no/such/dir/out.") + QLatin1String(suffix) << true;
            QTest::addRow("parent-is-file-%s", suffix)
                << QStringLiteral("afile/out.") + QLatin1String(suffix) << true;
            QTest::addRow("target-is-dir-%s", suffix)
                << QStringLiteral("adir.") + QLatin1String(suffix) << true;
        }
        for (const char* suffix : {"csv", "md", "json"}) {
            QTest::addRow("missing-dir-%s", suffix)
                << QStringLiteral("no/such/dir/out.") + QLatin1String(suffix) << false;
            QTest::addRow("target-is-dir-%s", suffix)
                << QStringLiteral("adir.") + QLatin1String(suffix) << false;
        }
    }
    void unwritablePathLeavesNothing() {
        QFETCH(QString, file);
        QFETCH(bool, chart);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        {
            QFile f(dir.filePath(QStringLiteral("afile")));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("keep");
        }
        const QString target = dir.filePath(file);
        if (file.startsWith(QLatin1String("adir")))
            QVERIFY(QDir().mkdir(target));
        ExportRequest r;
        (chart ? r.chartPath : r.dataPath) = target;
        r.compare = {QStringLiteral("fp32"), QStringLiteral("int8")};
        const QString error = runExport(r, fullPlan(), presets());
        QVERIFY(!error.isEmpty());
        QVERIFY2(error.contains(QDir::toNativeSeparators(target)), qPrintable(error));
        QVERIFY2(!error.contains(QLatin1Char('\n')), qPrintable(error));
        // Nothing half-written: the directory holds exactly what it held before.
        QStringList entries =
            QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
        entries.sort();
        QStringList expected{QStringLiteral("afile")};
        if (file.startsWith(QLatin1String("adir")))
            expected << file;
        expected.sort();
        QCOMPARE(entries, expected);
        QCOMPARE(readAll(dir.filePath(QStringLiteral("afile"))), QByteArray("keep"));
        if (file.startsWith(QLatin1String("adir")))
            QVERIFY(QDir(target).isEmpty());
    }

    void existingFileIsReplacedWhole() {
        // A good export over an existing file replaces it (the rename happens only when complete).
        const QString target = dir_.filePath(QStringLiteral("replace.pdf"));
        {
            QFile f(target);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("old");
        }
        ExportRequest r;
        r.chartPath = target;
        QVERIFY(runExport(r, fullPlan(), presets()).isEmpty());
        QVERIFY(readAll(target).startsWith("%PDF"));
    }

    void badRequests_data() {
        QTest::addColumn<QStringList>("compare");
        QTest::addColumn<QString>("sweep");
        QTest::addColumn<QString>("message");
        QTest::addRow("unknown recipe")
            << QStringList{QStringLiteral("fp33")} << QString() << QStringLiteral("fp33");
        QTest::addRow("bad key") << QStringList{QStringLiteral("training.colour=red")} << QString()
                                 << QStringLiteral("training.colour");
        QTest::addRow("bad value") << QStringList{QStringLiteral("parallelism.gpus=0")} << QString()
                                   << QStringLiteral("parallelism.gpus");
        QTest::addRow("bad sweep")
            << QStringList() << QStringLiteral("temperature") << QStringLiteral("temperature");
        QTest::addRow("bad range")
            << QStringList() << QStringLiteral("micro_batch:8:2") << QStringLiteral("FROM < TO");
    }
    void badRequests() {
        QFETCH(QStringList, compare);
        QFETCH(QString, sweep);
        QFETCH(QString, message);
        ExportRequest r;
        r.chartPath = dir_.filePath(QStringLiteral("never.png"));
        r.compare = compare;
        r.sweep = sweep;
        const QString error = runExport(r, fullPlan(), presets());
        QVERIFY2(error.contains(message), qPrintable(error));
        QVERIFY(!QFile::exists(r.chartPath));
    }

    void optionsAreValidated() {
        ChartExportOptions o;
        QVERIFY(o.validate().isEmpty());
        o.size = QSize(10, 10);
        QVERIFY(!o.validate().isEmpty());
        o.size = QSize(800, 600);
        o.dpi = 5;
        QVERIFY(!o.validate().isEmpty());
        QCOMPARE(chartFormatForPath(QStringLiteral("a/b.SVG")),
                 std::optional<ChartFormat>(ChartFormat::Svg));
        QVERIFY(!chartFormatForPath(QStringLiteral("x.jpg")));
        QCOMPARE(dataFormatForPath(QStringLiteral("x.markdown")),
                 std::optional<DataFormat>(DataFormat::Markdown));
    }

    void copyToClipboard() {
        CompareChart chart;
        const std::vector<Scenario> scenarios = recipeScenarios(fullPlan());
        std::vector<CompareColumn> columns;
        for (const Scenario& s : scenarios)
            columns.push_back(CompareColumn::fromScenario(s, presets()));
        chart.setColumns(columns);
        ChartExportOptions o;
        o.size = QSize(800, 500);
        o.title = QStringLiteral("Clipboard");
        ChartExporter(&chart).copyToClipboard(o);
        const QMimeData* mime = QGuiApplication::clipboard()->mimeData();
        QVERIFY(mime);
        QVERIFY(mime->hasImage());
        QCOMPARE(qvariant_cast<QImage>(mime->imageData()).size(), QSize(800, 500));
        QVERIFY(mime->data(QStringLiteral("image/svg+xml")).contains("<svg"));
    }

    void windowExportsTheShownChart() {
        MainWindow window(presets());
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTabWidget* views = window.views();
        QStringList tabs;
        for (int i = 0; i < views->count(); ++i)
            tabs << views->tabText(i);
        QVERIFY2(tabs.contains(QStringLiteral("Compare")) && tabs.contains(QStringLiteral("Sweep")),
                 qPrintable(tabs.join(u',')));
        auto* exports = window.findChild<ExportController*>();
        QVERIFY(exports);
        // File menu: Export Chart…, Export Data…, Copy Chart, before Quit.
        for (const char* name : {"exportChart", "exportData", "copyChart"})
            QVERIFY2(window.action(name), name);
        QMenu* file = window.menuBar()->actions().front()->menu();
        const QList<QAction*> items = file->actions();
        QVERIFY(items.indexOf(window.action("exportChart")) >= 0);
        QVERIFY(items.indexOf(window.action("exportChart")) < items.indexOf(window.action("quit")));

        struct Case {
            QWidget* tab;
            ExportController::Kind kind;
            const char* mustContain;
        };
        // The Compare and Sweep tabs (their views are built on first show or export).
        auto* compare = window.findChild<QWidget*>(QStringLiteral("compareView"));
        auto* sweep = window.findChild<QWidget*>(QStringLiteral("sweepView"));
        QVERIFY(compare && sweep);
        const Case cases[] = {
            {window.perGpuView(), ExportController::Kind::Single, "Runtime overhead"},
            {compare, ExportController::Kind::Compare, "INT8"},
            {sweep, ExportController::Kind::Sweep, "First value that does not fit"}};
        for (const Case& c : cases) {
            views->setCurrentWidget(c.tab);
            QCOMPARE(exports->currentKind(), c.kind);
            const QString svg =
                dir_.filePath(QStringLiteral("window-%1.svg").arg(static_cast<int>(c.kind)));
            const ChartExportOptions options = exports->defaultOptions();
            QVERIFY(!options.title.isEmpty());
            QVERIFY2(options.footer.contains(QString::fromStdString(
                         presets().findModel(window.document()->plan().model.preset)->model.name)),
                     qPrintable(options.footer));
            QVERIFY(exports->exportChartTo(svg, options).isEmpty());
            keepSample(svg);
            QVERIFY2(readAll(svg).contains(c.mustContain), c.mustContain);
            const QString csv =
                dir_.filePath(QStringLiteral("window-%1.csv").arg(static_cast<int>(c.kind)));
            QVERIFY(exports->exportDataTo(csv).isEmpty());
            QVERIFY(readAll(csv).startsWith("scenario,"));
        }
        // The window's units follow into the exports.
        window.perGpuView()->setUnits(UnitSystem::Decimal);
        views->setCurrentWidget(compare);
        QVERIFY(exports->defaultOptions().footer.contains(QLatin1String("GB (10^9 bytes)")));
        auto* compareView = window.findChild<CompareView*>();
        QVERIFY(compareView);
        QCOMPARE(compareView->chart()->barValue(0, Component::Weights),
                 compareView->model()->scenario(0).evaluation.bytes(Component::Weights) / kGB);
    }

    void exportLeavesTheWidgetAlone() {
        // Exporting at another size must not leave the on-screen chart resized.
        CompareChart chart;
        chart.resize(640, 480);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        const QSizeF before = chart.chart()->size();
        ChartExportOptions o;
        o.size = QSize(1600, 1000);
        QVERIFY(!ChartExporter(&chart).toImage(o).isNull());
        QCOMPARE(chart.chart()->size(), before);
    }
};

QTEST_MAIN(TestExport)
#include "tst_gui_export.moc"
