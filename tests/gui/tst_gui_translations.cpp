// Translations: every Simplified Chinese entry is finished, keeps its placeholders, and the
// compiled catalogue shipped in the program translates the window.
#include "translations.h"

#include <QFile>
#include <QRegularExpression>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QtTest>

using namespace memplan::gui;

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

    void languagesOffered() {
        QCOMPARE(availableLanguages(),
                 (QStringList{QString(), QStringLiteral("en"), QStringLiteral("zh_CN")}));
        QCOMPARE(languageDisplayName(QStringLiteral("zh_CN")), QStringLiteral("简体中文"));
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_gui_translations.moc"
