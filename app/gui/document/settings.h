// Typed settings: every key, its type and its default live in settings.cpp, nowhere else.
// Setters write and emit only on a real change.
#pragma once

#include "memplan/units.h"

#include <QByteArray>
#include <QObject>
#include <QStringList>

class QSettings;

namespace memplan::gui {

class Settings : public QObject {
    Q_OBJECT
public:
    // The application's settings (organisation / application name of the QApplication).
    explicit Settings(QObject* parent = nullptr);
    // An INI file of its own (tests).
    Settings(const QString& iniFile, QObject* parent);
    ~Settings() override;

    static constexpr int kMaxRecentFiles = 8;

    UnitSystem units() const;
    void setUnits(UnitSystem units);

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray& geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray& state);
    QByteArray splitterState() const;
    void setSplitterState(const QByteArray& state);
    QByteArray chartSplitterState() const;
    void setChartSplitterState(const QByteArray& state);

    bool advancedExpanded() const;
    void setAdvancedExpanded(bool expanded);

    // View > Lock chart y-axis: the charts' value axes keep their range.
    bool chartAxisLocked() const;
    void setChartAxisLocked(bool locked);

    // The plan open when the window last closed ("" = an untitled plan).
    QString lastPlanPath() const;
    void setLastPlanPath(const QString& path);
    // An untitled plan's JSON at the last close, so it comes back on the next start.
    // "" = follow the system; "en", "zh_CN".
    QString language() const;
    void setLanguage(const QString& code);

    // View > Theme: "system" (follow the desktop), "light" or "dark".
    QString theme() const;
    void setTheme(const QString& theme);

    // The folder of the last export ("" = none yet: the home folder).
    QString exportFolder() const;
    void setExportFolder(const QString& folder);

    QString lastUntitledPlan() const;
    void setLastUntitledPlan(const QString& json);

    // Most recent first, at most kMaxRecentFiles, no duplicates.
    QStringList recentFiles() const;
    void addRecentFile(const QString& path);
    void removeRecentFile(const QString& path);
    void clearRecentFiles();

    void sync();

signals:
    void unitsChanged(memplan::UnitSystem units);
    void advancedExpandedChanged(bool expanded);
    void recentFilesChanged();

private:
    void setRecentFiles(const QStringList& files);
    QSettings* settings_;
};

} // namespace memplan::gui
