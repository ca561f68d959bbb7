// Issue 9 ("Never lose a file") in the window program: every output through the one atomic
// writer, FIFOs and devices refused at once, plain-text dialogs, CSV cells that cannot run as
// formulas, real values beyond the slider ranges, and the headless usage errors. The
// full-disk cases run again under the ENOSPC shim (CTest label `fulldisk`) and are skipped,
// with the reason, without it.
#include "../common/file_bytes.h"
#include "dialogs.h"
#include "document/autosave.h"
#include "document/plandocument.h"
#include "document/settings.h"
#include "export/exportchart.h"
#include "export/exportdata.h"
#include "mainwindow.h"
#include "models/scenariomodel.h"
#include "testsupport.h"

#include "memplan/plan_json.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QMessageBox>
#include <QProcess>
#include <QSpinBox>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace memplan;
using namespace memplan::gui;

namespace {

using memplan::testfiles::put;
using memplan::testfiles::slurp;

bool shimActive() {
    return qEnvironmentVariableIsSet("MEMPLAN_FULLDISK_SHIM");
}

mode_t modeOf(const QString& path) {
    struct stat st {};
    ::stat(QFile::encodeName(path).constData(), &st);
    return st.st_mode & 07777;
}

struct Run {
    int code = -1;
    bool finished = false;
    QString err;
    qint64 ms = 0;
};

// Runs the memplan program headless; `fullDiskDir` limits writes under that folder to
// `budget` bytes (needs the shim, which the fulldisk CTest entry preloads).
Run runMemplan(const QStringList& args, const QString& fullDiskDir = {}, int budget = 0) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("MEMPLAN_PRESET_DIR"), QStringLiteral(MEMPLAN_TEST_PRESETS));
    if (!fullDiskDir.isEmpty()) {
        env.insert(QStringLiteral("MEMPLAN_FULLDISK_DIR"), fullDiskDir);
        env.insert(QStringLiteral("MEMPLAN_FULLDISK_BYTES"), QString::number(budget));
    }
    p.setProcessEnvironment(env);
    QElapsedTimer t;
    t.start();
    p.start(QStringLiteral(MEMPLAN_EXECUTABLE), args);
    Run r;
    r.finished = p.waitForStarted(10000) && p.waitForFinished(30000);
    if (!r.finished) {
        p.kill();
        p.waitForFinished(5000);
    }
    r.ms = t.elapsed();
    r.code = p.exitCode();
    r.err = QString::fromLocal8Bit(p.readAllStandardError());
    return r;
}

QString describe(const Run& r) {
    return QStringLiteral("exit %1%2 after %3 ms: %4")
        .arg(r.code)
        .arg(r.finished ? "" : " (did not finish)")
        .arg(r.ms)
        .arg(r.err);
}

} // namespace

class TestFiles : public QObject {
    Q_OBJECT
private:
    QTemporaryDir home_;
    QString planPath_;

    QString at(const QString& name) const { return home_.filePath(name); }

private slots:
    void initTestCase() {
        QVERIFY(home_.isValid());
        qputenv("XDG_DATA_HOME", home_.filePath(QStringLiteral("data")).toUtf8());
        qputenv("XDG_CONFIG_HOME", home_.filePath(QStringLiteral("config")).toUtf8());
        QCoreApplication::setOrganizationName(QStringLiteral("memplan"));
        QCoreApplication::setApplicationName(QStringLiteral("memplan"));
        planPath_ = at(QStringLiteral("plan.memplan.json"));
        savePlanFileAtomic(planPath_.toStdString(),
                           test::makePlan("gpt2", Method::Full, 2, 512, 1, "t4"));
    }

    // --- item 1: full disk (needs the shim) ---------------------------------------------

    // File > Save through the real window: the old file stays byte-identical, an error
    // dialog says why, and the status bar never says "Saved".
    void fullDiskSaveKeepsPlan() {
        if (!shimActive())
            QSKIP("needs the ENOSPC shim: run `ctest -L fulldisk`");
        QTemporaryDir disk;
        const QString path = disk.filePath(QStringLiteral("plan.memplan.json"));
        QVERIFY(QFile::copy(planPath_, path));
        const QByteArray before = slurp(path);
        test::FakeDialogs dialogs;
        MainWindow window(test::presets(), nullptr, &dialogs);
        QVERIFY(window.openFile(path));
        Plan p = window.document()->plan();
        p.training.micro_batch = 7;
        window.document()->edit(p, QStringLiteral("test"));
        qputenv("MEMPLAN_FULLDISK_BYTES", "100");
        qputenv("MEMPLAN_FULLDISK_DIR", disk.path().toLocal8Bit());
        window.action("save")->trigger();
        qunsetenv("MEMPLAN_FULLDISK_DIR");
        QCOMPARE(slurp(path), before);
        QCOMPARE(dialogs.errors.size(), 1);
        QVERIFY2(dialogs.errors.front().contains(QLatin1String("No space left on device")),
                 qPrintable(dialogs.errors.front()));
        QVERIFY(!window.statusBar()->currentMessage().startsWith(QLatin1String("Saved")));
        QVERIFY(window.document()->isModified());
        QCOMPARE(QDir(disk.path()).entryList(QDir::Files | QDir::Hidden),
                 QStringList{"plan.memplan.json"});
    }

