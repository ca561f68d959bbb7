// Offscreen rendering of the window (`memplan --screenshot OUT.png [PLAN.json]`).
#pragma once

#include <QSize>
#include <QString>

class QWidget;

namespace memplan::gui {

// The window size screenshots and benchmarks use.
inline constexpr QSize kReferenceWindowSize{1280, 800};

// Lays the window out at `size`, shows it, lets it settle and saves a grab to `path` (the
// format follows the suffix). Returns an error message, or an empty string on success.
QString saveScreenshot(QWidget* window, const QString& path, QSize size = kReferenceWindowSize);

} // namespace memplan::gui
