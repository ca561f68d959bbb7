// `memplan --export-chart / --export-data` through QProcess, with no display: valid files,
// a malformed plan is one line "FILE: key: problem" and exit 2, an unwritable output is a
// clear message and exit 2 with nothing written; the data file is byte for byte what
// `memplan-cli compare|sweep` prints for the same request.
#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QtTest>

#include <utility>

namespace {

const char* kPlan = R"({
  "schema_version": 1,
  "name": "Llama-2-7B LoRA on one 4090",
  "model": { "preset": "llama-2-7b" },
  "training": { "method": "lora", "precision": "bf16-mixed", "micro_batch": 4, "seq_len": 2048,
                "checkpointing": "full", "lora": { "rank": 8, "targets": ["q", "v"] } },
  "parallelism": { "gpus": 1 },
  "hardware": { "gpu": "rtx-4090" }
}
)";

struct Result {
    int exitCode = -1;
    QString out, err;
};

// memplan without any display or platform setting: the export must not need one.
Result run(const QStringList& args) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
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

// memplan-cli's standard output, as bytes.
QByteArray runCli(const QStringList& args, int* exitCode) {
    QProcess p;
    p.start(QStringLiteral(MEMPLAN_CLI_EXE), args);
    if (!p.waitForFinished(60000)) {
        *exitCode = -1;
        return {};
    }
    *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return p.readAllStandardOutput();
}

QStringList nonEmptyLines(const QString& text) {
    return text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

} // namespace

