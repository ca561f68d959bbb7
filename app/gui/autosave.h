// Crash safety for the open plan: a copy of the current plan is written to the application's
// data folder a moment after every change (and when a plan is opened), through QSaveFile so a
// kill mid-write never leaves half a file. Each running window owns one file named after its
// process id; a clean exit removes it. A file whose process is gone was left by a crash or a
// kill, and the next start offers to restore it.
#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

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
    // Writes the copy now (also called by the timer). Returns false and sets *error on failure.
    bool saveNow(QString* error = nullptr);
    QString filePath() const { return path_; }

    // The folder the copies live in (QStandardPaths::AppDataLocation/autosave).
    static QString directory();

    // A copy left behind by a process that no longer runs.
    struct Orphan {
        QString autosavePath; // the copy
        QString originalPath; // the file the plan came from ("" = untitled)
        QByteArray planJson;  // the plan as saved
        qint64 pid = 0;
    };
    // The newest orphaned copy, if any (older ones are left for a later start).
    static std::optional<Orphan> findOrphan();
    // Removes an orphan after it was restored or declined.
    static void discard(const Orphan& orphan);

signals:
    void saveFailed(const QString& message);

private:
    PlanDocument* document_;
    QTimer timer_;
    QString path_;
};

} // namespace memplan::gui
