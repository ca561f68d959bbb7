// memplan-bench: how fast the window answers a slider, how fast it starts, how much memory
// it holds. Offscreen at 1280x800. Prints one line containing "ratio" followed by the
// slider-step / bare-repaint ratio (target <= 1.25, slider-step p99 <= 16 ms) and the
// start-up / minimal-chart factor (target <= 1.5).
#include "benchmode.h"
#include "charts/memorychartview.h"
#include "controls/controlpanel.h"
#include "controls/primarycontrols.h"
#include "controls/sliderfield.h"
#include "document/plandocument.h"
#include "export/exportbench.h"
#include "export/screenshot.h"
#include "mainwindow.h"
#include "views/pergpuview.h"

#include "memplan/errors.h"
#include "memplan/presets.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QPixmap>
#include <QProcess>
#include <QSlider>

#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

using namespace memplan;
using namespace memplan::gui;

namespace {

struct Stats {
    double median = 0, p99 = 0, mean = 0;
};

Stats stats(std::vector<double> v) {
    Stats s;
    if (v.empty())
        return s;
    std::sort(v.begin(), v.end());
    s.median = v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
    const auto idx = static_cast<std::size_t>(std::ceil(0.99 * static_cast<double>(v.size()))) - 1;
    s.p99 = v[std::min(idx, v.size() - 1)];
    double sum = 0;
    for (double x : v)
        sum += x;
    s.mean = sum / static_cast<double>(v.size());
    return s;
}

double ms(long long ns) {
    return static_cast<double>(ns) / 1e6;
}

QString findMemplan(const QString& given) {
    QStringList candidates;
    if (!given.isEmpty())
        candidates << given;
    const QString dir = QCoreApplication::applicationDirPath();
    candidates << dir + QStringLiteral("/memplan") << dir + QStringLiteral("/../gui/memplan");
#ifdef MEMPLAN_EXECUTABLE
    candidates << QStringLiteral(MEMPLAN_EXECUTABLE);
#endif
    for (const QString& c : candidates)
        if (QFileInfo(c).isExecutable() && !QFileInfo(c).isDir())
            return QFileInfo(c).absoluteFilePath();
    return {};
}

struct ChildResult {
    double firstPaintMs = -1;
    long long vmhwmKiB = -1;
};

ChildResult launch(const QString& program, const QString& option) {
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process.setProcessChannelMode(QProcess::SeparateChannels);
    const long long t0 = monotonicNs();
    env.insert(QString::fromLatin1(kBenchT0Env), QString::number(t0));
    process.setProcessEnvironment(env);
    process.start(program, {option});
    ChildResult r;
    if (!process.waitForFinished(60000) || process.exitCode() != 0)
        return r;
    const QString out = QString::fromLocal8Bit(process.readAllStandardOutput());
    for (const QString& field :
         out.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)) {
        if (field.startsWith(QLatin1String("first_paint_ms=")))
            r.firstPaintMs = field.mid(15).toDouble();
        else if (field.startsWith(QLatin1String("vmhwm_kib=")))
            r.vmhwmKiB = field.mid(10).toLongLong();
    }
    return r;
}

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("memplan-bench"));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Speed figures of the memplan window (offscreen, 1280x800)."));
    parser.addHelpOption();
    const QCommandLineOption stepsOption(QStringLiteral("steps"),
                                         QStringLiteral("Slider steps to time (default 1000)."),
                                         QStringLiteral("n"), QStringLiteral("1000"));
    const QCommandLineOption launchesOption(
        QStringLiteral("launches"), QStringLiteral("Start-up launches of each kind (default 9)."),
        QStringLiteral("n"), QStringLiteral("9"));
    const QCommandLineOption memplanOption(QStringLiteral("memplan"),
                                           QStringLiteral("Path of the memplan program."),
                                           QStringLiteral("path"));
    const QCommandLineOption skipStartupOption(
        QStringLiteral("skip-startup"), QStringLiteral("Only the slider figures (for profiling)."));
    parser.addOptions({stepsOption, launchesOption, memplanOption, skipStartupOption});
    parser.process(app);
    const int steps = std::max(10, parser.value(stepsOption).toInt());
    const int launches = std::max(1, parser.value(launchesOption).toInt());

    PresetLibrary presets;
    try {
        presets = PresetLibrary::loadBundled();
    } catch (const InputError& e) {
        std::fprintf(stderr, "memplan-bench: %s\n", e.what());
        return 2;
    }

#ifdef NDEBUG
    const char* build = "release";
#else
    const char* build = "debug (assertions on; use a Release build for reference figures)";
