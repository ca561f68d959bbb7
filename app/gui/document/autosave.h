// Crash safety for the open plan: a copy of the current plan is written to the application's
// data folder a moment after every change (and when a plan is opened), through the core's
// atomic writer so a kill or a full disk never leaves half a file. Each running window owns
// one copy and holds an exclusive lock (flock) on a lock file beside it for as long as it
// lives; the kernel drops the lock when the process dies, however it dies. A copy whose lock
// can be taken was left by a crash or a kill: the next start claims it (by taking the lock,
// so two windows never restore the same copy) and offers to restore it. The envelope also
// names the owner by PID, boot id and process start time, which decides for copies that have
// no lock file (written before locks existed).
#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>
#include <optional>

namespace memplan::gui {

class PlanDocument;

class Autosave : public QObject {
    Q_OBJECT
public:
    // Delay after a change before the copy is written.
    static constexpr int kDefaultDelayMs = 2000;

    explicit Autosave(PlanDocument* document, QObject* parent = nullptr);
    ~Autosave() override; // a clean shutdown removes this process's file

    void setDelay(int milliseconds) { timer_.setInterval(milliseconds); }
    // Writes the copy now (also called by the timer). Returns false and sets *error on failure;
    // the previous copy is then unchanged.
    bool saveNow(QString* error = nullptr);
    QString filePath() const { return path_; }

    // The folder the copies live in (QStandardPaths::AppDataLocation/autosave).
    static QString directory();

    // A copy left behind by a process that no longer runs, claimed by this process until the
    // Orphan (and every copy of it) is destroyed.
    struct Orphan {
        QString autosavePath; // the copy
        QString originalPath; // the file the plan came from ("" = untitled)
        QByteArray planJson;  // the plan as saved
        qint64 pid = 0;
        std::shared_ptr<int> claim; // the lock on the copy's lock file
    };
    // The newest unclaimed orphaned copy, if any (older ones are left for a later start).
    static std::optional<Orphan> findOrphan();
    // Removes an orphan after it was restored or declined.
    static void discard(const Orphan& orphan);
    // Moves an orphan that could not be restored out of the way (it is never offered again and
    // never deleted). Returns the new path, or "" when it could not be moved.
    static QString keepAside(const Orphan& orphan);

signals:
    void saveFailed(const QString& message);

private:
    PlanDocument* document_;
    QTimer timer_;
    QString path_;
    std::shared_ptr<int> lock_; // held while this window lives
};

} // namespace memplan::gui
