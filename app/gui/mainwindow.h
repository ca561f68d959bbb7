// The window: controls on the left, views (tabs) on the right, File / Edit / View menus.
// Views are widgets taking the PlanDocument*; adding one is a single addView() line.
#pragma once

#include "memplan/presets.h"

#include <QMainWindow>

#include <memory>

class QAction;
class QMenu;
class QSplitter;
class QTabWidget;

namespace memplan::gui {

class ControlPanel;
class Dialogs;
class Autosave;
class PerGpuView;
class PlanDocument;
class Settings;
class UserGuideWindow;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // settings may be null (screenshots, benchmarks): nothing is read or written then.
    // dialogs may be null: QMessageBox / QFileDialog are used.
    MainWindow(const PresetLibrary& presets, Settings* settings = nullptr,
               Dialogs* dialogs = nullptr, QWidget* parent = nullptr);
    ~MainWindow() override;

    PlanDocument* document() const { return doc_; }
    Settings* settings() const { return settings_; } // may be null
    ControlPanel* controls() const { return controls_; }
    PerGpuView* perGpuView() const { return perGpu_; }
    QTabWidget* views() const { return views_; }
    QSplitter* splitter() const { return splitter_; }

    // Adds a view as a tab beside "Per GPU".
    void addView(QWidget* view, const QString& title);

    // File operations without dialogs (the menu actions ask for names first). Errors are
    // reported through Dialogs and leave the current plan untouched; return success.
    bool openFile(const QString& path);
    bool saveFile(const QString& path);

    // Restores the plan of the last session (last file, or the last untitled plan).
    void restoreLastPlan();
    // Offers the plan a crashed or killed session left in the autosave folder; returns true
    // when one was restored. Needs the window to have been created with settings.
    bool offerCrashRecovery();
    // Shows the view whose objectName is `name` ("perGpu", "timeline", "compare", "sweep").
    bool showView(const QString& name);

    // Asks to save unsaved changes; false when the user cancels.
    bool maybeSave();

    QAction* action(const char* name) const; // "new", "open", "save", "saveAs", "undo", ...

protected:
    void closeEvent(QCloseEvent* event) override;
    // A plan file or a Hugging Face config.json dropped on the window opens as File > Open.
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createMenus();
    void showUserGuide(); // Help > User guide
    void newPlan();
    void open();
    void openFromHub();
    bool save();
    bool saveAs();
    void updateTitle();
    void updateRecentMenu();
    void restoreLayout();
    QSize defaultSize() const;
    void saveLayout();
    QString documentName() const;
    void reportError(const QString& title, const QString& message);

    Settings* settings_;
    UserGuideWindow* userGuide_ = nullptr; // built on first use
    std::unique_ptr<Dialogs> ownDialogs_;
    Dialogs* dialogs_;
    PlanDocument* doc_;
    ControlPanel* controls_;
    QTabWidget* views_;
    PerGpuView* perGpu_;
    QSplitter* splitter_;
    QMenu* recentMenu_ = nullptr;
    Autosave* autosave_ = nullptr;
};

} // namespace memplan::gui