    // Autosave on a full disk: reported, and the previous copy stays.
    void fullDiskAutosaveKeepsCopy() {
        if (!shimActive())
            QSKIP("needs the ENOSPC shim: run `ctest -L fulldisk`");
        PlanDocument doc(test::presets());
        Autosave autosave(&doc);
        QVERIFY(autosave.saveNow());
        const QByteArray before = slurp(autosave.filePath());
        QVERIFY(before.size() > 100);
        Plan p = doc.plan();
        p.training.micro_batch = 9;
        doc.edit(p, QStringLiteral("test"));
        qputenv("MEMPLAN_FULLDISK_BYTES", "0");
        qputenv("MEMPLAN_FULLDISK_DIR", Autosave::directory().toLocal8Bit());
        QString error;
        const bool saved = autosave.saveNow(&error);
        qunsetenv("MEMPLAN_FULLDISK_DIR");
        QVERIFY(!saved);
        QVERIFY2(error.contains(QLatin1String("No space left on device")), qPrintable(error));
        QCOMPARE(slurp(autosave.filePath()), before);
    }

    // The headless outputs over an existing file on a full disk: exit 2, file unchanged.
    void fullDiskHeadlessOutputs_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("args");
        QTest::newRow("--export-data csv") << "out.csv" << QStringList{"--export-data"};
        QTest::newRow("--export-data json") << "out.json" << QStringList{"--export-data"};
        QTest::newRow("--export-chart png") << "out.png" << QStringList{"--export-chart"};
        QTest::newRow("--export-chart pdf") << "out.pdf" << QStringList{"--export-chart"};
        QTest::newRow("--export-chart svg") << "out.svg" << QStringList{"--export-chart"};
        QTest::newRow("--screenshot") << "shot.png" << QStringList{"--screenshot"};
    }
    void fullDiskHeadlessOutputs() {
        if (!shimActive())
            QSKIP("needs the ENOSPC shim: run `ctest -L fulldisk`");
        QFETCH(QString, name);
        QFETCH(QStringList, args);
        QTemporaryDir disk;
        const QString out = disk.filePath(name);
        put(out, "the previous export\n");
        const Run r = runMemplan(args << out << planPath_, disk.path(), 64);
        QVERIFY2(r.finished && r.code == 2, qPrintable(describe(r)));
        QVERIFY2(r.err.contains(QLatin1String("No space left on device")), qPrintable(r.err));
        QCOMPARE(slurp(out), QByteArray("the previous export\n"));
        QCOMPARE(QDir(disk.path()).entryList(QDir::Files | QDir::Hidden), QStringList{name});
    }

    // --- item 2: one writer, same rules for every output --------------------------------

    void outputsFollowWriterRules_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("args");
        QTest::newRow("pdf") << "chart.pdf" << QStringList{"--export-chart"};
        QTest::newRow("png") << "chart.png" << QStringList{"--export-chart"};
        QTest::newRow("csv") << "data.csv" << QStringList{"--export-data"};
        QTest::newRow("screenshot") << "shot.png" << QStringList{"--screenshot"};
    }
    void outputsFollowWriterRules() {
        QFETCH(QString, name);
        QFETCH(QStringList, args);
        QTemporaryDir d;
        // A symlink stays a symlink, and its target gets the output.
        const QString target = d.filePath(QStringLiteral("real-") + name);
        const QString link = d.filePath(name);
        put(target, "old");
        QVERIFY(QFile::link(target, link));
        Run r = runMemplan(QStringList(args) << link << planPath_);
        QVERIFY2(r.code == 0, qPrintable(describe(r)));
        QVERIFY(QFileInfo(link).isSymLink());
        QVERIFY(slurp(target).size() > 100);
        // A read-only file is refused and left as it was.
        const QString readOnly = d.filePath(QStringLiteral("ro-") + name);
        put(readOnly, "precious");
        ::chmod(QFile::encodeName(readOnly).constData(), 0444);
        r = runMemplan(QStringList(args) << readOnly << planPath_);
        QVERIFY2(r.code == 2 && r.err.contains(QLatin1String("read-only")),
                 qPrintable(describe(r)));
        QCOMPARE(slurp(readOnly), QByteArray("precious"));
        // A new file follows the umask (the child inherits it).
        const mode_t previous = ::umask(077);
        const QString fresh = d.filePath(QStringLiteral("new-") + name);
        r = runMemplan(QStringList(args) << fresh << planPath_);
        ::umask(previous);
        QVERIFY2(r.code == 0, qPrintable(describe(r)));
        QCOMPARE(static_cast<int>(modeOf(fresh)), 0600);
    }

    // Two screenshots to one path at once: both succeed and the file is one whole PNG.
    void concurrentScreenshotsDoNotMix() {
        QTemporaryDir d;
        const QString out = d.filePath(QStringLiteral("shot.png"));
        QProcess a, b;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        a.setProcessEnvironment(env);
        b.setProcessEnvironment(env);
        a.start(QStringLiteral(MEMPLAN_EXECUTABLE), {"--screenshot", out, planPath_});
        b.start(QStringLiteral(MEMPLAN_EXECUTABLE), {"--screenshot", out, "--view", "timeline"});
        QVERIFY(a.waitForFinished(60000) && b.waitForFinished(60000));
        QCOMPARE(a.exitCode(), 0);
        QCOMPARE(b.exitCode(), 0);
        QImage image;
        QVERIFY(image.load(out, "PNG"));
        QVERIFY(!image.isNull());
        QCOMPARE(QDir(d.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"shot.png"});
    }

    // --- item 4: never overwrite the input ----------------------------------------------

    void exportRefusesItsOwnInput_data() {
        QTest::addColumn<QString>("option");
        QTest::addColumn<bool>("viaLink");
        QTest::newRow("--export-data same path") << "--export-data" << false;
        QTest::newRow("--export-data through a link") << "--export-data" << true;
        QTest::newRow("--export-chart same path") << "--export-chart" << false;
    }
    void exportRefusesItsOwnInput() {
        QFETCH(QString, option);
        QFETCH(bool, viaLink);
        QTemporaryDir d;
        const QString plan = d.filePath(QStringLiteral("plan.json"));
        QVERIFY(QFile::copy(planPath_, plan));
        const QByteArray before = slurp(plan);
        QString out = plan;
        if (viaLink) {
            out = d.filePath(QStringLiteral("alias.json"));
            QVERIFY(QFile::link(plan, out));
        }
        if (option == QLatin1String("--export-chart")) { // a chart suffix on the plan itself
            const QString svgPlan = d.filePath(QStringLiteral("plan.svg"));
            QVERIFY(QFile::rename(plan, svgPlan));
            const Run r = runMemplan({option, svgPlan, svgPlan});
            QVERIFY2(r.code == 2, qPrintable(describe(r)));
            QCOMPARE(slurp(svgPlan), before);
            return;
        }
        const Run r = runMemplan({option, out, plan});
        QVERIFY2(r.code == 2 && r.err.contains(QLatin1String("plan file itself")),
                 qPrintable(describe(r)));
        QCOMPARE(slurp(plan), before);
    }

    // --- item 5: FIFOs and devices never hang the window --------------------------------

    void fifoPlanDoesNotHang_data() {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("--screenshot FIFO") << QStringList{"--screenshot", "out.png", "FIFO"};
        QTest::newRow("--export-data FIFO") << QStringList{"--export-data", "out.csv", "FIFO"};
        QTest::newRow("--screenshot /dev/zero")
            << QStringList{"--screenshot", "out.png", "/dev/zero"};
    }
    void fifoPlanDoesNotHang() {
        QFETCH(QStringList, args);
        QTemporaryDir d;
        const QString fifo = d.filePath(QStringLiteral("plan.fifo"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        for (QString& a : args) {
            if (a == QLatin1String("FIFO"))
                a = fifo;
            else if (a.startsWith(QLatin1String("out.")))
                a = d.filePath(a);
        }
        const Run r = runMemplan(args);
        QVERIFY2(r.finished && r.code == 2, qPrintable(describe(r)));
        QVERIFY2(r.ms < 15000, qPrintable(describe(r)));
        QVERIFY2(r.err.contains(QLatin1String("not a regular file")), qPrintable(r.err));
    }

    // The last plan path a FIFO (restored at start), and a link to /dev/zero among the
    // autosaves: the window starts at once.
    void fifoLastPlanAndDeviceAutosave() {
        QTemporaryDir d;
        const QString fifo = d.filePath(QStringLiteral("last.fifo"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        Settings settings(d.filePath(QStringLiteral("fifo.ini")), nullptr);
        settings.setLastPlanPath(fifo);
        QDir().mkpath(Autosave::directory());
        const QString zero = QDir(Autosave::directory())
                                 .filePath(QStringLiteral("autosave-1-zero.memplan-autosave.json"));
        QVERIFY(QFile::link(QStringLiteral("/dev/zero"), zero));
        QElapsedTimer t;
        t.start();
        test::FakeDialogs dialogs;
        MainWindow window(test::presets(), &settings, &dialogs);
        window.restoreLastPlan();
        QVERIFY(!window.offerCrashRecovery());
        QVERIFY2(t.elapsed() < 10000, "starting took more than 10 s");
        QVERIFY(QFileInfo(zero).isSymLink()); // left alone, never followed
        QFile::remove(zero);
    }

    // --- item 7: dialogs show plain text ------------------------------------------------

    void dialogsArePlainText() {
        WidgetDialogs dialogs;
        Qt::TextFormat seen = Qt::RichText;
        QString shown;
        QTimer::singleShot(0, [&] {
            for (QWidget* w : QApplication::topLevelWidgets())
                if (auto* box = qobject_cast<QMessageBox*>(w); box && box->isVisible()) {
                    seen = box->textFormat();
                    shown = box->text();
                    box->accept();
                }
        });
        const QString hostile = QStringLiteral(
            "<font color=green><b>This plan is fine</b></font><img src=\"/etc/passwd\">");
        dialogs.reportError(nullptr, QStringLiteral("Could not open the plan"), hostile);
        QCOMPARE(seen, Qt::PlainText);
        QCOMPARE(shown, hostile);
    }

    // --- item 8: CSV cells never run as formulas ----------------------------------------

    void csvNeutralisesFormulas_data() {
        QTest::addColumn<QString>("name");
        QTest::newRow("=") << QStringLiteral("=HYPERLINK(\"http://x\",\"click\")");
        QTest::newRow("+") << QStringLiteral("+1+1");
        QTest::newRow("-") << QStringLiteral("-2+3");
        QTest::newRow("@") << QStringLiteral("@SUM(A1)");
    }
    void csvNeutralisesFormulas() {
        QFETCH(QString, name);
        ScenarioModel model(test::presets());
        model.setBasePlan(test::makePlan("gpt2", Method::Full, 2, 512, 1, "t4"));
        model.addScenario({}, name);
        const QString csv =
            QString::fromStdString(scenariosToCsv(coreScenarios(model.scenarios())));
        const QStringList lines = csv.split(QLatin1Char('\n'));
        QVERIFY(lines.size() >= 2);
        const QString cell = lines[1].startsWith(QLatin1Char('"')) ? lines[1].mid(1) : lines[1];
        QVERIFY2(cell.startsWith(QLatin1Char('\'') + name.left(1)), qPrintable(lines[1]));
    }

    // --- item 10: real values beyond the slider ranges ----------------------------------

    void slidersShowRealValues() {
        const Plan p =
            test::makePlan("llama-2-7b", Method::Full, 100000, 2000000, 5000, "h100-sxm-80gb");
        test::FakeDialogs dialogs;
        MainWindow window(test::presets(), nullptr, &dialogs);
        window.document()->reset(p, QString());
        auto spin = [&](const char* label) -> int {
            for (QSpinBox* s : window.findChildren<QSpinBox*>())
                if (s->accessibleName() == QLatin1String(label))
                    return s->value();
            return -1;
        };
        QCOMPARE(spin("Micro-batch size"), 100000);
        QCOMPARE(spin("Sequence length"), 2000000);
        QCOMPARE(spin("GPU count"), 5000);
        QCOMPARE(window.document()->plan().training.micro_batch, int64_t(100000));
    }

    // --- items 11 and 14: usage errors of the window program ----------------------------

    void headlessUsageErrors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("--export-data X \"\"")
            << QStringList{"--export-data", "OUT.csv", ""} << "empty";
        QTest::newRow("--screenshot with --export-data")
            << QStringList{"--screenshot", "OUT.png", "--export-data", "OUT.csv"}
            << "cannot be combined";
        QTest::newRow("sweep to 1e300")
            << QStringList{"--export-data", "OUT.csv", "--sweep", "micro_batch:1:1e300"}
            << "above the largest";
        QTest::newRow("sweep to inf")
            << QStringList{"--export-data", "OUT.csv", "--sweep", "seq_len:1:inf"}
            << "0 < FROM < TO";
        QTest::newRow("sweep gpus to 1e12")
            << QStringList{"--export-data", "OUT.csv", "--sweep", "gpus:1:1e12"}
            << "above the largest";
    }
    void headlessUsageErrors() {
        QFETCH(QStringList, args);
        QFETCH(QString, fragment);
        QTemporaryDir d;
        for (QString& a : args)
            if (a.startsWith(QLatin1String("OUT.")))
                a = d.filePath(a);
        const Run r = runMemplan(args);
        QVERIFY2(r.code == 2 && r.err.contains(fragment), qPrintable(describe(r)));
        QCOMPARE(QDir(d.path()).entryList(QDir::Files | QDir::Hidden), QStringList{});
    }
};

QTEST_MAIN(TestFiles)
#include "tst_gui_files.moc"
