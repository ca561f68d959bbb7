// BreakdownModel: the per-GPU table that also feeds the chart.
#include "models/breakdownmodel.h"
#include "testsupport.h"

#include "memplan/model.h"
#include "memplan/names.h"
#include "memplan/units.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace memplan;
using namespace memplan::gui;
using namespace memplan::gui::test;

class TestBreakdownModel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void rowsMatchEvaluation_data() {
        QTest::addColumn<int>("method");
        QTest::addRow("full") << static_cast<int>(Method::Full);
        QTest::addRow("lora") << static_cast<int>(Method::Lora);
        QTest::addRow("qlora") << static_cast<int>(Method::Qlora);
        QTest::addRow("inference") << static_cast<int>(Method::Inference);
    }
    void rowsMatchEvaluation() {
        QFETCH(int, method);
        BreakdownModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const Plan plan =
            makePlan("llama-2-7b", static_cast<Method>(method), 2, 2048, 1, "h100-sxm-80gb");
        const Evaluation e = evaluate(plan, presets());
        model.setEvaluation(e);
        QCOMPARE(model.columnCount(), static_cast<int>(BreakdownModel::ColumnCount));
        int partRows = 0;
        for (std::size_t c = 0; c < kComponentCount; ++c) {
            const auto comp = static_cast<Component>(c);
            const int row = model.rowOf(comp);
            QVERIFY(row >= 0);
            const QModelIndex idx = model.index(row, BreakdownModel::SizeColumn);
            QCOMPARE(model.data(idx, BreakdownModel::BytesRole).toDouble(), e.bytes(comp));
            QCOMPARE(model.data(idx, BreakdownModel::RowKindRole).toInt(),
                     static_cast<int>(BreakdownModel::RowKind::Component));
            QCOMPARE(model.data(model.index(row, 0)).toString(),
                     QString::fromUtf8(labelOf(comp).data()));
            QCOMPARE(model.data(idx).toString(),
                     QString::fromStdString(formatGiga(e.bytes(comp), UnitSystem::Binary)));
            const ComponentBreakdown& b = e.per_gpu[c];
            for (std::size_t i = 0; i < b.part_count; ++i) {
                const QModelIndex part =
                    model.index(row + 1 + static_cast<int>(i), BreakdownModel::SizeColumn);
                QCOMPARE(model.data(part, BreakdownModel::RowKindRole).toInt(),
                         static_cast<int>(BreakdownModel::RowKind::Part));
                QCOMPARE(model.data(part, BreakdownModel::BytesRole).toDouble(), b.parts[i].bytes);
                QVERIFY(model.data(model.index(part.row(), 0))
                            .toString()
                            .contains(QString::fromUtf8(
                                b.parts[i].label.data(),
                                static_cast<qsizetype>(b.parts[i].label.size()))));
                ++partRows;
            }
        }
        QCOMPARE(model.rowCount(), static_cast<int>(kComponentCount) + partRows + 2);
        const QModelIndex total = model.index(model.rowCount() - 1, BreakdownModel::SizeColumn);
        QCOMPARE(model.data(total, BreakdownModel::BytesRole).toDouble(), e.total);
        QCOMPARE(model.capacity(), e.capacity);
        QVERIFY(model.hasCapacity());
    }

    void valueChangesUpdateInPlace() {
        BreakdownModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        Plan plan = makePlan("llama-2-7b", Method::Full, 4, 2048, 1, "h100-sxm-80gb");
        model.setEvaluation(evaluate(plan, presets()));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        plan.training.micro_batch = 8; // same peak, same parts, other sizes
        const Evaluation e = evaluate(plan, presets());
        model.setEvaluation(e);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model
                     .data(model.index(model.rowOf(Component::Activations), 1),
                           BreakdownModel::BytesRole)
                     .toDouble(),
                 e.bytes(Component::Activations));
        plan.training.method = Method::Lora; // other parts: the structure changes
        model.setEvaluation(evaluate(plan, presets()));
        QCOMPARE(reset.count(), 1);
    }

    void vanishedPartsWaitForCompaction() {
        BreakdownModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        Plan plan = makePlan("llama-2-7b", Method::Full, 4, 2048, 1, "h100-sxm-80gb");
        model.setEvaluation(evaluate(plan, presets()));
        model.compact();
        const int rows = model.rowCount();
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        plan.training.precision = Recipe::Bf16Pure; // no master weights: one part fewer
        const Evaluation pure = evaluate(plan, presets());
        model.setEvaluation(pure);
        QCOMPARE(reset.count(), 0); // kept at zero while the user is still moving things
        QCOMPARE(model.rowCount(), rows);
        double sum = 0;
        for (int r = 0; r < model.rowCount(); ++r)
            if (model.data(model.index(r, 0), BreakdownModel::RowKindRole).toInt() ==
                static_cast<int>(BreakdownModel::RowKind::Part))
                sum += model.data(model.index(r, 1), BreakdownModel::BytesRole).toDouble();
        double parts = 0;
        for (const ComponentBreakdown& b : pure.per_gpu)
            for (std::size_t i = 0; i < b.part_count; ++i)
                parts += b.parts[i].bytes;
        QCOMPARE(sum, parts);                        // the vanished part shows 0 bytes
        plan.training.precision = Recipe::Bf16Mixed; // and back: still no reset
        model.setEvaluation(evaluate(plan, presets()));
        QCOMPARE(reset.count(), 0);
        plan.training.precision = Recipe::Bf16Pure;
        model.setEvaluation(pure);
        QTRY_COMPARE_WITH_TIMEOUT(reset.count(), 1,
                                  5 * BreakdownModel::kCompactDelayMs); // compacted by itself
        QCOMPARE(model.rowCount(), rows - 1);
    }

    void unitsToggle() {
        BreakdownModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const Plan plan = makePlan("llama-2-7b", Method::Full, 1, 2048, 1, "h100-sxm-80gb");
        const Evaluation e = evaluate(plan, presets());
        model.setEvaluation(e);
        QSignalSpy units(&model, &BreakdownModel::unitsChanged);
        const QModelIndex w =
            model.index(model.rowOf(Component::Weights), BreakdownModel::SizeColumn);
        QVERIFY(model.data(w).toString().endsWith(QLatin1String(" GiB")));
        QVERIFY(model.headerData(BreakdownModel::SizeColumn, Qt::Horizontal)
                    .toString()
                    .contains(QLatin1String("GiB")));
        model.setUnits(UnitSystem::Decimal);
        model.setUnits(UnitSystem::Decimal);
        QCOMPARE(units.count(), 1);
        QCOMPARE(model.data(w).toString(), QString::fromStdString(formatGiga(
                                               e.bytes(Component::Weights), UnitSystem::Decimal)));
        QVERIFY(model.data(w).toString().endsWith(QLatin1String(" GB")));
        QVERIFY(model.headerData(BreakdownModel::SizeColumn, Qt::Horizontal)
                    .toString()
                    .contains(QLatin1String("GB")));
    }

    void toolTipNamesPartsInBothUnits() {
        BreakdownModel model;
        const Plan plan = makePlan("llama-2-7b", Method::Full, 1, 2048, 1, "h100-sxm-80gb");
        const Evaluation e = evaluate(plan, presets());
        model.setEvaluation(e);
        const QString tip = model.componentToolTip(Component::OptimizerStates);
        QVERIFY(tip.contains(QLatin1String("GiB")));
        QVERIFY(tip.contains(QLatin1String(" GB")));
        const ComponentBreakdown& b =
            e.per_gpu[static_cast<std::size_t>(Component::OptimizerStates)];
        QVERIFY(b.part_count >= 2); // master weights and moments
        for (std::size_t i = 0; i < b.part_count; ++i)
            QVERIFY2(tip.contains(QString::fromUtf8(b.parts[i].label.data(),
                                                    static_cast<qsizetype>(b.parts[i].label.size()))
                                      .toHtmlEscaped()),
                     qPrintable(tip));
        QVERIFY(tip.contains(QLatin1String("master weights")));
    }
};

QTEST_MAIN(TestBreakdownModel)
#include "tst_gui_breakdownmodel.moc"
