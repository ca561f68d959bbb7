// The window used in earnest (issue 13): the Sweep tab never freezes, fields write only what
// the user typed, the wheel scrolls the panel over unfocused fields, Undo and Redo work from a
// field, an invalid plan gets no verdict, bad text is answered with its reason, and one drag is
// one undo step. Everything is driven through the real widgets with key, mouse and wheel
// events.
#include "charts/chartwidget.h"
#include "charts/memorychartview.h"
#include "controls/advancedcontrols.h"
#include "controls/controlpanel.h"
#include "controls/primarycontrols.h"
#include "controls/sliderfield.h"
#include "controls/textline.h"
#include "document/plandocument.h"
#include "document/settings.h"
#include "mainwindow.h"
#include "testsupport.h"
#include "views/pergpuview.h"
#include "views/sweepview.h"
#include "views/verdictwidget.h"

#include "memplan/names.h"
#include "memplan/param_count.h"
#include "memplan/plan_json.h"

#include <QAbstractButton>
#include <QChart>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QScreen>
#include <QScrollBar>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QStyleOptionSlider>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>
#include <QValueAxis>
#include <QWheelEvent>
#include <QtTest>

#include <memory>

using namespace memplan;
using namespace memplan::gui;
using namespace memplan::gui::test;

namespace {

// One notch of the mouse wheel over the middle of `w` (down: towards the end of the panel).
void wheel(QWidget* w, bool down) {
    const QPointF local = QRectF(w->rect()).center();
    QWheelEvent e(local, w->mapToGlobal(local), QPoint(), QPoint(0, down ? -120 : 120),
                  Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(w, &e);
}

// Drags a slider's handle by `dx` pixels in small steps, pressed once and released once.
void drag(QSlider* s, int dx) {
    const QPoint start = handleRect(s).center();
    QTest::mousePress(s, Qt::LeftButton, Qt::NoModifier, start);
    const int steps = 6;
    for (int i = 1; i <= steps; ++i)
        QTest::mouseMove(s, start + QPoint(dx * i / steps, 0));
    QTest::mouseRelease(s, Qt::LeftButton, Qt::NoModifier, start + QPoint(dx, 0));
}

void typeInto(QWidget* field, const QString& text) {
    field->setFocus();
    QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier); // select all
    QTest::keyClicks(field, text);
}

// The Alt+letter mnemonics that a window offers now (visible labels with a buddy, buttons,
// tabs, the menu bar), each with where it leads.
QMultiMap<QChar, QString> mnemonics(QWidget* window) {
    QMultiMap<QChar, QString> out;
    auto add = [&](const QString& text, const QString& where) {
        for (qsizetype i = 0; i + 1 < text.size(); ++i) {
            if (text[i] != QLatin1Char('&'))
                continue;
            if (text[i + 1] == QLatin1Char('&')) {
                ++i;
                continue;
            }
            out.insert(text[i + 1].toUpper(), where);
            return;
        }
    };
    for (QLabel* l : window->findChildren<QLabel*>())
        if (l->isVisible() && l->buddy())
            add(l->text(), l->text());
    for (QAbstractButton* b : window->findChildren<QAbstractButton*>())
        if (b->isVisible())
            add(b->text(), b->text());
    for (QTabBar* t : window->findChildren<QTabBar*>())
        if (t->isVisible())
            for (int i = 0; i < t->count(); ++i)
                add(t->tabText(i), t->tabText(i));
    if (auto* main = qobject_cast<QMainWindow*>(window))
        for (QAction* a : main->menuBar()->actions())
            add(a->text(), a->text());
    return out;
}

QStringList duplicates(const QMultiMap<QChar, QString>& m) {
    QStringList out;
    for (const QChar c : m.uniqueKeys())
        if (m.count(c) > 1)
            out << QStringLiteral("Alt+%1: %2").arg(c).arg(m.values(c).join(QLatin1String(", ")));
    return out;
}

} // namespace

class TestWindowUse : public QObject {
    Q_OBJECT
private:
    FakeDialogs dialogs_;
    std::unique_ptr<MainWindow> window_;

