// Crash safety: the window keeps an autosaved copy of its plan, and after the process is
// killed (SIGKILL, no chance to clean up) the next start offers to restore it.
#include "document/autosave.h"
#include "document/plandocument.h"
#include "document/settings.h"
#include "mainwindow.h"
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
#include <unistd.h>

using namespace memplan;
using namespace memplan::gui;

class TestAutosave : public QObject {
    Q_OBJECT
private:
    QTemporaryDir home_;

    QString autosaveDir() const {
        return home_.filePath(QStringLiteral("data/memplan/memplan/autosave"));
    }

    // The copy written by process `pid` ("" while there is none).
    QString copyOf(qint64 pid) const {
        const QDir dir(autosaveDir());
        for (const QString& name :
             dir.entryList({QStringLiteral("autosave-*.memplan-autosave.json")}, QDir::Files)) {
            QFile f(dir.filePath(name));
            if (f.open(QIODevice::ReadOnly) &&
                QJsonDocument::fromJson(f.readAll()).object().value("pid").toInteger() == pid)
                return dir.filePath(name);
        }
        return {};
    }

    // Writes an envelope as another (dead or foreign) process would have left it.
    QString writeEnvelope(const QString& name, const QJsonObject& envelope) {
        QDir().mkpath(autosaveDir());
        const QString path = QDir(autosaveDir()).filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(QJsonDocument(envelope).toJson());
        return path;
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
        Plan p = window.document()->plan();
        p.training.micro_batch = 7;
        window.document()->edit(p, QStringLiteral("test"));
        QString own;
        QTRY_VERIFY_WITH_TIMEOUT(!(own = copyOf(QCoreApplication::applicationPid())).isEmpty(),
                                 2 * Autosave::kDefaultDelayMs + 2000);
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
        QString copy;
        QTRY_VERIFY_WITH_TIMEOUT(!(copy = copyOf(memplan.processId())).isEmpty(), 20000);
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

    // Issue 9, item 3: an autosave the restore cannot read (a newer schema) is moved aside,
    // never deleted, and the error names where it is.
    void unreadableAutosaveIsKeptAside() {
        std::string newer = serializePlan(test::makePlan("gpt2", Method::Full, 2, 512, 1, "t4"));
        newer.replace(newer.find("\"schema_version\": 1"), 19, "\"schema_version\": 99");
        const QString leftover =
            writeEnvelope(QStringLiteral("autosave-2147483631.memplan-autosave.json"),
                          QJsonObject{{QStringLiteral("pid"), 2147483631},
                                      {QStringLiteral("original_path"), QString()},
                                      {QStringLiteral("plan"), QString::fromStdString(newer)}});
        const QByteArray bytes = [&] {
            QFile f(leftover);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        Settings settings(home_.filePath(QStringLiteral("newer.ini")), nullptr);
        test::FakeDialogs dialogs;
        dialogs.restoreAnswer = true;
        MainWindow window(test::presets(), &settings, &dialogs);
        QVERIFY(!window.offerCrashRecovery());
        QCOMPARE(dialogs.errors.size(), 1);
        QVERIFY(!QFile::exists(leftover));
        const QString kept =
            QDir(autosaveDir())
                .filePath(QStringLiteral("autosave-2147483631.memplan-autosave-kept.json"));
        QVERIFY2(dialogs.errors.front().contains(QDir::toNativeSeparators(kept)),
                 qPrintable(dialogs.errors.front()));
        QFile k(kept);
        QVERIFY(k.open(QIODevice::ReadOnly));
        QCOMPARE(k.readAll(), bytes);
        QVERIFY(!window.offerCrashRecovery()); // kept aside: not offered again
        k.remove();
    }

    // Issue 9, item 15: an envelope naming a live PID from another boot (PID reuse) is an
    // orphan; and two windows never claim the same orphan.
    void ownerIsMoreThanAPid() {
        const Plan other = test::makePlan("gpt2", Method::Full, 3, 512, 1, "t4");
        const QString path = writeEnvelope(
            QStringLiteral("autosave-reused.memplan-autosave.json"),
            QJsonObject{{QStringLiteral("pid"), static_cast<qint64>(::getppid())}, // alive
                        {QStringLiteral("boot_id"), QStringLiteral("a-boot-long-ago")},
                        {QStringLiteral("start_time"), 12345},
                        {QStringLiteral("original_path"), QString()},
                        {QStringLiteral("plan"), QString::fromStdString(serializePlan(other))}});
        QVERIFY(!path.isEmpty());
        auto first = Autosave::findOrphan();
        QVERIFY2(first.has_value(), "an envelope from another boot was not offered");
        QCOMPARE(first->autosavePath, path);
        // Claimed by the first window: a second one does not see it.
        QVERIFY(!Autosave::findOrphan().has_value());
        Autosave::discard(*first);
        first.reset();
        QVERIFY(!QFile::exists(path));
        QVERIFY(!Autosave::findOrphan().has_value());
    }

    // Same PID and boot but another start time: the PID was reused by a new process.
    void reusedPidSameBootIsAnOrphan() {
        QFile bootFile(QStringLiteral("/proc/sys/kernel/random/boot_id"));
        if (!bootFile.open(QIODevice::ReadOnly))
            QSKIP("no /proc/sys/kernel/random/boot_id on this system");
        const QString boot = QString::fromLatin1(bootFile.readAll().trimmed());
        const Plan other = test::makePlan("gpt2", Method::Full, 4, 512, 1, "t4");
        const QString path = writeEnvelope(
            QStringLiteral("autosave-samepid.memplan-autosave.json"),
            QJsonObject{{QStringLiteral("pid"), static_cast<qint64>(::getppid())},
                        {QStringLiteral("boot_id"), boot},
                        {QStringLiteral("start_time"), 1},
                        {QStringLiteral("original_path"), QString()},
                        {QStringLiteral("plan"), QString::fromStdString(serializePlan(other))}});
        auto orphan = Autosave::findOrphan();
        QVERIFY(orphan.has_value());
        QCOMPARE(orphan->autosavePath, path);
        Autosave::discard(*orphan);
    }
};

QTEST_MAIN(TestAutosave)
#include "tst_gui_autosave.moc"
