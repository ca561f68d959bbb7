// Crash safety: the window keeps an autosaved copy of its plan, and after the process is
// killed (SIGKILL, no chance to clean up) the next start offers to restore it.
#include "autosave.h"
#include "mainwindow.h"
#include "plandocument.h"
#include "settings.h"
#include "testsupport.h"

#include "memplan/plan_json.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace memplan;
using namespace memplan::gui;

class TestAutosave : public QObject {
    Q_OBJECT
private:
    QTemporaryDir home_;

    QString autosaveDir() const {
        return home_.filePath(QStringLiteral("data/memplan/memplan/autosave"));
    }

private slots:
    void initTestCase() {
        QVERIFY(home_.isValid());
        // The real program and this test share one data folder through XDG_DATA_HOME.
        qputenv("XDG_DATA_HOME", home_.filePath(QStringLiteral("data")).toUtf8());
        qputenv("XDG_CONFIG_HOME", home_.filePath(QStringLiteral("config")).toUtf8());
        QCoreApplication::setOrganizationName(QStringLiteral("memplan"));
        QCoreApplication::setApplicationName(QStringLiteral("memplan"));
        QCOMPARE(Autosave::directory(), autosaveDir());
    }

    void writesACopyAfterAChange() {
        Settings settings(home_.filePath(QStringLiteral("inprocess.ini")), nullptr);
        test::FakeDialogs dialogs;
        MainWindow window(test::presets(), &settings, &dialogs);
        const QString own = QDir(autosaveDir())
                                .filePath(QStringLiteral("autosave-%1.memplan-autosave.json")
                                              .arg(QCoreApplication::applicationPid()));
        Plan p = window.document()->plan();
        p.training.micro_batch = 7;
        window.document()->edit(p, QStringLiteral("test"));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(own), 2 * Autosave::kDefaultDelayMs + 2000);
        QFile f(own);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().contains("\\\"micro_batch\\\": 7"));
        f.close();
        // Its own copy is never offered as a crash leftover while the process lives.
        QVERIFY(!Autosave::findOrphan());
    }

    void restoresAfterSigkill() {
        // A plan different from the default, opened by the real program.
        Plan plan = test::makePlan("mistral-7b", Method::Qlora, 3, 4096, 1, "l4");
        const QString planPath = home_.filePath(QStringLiteral("killed.memplan.json"));
        savePlanFileAtomic(planPath.toStdString(), plan);

        QProcess memplan;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        memplan.setProcessEnvironment(env);
        memplan.start(QStringLiteral(MEMPLAN_EXECUTABLE), {planPath});
        QVERIFY(memplan.waitForStarted(10000));
        const QString copy =
            QDir(autosaveDir())
                .filePath(
                    QStringLiteral("autosave-%1.memplan-autosave.json").arg(memplan.processId()));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(copy), 20000);
        ::kill(static_cast<pid_t>(memplan.processId()), SIGKILL);
        QVERIFY(memplan.waitForFinished(10000));
        QCOMPARE(memplan.exitStatus(), QProcess::CrashExit);
        QVERIFY(QFile::exists(copy)); // nobody cleaned up

        // The next start finds the copy and, when the user agrees, restores it.
        Settings settings(home_.filePath(QStringLiteral("restart.ini")), nullptr);
        test::FakeDialogs dialogs;
        dialogs.restoreAnswer = true;
        MainWindow window(test::presets(), &settings, &dialogs);
        QVERIFY(window.offerCrashRecovery());
        QCOMPARE(dialogs.restoreAsked, 1);
        QCOMPARE(serializePlan(window.document()->plan()), serializePlan(plan));
        QCOMPARE(window.document()->filePath(), QFileInfo(planPath).absoluteFilePath());
        QVERIFY(window.document()->isModified());
        QVERIFY(!QFile::exists(copy));
        QVERIFY(!window.offerCrashRecovery()); // offered once
    }

    void declinedRestoreLeavesThePlan() {
        QDir().mkpath(autosaveDir());
        // A leftover of a process that is gone (pid 0x7ffffff0 is far above pid_max).
        const QString leftover =
            QDir(autosaveDir())
                .filePath(QStringLiteral("autosave-2147483632.memplan-autosave.json"));
        QFile f(leftover);
        QVERIFY(f.open(QIODevice::WriteOnly));
        const Plan other = test::makePlan("gpt2", Method::Full, 2, 512, 1, "t4");
        f.write(QJsonDocument(QJsonObject{{QStringLiteral("pid"), 2147483632},
                                          {QStringLiteral("original_path"), QString()},
                                          {QStringLiteral("plan"),
                                           QString::fromStdString(serializePlan(other))}})
                    .toJson());
        f.close();
        Settings settings(home_.filePath(QStringLiteral("declined.ini")), nullptr);
        test::FakeDialogs dialogs;
        dialogs.restoreAnswer = false;
        MainWindow window(test::presets(), &settings, &dialogs);
        const std::string before = serializePlan(window.document()->plan());
        QVERIFY(!window.offerCrashRecovery());
        QCOMPARE(dialogs.restoreAsked, 1);
        QCOMPARE(serializePlan(window.document()->plan()), before);
        QVERIFY(!QFile::exists(leftover));
    }
};

QTEST_MAIN(TestAutosave)
#include "tst_gui_autosave.moc"