    MainWindow& w() { return *window_; }
    PlanDocument* doc() { return window_->document(); }
    PrimaryControls* primary() { return window_->controls()->primary(); }
    std::string planJson() { return serializePlan(doc()->plan()); }

    void usePlan(const char* model, Method method, int64_t mb, int64_t seq, const char* gpu) {
        Plan p = makePlan(model, method, mb, seq, 1, gpu);
        doc()->reset(p);
    }

    void activate() {
        QApplication::setActiveWindow(&w());
        QVERIFY(QTest::qWaitForWindowActive(&w()));
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QLocale::setDefault(QLocale::c());
    }

    void init() {
        dialogs_ = FakeDialogs();
        window_ = std::make_unique<MainWindow>(presets(), nullptr, &dialogs_);
        window_->resize(1280, 800);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    }

    void cleanup() {
        dialogs_.answer = Dialogs::SaveChoice::Discard;
        window_.reset();
    }

    // Item 1: switching the Sweep variable (by keyboard, as a user does) on an 8B QLoRA plan.
    // Sequence length after micro-batch or the GPU count laid out one axis item per old tick
    // over 256..131072 tokens: 26 s here, ~100 s in the report. The bound is generous (a
    // sanitizer build, a loaded machine); the figure itself is printed by bench_gui_sweep.
    void sweepSwitchIsQuick_data() {
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("to");
        const int vars[] = {int(SweepVariable::MicroBatch), int(SweepVariable::SeqLen),
                            int(SweepVariable::Params), int(SweepVariable::Gpus)};
        for (int a : vars)
            for (int b : vars)
                if (a != b)
                    QTest::addRow("%s -> %s",
                                  std::string(sweepVariableKey(SweepVariable(a))).c_str(),
                                  std::string(sweepVariableKey(SweepVariable(b))).c_str())
                        << a << b;
    }
    void sweepSwitchIsQuick() {
        QFETCH(int, from);
        QFETCH(int, to);
        usePlan("llama-3.1-8b", Method::Qlora, 1, 2048, "rtx-4090");
        QVERIFY(w().showView(QStringLiteral("sweepView")));
        auto* view = w().findChild<SweepView*>();
        QVERIFY(view && view->isVisible());
        auto* box = view->findChild<QComboBox*>();
        box->setFocus();
        auto select = [&](int variable) {
            const int target = box->findData(variable);
            while (box->currentIndex() != target)
                QTest::keyClick(box, box->currentIndex() < target ? Qt::Key_Down : Qt::Key_Up);
        };
        select(from);
        QCOMPARE(int(view->variable()), from);
        view->grab(); // painted once, as on screen
        QElapsedTimer t;
        t.start();
        select(to);
        view->grab();
        const qint64 ms = t.elapsed();
        QCOMPARE(int(view->variable()), to);
        QVERIFY(!view->result().lines.empty());
        QVERIFY2(ms < 3000, qPrintable(QStringLiteral("switch took %1 ms").arg(ms)));
        if (to == int(SweepVariable::SeqLen)) {
            QCOMPARE(view->range().from, 256.0);
            QCOMPARE(view->range().to, 131072.0); // Llama 3.1's context
        }
    }

    // Item 2: tabbing through every field of the panel writes nothing.
    void tabbingWritesNothing() {
        activate();
        w().controls()->setAdvancedExpanded(true);
        const std::string before = planJson();
        const std::string preset = PlanDocument::defaultPlan(presets()).model.preset;
        QVERIFY(!preset.empty());
        QCOMPARE(doc()->plan().model.preset, preset);
        primary()->params()->lineEdit()->setFocus();
        QTRY_COMPARE(QApplication::focusWidget(), primary()->params()->lineEdit());
        for (int i = 0; i < 80; ++i)
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(planJson(), before);
        QCOMPARE(doc()->undoStack()->count(), 0);
        QVERIFY(!doc()->isModified());
        QCOMPARE(doc()->plan().model.preset, preset);
    }