#endif
    std::printf("memplan-bench: Qt %s, platform %s, window %dx%d, %s build\n", qVersion(),
                qPrintable(QGuiApplication::platformName()), kReferenceWindowSize.width(),
                kReferenceWindowSize.height(), build);

    // --- Slider step vs bare repaint ------------------------------------------------------
    MainWindow window(presets);
    window.resize(kReferenceWindowSize);
    window.show();
    for (int i = 0; i < 10; ++i)
        QCoreApplication::processEvents();

    PrimaryControls* primary = window.controls()->primary();
    const std::vector<QSlider*> sliders = {
        primary->params()->slider(), primary->precision()->slider(),
        primary->microBatch()->slider(), primary->seqLen()->slider(), primary->gpus()->slider()};
    // The chart widget is rendered synchronously with grab(): that paints the chart alone,
    // where repaint() would also flush every other dirty widget of the window.
    MemoryChartView* chart = window.perGpuView()->chart();
    auto repaintChart = [chart] {
        return chart->grab();
    };

    std::vector<double> step, bare, windowStep, windowBare, modelWork;
    const int warmup = 50;
    for (int i = 0; i < warmup + steps; ++i) {
        // Each slider in turn, one step up then back down, so the plan stays realistic.
        QSlider* slider = sliders[static_cast<std::size_t>(i) % sliders.size()];
        const bool up = (i / static_cast<int>(sliders.size())) % 2 == 0;
        const auto action =
            up ? QAbstractSlider::SliderSingleStepAdd : QAbstractSlider::SliderSingleStepSub;

        long long t0 = monotonicNs();
        slider->triggerAction(action); // -> document edit -> evaluation -> model -> chart
        const long long tMid = monotonicNs();
        const QPixmap stepped = repaintChart(); // synchronous repaint of the chart
        const long long tStep = monotonicNs() - t0;
        if (i >= warmup)
            modelWork.push_back(ms(tMid - t0));
        QCoreApplication::processEvents(); // let the rest of the window catch up (untimed)

        t0 = monotonicNs();
        const QPixmap floor = repaintChart(); // the floor: the same chart, no model work
        const long long tBare = monotonicNs() - t0;
        QCoreApplication::processEvents();

        if (i >= warmup) {
            step.push_back(ms(tStep));
            bare.push_back(ms(tBare));
        }
    }
    // The same with the whole window repainted (verdict, table, controls too), for context.
    for (int i = 0; i < warmup + steps / 4; ++i) {
        QSlider* slider = sliders[static_cast<std::size_t>(i) % sliders.size()];
        const bool up = (i / static_cast<int>(sliders.size())) % 2 == 0;
        long long t0 = monotonicNs();
        slider->triggerAction(up ? QAbstractSlider::SliderSingleStepAdd
                                 : QAbstractSlider::SliderSingleStepSub);
        window.repaint();
        const long long tStep = monotonicNs() - t0;
        QCoreApplication::processEvents();
        t0 = monotonicNs();
        window.repaint();
        const long long tBare = monotonicNs() - t0;
        QCoreApplication::processEvents();
        if (i >= warmup) {
            windowStep.push_back(ms(tStep));
            windowBare.push_back(ms(tBare));
        }
    }
    const Stats s = stats(step), b = stats(bare), ws = stats(windowStep), wb = stats(windowBare);
    const double ratio = b.median > 0 ? s.median / b.median : 0;
    std::printf("slider step -> evaluate -> chart repaint: median %.3f ms, p99 %.3f ms (%zu steps "
                "over the 5 primary sliders)\n",
                s.median, s.p99, step.size());
    std::printf(
        "  of which slider -> document -> evaluation -> widgets and chart values: median %.3f ms\n",
        stats(modelWork).median);
    std::printf("bare chart repaint (floor):               median %.3f ms, p99 %.3f ms\n", b.median,
                b.p99);
    std::printf("slider-step / bare-repaint ratio %.3f (target <= 1.25); slider-step p99 %.3f ms "
                "(target <= 16 ms)\n",
                ratio, s.p99);
    std::printf("whole window: slider step + repaint median %.3f ms (p99 %.3f ms), bare repaint "
                "median %.3f ms\n",
                ws.median, ws.p99, wb.median);

    // --- Start-up to first paint ----------------------------------------------------------
    const QString memplan =
        parser.isSet(skipStartupOption) ? QString() : findMemplan(parser.value(memplanOption));
    if (parser.isSet(skipStartupOption)) {
        std::printf("start-up: skipped\n");
    } else if (memplan.isEmpty()) {
        std::printf("start-up: memplan executable not found (use --memplan PATH)\n");
    } else {
        std::vector<double> startup, minimal;
        long long appHwm = -1;
        launch(memplan, QStringLiteral("--bench-minimal-chart")); // warm the file cache
        launch(memplan, QStringLiteral("--bench-startup"));
        for (int i = 0; i < launches; ++i) {
            const ChildResult a = launch(memplan, QStringLiteral("--bench-startup"));
            const ChildResult m = launch(memplan, QStringLiteral("--bench-minimal-chart"));
            if (a.firstPaintMs >= 0)
                startup.push_back(a.firstPaintMs);
            if (m.firstPaintMs >= 0)
                minimal.push_back(m.firstPaintMs);
            appHwm = std::max(appHwm, a.vmhwmKiB);
        }
        const Stats sa = stats(startup), sm = stats(minimal);
        std::printf(
            "start to first paint: memplan median %.1f ms, minimal Qt Charts window median %.1f ms "
            "(%zu launches each)\n",
            sa.median, sm.median, startup.size());
        std::printf("start-up / minimal-chart factor %.3f (target <= 1.5)\n",
                    sm.median > 0 ? sa.median / sm.median : 0.0);
        std::printf("peak resident memory (VmHWM): memplan at first paint %.1f MiB\n",
                    static_cast<double>(appHwm) / 1024.0);
    }
    std::printf("peak resident memory (VmHWM): this process after %d slider steps %.1f MiB\n",
                static_cast<int>(step.size() + windowStep.size()),
                static_cast<double>(peakResidentKiB()) / 1024.0);
    runExportBench(presets);
    return 0;
}
