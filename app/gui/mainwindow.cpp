#include "mainwindow.h"

#include "charts/axispolicy.h"
#include "controls/controlpanel.h"
#include "dialogs.h"
#include "document/autosave.h"
#include "document/plandocument.h"
#include "document/settings.h"
#include "export/exportactions.h"
#include "hubdialog.h"
#include "theme.h"
#include "translations.h"
#include "userguide.h"
#include "views/pergpuview.h"
#include "views/timelineview.h"
#include "widgets/lazytab.h"

#include "memplan/errors.h"
#include "memplan/import_plan.h"
#include "memplan/plan_json.h"
#include "memplan/version.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScreen>
#include <QSlider>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QUndoStack>
#include <QUrl>

namespace memplan::gui {

MainWindow::MainWindow(const PresetLibrary& presets, Settings* settings, Dialogs* dialogs,
                       QWidget* parent)
    : QMainWindow(parent)
    , settings_(settings)
    , ownDialogs_(dialogs ? nullptr : std::make_unique<WidgetDialogs>())
    , dialogs_(dialogs ? dialogs : ownDialogs_.get())
    , doc_(new PlanDocument(presets, this)) {
    setObjectName(QStringLiteral("MainWindow"));
    setAcceptDrops(true);

    splitter_ = new QSplitter(Qt::Horizontal, this);
    splitter_->setObjectName(QStringLiteral("mainSplitter"));
    splitter_->setChildrenCollapsible(false);
    controls_ = new ControlPanel(doc_, splitter_);
    views_ = new QTabWidget(splitter_);
    views_->setDocumentMode(true);
    splitter_->addWidget(controls_);
    splitter_->addWidget(views_);
    // A wider window widens the controls too (longer sliders), the chart most.
    splitter_->setStretchFactor(0, 1);
    splitter_->setStretchFactor(1, 3);
    // The controls take a fixed share by default, whatever the longest text in the current
    // language; a saved layout (restoreLayout) overrides it.
    splitter_->setSizes({400, 880});
    setCentralWidget(splitter_);

    // The views, one line each.
    perGpu_ = new PerGpuView(doc_, views_);
    perGpu_->setObjectName(QStringLiteral("perGpu"));
    addView(perGpu_, tr("Per GPU"));
    // The other views are built when first shown (start-up paints Per GPU alone).
    auto* timeline =
        new LazyTab([doc = doc_](QWidget* page) { return new TimelineView(doc, page); }, views_);
    timeline->setObjectName(QStringLiteral("timeline"));
    addView(timeline, tr("Timeline"));
    // The views' own minimum sizes never force the window wider than Per GPU needs: a view
    // that wants more is clipped rather than pushing the window off a 1280-pixel screen.
    views_->setMinimumSize(perGpu_->minimumSizeHint() + QSize(8, 40));

    createActions();
    createMenus();
    statusBar();
    addCompareSweepAndExport(
        this); // Compare and Sweep tabs, File > Export Chart / Data, Copy Chart

    connect(doc_, &PlanDocument::planChanged, this, &MainWindow::updateTitle);
    connect(doc_, &PlanDocument::filePathChanged, this, &MainWindow::updateTitle);
    connect(doc_, &PlanDocument::modifiedChanged, this, &MainWindow::updateTitle);
    updateTitle();

    resize(defaultSize());
    if (settings_) {
        applyTheme(themeFromKey(settings_->theme()));
        restoreLayout();
        connect(perGpu_, &PerGpuView::unitsChanged, settings_, &Settings::setUnits);
        connect(controls_, &ControlPanel::advancedExpandedChanged, settings_,
                &Settings::setAdvancedExpanded);
        connect(settings_, &Settings::recentFilesChanged, this, &MainWindow::updateRecentMenu);
        // Only a real session (with settings) keeps a crash-safe copy of the plan.
        autosave_ = new Autosave(doc_, this);
        connect(autosave_, &Autosave::saveFailed, this,
                [this](const QString& message) { statusBar()->showMessage(message, 10000); });
    }
    updateRecentMenu();
}

MainWindow::~MainWindow() = default;

void MainWindow::addView(QWidget* view, const QString& title) {
    views_->addTab(view, title);
}

QAction* MainWindow::action(const char* name) const {
    return findChild<QAction*>(QString::fromLatin1(name));
}

void MainWindow::createActions() {
    auto make = [this](const char* name, const QString& text, QKeySequence::StandardKey key,
                       auto slot) {
        auto* a = new QAction(text, this);
        a->setObjectName(QString::fromLatin1(name));
        if (key != QKeySequence::UnknownKey)
            a->setShortcuts(key);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    make("new", tr("&New"), QKeySequence::New, [this] { newPlan(); });
    make("open", tr("&Open…"), QKeySequence::Open, [this] { open(); });
    make("fromHub", tr("From &Hugging Face…"), QKeySequence::UnknownKey, [this] { openFromHub(); });
    make("save", tr("&Save"), QKeySequence::Save, [this] { save(); });
    make("saveAs", tr("Save &As…"), QKeySequence::SaveAs, [this] { saveAs(); });
    QAction* quit = make("quit", tr("&Quit"), QKeySequence::Quit, [this] { close(); });
    quit->setMenuRole(QAction::QuitRole);

    QAction* undo = doc_->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setObjectName(QStringLiteral("undo"));
    undo->setShortcuts(QKeySequence::Undo);
    QAction* redo = doc_->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setObjectName(QStringLiteral("redo"));
    redo->setShortcuts(QKeySequence::Redo);

    auto* unitGroup = new QActionGroup(this);
    auto* gib = new QAction(tr("Sizes in &GiB (2^30 bytes)"), unitGroup);
    gib->setObjectName(QStringLiteral("unitsGiB"));
    gib->setCheckable(true);
    auto* gb = new QAction(tr("Sizes in G&B (10^9 bytes)"), unitGroup);
    gb->setObjectName(QStringLiteral("unitsGB"));
    gb->setCheckable(true);
    auto syncUnits = [gib, gb](UnitSystem u) {
        (u == UnitSystem::Binary ? gib : gb)->setChecked(true);
    };
    syncUnits(perGpu_->units());
    connect(perGpu_, &PerGpuView::unitsChanged, this, syncUnits);
    connect(gib, &QAction::triggered, this, [this] { perGpu_->setUnits(UnitSystem::Binary); });
    connect(gb, &QAction::triggered, this, [this] { perGpu_->setUnits(UnitSystem::Decimal); });

    auto* more = new QAction(tr("Show &more settings"), this);
    more->setObjectName(QStringLiteral("moreSettings"));
    more->setCheckable(true);
    more->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    connect(more, &QAction::toggled, controls_, &ControlPanel::setAdvancedExpanded);
    connect(controls_, &ControlPanel::advancedExpandedChanged, more, &QAction::setChecked);

    auto* guide = new QAction(tr("&User guide"), this);
    guide->setObjectName(QStringLiteral("userGuide"));
    guide->setShortcuts(QKeySequence::HelpContents);
    connect(guide, &QAction::triggered, this, &MainWindow::showUserGuide);

    // The charts' y-axes: locked, they keep their range (kept in the settings); while a
    // slider is dragged they only grow, and fit again when it is let go.
    auto* lock = new QAction(tr("Lock chart &y-axis"), this);
    lock->setObjectName(QStringLiteral("lockValueAxis"));
    lock->setCheckable(true);
    lock->setToolTip(tr("Keep the charts' vertical range as it is while values change"));
    AxisPolicy* axes = AxisPolicy::instance();
    axes->setHeld(false);
    axes->setLocked(settings_ && settings_->chartAxisLocked());
    lock->setChecked(axes->locked());
    connect(lock, &QAction::toggled, this, [this, axes](bool on) {
        axes->setLocked(on);
        if (settings_)
            settings_->setChartAxisLocked(on);
    });
    for (QSlider* slider : controls_->findChildren<QSlider*>()) {
        connect(slider, &QSlider::sliderPressed, axes, [axes] { axes->setHeld(true); });
        connect(slider, &QSlider::sliderReleased, axes, [axes] { axes->setHeld(false); });
    }

    auto* about = new QAction(tr("&About memplan"), this);
    about->setObjectName(QStringLiteral("about"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About memplan"),
                           tr("<b>memplan %1</b><br/>Plans the GPU memory that training and "
                              "running large language models needs.")
                               .arg(QString::fromLatin1(kVersion)));
    });
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(action("new"));
    file->addAction(action("open"));
    file->addAction(action("fromHub"));
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    recentMenu_->setObjectName(QStringLiteral("recentMenu"));
    file->addSeparator();
    file->addAction(action("save"));
    file->addAction(action("saveAs"));
    file->addSeparator();
    file->addAction(action("quit"));

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(action("undo"));
    edit->addAction(action("redo"));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(action("unitsGiB"));
    view->addAction(action("unitsGB"));
    view->addSeparator();
    view->addAction(action("moreSettings"));
    view->addAction(action("lockValueAxis"));

    QMenu* language = view->addMenu(tr("&Language"));
    auto* languages = new QActionGroup(language);
    for (const QString& code : availableLanguages()) {
        QAction* a = language->addAction(languageDisplayName(code));
        a->setCheckable(true);
        a->setChecked(settings_ && settings_->language() == code);
        a->setObjectName(QStringLiteral("language_") +
                         (code.isEmpty() ? QStringLiteral("system") : code));
        languages->addAction(a);
        connect(a, &QAction::triggered, this, [this, code] {
            if (!settings_)
                return;
            settings_->setLanguage(code);
            dialogs_->inform(this, tr("Language"),
                             tr("The language changes the next time memplan starts."));
        });
    }

    // View > Theme: follow the desktop, light or dark; kept in the settings.
    QMenu* themeMenu = view->addMenu(tr("&Theme"));
    auto* themes = new QActionGroup(themeMenu);
    const Theme current = settings_ ? themeFromKey(settings_->theme()) : Theme::System;
    for (const auto& [theme, text] :
         {std::pair{Theme::System, tr("Follow the &system")}, std::pair{Theme::Light, tr("&Light")},
          std::pair{Theme::Dark, tr("&Dark")}}) {
        QAction* a = themeMenu->addAction(text);
        a->setObjectName(QStringLiteral("theme_") + themeKey(theme));
        a->setCheckable(true);
        a->setChecked(theme == current);
        themes->addAction(a);
        connect(a, &QAction::triggered, this, [this, theme = theme] {
            applyTheme(theme);
            if (settings_)
                settings_->setTheme(themeKey(theme));
        });
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(action("userGuide"));
    help->addAction(action("about"));
}

void MainWindow::updateRecentMenu() {
    recentMenu_->clear();
    const QStringList files = settings_ ? settings_->recentFiles() : QStringList();
    for (int i = 0; i < files.size(); ++i) {
        const QString path = files[i];
        QAction* a =
            recentMenu_->addAction(tr("&%1 %2").arg(i + 1).arg(QDir::toNativeSeparators(path)));
        connect(a, &QAction::triggered, this, [this, path] {
            if (maybeSave())
                openFile(path);
        });
    }
    if (!files.isEmpty()) {
        recentMenu_->addSeparator();
        recentMenu_->addAction(tr("&Clear list"), this, [this] {
            if (settings_)
                settings_->clearRecentFiles();
        });
    }
    recentMenu_->setEnabled(!files.isEmpty());
}

void MainWindow::showUserGuide() {
    if (!userGuide_)
        userGuide_ = new UserGuideWindow(this);
    userGuide_->show();
    userGuide_->raise();
    userGuide_->activateWindow();
}

QString MainWindow::documentName() const {
    if (!doc_->filePath().isEmpty())
        return QFileInfo(doc_->filePath()).fileName();
    if (!doc_->plan().name.empty())
        return QString::fromStdString(doc_->plan().name);
    return tr("Untitled");
}

void MainWindow::updateTitle() {
    const QString title = tr("%1[*] \u2014 memplan").arg(documentName());
    if (windowTitle() != title)
        setWindowTitle(title);
    if (windowFilePath() != doc_->filePath())
        setWindowFilePath(doc_->filePath());
    if (isWindowModified() != doc_->isModified())
        setWindowModified(doc_->isModified());
}

void MainWindow::reportError(const QString& title, const QString& message) {
    statusBar()->showMessage(message, 10000);
    dialogs_->reportError(this, title, message);
}

bool MainWindow::maybeSave() {
    if (!doc_->isModified())
        return true;
    switch (dialogs_->askSaveChanges(this, documentName())) {
    case Dialogs::SaveChoice::Save:
        return save();
    case Dialogs::SaveChoice::Discard:
        return true;
    case Dialogs::SaveChoice::Cancel:
        return false;
    }
    return false;
}

void MainWindow::newPlan() {
    if (!maybeSave())
        return;
    doc_->reset(PlanDocument::defaultPlan(doc_->presets()));
    statusBar()->showMessage(tr("New plan"), 3000);
}

void MainWindow::open() {
    if (!maybeSave())
        return;
    const QString dir =
        doc_->filePath().isEmpty() ? QDir::homePath() : QFileInfo(doc_->filePath()).absolutePath();
    const QString path = dialogs_->openFileName(this, dir);
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::openFromHub() {
    if (!maybeSave())
        return;
    HubDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted || !dialog.imported())
        return;
    // A pre-quantized checkpoint sets the plan's weight recipe too (core import_plan.h).
    doc_->reset(planForImport(*dialog.imported(), doc_->plan()));
    doc_->markModified();
    statusBar()->showMessage(tr("Imported %1 from Hugging Face into a new plan")
                                 .arg(QString::fromStdString(dialog.imported()->model.name)),
                             3000);
}

bool MainWindow::openFile(const QString& path) {
    QString error;
    bool imported = false;
    if (!doc_->open(path, &error, &imported)) {
        reportError(tr("Could not open the plan"), error);
        return false;
    }
    if (settings_)
        settings_->addRecentFile(path);
    statusBar()->showMessage(
        imported
            ? tr("Imported the model of %1 into a new plan").arg(QDir::toNativeSeparators(path))
            : tr("Opened %1").arg(QDir::toNativeSeparators(path)),
        3000);
    return true;
}

namespace {
// The one local file a drag carries, or an empty string.
QString droppedFile(const QMimeData* mime) {
    if (!mime || !mime->hasUrls() || mime->urls().size() != 1)
        return {};
    const QUrl url = mime->urls().constFirst();
    return url.isLocalFile() ? url.toLocalFile() : QString();
}
} // namespace

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (!droppedFile(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QString path = droppedFile(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    if (maybeSave())
        openFile(path);
}

bool MainWindow::saveFile(const QString& path) {
    if (!doc_->problem().isEmpty()) {
        reportError(tr("Could not save the plan"),
                    tr("%1: the plan is not valid and could not be opened again: %2")
                        .arg(path, doc_->problem()));
        return false;
    }
    QString error;
    if (!doc_->save(path, &error)) {
        reportError(tr("Could not save the plan"), error);
        return false;
    }
    if (settings_)
        settings_->addRecentFile(path);
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 3000);
    return true;
}

bool MainWindow::save() {
    if (doc_->filePath().isEmpty())
        return saveAs();
    return saveFile(doc_->filePath());
}

bool MainWindow::saveAs() {
    QString suggested = doc_->filePath();
    if (suggested.isEmpty()) {
        QString base = QString::fromStdString(doc_->plan().name).trimmed();
        base.replace(QLatin1Char('/'), QLatin1Char('-'));
        if (base.isEmpty())
            base = tr("plan");
        suggested = QDir::home().filePath(base + QLatin1String(kPlanSuffix));
    }
    const QString path = dialogs_->saveFileName(this, suggested);
    if (path.isEmpty())
        return false;
    return saveFile(path);
}

void MainWindow::restoreLastPlan() {
    if (!settings_)
        return;
    const QString last = settings_->lastPlanPath();
    if (!last.isEmpty() && QFileInfo::exists(last)) {
        QString error;
        if (doc_->open(last, &error))
            return;
        statusBar()->showMessage(error, 10000);
    }
    const QString untitled = settings_->lastUntitledPlan();
    if (!untitled.isEmpty()) {
        try {
            doc_->reset(parsePlan(untitled.toStdString(), "last session", doc_->presets()));
        } catch (const InputError& e) {
            statusBar()->showMessage(QString::fromStdString(e.what()), 10000);
        }
    }
}

QSize MainWindow::defaultSize() const {
    // 1280 x 800, or the whole of a smaller screen (the window fits 1024 x 600).
    const QScreen* s = screen() ? screen() : QGuiApplication::primaryScreen();
    if (!s)
        return {1280, 800};
    return QSize(1280, 800).boundedTo(s->availableGeometry().size());
}

void MainWindow::restoreLayout() {
    // The saved geometry only where it fits the screen the window opens on now (a layout saved
    // on a large monitor would put the window partly off a small one).
    const QByteArray geometry = settings_->windowGeometry();
    if (!geometry.isEmpty() && restoreGeometry(geometry)) {
        const QScreen* s = screen() ? screen() : QGuiApplication::primaryScreen();
        if (s && !s->availableGeometry().contains(frameGeometry())) {
            resize(defaultSize());
            move(s->availableGeometry().topLeft());
        }
    }
    restoreState(settings_->windowState());
    if (const QByteArray s = settings_->splitterState(); !s.isEmpty())
        splitter_->restoreState(s);
    if (const QByteArray s = settings_->chartSplitterState(); !s.isEmpty())
        perGpu_->splitter()->restoreState(s);
    perGpu_->setUnits(settings_->units());
    controls_->setAdvancedExpanded(settings_->advancedExpanded());
}

void MainWindow::saveLayout() {
    settings_->setWindowGeometry(saveGeometry());
    settings_->setWindowState(saveState());
    settings_->setSplitterState(splitter_->saveState());
    settings_->setChartSplitterState(perGpu_->splitter()->saveState());
    settings_->setUnits(perGpu_->units());
    settings_->setLastPlanPath(doc_->filePath());
    // An untitled plan comes back next time, unless the user just chose to discard it.
    settings_->setLastUntitledPlan(doc_->filePath().isEmpty() && !doc_->isModified()
                                       ? QString::fromStdString(serializePlan(doc_->plan()))
                                       : QString());
    settings_->sync();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    if (settings_)
        saveLayout();
    event->accept();
}

bool MainWindow::offerCrashRecovery() {
    if (!settings_)
        return false;
    const std::optional<Autosave::Orphan> orphan = Autosave::findOrphan();
    if (!orphan)
        return false;
    const QString from = orphan->originalPath.isEmpty()
                             ? tr("an untitled plan")
                             : QDir::toNativeSeparators(orphan->originalPath);
    const bool restore = dialogs_->askRestoreAutosave(
        this, tr("memplan did not close properly last time. Restore the plan it was working "
                 "on (%1), as it was a few seconds before it stopped?")
                  .arg(from));
    bool restored = false;
    if (restore) {
        try {
            doc_->reset(parsePlan(orphan->planJson.toStdString(),
                                  orphan->autosavePath.toStdString(), doc_->presets()),
                        orphan->originalPath);
            doc_->markModified(); // the restored plan is not what the file on disk holds
            restored = true;
            statusBar()->showMessage(tr("Restored the plan from %1").arg(from), 10000);
        } catch (const InputError& e) {
            // Never delete what could not be read (a newer version may read it): move it aside.
            const QString kept = Autosave::keepAside(*orphan);
            reportError(tr("Could not restore"),
                        QString::fromStdString(e.what()) + QStringLiteral("\n\n") +
                            (kept.isEmpty()
                                 ? tr("The autosaved copy was left at %1.")
                                       .arg(QDir::toNativeSeparators(orphan->autosavePath))
                                 : tr("The autosaved copy was kept at %1.")
                                       .arg(QDir::toNativeSeparators(kept))));
            return false;
        }
    }
    Autosave::discard(*orphan);
    return restored;
}

bool MainWindow::showView(const QString& name) {
    for (int i = 0; i < views_->count(); ++i)
        if (views_->widget(i)->objectName() == name) {
            if (auto* lazy = qobject_cast<LazyTab*>(views_->widget(i)))
                lazy->view(); // also when the window is not shown (screenshots)
            views_->setCurrentIndex(i);
            return true;
        }
    return false;
}

} // namespace memplan::gui
