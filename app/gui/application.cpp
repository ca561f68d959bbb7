#include "application.h"

#include "benchmode.h"
#include "charts/minimalchart.h"
#include "document/plandocument.h"
#include "document/settings.h"
#include "export/exportcli.h"
#include "export/screenshot.h"
#include "mainwindow.h"
#include "theme.h"
#include "translations.h"

#include "memplan/errors.h"
#include "memplan/file_io.h"
#include "memplan/plan_json.h"
#include "memplan/presets.h"
#include "memplan/version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QPalette>
#include <QTimer>

#include <cstdio>
#include <cstring>
#include <optional>

#ifndef MEMPLAN_APP_ID
#define MEMPLAN_APP_ID "org.memplan.Memplan"
#endif

namespace memplan::gui {

namespace {

bool hasArgument(int argc, char** argv, const char* name) {
    const std::size_t len = std::strlen(name);
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], name) == 0 ||
            (std::strncmp(argv[i], name, len) == 0 && argv[i][len] == '='))
            return true;
    return false;
}

// True when a window can be shown: a platform was chosen explicitly, or (on X11/Wayland
// systems) a display is named in the environment.
bool displayAvailable() {
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS) && !defined(Q_OS_ANDROID)
    return !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") ||
           !qEnvironmentVariableIsEmpty("DISPLAY") ||
           !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
#else
    return true;
#endif
}

// Headless runs: drop the offscreen platform's chatter that says nothing about the plan.
QtMessageHandler previousHandler = nullptr;
void quietMessageHandler(QtMsgType type, const QMessageLogContext& context,
                         const QString& message) {
    if (message.contains(QLatin1String("propagateSizeHints")) ||
        message.contains(QLatin1String("XDG_RUNTIME_DIR")))
        return;
    if (previousHandler)
        previousHandler(type, context, message);
    else
        std::fprintf(stderr, "%s\n", qPrintable(qFormatLogMessage(type, context, message)));
}

void printError(const QString& message) {
    std::fprintf(stderr, "%s\n", message.toLocal8Bit().constData());
}

} // namespace

