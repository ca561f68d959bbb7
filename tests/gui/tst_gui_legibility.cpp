// The window read in earnest (issue 13, minors): huge sizes in TiB/PiB and numbers written as
// people read them, no rows of zeros in the breakdown, no label cut off without its full text
// at hand, and a chart y-axis that holds still while a slider is dragged (and can be locked).
// Everything is driven through the real window with mouse and key events.
#include "charts/chartwidget.h"
#include "charts/memorychartview.h"
#include "controls/controlpanel.h"
#include "controls/primarycontrols.h"
#include "controls/sliderfield.h"
#include "controls/textline.h"
#include "document/plandocument.h"
#include "document/settings.h"
#include "mainwindow.h"
#include "models/breakdownmodel.h"
#include "testsupport.h"
#include "views/compareview.h"
#include "views/pergpuview.h"

#include <QBarCategoryAxis>
#include <QChart>
#include <QComboBox>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QHeaderView>
#include <QHelpEvent>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QStyleOptionSlider>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextDocumentFragment>
#include <QToolTip>
#include <QtTest>

#include <memory>

using namespace memplan;
using namespace memplan::gui;
using namespace memplan::gui::test;

namespace {

// The tooltip `w` shows when the mouse rests at `pos` (as Qt asks for it: a ToolTip event).
QString toolTipAt(QWidget* w, QPoint pos) {
    QToolTip::hideText();
    QHelpEvent e(QEvent::ToolTip, pos, w->mapToGlobal(pos));
    QApplication::sendEvent(w, &e);
    return QToolTip::isVisible() ? QToolTip::text() : QString();
}

QString plain(QString s) {
    s.replace(QRegularExpression(QStringLiteral("<[^>]*>")), QStringLiteral(" "));
    return s.simplified();
}

// Every text the per-GPU tab shows: labels, text lines and the table's cells.
QStringList shownTexts(QWidget* root, const QTableView* table) {
    QStringList out;
    for (QLabel* l : root->findChildren<QLabel*>())
        if (l->isVisible())
            out << plain(l->text());
    for (TextLine* t : root->findChildren<TextLine*>())
        if (t->isVisible())
            out << t->text();
    const QAbstractItemModel* m = table->model();
    for (int r = 0; r < m->rowCount(); ++r)
        for (int c = 0; c < m->columnCount(); ++c)
            out << m->index(r, c).data().toString();
    return out;
}

} // namespace

class TestLegibility : public QObject {
    Q_OBJECT
private:
    FakeDialogs dialogs_;
    std::unique_ptr<MainWindow> window_;

    MainWindow& w() { return *window_; }
    PlanDocument* doc() { return window_->document(); }
    PrimaryControls* primary() { return window_->controls()->primary(); }
    PerGpuView* perGpu() { return window_->perGpuView(); }

    void showTab(const QString& name) {
        QTabBar* tabs = w().views()->tabBar();
        for (int i = 0; i < tabs->count(); ++i)
            if (w().views()->widget(i)->objectName() == name) {
                QTest::mouseClick(tabs, Qt::LeftButton, Qt::NoModifier, tabs->tabRect(i).center());
                QTRY_COMPARE(w().views()->currentIndex(), i);
                return;
            }
        QFAIL(qPrintable(QStringLiteral("no tab %1").arg(name)));
    }

    ChartWidget* currentChart() {
        auto* chart = w().views()->currentWidget()->findChild<ChartWidget*>();
        if (chart)
            (void)QTest::qWaitFor(
                [&] { return chart->isVisible() && chart->chart()->plotArea().height() > 0; });
        return chart;
    }

    // Clicks View > (the action named `name`) through the menu bar.
    void clickViewMenu(const char* name) {
        QAction* action = w().action(name);
        QVERIFY(action);
        QMenu* menu = nullptr;
        for (QAction* top : w().menuBar()->actions())
            if (top->menu() && top->menu()->actions().contains(action))
                menu = top->menu();
        QVERIFY(menu);
        QTest::mouseClick(w().menuBar(), Qt::LeftButton, Qt::NoModifier,
                          w().menuBar()->actionGeometry(menu->menuAction()).center());
        QTRY_VERIFY(menu->isVisible());
        QTest::mouseClick(menu, Qt::LeftButton, Qt::NoModifier,
                          menu->actionGeometry(action).center());
        QTRY_VERIFY(!menu->isVisible());
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QLocale::setDefault(QLocale::c());
    }