    // Item 2: typing back what the field shows keeps the preset; a new count leaves it.
    void retypingKeepsPreset() {
        activate();
        QLineEdit* params = primary()->params()->lineEdit();
        const QString shown = params->text();
        const std::string preset = doc()->plan().model.preset;
        QVERIFY(!preset.empty());
        typeInto(params, shown);
        QTest::keyClick(params, Qt::Key_Enter);
        QCOMPARE(doc()->plan().model.preset, preset);
        QCOMPARE(doc()->undoStack()->count(), 0);
        typeInto(params, QStringLiteral("13B"));
        QTest::keyClick(params, Qt::Key_Enter);
        QVERIFY(doc()->plan().model.preset.empty());
        QCOMPARE(*doc()->plan().model.params, 13e9);
    }

    // Minor "derived shapes are odd (141 heads with 3 KV heads; vocabulary falling back to
    // 32,000 from a 128,256 preset)": a count typed over Llama 3.1 8B scales that model. The
    // shape fields the user opens keep its vocabulary, head_dim and 8 KV heads, with heads a
    // multiple of 8; typing again scales the same model, not the derived shape.
    void typedCountScalesThePreset() {
        activate();
        usePlan("llama-3.1-8b", Method::Lora, 1, 2048, "rtx-4090");
        w().controls()->setAdvancedExpanded(true);
        AdvancedControls* adv = w().controls()->advanced();
        QLineEdit* params = primary()->params()->lineEdit();
        for (const char* count : {"13B", "70B", "2.5B"}) {
            typeInto(params, QString::fromLatin1(count));
            QTest::keyClick(params, Qt::Key_Enter);
            QVERIFY(doc()->plan().model.shape_derived);
            QTRY_COMPARE(adv->vocab()->value(), 128256);
            QCOMPARE(adv->headDim()->value(), 128);
            QCOMPARE(adv->kvHeads()->value(), 8);
            QCOMPARE(adv->heads()->value() % 8, 0);
            QCOMPARE(adv->hidden()->value(), adv->heads()->value() * 128);
            QVERIFY2(
                primary()->modelLine()->text().startsWith(QLatin1String("Llama 3.1 8B, scaled:")),
                qPrintable(primary()->modelLine()->text()));
        }
    }

    // Minor "for QLoRA the assumptions say weights=bf16 while the base is NF4": the panel
    // the user reads names the NF4 base and the adapters' width; switching the method to
    // LoRA by the Method box gives the 16-bit base again.
    void qloraAssumptionsNameTheNf4Base() {
        activate();
        usePlan("llama-3.1-8b", Method::Qlora, 1, 2048, "rtx-4090");
        auto* text = w().findChild<QLabel*>(QStringLiteral("assumptionsText"));
        QVERIFY(text);
        QTRY_VERIFY2(text->text().contains(QLatin1String("weights=nf4 (adapters bf16)")),
                     qPrintable(text->text()));
        QVERIFY2(!text->text().contains(QLatin1String("weights=bf16")), qPrintable(text->text()));
        w().controls()->setAdvancedExpanded(true);
        QComboBox* method = w().controls()->advanced()->method();
        method->setFocus();
        const int lora = method->findData(static_cast<int>(Method::Lora));
        QVERIFY(lora >= 0);
        while (method->currentIndex() != lora) {
            const int before = method->currentIndex();
            QTest::keyClick(method, method->currentIndex() < lora ? Qt::Key_Down : Qt::Key_Up);
            QVERIFY(method->currentIndex() != before);
        }
        QCOMPARE(doc()->plan().training.method, Method::Lora);
        QTRY_VERIFY2(!text->text().contains(QLatin1String("nf4")), qPrintable(text->text()));
    }

