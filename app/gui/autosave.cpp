#include "autosave.h"

#include "plandocument.h"

#include "memplan/plan_json.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

#include <optional>

#include <cerrno>
#include <csignal>
#include <sys/types.h>

namespace memplan::gui {

namespace {
// Each copy is a small JSON envelope: where the plan came from, and the plan itself.
constexpr auto kPrefix = "autosave-";
constexpr auto kSuffix = ".memplan-autosave.json";

bool processAlive(qint64 pid) {
    // Signal 0 checks for existence without sending anything.
    return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
}
} // namespace

Autosave::Autosave(PlanDocument* document, QObject* parent)
    : QObject(parent)
    , document_(document) {
    path_ = QDir(directory())
                .filePath(QStringLiteral("%1%2%3")
                              .arg(QLatin1String(kPrefix))
                              .arg(QCoreApplication::applicationPid())
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
    QJsonObject envelope;
    envelope.insert(QStringLiteral("pid"), QCoreApplication::applicationPid());
    envelope.insert(QStringLiteral("original_path"), document_->filePath());
    envelope.insert(QStringLiteral("saved_at"),
                    QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    envelope.insert(QStringLiteral("plan"),
                    QString::fromStdString(serializePlan(document_->plan())));
    QSaveFile file(path_);
    const QByteArray bytes = QJsonDocument(envelope).toJson();
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = tr("%1: autosave failed: %2").arg(path_, file.errorString());
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
        QFile f(info.filePath());
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject envelope = QJsonDocument::fromJson(f.readAll()).object();
        const qint64 pid = envelope.value(QStringLiteral("pid")).toInteger();
        if (pid == QCoreApplication::applicationPid() || processAlive(pid))
            continue;
        const QString plan = envelope.value(QStringLiteral("plan")).toString();
        if (plan.isEmpty()) {
            QFile::remove(info.filePath()); // unreadable leftovers are of no use to anyone
            continue;
        }
        Orphan o;
        o.autosavePath = info.filePath();
        o.originalPath = envelope.value(QStringLiteral("original_path")).toString();
        o.planJson = plan.toUtf8();
        o.pid = pid;
        return o;
    }
    return std::nullopt;
}

void Autosave::discard(const Orphan& orphan) {
    QFile::remove(orphan.autosavePath);
}

} // namespace memplan::gui
