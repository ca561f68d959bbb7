// Numbers people read (issue 13): sizes from 1 TiB (1 TB) up are written in TiB/PiB (TB/PB),
// never as thousands of GiB, and binary never turns decimal; bounds in messages are written
// "1,000,000", not "1e+06".
#include "bundled_presets.h"
#include "catch_input_error.h"
#include "memplan/plan_json.h"
#include "memplan/presets.h"
#include "memplan/units.h"

#include <QtTest>

#include <cmath>
#include <filesystem>
#include <regex>

using namespace memplan;

namespace {
constexpr double kTiB = kGiB * 1024.0;
} // namespace

class TestUnits : public QObject {
    Q_OBJECT

private:
    PresetLibrary lib_;

private slots:
    void initTestCase() {
        const std::string error = test::loadBundledPresets(lib_);
        QVERIFY2(error.empty(), error.c_str());
    }

    void hugeSizesUseLargerUnits_data() {
        QTest::addColumn<double>("bytes");
        QTest::addColumn<bool>("binary");
        QTest::addColumn<QString>("expected");
        QTest::addRow("80 GiB") << 80 * kGiB << true << "80.00 GiB";
        QTest::addRow("1023 GiB stays GiB") << 1023 * kGiB << true << "1023.00 GiB";
        QTest::addRow("1024 GiB is 1 TiB") << 1024 * kGiB << true << "1.00 TiB";
        QTest::addRow("1.5 PiB") << 1.5 * 1024 * kTiB << true << "1.50 PiB";
        QTest::addRow("-2 TiB (over by)") << -2 * kTiB << true << "-2.00 TiB";
        QTest::addRow("999 GB stays GB") << 999e9 << false << "999.00 GB";
        QTest::addRow("1000 GB is 1 TB") << 1000e9 << false << "1.00 TB";
        QTest::addRow("2.5 PB") << 2.5e15 << false << "2.50 PB";
        QTest::addRow("1 TiB in decimal") << kTiB << false << "1.10 TB";
    }
    void hugeSizesUseLargerUnits() {
        QFETCH(double, bytes);
        QFETCH(bool, binary);
        QFETCH(QString, expected);
        const UnitSystem units = binary ? UnitSystem::Binary : UnitSystem::Decimal;
        const QString shown = QString::fromStdString(formatGiga(bytes, units));
        QCOMPARE(shown, expected);
        // The unit family never changes: binary output has "iB", decimal output never does.
        QCOMPARE(shown.contains(QLatin1String("iB")), binary);
    }

    void numbersPeopleRead_data() {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("expected");
        QTest::addRow("million") << 1e6 << "1,000,000";
        QTest::addRow("hundred million") << 1e8 << "100,000,000";
        QTest::addRow("small whole") << 128.0 << "128";
        QTest::addRow("thousand") << 1000.0 << "1,000";
        QTest::addRow("negative") << -1234567.0 << "-1,234,567";
        QTest::addRow("fraction") << 0.0009765625 << "0.0009765625";
        QTest::addRow("grouped fraction") << 12345.5 << "12,345.5";
        QTest::addRow("beyond fixed") << 1e20 << "1e+20";
    }
    void numbersPeopleRead() {
        QFETCH(double, value);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(formatNumber(value)), expected);
    }

    // A value out of range names its bounds as written numbers, whichever reader refused it.
    void rangeMessagesAreReadable_data() {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("key");
        QTest::addRow("micro_batch 0") << R"({"training": {"micro_batch": 0}})"
                                       << "training.micro_batch";
        QTest::addRow("seq_len -5") << R"({"training": {"seq_len": -5}})"
                                    << "training.seq_len";
        QTest::addRow("gpus 0") << R"({"parallelism": {"gpus": 0}})"
                                << "parallelism.gpus";
        QTest::addRow("gpus 2.0e9") << R"({"parallelism": {"gpus": 2.0e9}})"
                                    << "parallelism.gpus";
        QTest::addRow("memory_gib 0") << R"({"hardware": {"memory_gib": 0}})"
                                      << "hardware.memory_gib";
    }
    void rangeMessagesAreReadable() {
        QFETCH(QString, json);
        QFETCH(QString, key);
        const test::Caught c =
            test::catchInputError([&] { parsePlan(json.toStdString(), "plan.json", lib_); });
        QVERIFY(c.thrown);
        QCOMPARE(QString::fromStdString(c.key), key);
        const std::smatch m = [&] {
            std::smatch out;
            static const std::regex bounds(R"(out of range \[([^,\]]+(?:,\d{3})*), (.+)\])");
            std::regex_search(c.what, out, bounds);
            return out;
        }();
        QVERIFY2(!m.empty(), c.what.c_str());
        const std::string upper = m[2].str();
        QVERIFY2(upper.find('e') == std::string::npos, c.what.c_str());
        // Whole bounds of 10,000 and more carry separators, and read back as the bound.
        std::string digits;
        for (char ch : upper)
            if (ch != ',')
                digits += ch;
        const double max = std::stod(digits);
        QVERIFY(max >= 1e4);
        QCOMPARE(QString::fromStdString(upper), QString::fromStdString(formatNumber(max)));
        QVERIFY2(upper.find(',') != std::string::npos, c.what.c_str());
    }
};

QTEST_APPLESS_MAIN(TestUnits)
#include "tst_units.moc"
