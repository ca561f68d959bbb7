// "What would make it fit" in the window: every suggestion the core returns fits and gets a
// button label of its own.
#include "testsupport.h"
#include "views/suggestions.h"

#include "memplan/model.h"

#include <QtTest>

#include <algorithm>

Q_DECLARE_METATYPE(memplan::Plan)

using namespace memplan;
using namespace memplan::gui;
using namespace memplan::gui::test;

class TestSuggestions : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void suggestionsFit_data() {
        QTest::addColumn<Plan>("plan");
        QTest::addRow("7B full, mb 16, 1 GPU")
            << makePlan("llama-2-7b", Method::Full, 16, 2048, 1, "h100-sxm-80gb");
        QTest::addRow("7B full, mb 8, 8 GPUs DDP")
            << makePlan("llama-2-7b", Method::Full, 8, 4096, 8, "h100-sxm-80gb");
        QTest::addRow("8B full, mb 8, 4 GPUs")
            << makePlan("llama-3.1-8b", Method::Full, 8, 4096, 4, "h100-sxm-80gb");
        QTest::addRow("70B full, ZeRO-3 on 8")
            << makePlan("llama-2-70b", Method::Full, 1, 4096, 8, "h100-sxm-80gb", Sharding::Zero3);
        QTest::addRow("7B LoRA on a 4090")
            << makePlan("llama-2-7b", Method::Lora, 16, 4096, 1, "rtx-4090");
    }
    void suggestionsFit() {
        QFETCH(Plan, plan);
        const GpuPreset* gpu = presets().findGpu(plan.hardware.gpu);
        const Evaluation now = evaluate(plan, gpu);
        QVERIFY2(!now.fits, "the test plan should not fit");
        const auto fixes = suggestFixes(plan, gpu);
        QVERIFY(!fixes.empty());
        for (const Suggestion& s : fixes) {
            const Evaluation e = evaluate(s.plan, gpu);
            QVERIFY2(e.ok && e.fits, qPrintable(suggestionText(s)));
            QCOMPARE(s.headroom, e.headroom);
            QVERIFY(!suggestionText(s).isEmpty());
        }
        // Labels tell the suggestions apart.
        for (std::size_t i = 1; i < fixes.size(); ++i)
            QVERIFY(suggestionText(fixes[i]) != suggestionText(fixes[i - 1]));
    }

    void largestMicroBatchIsTheLargest() {
        Plan plan = makePlan("llama-2-7b", Method::Lora, 64, 4096, 1, "h100-sxm-80gb");
        const GpuPreset* gpu = presets().findGpu(plan.hardware.gpu);
        const auto fixes = suggestFixes(plan, gpu);
        QVERIFY(!fixes.empty());
        // The same global batch comes first; the smaller batch is the largest that fits.
        QCOMPARE(fixes.front().kind, SuggestionKind::GradAccum);
        QVERIFY(suggestionText(fixes.front()).contains(QLatin1String("same global batch")));
        const auto smaller = std::find_if(fixes.begin(), fixes.end(), [](const Suggestion& s) {
            return s.kind == SuggestionKind::MicroBatch;
        });
        QVERIFY(smaller != fixes.end());
        const int64_t mb = smaller->plan.training.micro_batch;
        plan.training.micro_batch = mb + 1;
        QVERIFY(!evaluate(plan, gpu).fits);
    }

    void nothingWhenItFits() {
        const Plan plan = makePlan("llama-3.2-1b", Method::Lora, 1, 512, 1, "h100-sxm-80gb");
        QVERIFY(suggestFixes(plan, presets().findGpu(plan.hardware.gpu)).empty());
    }
};

QTEST_GUILESS_MAIN(TestSuggestions)
#include "tst_gui_suggestions.moc"
