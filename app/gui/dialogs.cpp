#include "dialogs.h"

#include <QCoreApplication>
#include <QFileDialog>
#include <QMessageBox>

namespace memplan::gui {

namespace {

// Every message box shows plain text: messages quote file names, preset names and keys from
// files, and rich text there could forge a verdict or load images.
QMessageBox::StandardButton ask(QWidget* parent, QMessageBox::Icon icon, const QString& title,
                                const QString& text, QMessageBox::StandardButtons buttons,
                                QMessageBox::StandardButton defaultButton) {
    QMessageBox box(icon, title, text, buttons, parent);
    box.setTextFormat(Qt::PlainText);
    box.setDefaultButton(defaultButton);
    box.exec();
    return box.standardButton(box.clickedButton());
}
} // namespace

QString planFileFilter() {
    return Dialogs::tr("memplan plans (*.memplan.json);;JSON files (*.json);;All files (*)");
}

void WidgetDialogs::reportError(QWidget* parent, const QString& title, const QString& message) {
    ask(parent, QMessageBox::Warning, title, message, QMessageBox::Ok, QMessageBox::Ok);
}

Dialogs::SaveChoice WidgetDialogs::askSaveChanges(QWidget* parent, const QString& documentName) {
    const auto answer =
        ask(parent, QMessageBox::Question, Dialogs::tr("Unsaved changes"),
            Dialogs::tr("The plan \"%1\" has unsaved changes. Save them first?").arg(documentName),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    switch (answer) {
    case QMessageBox::Save:
        return SaveChoice::Save;
    case QMessageBox::Discard:
        return SaveChoice::Discard;
    default:
        return SaveChoice::Cancel;
    }
}

QString WidgetDialogs::openFileName(QWidget* parent, const QString& directory) {
    return QFileDialog::getOpenFileName(parent, Dialogs::tr("Open plan"), directory,
                                        planFileFilter());
}

QString WidgetDialogs::saveFileName(QWidget* parent, const QString& suggestedPath) {
    QFileDialog dialog(parent, Dialogs::tr("Save plan as"), suggestedPath, planFileFilter());
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setDefaultSuffix(QStringLiteral("memplan.json"));
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return {};
    return dialog.selectedFiles().constFirst();
}

bool WidgetDialogs::askRestoreAutosave(QWidget* parent, const QString& description) {
    return ask(parent, QMessageBox::Question, QObject::tr("Restore unsaved plan?"), description,
               QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes) == QMessageBox::Yes;
}

void WidgetDialogs::inform(QWidget* parent, const QString& title, const QString& message) {
    ask(parent, QMessageBox::Information, title, message, QMessageBox::Ok, QMessageBox::Ok);
}

} // namespace memplan::gui
