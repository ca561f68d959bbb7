// Typed settings: defaults, round trips, and signals only on a real change.
#include "document/settings.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace memplan;
using namespace memplan::gui;

class TestSettings : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void defaultsAndRoundTrip() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("s.ini"));
        {
            Settings s(file, nullptr);
            QCOMPARE(s.units(), UnitSystem::Binary);
            QCOMPARE(s.advancedExpanded(), false);
            QVERIFY(s.recentFiles().isEmpty());
            QVERIFY(s.lastPlanPath().isEmpty());
            s.setUnits(UnitSystem::Decimal);
            s.setAdvancedExpanded(true);
            s.setLastPlanPath(QStringLiteral("/tmp/a.memplan.json"));
            s.setWindowGeometry(QByteArray("geometry"));
        }
        Settings s(file, nullptr);
        QCOMPARE(s.units(), UnitSystem::Decimal);
        QCOMPARE(s.advancedExpanded(), true);
        QCOMPARE(s.lastPlanPath(), QStringLiteral("/tmp/a.memplan.json"));
        QCOMPARE(s.windowGeometry(), QByteArray("geometry"));
    }

    void emitsOnlyOnRealChange() {
        QTemporaryDir dir;
        Settings s(dir.filePath(QStringLiteral("s.ini")), nullptr);
        QSignalSpy units(&s, &Settings::unitsChanged);
        QSignalSpy expanded(&s, &Settings::advancedExpandedChanged);
        s.setUnits(UnitSystem::Binary); // the default: no change
        QCOMPARE(units.count(), 0);
        s.setUnits(UnitSystem::Decimal);
        s.setUnits(UnitSystem::Decimal);
        QCOMPARE(units.count(), 1);
        QCOMPARE(units.at(0).at(0).value<UnitSystem>(), UnitSystem::Decimal);
        s.setAdvancedExpanded(true);
        s.setAdvancedExpanded(true);
        QCOMPARE(expanded.count(), 1);
    }

    void recentFiles() {
        QTemporaryDir dir;
        Settings s(dir.filePath(QStringLiteral("s.ini")), nullptr);
        QSignalSpy changed(&s, &Settings::recentFilesChanged);
        for (int i = 0; i < Settings::kMaxRecentFiles + 3; ++i)
            s.addRecentFile(dir.filePath(QStringLiteral("p%1.memplan.json").arg(i)));
        QCOMPARE(s.recentFiles().size(), Settings::kMaxRecentFiles);
        const QString newest =
            dir.filePath(QStringLiteral("p%1.memplan.json").arg(Settings::kMaxRecentFiles + 2));
        QCOMPARE(s.recentFiles().constFirst(), newest);
        const int before = static_cast<int>(changed.count());
        s.addRecentFile(newest); // already first: no change
        QCOMPARE(changed.count(), before);
        const QString older = s.recentFiles().at(3);
        s.addRecentFile(older); // moves to the front, no duplicate
        QCOMPARE(s.recentFiles().constFirst(), older);
        QCOMPARE(s.recentFiles().count(older), 1);
        s.removeRecentFile(older);
        QVERIFY(!s.recentFiles().contains(older));
        s.clearRecentFiles();
        QVERIFY(s.recentFiles().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_gui_settings.moc"
