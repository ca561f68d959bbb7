// Everything the window asks the user or tells them in a dialog, behind one interface so
// tests (and the offscreen screenshot) never block on a modal dialog.
#pragma once

#include <QCoreApplication>
#include <QString>

class QWidget;

namespace memplan::gui {

class Dialogs {
    // Dialogs::tr() also words the free functions of its .cpp (one lupdate context).
    Q_DECLARE_TR_FUNCTIONS(memplan::gui::Dialogs)
public:
    enum class SaveChoice { Save, Discard, Cancel };
    virtual ~Dialogs() = default;

    virtual void reportError(QWidget* parent, const QString& title, const QString& message) = 0;
    // "Save changes to NAME?" before unsaved changes would be lost.
    virtual SaveChoice askSaveChanges(QWidget* parent, const QString& documentName) = 0;
    // Empty string = cancelled.
    virtual QString openFileName(QWidget* parent, const QString& directory) = 0;
    virtual QString saveFileName(QWidget* parent, const QString& suggestedPath) = 0;
    // "memplan did not close properly: restore the plan it was working on?"
    virtual bool askRestoreAutosave(QWidget* parent, const QString& description) = 0;
    // An informational message (e.g. a setting that applies from the next start).
    virtual void inform(QWidget* parent, const QString& title, const QString& message) = 0;
};

// QMessageBox / QFileDialog.
class WidgetDialogs final : public Dialogs {
public:
    void reportError(QWidget* parent, const QString& title, const QString& message) override;
    SaveChoice askSaveChanges(QWidget* parent, const QString& documentName) override;
    QString openFileName(QWidget* parent, const QString& directory) override;
    QString saveFileName(QWidget* parent, const QString& suggestedPath) override;
    bool askRestoreAutosave(QWidget* parent, const QString& description) override;
    void inform(QWidget* parent, const QString& title, const QString& message) override;
};

// The file-name filter and suffix of plan files.
QString planFileFilter();
inline constexpr const char* kPlanSuffix = ".memplan.json";

} // namespace memplan::gui
