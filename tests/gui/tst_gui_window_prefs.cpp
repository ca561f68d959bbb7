// Issue 13 minors: the window's preferences and helps, driven through the real main window's
// actions and dialogs: View > Theme (kept in the settings, the charts follow), Help > User
// guide (bundled, offline, with its pictures), the export dialogs' last folder (kept in the
// settings), the capacity line at a device pixel ratio of 2 (the test runs again under
// QT_SCALE_FACTOR=2), and the Compare columns (QLoRA defaults, saved with the plan).
#include "charts/chartstyle.h"
#include "charts/memorychartview.h"
#include "document/plandocument.h"
#include "document/settings.h"
#include "mainwindow.h"
#include "models/scenariomodel.h"
#include "testsupport.h"
#include "theme.h"
#include "userguide.h"
#include "views/compareview.h"
#include "views/pergpuview.h"

#include "memplan/errors.h"
#include "memplan/plan_json.h"

#include <QAction>
#include <QApplication>
#include <QChart>
#include <QFileDialog>
#include <QLineEdit>
#include <QLineSeries>
#include <QMenu>
#include <QRegularExpression>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>
#include <QToolButton>
#include <QUndoStack>

#include <functional>
#include <memory>

using namespace memplan;
using namespace memplan::gui;
using namespace memplan::gui::test;

class TestWindowPrefs : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString ini() const { return dir_.filePath(QStringLiteral("settings.ini")); }

    // A window with its own settings file, as the program makes it.
    struct Session {
        std::unique_ptr<Settings> settings;
        FakeDialogs dialogs;
        std::unique_ptr<MainWindow> window;
    };
    std::unique_ptr<Session> open() {
        auto s = std::make_unique<Session>();
        s->settings = std::make_unique<Settings>(ini(), nullptr);
        s->window = std::make_unique<MainWindow>(presets(), s->settings.get(), &s->dialogs);
        s->window->show();
        return s;
    }

    static bool chartIsDark(MainWindow& w) {
        return chartstyle::isDark(
            QPalette(w.perGpuView()->chart()->background(), w.perGpuView()->chart()->background()));
    }

    // Runs `answer` on the modal dialog `trigger` opens, once it is up.
    static void onDialog(QAction* trigger, const std::function<void(QWidget*)>& answer) {
        bool seen = false;
        QTimer::singleShot(0, trigger, [&] {
            QWidget* dialog = QApplication::activeModalWidget();
            seen = dialog != nullptr;
            if (dialog)
                answer(dialog);
        });
        trigger->trigger();
        QVERIFY2(seen, "no dialog opened");
    }

