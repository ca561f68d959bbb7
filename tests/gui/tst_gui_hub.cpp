// File > From Hugging Face…: the dialog fetches from a stand-in Hub on 127.0.0.1
// (tests/hub/hub_server.py), shows the exact count, and the model becomes the plan's.
#include "document/plandocument.h"
#include "hubdialog.h"

#include "memplan/presets.h"

#include <QDialogButtonBox>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

using namespace memplan;
using namespace memplan::gui;

class TestGuiHub : public QObject {
    Q_OBJECT

    QProcess server_;
    QTemporaryDir tmp_;
    quint16 port_ = 0;

    hub::HubSettings settings() const {
        hub::HubSettings s;
        s.endpoint = QStringLiteral("http://127.0.0.1:%1").arg(port_);
        s.cacheDir = tmp_.filePath(QStringLiteral("cache"));
        return s;
    }

private slots:
    void initTestCase() {
        server_.start(QStringLiteral("python3"),
                      {QStringLiteral(MEMPLAN_SOURCE_DIR "/tests/hub/hub_server.py"),
                       QStringLiteral(MEMPLAN_TEST_DATA "/hub")});
        QVERIFY(server_.waitForStarted(10000));
        QVERIFY(server_.waitForReadyRead(20000));
        port_ = static_cast<quint16>(server_.readLine().trimmed().toUInt());
        QVERIFY(port_ > 0);
    }
    void cleanupTestCase() {
        server_.kill();
        server_.waitForFinished(5000);
    }

    void fetchAndUse() {
        HubDialog dialog(nullptr, settings());
        auto* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        QVERIFY(!ok->isEnabled());
        QVERIFY(dialog.fetch(QStringLiteral("memplan-test/mixtral-8x7b")));
        QVERIFY(ok->isEnabled());
        QString summary = dialog.summaryText();
        summary.remove(QLatin1Char(','));
        QVERIFY2(summary.contains(QStringLiteral("46702792704 parameters")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("BF16")), qPrintable(summary));
        // For a look at the dialog: MEMPLAN_SCREENSHOT_DIR=/some/dir saves it there.
        if (const QString dir = qEnvironmentVariable("MEMPLAN_SCREENSHOT_DIR"); !dir.isEmpty()) {
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            dialog.grab().save(dir + QStringLiteral("/hub-dialog.png"));
        }

        PresetLibrary presets = PresetLibrary::loadBundled();
        PlanDocument doc(presets);
        doc.reset(PlanDocument::defaultPlan(presets));
        const Plan before = doc.plan();
        doc.importModel(dialog.imported()->model);
        QCOMPARE(doc.plan().model.experts, int64_t{8});
        QCOMPARE(QString::fromStdString(doc.plan().model.name),
                 QStringLiteral("memplan-test/mixtral-8x7b"));
        QVERIFY(doc.isModified());
        QVERIFY(doc.filePath().isEmpty());                      // untitled: Save asks for a name
        QCOMPARE(doc.plan().hardware.gpu, before.hardware.gpu); // the rest of the plan stays
    }

    void errorShownNotThrown() {
        HubDialog dialog(nullptr, settings());
        QVERIFY(!dialog.fetch(QStringLiteral("memplan-test/gated-llama")));
        QVERIFY2(dialog.summaryText().contains(QStringLiteral("gated model")),
                 qPrintable(dialog.summaryText()));
        QVERIFY(!dialog.imported());
        QVERIFY(!dialog.fetch(QStringLiteral("no-slash")));
    }
};

QTEST_MAIN(TestGuiHub)
#include "tst_gui_hub.moc"
