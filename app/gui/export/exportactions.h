// File > Export chart… / Export data… / Copy chart: exports whatever chart the window shows
// (the Compare tab's columns, the Sweep tab's lines, or else the current plan's single chart),
// with a title and the plan's assumptions, through ChartExporter and the data exporters.
#pragma once

#include "export/exportchart.h"
#include "export/exportdata.h"

#include "memplan/units.h"

#include <QObject>

#include <memory>

class QAction;
class QMainWindow;
class QMenu;
class QTabWidget;
class QWidget;

namespace memplan::gui {

class CompareView;
class LazyTab;
class MainWindow;
class PlanDocument;
class Settings;
class SweepView;

// Adds the "Compare" and "Sweep" tabs to the window (sharing their columns), the File menu's
// Export Chart… / Export Data… / Copy Chart ahead of Quit, and keeps their units with the
// Per GPU view's. Returns the controller (a child of the window).
class ExportController;
ExportController* addCompareSweepAndExport(MainWindow* window);

class ExportController : public QObject {
    Q_OBJECT
public:
    enum class Kind { Single, Compare, Sweep };

    // `compare` and `sweep` are the tabs holding those views (built on first show or use).
    ExportController(QMainWindow* window, PlanDocument* document, QTabWidget* views,
                     LazyTab* compare, LazyTab* sweep);
    ~ExportController() override;

    QAction* exportChartAction() const { return exportChart_; }
    QAction* exportDataAction() const { return exportData_; }
    QAction* copyChartAction() const { return copyChart_; }
    // Puts the three actions (and a separator) into `menu`, ahead of `before`.
    void addToMenu(QMenu* menu, QAction* before);
    // The same, into the menu that holds `before` (File, for Quit).
    void addToMenuOf(QAction* before);

    // Where the export dialogs start: the folder of the last export, kept in the settings
    // (without settings, the last folder of this session; at first the home folder).
    void setSettings(Settings* settings) { settings_ = settings; }
    QString exportFolder() const;

    UnitSystem units() const { return units_; }
    // Also the units of the Compare and Sweep views (once built; they start with these).
    void setUnits(UnitSystem units);

    // What is exported: the current tab's chart.
    Kind currentKind() const;
    // Default title, notes and footer for the current chart, at `size` and `dpi`.
    ChartExportOptions defaultOptions(QSize size = {1600, 1000}, int dpi = 96) const;

    // Without dialogs (tests and the menu actions once a name is chosen); "" on success.
    QString exportChartTo(const QString& path, const ChartExportOptions& options);
    QString exportDataTo(const QString& path);
    void copyChart(const ChartExportOptions& options);

private:
    // The chart widget to paint: the tab's own, or an offscreen single-plan chart.
    QWidget* chartWidget();
    // The views, built now if they were not yet.
    CompareView* compare() const;
    SweepView* sweep() const;
    QString suggestedPath(const QString& last, const QString& fallbackName) const;
    void rememberFolder(const QString& path);
    void exportChartInteractive();
    void exportDataInteractive();
    void report(const QString& error, const QString& done);

    QMainWindow* window_;
    PlanDocument* doc_;
    QTabWidget* views_;
    LazyTab* compareTab_;
    LazyTab* sweepTab_;
    std::unique_ptr<QWidget> single_;
    QAction* exportChart_;
    QAction* exportData_;
    QAction* copyChart_;
    UnitSystem units_ = UnitSystem::Binary;
    Settings* settings_ = nullptr;
    // Remembered between exports in this session (file names; the folder is in the settings).
    QString lastChartPath_;
    QString lastDataPath_;
    QString lastFolder_; // without settings
    QSize lastSize_{1600, 1000};
    int lastDpi_ = 96;
};

} // namespace memplan::gui
