// The window's languages: English (the source) and Simplified Chinese, the languages of the
// seed articles. The language follows the system unless the user picks one (View > Language);
// the choice applies from the next start.
#pragma once

#include <QString>
#include <QStringList>

class QCoreApplication;

namespace memplan::gui {

// Language codes offered in the menu: "" (follow the system), "en", "zh_CN".
QStringList availableLanguages();
// Display name of a language code, in that language ("简体中文").
QString languageDisplayName(const QString& code);
// Installs memplan's and Qt's own translators for `code` ("" = the system's locale).
// Returns the language actually used ("en" when no translation matches).
QString installTranslators(QCoreApplication& app, const QString& code);

} // namespace memplan::gui
