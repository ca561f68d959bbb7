// Compare: the scenario model (overrides, up to eight columns, names, the core's values), the
// compare view (the columns asked for, in order, following the document's plan), and the
// explanation generated from the actual differences between the columns.
#include "charts/comparechart.h"
#include "document/plandocument.h"
#include "models/scenariomodel.h"
#include "testsupport.h"
#include "unitformat.h"
#include "views/compareexplain.h"
#include "views/compareview.h"

#include "memplan/model.h"
#include "memplan/names.h"
#include "memplan/units.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTableView>
#include <QtTest>

#include <nlohmann/json.hpp>

using namespace memplan;
using namespace memplan::gui;
using namespace memplan::gui::test;

namespace {

ScenarioOverrides parse(const char* text) {
    std::string error;
    const auto o = ScenarioOverrides::parse(text, presets(), &error);
    if (!o)
        qWarning("%s", error.c_str());
    return o.value_or(ScenarioOverrides());
}

Scenario resolved(const Plan& base, const char* overrides) {
    ScenarioModel m(presets());
    m.setBasePlan(base);
    m.addScenario(parse(overrides));
    return m.scenario(0);
}

QString joined(const QStringList& l) {
    return l.join(QLatin1Char(' '));
}

} // namespace

class TestCompare : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void parseOverrides_data() {
        QTest::addColumn<QString>("item");
        QTest::addColumn<QString>("json");
        QTest::addRow("recipe") << QStringLiteral("int8")
                                << QStringLiteral(R"({"training.precision":"int8"})");
        QTest::addRow("method") << QStringLiteral("qlora")
                                << QStringLiteral(R"({"training.method":"qlora"})");
        QTest::addRow("sharding") << QStringLiteral("zero3")
                                  << QStringLiteral(R"({"parallelism.sharding":"zero3"})");
        QTest::addRow("optimizer") << QStringLiteral("adamw-8bit")
                                   << QStringLiteral(R"({"training.optimizer":"adamw-8bit"})");
        QTest::addRow("assignments")
            << QStringLiteral("parallelism.sharding=zero3+gpus=16")
            << QStringLiteral(R"({"parallelism.gpus":16,"parallelism.sharding":"zero3"})");
        QTest::addRow("params") << QStringLiteral("params=13B")
                                << QStringLiteral(R"({"model.params":13000000000.0})");
        QTest::addRow("gpu") << QStringLiteral("hardware.gpu=rtx-4090")
                             << QStringLiteral(R"({"hardware.gpu":"rtx-4090"})");
    }
    void parseOverrides() {
        QFETCH(QString, item);
        QFETCH(QString, json);
        std::string error;
        const auto o = ScenarioOverrides::parse(item.toStdString(), presets(), &error);
        QVERIFY2(o, error.c_str());
        QCOMPARE(QString::fromStdString(o->toJson().dump()), json);
    }

    void rejectOverrides_data() {
        QTest::addColumn<QString>("item");
        QTest::addColumn<QString>("key");
        QTest::addRow("unknown word") << QStringLiteral("fp33") << QStringLiteral("fp33");
        QTest::addRow("unknown key")
            << QStringLiteral("training.colour=red") << QStringLiteral("training.colour");
        QTest::addRow("zero gpus")
            << QStringLiteral("parallelism.gpus=0") << QStringLiteral("parallelism.gpus");
        QTest::addRow("bad recipe")
            << QStringLiteral("precision=fp7") << QStringLiteral("training.precision");
        QTest::addRow("no gpu") << QStringLiteral("gpu=tpu") << QStringLiteral("hardware.gpu");
        QTest::addRow("unknown word in list")
            << QStringLiteral("gpus=8+zero4") << QStringLiteral("zero4");
    }
    void rejectOverrides() {
        QFETCH(QString, item);
        QFETCH(QString, key);
        std::string error;
        QVERIFY(!ScenarioOverrides::parse(item.toStdString(), presets(), &error));
        QVERIFY2(QString::fromStdString(error).contains(key), error.c_str());
    }

    void scenariosAreTheCoresEvaluations() {
        const Plan base =
            makePlan("llama-2-7b", Method::Full, 2, 2048, 8, "h100-sxm-80gb", Sharding::Zero2);
        ScenarioModel model(presets());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setBasePlan(base);
        model.setScenarios({parse("fp32"), parse("zero3+gpus=16"), parse("qlora"),
                            parse("hardware.gpu=rtx-4090")});
        QCOMPARE(model.count(), 4);
        // Each column is the base plan with its overrides, evaluated by the core.
        Plan p0 = base;
        p0.training.precision = Recipe::Fp32;
        Plan p1 = base;
        p1.parallelism.sharding = Sharding::Zero3;
        p1.parallelism.gpus = 16;
        Plan p2 = base;
        p2.training.method = Method::Qlora;
        Plan p3 = base;
        p3.hardware.gpu = "rtx-4090";
        const Plan expected[] = {p0, p1, p2, p3};
        for (int i = 0; i < 4; ++i) {
            const Evaluation e = evaluate(expected[i], presets());
            const Scenario& s = model.scenario(i);
            QCOMPARE(s.evaluation.total, e.total);
            for (std::size_t c = 0; c < kComponentCount; ++c)
                QCOMPARE(s.evaluation.per_gpu[c].bytes, e.per_gpu[c].bytes);
            QCOMPARE(
                model.data(model.index(i, ScenarioModel::TotalColumn), ScenarioModel::BytesRole)
                    .toDouble(),
                e.total);
            QCOMPARE(model.data(model.index(i, ScenarioModel::TotalColumn)).toString(),
                     formatSize(e.total, UnitSystem::Binary));
            QVERIFY(s.problem.isEmpty());
        }
        QCOMPARE(model.scenario(0).name, QStringLiteral("FP32"));
        QCOMPARE(model.scenario(1).name, QStringLiteral("ZeRO-3 \u00b7 16 GPUs"));
        QCOMPARE(model.scenario(2).name, QStringLiteral("QLoRA"));
        QVERIFY(model.scenario(3).evaluation.capacity < model.scenario(0).evaluation.capacity);
    }

    void basePlanChangesFollow() {
        ScenarioModel model(presets());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        Plan base = makePlan("llama-2-7b", Method::Full, 1, 2048, 1, "h100-sxm-80gb");
        model.setBasePlan(base);
        model.setScenarios(defaultRecipeScenarios(presets()));
        QSignalSpy changed(&model, &ScenarioModel::scenariosChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        base.training.micro_batch = 8;
        model.setBasePlan(base);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(reset.count(), 0);
        for (int i = 0; i < model.count(); ++i) {
            QCOMPARE(model.scenario(i).plan.training.micro_batch, int64_t(8));
            Plan p = base;
            p.training.precision = model.scenario(i).plan.training.precision;
            QCOMPARE(model.scenario(i).evaluation.total, evaluate(p, presets()).total);
        }
        // A column that overrides the micro-batch keeps its own.
        QVERIFY(model.addScenario(parse("micro_batch=2")));
        base.training.micro_batch = 16;
        model.setBasePlan(base);
        QCOMPARE(model.scenario(3).plan.training.micro_batch, int64_t(2));
    }

    void atMostEightColumns() {
        ScenarioModel model(presets());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setBasePlan(makePlan("llama-2-7b", Method::Full, 1, 2048, 1, "h100-sxm-80gb"));
        for (int i = 0; i < ScenarioModel::kMaxScenarios; ++i)
            QVERIFY(model.addScenario(parse("int8")));
        QVERIFY(!model.addScenario(parse("fp32")));
        QVERIFY(!model.duplicateScenario(0));
        QCOMPARE(model.count(), ScenarioModel::kMaxScenarios);
        // Equal columns are told apart.
        QCOMPARE(model.scenario(0).name, QStringLiteral("INT8"));
        QCOMPARE(model.scenario(1).name, QStringLiteral("INT8 (2)"));
        QVERIFY(model.removeScenario(0));
        QCOMPARE(model.scenario(0).name, QStringLiteral("INT8"));
    }

    void editColumns() {
        ScenarioModel model(presets());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setBasePlan(makePlan("llama-2-7b", Method::Full, 1, 2048, 1, "h100-sxm-80gb"));
        model.setScenarios(defaultRecipeScenarios(presets()));
        QVERIFY(model.moveScenario(2, 0));
        QCOMPARE(model.scenario(0).name, QStringLiteral("INT8"));
        QCOMPARE(model.scenario(1).name, QStringLiteral("FP32"));
        QVERIFY(model.moveScenario(0, 2));
        QCOMPARE(model.scenario(2).name, QStringLiteral("INT8"));
        QVERIFY(model.duplicateScenario(1));
        QCOMPARE(model.count(), 4);
        QCOMPARE(model.scenario(2).overrides, model.scenario(1).overrides);
        ScenarioOverrides o = model.scenario(2).overrides;
        QVERIFY(o.set(OverrideKey::Sharding, "zero3", presets()));
        QVERIFY(model.setOverrides(2, o));
        QCOMPARE(model.scenario(2).plan.parallelism.sharding, Sharding::Zero3);
        QVERIFY(
            model.setData(model.index(0, ScenarioModel::NameColumn), QStringLiteral("Baseline")));
        QCOMPARE(model.scenario(0).name, QStringLiteral("Baseline"));
        QVERIFY(model.setName(0, QString()));
        QCOMPARE(model.scenario(0).name, QStringLiteral("FP32"));
    }

    void viewShowsTheColumnsInOrder() {
        PlanDocument doc(presets());
        doc.reset(makePlan("llama-2-7b", Method::Full, 4, 2048, 1, "h100-sxm-80gb"));
        CompareView view(&doc);
        view.resize(1000, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        CompareChart* chart = view.chart();
        // FP32 vs BF16 vs INT8 by default.
        QCOMPARE(chart->columnCount(), 3);
        const QStringList labels = chart->categoryLabels();
        QVERIFY(labels[0].contains(QLatin1String("FP32")));
        QVERIFY(labels[1].contains(QLatin1String("BF16 mixed")));
        QVERIFY(labels[2].contains(QLatin1String("INT8")));
        for (int i = 0; i < 3; ++i) {
            Plan p = doc.plan();
            p.training.precision = i == 0   ? Recipe::Fp32
                                   : i == 1 ? Recipe::Bf16Mixed
                                            : Recipe::Int8;
            const Evaluation e = evaluate(p, presets());
            for (std::size_t c = 0; c < kComponentCount; ++c)
                QCOMPARE(chart->barValue(i, static_cast<Component>(c)), e.per_gpu[c].bytes / kGiB);
            QVERIFY2(labels[i].contains(formatSize(e.total, UnitSystem::Binary)),
                     qPrintable(labels[i]));
        }
        // One capacity line across all columns.
        QCOMPARE(chart->capacityValues().size(), std::size_t(1));
        QCOMPARE(chart->capacityValues().front(), doc.evaluation().capacity / kGiB);
        QVERIFY(chart->axisMaximum() >= chart->barValue(0, Component::Weights));

        // The columns the user asks for, in that order.
        view.model()->setScenarios(
            {parse("zero2"), parse("zero3"), parse("lora"), parse("qlora"), parse("full")});
        QCOMPARE(chart->columnCount(), 5);
        QVERIFY(chart->categoryLabels()[0].contains(QLatin1String("ZeRO-2")));
        QVERIFY(chart->categoryLabels()[4].contains(QLatin1String("Full fine-tuning")));

        // Editing the document's plan updates every column.
        Plan edited = doc.plan();
        edited.training.micro_batch = 1;
        doc.edit(edited, QStringLiteral("Change micro-batch"));
        Plan lora = edited;
        lora.training.method = Method::Lora;
        QCOMPARE(chart->barValue(2, Component::Activations),
                 evaluate(lora, presets()).bytes(Component::Activations) / kGiB);
    }

    void viewEditsTheSelectedColumn() {
        PlanDocument doc(presets());
        doc.reset(makePlan("llama-2-7b", Method::Full, 1, 2048, 1, "h100-sxm-80gb"));
        CompareView view(&doc);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setCurrentColumn(1);
        QCOMPARE(view.currentColumn(), 1);
        QVERIFY(view.model()->duplicateScenario(1));
        ScenarioOverrides o = view.model()->scenario(2).overrides;
        QVERIFY(o.set(OverrideKey::Gpu, "rtx-4090", presets()));
        view.model()->setOverrides(2, o);
        // Different GPUs: a capacity line per column, two distinct values.
        const std::vector<double> caps = view.chart()->capacityValues();
        QCOMPARE(caps.size(), std::size_t(4));
        QVERIFY(std::count(caps.begin(), caps.end(), caps[2]) == 1);
        view.setUnits(UnitSystem::Decimal);
        QCOMPARE(view.chart()->barValue(0, Component::Weights),
                 view.model()->scenario(0).evaluation.bytes(Component::Weights) / kGB);
        QVERIFY(view.model()
                    ->headerData(ScenarioModel::TotalColumn, Qt::Horizontal)
                    .toString()
                    .contains(QLatin1String("GB")));
    }

    void explanationFollowsTheDifferences() {
        const Plan base = makePlan("llama-2-7b", Method::Full, 4, 2048, 1, "h100-sxm-80gb");
        const Scenario fp32 = resolved(base, "fp32");
        const Scenario bf16 = resolved(base, "bf16-mixed");
        const Scenario int8 = resolved(base, "int8");
        // Mixed precision: the fp32 master copy, with its size from the evaluation.
        const QString mixed = joined(explainDifference(fp32, bf16, UnitSystem::Binary, presets()));
        QVERIFY2(mixed.contains(QLatin1String("master copy")), qPrintable(mixed));
        QVERIFY2(mixed.contains(QLatin1String("do not halve")), qPrintable(mixed));
        double master = 0;
        const ComponentBreakdown& opt =
            bf16.evaluation.per_gpu[static_cast<std::size_t>(Component::OptimizerStates)];
        for (std::size_t i = 0; i < opt.part_count; ++i)
            if (opt.parts[i].label.starts_with("master weights"))
                master += opt.parts[i].bytes;
        QVERIFY(master > 0);
        QVERIFY2(mixed.contains(formatSize(master, UnitSystem::Binary)), qPrintable(mixed));
        QVERIFY(mixed.contains(QStringLiteral("weights fp32 \u2192 bf16")));
        // INT8 in realistic accounting: a quantized frozen base.
        const QString quant = joined(explainDifference(fp32, int8, UnitSystem::Binary, presets()));
        QVERIFY2(quant.contains(QLatin1String("frozen base")), qPrintable(quant));
        QVERIFY(
            quant.contains(QString::fromStdString(formatCount(int8.evaluation.params_trainable))));
        // The largest change is named with its numbers.
        QVERIFY2(quant.contains(QLatin1String("largest change is in the optimizer states")),
                 qPrintable(quant));

        // Textbook accounting: every tensor at the recipe's width instead.
        Plan textbook = base;
        textbook.training.accounting = Accounting::Textbook;
        const QString tb = joined(explainDifference(
            resolved(textbook, "fp32"), resolved(textbook, "int8"), UnitSystem::Binary, presets()));
        QVERIFY2(tb.contains(QLatin1String("textbook")), qPrintable(tb));
        QVERIFY(!tb.contains(QLatin1String("frozen")));

        // Sharding: ZeRO-3 also splits the weights.
        const Plan eight = makePlan("llama-2-13b", Method::Full, 1, 2048, 8, "a100-80gb");
        const QString zero = joined(explainDifference(
            resolved(eight, "zero2"), resolved(eight, "zero3"), UnitSystem::Binary, presets()));
        QVERIFY2(zero.contains(QLatin1String("ZeRO-3")) && zero.contains(QLatin1String("weights")),
                 qPrintable(zero));
        // GPU count under plain DDP does not help.
        const QString ddp = joined(explainDifference(
            resolved(eight, "gpus=8"), resolved(eight, "gpus=16"), UnitSystem::Binary, presets()));
        QVERIFY2(ddp.contains(QLatin1String("replicates")), qPrintable(ddp));
        // LoRA: adapters only.
        const QString lora = joined(explainDifference(
            resolved(base, "full"), resolved(base, "lora"), UnitSystem::Binary, presets()));
        QVERIFY2(lora.contains(QLatin1String("adapter")), qPrintable(lora));
        // The overview names lowest and highest.
        const QStringList all =
            explainComparison({fp32, bf16, int8}, UnitSystem::Binary, presets());
        QCOMPARE(all.size(), 3);
        QVERIFY(all[0].contains(QLatin1String("Lowest: INT8")));
        QVERIFY(all[0].contains(QLatin1String("highest: FP32")));
    }
};

QTEST_MAIN(TestCompare)
#include "tst_gui_compare.moc"
