// QBENCHMARK of the Sweep tab's worst interactions on an 8B QLoRA plan (issue 13: switching to
// sequence length froze the window for ~100 s): one variable switch by keyboard, painted, and
// one plan edit followed by the visible Sweep tab. Target: under 50 ms each. Registered with
// CTest (label bench) so it always builds and runs once; run it alone for the figures.
#include "document/plandocument.h"
#include "mainwindow.h"
#include "testsupport.h"
#include "views/sweepview.h"

#include <QComboBox>
#include <QtTest>

using namespace memplan;
using namespace memplan::gui;
using namespace memplan::gui::test;

class BenchSweep : public QObject {
    Q_OBJECT
private:
    FakeDialogs dialogs_;
    std::unique_ptr<MainWindow> window_;
    SweepView* view_ = nullptr;

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        window_ = std::make_unique<MainWindow>(presets(), nullptr, &dialogs_);
        window_->resize(1280, 800);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        window_->document()->reset(makePlan("llama-3.1-8b", Method::Qlora, 1, 2048, 1, "rtx-4090"));
        QVERIFY(window_->showView(QStringLiteral("sweepView")));
        view_ = window_->findChild<SweepView*>();
        QVERIFY(view_);
    }
    void cleanupTestCase() {
        dialogs_.answer = Dialogs::SaveChoice::Discard;
        window_.reset();
    }

    // Micro-batch <-> sequence length (256..131072 tokens), one key press and a repaint each.
    void switchVariable() {
        auto* box = view_->findChild<QComboBox*>();
        box->setFocus();
        const int mb = box->findData(int(SweepVariable::MicroBatch));
        const int seq = box->findData(int(SweepVariable::SeqLen));
        QCOMPARE(seq, mb + 1);
        box->setCurrentIndex(mb);
        QBENCHMARK {
            QTest::keyClick(box, box->currentIndex() == mb ? Qt::Key_Down : Qt::Key_Up);
            view_->grab();
        }
        QVERIFY(!view_->result().lines.empty());
    }

    // A plan edit (micro-batch 1 <-> 2) while the Sweep tab is shown: the sweep follows.
    void followPlanEdit() {
        PlanDocument* doc = window_->document();
        QBENCHMARK {
            Plan p = doc->plan();
            p.training.micro_batch = p.training.micro_batch == 1 ? 2 : 1;
            doc->edit(p, QStringLiteral("bench"));
            QCoreApplication::processEvents();
            view_->grab();
        }
        QVERIFY(!view_->result().lines.empty());
    }
};

QTEST_MAIN(BenchSweep)
#include "bench_gui_sweep.moc"
