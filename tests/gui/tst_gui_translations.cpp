// Translations: every Simplified Chinese entry is finished, keeps its placeholders, and the
// compiled catalogue shipped in the program translates the window, including text worded
// outside Qt classes (each file's tr() context must be the one lupdate files its strings in).
#include "dialogs.h"
#include "document/planedits.h"
#include "export/exportchart.h"
#include "export/exportcli.h"
#include "export/exportdata.h"
#include "models/scenariomodel.h"
#include "models/sweepengine.h"
#include "momentnames.h"
#include "testsupport.h"
#include "translations.h"
#include "views/compareexplain.h"
#include "views/suggestions.h"

#include "memplan/model.h"
#include "memplan/suggest.h"

#include <QCommandLineParser>

#include <QFile>
#include <QRegularExpression>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QtTest>

using namespace memplan;
using namespace memplan::gui;
using namespace memplan::gui::test;

namespace {

// Text from one function of the window, worded in whatever language is installed.
QString wordedBy(const QString& where) {
    const Plan plan = makePlan("llama-2-7b", Method::Full, 4, 2048, 1, "h100-sxm-80gb");
    if (where == QLatin1String("Dialogs"))
        return planFileFilter();
    if (where == QLatin1String("Suggestions"))
        return suggestionText(Suggestion{SuggestionKind::ChunkedLoss, plan, 0, {}});
    if (where == QLatin1String("Sweep"))
        return sweepAxisTitle(SweepVariable::MicroBatch);
    if (where == QLatin1String("ExportData"))
        return planAssumptions(plan, presets(), UnitSystem::Binary);
    if (where == QLatin1String("ChartExporter")) {
        ChartExportOptions options;
        options.size = QSize(10, 10);
        return options.validate();
    }
    if (where == QLatin1String("ExportCli")) {
        QCommandLineParser parser;
        addExportOptions(parser);
        return parser.helpText();
    }
    if (where == QLatin1String("PlanEdits"))
        return modelSummary(plan.model, presets());
    if (where == QLatin1String("ScenarioModel"))
        return overridesShortName({}, presets());
    if (where == QLatin1String("CompareExplain")) {
        ScenarioModel model(presets());
        model.setBasePlan(plan);
        std::string error;
        model.addScenario(*ScenarioOverrides::parse("fp32", presets(), &error));
        model.addScenario(*ScenarioOverrides::parse("bf16-mixed", presets(), &error));
        return explainComparison({model.scenario(0), model.scenario(1)}, UnitSystem::Binary,
                                 presets())
            .join(QLatin1Char(' '));
    }
    return {};
}

bool hasChinese(const QString& s) {
    for (QChar c : s)
        if (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF)
            return true;
    return false;
}

} // namespace

class TestTranslations : public QObject {
    Q_OBJECT
private slots:
    void chineseCatalogueIsFinished() {
        QFile ts(QStringLiteral(MEMPLAN_TS_DIR "/memplan_zh_CN.ts"));
        QVERIFY2(ts.open(QIODevice::ReadOnly), qPrintable(ts.fileName()));
        QXmlStreamReader xml(&ts);
        int messages = 0;
        QString context, source;
        QStringList problems;
        static const QRegularExpression placeholder(QStringLiteral("%L?\\d"));
        while (!xml.atEnd()) {
            xml.readNext();
            if (!xml.isStartElement())
                continue;
            if (xml.name() == QLatin1String("name")) {
                context = xml.readElementText();
            } else if (xml.name() == QLatin1String("source")) {
                source = xml.readElementText();
            } else if (xml.name() == QLatin1String("translation")) {
                ++messages;
                const QString type = xml.attributes().value(QLatin1String("type")).toString();
                const QString text = xml.readElementText();
                if (type == QLatin1String("unfinished") || text.isEmpty())
                    problems << QStringLiteral("unfinished: %1: %2").arg(context, source);
                QStringList a, b;
                for (auto it = placeholder.globalMatch(source); it.hasNext();)
                    a << it.next().captured();
                for (auto it = placeholder.globalMatch(text); it.hasNext();)
                    b << it.next().captured();
                a.sort();
                b.sort();
                if (a != b)
                    problems << QStringLiteral("placeholders differ: %1: %2").arg(context, source);
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(messages > 100);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.mid(0, 20).join(QLatin1Char('\n'))));
    }

    void compiledCatalogueTranslatesTheWindow() {
        QTranslator t;
        QVERIFY(t.load(QStringLiteral(":/i18n/memplan_zh_CN.qm")));
        const QString file = t.translate("memplan::gui::MainWindow", "&File");
        QVERIFY(!file.isEmpty());
        QVERIFY(file != QLatin1String("&File"));
        QVERIFY(file.contains(QLatin1String("(&F)")));
        // The core's labels are translated through their own context.
        QVERIFY(!t.translate("memplan::names", "Weights").isEmpty());
    }

