#include "document/settings.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QVariant>

namespace memplan::gui {

namespace {
// The one table of keys and defaults.
struct Key {
    const char* name;
    QVariant (*fallback)();
};
namespace key {
const Key units{"view/units", [] {
                    return QVariant(QStringLiteral("GiB"));
                }};
const Key windowGeometry{"window/geometry", [] {
                             return QVariant(QByteArray());
                         }};
const Key windowState{"window/state", [] {
                          return QVariant(QByteArray());
                      }};
const Key splitter{"window/splitter", [] {
                       return QVariant(QByteArray());
                   }};
const Key chartSplitter{"window/chartSplitter", [] {
                            return QVariant(QByteArray());
                        }};
const Key advancedExpanded{"controls/advancedExpanded", [] {
                               return QVariant(false);
                           }};
const Key chartAxisLocked{"view/chartAxisLocked", [] {
                              return QVariant(false);
                          }};
const Key lastPlanPath{"document/lastPlanPath", [] {
                           return QVariant(QString());
                       }};
const Key lastUntitledPlan{"document/lastUntitledPlan", [] {
                               return QVariant(QString());
                           }};
const Key language{"view/language", [] {
                       return QVariant(QString());
                   }};
// "system", "light" or "dark" (View > Theme).
const Key theme{"view/theme", [] {
                    return QVariant(QStringLiteral("system"));
                }};
// The folder the last export went to (File > Export Chart / Export Data start there).
const Key exportFolder{"export/lastFolder", [] {
                           return QVariant(QString());
                       }};
const Key recentFiles{"document/recentFiles", [] {
                          return QVariant(QStringList());
                      }};
} // namespace key

QVariant read(const QSettings* s, const Key& k) {
    return s->value(QLatin1String(k.name), k.fallback());
}

// Writes and returns true only when the stored value changes.
bool write(QSettings* s, const Key& k, const QVariant& v) {
    if (read(s, k) == v)
        return false;
    s->setValue(QLatin1String(k.name), v);
    return true;
}
} // namespace

Settings::Settings(QObject* parent)
    : QObject(parent)
    , settings_(new QSettings(this)) {}

Settings::Settings(const QString& iniFile, QObject* parent)
    : QObject(parent)
    , settings_(new QSettings(iniFile, QSettings::IniFormat, this)) {}

Settings::~Settings() {
    settings_->sync();
}

UnitSystem Settings::units() const {
    return read(settings_, key::units).toString() == QLatin1String("GB") ? UnitSystem::Decimal
                                                                         : UnitSystem::Binary;
}

void Settings::setUnits(UnitSystem units) {
    const QString v = units == UnitSystem::Decimal ? QStringLiteral("GB") : QStringLiteral("GiB");
    if (write(settings_, key::units, v))
        emit unitsChanged(units);
}

QByteArray Settings::windowGeometry() const {
    return read(settings_, key::windowGeometry).toByteArray();
}
void Settings::setWindowGeometry(const QByteArray& g) {
    write(settings_, key::windowGeometry, g);
}
QByteArray Settings::windowState() const {
    return read(settings_, key::windowState).toByteArray();
}
void Settings::setWindowState(const QByteArray& s) {
    write(settings_, key::windowState, s);
}
QByteArray Settings::splitterState() const {
    return read(settings_, key::splitter).toByteArray();
}
void Settings::setSplitterState(const QByteArray& s) {
    write(settings_, key::splitter, s);
}
QByteArray Settings::chartSplitterState() const {
    return read(settings_, key::chartSplitter).toByteArray();
}
void Settings::setChartSplitterState(const QByteArray& s) {
    write(settings_, key::chartSplitter, s);
}

bool Settings::advancedExpanded() const {
    return read(settings_, key::advancedExpanded).toBool();
}
void Settings::setAdvancedExpanded(bool expanded) {
    if (write(settings_, key::advancedExpanded, expanded))
        emit advancedExpandedChanged(expanded);
}

bool Settings::chartAxisLocked() const {
    return read(settings_, key::chartAxisLocked).toBool();
}
void Settings::setChartAxisLocked(bool locked) {
    write(settings_, key::chartAxisLocked, locked);
}

QString Settings::lastPlanPath() const {
    return read(settings_, key::lastPlanPath).toString();
}
void Settings::setLastPlanPath(const QString& path) {
    write(settings_, key::lastPlanPath, path);
}
QString Settings::language() const {
    return read(settings_, key::language).toString();
}
void Settings::setLanguage(const QString& code) {
    write(settings_, key::language, code);
}

QString Settings::theme() const {
    return read(settings_, key::theme).toString();
}
void Settings::setTheme(const QString& theme) {
    write(settings_, key::theme, theme);
}

QString Settings::exportFolder() const {
    return read(settings_, key::exportFolder).toString();
}
void Settings::setExportFolder(const QString& folder) {
    write(settings_, key::exportFolder, folder);
}

QString Settings::lastUntitledPlan() const {
    return read(settings_, key::lastUntitledPlan).toString();
}
void Settings::setLastUntitledPlan(const QString& json) {
    write(settings_, key::lastUntitledPlan, json);
}

QStringList Settings::recentFiles() const {
    return read(settings_, key::recentFiles).toStringList();
}

void Settings::setRecentFiles(const QStringList& files) {
    if (write(settings_, key::recentFiles, files))
        emit recentFilesChanged();
}

void Settings::addRecentFile(const QString& path) {
    const QString abs = QFileInfo(path).absoluteFilePath();
    QStringList files = recentFiles();
    files.removeAll(abs);
    files.prepend(abs);
    while (files.size() > kMaxRecentFiles)
        files.removeLast();
    setRecentFiles(files);
}

void Settings::removeRecentFile(const QString& path) {
    QStringList files = recentFiles();
    files.removeAll(QFileInfo(path).absoluteFilePath());
    files.removeAll(path);
    setRecentFiles(files);
}

void Settings::clearRecentFiles() {
    setRecentFiles({});
}

void Settings::sync() {
    settings_->sync();
}

} // namespace memplan::gui
