// Headless export from the command line (no display needed):
//   memplan --export-chart OUT.{png,svg,pdf} [--compare RECIPE,RECIPE,...] [--sweep VARIABLE]
//           [--size WxH] [--dpi N] [--title T] [--export-data OUT.{csv,md,json}] PLAN.json
// The window's argument handling adds these options and hands over to runExportCommand().
#pragma once

#include "memplan/plan.h"
#include "memplan/presets.h"
#include "memplan/units.h"

#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

QT_BEGIN_NAMESPACE
class QCommandLineParser;
QT_END_NAMESPACE

namespace memplan::gui {

struct ExportRequest {
    QString chartPath;   // --export-chart (png, svg, pdf)
    QString dataPath;    // --export-data (csv, md, json)
    QStringList compare; // --compare items: recipes, or KEY=VALUE[+KEY=VALUE...]
    QString sweep;       // --sweep VARIABLE[:FROM:TO]
    QSize size{1600, 1000};
    int dpi = 96;
    std::optional<QString> title; // --title; unset = a title from the plan
    UnitSystem units = UnitSystem::Binary;
};

// True when argv asks for a headless export (before QApplication exists: the platform must
// be chosen first).
bool exportRequested(int argc, char** argv);
// Adds --export-chart, --export-data, --compare, --sweep, --size, --dpi, --title, --units.
void addExportOptions(QCommandLineParser& parser);
bool exportRequested(const QCommandLineParser& parser);
// The request the options describe; nothing (and *error set) when an option is malformed.
std::optional<ExportRequest> exportRequestFromParser(const QCommandLineParser& parser,
                                                     QString* error);

// Writes what the request asks for. Returns "" on success, else one line naming the file or
// option at fault; a failed export leaves no half-written file.
QString runExport(const ExportRequest& request, const Plan& plan, const PresetLibrary& presets);

// The whole command: parses the options, runs the export, prints errors on stderr.
// Returns the exit status (0 success, 2 bad input or unwritable output).
int runExportCommand(const QCommandLineParser& parser, const PresetLibrary& presets,
                     const std::optional<Plan>& plan);

} // namespace memplan::gui