    void init() {
        dialogs_ = FakeDialogs();
        window_ = std::make_unique<MainWindow>(presets(), nullptr, &dialogs_);
        window_->resize(1280, 800);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    }

    void cleanup() {
        dialogs_.answer = Dialogs::SaveChoice::Discard;
        window_.reset();
    }

    // Huge sizes: 405B parameters fully trained in fp32 on one GPU need terabytes. The tab
    // writes them in TiB (TB after a click on "GB"), never as thousands of GiB.
    void hugeSizesUseTiB() {
        Plan p = makePlan("llama-3.1-405b", Method::Full, 1, 2048, 1, "h100-sxm-80gb");
        p.training.precision = Recipe::Fp32;
        doc()->reset(p);
        QVERIFY(doc()->evaluation().ok);
        QVERIFY(doc()->evaluation().total > 1024.0 * kGiB);
        const QRegularExpression thousandsOfGiga(QStringLiteral("\\d{4,}(\\.\\d+)? Gi?B"));
        const BreakdownModel* m = perGpu()->model();
        const auto totalText = [&] {
            return m->index(m->rowCount() - 1, BreakdownModel::SizeColumn).data().toString();
        };
        QVERIFY2(totalText().endsWith(QLatin1String(" TiB")), qPrintable(totalText()));
        for (const QString& t : shownTexts(perGpu(), perGpu()->table()))
            QVERIFY2(!thousandsOfGiga.match(t).hasMatch(), qPrintable(t));
        // The chart's value axis too: in TiB, titled so, its top above the total in TiB.
        const double total = doc()->evaluation().total;
        ChartWidget* chart = perGpu()->chart();
        QVERIFY2(chart->yAxisTitle().contains(QLatin1String("TiB (2^40 bytes)")),
                 qPrintable(chart->yAxisTitle()));
        QVERIFY2(chart->axisMaximum() >= total / (1024 * kGiB) &&
                     chart->axisMaximum() < 2 * total / (1024 * kGiB),
                 qPrintable(QString::number(chart->axisMaximum())));
        // Decimal units by the radio button: TB, not TiB.
        auto* gb = perGpu()->findChildren<QRadioButton*>().last();
        QVERIFY(gb->text().startsWith(QLatin1String("GB")));
        QTest::mouseClick(gb, Qt::LeftButton, Qt::NoModifier, gb->rect().center());
        QTRY_VERIFY2(totalText().endsWith(QLatin1String(" TB")), qPrintable(totalText()));
        for (const QString& t : shownTexts(perGpu(), perGpu()->table()))
            QVERIFY2(!thousandsOfGiga.match(t).hasMatch(), qPrintable(t));
        QVERIFY2(chart->yAxisTitle().contains(QLatin1String("TB (10^12 bytes)")),
                 qPrintable(chart->yAxisTitle()));
        QVERIFY(chart->axisMaximum() >= total / 1e12 && chart->axisMaximum() < 2 * total / 1e12);
        // The Compare tab's chart: its columns reach terabytes as well.
        showTab(QStringLiteral("compareView"));
        ChartWidget* compare = currentChart();
        QVERIFY(compare);
        QVERIFY2(compare->yAxisTitle().contains(QLatin1String("TB (10^12 bytes)")),
                 qPrintable(compare->yAxisTitle()));
        QVERIFY(compare->axisMaximum() < 100);
        // A plan under 1 TiB goes back to GB.
        doc()->reset(makePlan("llama-3.1-8b", Method::Qlora, 1, 2048, 1, "rtx-4090"));
        QVERIFY2(chart->yAxisTitle().contains(QLatin1String("GB (10^9 bytes)")),
                 qPrintable(chart->yAxisTitle()));
        QVERIFY(chart->axisMaximum() >= doc()->evaluation().total / 1e9);
    }

