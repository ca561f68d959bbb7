#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace memplan::gui {

QStringList availableLanguages() {
    return {QString(), QStringLiteral("en"), QStringLiteral("zh_CN")};
}

QString languageDisplayName(const QString& code) {
    if (code.isEmpty())
        return QCoreApplication::translate("memplan::gui::Language", "System default");
    if (code == QLatin1String("zh_CN"))
        return QStringLiteral("简体中文");
    return QStringLiteral("English");
}

QString installTranslators(QCoreApplication& app, const QString& code) {
    const QLocale locale = code.isEmpty() ? QLocale::system() : QLocale(code);
    if (locale.language() != QLocale::Chinese)
        return QStringLiteral("en"); // English is the source language: nothing to install
    // memplan's own strings, compiled into the program (qt_add_translations).
    auto* own = new QTranslator(&app);
    if (own->load(QLocale(QLocale::Chinese, QLocale::China), QStringLiteral("memplan"),
                  QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(own);
    // Qt's own dialogs and buttons, from Debian's qt6-translations-l10n.
    auto* qt = new QTranslator(&app);
    if (qt->load(QLocale(QLocale::Chinese, QLocale::China), QStringLiteral("qtbase"),
                 QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    QLocale::setDefault(QLocale(QLocale::Chinese, QLocale::China));
    return QStringLiteral("zh_CN");
}

} // namespace memplan::gui
