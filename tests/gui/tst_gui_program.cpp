// The memplan program through QProcess: --screenshot writes a PNG of the window's size
// without a display, a malformed plan is "FILE: key: problem" and exit 2, and without a
// display (and without --screenshot) it says so and exits 1.
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const char* kPlan = R"({
  "schema_version": 1,
  "name": "Llama-2-7B LoRA on one 4090",
  "model": { "preset": "llama-2-7b" },
  "training": { "method": "lora", "precision": "bf16-mixed", "micro_batch": 4, "seq_len": 2048,
                "checkpointing": "full", "lora": { "rank": 8, "targets": ["q", "v"] } },
  "parallelism": { "gpus": 1, "sharding": "none", "sharding_factor": 1, "tp": 1, "pp": 1, "offload": "none" },
  "hardware": { "gpu": "rtx-4090", "memory_gib": 24, "runtime_overhead_gib": 1.0 }
}
)";

struct Result {
    int exitCode = -1;
    QString out, err;
};

// Runs memplan with an environment without any display or platform setting.
Result run(const QStringList& args, const QStringList& extraEnv = {}) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    for (const QString& kv : extraEnv)
        env.insert(kv.section(QLatin1Char('='), 0, 0), kv.section(QLatin1Char('='), 1));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(MEMPLAN_EXECUTABLE), args);
    Result r;
    if (!p.waitForFinished(60000))
        return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromLocal8Bit(p.readAllStandardOutput());
    r.err = QString::fromLocal8Bit(p.readAllStandardError());
    return r;
}

void write(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

} // namespace

class TestProgram : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir_;

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(dir_.isValid());
    }

    void screenshotWithPlan() {
        const QString plan = dir_.filePath(QStringLiteral("contract.json"));
        write(plan, kPlan);
        const QString png = dir_.filePath(QStringLiteral("shot.png"));
        const Result r = run({QStringLiteral("--screenshot"), png, plan});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QImage image(png);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), QSize(1280, 800));
        // Not a blank image: the window drew something.
        QVERIFY(image.pixel(10, 10) != image.pixel(700, 400) ||
                image.pixel(300, 60) != image.pixel(10, 790));
    }

    void screenshotDefaultPlan() {
        const QString png = dir_.filePath(QStringLiteral("default.png"));
        const Result r = run({QStringLiteral("--screenshot"), png});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(QImage(png).size(), QSize(1280, 800));
    }

    void malformedPlan_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("key");
        QTest::addRow("negative micro-batch")
            << QByteArray(R"({"schema_version": 1, "training": {"micro_batch": -1}})")
            << "training.micro_batch";
        QTest::addRow("unknown GPU")
            << QByteArray(R"({"schema_version": 1, "hardware": {"gpu": "nope"}})")
            << "hardware.gpu";
        QTest::addRow("sharding factor above GPUs")
            << QByteArray(
                   R"({"schema_version": 1, "parallelism": {"gpus": 2, "sharding_factor": 4}})")
            << "parallelism.sharding_factor";
    }
    void malformedPlan() {
        QFETCH(QByteArray, content);
        QFETCH(QString, key);
        const QString plan = dir_.filePath(QStringLiteral("bad.json"));
        write(plan, content);
        const QString png = dir_.filePath(QStringLiteral("bad.png"));
        QFile::remove(png);
        const Result r = run({QStringLiteral("--screenshot"), png, plan});
        QCOMPARE(r.exitCode, 2);
        const QString line = r.err.trimmed();
        QVERIFY2(line.startsWith(plan + QStringLiteral(": ") + key + QStringLiteral(": ")),
                 qPrintable(line));
        QCOMPARE(line.count(QLatin1Char('\n')), 0); // one line
        QVERIFY(!QFileInfo::exists(png));
    }

    void missingPlanFile() {
        const QString plan = dir_.filePath(QStringLiteral("does-not-exist.json"));
        const Result r =
            run({QStringLiteral("--screenshot"), dir_.filePath(QStringLiteral("x.png")), plan});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith(plan + QStringLiteral(": ")), qPrintable(r.err));
    }

    void noDisplay() {
        const Result r = run({});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("no display")), qPrintable(r.err));
        QVERIFY(r.err.contains(QLatin1String("--screenshot")));
        QVERIFY(r.err.contains(QLatin1String("memplan-cli")));
        const Result withPlan = run({dir_.filePath(QStringLiteral("contract.json"))});
        QCOMPARE(withPlan.exitCode, 1);
    }

    void badUsage() {
        const Result r = run({QStringLiteral("--no-such-option")},
                             {QStringLiteral("QT_QPA_PLATFORM=offscreen")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QLatin1String("no-such-option")));
    }

    void benchStartupModes() {
        for (const char* option : {"--bench-startup", "--bench-minimal-chart"}) {
            const Result r = run({QString::fromLatin1(option)});
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            QVERIFY2(r.out.contains(QLatin1String("first_paint_ms=")), qPrintable(r.out));
            QVERIFY(r.out.contains(QLatin1String("vmhwm_kib=")));
        }
    }
};

QTEST_GUILESS_MAIN(TestProgram)
#include "tst_gui_program.moc"
