// The timeline view: one stacked bar per moment of the step, with the core's values, the peak
// marked, and a hidden tab that catches up when shown.
#include "document/plandocument.h"
#include "testsupport.h"
#include "views/timelineview.h"

#include "memplan/units.h"

#include <QtTest>

using namespace memplan;
using namespace memplan::gui;

class TestTimeline : public QObject {
    Q_OBJECT
private:
    static void compareWithCore(const TimelineView& view, const Evaluation& e) {
        QCOMPARE(view.momentCount(), static_cast<int>(e.moment_count));
        QCOMPARE(view.peakMoment(), static_cast<int>(e.peak_moment));
        for (int m = 0; m < view.momentCount(); ++m)
            for (std::size_t c = 0; c < kAllocatedComponentCount; ++c)
                QCOMPARE(view.value(static_cast<Component>(c), m),
                         e.moments[m].resident[c].bytes / kGiB);
        QVERIFY(view.momentLabel(view.peakMoment()).contains(QLatin1String("peak")));
    }

private slots:
    void showsEveryMomentOfTheStep() {
        PlanDocument doc(test::presets());
        doc.reset(test::makePlan("llama-2-7b", Method::Full, 2, 4096, 8, "h100-sxm-80gb",
                                 Sharding::Zero3));
        TimelineView view(&doc);
        view.resize(900, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // forward, loss, start of backward, the last layer's backward, end of backward,
        // optimizer step
        QCOMPARE(view.momentCount(), 6);
        compareWithCore(view, doc.evaluation());

        Plan inference = doc.plan();
        inference.training.method = Method::Inference;
        inference.training.new_tokens = 512;
        doc.edit(inference, QStringLiteral("inference"));
        QCOMPARE(view.momentCount(), 2); // prefill, end of generation
        compareWithCore(view, doc.evaluation());
    }

    void hiddenViewCatchesUpWhenShown() {
        PlanDocument doc(test::presets());
        TimelineView view(&doc);
        view.hide();
        Plan p = doc.plan();
        p.training.micro_batch = 16;
        doc.edit(p, QStringLiteral("micro-batch"));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        compareWithCore(view, doc.evaluation());
    }
};

QTEST_MAIN(TestTimeline)
#include "tst_gui_timeline.moc"
