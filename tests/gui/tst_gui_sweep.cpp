// Sweeps: grids, the exact first value that does not fit (checked against the core), and the
// Sweep view's lines (one per compare column) and markers.
#include "charts/sweepchart.h"
#include "document/plandocument.h"
#include "document/planedits.h"
#include "models/scenariomodel.h"
#include "models/sweepengine.h"
#include "testsupport.h"
#include "views/compareview.h"
#include "views/sweepview.h"

#include "memplan/model.h"
#include "memplan/units.h"

#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QRegularExpression>
#include <QtTest>

using namespace memplan;
using namespace memplan::gui;
using namespace memplan::gui::test;

namespace {

bool fits(const Plan& base, SweepVariable v, double value) {
    Plan p = base;
    applySweepValue(p, v, value);
    const Evaluation e = evaluate(p, presets());
    return e.ok && e.fits;
}

std::vector<Scenario> scenarios(const Plan& base, std::initializer_list<const char*> items) {
    ScenarioModel m(presets());
    m.setBasePlan(base);
    std::vector<ScenarioOverrides> list;
    for (const char* item : items)
        list.push_back(*ScenarioOverrides::parse(item, presets(), nullptr));
    m.setScenarios(list);
    return m.scenarios();
}

} // namespace

class TestSweep : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void grids() {
        const Plan plan = makePlan("llama-2-7b", Method::Lora, 4, 2048, 1, "rtx-4090");
        const SweepRange mb = defaultSweepRange(SweepVariable::MicroBatch, plan);
        QCOMPARE(mb.from, 1.0);
        QVERIFY(mb.to >= 8);
        const std::vector<double> g = sweepGrid(mb, plan);
        QCOMPARE(g.front(), mb.from);
        QCOMPARE(g.back(), mb.to);
        QVERIFY(std::is_sorted(g.begin(), g.end()));
        QVERIFY(g.size() <= 65);
        for (double x : g)
            QCOMPARE(x, std::round(x));
        Plan tp = plan;
        tp.parallelism.tp = 2;
        tp.parallelism.gpus = 2;
        for (double x : sweepGrid(defaultSweepRange(SweepVariable::Gpus, tp), tp))
            QCOMPARE(std::fmod(x, 2.0), 0.0); // GPU counts are multiples of tp x pp
        const SweepRange params = defaultSweepRange(SweepVariable::Params, plan);
        QVERIFY(params.from < modelParamCount(plan.model) &&
                params.to > modelParamCount(plan.model));
    }

    void firstValueThatDoesNotFit_data() {
        QTest::addColumn<int>("variable");
        QTest::addColumn<QString>("item");
        QTest::addRow("micro-batch lora")
            << static_cast<int>(SweepVariable::MicroBatch) << QStringLiteral("lora");
        QTest::addRow("micro-batch qlora")
            << static_cast<int>(SweepVariable::MicroBatch) << QStringLiteral("qlora");
        QTest::addRow("seq-len lora")
            << static_cast<int>(SweepVariable::SeqLen) << QStringLiteral("lora");
        QTest::addRow("params qlora")
            << static_cast<int>(SweepVariable::Params) << QStringLiteral("qlora");
    }
    void firstValueThatDoesNotFit() {
        QFETCH(int, variable);
        QFETCH(QString, item);
        const auto v = static_cast<SweepVariable>(variable);
        Plan base = makePlan("llama-2-7b", Method::Lora, 1, 1024, 1, "rtx-4090");
        base.training.checkpointing = Checkpointing::Full;
        const auto list = scenarios(base, {qPrintable(item)});
        SweepRange range = defaultSweepRange(v, list[0].plan);
        if (v == SweepVariable::MicroBatch)
            range.to = 256;
        else if (v == SweepVariable::SeqLen)
            range.to = 131072;
        else if (v == SweepVariable::Params)
            range.to = 200e9;
        const SweepResult r = sweepScenarios(list, range, presets());
        QCOMPARE(r.lines.size(), std::size_t(1));
        const SweepLine& line = r.lines[0];
        QVERIFY(line.hasCapacity);
        QVERIFY2(line.firstNoFit > 0, "the sweep should cross the capacity");
        const double x = line.points[static_cast<std::size_t>(line.firstNoFit)].value;
        QVERIFY(!line.points[static_cast<std::size_t>(line.firstNoFit)].fits);
        QVERIFY(!fits(list[0].plan, v, x));
        // Exact: one step below still fits.
        if (v == SweepVariable::Params)
            QVERIFY(fits(list[0].plan, v, x * 0.995));
        else
            QVERIFY(fits(list[0].plan, v, x - 1));
        // The points are the core's totals.
        for (const SweepPoint& p : line.points) {
            Plan q = list[0].plan;
            applySweepValue(q, v, p.value);
            QCOMPARE(p.total, evaluate(q, presets()).total);
        }
    }

    void gpuCountMarksTheLargestThatDoesNotFit() {
        // 1,024 tokens: the boundary falls well inside 128 GPUs (about 20)
        const Plan base =
            makePlan("llama-2-70b", Method::Full, 1, 1024, 8, "h100-sxm-80gb", Sharding::Zero3);
        const auto list = scenarios(base, {"zero3"});
        SweepRange range = defaultSweepRange(SweepVariable::Gpus, base);
        range.to = 128;
        const SweepResult r = sweepScenarios(list, range, presets());
        const SweepLine& line = r.lines[0];
        QVERIFY(line.firstNoFit >= 0);
        const double g = line.points[static_cast<std::size_t>(line.firstNoFit)].value;
        QVERIFY(!fits(list[0].plan, SweepVariable::Gpus, g));
        QVERIFY(fits(list[0].plan, SweepVariable::Gpus, g + 1));
    }

    void viewDrawsOneLinePerColumn() {
        PlanDocument doc(presets());
        doc.reset(makePlan("llama-2-7b", Method::Full, 1, 2048, 1, "h100-sxm-80gb"));
        CompareView compare(&doc);
        SweepView view(&doc, compare.model());
        view.resize(1000, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        SweepChart* chart = view.chart();
        QCOMPARE(chart->lineCount(), 3);
        QCOMPARE(chart->lineName(0), QStringLiteral("FP32"));
        QCOMPARE(chart->lineName(2), QStringLiteral("INT8"));
        QCOMPARE(chart->capacityValues().size(), std::size_t(1));
        QCOMPARE(chart->capacityValues().front(), doc.evaluation().capacity / kGiB);
        QVERIFY(chart->xAxisTitle().contains(QLatin1String("Micro-batch")));
        QVERIFY(chart->yAxisTitle().contains(QLatin1String("GiB")));
        for (int i = 0; i < 3; ++i) {
            const SweepLine& line = view.result().lines[static_cast<std::size_t>(i)];
            // Drawn: the points inside the plot, the line cut where it leaves the top.
            const QList<QPointF> pts = chart->linePoints(i);
            QVERIFY(!pts.isEmpty());
            QCOMPARE(pts.front().y(), line.points.front().total / kGiB);
            std::size_t inside = 0;
            for (const SweepPoint& p : line.points)
                inside += p.total / kGiB <= chart->axisMaximum() ? 1 : 0;
            QVERIFY(static_cast<std::size_t>(pts.size()) >= inside);
            for (const QPointF& pt : pts)
                QVERIFY(pt.y() <= chart->axisMaximum());
            if (line.firstNoFit >= 0) {
                const auto marker = chart->firstNoFitMarker(i);
                QVERIFY(marker);
                QCOMPARE(marker->x(), line.points[static_cast<std::size_t>(line.firstNoFit)].value);
            }
        }
        // Removing a column removes its line; the plan alone is one line.
        compare.model()->removeScenario(0);
        QCOMPARE(chart->lineCount(), 2);
        view.setUseCompareColumns(false);
        QCOMPARE(chart->lineCount(), 1);
        // Other variables and units.
        view.setVariable(SweepVariable::SeqLen);
        QVERIFY(chart->xAxisTitle().contains(QLatin1String("Sequence")));
        view.setUnits(UnitSystem::Decimal);
        QVERIFY(chart->yAxisTitle().contains(QLatin1String("GB")));
        QCOMPARE(chart->linePoints(0).front().y(),
                 view.result().lines[0].points.front().total / kGB);
    }

    // Issue 13: the range boxes write their numbers grouped ("131,072", as the other spin
    // boxes) and take typed separators ("1,024", even misplaced: "65,53,6").
    void rangeBoxesGroupThousands() {
        const QLocale before;
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        PlanDocument doc(presets());
        doc.reset(makePlan("llama-2-7b", Method::Full, 1, 2048, 1, "h100-sxm-80gb"));
        CompareView compare(&doc);
        SweepView view(&doc, compare.model());
        view.resize(1000, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setVariable(SweepVariable::SeqLen);
        auto* from = view.findChild<QDoubleSpinBox*>(QStringLiteral("sweepFrom"));
        auto* to = view.findChild<QDoubleSpinBox*>(QStringLiteral("sweepTo"));
        QVERIFY(from && to);
        const auto grouped = QRegularExpression(QStringLiteral("^\\d{1,3}(,\\d{3})+$"));
        QVERIFY2(grouped.match(to->text()).hasMatch(), qPrintable(to->text()));
        const auto type = [](QDoubleSpinBox* box, const QString& text) {
            QLineEdit* edit = box->findChild<QLineEdit*>();
            QTest::mouseClick(edit, Qt::LeftButton);
            QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
            QTest::keyClicks(edit, text);
            QTest::keyClick(edit, Qt::Key_Return);
        };
        type(from, QStringLiteral("1,024"));
        QCOMPARE(from->value(), 1024.0);
        QCOMPARE(from->text(), QStringLiteral("1,024"));
        type(to, QStringLiteral("65,53,6"));
        QCOMPARE(to->value(), 65536.0);
        QCOMPARE(to->text(), QStringLiteral("65,536"));
        // The sweep follows the typed range.
        QCOMPARE(view.result().lines.front().points.front().value, 1024.0);
        QCOMPARE(view.result().lines.front().points.back().value, 65536.0);
        QLocale::setDefault(before);
    }

    // Issue 15: a serving plan's Sweep tab offers the engine arguments, starts with the KV
    // cache's dtypes as columns, and draws the measure picked (concurrent requests, KV tokens
    // in thousands, or the total per GPU with its capacity line).
    void servingPlanSweepsEngineArguments_data() {
        QTest::addColumn<int>("variable");
        QTest::addColumn<int>("measure");
        QTest::addColumn<double>("scale");
        QTest::addRow("context, requests")
            << static_cast<int>(SweepVariable::MaxModelLen)
            << static_cast<int>(SweepMeasure::MaxConcurrentSequences) << 1.0;
        QTest::addRow("sequences, tokens")
            << static_cast<int>(SweepVariable::MaxNumSeqs)
            << static_cast<int>(SweepMeasure::KvCacheTokens) << 1000.0;
        QTest::addRow("utilization, total") << static_cast<int>(SweepVariable::GpuMemoryUtilization)
                                            << static_cast<int>(SweepMeasure::TotalPerGpu) << kGiB;
    }
    void servingPlanSweepsEngineArguments() {
        QFETCH(int, variable);
        QFETCH(int, measure);
        QFETCH(double, scale);
        PlanDocument doc(presets());
        Plan plan = makePlan("llama-3.1-8b", Method::Serving, 1, 2048, 1, "h100-sxm-80gb");
        plan.training.precision = Recipe::Bf16Pure;
        plan.training.serving.max_model_len = 8192;
        doc.reset(plan);
        CompareView compare(&doc);
        SweepView view(&doc, compare.model());
        view.resize(1000, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // The serving default: context length against concurrent requests, auto vs fp8 KV.
        QCOMPARE(view.variable(), SweepVariable::MaxModelLen);
        QCOMPARE(view.measure(), SweepMeasure::MaxConcurrentSequences);
        SweepChart* chart = view.chart();
        QCOMPARE(chart->lineCount(), 2);
        QVERIFY(chart->lineName(1).contains(QLatin1String("FP8")));
        view.setVariable(static_cast<SweepVariable>(variable));
        view.setMeasure(static_cast<SweepMeasure>(measure));
        QCOMPARE(view.measure(), static_cast<SweepMeasure>(measure));
        QCOMPARE(chart->yAxisTitle(),
                 sweepMeasureTitle(static_cast<SweepMeasure>(measure), UnitSystem::Binary));
        for (int i = 0; i < chart->lineCount(); ++i) {
            const SweepLine& line = view.result().lines[static_cast<std::size_t>(i)];
            const QList<QPointF> pts = chart->linePoints(i);
            QVERIFY(!pts.isEmpty());
            QCOMPARE(pts.front().y(),
                     sweepMeasureValue(line.points.front(), static_cast<SweepMeasure>(measure)) /
                         scale);
        }
        QCOMPARE(chart->capacityValues().size(),
                 std::size_t(measure == static_cast<int>(SweepMeasure::TotalPerGpu) ? 1 : 0));
        // Back to a training plan: its variables, the total per GPU.
        doc.edit(makePlan("llama-2-7b", Method::Lora, 1, 2048, 1, "h100-sxm-80gb"),
                 QStringLiteral("Train"));
        QVERIFY(sweepVariableApplies(view.variable(), doc.plan()));
        QCOMPARE(view.measure(), SweepMeasure::TotalPerGpu);
        view.setMeasure(SweepMeasure::KvCacheTokens); // does not apply: ignored
        QCOMPARE(view.measure(), SweepMeasure::TotalPerGpu);
    }

    void hiddenViewWaits() {
        PlanDocument doc(presets());
        SweepView view(&doc);
        const std::size_t before = view.result().lines.front().points.size();
        const int64_t seqBefore = view.result().lines.front().plan.training.seq_len;
        Plan p = doc.plan();
        QVERIFY(seqBefore != 4096);
        p.training.seq_len = 4096;
        doc.edit(p, QStringLiteral("Change sequence"));
        // Not shown: nothing recomputed yet (the lines still hold the old plan); shown: up to
        // date.
        QCOMPARE(view.result().lines.front().points.size(), before);
        QCOMPARE(view.result().lines.front().plan.training.seq_len, seqBefore);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(view.result().lines.front().plan.training.seq_len, int64_t(4096));
    }
};

QTEST_MAIN(TestSweep)
#include "tst_gui_sweep.moc"
