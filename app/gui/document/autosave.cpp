#include "document/autosave.h"

#include "document/atomicwrite.h"
#include "document/plandocument.h"

#include "memplan/errors.h"
#include "memplan/file_io.h"
#include "memplan/plan_json.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QStandardPaths>

#include <optional>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/types.h>
#include <unistd.h>

namespace memplan::gui {

namespace {
// Each copy is a small JSON envelope: who owns it, where the plan came from, and the plan.
constexpr auto kPrefix = "autosave-";
constexpr auto kSuffix = ".memplan-autosave.json";
constexpr auto kLockSuffix = ".memplan-autosave.lock";
constexpr auto kKeptSuffix = ".memplan-autosave-kept.json";

QString lockPathFor(const QString& autosavePath) {
    QString p = autosavePath;
    p.chop(static_cast<qsizetype>(std::strlen(kSuffix)));
    return p + QLatin1String(kLockSuffix);
}

// The identity of a process beyond its PID: PIDs are reused, across reboots above all.
QString bootId() {
    QFile f(QStringLiteral("/proc/sys/kernel/random/boot_id"));
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll().trimmed()) : QString();
}

// Start time of a process in clock ticks since boot (field 22 of /proc/PID/stat), or -1.
qint64 startTime(qint64 pid) {
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = f.readAll();
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return -1;
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    // fields[0] is field 3 (state), so field 22 is fields[19].
    bool ok = false;
    const qint64 ticks = fields.size() > 19 ? fields[19].toLongLong(&ok) : -1;
    return ok ? ticks : -1;
}

bool processAlive(qint64 pid) {
    // Signal 0 checks for existence without sending anything.
    return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
}

// True when the envelope's owner still runs: same boot, same PID, same start time. Envelopes
// without boot id and start time (older versions) fall back to the PID alone.
bool ownerAlive(const QJsonObject& envelope) {
    const qint64 pid = envelope.value(QStringLiteral("pid")).toInteger();
    const QString boot = envelope.value(QStringLiteral("boot_id")).toString();
    if (!boot.isEmpty() && boot != bootId())
        return false; // written before a reboot
    if (!processAlive(pid))
        return false;
    const QJsonValue started = envelope.value(QStringLiteral("start_time"));
    return started.isUndefined() || started.toInteger() == startTime(pid);
}

// Takes an exclusive lock on `lockPath` (created if missing) without waiting; nullptr when
// another process holds it.
std::shared_ptr<int> tryLock(const QString& lockPath) {
    const int fd = ::open(QFile::encodeName(lockPath).constData(),
                          O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return nullptr;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return nullptr;
    }
    return std::shared_ptr<int>(new int(fd), [](int* p) {
        ::close(*p);
        delete p;
    });
}
} // namespace

Autosave::Autosave(PlanDocument* document, QObject* parent)
    : QObject(parent)
    , document_(document) {
    // PID, start time and a random tag: unique even when a PID comes back after a reboot.
    const qint64 pid = QCoreApplication::applicationPid();
    path_ = QDir(directory())
                .filePath(QStringLiteral("%1%2-%3-%4%5")
                              .arg(QLatin1String(kPrefix))
                              .arg(pid)
                              .arg(startTime(pid))
                              .arg(QRandomGenerator::global()->generate() % 0x10000, 4, 16,
                                   QLatin1Char('0'))
                              .arg(QLatin1String(kSuffix)));
    timer_.setSingleShot(true);
    timer_.setInterval(kDefaultDelayMs);
    connect(&timer_, &QTimer::timeout, this, [this] {
        QString error;
        if (!saveNow(&error))
            emit saveFailed(error);
    });
    connect(document_, &PlanDocument::planChanged, &timer_, qOverload<>(&QTimer::start));
    connect(document_, &PlanDocument::filePathChanged, &timer_, qOverload<>(&QTimer::start));
    timer_.start(); // mirror the plan the window starts with, too
}

Autosave::~Autosave() {
    QFile::remove(path_);
    if (lock_)
        QFile::remove(lockPathFor(path_));
}

QString Autosave::directory() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("autosave"));
}

bool Autosave::saveNow(QString* error) {
    timer_.stop();
    if (!QDir().mkpath(directory())) {
        if (error)
            *error = tr("%1: cannot create the autosave folder").arg(directory());
        return false;
    }
    if (!lock_)
        lock_ = tryLock(lockPathFor(path_)); // before the first copy exists
    const qint64 pid = QCoreApplication::applicationPid();
    QJsonObject envelope;
    envelope.insert(QStringLiteral("pid"), pid);
    envelope.insert(QStringLiteral("boot_id"), bootId());
    envelope.insert(QStringLiteral("start_time"), startTime(pid));
    envelope.insert(QStringLiteral("original_path"), document_->filePath());
    envelope.insert(QStringLiteral("saved_at"),
                    QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    envelope.insert(QStringLiteral("plan"),
                    QString::fromStdString(serializePlan(document_->plan())));
    const QString problem = writeAtomically(path_, QJsonDocument(envelope).toJson());
    if (!problem.isEmpty()) {
        if (error)
            *error = tr("%1: autosave failed: %2").arg(path_, problem);
        return false;
    }
    return true;
}

std::optional<Autosave::Orphan> Autosave::findOrphan() {
    const QDir dir(directory());
    const QFileInfoList files =
        dir.entryInfoList({QLatin1String(kPrefix) + QLatin1Char('*') + QLatin1String(kSuffix)},
                          QDir::Files, QDir::Time);
    for (const QFileInfo& info : files) { // newest first
        if (!info.isFile())
            continue; // a link to a device or a FIFO: never read, never deleted
        // Claim it first: a live owner, or another window restoring it, holds the lock.
        std::shared_ptr<int> claim = tryLock(lockPathFor(info.filePath()));
        if (!claim)
            continue;
        std::string text;
        try {
            text = readInputFile(QFile::encodeName(info.filePath()).toStdString());
        } catch (const InputError&) {
            continue; // gone meanwhile, or not a regular file (never followed, never deleted)
        }
        const QJsonObject envelope =
            QJsonDocument::fromJson(QByteArray::fromStdString(text)).object();
        if (ownerAlive(envelope))
            continue;
        Orphan o;
        o.autosavePath = info.filePath();
        o.originalPath = envelope.value(QStringLiteral("original_path")).toString();
        o.planJson = envelope.value(QStringLiteral("plan")).toString().toUtf8();
        o.pid = envelope.value(QStringLiteral("pid")).toInteger();
        o.claim = std::move(claim);
        if (o.planJson.isEmpty() && text.empty()) {
            discard(o); // an empty file holds nothing to restore
            continue;
        }
        if (o.planJson.isEmpty())
            o.planJson = QByteArray::fromStdString(text); // let the restore report what is wrong
        return o;
    }
    return std::nullopt;
}

void Autosave::discard(const Orphan& orphan) {
    QFile::remove(orphan.autosavePath);
    QFile::remove(lockPathFor(orphan.autosavePath));
}

QString Autosave::keepAside(const Orphan& orphan) {
    QString kept = orphan.autosavePath;
    kept.chop(static_cast<qsizetype>(std::strlen(kSuffix)));
    kept += QLatin1String(kKeptSuffix);
    if (::rename(QFile::encodeName(orphan.autosavePath).constData(),
                 QFile::encodeName(kept).constData()) != 0)
        return {};
    QFile::remove(lockPathFor(orphan.autosavePath));
    return kept;
}

} // namespace memplan::gui
