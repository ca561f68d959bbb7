// The window end to end: sliders moved by keys and the mouse, presets, fields, undo, files,
// prompts, hover tooltips, units, the verdict's suggestions and remembered settings. Every
// check of the chart compares its bars with what the core computes for the document's plan.
#include "charts/memorychartview.h"
#include "controls/advancedcontrols.h"
#include "controls/controlpanel.h"
#include "controls/primarycontrols.h"
#include "controls/sliderfield.h"
#include "dialogs.h"
#include "document/plandocument.h"
#include "document/planedits.h"
#include "document/settings.h"
#include "mainwindow.h"
#include "models/breakdownmodel.h"
#include "testsupport.h"
#include "views/pergpuview.h"
#include "views/verdictwidget.h"

#include "memplan/model.h"
#include "memplan/names.h"
#include "memplan/param_count.h"
#include "memplan/plan_json.h"
#include "memplan/units.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStyleOptionSlider>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QUndoStack>
#include <QtTest>

#include <cmath>
#include <memory>
#include <set>

using namespace memplan;
using namespace memplan::gui;
using namespace memplan::gui::test;

namespace {

using test::FakeDialogs;

enum class SliderId { Params, Precision, MicroBatch, SeqLen, Gpus };

SliderField* field(MainWindow& w, SliderId id) {
    PrimaryControls* p = w.controls()->primary();
    switch (id) {
    case SliderId::Params:
        return p->params();
    case SliderId::Precision:
        return p->precision();
    case SliderId::MicroBatch:
        return p->microBatch();
    case SliderId::SeqLen:
        return p->seqLen();
    case SliderId::Gpus:
        return p->gpus();
    }
    return nullptr;
}

// The plan's value that a primary slider controls.
double planValue(const Plan& plan, SliderId id) {
    switch (id) {
    case SliderId::Params:
        return modelParamCount(plan.model);
    case SliderId::Precision: {
        const auto recipes = names(Recipe{});
        for (std::size_t i = 0; i < recipes.size(); ++i)
            if (recipes[i].value == plan.training.precision)
                return static_cast<double>(i);
        return -1;
    }
    case SliderId::MicroBatch:
        return static_cast<double>(plan.training.micro_batch);
    case SliderId::SeqLen:
        return static_cast<double>(plan.training.seq_len);
    case SliderId::Gpus:
        return static_cast<double>(plan.parallelism.gpus);
    }
    return -1;
}

bool close(double a, double b) {
    return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

void writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private:
    FakeDialogs dialogs_;
    std::unique_ptr<MainWindow> window_;
    std::unique_ptr<QAbstractItemModelTester> tester_;

    MainWindow& w() { return *window_; }
    PlanDocument* doc() { return window_->document(); }

    // The axis unit a chart not held by a drag shows for `e`, as a power of 1024 over GiB:
    // GiB, TiB, PiB, EiB once the bar's high end or the capacity passes 1 TiB, 1 PiB ...
    static int axisPowerFor(const Evaluation& e) {
        const double top = std::max(e.total_high, e.capacity);
        return top >= 1024.0 * 1024 * 1024 * kGiB ? 3
               : top >= 1024.0 * 1024 * kGiB      ? 2
               : top >= 1024.0 * kGiB             ? 1
                                                  : 0;
    }

    // The chart shows what the core computes for the document's plan.
    void verifyChart() {
        const Evaluation e = evaluate(doc()->plan(), presets());
        MemoryChartView* chart = w().perGpuView()->chart();
        // The chart's unit: GiB (GB), or TiB, PiB, EiB (TB, PB, EB) once the bar's high end
        // passes 1 TiB (1 TB), 1 PiB ...
        const bool binary = w().perGpuView()->units() == UnitSystem::Binary;
        const double scale =
            (binary ? kGiB : kGB) * std::pow(binary ? 1024.0 : 1000.0, chart->axisUnitPower());
        QCOMPARE(chart->valueUnitBytes(), scale);
        for (std::size_t i = 0; i < kComponentCount; ++i) {
            const auto c = static_cast<Component>(i);
            QVERIFY2(close(chart->barValue(c), e.bytes(c) / scale),
                     qPrintable(QStringLiteral("%1: chart %2, core %3")
                                    .arg(QString::fromUtf8(labelOf(c).data()))
                                    .arg(chart->barValue(c))
                                    .arg(e.bytes(c) / scale)));
        }
        QCOMPARE(chart->hasCapacityLine(), e.has_capacity);
        if (e.has_capacity)
            QVERIFY(close(chart->capacityValue(), e.capacity / scale));
        QVERIFY(chart->axisMaximum() >= std::max(e.total, e.capacity) / scale);
        // Round ticks: the interval is 1, 2, 2.5 or 5 times a power of ten.
        const double step = chart->axisMaximum() / (chart->axisTickCount() - 1);
        const double mantissa = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
        QVERIFY2(close(mantissa, 1) || close(mantissa, 2) || close(mantissa, 2.5) ||
                     close(mantissa, 5),
                 qPrintable(QStringLiteral("axis 0..%1 in %2 ticks")
                                .arg(chart->axisMaximum())
                                .arg(chart->axisTickCount())));
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
        tester_ = std::make_unique<QAbstractItemModelTester>(
            w().perGpuView()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    }

    void cleanup() {
        tester_.reset();
        // Nothing may block: unsaved changes are discarded by the fake dialogs.
        dialogs_.answer = Dialogs::SaveChoice::Discard;
        window_.reset();
    }

    void defaultPlanIsCharted() {
        QVERIFY(w().views()->count() >= 1);
        QCOMPARE(w().views()->tabText(0), QStringLiteral("Per GPU"));
        QCOMPARE(w().views()->widget(0), w().perGpuView());
        QVERIFY(!w().controls()->isAdvancedExpanded()); // collapsed by default
        QVERIFY(!w().controls()->advanced()->isVisible());
        verifyChart();
    }

    void sliderKeys_data() {
        QTest::addColumn<int>("slider");
        QTest::addRow("parameters") << static_cast<int>(SliderId::Params);
        QTest::addRow("precision") << static_cast<int>(SliderId::Precision);
        QTest::addRow("micro-batch") << static_cast<int>(SliderId::MicroBatch);
        QTest::addRow("sequence length") << static_cast<int>(SliderId::SeqLen);
        QTest::addRow("GPUs") << static_cast<int>(SliderId::Gpus);
    }
    void sliderKeys() {
        QFETCH(int, slider);
        const auto id = static_cast<SliderId>(slider);
        SliderField* f = field(w(), id);
        QSlider* s = f->slider();
        QVERIFY(s->focusPolicy() & Qt::TabFocus);
        s->setFocus();
        const struct {
            Qt::Key key;
            const char* name;
        } keys[] = {
            {Qt::Key_Right, "Right"}, {Qt::Key_PageUp, "PageUp"},     {Qt::Key_Left, "Left"},
            {Qt::Key_End, "End"},     {Qt::Key_PageDown, "PageDown"}, {Qt::Key_Home, "Home"},
            {Qt::Key_Up, "Up"}};
        for (const auto& k : keys) {
            const int before = s->value();
            const QString planBefore = QString::fromStdString(serializePlan(doc()->plan()));
            QTest::keyClick(s, k.key);
            QVERIFY2(s->value() != before, k.name);
            const double expected = f->ladder()[static_cast<std::size_t>(s->value())];
            QVERIFY2(close(planValue(doc()->plan(), id), expected),
                     qPrintable(QStringLiteral("%1: plan %2, slider %3")
                                    .arg(QLatin1String(k.name))
                                    .arg(planValue(doc()->plan(), id))
                                    .arg(expected)));
            QVERIFY(QString::fromStdString(serializePlan(doc()->plan())) != planBefore);
            QCOMPARE(f->value(), expected);
            verifyChart();
        }
        // Key steps are no drag: the axis follows at once, back to GiB under 1 TiB.
        QCOMPARE(w().perGpuView()->chart()->axisUnitPower(), axisPowerFor(doc()->evaluation()));
        if (id == SliderId::Params) {
            QVERIFY(doc()->plan().model.shape_derived);
            QVERIFY(doc()->plan().model.preset.empty());
        }
    }

    void sliderMouse_data() { sliderKeys_data(); }
    void sliderMouse() {
        QFETCH(int, slider);
        const auto id = static_cast<SliderId>(slider);
        SliderField* f = field(w(), id);
        QSlider* s = f->slider();

        // A click on the groove beside the handle moves one page towards the click.
        s->setValue(s->minimum() + 1 < s->maximum() ? s->minimum() + 1 : s->minimum());
        const int before = s->value();
        const QRect handle = handleRect(s);
        QTest::mouseClick(s, Qt::LeftButton, Qt::NoModifier,
                          QPoint(s->width() - 2, handle.center().y()));
        QVERIFY(s->value() > before);
        QCOMPARE(s->value(), std::min(s->maximum(), before + s->pageStep()));
        QVERIFY(
            close(planValue(doc()->plan(), id), f->ladder()[static_cast<std::size_t>(s->value())]));
        verifyChart();

        // Dragging the handle: every position on the way is charted immediately.
        const QRect h = handleRect(s);
        QTest::mousePress(s, Qt::LeftButton, Qt::NoModifier, h.center());
        const int startValue = s->value();
        for (int x = h.center().x(); x >= 2; x -= std::max(1, s->width() / 10)) {
            QTest::mouseMove(s, QPoint(x, h.center().y()));
            QVERIFY(close(planValue(doc()->plan(), id),
                          f->ladder()[static_cast<std::size_t>(s->value())]));
            verifyChart();
        }
        QTest::mouseMove(s, QPoint(1, h.center().y()));
        QTest::mouseRelease(s, Qt::LeftButton, Qt::NoModifier, QPoint(1, h.center().y()));
        QVERIFY(s->value() < startValue);
        QCOMPARE(s->value(), s->minimum());
        QVERIFY(close(planValue(doc()->plan(), id), f->ladder().front()));
        verifyChart();
    }

    void tabReachesEveryControl() {
        QApplication::setActiveWindow(&w());
        QVERIFY(QTest::qWaitForWindowActive(&w()));
        w().controls()->setAdvancedExpanded(true);
        PrimaryControls* p = w().controls()->primary();
        AdvancedControls* a = w().controls()->advanced();
        std::set<QWidget*> wanted;
        for (SliderField* f :
             {p->params(), p->precision(), p->microBatch(), p->seqLen(), p->gpus()}) {
            wanted.insert(f->slider());
            wanted.insert(f->editor());
        }
        wanted.insert(w().controls()->advancedToggle());
        for (QWidget* x : std::initializer_list<QWidget*>{
                 a->modelPreset(), a->layers(), a->hidden(), a->method(), a->optimizer(),
                 a->checkpointing(), a->sharding(), a->tensorParallel(), a->gpu(),
                 a->runtimeOverhead()})
            wanted.insert(x);
        p->params()->slider()->setFocus();
        QTRY_COMPARE(QApplication::focusWidget(), p->params()->slider());
        std::set<QWidget*> seen;
        for (int i = 0; i < 300 && QApplication::focusWidget(); ++i) {
            QWidget* focus = QApplication::focusWidget();
            seen.insert(focus);
            if (focus->parentWidget() && qobject_cast<QAbstractSpinBox*>(focus->parentWidget()))
                seen.insert(focus->parentWidget());
            if (focus->parentWidget() && qobject_cast<QComboBox*>(focus->parentWidget()))
                seen.insert(focus->parentWidget());
            QTest::keyClick(focus, Qt::Key_Tab);
        }
        for (QWidget* x : wanted)
            QVERIFY2(seen.count(x), qPrintable(QString::fromLatin1(x->metaObject()->className()) +
                                               QLatin1Char(' ') + x->accessibleName() +
                                               QLatin1Char(' ') + x->toolTip()));
    }

    void presetFillsFields() {
        QToolButton* toggle = w().controls()->advancedToggle();
        QTest::mouseClick(toggle, Qt::LeftButton);
        QVERIFY(w().controls()->isAdvancedExpanded());
        AdvancedControls* a = w().controls()->advanced();
        QVERIFY(a->isVisible());

        // Choose Mistral 7B with the keyboard.
        QComboBox* combo = a->modelPreset();
        combo->setFocus();
        const int target = combo->findData(QStringLiteral("mistral-7b"));
        QVERIFY(target > 0);
        QTest::keyClick(combo, Qt::Key_Home);
        for (int i = 0; i < combo->count() && combo->currentIndex() != target; ++i)
            QTest::keyClick(combo, Qt::Key_Down);
        QCOMPARE(combo->currentIndex(), target);

        const ModelPreset* mistral = presets().findModel("mistral-7b");
        const ModelSpec& m = doc()->plan().model;
        QCOMPARE(m.preset, std::string("mistral-7b"));
        QCOMPARE(m.layers, mistral->model.layers);
        QCOMPARE(m.hidden, mistral->model.hidden);
        QCOMPARE(m.kv_heads, mistral->model.kv_heads);
        QCOMPARE(m.vocab, mistral->model.vocab);
        QCOMPARE(a->layers()->value(), static_cast<int>(mistral->model.layers));
        QCOMPARE(a->hidden()->value(), static_cast<int>(mistral->model.hidden));
        QCOMPARE(a->ffn()->value(), static_cast<int>(mistral->model.ffn));
        QCOMPARE(a->kvHeads()->value(), static_cast<int>(mistral->model.kv_heads));
        QCOMPARE(a->vocab()->value(), static_cast<int>(mistral->model.vocab));
        const double count = countParameters(mistral->model).total;
        QCOMPARE(w().controls()->primary()->params()->value(), count);
        QCOMPARE(w().controls()->primary()->params()->lineEdit()->text(),
                 QStringLiteral("%1 params").arg(memplan::gui::formatParamCount(count)));
        QVERIFY(a->shapeRule()->text().contains(QLatin1String("preset")));
        verifyChart();
        if (const QString dir = qEnvironmentVariable("MEMPLAN_TEST_SHOT_DIR"); !dir.isEmpty()) {
            QTest::qWait(50);
            w().grab().save(dir + QStringLiteral("/expanded.png"));
        }

        // Moving the parameter slider scales the preset's model and names the rule.
        QTest::keyClick(w().controls()->primary()->params()->slider(), Qt::Key_Right);
        QVERIFY(doc()->plan().model.shape_derived);
        QVERIFY(doc()->plan().model.preset.empty());
        QCOMPARE(combo->currentIndex(), 0);
        const ShapeBase& base = doc()->plan().model.scaled_from;
        QCOMPARE(base.vocab, mistral->model.vocab);
        QVERIFY(a->shapeRule()->text().contains(QString::fromStdString(describeShapeRule(base))));
        QCOMPARE(a->vocab()->value(), static_cast<int>(mistral->model.vocab));
        QCOMPARE(a->layers()->value(), static_cast<int>(doc()->plan().model.layers));
        verifyChart();
    }

    void editingFieldsUpdatesChart() {
        PrimaryControls* p = w().controls()->primary();
        // Micro-batch typed into its spin box.
        QSpinBox* mb = p->microBatch()->spinBox();
        mb->setFocus();
        mb->selectAll();
        QTest::keyClicks(mb, QStringLiteral("12"));
        QTest::keyClick(mb, Qt::Key_Enter);
        QCOMPARE(doc()->plan().training.micro_batch, 12);
        verifyChart();
        // A sequence length between the slider's powers of two.
        QSpinBox* seq = p->seqLen()->spinBox();
        seq->selectAll();
        QTest::keyClicks(seq, QStringLiteral("3000"));
        QTest::keyClick(seq, Qt::Key_Enter);
        QCOMPARE(doc()->plan().training.seq_len, 3000);
        verifyChart();
        // A parameter count typed as text.
        QLineEdit* params = p->params()->lineEdit();
        params->selectAll();
        QTest::keyClicks(params, QStringLiteral("13B"));
        QTest::keyClick(params, Qt::Key_Enter);
        QCOMPARE(*doc()->plan().model.params, 13e9);
        QVERIFY(doc()->plan().model.shape_derived);
        verifyChart();
        params->selectAll();
        QTest::keyClicks(params, QStringLiteral("1.5T"));
        QTest::keyClick(params, Qt::Key_Enter);
        QCOMPARE(*doc()->plan().model.params, 1.5e12);
        verifyChart();
        // A typed value is no drag: the axis' unit follows at once, to TiB and back to GiB.
        QCOMPARE(w().perGpuView()->chart()->axisUnitPower(), 1);
        QCOMPARE(axisPowerFor(doc()->evaluation()), 1);
        params->selectAll();
        QTest::keyClicks(params, QStringLiteral("350M"));
        QTest::keyClick(params, Qt::Key_Enter);
        QCOMPARE(*doc()->plan().model.params, 350e6);
        verifyChart();
        QCOMPARE(w().perGpuView()->chart()->axisUnitPower(), 0);

        // An architecture field in the advanced group.
        w().controls()->setAdvancedExpanded(true);
        AdvancedControls* a = w().controls()->advanced();
        QSpinBox* layers = a->layers();
        layers->setFocus();
        layers->selectAll();
        QTest::keyClicks(layers, QStringLiteral("40"));
        QTest::keyClick(layers, Qt::Key_Enter);
        QCOMPARE(doc()->plan().model.layers, 40);
        QVERIFY(!doc()->plan().model.shape_derived);
        QVERIFY(!doc()->plan().model.params);
        verifyChart();

        // The method, with its own fields.
        QComboBox* method = a->method();
        method->setFocus();
        const int lora = method->findData(static_cast<int>(Method::Lora));
        while (method->currentIndex() < lora)
            QTest::keyClick(method, Qt::Key_Down);
        QCOMPARE(doc()->plan().training.method, Method::Lora);
        QVERIFY(a->loraRank()->isVisible());
        verifyChart();
        a->loraRank()->selectAll();
        QTest::keyClicks(a->loraRank(), QStringLiteral("64"));
        QTest::keyClick(a->loraRank(), Qt::Key_Enter);
        QCOMPARE(doc()->plan().training.lora.rank, 64);
        verifyChart();

        // GPU model: runtime overhead follows it.
        QComboBox* gpu = a->gpu();
        const std::string gpuBefore = doc()->plan().hardware.gpu;
        gpu->setFocus();
        QTest::keyClick(gpu, Qt::Key_Down);
        QVERIFY(doc()->plan().hardware.gpu != gpuBefore);
        verifyChart();
    }

    void undoRestores() {
        const std::string original = serializePlan(doc()->plan());
        QSlider* s = w().controls()->primary()->microBatch()->slider();
        for (int i = 0; i < 3; ++i)
            QTest::keyClick(s, Qt::Key_Right);
        const std::string afterDrag = serializePlan(doc()->plan());
        QVERIFY(afterDrag != original);
        QVERIFY(w().isWindowModified());
        verifyChart();
        // One run of the same slider is one undo step.
        QCOMPARE(doc()->undoStack()->count(), 1);
        QSlider* g = w().controls()->primary()->gpus()->slider();
        QTest::keyClick(g, Qt::Key_Right);
        QCOMPARE(doc()->undoStack()->count(), 2);

        QApplication::setActiveWindow(&w());
        QVERIFY(QTest::qWaitForWindowActive(&w()));
        QTest::keySequence(&w(), QKeySequence::Undo);
        QCOMPARE(serializePlan(doc()->plan()), afterDrag);
        verifyChart();
        w().action("undo")->trigger();
        QCOMPARE(serializePlan(doc()->plan()), original);
        QCOMPARE(s->value(), nearestIndex(w().controls()->primary()->microBatch()->ladder(), 1));
        QVERIFY(!w().isWindowModified());
        verifyChart();
        QTest::keySequence(&w(), QKeySequence::Redo);
        QCOMPARE(serializePlan(doc()->plan()), afterDrag);
        verifyChart();
    }

    void saveOpenRoundTrip() {
        QTemporaryDir dir;
        // A plan with non-default values everywhere it matters.
        Plan plan = makePlan("mistral-7b", Method::Qlora, 3, 3000, 2, "a100-80gb", Sharding::Zero2);
        plan.training.lora.rank = 32;
        plan.training.lora.targets = LoraAllLinear;
        plan.training.checkpointing = Checkpointing::Selective;
        plan.hardware.runtime_overhead_gib = 0.75;
        const QString first = dir.filePath(QStringLiteral("first.memplan.json"));
        writeFile(first, QByteArray::fromStdString(serializePlan(plan)));

        QVERIFY(w().openFile(first));
        QVERIFY(dialogs_.errors.isEmpty());
        QCOMPARE(doc()->filePath(), first);
        verifyChart();
        const QString second = dir.filePath(QStringLiteral("second.memplan.json"));
        dialogs_.saveName = second;
        w().action("saveAs")->trigger();
        QCOMPARE(doc()->filePath(), second);
        QCOMPARE(readAll(second), readAll(first)); // byte for byte

        // Edit, save in place, and open the result in a fresh window.
        QTest::keyClick(w().controls()->primary()->seqLen()->slider(), Qt::Key_Right);
        QVERIFY(doc()->isModified());
        w().action("save")->trigger();
        QVERIFY(!doc()->isModified());
        const QByteArray saved = readAll(second);
        QCOMPARE(saved, QByteArray::fromStdString(serializePlan(doc()->plan())));
        MainWindow other(presets(), nullptr, &dialogs_);
        QVERIFY(other.openFile(second));
        QCOMPARE(serializePlan(other.document()->plan()), serializePlan(doc()->plan()));
        const QString third = dir.filePath(QStringLiteral("third.memplan.json"));
        QVERIFY(other.saveFile(third));
        QCOMPARE(readAll(third), saved);
    }

    void malformedFileLeavesPlanUntouched_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::addRow("negative micro-batch")
            << QByteArray(R"({"schema_version": 1, "training": {"micro_batch": -3}})")
            << "training.micro_batch";
        QTest::addRow("unknown key")
            << QByteArray(R"({"schema_version": 1, "trainig": {}})") << "trainig";
        QTest::addRow("wrong type")
            << QByteArray(R"({"schema_version": 1, "parallelism": {"gpus": "eight"}})")
            << "parallelism.gpus";
        QTest::addRow("not JSON") << QByteArray("{ this is not json") << "malformed JSON";
    }
    void malformedFileLeavesPlanUntouched() {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        QTest::keyClick(w().controls()->primary()->microBatch()->slider(), Qt::Key_Right);
        const std::string before = serializePlan(doc()->plan());
        const int undoCount = doc()->undoStack()->count();
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.memplan.json"));
        writeFile(path, content);
        dialogs_.openName = path;
        dialogs_.answer = Dialogs::SaveChoice::Discard;
        w().action("open")->trigger(); // through the menu action, as a user would
        QCOMPARE(dialogs_.errors.size(), 1);
        QVERIFY2(dialogs_.errors.first().startsWith(path + QStringLiteral(": ")),
                 qPrintable(dialogs_.errors.first()));
        QVERIFY2(dialogs_.errors.first().contains(expected), qPrintable(dialogs_.errors.first()));
        QCOMPARE(serializePlan(doc()->plan()), before);
        QCOMPARE(doc()->undoStack()->count(), undoCount);
        QVERIFY(doc()->filePath().isEmpty());
        QVERIFY(doc()->isModified());
        verifyChart();
    }

    void promptsBeforeLosingChanges() {
        const std::string fresh = serializePlan(doc()->plan());
        QTest::keyClick(w().controls()->primary()->gpus()->slider(), Qt::Key_Right);
        const std::string edited = serializePlan(doc()->plan());
        dialogs_.answer = Dialogs::SaveChoice::Cancel;
        w().action("new")->trigger();
        QCOMPARE(dialogs_.asked, 1);
        QCOMPARE(serializePlan(doc()->plan()), edited);
        QVERIFY(!w().close()); // cancelled: the window stays
        QCOMPARE(dialogs_.asked, 2);
        QVERIFY(w().isVisible());
        dialogs_.answer = Dialogs::SaveChoice::Discard;
        w().action("new")->trigger();
        QCOMPARE(dialogs_.asked, 3);
        QCOMPARE(serializePlan(doc()->plan()), fresh);
        QVERIFY(!doc()->isModified());
        w().action("new")->trigger(); // nothing to lose: no question
        QCOMPARE(dialogs_.asked, 3);
    }

    void hoverShowsSegment() {
        // Peak at the start of backward: weights, optimizer states and activations all present.
        doc()->reset(makePlan("llama-2-7b", Method::Full, 4, 2048, 1, "h100-sxm-80gb"));
        QCoreApplication::processEvents();
        MemoryChartView* chart = w().perGpuView()->chart();
        QSignalSpy spy(chart, &MemoryChartView::segmentHovered);
        const Evaluation& e = doc()->evaluation();
        for (Component c :
             {Component::Weights, Component::OptimizerStates, Component::Activations}) {
            spy.clear();
            QTest::mouseMove(chart->viewport(), chart->segmentCenter(c) + QPoint(1, 0));
            QTest::mouseMove(chart->viewport(), chart->segmentCenter(c));
            QTRY_VERIFY(!spy.isEmpty());
            QVERIFY(e.bytes(c) > 0);
            QCOMPARE(spy.last().at(0).value<Component>(), c);
            const QString tip = spy.last().at(1).toString();
            QVERIFY2(
                tip.contains(QString::fromStdString(formatGiga(e.bytes(c), UnitSystem::Binary))),
                qPrintable(tip));
            QVERIFY2(
                tip.contains(QString::fromStdString(formatGiga(e.bytes(c), UnitSystem::Decimal))),
                qPrintable(tip));
            const ComponentBreakdown& b = e.per_gpu[static_cast<std::size_t>(c)];
            for (std::size_t i = 0; i < b.part_count; ++i)
                QVERIFY2(
                    tip.contains(QString::fromUtf8(b.parts[i].label.data(),
                                                   static_cast<qsizetype>(b.parts[i].label.size()))
                                     .toHtmlEscaped()),
                    qPrintable(tip));
        }
    }

    void unitsToggle() {
        PerGpuView* view = w().perGpuView();
        auto* gb = view->findChildren<QRadioButton*>().at(1);
        QTest::mouseClick(gb, Qt::LeftButton);
        QCOMPARE(view->units(), UnitSystem::Decimal);
        QVERIFY(w().action("unitsGB")->isChecked());
        QVERIFY(view->table()
                    ->model()
                    ->headerData(1, Qt::Horizontal)
                    .toString()
                    .contains(QLatin1String("GB")));
        verifyChart();
        w().action("unitsGiB")->trigger();
        QCOMPARE(view->units(), UnitSystem::Binary);
        verifyChart();
    }

    void verdictSuggestionsFit() {
        doc()->reset(makePlan("llama-2-7b", Method::Full, 16, 2048, 1, "h100-sxm-80gb"));
        VerdictWidget* v = w().perGpuView()->verdict();
        QCOMPARE(v->state(), VerdictWidget::State::DoesNotFit);
        QVERIFY(v->headline().contains(QLatin1String("Does not fit")));
        QVERIFY(v->headline().contains(QLatin1String("GiB")) &&
                v->headline().contains(QLatin1String("GB")));
        QVERIFY(!v->suggestions().empty());
        for (const Suggestion& s : v->suggestions())
            QVERIFY(evaluate(s.plan, presets()).fits);
        QPushButton* first = v->suggestionButton(0);
        QVERIFY(first->isVisible());
        QTest::mouseClick(first, Qt::LeftButton);
        QVERIFY(doc()->evaluation().fits);
        QCOMPARE(v->state(), VerdictWidget::State::Fits);
        QVERIFY(v->headline().contains(QLatin1String("headroom")));
        verifyChart();
        w().action("undo")->trigger();
        QCOMPARE(v->state(), VerdictWidget::State::DoesNotFit);
        verifyChart();
    }

    void settingsRemembered() {
        QTemporaryDir dir;
        const QString ini = dir.filePath(QStringLiteral("memplan.ini"));
        const QString planPath = dir.filePath(QStringLiteral("kept.memplan.json"));
        writeFile(planPath, QByteArray::fromStdString(serializePlan(
                                makePlan("gemma-2b", Method::Lora, 2, 1024, 1, "l4"))));
        {
            Settings settings(ini, nullptr);
            MainWindow first(presets(), &settings, &dialogs_);
            first.show();
            QVERIFY(QTest::qWaitForWindowExposed(&first));
            first.action("unitsGB")->trigger();
            first.controls()->setAdvancedExpanded(true);
            QVERIFY(first.openFile(planPath));
            QVERIFY(first.close());
        }
        Settings settings(ini, nullptr);
        QCOMPARE(settings.units(), UnitSystem::Decimal);
        QVERIFY(settings.recentFiles().contains(QFileInfo(planPath).absoluteFilePath()));
        MainWindow second(presets(), &settings, &dialogs_);
        second.restoreLastPlan();
        QCOMPARE(second.document()->filePath(), planPath);
        QCOMPARE(second.perGpuView()->units(), UnitSystem::Decimal);
        QVERIFY(second.controls()->isAdvancedExpanded());
        QCOMPARE(second.document()->plan().model.preset, std::string("gemma-2b"));
    }

    void invalidPlanIsReportedAndNotSaved() {
        w().controls()->setAdvancedExpanded(true);
        QSpinBox* tp = w().controls()->advanced()->tensorParallel();
        tp->setFocus();
        tp->selectAll();
        QTest::keyClicks(tp, QStringLiteral("2")); // 1 GPU cannot hold tp = 2
        QTest::keyClick(tp, Qt::Key_Enter);
        QCOMPARE(doc()->plan().parallelism.tp, 2);
        QVERIFY(doc()->problem().contains(QLatin1String("parallelism.gpus")));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("invalid.memplan.json"));
        QVERIFY(!w().saveFile(path));
        QCOMPARE(dialogs_.errors.size(), 1);
        QVERIFY(!QFileInfo::exists(path));
        verifyChart();
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_gui_mainwindow.moc"