int runMemplan(int argc, char** argv) {
    const bool screenshot = hasArgument(argc, argv, "--screenshot");
    const bool benchStartup = hasArgument(argc, argv, "--bench-startup");
    const bool benchMinimal = hasArgument(argc, argv, "--bench-minimal-chart");
    const bool infoOnly = hasArgument(argc, argv, "--help") || hasArgument(argc, argv, "-h") ||
                          hasArgument(argc, argv, "--version") || hasArgument(argc, argv, "-v");
    const bool headless =
        screenshot || benchStartup || benchMinimal || infoOnly || exportRequested(argc, argv);
    if (headless && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (headless)
        previousHandler = qInstallMessageHandler(quietMessageHandler);
    if (!headless && !displayAvailable()) {
        std::fprintf(stderr,
                     "memplan: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
                     "  To render the window to an image without a display:\n"
                     "    memplan --screenshot OUT.png [PLAN.json]\n"
                     "  To evaluate a plan on the command line:\n"
                     "    memplan-cli eval PLAN.json\n"
                     "  Or choose a Qt platform explicitly, e.g. QT_QPA_PLATFORM=offscreen.\n");
        return 1;
    }

    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("memplan"));
    QApplication::setOrganizationDomain(QStringLiteral("memplan.org"));
    QApplication::setApplicationName(QStringLiteral("memplan"));
    QApplication::setApplicationDisplayName(QStringLiteral("memplan"));
    QApplication::setApplicationVersion(QString::fromLatin1(kVersion));
    QGuiApplication::setDesktopFileName(QStringLiteral(MEMPLAN_APP_ID));

    {
        // The language: the user's choice from View > Language, else the system's. Read
        // before any window exists; QSettings needs the names set above.
        const Settings languageSettings;
        installTranslators(app, languageSettings.language());
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate(
        "memplan", "Plans the GPU memory that training and running large language models needs."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QApplication::translate(
            "memplan", "Render the window offscreen for the plan and save it to <file> (PNG)."),
        QStringLiteral("file"));
    parser.addOption(screenshotOption);
    const QCommandLineOption viewOption(
        QStringLiteral("view"),
        QApplication::translate(
            "memplan", "With --screenshot: the view to show (per-gpu, timeline, compare, sweep)."),
        QStringLiteral("name"), QStringLiteral("per-gpu"));
    parser.addOption(viewOption);
    QCommandLineOption darkOption(QStringLiteral("dark-palette"));
    darkOption.setFlags(QCommandLineOption::HiddenFromHelp); // screenshots of the dark theme
    parser.addOption(darkOption);
    QCommandLineOption startupOption(QStringLiteral("bench-startup"));
    startupOption.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(startupOption);
    QCommandLineOption minimalOption(QStringLiteral("bench-minimal-chart"));
    minimalOption.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(minimalOption);
    addExportOptions(parser); // --export-chart, --export-data, --compare, --sweep, --size, --dpi,
                              // --title, --units
    parser.addPositionalArgument(
        QStringLiteral("plan"),
        QApplication::translate("memplan", "Plan file (.memplan.json) to open."),
        QStringLiteral("[PLAN.json]"));
    if (!parser.parse(QApplication::arguments())) {
        printError(QStringLiteral("memplan: %1").arg(parser.errorText()));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();
    if (parser.isSet(darkOption))
        QApplication::setPalette(darkPalette());
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        printError(QStringLiteral("memplan: expected at most one plan file, got %1")
                       .arg(positional.size()));
        return 2;
    }
    const QString planPath = positional.value(0);
    if (positional.size() == 1 && planPath.isEmpty()) {
        printError(QStringLiteral("memplan: the plan file name is empty"));
        return 2;
    }
    if (parser.isSet(screenshotOption) && exportRequested(parser)) {
        printError(QStringLiteral(
            "memplan: --screenshot cannot be combined with --export-chart or --export-data"));
        return 2;
    }
    // An export never overwrites the plan it reads (same file by device and inode).
    for (const char* option : {"export-chart", "export-data"}) {
        const QString out = parser.value(QString::fromLatin1(option));
        if (!planPath.isEmpty() && !out.isEmpty() &&
            sameFile(QFile::encodeName(planPath).toStdString(),
                     QFile::encodeName(out).toStdString())) {
            printError(QStringLiteral("memplan: --%1 %2: is the plan file itself; refusing to "
                                      "overwrite it")
                           .arg(QString::fromLatin1(option), out));
            return 2;
        }
    }

    if (parser.isSet(minimalOption)) {
        QWidget* window = createMinimalChartWindow();
        window->resize(kReferenceWindowSize);
        reportFirstPaintAndQuit(window);
        window->show();
        const int rc = QApplication::exec();
        delete window;
        return rc;
    }

    PresetLibrary presets;
    try {
        presets = PresetLibrary::loadBundled();
    } catch (const InputError& e) {
        printError(QString::fromStdString(e.what()));
        return 2;
    }

    // The plan named on the command line. Headless, a malformed file is an error before
    // anything else; with a window, it is reported there too and the window opens anyway.
    const bool headlessRun =
        parser.isSet(screenshotOption) || parser.isSet(startupOption) || exportRequested(parser);
    std::optional<Plan> plan;
    bool planFailed = false;
    if (!planPath.isEmpty()) {
        try {
            plan = loadPlanFile(planPath.toStdString(), presets);
        } catch (const InputError& e) {
            printError(QString::fromStdString(e.what()));
            if (headlessRun)
                return 2;
            planFailed = true;
        }
    }

    if (exportRequested(parser)) // headless chart / data export, no window
        return runExportCommand(parser, presets, plan);

    if (parser.isSet(screenshotOption) || parser.isSet(startupOption)) {
        // Deterministic: no settings are read or written.
        MainWindow window(presets);
        if (plan)
            window.document()->reset(*plan, QFileInfo(planPath).absoluteFilePath());
        if (parser.isSet(startupOption)) {
            window.resize(kReferenceWindowSize);
            reportFirstPaintAndQuit(&window);
            window.show();
            return QApplication::exec();
        }
        // Command-line names of the views and their objectName in the window.
        const QString view =
            QHash<QString, QString>{{QStringLiteral("per-gpu"), QStringLiteral("perGpu")},
                                    {QStringLiteral("timeline"), QStringLiteral("timeline")},
                                    {QStringLiteral("compare"), QStringLiteral("compareView")},
                                    {QStringLiteral("sweep"), QStringLiteral("sweepView")}}
                .value(parser.value(viewOption));
        if (!window.showView(view)) {
            printError(
                QStringLiteral(
                    "memplan: --view: unknown view \"%1\" (per-gpu, timeline, compare, sweep)")
                    .arg(parser.value(viewOption)));
            return 2;
        }
        const QString error = saveScreenshot(&window, parser.value(screenshotOption));
        if (!error.isEmpty()) {
            printError(error);
            return 2;
        }
        return 0;
    }

    Settings settings;
    MainWindow window(presets, &settings);
    if (plan) {
        window.document()->reset(*plan, QFileInfo(planPath).absoluteFilePath());
        settings.addRecentFile(planPath);
    } else {
        window.restoreLastPlan();
    }
    window.show();
    // A plan left by a session that crashed or was killed comes first.
    QTimer::singleShot(0, &window, [&window] { window.offerCrashRecovery(); });
    if (planFailed) // the error dialog, once the window is up (the current plan stays)
        QTimer::singleShot(0, &window, [&window, planPath] { window.openFile(planPath); });
    return QApplication::exec();
}

} // namespace memplan::gui