class TestExportCli : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir_;
    QString plan_;

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        plan_ = dir_.filePath(QStringLiteral("plan.memplan.json"));
        QFile f(plan_);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kPlan);
    }

    // One engine under both front ends: the same request gives the same bytes.
    void dataMatchesTheCli_data() {
        QTest::addColumn<QString>("suffix");
        QTest::addColumn<QString>("windowOption"); // --compare or --sweep
        QTest::addColumn<QStringList>("cliArgs");  // after PLAN
        const QString recipes = QStringLiteral("fp32,bf16-mixed,int8");
        const QString sweep = QStringLiteral("micro_batch:1:48");
        for (const auto& [suffix, flag] :
             {std::pair{"csv", "--csv"}, std::pair{"md", "--md"}, std::pair{"json", "--json"}}) {
            QTest::addRow("compare-%s", suffix)
                << QString::fromLatin1(suffix) << QStringLiteral("--compare=") + recipes
                << QStringList{QStringLiteral("--with"), recipes, QString::fromLatin1(flag)};
            QTest::addRow("sweep-%s", suffix)
                << QString::fromLatin1(suffix) << QStringLiteral("--sweep=") + sweep
                << QStringList{QStringLiteral("--var"), sweep, QString::fromLatin1(flag)};
        }
    }
    void dataMatchesTheCli() {
        QFETCH(QString, suffix);
        QFETCH(QString, windowOption);
        QFETCH(QStringList, cliArgs);
        const QString out = dir_.filePath(QStringLiteral("same.") + suffix);
        const Result r = run({QStringLiteral("--export-data"), out, windowOption, plan_});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray window = f.readAll();
        int code = -1;
        const QString command = windowOption.startsWith(QLatin1String("--compare"))
                                    ? QStringLiteral("compare")
                                    : QStringLiteral("sweep");
        const QByteArray cli = runCli(QStringList{command, plan_} + cliArgs, &code);
        QCOMPARE(code, 0);
        QVERIFY(!window.isEmpty());
        QCOMPARE(window, cli);
    }

    void compareSvgFromTheContract() {
        const QString out = dir_.filePath(QStringLiteral("compare.svg"));
        const Result r = run({QStringLiteral("--export-chart"), out, QStringLiteral("--compare"),
                              QStringLiteral("fp32,bf16-mixed,int8"), plan_});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QSvgRenderer svg(out);
        QVERIFY(svg.isValid());
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        for (const char* name : {"FP32", "BF16 mixed", "INT8", "Weights", "GPU capacity"})
            QVERIFY2(bytes.contains(name), name);
    }

    void sizeDpiTitleAndData() {
        const QString png = dir_.filePath(QStringLiteral("sweep.png"));
        const QString csv = dir_.filePath(QStringLiteral("sweep.csv"));
        const Result r = run(
            {QStringLiteral("--export-chart"), png, QStringLiteral("--export-data"), csv,
             QStringLiteral("--sweep"), QStringLiteral("micro_batch:1:24"),
             QStringLiteral("--compare"), QStringLiteral("lora,qlora"), QStringLiteral("--size"),
             QStringLiteral("1000x700"), QStringLiteral("--dpi"), QStringLiteral("144"),
             QStringLiteral("--title"), QStringLiteral("LoRA vs QLoRA"), plan_});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QImage image(png);
        QCOMPARE(image.size(), QSize(1000, 700));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList lines = nonEmptyLines(QString::fromUtf8(f.readAll()));
        QVERIFY(lines.front().startsWith(QLatin1String("scenario,variable,value,")));
        QVERIFY(lines.size() > 24); // two lines of 24 values each
        QVERIFY(lines.filter(QStringLiteral("QLoRA,micro_batch,24,")).size() == 1);
    }

    void pdfAndJsonAlone() {
        const QString pdf = dir_.filePath(QStringLiteral("single.pdf"));
        Result r = run({QStringLiteral("--export-chart"), pdf, plan_});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QFile f(pdf);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY(bytes.startsWith("%PDF"));
        QVERIFY(bytes.contains("/Type /Page"));
        const QString json = dir_.filePath(QStringLiteral("compare.json"));
        r = run({QStringLiteral("--export-data"), json, QStringLiteral("--compare"),
                 QStringLiteral("zero2,zero3"), plan_});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QFile j(json);
        QVERIFY(j.open(QIODevice::ReadOnly));
        const QByteArray data = j.readAll();
        QVERIFY(data.contains("\"per_gpu\""));
        QVERIFY(data.contains("\"parallelism.sharding\": \"zero3\""));
    }

    void malformedPlanIsOneLine() {
        const QString bad = dir_.filePath(QStringLiteral("bad.json"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"schema_version": 1, "training": {"micro_batch": 0}})");
        f.close();
        const QString out = dir_.filePath(QStringLiteral("never.png"));
        const Result r = run({QStringLiteral("--export-chart"), out, bad});
        QCOMPARE(r.exitCode, 2);
        const QStringList lines = nonEmptyLines(r.err);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines.front().startsWith(bad + QStringLiteral(": training.micro_batch: ")),
                 qPrintable(r.err));
        QVERIFY(!QFile::exists(out));
    }

    void unwritableOutput_data() {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("file");
        QTest::addRow("png") << QStringLiteral("--export-chart")
                             << QStringLiteral("missing/out.png");
        QTest::addRow("svg") << QStringLiteral("--export-chart")
                             << QStringLiteral("missing/out.svg");
        QTest::addRow("pdf") << QStringLiteral("--export-chart")
                             << QStringLiteral("missing/out.pdf");
        QTest::addRow("csv") << QStringLiteral("--export-data")
                             << QStringLiteral("missing/out.csv");
        QTest::addRow("md") << QStringLiteral("--export-data") << QStringLiteral("missing/out.md");
        QTest::addRow("json") << QStringLiteral("--export-data")
                              << QStringLiteral("missing/out.json");
    }
    void unwritableOutput() {
        QFETCH(QString, option);
        QFETCH(QString, file);
        const QString out = dir_.filePath(file);
        const Result r =
            run({option, out, QStringLiteral("--compare"), QStringLiteral("fp32,int8"), plan_});
        QCOMPARE(r.exitCode, 2);
        const QStringList lines = nonEmptyLines(r.err);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines.front().contains(QDir::toNativeSeparators(out)) &&
                     lines.front().contains(QLatin1String("could not write")),
                 qPrintable(r.err));
        QVERIFY(!QFile::exists(out));
    }

    void badOptions_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::addRow("suffix") << QStringList{QStringLiteral("--export-chart"),
                                               QStringLiteral("x.jpg")}
                                << QStringLiteral("unknown chart format");
        QTest::addRow("size") << QStringList{QStringLiteral("--export-chart"),
                                             QStringLiteral("x.png"), QStringLiteral("--size"),
                                             QStringLiteral("big")}
                              << QStringLiteral("--size");
        QTest::addRow("dpi") << QStringList{QStringLiteral("--export-chart"),
                                            QStringLiteral("x.png"), QStringLiteral("--dpi"),
                                            QStringLiteral("3")}
                             << QStringLiteral("dpi");
        QTest::addRow("recipe") << QStringList{QStringLiteral("--export-chart"),
                                               QStringLiteral("x.png"), QStringLiteral("--compare"),
                                               QStringLiteral("fp32,fp9")}
                                << QStringLiteral("fp9");
        QTest::addRow("sweep") << QStringList{QStringLiteral("--export-chart"),
                                              QStringLiteral("x.png"), QStringLiteral("--sweep"),
                                              QStringLiteral("heads")}
                               << QStringLiteral("heads");
        QTest::addRow("nine") << QStringList{QStringLiteral("--export-chart"),
                                             QStringLiteral("x.png"), QStringLiteral("--compare"),
                                             QStringLiteral(
                                                 "fp32,fp32,fp32,fp32,fp32,fp32,fp32,fp32,fp32")}
                              << QStringLiteral("at most 8");
    }
    void badOptions() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QDir::setCurrent(dir_.path());
        const Result r = run(args << plan_);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(nonEmptyLines(r.err).size(), 1);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(!QFile::exists(dir_.filePath(QStringLiteral("x.png"))));
    }
};

QTEST_MAIN(TestExportCli)
#include "tst_gui_export_cli.moc"