    // Past 1 PiB per GPU (a micro-batch or a sequence length typed into its field): the
    // breakdown's total and the chart's value axis read PiB (PB after a click on "GB"),
    // never thousands of TiB.
    void hugerSizesUsePiB_data() {
        QTest::addColumn<int>("microBatch");
        QTest::addColumn<int>("seqLen");
        QTest::addColumn<QString>("field"); // "microBatch" or "seqLen"
        QTest::addColumn<QString>("typed");
        QTest::addRow("micro-batch 1024 of 8k tokens") << 1 << 8192 << "microBatch"
                                                       << "1024";
        QTest::addRow("16 sequences of 1024k tokens") << 16 << 2048 << "seqLen"
                                                      << "1024k";
    }
    void hugerSizesUsePiB() {
        QFETCH(int, microBatch);
        QFETCH(int, seqLen);
        QFETCH(QString, field);
        QFETCH(QString, typed);
        QApplication::setActiveWindow(&w()); // typed text commits on Enter in the active window
        QVERIFY(QTest::qWaitForWindowActive(&w()));
        Plan p = makePlan("llama-3.1-405b", Method::Full, microBatch, seqLen, 1, "h100-sxm-80gb");
        p.training.precision = Recipe::Fp32;
        doc()->reset(p);
        SliderField* f =
            field == QLatin1String("seqLen") ? primary()->seqLen() : primary()->microBatch();
        QSpinBox* editor = f->spinBox();
        editor->setFocus();
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier); // select all
        QTest::keyClicks(editor, typed);
        QTest::keyClick(editor, Qt::Key_Enter);
        const double pib = 1024.0 * 1024 * kGiB;
        QVERIFY(doc()->evaluation().ok);
        const double total = doc()->evaluation().total;
        QVERIFY2(total > pib, qPrintable(QString::number(total) + f->problem()));

        const QRegularExpression thousandsOfTera(QStringLiteral("\\d{4,}(\\.\\d+)? Ti?B"));
        const BreakdownModel* m = perGpu()->model();
        const auto totalText = [&] {
            return m->index(m->rowCount() - 1, BreakdownModel::SizeColumn).data().toString();
        };
        QTRY_VERIFY2(totalText().endsWith(QLatin1String(" PiB")), qPrintable(totalText()));
        for (const QString& t : shownTexts(perGpu(), perGpu()->table()))
            QVERIFY2(!thousandsOfTera.match(t).hasMatch(), qPrintable(t));
        ChartWidget* chart = perGpu()->chart();
        QVERIFY2(chart->yAxisTitle().contains(QLatin1String("PiB (2^50 bytes)")),
                 qPrintable(chart->yAxisTitle()));
        QVERIFY2(chart->axisMaximum() >= total / pib && chart->axisMaximum() < 2 * total / pib,
                 qPrintable(QString::number(chart->axisMaximum())));
        QCOMPARE(chart->axisMaximumBytes(), chart->axisMaximum() * pib);

        auto* gb = perGpu()->findChildren<QRadioButton*>().last();
        QVERIFY(gb->text().startsWith(QLatin1String("GB")));
        QTest::mouseClick(gb, Qt::LeftButton, Qt::NoModifier, gb->rect().center());
        QTRY_VERIFY2(totalText().endsWith(QLatin1String(" PB")), qPrintable(totalText()));
        for (const QString& t : shownTexts(perGpu(), perGpu()->table()))
            QVERIFY2(!thousandsOfTera.match(t).hasMatch(), qPrintable(t));
        QVERIFY2(chart->yAxisTitle().contains(QLatin1String("PB (10^15 bytes)")),
                 qPrintable(chart->yAxisTitle()));
        QVERIFY(chart->axisMaximum() >= total / 1e15 && chart->axisMaximum() < 2 * total / 1e15);

