#include "benchmode.h"

#include <QCoreApplication>
#include <QEvent>
#include <QFile>
#include <QTimer>
#include <QWidget>

#include <cstdio>
#include <ctime>
#include <unistd.h>

namespace memplan::gui {

long long monotonicNs() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<long long>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

long long peakResidentKiB() {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

namespace {
// Process start on CLOCK_MONOTONIC from /proc/self/stat (clock-tick resolution).
long long processStartNs() {
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    const QList<QByteArray> fields = text.mid(close + 2).split(' ');
    // Field 22 (starttime) is the 20th after the command name.
    if (fields.size() < 20)
        return -1;
    const long long ticks = fields[19].toLongLong();
    timespec boot{};
    clock_gettime(CLOCK_BOOTTIME, &boot);
    const long long bootNs = static_cast<long long>(boot.tv_sec) * 1000000000LL + boot.tv_nsec;
    const long long startSinceBoot = ticks * 1000000000LL / sysconf(_SC_CLK_TCK);
    return monotonicNs() - (bootNs - startSinceBoot);
}

// Watches every widget's paint events (installed on the application): the first one that
// belongs to the window starts the report, which runs once that paint pass has finished.
class FirstPaintReporter : public QObject {
public:
    FirstPaintReporter(QWidget* window)
        : QObject(window)
        , window_(window) {}
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::Paint && !seen_ && watched->isWidgetType() &&
            static_cast<QWidget*>(watched)->window() == window_) {
            seen_ = true;
            // Runs once this paint (and its children's) has finished.
            QTimer::singleShot(0, this, [] {
                const long long now = monotonicNs();
                bool ok = false;
                long long t0 = qgetenv(kBenchT0Env).toLongLong(&ok);
                if (!ok)
                    t0 = processStartNs();
                std::printf("first_paint_ms=%.3f vmhwm_kib=%lld\n",
                            static_cast<double>(now - t0) / 1e6, peakResidentKiB());
                std::fflush(stdout);
                QCoreApplication::exit(0);
            });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QWidget* window_;
    bool seen_ = false;
};
} // namespace

void reportFirstPaintAndQuit(QWidget* window) {
    QCoreApplication::instance()->installEventFilter(new FirstPaintReporter(window));
}

} // namespace memplan::gui
