#include "export/exportactions.h"

#include "charts/comparechart.h"
#include "charts/sweepchart.h"
#include "document/plandocument.h"
#include "document/settings.h"
#include "mainwindow.h"
#include "models/scenariomodel.h"
#include "views/compareview.h"
#include "views/pergpuview.h"
#include "views/sweepview.h"
#include "widgets/lazytab.h"

#include <QAction>
#include <QCheckBox>
#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>

namespace memplan::gui {

namespace {

// Size, resolution, title and file of an exported chart.
class ExportChartDialog : public QDialog {
    // Without Q_OBJECT, tr() would be QDialog's ("QDialog" context); lupdate files these
    // strings under this class's name.
    Q_DECLARE_TR_FUNCTIONS(memplan::gui::ExportChartDialog)
public:
    ExportChartDialog(QWidget* parent, const QString& path, const ChartExportOptions& options,
                      bool hasNotes)
        : QDialog(parent) {
        setWindowTitle(tr("Export Chart"));
        auto* form = new QFormLayout(this);
        auto* fileRow = new QHBoxLayout;
        file_ = new QLineEdit(path, this);
        auto* browse = new QPushButton(tr("Browse…"), this);
        fileRow->addWidget(file_, 1);
        fileRow->addWidget(browse);
        form->addRow(tr("&File (.png, .svg, .pdf):"), fileRow);
        setBuddy(form, fileRow, file_);
        auto* sizeRow = new QHBoxLayout;
        width_ = new QSpinBox(this);
        height_ = new QSpinBox(this);
        for (QSpinBox* box : {width_, height_}) {
            box->setRange(ChartExportOptions::kMinSide, ChartExportOptions::kMaxSide);
            box->setSuffix(tr(" px"));
        }
        width_->setValue(options.size.width());
        height_->setValue(options.size.height());
        sizeRow->addWidget(width_);
        sizeRow->addWidget(new QLabel(QStringLiteral("\u00d7"), this));
        sizeRow->addWidget(height_);
        sizeRow->addStretch(1);
        form->addRow(tr("&Size:"), sizeRow);
        setBuddy(form, sizeRow, width_);
        dpi_ = new QSpinBox(this);
        dpi_->setRange(ChartExportOptions::kMinDpi, ChartExportOptions::kMaxDpi);
        dpi_->setSuffix(tr(" dpi"));
        dpi_->setValue(options.dpi);
        dpi_->setToolTip(
            tr("Higher values draw text and lines larger in the same pixels (for print)"));
        form->addRow(tr("&Resolution:"), dpi_);
        title_ = new QLineEdit(options.title, this);
        form->addRow(tr("&Title:"), title_);
        notes_ = new QCheckBox(tr("Explain why the columns differ, under the chart"), this);
        notes_->setChecked(hasNotes);
        notes_->setVisible(hasNotes);
        form->addRow(QString(), notes_);
        footer_ = new QCheckBox(tr("State the plan's assumptions in a footer"), this);
        footer_->setChecked(true);
        form->addRow(QString(), footer_);
        auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
        buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
        form->addRow(buttons);
        connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
        connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
        connect(browse, &QPushButton::clicked, this, [this] {
            const QString chosen = QFileDialog::getSaveFileName(
                this, tr("Export Chart"), file_->text(),
                tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
            if (!chosen.isEmpty())
                file_->setText(chosen);
        });
    }

    QString path() const { return file_->text().trimmed(); }

    // A row whose field is a layout gets a label without a buddy, which shows its "&" as is:
    // the label leads to the row's first field instead.
    static void setBuddy(QFormLayout* form, QLayout* row, QWidget* field) {
        if (auto* label = qobject_cast<QLabel*>(form->labelForField(row)))
            label->setBuddy(field);
    }
    void apply(ChartExportOptions& o) const {
        o.size = QSize(width_->value(), height_->value());
        o.dpi = dpi_->value();
        o.title = title_->text();
        if (!notes_->isChecked())
            o.notes.clear();
        if (!footer_->isChecked())
            o.footer.clear();
    }

private:
    QLineEdit* file_;
    QSpinBox* width_;
    QSpinBox* height_;
    QSpinBox* dpi_;
    QLineEdit* title_;
    QCheckBox* notes_;
    QCheckBox* footer_;
};

} // namespace

ExportController::ExportController(QMainWindow* window, PlanDocument* document, QTabWidget* views,
                                   LazyTab* compare, LazyTab* sweep)
    : QObject(window)
    , window_(window)
    , doc_(document)
    , views_(views)
    , compareTab_(compare)
    , sweepTab_(sweep) {
    exportChart_ = new QAction(tr("Export &Chart…"), this);
    exportChart_->setObjectName(QStringLiteral("exportChart"));
    exportChart_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    exportChart_->setStatusTip(
        tr("Save the chart as PNG, SVG or PDF with a title and the plan's assumptions"));
    exportData_ = new QAction(tr("Export &Data…"), this);
    exportData_->setObjectName(QStringLiteral("exportData"));
    exportData_->setStatusTip(tr("Save the chart's numbers as CSV, a Markdown table or JSON"));
    copyChart_ = new QAction(tr("Cop&y Chart"), this);
    copyChart_->setObjectName(QStringLiteral("copyChart"));
    copyChart_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    copyChart_->setStatusTip(tr("Copy the chart to the clipboard as an image"));
    for (QAction* a : {exportChart_, exportData_, copyChart_})
        window_->addAction(a); // shortcuts work wherever the focus is
    connect(exportChart_, &QAction::triggered, this, &ExportController::exportChartInteractive);
    connect(exportData_, &QAction::triggered, this, &ExportController::exportDataInteractive);
    connect(copyChart_, &QAction::triggered, this, [this] {
        copyChart(defaultOptions(lastSize_, lastDpi_));
        if (window_->statusBar())
            window_->statusBar()->showMessage(tr("Chart copied to the clipboard"), 3000);
    });
}

ExportController::~ExportController() = default;

void ExportController::addToMenu(QMenu* menu, QAction* before) {
    if (!menu)
        return;
    menu->insertAction(before, exportChart_);
    menu->insertAction(before, exportData_);
    menu->insertAction(before, copyChart_);
    menu->insertSeparator(before);
}

void ExportController::addToMenuOf(QAction* before) {
    if (!before)
        return;
    for (QObject* o : before->associatedObjects())
        if (auto* menu = qobject_cast<QMenu*>(o)) {
            addToMenu(menu, before);
            return;
        }
}

ExportController* addCompareSweepAndExport(MainWindow* window) {
    PlanDocument* doc = window->document();
    // Both tabs are built on first show; the Sweep view shares the Compare view's columns.
    auto* compareTab = new LazyTab(
        [doc](QWidget* page) { return new CompareView(doc, nullptr, page); }, window->views());
    compareTab->setObjectName(QStringLiteral("compareView"));
    window->addView(compareTab, ExportController::tr("Compare"));
    auto* sweepTab = new LazyTab(
        [doc, compareTab](QWidget* page) {
            auto* compare = static_cast<CompareView*>(compareTab->view());
            return new SweepView(doc, compare->model(), page);
        },
        window->views());
    sweepTab->setObjectName(QStringLiteral("sweepView"));
    window->addView(sweepTab, ExportController::tr("Sweep"));
    auto* exports = new ExportController(window, doc, window->views(), compareTab, sweepTab);
    exports->setSettings(window->settings());
    exports->setObjectName(QStringLiteral("exportController"));
    exports->addToMenuOf(window->action("quit"));
    // Sizes in the unit the Per GPU view shows (View > Sizes in GiB / GB).
    if (PerGpuView* perGpu = window->perGpuView()) {
        exports->setUnits(perGpu->units());
        QObject::connect(perGpu, &PerGpuView::unitsChanged, exports, &ExportController::setUnits);
    }
    // A view built later starts in the current units.
    QObject::connect(compareTab, &LazyTab::built, exports, [exports](QWidget* view) {
        static_cast<CompareView*>(view)->setUnits(exports->units());
    });
    QObject::connect(sweepTab, &LazyTab::built, exports, [exports](QWidget* view) {
        static_cast<SweepView*>(view)->setUnits(exports->units());
    });
    return exports;
}

void ExportController::setUnits(UnitSystem units) {
    units_ = units;
    if (auto* c = static_cast<CompareView*>(compareTab_->builtView()))
        c->setUnits(units);
    if (auto* s = static_cast<SweepView*>(sweepTab_->builtView()))
        s->setUnits(units);
}

CompareView* ExportController::compare() const {
    return static_cast<CompareView*>(compareTab_->view());
}

SweepView* ExportController::sweep() const {
    return static_cast<SweepView*>(sweepTab_->view());
}

ExportController::Kind ExportController::currentKind() const {
    QWidget* current = views_ ? views_->currentWidget() : nullptr;
    if (current && current == compareTab_)
        return Kind::Compare;
    if (current && current == sweepTab_)
        return Kind::Sweep;
    return Kind::Single;
}

ChartExportOptions ExportController::defaultOptions(QSize size, int dpi) const {
    ChartExportOptions o;
    o.size = size;
    o.dpi = dpi;
    FigureText text;
    switch (currentKind()) {
    case Kind::Compare:
        text = compareFigureText(doc_->plan(), compare()->model()->scenarios(), doc_->presets(),
                                 compare()->units());
        break;
    case Kind::Sweep:
        text = sweepFigureText(doc_->plan(), sweep()->result(), doc_->presets(), sweep()->units());
        break;
    case Kind::Single:
        text = singleFigureText(doc_->plan(), doc_->presets(), units_);
        break;
    }
    o.title = text.title;
    o.notes = text.notes;
    o.footer = text.footer;
    return o;
}

QWidget* ExportController::chartWidget() {
    switch (currentKind()) {
    case Kind::Compare:
        compare()->refreshNow();
        return compare()->chart();
    case Kind::Sweep:
        sweep()->refreshNow();
        return sweep()->chart();
    case Kind::Single:
        break;
    }
    // The single chart with its legend, drawn offscreen so the figure stands alone.
    if (!single_)
        single_ = std::make_unique<CompareChart>();
    auto* chart = static_cast<CompareChart*>(single_.get());
    single_->setPalette(window_->palette());
    single_->setFont(window_->font());
    chart->setUnits(units_);
    const QString name =
        doc_->plan().name.empty() ? tr("Current plan") : QString::fromStdString(doc_->plan().name);
    chart->setColumns({CompareColumn::fromScenario(
        planScenario(doc_->plan(), doc_->evaluation(), name), doc_->presets())});
    return single_.get();
}

QString ExportController::exportChartTo(const QString& path, const ChartExportOptions& options) {
    return ChartExporter(chartWidget()).exportTo(path, options);
}

QString ExportController::exportDataTo(const QString& path) {
    const QString title = defaultOptions().title;
    switch (currentKind()) {
    case Kind::Compare:
        compare()->refreshNow();
        return exportScenarioData(path, compare()->model()->scenarios(), compare()->units(), title);
    case Kind::Sweep:
        sweep()->refreshNow();
        return exportSweepData(path, sweep()->result(), doc_->presets(), sweep()->units(), title);
    case Kind::Single:
        break;
    }
    const QString name =
        doc_->plan().name.empty() ? tr("Current plan") : QString::fromStdString(doc_->plan().name);
    return exportScenarioData(path, {planScenario(doc_->plan(), doc_->evaluation(), name)}, units_,
                              title);
}

void ExportController::copyChart(const ChartExportOptions& options) {
    ChartExporter(chartWidget()).copyToClipboard(options);
}

void ExportController::report(const QString& error, const QString& done) {
    if (error.isEmpty()) {
        if (window_->statusBar())
            window_->statusBar()->showMessage(done, 5000);
        return;
    }
    if (window_->statusBar())
        window_->statusBar()->showMessage(error, 10000);
    QMessageBox box(QMessageBox::Warning, tr("Export failed"), error, QMessageBox::Ok, window_);
    box.setTextFormat(Qt::PlainText); // the message quotes paths and names from files
    box.exec();
}

QString ExportController::exportFolder() const {
    for (const QString& folder : {settings_ ? settings_->exportFolder() : QString(), lastFolder_})
        if (!folder.isEmpty() && QFileInfo(folder).isDir())
            return folder;
    return QDir::homePath();
}

QString ExportController::suggestedPath(const QString& last, const QString& fallbackName) const {
    const QString name = last.isEmpty() ? fallbackName : QFileInfo(last).fileName();
    return QDir(exportFolder()).filePath(name);
}

void ExportController::rememberFolder(const QString& path) {
    lastFolder_ = QFileInfo(path).absolutePath();
    if (settings_)
        settings_->setExportFolder(lastFolder_);
}

void ExportController::exportChartInteractive() {
    ChartExportOptions options = defaultOptions(lastSize_, lastDpi_);
    const QString suggested = suggestedPath(lastChartPath_, QStringLiteral("memplan-chart.png"));
    ExportChartDialog dialog(window_, suggested, options, !options.notes.isEmpty());
    if (dialog.exec() != QDialog::Accepted || dialog.path().isEmpty())
        return;
    dialog.apply(options);
    lastChartPath_ = dialog.path();
    rememberFolder(lastChartPath_);
    lastSize_ = options.size;
    lastDpi_ = options.dpi;
    const QString error = exportChartTo(lastChartPath_, options);
    report(error, tr("Chart exported to %1").arg(QDir::toNativeSeparators(lastChartPath_)));
}

void ExportController::exportDataInteractive() {
    const QString suggested = suggestedPath(lastDataPath_, QStringLiteral("memplan-data.csv"));
    const QString path =
        QFileDialog::getSaveFileName(window_, tr("Export Data"), suggested,
                                     tr("CSV (*.csv);;Markdown table (*.md);;JSON (*.json)"));
    if (path.isEmpty())
        return;
    lastDataPath_ = path;
    rememberFolder(path);
    report(exportDataTo(path), tr("Data exported to %1").arg(QDir::toNativeSeparators(path)));
}

} // namespace memplan::gui