        // Undo (Ctrl+Z) back to the 405B plan: terabytes again.
        QTest::keySequence(&w(), QKeySequence::Undo);
        QTRY_VERIFY2(totalText().endsWith(QLatin1String(" TB")), qPrintable(totalText()));
        QVERIFY2(chart->yAxisTitle().contains(QLatin1String("TB (10^12 bytes)")),
                 qPrintable(chart->yAxisTitle()));
    }

    // A plan file with a value out of range: the message names the bounds as numbers people
    // read (1,000,000), not 1e+06.
    void rangeMessagesAreReadable() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.memplan.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"training": {"micro_batch": 0}})");
        f.close();
        QVERIFY(!w().openFile(path));
        QVERIFY(!dialogs_.errors.isEmpty());
        const QString message = dialogs_.errors.last();
        QVERIFY2(message.contains(QLatin1String("training.micro_batch")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("1,000,000")), qPrintable(message));
        QVERIFY2(!message.contains(QLatin1String("e+")), qPrintable(message));
    }

    // Long sequence lengths read with separators in the field, and typed back with them.
    void spinBoxesGroupThousands_data() {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<qlonglong>("tokens");
        QTest::addRow("plain") << "131072" << 131072LL;
        QTest::addRow("grouped") << "65,536" << 65536LL;
    }
    void spinBoxesGroupThousands() {
        QFETCH(QString, typed);
        QFETCH(qlonglong, tokens);
        QSpinBox* seq = primary()->seqLen()->spinBox();
        seq->setFocus();
        QTest::keyClick(seq, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(seq, typed);
        QTest::keyClick(seq, Qt::Key_Enter);
        QCOMPARE(doc()->plan().training.seq_len, tokens);
        QCOMPARE(seq->text(),
                 QString::fromStdString(formatNumber(static_cast<double>(tokens))) + seq->suffix());
    }

    // Rows of zero bytes are not shown (an inference plan has no gradients or optimizer
    // states; a part that a drag removes is not left behind as a row of zeros); the total is
    // the evaluation's.
    void zeroRowsAreHidden_data() {
        QTest::addColumn<int>("method");
        QTest::addRow("inference") << static_cast<int>(Method::Inference);
        QTest::addRow("lora") << static_cast<int>(Method::Lora);
        QTest::addRow("full") << static_cast<int>(Method::Full);
    }
    void zeroRowsAreHidden() {
        QFETCH(int, method);
        doc()->reset(
            makePlan("llama-3.1-8b", static_cast<Method>(method), 4, 2048, 1, "h100-sxm-80gb"));
        QSlider* s = primary()->microBatch()->slider();
        // Drag the micro-batch up and back: parts come and go on the way.
        const QPoint start = handleRect(s).center();
        QTest::mousePress(s, Qt::LeftButton, Qt::NoModifier, start);
        for (int i = 1; i <= 6; ++i)
            QTest::mouseMove(s, start + QPoint(s->width() * i / 12, 0));
        for (int i = 5; i >= 0; --i)
            QTest::mouseMove(s, start + QPoint(s->width() * i / 12, 0));
        QTest::mouseRelease(s, Qt::LeftButton, Qt::NoModifier, start);
        const QTableView* table = perGpu()->table();
        const BreakdownModel* m = perGpu()->model();
        int hidden = 0;
        for (int r = 0; r < m->rowCount(); ++r) {
            const QModelIndex size = m->index(r, BreakdownModel::SizeColumn);
            const auto kind = static_cast<BreakdownModel::RowKind>(
                size.data(BreakdownModel::RowKindRole).toInt());
            const bool zero = size.data(BreakdownModel::BytesRole).toDouble() == 0.0;
            const bool shouldHide = zero && (kind == BreakdownModel::RowKind::Component ||
                                             kind == BreakdownModel::RowKind::Part);
            QVERIFY2(table->isRowHidden(r) == shouldHide,
                     qPrintable(m->index(r, BreakdownModel::NameColumn).data().toString()));
            hidden += table->isRowHidden(r) ? 1 : 0;
            if (kind == BreakdownModel::RowKind::Total)
                QCOMPARE(size.data(BreakdownModel::BytesRole).toDouble(),
                         doc()->evaluation().total);
        }
        if (static_cast<Method>(method) == Method::Inference)
            QVERIFY(hidden >= 2); // gradients, optimizer states
    }

    // The Timeline's moment labels are shown whole (wrapped onto a second line), not cut off.
    void timelineLabelsAreWhole() {
        showTab(QStringLiteral("timeline"));
        ChartWidget* chart = currentChart();
        QVERIFY(chart);
        const auto shownTexts = [chart] {
            QStringList out;
            for (QGraphicsItem* item : chart->chart()->scene()->items())
                if (auto* text = dynamic_cast<QGraphicsTextItem*>(item); text && text->isVisible())
                    out << text->toPlainText().simplified();
            return out;
        };
        const auto cut = [](const QString& t) {
            return t.endsWith(QLatin1String("...")) || t.endsWith(QChar(0x2026));
        };
        // Once the chart has laid itself out, no text in it is cut off.
        const auto whole = [&] {
            const QStringList texts = shownTexts();
            return !texts.isEmpty() && std::none_of(texts.begin(), texts.end(), cut);
        };
        QTRY_VERIFY2(whole(), qPrintable(shownTexts().join(QLatin1String(" | "))));
        const QStringList shown = shownTexts();
        const Evaluation& e = doc()->evaluation();
        QVERIFY(e.moment_count >= 4);
        for (std::size_t m = 0; m < e.moment_count; ++m) {
            const QString label = QString::fromUtf8(
                e.moments[m].label.data(), static_cast<qsizetype>(e.moments[m].label.size()));
            QVERIFY2(std::any_of(shown.begin(), shown.end(),
                                 [&](const QString& t) { return t.contains(label); }),
                     qPrintable(label + QStringLiteral(" | ") + shown.join(QLatin1String(" | "))));
        }
    }

    // The first time the Timeline tab is shown, its moment labels are wrapped at the width
    // the chart has then (not at the size the view had before its first layout): each line
    // fits one category, and no line was broken where the next word would still have fit.
    void timelineLabelsWrapAtFirstShow() {
        showTab(QStringLiteral("timeline"));
        ChartWidget* chart = currentChart();
        QVERIFY(chart);
        QBarCategoryAxis* axis = nullptr;
        for (QAbstractAxis* a : chart->chart()->axes(Qt::Horizontal))
            if (auto* c = qobject_cast<QBarCategoryAxis*>(a))
                axis = c;
        QVERIFY(axis && axis->count() >= 4);
        // Laid out at the tab's width (no resize after the show).
        QTRY_COMPARE(chart->width(), w().views()->currentWidget()->width());
        QTRY_VERIFY(chart->chart()->plotArea().width() > chart->width() / 2);
        const QFontMetricsF fm(axis->labelsFont());
        const double category = chart->chart()->plotArea().width() / axis->count();
        QVERIFY2(category > 80, qPrintable(QString::number(category)));
        // Not broken early: a label is broken only where the line with the next word would
        // take more than half a category (a wrap at the size before the first layout breaks
        // after every word or two).
        int wrappedLabels = 0;
        for (const QString& category_ : axis->categories()) {
            const QStringList lines = category_.split(QLatin1String("<br>"));
            wrappedLabels += lines.size() > 1 ? 1 : 0;
            for (int i = 0; i + 1 < lines.size(); ++i) {
                const QString line = QTextDocumentFragment::fromHtml(lines[i]).toPlainText();
                const QString next = QTextDocumentFragment::fromHtml(lines[i + 1])
                                         .toPlainText()
                                         .section(QLatin1Char(' '), 0, 0);
                const QString longer = line + QLatin1Char(' ') + next;
                QVERIFY2(fm.horizontalAdvance(longer) > category / 2,
                         qPrintable(QStringLiteral("\"%1\" broken early (a category is %2 px)")
                                        .arg(longer)
                                        .arg(category)));
            }
        }
        // And shown whole: nothing in the chart is elided.
        for (QGraphicsItem* item : chart->chart()->scene()->items())
            if (auto* text = dynamic_cast<QGraphicsTextItem*>(item); text && text->isVisible())
                QVERIFY2(!text->toPlainText().endsWith(QLatin1String("...")) &&
                             !text->toPlainText().endsWith(QChar(0x2026)),
                         qPrintable(text->toPlainText()));
        qInfo("category %.0f px, %d of %d labels on two lines or more", category, wrappedLabels,
              int(axis->count()));
    }

    // A breakdown row whose name does not fit its column shows the whole name as a tooltip.
    void breakdownNamesHaveToolTips() {
        doc()->reset(makePlan("llama-3.1-8b", Method::Qlora, 4, 2048, 1, "rtx-4090"));
        QSplitter* split = perGpu()->splitter();
        const int total = split->sizes().value(0) + split->sizes().value(1);
        split->setSizes({total - 260, 260}); // a narrow table, as on a small screen
        QTableView* table = perGpu()->table();
        QTRY_VERIFY(table->columnWidth(BreakdownModel::NameColumn) < 160);
        int cut = 0;
        for (int r = 0; r < table->model()->rowCount(); ++r) {
            if (table->isRowHidden(r))
                continue;
            const QModelIndex name = table->model()->index(r, BreakdownModel::NameColumn);
            const QString text = name.data().toString().trimmed();
            const QRect rect = table->visualRect(name);
            QFont font = table->font();
            if (const QVariant f = name.data(Qt::FontRole); f.isValid())
                font = f.value<QFont>();
            const auto kind = static_cast<BreakdownModel::RowKind>(
                name.data(BreakdownModel::RowKindRole).toInt());
            if (kind != BreakdownModel::RowKind::Part ||
                QFontMetrics(font).horizontalAdvance(text) + 30 <= rect.width())
                continue; // fits beside its indent
            ++cut;
            const QString tip = toolTipAt(table->viewport(), rect.center());
            // Its own name first, then the component it belongs to.
            QVERIFY2(plain(tip).startsWith(text), qPrintable(text + QStringLiteral(" | ") + tip));
        }
        QVERIFY(cut > 0);
    }

    // The Compare tab's editors ("plan: Full fine-tuning") show their whole text as a tooltip.
    void compareEditorsHaveToolTips() {
        showTab(QStringLiteral("compareView"));
        auto* compare = w().views()->currentWidget()->findChild<CompareView*>();
        if (!compare)
            compare = qobject_cast<CompareView*>(w().views()->currentWidget());
        QVERIFY(compare);
        compare->setCurrentColumn(0);
        int checked = 0;
        for (QComboBox* combo : compare->findChildren<QComboBox*>()) {
            if (!combo->isVisible() || !combo->currentText().startsWith(QLatin1String("plan: ")))
                continue;
            const QString tip = toolTipAt(combo, combo->rect().center());
            QVERIFY2(tip.contains(combo->currentText()),
                     qPrintable(combo->currentText() + QStringLiteral(" | ") + tip));
            ++checked;
        }
        QVERIFY(checked > 4);
    }

    // While a slider is dragged the y-axis only grows; once the drag ends it fits again.
    void axisHoldsWhileDragging_data() {
        QTest::addColumn<QString>("tab");
        QTest::addRow("per GPU") << "perGpu";
        QTest::addRow("compare") << "compareView";
        QTest::addRow("timeline") << "timeline";
    }
    void axisHoldsWhileDragging() {
        QFETCH(QString, tab);
        doc()->reset(makePlan("llama-3.1-8b", Method::Lora, 2, 2048, 1, "h100-sxm-80gb"));
        showTab(tab);
        ChartWidget* chart = currentChart();
        QVERIFY(chart);
        const double before = chart->axisMaximumBytes();
        QVERIFY(before > 0);
        QSlider* s = primary()->microBatch()->slider();
        const QPoint start = handleRect(s).center();
        QTest::mousePress(s, Qt::LeftButton, Qt::NoModifier, start);
        double highest = before;
        for (int i = 1; i <= 8; ++i) {
            QTest::mouseMove(s, start + QPoint(s->width() * i / 16, 0));
            QVERIFY2(chart->axisMaximumBytes() >= highest, "the axis shrank during the drag");
            highest = chart->axisMaximumBytes();
        }
        QVERIFY2(highest > before, "the values grew, and the axis at once");
        for (int i = 7; i >= 0; --i) {
            QTest::mouseMove(s, start + QPoint(s->width() * i / 16, 0));
            QCOMPARE(chart->axisMaximumBytes(), highest);
        }
        QTest::mouseRelease(s, Qt::LeftButton, Qt::NoModifier, start);
        QCOMPARE(doc()->plan().training.micro_batch, int64_t{2});
        QTRY_COMPARE(chart->axisMaximumBytes(), before); // the same values: the same axis
    }

    // The axis' unit follows the same rule: dragging a multi-TiB plan down keeps the TiB axis
    // until the slider is let go, then it is in GiB again.
    void axisUnitHoldsWhileDragging() {
        Plan p = makePlan("llama-3.1-405b", Method::Full, 1, 2048, 1, "h100-sxm-80gb");
        p.training.precision = Recipe::Fp32;
        doc()->reset(p);
        showTab(QStringLiteral("perGpu"));
        ChartWidget* chart = currentChart();
        QVERIFY(chart);
        QVERIFY2(chart->yAxisTitle().contains(QLatin1String("TiB")),
                 qPrintable(chart->yAxisTitle()));
        const double before = chart->axisMaximumBytes();
        QSlider* s = primary()->params()->slider();
        const QPoint start = handleRect(s).center();
        QTest::mousePress(s, Qt::LeftButton, Qt::NoModifier, start);
        for (int i = 1; i <= 8; ++i) {
            QTest::mouseMove(s, QPoint(start.x() * (8 - i) / 8, start.y()));
            QVERIFY2(chart->yAxisTitle().contains(QLatin1String("TiB")),
                     qPrintable(chart->yAxisTitle()));
            QCOMPARE(chart->axisMaximumBytes(), before);
        }
        QVERIFY2(doc()->evaluation().total < 1024 * kGiB, "the drag took the plan under 1 TiB");
        QTest::mouseRelease(s, Qt::LeftButton, Qt::NoModifier, QPoint(0, start.y()));
        QTRY_VERIFY2(chart->yAxisTitle().contains(QLatin1String("GiB (2^30 bytes)")),
                     qPrintable(chart->yAxisTitle()));
        QVERIFY(chart->axisMaximumBytes() < before);
        QVERIFY(chart->axisMaximumBytes() >= doc()->evaluation().total);
    }

    // View > Lock Chart Y-Axis freezes the value axis; unlocking fits it again. The choice is
    // kept in the settings.
    void axisLock() {
        QTemporaryDir dir;
        const QString ini = dir.filePath(QStringLiteral("s.ini"));
        Settings settings(ini, nullptr);
        window_ = std::make_unique<MainWindow>(presets(), &settings, &dialogs_);
        window_->resize(1280, 800);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        doc()->reset(makePlan("llama-3.1-8b", Method::Lora, 2, 2048, 1, "h100-sxm-80gb"));
        ChartWidget* chart = perGpu()->chart();
        QTRY_VERIFY(chart->axisMaximum() > 0);
        const double before = chart->axisMaximum();
        QAction* lock = w().action("lockValueAxis");
        QVERIFY(lock && lock->isCheckable() && !lock->isChecked());
        clickViewMenu("lockValueAxis");
        QVERIFY(lock->isChecked());
        QSlider* s = primary()->microBatch()->slider();
        s->setFocus();
        for (int i = 0; i < 4; ++i)
            QTest::keyClick(s, Qt::Key_PageUp);
        QVERIFY(doc()->plan().training.micro_batch > 8);
        QCOMPARE(chart->axisMaximum(), before);
        window_.reset();
        {
            Settings reread(ini, nullptr);
            window_ = std::make_unique<MainWindow>(presets(), &reread, &dialogs_);
            QVERIFY(w().action("lockValueAxis")->isChecked());
            window_.reset();
        }
        window_ = std::make_unique<MainWindow>(presets(), &settings, &dialogs_);
        window_->resize(1280, 800);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        doc()->reset(makePlan("llama-3.1-8b", Method::Lora, 2, 2048, 1, "h100-sxm-80gb"));
        chart = perGpu()->chart();
        const double locked = chart->axisMaximum();
        doc()->reset(makePlan("llama-3.1-8b", Method::Lora, 32, 2048, 1, "h100-sxm-80gb"));
        QCOMPARE(chart->axisMaximum(), locked);
        clickViewMenu("lockValueAxis");
        QVERIFY(!w().action("lockValueAxis")->isChecked());
        QVERIFY(chart->axisMaximum() > locked); // fitted to 32 sequences again
        window_.reset();
        QVERIFY(!Settings(ini, nullptr).chartAxisLocked());
    }
};

QTEST_MAIN(TestLegibility)
#include "tst_gui_legibility.moc"