    // Each row words text in a different file, outside any Q_OBJECT class; `english` is a
    // phrase that file's own tr() words, which the Chinese catalogue must replace.
    void textOutsideQtClassesIsTranslated_data() {
        QTest::addColumn<QString>("where");
        QTest::addColumn<QString>("english");
        auto row = [](const char* where, const char* english) {
            QTest::newRow(where) << QString::fromLatin1(where) << QString::fromUtf8(english);
        };
        row("Dialogs", "All files");
        row("Suggestions", "Chunked loss");
        row("Sweep", "sequences per GPU");
        row("ExportData", "micro-batch");
        row("ChartExporter", "each side must be");
        row("ExportCli", "Write the chart headless");
        row("PlanEdits", "parameters");
        row("ScenarioModel", "Current plan");
        row("CompareExplain", "The largest change is in the");
    }
    void textOutsideQtClassesIsTranslated() {
        QFETCH(QString, where);
        QFETCH(QString, english);
        const QString inEnglish = wordedBy(where);
        QVERIFY2(inEnglish.contains(english) && !hasChinese(inEnglish), qPrintable(inEnglish));
        QTranslator t;
        QVERIFY(t.load(QStringLiteral(":/i18n/memplan_zh_CN.qm")));
        QVERIFY(QCoreApplication::installTranslator(&t));
        const QString chinese = wordedBy(where);
        QCoreApplication::removeTranslator(&t);
        QVERIFY2(hasChinese(chinese) && !chinese.contains(english), qPrintable(chinese));
        QCOMPARE(wordedBy(where), inEnglish); // back to English once the catalogue is removed
    }

    // Issue 14: the Hugging Face dialog, its menu entry, and the vision and expert-parallel
    // controls are in the compiled catalogue.
    void hubAndArchitectureStrings_data() {
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("source");
        QTest::addRow("dialog title") << "memplan::gui::HubDialog"
                                      << "Model from Hugging Face";
        QTest::addRow("fetch") << "memplan::gui::HubDialog"
                               << "Fetching %1 …";
        QTest::addRow("exact count") << "memplan::gui::HubDialog"
                                     << "%1 parameters (exact, from the safetensors headers; "
                                        "files: %2)";
        QTest::addRow("menu") << "memplan::gui::MainWindow"
                              << "From &Hugging Face…";
        QTest::addRow("images") << "memplan::gui::AdvancedControls"
                                << "Images per sequence:";
        QTest::addRow("ep") << "memplan::gui::AdvancedControls"
                            << "Expert parallel:";
        QTest::addRow("tower part") << "memplan::parts"
                                    << "vision tower activations";
        QTest::addRow("all-to-all part") << "memplan::parts"
                                         << "expert all-to-all buffers";
        QTest::addRow("DeepEP part") << "memplan::parts"
                                     << "DeepEP buffers";
        QTest::addRow("linear-attention part") << "memplan::parts"
                                               << "linear-attention state";
        QTest::addRow("cross-attention cache part") << "memplan::parts"
                                                    << "cross-attention KV cache";
        QTest::addRow("cross-attention image part") << "memplan::parts"
                                                    << "image states (cross-attention)";
    }
    void hubAndArchitectureStrings() {
        QFETCH(QString, context);
        QFETCH(QString, source);
        QTranslator t;
        QVERIFY(t.load(QStringLiteral(":/i18n/memplan_zh_CN.qm")));
        const QByteArray ctx = context.toUtf8();
        const QByteArray src = source.toUtf8();
        const QString chinese = t.translate(ctx.constData(), src.constData());
        QVERIFY2(hasChinese(chinese), qPrintable(source));
    }

    // Every moment the core reports (training, generation, serving, post-training, textbook)
    // has the window's words: the Per GPU title and the assumptions name the peak's moment.
    void momentsAreTranslated_data() {
        QTest::addColumn<int>("method");
        QTest::addColumn<bool>("textbook");
        QTest::addRow("full") << int(Method::Full) << false;
        QTest::addRow("inference") << int(Method::Inference) << false;
        QTest::addRow("serving") << int(Method::Serving) << false;
        QTest::addRow("ppo") << int(Method::Ppo) << false;
        QTest::addRow("textbook") << int(Method::Full) << true;
    }
    void momentsAreTranslated() {
        QFETCH(int, method);
        QFETCH(bool, textbook);
        Plan plan =
            makePlan("llama-3.2-1b", static_cast<Method>(method), 1, 512, 1, "h100-sxm-80gb");
        if (textbook)
            plan.training.accounting = Accounting::Textbook;
        if (plan.training.method == Method::Inference)
            plan.training.new_tokens = 16;
        const Evaluation e = evaluate(plan, presets());
        QVERIFY(e.ok && e.moment_count > 0);
        QTranslator t;
        QVERIFY(t.load(QStringLiteral(":/i18n/memplan_zh_CN.qm")));
        QVERIFY(QCoreApplication::installTranslator(&t));
        for (std::size_t i = 0; i < e.moment_count; ++i) {
            const QString english = QString::fromUtf8(
                e.moments[i].label.data(), static_cast<qsizetype>(e.moments[i].label.size()));
            QVERIFY2(knownMomentLabels().contains(english), qPrintable(english));
            QVERIFY2(hasChinese(momentName(e.moments[i].label)), qPrintable(english));
        }
        QCoreApplication::removeTranslator(&t);
        QCOMPARE(momentName(e.moments[0].label),
                 QString::fromUtf8(e.moments[0].label.data(),
                                   static_cast<qsizetype>(e.moments[0].label.size())));
    }

    void languagesOffered() {
        QCOMPARE(availableLanguages(),
                 (QStringList{QString(), QStringLiteral("en"), QStringLiteral("zh_CN")}));
        QCOMPARE(languageDisplayName(QStringLiteral("zh_CN")), QStringLiteral("简体中文"));
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_gui_translations.moc"
