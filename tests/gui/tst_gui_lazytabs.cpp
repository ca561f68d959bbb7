// Start-up builds the Per GPU view alone: Timeline, Compare and Sweep are built the first time
// their tab is shown (or a screenshot or export asks for them), once, in the window's units.
#include "document/plandocument.h"
#include "mainwindow.h"
#include "testsupport.h"
#include "views/compareview.h"
#include "views/pergpuview.h"
#include "views/sweepview.h"
#include "views/timelineview.h"

#include <QTabWidget>
#include <QtTest>

using namespace memplan;
using namespace memplan::gui;
using namespace memplan::gui::test;

class TestLazyTabs : public QObject {
    Q_OBJECT

    // Which views the window holds now: "timeline", "compare", "sweep".
    static QStringList built(const MainWindow& w) {
        QStringList out;
        if (w.findChild<TimelineView*>())
            out << QStringLiteral("timeline");
        if (w.findChild<CompareView*>())
            out << QStringLiteral("compare");
        if (w.findChild<SweepView*>())
            out << QStringLiteral("sweep");
        return out;
    }

private slots:
    void tabBuiltOnFirstShow_data() {
        QTest::addColumn<QString>("tab");
        QTest::addColumn<QStringList>("builtAfter");
        QTest::newRow("timeline") << "timeline" << QStringList{"timeline"};
        QTest::newRow("compare") << "compareView" << QStringList{"compare"};
        // The Sweep view draws the Compare view's columns: it needs that view too.
        QTest::newRow("sweep") << "sweepView" << QStringList{"compare", "sweep"};
    }
    void tabBuiltOnFirstShow() {
        QFETCH(QString, tab);
        QFETCH(QStringList, builtAfter);
        MainWindow w(presets());
        w.document()->reset(makePlan("llama-2-7b", Method::Full, 4, 2048, 1, "h100-sxm-80gb"));
        // Chosen before the view exists: the view must start in these units.
        w.perGpuView()->setUnits(UnitSystem::Decimal);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(built(w), QStringList());

        QWidget* page = w.findChild<QWidget*>(tab);
        QVERIFY(page);
        w.views()->setCurrentWidget(page);
        QCOMPARE(built(w), builtAfter);
        // Shown with its page, filled from the current plan.
        if (auto* t = w.findChild<TimelineView*>()) {
            QVERIFY(t->isVisible());
            QVERIFY(t->momentCount() > 0);
        }
        if (auto* c = w.findChild<CompareView*>())
            QCOMPARE(c->units(), UnitSystem::Decimal);
        if (auto* s = w.findChild<SweepView*>()) {
            QVERIFY(s->isVisible());
            QCOMPARE(s->units(), UnitSystem::Decimal);
        }

        // Built once: leaving and coming back keeps the same view; later unit changes follow.
        QWidget* first = page->findChildren<QWidget*>().value(0);
        w.views()->setCurrentWidget(w.perGpuView());
        w.perGpuView()->setUnits(UnitSystem::Binary);
        w.views()->setCurrentWidget(page);
        QCOMPARE(page->findChildren<QWidget*>().value(0), first);
        QCOMPARE(built(w), builtAfter);
        if (auto* c = w.findChild<CompareView*>())
            QCOMPARE(c->units(), UnitSystem::Binary);
    }

    void showViewBuildsWithoutAWindow() {
        // Screenshots pick a view on a window that is never shown on screen.
        MainWindow w(presets());
        QVERIFY(w.showView(QStringLiteral("sweepView")));
        QCOMPARE(built(w), (QStringList{"compare", "sweep"}));
        QVERIFY(!w.showView(QStringLiteral("nonsense")));
    }
};

QTEST_MAIN(TestLazyTabs)
#include "tst_gui_lazytabs.moc"
