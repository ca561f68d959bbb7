// The window's outputs (plans, autosaves, exports, screenshots) all go through the core's one
// atomic writer (memplan/file_io.h), so they share its rules.
#pragma once

#include <QByteArray>
#include <QString>

namespace memplan::gui {

// Replaces `path` with `bytes`. Returns "" on success, else why it failed in words
// ("No space left on device", "is read-only; not replacing it"); the old file is unchanged.
QString writeAtomically(const QString& path, const QByteArray& bytes);

} // namespace memplan::gui
