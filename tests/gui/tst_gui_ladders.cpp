// Slider ladders and typed parameter counts ("7B", "1.5T", "350M").
#include "controls/ladders.h"

#include <QtTest>

#include <cmath>

using namespace memplan::gui;

class TestLadders : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void parseParamCount_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("expected"); // 0 = invalid
        QTest::addRow("7B") << "7B" << 7e9;
        QTest::addRow("7b lower") << "7b" << 7e9;
        QTest::addRow("1.5T") << "1.5T" << 1.5e12;
        QTest::addRow("350M") << "350M" << 350e6;
        QTest::addRow("spaces") << "  13 B " << 13e9;
        QTest::addRow("word") << "7 billion" << 7e9;
        QTest::addRow("with params") << "6.74B params" << 6.74e9;
        QTest::addRow("plain") << "6738415616" << 6738415616.0;
        QTest::addRow("grouped") << "6,738,415,616" << 6738415616.0;
        QTest::addRow("exponent") << "7e9" << 7e9;
        QTest::addRow("G") << "2G" << 2e9;
        QTest::addRow("K") << "500k" << 500e3;
        QTest::addRow("empty") << "" << 0.0;
        QTest::addRow("letters") << "abc" << 0.0;
        QTest::addRow("unknown suffix") << "7X" << 0.0;
        QTest::addRow("negative") << "-7B" << 0.0;
        QTest::addRow("two numbers") << "7 8B" << 0.0;
    }
    void parseParamCount() {
        QFETCH(QString, text);
        QFETCH(double, expected);
        const auto v = memplan::gui::parseParamCount(text);
        if (expected == 0) {
            QVERIFY2(!v, qPrintable(text));
        } else {
            QVERIFY2(v, qPrintable(text));
            QCOMPARE(*v, expected);
        }
    }

    void formatRoundTrips() {
        for (double v : paramLadder()) {
            const QString text = memplan::gui::formatParamCount(v);
            const auto back = memplan::gui::parseParamCount(text);
            QVERIFY2(back, qPrintable(text));
            QCOMPARE(*back, v);
        }
        QCOMPARE(memplan::gui::formatParamCount(6738415616.0), QStringLiteral("6.74B"));
        QCOMPARE(memplan::gui::formatParamCount(350e6), QStringLiteral("350M"));
        QCOMPARE(memplan::gui::formatParamCount(1.5e12), QStringLiteral("1.5T"));
    }

    void ladders() {
        const auto check = [](const Ladder& l, double first, double last) {
            QCOMPARE(l.front(), first);
            QCOMPARE(l.back(), last);
            for (std::size_t i = 1; i < l.size(); ++i)
                QVERIFY(l[i] > l[i - 1]);
        };
        check(paramLadder(), 100e6, 2e12);
        check(microBatchLadder(), 1, 1024);
        check(seqLenLadder(), 128, 1024 * 1024);
        check(gpuLadder(), 1, 4096);
        for (double v : seqLenLadder())
            QCOMPARE(std::exp2(std::round(std::log2(v))), v); // powers of two
        for (double v : microBatchLadder())
            QCOMPARE(std::round(v), v);
        for (double v : gpuLadder())
            QCOMPARE(std::round(v), v);
    }

    void nearestIndex() {
        const Ladder& l = seqLenLadder();
        QCOMPARE(memplan::gui::nearestIndex(l, 128), 0);
        QCOMPARE(memplan::gui::nearestIndex(l, 2048), 4);
        QCOMPARE(memplan::gui::nearestIndex(l, 3000), 5); // log-nearer to 4096
        QCOMPARE(memplan::gui::nearestIndex(l, 2500), 4);
        QCOMPARE(memplan::gui::nearestIndex(l, 1), 0);
        QCOMPARE(memplan::gui::nearestIndex(l, 1e9), static_cast<int>(l.size()) - 1);
    }
};

QTEST_GUILESS_MAIN(TestLadders)
#include "tst_gui_ladders.moc"