private slots:
    void init() {
        QFile::remove(ini());
        QApplication::setPalette(lightPalette());
    }

    // View > Theme: Dark turns the window and its charts dark, is kept in the settings and
    // comes back with the next window; Light and Follow the system turn them light again.
    void themeMenu() {
        {
            auto s = open();
            MainWindow& w = *s->window;
            QVERIFY(!chartIsDark(w));
            QAction* dark = w.findChild<QAction*>(QStringLiteral("theme_dark"));
            QVERIFY(dark);
            QVERIFY(!dark->isChecked());
            dark->trigger();
            QVERIFY(dark->isChecked());
            QVERIFY(chartstyle::isDark(QApplication::palette()));
            // Qt posts the palette change to the widgets.
            QTRY_VERIFY(chartstyle::isDark(w.palette()));
            QTRY_VERIFY(chartIsDark(w));
            QCOMPARE(s->settings->theme(), QStringLiteral("dark"));
        }
        QApplication::setPalette(lightPalette()); // as a new program would start
        {
            auto s = open();
            MainWindow& w = *s->window;
            QTRY_VERIFY(chartIsDark(w));
            QVERIFY(w.findChild<QAction*>(QStringLiteral("theme_dark"))->isChecked());
            w.findChild<QAction*>(QStringLiteral("theme_light"))->trigger();
            QTRY_VERIFY(!chartIsDark(w));
            QCOMPARE(s->settings->theme(), QStringLiteral("light"));
            w.findChild<QAction*>(QStringLiteral("theme_dark"))->trigger();
            QTRY_VERIFY(chartIsDark(w));
            w.findChild<QAction*>(QStringLiteral("theme_system"))->trigger();
            QTRY_VERIFY(!chartIsDark(w)); // the palette the program started with
            QCOMPARE(s->settings->theme(), QStringLiteral("system"));
        }
    }

    // Help > User guide: docs/user-guide.md from the program's resources, its pictures too.
    void userGuide() {
        auto s = open();
        QAction* guide = s->window->action("userGuide");
        QVERIFY(guide);
        guide->trigger();
        auto* window = s->window->findChild<UserGuideWindow*>();
        QVERIFY(window);
        QVERIFY(window->isVisible());
        QFile source(QStringLiteral(MEMPLAN_SOURCE_DIR "/docs/user-guide.md"));
        QVERIFY(source.open(QIODevice::ReadOnly));
        const QString markdown = QString::fromUtf8(source.readAll());
        const QString heading = markdown.section(QLatin1Char('\n'), 0, 0).mid(2); // "# ..."
        QVERIFY(!heading.isEmpty());
        const QString shown = window->browser()->toPlainText();
        QVERIFY2(shown.startsWith(heading), qPrintable(shown.left(200)));
        QVERIFY(!shown.contains(QLatin1String("](images/"))); // read as Markdown, not text
        // Every picture the guide names loads from the bundled copy.
        const QRegularExpression image(QStringLiteral(R"(\]\((images/[^)]+\.png)\))"));
        int pictures = 0;
        for (auto it = image.globalMatch(markdown); it.hasNext(); ++pictures) {
            const QString name = it.next().captured(1);
            const QVariant loaded =
                window->browser()->document()->resource(QTextDocument::ImageResource, QUrl(name));
            QVERIFY2(loaded.isValid() && !loaded.value<QImage>().isNull(), qPrintable(name));
        }
        QVERIFY(pictures >= 3);
    }

    // File > Export Chart and Export Data start in the folder of the last export, also in
    // the next session.
    void exportDialogsRememberTheFolder() {
        QTemporaryDir first, second;
        {
            auto s = open();
            QString offered;
            onDialog(s->window->findChild<QAction*>(QStringLiteral("exportChart")),
                     [&](QWidget* dialog) {
                         auto* file = dialog->findChild<QLineEdit*>();
                         offered = file->text();
                         file->setText(first.filePath(QStringLiteral("chart.png")));
                         QTest::keyClick(dialog, Qt::Key_Return);
                     });
            QVERIFY(QFileInfo::exists(first.filePath(QStringLiteral("chart.png"))));
            QCOMPARE(QFileInfo(offered).absolutePath(), QDir::homePath());
            QCOMPARE(s->settings->exportFolder(), QFileInfo(first.path()).absoluteFilePath());
            // Export Data, in the same session: the chart's folder.
            QString dataDir;
            onDialog(s->window->findChild<QAction*>(QStringLiteral("exportData")),
                     [&](QWidget* dialog) {
                         if (auto* fd = qobject_cast<QFileDialog*>(dialog))
                             dataDir = fd->directory().absolutePath();
                         dialog->close();
                     });
            QCOMPARE(dataDir, QFileInfo(first.path()).absoluteFilePath());
            s->window->close();
        }
        {
            auto s = open(); // a new session
            QString offered;
            onDialog(s->window->findChild<QAction*>(QStringLiteral("exportChart")),
                     [&](QWidget* dialog) {
                         auto* file = dialog->findChild<QLineEdit*>();
                         offered = file->text();
                         file->setText(second.filePath(QStringLiteral("again.svg")));
                         QTest::keyClick(dialog, Qt::Key_Return);
                     });
            QCOMPARE(QFileInfo(offered).absolutePath(), QFileInfo(first.path()).absoluteFilePath());
            QCOMPARE(s->settings->exportFolder(), QFileInfo(second.path()).absoluteFilePath());
            s->window->close();
        }
    }

    // Clicks the Compare tab (created on first show) and returns its view.
    static CompareView* clickCompareTab(MainWindow& w) {
        QTabWidget* tabs = w.views();
        for (int i = 0; i < tabs->count(); ++i)
            if (tabs->widget(i)->objectName() == QLatin1String("compareView")) {
                QTabBar* bar = tabs->tabBar();
                QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(i).center());
                return tabs->currentIndex() == i ? tabs->widget(i)->findChild<CompareView*>()
                                                 : nullptr;
            }
        return nullptr;
    }
    static QTableView* columnTable(CompareView* compare) {
        return compare->findChild<QTableView*>();
    }
    static void clickColumn(CompareView* compare, int row, int column = ScenarioModel::NameColumn) {
        QTableView* table = columnTable(compare);
        const QRect cell = table->visualRect(table->model()->index(row, column));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    }
    static void clickButton(CompareView* compare, const char* name) {
        auto* b = compare->findChild<QToolButton*>(QLatin1String(name));
        QVERIFY2(b && b->isEnabled(), name);
        QTest::mouseClick(b, Qt::LeftButton);
    }
    // "method/recipe" of each column ("-" where the column keeps the plan's).
    static QString methodsAndRecipes(const ScenarioModel& m) {
        QStringList out;
        for (const Scenario& s : m.scenarios())
            out << QString::fromStdString(s.overrides.value(ScenarioKey::Method).value_or("-") +
                                          "/" +
                                          s.overrides.value(ScenarioKey::Precision).value_or("-"));
        return out.join(QLatin1Char(' '));
    }
    // Key presses reach the window's shortcuts only while it is the active window.
    static void press(MainWindow& w, const char* action) {
        QApplication::setActiveWindow(&w);
        QVERIFY(QTest::qWaitForWindowActive(&w));
        const QKeySequence keys = w.action(action)->shortcut();
        QVERIFY2(!keys.isEmpty(), action);
        QTest::keySequence(&w, keys);
    }

    // A LoRA or QLoRA plan compares its frozen base in NF4, INT8 and BF16 under the same
    // adapters (the base's quantization varies, not the adapters); a full training compares
    // the recipes; a serving plan its KV cache dtype. The columns follow the method.
    void compareDefaultsSuitTheMethod_data() {
        QTest::addColumn<int>("method");
        QTest::addColumn<QString>("columns");
        QTest::newRow("qlora") << int(Method::Qlora)
                               << QStringLiteral("qlora/- lora/int8 lora/bf16-mixed");
        QTest::newRow("lora") << int(Method::Lora)
                              << QStringLiteral("qlora/- lora/int8 lora/bf16-mixed");
        QTest::newRow("full") << int(Method::Full) << QStringLiteral("-/fp32 -/bf16-mixed -/int8");
    }
    void compareDefaultsSuitTheMethod() {
        QFETCH(int, method);
        QFETCH(QString, columns);
        auto s = open();
        MainWindow& w = *s->window;
        w.document()->reset(makePlan("llama-3.1-8b", Method::Full, 1, 2048, 1, "rtx-4090"));
        CompareView* compare = clickCompareTab(w);
        QVERIFY(compare);
        Plan p = w.document()->plan();
        p.training.method = Method(method);
        p.training.lora.rank = 64;
        w.document()->reset(p);
        QCOMPARE(methodsAndRecipes(*compare->model()), columns);
        QVERIFY(!w.document()->isModified()); // showing the defaults changes nothing
        QVERIFY(w.document()->plan().compare.empty());
        for (const Scenario& sc : compare->model()->scenarios()) {
            QVERIFY2(sc.problem.isEmpty(), qPrintable(sc.problem));
            if (Method(method) == Method::Full)
                continue; // an INT8 recipe freezes a full training's base
            // Every column trains what the plan trains: a LoRA plan's columns keep its adapters
            // (same trainable count), so only the base's bytes differ between them.
            QCOMPARE(sc.plan.training.lora.rank, int64_t(64));
            QCOMPARE(sc.evaluation.params_trainable,
                     compare->model()->scenario(0).evaluation.params_trainable);
        }
        if (Method(method) == Method::Full)
            return;
        // NF4 < INT8 < BF16: the weights shrink with the base's width.
        const auto weights = [&](int col) {
            return compare->model()->scenario(col).evaluation.bytes(Component::Weights);
        };
        QVERIFY(weights(0) < weights(1));
        QVERIFY(weights(1) < weights(2));
    }

    // The Compare columns the user sets (remove, duplicate, rename: the real tab's buttons,
    // table and keys) are undone like any edit, saved with the plan, and come back when it is
    // opened; a plan that keeps the defaults is written without them.
    void compareColumnsSavedWithThePlan() {
        QTemporaryDir files;
        const QString path = files.filePath(QStringLiteral("cols.memplan.json"));
        {
            auto s = open();
            MainWindow& w = *s->window;
            w.document()->reset(makePlan("llama-3.1-8b", Method::Qlora, 1, 2048, 1, "rtx-4090"));
            CompareView* compare = clickCompareTab(w);
            QVERIFY(compare);
            ScenarioModel& model = *compare->model();
            QCOMPARE(model.count(), 3);
            clickColumn(compare, 1);
            clickButton(compare, "removeColumn");
            QCOMPARE(methodsAndRecipes(model), QStringLiteral("qlora/- lora/bf16-mixed"));
            QVERIFY(w.document()->isModified());
            QCOMPARE(w.document()->plan().compare.size(), std::size_t(2));
            clickColumn(compare, 1);
            clickButton(compare, "duplicateColumn");
            // Rename the first column in the table: F2, type, Enter.
            clickColumn(compare, 0);
            QTest::keyClick(columnTable(compare), Qt::Key_F2);
            auto* editor = columnTable(compare)->viewport()->findChild<QLineEdit*>();
            QVERIFY(editor && editor->isVisible());
            QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
            QTest::keyClicks(editor, QStringLiteral("NF4 base"));
            QTest::keyClick(editor, Qt::Key_Return);
            // The delegate commits the editor's text from a queued call.
            QTRY_COMPARE(model.scenario(0).name, QStringLiteral("NF4 base"));
            const QString expected = QStringLiteral("qlora/- lora/bf16-mixed lora/bf16-mixed");
            QCOMPARE(methodsAndRecipes(model), expected);
            // Undo (its key, focus in the table) takes the name back; redo puts it again.
            columnTable(compare)->setFocus();
            press(w, "undo");
            QCOMPARE(model.scenario(0).customName, false);
            QCOMPARE(model.count(), 3);
            press(w, "redo");
            QCOMPARE(model.scenario(0).name, QStringLiteral("NF4 base"));
            s->dialogs.saveName = path;
            w.action("saveAs")->trigger(); // File > Save As (no key on every platform)
            QVERIFY(!w.document()->isModified());
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray json = file.readAll();
        file.close();
        QVERIFY2(json.contains("\"compare\"") && json.contains("NF4 base"), json.constData());
        {
            auto s = open();
            MainWindow& w = *s->window;
            s->dialogs.openName = path;
            press(w, "open");
            QCOMPARE(w.document()->filePath(), path);
            CompareView* compare = clickCompareTab(w);
            QVERIFY(compare);
            QCOMPARE(methodsAndRecipes(*compare->model()),
                     QStringLiteral("qlora/- lora/bf16-mixed lora/bf16-mixed"));
            QTableView* table = columnTable(compare);
            QCOMPARE(table->model()->index(0, ScenarioModel::NameColumn).data().toString(),
                     QStringLiteral("NF4 base"));
            QVERIFY(!w.document()->isModified());
            // Back to the defaults: the list is dropped from the file again.
            clickColumn(compare, 2);
            clickButton(compare, "removeColumn");
            clickColumn(compare, 1);
            clickButton(compare, "removeColumn");
            clickColumn(compare, 0);
            clickButton(compare, "removeColumn");
            QCOMPARE(compare->model()->count(), 0);
            // Typical comparisons > LoRA base: the menu pops up, the item is clicked.
            bool clicked = false;
            QTimer::singleShot(0, compare, [&] {
                auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
                if (!menu)
                    return;
                for (QAction* a : menu->actions())
                    if (a->text().startsWith(QLatin1String("LoRA base"))) {
                        QTest::mouseClick(menu, Qt::LeftButton, {},
                                          menu->actionGeometry(a).center());
                        clicked = true;
                    }
                if (!clicked)
                    menu->close();
            });
            QTest::mouseClick(compare->findChild<QToolButton*>(QStringLiteral("startColumns")),
                              Qt::LeftButton);
            QVERIFY(clicked);
            QCOMPARE(methodsAndRecipes(*compare->model()),
                     QStringLiteral("qlora/- lora/int8 lora/bf16-mixed"));
            QVERIFY(w.document()->plan().compare.empty());
            press(w, "save");
        }
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(!file.readAll().contains("\"compare\""), "the default columns were written");
    }

    // A plan without a compare list (an older file) opens, shows its Compare tab and saves
    // byte for byte as it was.
    void planWithoutCompareSavesIdentically() {
        QTemporaryDir files;
        const QString path = files.filePath(QStringLiteral("old.memplan.json"));
        const std::string text =
            serializePlan(makePlan("llama-3.1-8b", Method::Qlora, 2, 4096, 1, "rtx-4090"));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text.data(), static_cast<qint64>(text.size()));
        }
        auto s = open();
        MainWindow& w = *s->window;
        s->dialogs.openName = path;
        press(w, "open");
        QVERIFY(clickCompareTab(w));
        QVERIFY(!w.document()->isModified());
        const QString copy = files.filePath(QStringLiteral("copy.memplan.json"));
        s->dialogs.saveName = copy;
        w.action("saveAs")->trigger();
        QFile f(copy);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray::fromStdString(text));
    }

    // The capacity line is 2 device-independent pixels wide: a cosmetic pen counts device
    // pixels, so at a device pixel ratio of 2 it is 4 wide (ctest runs this test again under
    // QT_SCALE_FACTOR=2).
    void capacityLineFollowsTheDevicePixelRatio() {
        auto s = open();
        MainWindow& w = *s->window;
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        MemoryChartView* chart = w.perGpuView()->chart();
        const qreal dpr = chart->devicePixelRatioF();
        if (!qEnvironmentVariableIsEmpty("QT_SCALE_FACTOR"))
            QCOMPARE(dpr, qEnvironmentVariable("QT_SCALE_FACTOR").toDouble());
        QLineSeries* capacity = nullptr;
        for (QAbstractSeries* series : chart->chart()->series())
            if (auto* line = qobject_cast<QLineSeries*>(series);
                line && line->isVisible() && line->pen().style() == Qt::DashLine)
                capacity = line;
        QVERIFY2(capacity, "no capacity line (the default plan has a GPU)");
        QVERIFY(capacity->pen().isCosmetic());
        QCOMPARE(capacity->pen().widthF(), 2.0 * dpr);
        // On a rendered image the line is as thick in device pixels.
        const QImage image = chart->render();
        QCOMPARE(image.devicePixelRatio(), dpr);
    }
};

QTEST_MAIN(TestWindowPrefs)
#include "tst_gui_window_prefs.moc"
