// The window's levers (issue 13 items 6-9, issue 15's serving view), driven through the real
// widgets: the best three suggestions and their buttons, each method's own controls and chart
// segments (KV cache, CUDA graphs, non-torch memory), the timeline legend, the serving sliders,
// and a Hugging Face config.json opened from File > Open or dropped on the window.
#include "charts/memorychartview.h"
#include "charts/timelinechart.h"
#include "controls/advancedcontrols.h"
#include "controls/controlpanel.h"
#include "controls/primarycontrols.h"
#include "controls/sliderfield.h"
#include "controls/textline.h"
#include "document/plandocument.h"
#include "export/exportdata.h"
#include "mainwindow.h"
#include "models/scenariomodel.h"
#include "testsupport.h"
#include "views/compareview.h"
#include "views/pergpuview.h"
#include "views/timelineview.h"
#include "views/verdictwidget.h"

#include "memplan/hf_import.h"
#include "memplan/model.h"
#include "memplan/plan_json.h"
#include "memplan/result_json.h"
#include "memplan/segments.h"
#include "memplan/suggest.h"
#include "memplan/units.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QUrl>
#include <QtTest>

#include <memory>

Q_DECLARE_METATYPE(memplan::Plan)

using namespace memplan;
using namespace memplan::gui;
using namespace memplan::gui::test;