    // Items 2 and 4: Ctrl+Z in the field undoes the plan, and leaving the field afterwards
    // re-applies nothing (the report: Llama 3.1 70B became 68 layers x 79 heads).
    void undoInFieldThenLeave() {
        activate();
        usePlan("llama-3.1-70b", Method::Lora, 1, 2048, "h100-sxm-80gb");
        const std::string original = planJson();
        QLineEdit* params = primary()->params()->lineEdit();
        typeInto(params, QStringLiteral("13B"));
        QTest::keyClick(params, Qt::Key_Enter);
        QVERIFY(planJson() != original);
        QTest::keySequence(params, QKeySequence::Undo);
        QCOMPARE(planJson(), original);
        QCOMPARE(params->text(), primary()->params()->lineEdit()->text());
        QTest::keyClick(params, Qt::Key_Tab);
        QCOMPARE(planJson(), original);
        QCOMPARE(doc()->plan().model.preset, std::string("llama-3.1-70b"));
        QCOMPARE(doc()->undoStack()->index(), 0);
    }

    // Item 4: Undo / Redo shortcuts from a focused text or number field, committed or not.
    void undoRedoFromFields_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("typed");
        QTest::addRow("parameters (text)") << 0 << QStringLiteral("13B");
        QTest::addRow("micro-batch (spin box)") << 1 << QStringLiteral("12");
        QTest::addRow("layers (more settings)") << 2 << QStringLiteral("40");
        QTest::addRow("capacity (decimal)") << 3 << QStringLiteral("70");
    }
    void undoRedoFromFields() {
        QFETCH(int, which);
        QFETCH(QString, typed);
        activate();
        w().controls()->setAdvancedExpanded(true);
        AdvancedControls* a = w().controls()->advanced();
        QWidget* f = nullptr;
        switch (which) {
        case 0:
            f = primary()->params()->lineEdit();
            break;
        case 1:
            f = primary()->microBatch()->spinBox();
            break;
        case 2:
            f = a->layers();
            break;
        default: // the GPU's capacity, a decimal spin box in GiB
            for (QDoubleSpinBox* d : a->findChildren<QDoubleSpinBox*>())
                if (d->suffix().contains(QLatin1String("GiB")))
                    f = d;
        }
        QVERIFY(f);
        w().controls()->ensureWidgetVisible(f);
        const std::string original = planJson();
        typeInto(f, typed);
        QTest::keyClick(f, Qt::Key_Enter);
        const std::string edited = planJson();
        QVERIFY(edited != original);

        QTest::keySequence(f, QKeySequence(Qt::CTRL | Qt::Key_Z));
        QCOMPARE(planJson(), original);
        QTest::keySequence(f, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
        QCOMPARE(planJson(), edited);
        QTest::keySequence(f, QKeySequence(Qt::CTRL | Qt::Key_Z));
        QCOMPARE(planJson(), original);
        QTest::keySequence(f, QKeySequence(Qt::CTRL | Qt::Key_Y));
        QCOMPARE(planJson(), edited);

        // Typing not yet committed: Ctrl+Z takes the typing back first, the plan stays; the
        // next Ctrl+Z undoes the plan; leaving the field then writes nothing.
        QTest::keyClick(f, Qt::Key_Home);
        QTest::keyClicks(f, QStringLiteral("9"));
        QCOMPARE(planJson(), edited);
        QTest::keySequence(f, QKeySequence(Qt::CTRL | Qt::Key_Z));
        QCOMPARE(planJson(), edited);
        QTest::keySequence(f, QKeySequence(Qt::CTRL | Qt::Key_Z));
        QCOMPARE(planJson(), original);
        QTest::keyClick(f, Qt::Key_Tab);
        QCOMPARE(planJson(), original);
    }

    // Item 3: the wheel over unfocused fields of More settings scrolls the panel; a focused
    // field takes it.
    void wheelScrollsPanel() {
        w().resize(1024, 600);
        w().controls()->setAdvancedExpanded(true);
        qInfo() << "min" << w().minimumSizeHint() << w().size() << w().controls()->minimumSizeHint()
                << w().controls()->minimumWidth() << w().views()->minimumSizeHint()
                << w().views()->minimumSize();
        QTRY_VERIFY(w().controls()->verticalScrollBar()->maximum() > 0);
        AdvancedControls* a = w().controls()->advanced();
        QScrollBar* bar = w().controls()->verticalScrollBar();
        QVERIFY(bar->maximum() > 0); // the panel scrolls at this size
        QSpinBox* kv = a->kvHeads();
        QComboBox* optimizer = a->optimizer();
        for (QWidget* field : std::initializer_list<QWidget*>{kv, optimizer}) {
            w().controls()->ensureWidgetVisible(field);
            primary()->params()->slider()->setFocus(); // focus elsewhere
            const std::string before = planJson();
            const int scrolled = bar->value();
            const bool down = scrolled < bar->maximum();
            wheel(field, down);
            QCOMPARE(planJson(), before);
            QVERIFY2(bar->value() != scrolled, "the panel did not scroll");
            QVERIFY(!field->hasFocus());
        }
        // Focused, the field takes the wheel.
        w().controls()->ensureWidgetVisible(kv);
        kv->setFocus();
        const int heads = kv->value();
        const int scrolled = bar->value();
        wheel(kv, true);
        QCOMPARE(kv->value(), heads - 1);
        QCOMPARE(bar->value(), scrolled);
    }

    // Item 5: TP = 2 on one GPU: the reason, no verdict, a greyed chart; fixed, all comes back.
    void invalidPlanHasNoVerdict() {
        activate();
        w().controls()->setAdvancedExpanded(true);
        QSpinBox* tp = w().controls()->advanced()->tensorParallel();
        w().controls()->ensureWidgetVisible(tp);
        typeInto(tp, QStringLiteral("2"));
        QTest::keyClick(tp, Qt::Key_Enter);
        QCOMPARE(doc()->plan().parallelism.tp, 2);
        VerdictWidget* v = w().perGpuView()->verdict();
        QCOMPARE(v->state(), VerdictWidget::State::Invalid);
        QVERIFY(!v->headline().contains(QLatin1String("Fits")));
        QVERIFY(!v->headline().contains(QLatin1String("\u2714")));
        QVERIFY(v->headline().contains(QLatin1String("not valid")));
        QVERIFY(v->details().contains(QLatin1String("parallelism")));
        QVERIFY2(v->details().contains(QLatin1String("1 GPU cannot be split")),
                 qPrintable(v->details()));
        QVERIFY(v->suggestions().empty());
        QVERIFY(w().perGpuView()->chart()->isGreyed());
        typeInto(tp, QStringLiteral("1"));
        QTest::keyClick(tp, Qt::Key_Enter);
        QVERIFY(v->state() != VerdictWidget::State::Invalid);
        QVERIFY(!w().perGpuView()->chart()->isGreyed());
    }

    // Minors: bad text is shown as invalid, with the reason; the plan keeps its value.
    void badTextIsExplained_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reason");
        QTest::addRow("not a number") << QStringLiteral("abc") << QStringLiteral("not a number");
        QTest::addRow("too large") << QStringLiteral("1e30") << QStringLiteral("largest");
        QTest::addRow("negative") << QStringLiteral("-5") << QStringLiteral("smallest");
    }
    void badTextIsExplained() {
        QFETCH(QString, text);
        QFETCH(QString, reason);
        activate();
        const std::string before = planJson();
        SliderField* f = primary()->params();
        typeInto(f->lineEdit(), text);
        QTest::keyClick(f->lineEdit(), Qt::Key_Enter);
        QCOMPARE(planJson(), before);
        QVERIFY2(f->problem().contains(reason), qPrintable(f->problem()));
        QCOMPARE(f->lineEdit()->text(), text); // still there, marked, not silently replaced
        auto* label = f->findChild<QLabel*>();
        QVERIFY(label && label->isVisible() && label->text() == f->problem());
        QTest::keyClick(f->lineEdit(), Qt::Key_Tab); // leaving keeps the mark, writes nothing
        QCOMPARE(planJson(), before);
        QVERIFY(!f->problem().isEmpty());
        typeInto(f->lineEdit(), QStringLiteral("3B"));
        QTest::keyClick(f->lineEdit(), Qt::Key_Enter);
        QVERIFY(f->problem().isEmpty());
        QVERIFY(!label->isVisible());
        QCOMPARE(*doc()->plan().model.params, 3e9);
    }

    // Minors: "32k" in the sequence length is 32,768 tokens.
    void sequenceLengthTakesK_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qlonglong>("tokens");
        QTest::addRow("32k") << QStringLiteral("32k") << 32768LL;
        QTest::addRow("128K") << QStringLiteral("128K") << 131072LL;
        QTest::addRow("4096") << QStringLiteral("4096") << 4096LL;
    }
    void sequenceLengthTakesK() {
        QFETCH(QString, text);
        QFETCH(qlonglong, tokens);
        activate();
        QSpinBox* seq = primary()->seqLen()->spinBox();
        typeInto(seq, text);
        QTest::keyClick(seq, Qt::Key_Enter);
        QCOMPARE(doc()->plan().training.seq_len, tokens);
    }

    // Minors: one drag is one undo step, two drags are two.
    void dragsAreUndoSteps() {
        QSlider* s = primary()->microBatch()->slider();
        const std::string original = planJson();
        drag(s, s->width() / 4);
        const std::string first = planJson();
        QVERIFY(first != original);
        QCOMPARE(doc()->undoStack()->count(), 1);
        drag(s, s->width() / 4);
        QVERIFY(planJson() != first);
        QCOMPARE(doc()->undoStack()->count(), 2);
        doc()->undoStack()->undo();
        QCOMPARE(planJson(), first);
        doc()->undoStack()->undo();
        QCOMPARE(planJson(), original);
    }

    // Item 10: small screens. The window opens within the screen (offscreen: 800 x 600), a
    // saved layout from a larger screen is not restored onto it, and with More settings open
    // every tab still fits 1024 x 600 (the panel scrolls).
    void smallScreen() {
        const QSize screen = w().screen()->availableGeometry().size();
        QVERIFY(screen.width() < 1280 || screen.height() < 800); // the test needs a small one
        QTemporaryDir dir;
        const QString ini = dir.filePath(QStringLiteral("memplan.ini"));
        {
            Settings settings(ini, nullptr);
            QWidget big;
            big.setGeometry(0, 0, 1280, 800);
            settings.setWindowGeometry(big.saveGeometry());
            settings.sync();
        }
        for (bool saved : {false, true}) {
            Settings settings(ini, nullptr);
            MainWindow fresh(presets(), saved ? &settings : nullptr, &dialogs_);
            QVERIFY2(fresh.width() <= screen.width() && fresh.height() <= screen.height(),
                     qPrintable(QStringLiteral("%1 x %2 on a %3 x %4 screen")
                                    .arg(fresh.width())
                                    .arg(fresh.height())
                                    .arg(screen.width())
                                    .arg(screen.height())));
        }
        w().controls()->setAdvancedExpanded(true);
        w().resize(1024, 600);
        QTest::qWait(50);
        for (int tab = 0; tab < w().views()->count(); ++tab) {
            w().views()->setCurrentIndex(tab);
            const QSize min = w().minimumSizeHint().expandedTo(w().minimumSize());
            QVERIFY2(min.width() <= 1024 && min.height() <= 600,
                     qPrintable(QStringLiteral("%1: minimum %2 x %3")
                                    .arg(w().views()->tabText(tab))
                                    .arg(min.width())
                                    .arg(min.height())));
        }
    }

    // First start (8B LoRA on a 24 GB card): the Timeline, Compare and Sweep charts settle.
    // Their tick count follows the plot's height, and the plot's height can follow the axis
    // (label widths move category labels and the legend); refitting on each plot-area change
    // made a QValueAxis range ping-pong. Here the plot's height follows the tick count
    // outright (a margin that flips with each tick change): the axis must still settle.
    void chartsSettleWhenThePlotFollowsTheAxis() {
        QTabBar* tabs = w().views()->tabBar();
        for (int i = 1; i < tabs->count(); ++i) {
            QTest::mouseClick(tabs, Qt::LeftButton, Qt::NoModifier, tabs->tabRect(i).center());
            QTRY_COMPARE(w().views()->currentIndex(), i);
            ChartWidget* chart = w().views()->currentWidget()->findChild<ChartWidget*>();
            QVERIFY(chart);
            QTRY_VERIFY(chart->isVisible() && chart->chart()->plotArea().height() > 0);
            QValueAxis* axis = nullptr;
            for (QAbstractAxis* a : chart->chart()->axes(Qt::Vertical))
                if (auto* v = qobject_cast<QValueAxis*>(a); v && v->isVisible())
                    axis = v;
            QVERIFY(axis);
            int changes = 0;
            bool tall = false;
            const QMargins margins = chart->chart()->margins();
            const auto feedback = connect(axis, &QValueAxis::tickCountChanged, this, [&] {
                ++changes;
                tall = !tall;
                chart->chart()->setMargins(margins + QMargins(0, tall ? 160 : 0, 0, 0));
            });
            w().resize(w().width(), w().height() - 40);
            QTest::qWait(300);
            disconnect(feedback);
            chart->chart()->setMargins(margins);
            QVERIFY2(changes <= 3,
                     qPrintable(
                         QStringLiteral("%1: %2 tick changes").arg(tabs->tabText(i)).arg(changes)));
            w().resize(1280, 800);
        }
    }

    // Minors: the sliders grow with the window.
    void slidersGrow() {
        QSlider* s = primary()->microBatch()->slider();
        w().resize(1024, 700);
        QTRY_VERIFY(s->width() > 0);
        QTest::qWait(10);
        const int narrow = s->width();
        w().resize(1800, 700);
        QTRY_VERIFY2(s->width() > narrow + 100,
                     qPrintable(QStringLiteral("%1 -> %2 px").arg(narrow).arg(s->width())));
    }

    // Minors: every Alt+letter leads to one place, whatever the method shows.
    void mnemonicsAreUnique_data() {
        QTest::addColumn<int>("method");
        for (Method m : {Method::Full, Method::Lora, Method::Qlora, Method::Galore,
                         Method::Inference, Method::Serving, Method::Dpo})
            QTest::addRow("%s", std::string(keyOf(m)).c_str()) << int(m);
    }
    void mnemonicsAreUnique() {
        QFETCH(int, method);
        Plan p = doc()->plan();
        p.training.method = Method(method);
        doc()->reset(p);
        QVERIFY2(duplicates(mnemonics(&w())).isEmpty(),
                 qPrintable(duplicates(mnemonics(&w())).join(QLatin1String("; "))));
        w().controls()->setAdvancedExpanded(true);
        for (int tab = 0; tab < w().views()->count(); ++tab) {
            w().views()->setCurrentIndex(tab);
            const QStringList d = duplicates(mnemonics(&w()));
            QVERIFY2(d.isEmpty(), qPrintable(w().views()->tabText(tab) + QLatin1String(": ") +
                                             d.join(QLatin1String("; "))));
        }
    }

    // Minors: the Export Chart dialog shows no literal "&" and each Alt+letter leads to one field.
    void exportDialogLabels() {
        activate();
        QStringList literal, problems;
        QTimer::singleShot(0, this, [&] {
            QWidget* dialog = QApplication::activeModalWidget();
            if (!dialog) {
                problems << QStringLiteral("no dialog");
                return;
            }
            for (QLabel* l : dialog->findChildren<QLabel*>())
                if (l->isVisible() && l->text().contains(QLatin1Char('&')) && !l->buddy())
                    literal << l->text();
            problems << duplicates(mnemonics(dialog));
            QTest::keyClick(dialog, Qt::Key_Escape);
        });
        w().action("exportChart")->trigger();
        QVERIFY2(literal.isEmpty(), qPrintable(literal.join(QLatin1String(", "))));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1String("; "))));
    }
};

QTEST_MAIN(TestWindowUse)
#include "tst_gui_window_use.moc"
