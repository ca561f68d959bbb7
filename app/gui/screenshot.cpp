#include "screenshot.h"

#include <QCoreApplication>
#include <QImageWriter>
#include <QPixmap>
#include <QWidget>

namespace memplan::gui {

QString saveScreenshot(QWidget* window, const QString& path, QSize size) {
    window->resize(size);
    window->show();
    // Let layouts, the chart's scene and deferred updates settle before grabbing.
    for (int i = 0; i < 10; ++i)
        QCoreApplication::processEvents();
    const QPixmap pixmap = window->grab();
    QImageWriter writer(path);
    if (!writer.write(pixmap.toImage()))
        return QCoreApplication::translate("memplan::gui", "%1: could not write the screenshot: %2")
            .arg(path, writer.errorString());
    return {};
}

} // namespace memplan::gui