namespace {
const QString kHfDir = QStringLiteral(MEMPLAN_TEST_DATA "/hf");

QByteArray slurp(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

class TestLevers : public QObject {
    Q_OBJECT
    FakeDialogs dialogs_;
    std::unique_ptr<MainWindow> window_;

    MainWindow& w() { return *window_; }
    PlanDocument* doc() { return window_->document(); }
    AdvancedControls* advanced() {
        if (!w().controls()->isAdvancedExpanded())
            QTest::mouseClick(w().controls()->advancedToggle(), Qt::LeftButton);
        return w().controls()->advanced();
    }

    // Chooses the item whose data is `value` in a combo box with the keyboard, as a user does.
    static void chooseByKeys(QComboBox* combo, int value) {
        combo->setFocus();
        const int target = combo->findData(value);
        QVERIFY(target >= 0);
        QTest::keyClick(combo, Qt::Key_Home);
        for (int i = 0; i < combo->count() && combo->currentIndex() != target; ++i)
            QTest::keyClick(combo, Qt::Key_Down);
        QCOMPARE(combo->currentIndex(), target);
    }

    // Chooses a method in the Method combo box with the keyboard.
    void chooseMethod(Method m) {
        chooseByKeys(advanced()->method(), static_cast<int>(m));
        QCOMPARE(doc()->plan().training.method, m);
    }

    void chooseAccounting(Accounting a) {
        chooseByKeys(advanced()->accounting(), static_cast<int>(a));
        QCOMPARE(doc()->plan().training.accounting, a);
    }

    // The assumptions panel as the user reads it.
    QString assumptionsText() {
        auto* label = w().findChild<QLabel*>(QStringLiteral("assumptionsText"));
        return label ? label->text() : QString();
    }

    // The verdict's warning line (the notes), as shown above the chart.
    QString verdictWarnings() {
        for (TextLine* line : w().perGpuView()->verdict()->findChildren<TextLine*>())
            if (line->text().startsWith(QStringLiteral("\u26A0")))
                return line->details();
        return {};
    }

    // Types a value into a spin box and commits it with Enter.
    static void typeInto(QSpinBox* spin, const QString& text) {
        spin->setFocus();
        spin->selectAll();
        QTest::keyClicks(spin, text);
        QTest::keyClick(spin, Qt::Key_Enter);
    }

    // The index of the view tab whose page is named `name`, or -1.
    int tabIndex(const QString& name) {
        for (int i = 0; i < w().views()->count(); ++i)
            if (w().views()->widget(i)->objectName() == name)
                return i;
        return -1;
    }

    std::vector<QPushButton*> visibleButtons() {
        VerdictWidget* v = w().perGpuView()->verdict();
        std::vector<QPushButton*> out;
        for (QPushButton* b : v->findChildren<QPushButton*>())
            if (b->isVisible())
                out.push_back(b);
        return out;
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

    // --- issue 14: a vision-language model's images and tower, expert parallelism ----------

    void visionAndExpertRows_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<bool>("vision");
        QTest::addColumn<bool>("moe");
        QTest::addRow("qwen2.5-vl-7b") << "qwen2.5-vl-7b" << true << false;
        QTest::addRow("gemma-3-4b") << "gemma-3-4b" << true << false;
        QTest::addRow("mixtral-8x7b") << "mixtral-8x7b" << false << true;
        QTest::addRow("llama-3.1-8b") << "llama-3.1-8b" << false << false;
    }
    void visionAndExpertRows() {
        QFETCH(QString, preset);
        QFETCH(bool, vision);
        QFETCH(bool, moe);
        doc()->reset(
            makePlan(preset.toStdString().c_str(), Method::Full, 1, 1024, 2, "h100-sxm-80gb"));
        AdvancedControls* a = advanced();
        QCOMPARE(a->isRowShown(a->images()), vision);
        QCOMPARE(a->isRowShown(a->visionTrains()), vision);
        QCOMPARE(a->isRowShown(a->expertParallel()), moe);
        if (vision) {
            const double before = doc()->evaluation().params_trainable;
            a->images()->setValue(3);
            QCOMPARE(doc()->plan().model.vision.images, int64_t{3});
            QCOMPARE(QString::fromStdString(doc()->plan().model.preset), preset); // not the shape
            a->visionTrains()->setChecked(true);
            QVERIFY(doc()->plan().model.vision.trainable);
            QVERIFY(doc()->evaluation().params_trainable > before);
        }
        if (moe) {
            const double weights =
                doc()->evaluation().per_gpu[std::size_t(Component::Weights)].bytes;
            a->expertParallel()->setValue(2);
            QCOMPARE(doc()->plan().parallelism.ep, int64_t{2});
            QVERIFY(doc()->evaluation().per_gpu[std::size_t(Component::Weights)].bytes < weights);
        }
    }

    // A vLLM engine's expert parallelism is off or spans all its GPUs: the control steps
    // between the two, follows the GPU count, and the routed experts become whole per GPU.
    void servingExpertParallel() {
        Plan plan = makePlan("mixtral-8x7b", Method::Serving, 1, 1024, 8, "h100-sxm-80gb");
        plan.parallelism.tp = 2;
        doc()->reset(plan);
        AdvancedControls* a = advanced();
        QVERIFY(a->isRowShown(a->expertParallel()));
        QVERIFY(a->expertParallel()->toolTip().contains(QStringLiteral("8")));
        a->expertParallel()->setValue(2); // a step up: on, over all 8 GPUs
        QCOMPARE(doc()->plan().parallelism.ep, int64_t{8});
        QCOMPARE(a->expertParallel()->value(), 8);
        QVERIFY(doc()->problem().isEmpty());
        QVERIFY(doc()->evaluation().serving.expert_weights > 0);
        a->expertParallel()->setValue(7); // a step down: off
        QCOMPARE(doc()->plan().parallelism.ep, int64_t{1});
        a->expertParallel()->setValue(8);
        QCOMPARE(doc()->plan().parallelism.ep, int64_t{8});
        QTest::keyClick(w().controls()->primary()->gpus()->slider(), Qt::Key_Left);
        const int64_t gpus = doc()->plan().parallelism.gpus;
        QVERIFY(gpus < 8);
        QCOMPARE(doc()->plan().parallelism.ep, gpus);
    }

    // The expert-parallel control with the keyboard, and vLLM's all-to-all backend: the
    // arrows step between off and the stage's GPUs; the backend row shows for a serving MoE
    // plan only, and a DeepEP backend's buffers come out of the KV cache.
    void servingAll2AllBackendWithKeys() {
        Plan plan = makePlan("mixtral-8x7b", Method::Serving, 1, 1024, 8, "h100-sxm-80gb");
        plan.parallelism.tp = 2;
        doc()->reset(plan);
        AdvancedControls* a = advanced();
        QSpinBox* ep = a->expertParallel();
        QComboBox* backend = a->all2allBackend();
        QVERIFY(a->isRowShown(backend));
        ep->setFocus();
        QTest::keyClick(ep, Qt::Key_Up); // on: every GPU of the stage
        QCOMPARE(doc()->plan().parallelism.ep, int64_t{8});
        QCOMPARE(ep->value(), 8);
        const double kvBefore = doc()->evaluation().serving.kv_bytes;
        backend->setFocus();
        const int target = backend->findData(static_cast<int>(All2AllBackend::DeepepLowLatency));
        QVERIFY(target >= 0);
        QTest::keyClick(backend, Qt::Key_Home);
        for (int i = 0; i < backend->count() && backend->currentIndex() != target; ++i)
            QTest::keyClick(backend, Qt::Key_Down);
        QCOMPARE(doc()->plan().training.serving.all2all_backend, All2AllBackend::DeepepLowLatency);
        const ServingFigures& f = doc()->evaluation().serving;
        QVERIFY(f.all_to_all_buffers > 1024.0 * 1024 * 1024);
        QVERIFY(f.kv_bytes < kvBefore);
        QVERIFY(doc()->problem().isEmpty());
        ep->setFocus();
        QTest::keyClick(ep, Qt::Key_Down); // off
        QCOMPARE(doc()->plan().parallelism.ep, int64_t{1});
        QCOMPARE(ep->value(), 1);
        QCOMPARE(doc()->evaluation().serving.all_to_all_buffers, 0.0);
        // Training has no vLLM backend.
        chooseMethod(Method::Full);
        QVERIFY(!a->isRowShown(backend));
        QVERIFY(a->isRowShown(ep));
    }

    // --- item 6: the best three suggestions ------------------------------------------------

    void bestThreeSuggestions_data() {
        QTest::addColumn<Plan>("plan");
        QTest::addRow("7B LoRA, mb 4, a 4090")
            << makePlan("llama-2-7b", Method::Lora, 4, 2048, 1, "rtx-4090");
        QTest::addRow("8B LoRA, mb 8, one H100")
            << makePlan("llama-3.1-8b", Method::Lora, 8, 2048, 1, "h100-sxm-80gb");
    }
    void bestThreeSuggestions() {
        QFETCH(Plan, plan);
        doc()->reset(plan);
        const auto core = suggestFixes(plan, presets().findGpu(plan.hardware.gpu));
        QVERIFY2(core.size() > 3, "the test plan should have more than three fixes");
        QTRY_COMPARE(visibleButtons().size(), std::size_t(3));
        VerdictWidget* v = w().perGpuView()->verdict();
        for (std::size_t i = 0; i < 3; ++i)
            QCOMPARE(v->suggestionButton(i)->text(), suggestionText(core[i]));
        // The first keeps the global batch; clicking it applies it.
        QCOMPARE(core.front().kind, SuggestionKind::GradAccum);
        const int64_t global = plan.training.micro_batch * plan.training.grad_accum;
        QTest::mouseClick(v->suggestionButton(0), Qt::LeftButton);
        const Plan& now = doc()->plan();
        QCOMPARE(now.training.micro_batch * now.training.grad_accum, global);
        QVERIFY(now.training.micro_batch < plan.training.micro_batch);
        QVERIFY(doc()->evaluation().fits);
        QCOMPARE(v->state(), VerdictWidget::State::Fits);
    }

    // 70B in bf16 on one H100: tensor parallelism over two GPUs is offered and fits.
    void inference70bTensorParallel() {
        Plan p = makePlan("llama-2-70b", Method::Inference, 1, 4096, 1, "h100-sxm-80gb");
        p.training.precision = Recipe::Bf16Pure;
        doc()->reset(p);
        VerdictWidget* v = w().perGpuView()->verdict();
        QCOMPARE(v->state(), VerdictWidget::State::DoesNotFit);
        QPushButton* tp = nullptr;
        for (QPushButton* b : visibleButtons())
            if (b->text().contains(QLatin1String("Tensor parallel 2 over 2 GPUs")))
                tp = b;
        QVERIFY(tp);
        QTest::mouseClick(tp, Qt::LeftButton);
        QCOMPARE(doc()->plan().parallelism.tp, int64_t(2));
        QCOMPARE(doc()->plan().parallelism.gpus, int64_t(2));
        QCOMPARE(v->state(), VerdictWidget::State::Fits);
    }

    // The offload suggestion names the CPU once ("Offload Optimizer to CPU to the CPU" was
    // shown), and clicking it offloads.
    void offloadSuggestionReads() {
        doc()->reset(makePlan("llama-2-7b", Method::Full, 1, 2048, 1, "h100-sxm-80gb"));
        QCOMPARE(w().perGpuView()->verdict()->state(), VerdictWidget::State::DoesNotFit);
        QPushButton* offload = nullptr;
        QStringList shown;
        for (QPushButton* b : visibleButtons()) {
            shown << b->text();
            if (b->text().contains(QLatin1String("Offload")))
                offload = b;
        }
        QVERIFY2(offload, qPrintable(shown.join(QLatin1String(" | "))));
        QCOMPARE(offload->text().count(QLatin1String("CPU")), 1);
        QTest::mouseClick(offload, Qt::LeftButton);
        QVERIFY(doc()->plan().parallelism.offload != Offload::None);
        QCOMPARE(w().perGpuView()->verdict()->state(), VerdictWidget::State::Fits);
    }

    // --- item 7: textbook accounting applies the method's rules, or says it cannot --------

    // "8.03 B" as formatCount writes it -> 8.03e9.
    static double readCount(const QString& number, const QString& suffix) {
        const double scale = suffix == QLatin1String("T")   ? 1e12
                             : suffix == QLatin1String("B") ? 1e9
                             : suffix == QLatin1String("M") ? 1e6
                             : suffix == QLatin1String("K") ? 1e3
                                                            : 1.0;
        return number.toDouble() * scale;
    }

    void textbookFollowsTheMethod_data() {
        QTest::addColumn<int>("method");
        QTest::addColumn<double>("baseBytes"); // bytes per frozen base parameter at most
        QTest::addRow("qlora") << int(Method::Qlora) << 0.5;
        QTest::addRow("lora") << int(Method::Lora) << 2.0;
    }
    void textbookFollowsTheMethod() {
        QFETCH(int, method);
        QFETCH(double, baseBytes);
        doc()->reset(makePlan("llama-3.1-8b", Method(method), 1, 2048, 1, "h100-sxm-80gb"));
        chooseAccounting(Accounting::Textbook);

        // What the assumptions panel reads: far fewer trained parameters than the model has
        // (the issue's plan read "Trains 8.03 B of 8.03 B").
        const QRegularExpression trains(
            QStringLiteral("Trains ([0-9.]+) ?([KMBT]?) of ([0-9.]+) ?([KMBT]?) parameters"));
        // (The panel follows in the next pass of the event loop: wait for the textbook text.)
        QTRY_VERIFY2(assumptionsText().contains(QLatin1String("textbook accounting:")),
                     qPrintable(assumptionsText()));
        const QRegularExpressionMatch line = trains.match(assumptionsText());
        QVERIFY2(line.hasMatch(), qPrintable(assumptionsText()));
        const double trained = readCount(line.captured(1), line.captured(2));
        const double total = readCount(line.captured(3), line.captured(4));
        QVERIFY2(total > 7e9, qPrintable(line.captured(0)));
        QVERIFY2(trained > 0 && trained < 0.01 * total, qPrintable(line.captured(0)));
        QVERIFY2(!assumptionsText().contains(QLatin1String("no rule")),
                 qPrintable(assumptionsText()));

        // The chart's bars: no optimizer states or gradients for the frozen base (even one
        // 4-byte state per parameter would be 32 GB), and the base at its stored width.
        MemoryChartView* chart = w().perGpuView()->chart();
        const auto shown = [&](Component c) {
            return chart->barValue(c) * chart->valueUnitBytes();
        };
        QVERIFY2(shown(Component::OptimizerStates) < 0.01 * total * 4.0,
                 qPrintable(QString::number(shown(Component::OptimizerStates))));
        QVERIFY(shown(Component::OptimizerStates) > 0); // the adapters' states
        QVERIFY(shown(Component::Gradients) < 0.01 * total * 2.0);
        QVERIFY2(shown(Component::Weights) < 1.05 * total * baseBytes,
                 qPrintable(QString::number(shown(Component::Weights))));

        // GaLore: textbook arithmetic has no rule for its projected states, and the window
        // says so in the assumptions and above the chart; realistic accounting needs no word.
        const QString noRule = QString::fromStdString(noteText(Note::TextbookNoMethodRule));
        chooseMethod(Method::Galore);
        QTRY_VERIFY2(assumptionsText().contains(QStringLiteral("\u26A0 ") + noRule),
                     qPrintable(assumptionsText()));
        QVERIFY2(verdictWarnings().contains(noRule), qPrintable(verdictWarnings()));
        chooseAccounting(Accounting::Realistic);
        QTRY_VERIFY2(!assumptionsText().contains(noRule), qPrintable(assumptionsText()));
        QVERIFY(!verdictWarnings().contains(noRule));
    }

    // --- item 8 / issue 15: each method's own controls -------------------------------------

    void methodShowsItsOwnControls_data() {
        QTest::addColumn<int>("method");
        QTest::addColumn<bool>("training");
        QTest::addColumn<bool>("serving");
        QTest::addColumn<QString>("batchLabel");
        QTest::addColumn<QString>("lengthLabel");
        QTest::addRow("full") << int(Method::Full) << true << false << "&Micro-batch:"
                              << "&Sequence length:";
        QTest::addRow("qlora") << int(Method::Qlora) << true << false << "&Micro-batch:"
                               << "&Sequence length:";
        QTest::addRow("inference") << int(Method::Inference) << false << false << "Batch:"
                                   << "Prompt length:";
        QTest::addRow("serving") << int(Method::Serving) << false << true
                                 << "Concurrent se&quences:"
                                 << "Context le&ngth:";
    }
    void methodShowsItsOwnControls() {
        QFETCH(int, method);
        QFETCH(bool, training);
        QFETCH(bool, serving);
        QFETCH(QString, batchLabel);
        QFETCH(QString, lengthLabel);
        doc()->reset(makePlan("llama-3.1-8b", Method::Lora, 1, 2048, 1, "h100-sxm-80gb"));
        chooseMethod(Method(method));
        AdvancedControls* a = advanced();
        for (QWidget* trainingOnly :
             {static_cast<QWidget*>(a->optimizerCombo()), static_cast<QWidget*>(a->checkpointing()),
              static_cast<QWidget*>(a->lossCombo()), static_cast<QWidget*>(a->gradAccum()),
              static_cast<QWidget*>(a->sharding())})
            QCOMPARE(a->isRowShown(trainingOnly), training);
        QCOMPARE(a->isRowShown(a->kvCacheDtype()), serving);
        QCOMPARE(a->isRowShown(a->batchedTokens()), serving);
        PrimaryControls* p = w().controls()->primary();
        QCOMPARE(p->isRowShown(p->utilization()), serving);
        QCOMPARE(p->labelText(p->microBatch()), batchLabel);
        QCOMPARE(p->labelText(p->seqLen()), lengthLabel);

        // The summaries name only what the method has.
        const QString summary =
            planAssumptions(doc()->plan(), doc()->presets(), UnitSystem::Binary);
        QCOMPARE(summary.contains(QLatin1String("optimizer")), training);
        QCOMPARE(summary.contains(QLatin1String("checkpointing")), training);
        QLabel* assumptions = nullptr;
        for (QLabel* l : w().controls()->findChildren<QLabel*>())
            if (l->text().startsWith(QStringLiteral("\u2022 ")))
                assumptions = l;
        QVERIFY(assumptions);
        QTRY_VERIFY(assumptions->text().contains(QLatin1String("Trains")) == training);
        QCOMPARE(assumptions->text().contains(QLatin1String("gradients=")), training);
        if (serving)
            QVERIFY(assumptions->text().contains(QLatin1String("KV cache:")));

        // The Timeline tab, opened with a click on its tab, lists only the method's parts.
        QTabBar* tabs = w().views()->tabBar();
        const int timelineTab = tabIndex(QStringLiteral("timeline"));
        QVERIFY(timelineTab >= 0);
        QTest::mouseClick(tabs, Qt::LeftButton, Qt::NoModifier,
                          tabs->tabRect(timelineTab).center());
        auto* timeline = w().views()->findChild<TimelineView*>();
        QVERIFY(timeline);
        QTRY_VERIFY(timeline->isVisible());
        const QStringList legend = timeline->legendNames();
        QVERIFY2(legend.contains(QStringLiteral("Weights")), qPrintable(legend.join(u',')));
        QCOMPARE(legend.contains(QStringLiteral("Gradients")), training);
        QCOMPARE(legend.contains(QStringLiteral("Optimizer states")), training);
        // Each part keeps the colour it has in the per-GPU chart.
        const auto brushes = w().perGpuView()->chart()->componentBrushes();
        for (Component c : {Component::Weights, Component::Activations, Component::Other})
            QCOMPARE(timeline->chart()->color(c), brushes[static_cast<std::size_t>(c)].color());
    }

    // Serving: the primary fields edit vLLM's engine arguments, not the training batch.
    void servingSlidersEditTheEngine() {
        doc()->reset(makePlan("llama-3.1-8b", Method::Lora, 4, 2048, 1, "h100-sxm-80gb"));
        chooseMethod(Method::Serving);
        PrimaryControls* p = w().controls()->primary();
        typeInto(p->seqLen()->spinBox(), QStringLiteral("16384"));
        QCOMPARE(doc()->plan().training.serving.max_model_len, int64_t(16384));
        QCOMPARE(doc()->plan().training.seq_len, int64_t(2048));
        typeInto(p->microBatch()->spinBox(), QStringLiteral("64"));
        QCOMPARE(doc()->plan().training.serving.max_num_seqs, int64_t(64));
        QCOMPARE(doc()->plan().training.micro_batch, int64_t(4));
        const double tokensBefore = doc()->evaluation().serving.kv_cache_tokens;
        typeInto(p->utilization()->spinBox(), QStringLiteral("80"));
        QCOMPARE(doc()->plan().training.serving.gpu_memory_utilization, 0.8);
        QVERIFY(doc()->evaluation().serving.kv_cache_tokens < tokensBefore);
        // The slider moves in 5 % steps.
        p->utilization()->slider()->setFocus();
        QTest::keyClick(p->utilization()->slider(), Qt::Key_Right);
        QCOMPARE(doc()->plan().training.serving.gpu_memory_utilization, 0.85);
        // fp8 KV cache from its combo box: more tokens fit.
        const double bf16Tokens = doc()->evaluation().serving.kv_cache_tokens;
        QComboBox* kv = advanced()->kvCacheDtype();
        kv->setFocus();
        QTest::keyClick(kv, Qt::Key_End);
        QCOMPARE(doc()->plan().training.serving.kv_cache_dtype, KvCacheDtype::Fp8);
        QVERIFY(doc()->evaluation().serving.kv_cache_tokens > 1.9 * bf16Tokens);
        // The verdict reports the engine's capacity.
        QVERIFY(w().perGpuView()->verdict()->details().contains(QLatin1String("KV cache holds")));
    }

    // Issue 15: Compare works for serving: fp8 against the model's dtype for the KV cache,
    // from the "Typical comparisons" menu; the columns tell the tokens apart.
    void compareServingKvDtype() {
        Plan p = makePlan("llama-3.1-8b", Method::Serving, 1, 2048, 1, "h100-sxm-80gb");
        p.training.precision = Recipe::Bf16Pure;
        p.training.serving.max_model_len = 32768;
        doc()->reset(p);
        QVERIFY(w().showView(QStringLiteral("compareView")));
        auto* view = w().views()->findChild<CompareView*>();
        QVERIFY(view);
        QAction* serving = nullptr;
        for (QToolButton* b : view->findChildren<QToolButton*>())
            if (b->menu())
                for (QAction* a : b->menu()->actions())
                    if (a->text().contains(QLatin1String("vs FP8")))
                        serving = a;
        QVERIFY(serving);
        serving->trigger();
        ScenarioModel* m = view->model();
        QCOMPARE(m->count(), 2);
        const double autoTokens = m->scenario(0).evaluation.serving.kv_cache_tokens;
        const double fp8Tokens = m->scenario(1).evaluation.serving.kv_cache_tokens;
        QCOMPARE(m->scenario(1).plan.training.serving.kv_cache_dtype, KvCacheDtype::Fp8);
        QVERIFY(fp8Tokens > 1.9 * autoTokens);
        const QString cell =
            m->data(m->index(1, ScenarioModel::HeadroomColumn), Qt::DisplayRole).toString();
        QVERIFY2(cell.contains(QLocale().toString(static_cast<qlonglong>(fp8Tokens))),
                 qPrintable(cell));
    }

    // --- item 8: the KV cache is a segment of its own -------------------------------------

    void kvCacheSegment_data() {
        QTest::addColumn<Plan>("plan");
        Plan inference = makePlan("llama-3.1-8b", Method::Inference, 8, 4096, 1, "h100-sxm-80gb");
        inference.training.precision = Recipe::Bf16Pure;
        inference.training.new_tokens = 1024;
        QTest::addRow("inference") << inference;
        Plan serving = makePlan("llama-3.1-8b", Method::Serving, 1, 2048, 1, "h100-sxm-80gb");
        serving.training.precision = Recipe::Bf16Pure;
        serving.training.serving.max_model_len = 32768;
        QTest::addRow("serving") << serving;
    }
    void kvCacheSegment() {
        QFETCH(Plan, plan);
        doc()->reset(plan);
        MemoryChartView* chart = w().perGpuView()->chart();
        const Evaluation e = evaluate(plan, presets());
        // Counted here from the shape or the engine's figures, not from the chart's code.
        const ModelSpec& m = plan.model;
        double kv = 0;
        if (plan.training.method == Method::Serving) {
            kv = e.serving.kv_bytes;
            QCOMPARE(chart->segmentValue(Segment::CudaGraphs), e.serving.cuda_graphs / kGiB);
            QCOMPARE(chart->segmentValue(Segment::NonTorch), e.serving.non_torch / kGiB);
        } else {
            // The default profile's cache is static: prompt + new tokens from the prefill on.
            kv = 2.0 * static_cast<double>(m.layers * m.kv_heads * m.head_dim) * 2 *
                 static_cast<double>(plan.training.seq_len + plan.training.new_tokens) *
                 static_cast<double>(plan.training.micro_batch);
        }
        QVERIFY(kv > 0);
        QCOMPARE(chart->segmentValue(Segment::KvCache), kv / kGiB);
        // The components still show their whole bytes; the segments add up to the total.
        QCOMPARE(chart->barValue(Component::Activations), e.bytes(Component::Activations) / kGiB);
        double sum = 0;
        for (std::size_t i = 0; i < kSegmentCount; ++i)
            sum += chart->segmentValue(static_cast<Segment>(i));
        QVERIFY(qAbs(sum - e.total / kGiB) < 1e-9 * e.total);
        // Its own colour, apart from every component's.
        const auto segments = chart->segmentBrushes();
        const QColor kvColour = segments[static_cast<std::size_t>(Segment::KvCache)].color();
        for (const QBrush& b : chart->componentBrushes())
            QVERIFY(b.color() != kvColour);
    }

    // --- minors: the plan's title, and a first start that fits -----------------------------

    void planTitleIsEditable() {
        QLineEdit* name = w().controls()->primary()->planName();
        QCOMPARE(name->text(), QString::fromStdString(doc()->plan().name));
        // Tabbing through without typing writes nothing.
        name->setFocus();
        QTest::keyClick(name, Qt::Key_Tab);
        QVERIFY(!doc()->isModified());
        name->setFocus();
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("8B LoRA on my 4090"));
        QTest::keyClick(name, Qt::Key_Enter);
        QCOMPARE(doc()->plan().name, std::string("8B LoRA on my 4090"));
        QVERIFY(doc()->isModified());
        QVERIFY(singleFigureText(doc()->plan(), presets(), UnitSystem::Binary)
                    .title.contains(QLatin1String("8B LoRA on my 4090")));
        w().action("undo")->trigger();
        QCOMPARE(doc()->plan().name, PlanDocument::defaultPlan(presets()).name);
        QCOMPARE(name->text(), QString::fromStdString(doc()->plan().name));
    }

    // The Workload panel names the method and the GPU the sliders apply to.
    void workloadNamesMethodAndGpu() {
        doc()->reset(makePlan("llama-3.1-8b", Method::Lora, 1, 2048, 1, "rtx-4090"));
        const GpuPreset* gpu = presets().findGpu("rtx-4090");
        const QString line = w().controls()->primary()->methodAndGpu()->text();
        QVERIFY2(line.contains(QLatin1String("LoRA")), qPrintable(line));
        QVERIFY2(line.contains(QString::fromStdString(gpu->name)), qPrintable(line));
        chooseMethod(Method::Qlora);
        QVERIFY(w().controls()->primary()->methodAndGpu()->text().contains(QLatin1String("QLoRA")));
    }

    // First start: a plan that fits on one 24 GB card, named in the Workload panel, and every
    // tab (clicked open) shows a normal picture.
    void firstStartFits() {
        const Plan p = PlanDocument::defaultPlan(presets());
        QCOMPARE(serializePlan(doc()->plan()), serializePlan(p));
        QVERIFY(doc()->problem().isEmpty());
        QVERIFY(doc()->evaluation().fits);
        QCOMPARE(w().perGpuView()->verdict()->state(), VerdictWidget::State::Fits);
        const GpuPreset* gpu = presets().findGpu(p.hardware.gpu);
        QVERIFY(gpu && gpu->memory_bytes <= 24 * kGiB); // a 24 GB card
        const QString line = w().controls()->primary()->methodAndGpu()->text();
        QVERIFY2(line.contains(QLatin1String("LoRA")), qPrintable(line));
        QVERIFY2(line.contains(QString::fromStdString(gpu->name)), qPrintable(line));
        QTabBar* tabs = w().views()->tabBar();
        for (int i = 0; i < tabs->count(); ++i) {
            QTest::mouseClick(tabs, Qt::LeftButton, Qt::NoModifier, tabs->tabRect(i).center());
            QTRY_COMPARE(w().views()->currentIndex(), i);
            QVERIFY(QTest::qWaitFor([&] { return w().views()->currentWidget()->isVisible(); }));
        }
        QVERIFY(doc()->evaluation().fits);
        QVERIFY(!doc()->isModified());
    }

    // --- item 9: a config.json opens as a plan ----------------------------------------------

    void openConfigFromFileMenu() {
        doc()->reset(makePlan("llama-2-7b", Method::Qlora, 2, 1024, 1, "rtx-4090"));
        const QString config = kHfDir + QStringLiteral("/mistral-7b/config.json");
        const QByteArray before = slurp(config);
        dialogs_.openName = config;
        w().action("open")->trigger();
        QVERIFY2(dialogs_.errors.isEmpty(), qPrintable(dialogs_.errors.join('\n')));
        const ModelSpec direct = importHfConfigFile(config.toStdString());
        const Plan& p = doc()->plan();
        QCOMPARE(p.model.hidden, direct.hidden);
        QCOMPARE(p.model.kv_heads, direct.kv_heads);
        QCOMPARE(p.model.vocab, direct.vocab);
        QCOMPARE(p.training.method, Method::Qlora); // the window's settings stay
        QCOMPARE(p.hardware.gpu, std::string("rtx-4090"));
        QVERIFY(doc()->filePath().isEmpty());
        QVERIFY(doc()->isModified());
        QVERIFY(!w().windowTitle().contains(QLatin1String("config.json")));
        // Saving asks for a plan name and never writes over the config.
        QTemporaryDir dir;
        dialogs_.saveName = dir.filePath(QStringLiteral("mistral.memplan.json"));
        w().action("save")->trigger();
        QCOMPARE(slurp(config), before);
        const Plan saved = loadPlanFile(dialogs_.saveName.toStdString(), presets());
        QCOMPARE(saved.model.hidden, direct.hidden);
    }

    void dropConfigOnTheWindow() {
        const QString config = kHfDir + QStringLiteral("/gemma-2b/config.json");
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(config)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton,
                              Qt::NoModifier);
        QCoreApplication::sendEvent(&w(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&w(), &drop);
        QVERIFY2(dialogs_.errors.isEmpty(), qPrintable(dialogs_.errors.join('\n')));
        const ModelSpec direct = importHfConfigFile(config.toStdString());
        QCOMPARE(doc()->plan().model.layers, direct.layers);
        QCOMPARE(doc()->plan().model.vocab, direct.vocab);
        // A broken config is refused with the file and the key named; the plan stays.
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("config.json"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"model_type": "llama", "architectures": ["LlamaForCausalLM"]})");
        f.close();
        const std::string before = serializePlan(doc()->plan());
        dialogs_.answer = Dialogs::SaveChoice::Discard; // the imported plan is unsaved
        QMimeData badMime;
        badMime.setUrls({QUrl::fromLocalFile(bad)});
        QDragEnterEvent badEnter(QPoint(10, 10), Qt::CopyAction, &badMime, Qt::LeftButton,
                                 Qt::NoModifier);
        QCoreApplication::sendEvent(&w(), &badEnter);
        QDropEvent badDrop(QPointF(10, 10), Qt::CopyAction, &badMime, Qt::LeftButton,
                           Qt::NoModifier);
        QCoreApplication::sendEvent(&w(), &badDrop);
        QCOMPARE(dialogs_.errors.size(), 1);
        QVERIFY(dialogs_.errors.front().contains(QLatin1String("config.json")));
        QCOMPARE(serializePlan(doc()->plan()), before);
    }
};

QTEST_MAIN(TestLevers)
#include "tst_gui_levers.moc"
