#include "export/screenshot.h"

#include "document/atomicwrite.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFileInfo>
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
    // Encoded in memory, then written atomically: a failed write or two runs to the same path
    // never leave a mixed or half-written file.
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    // The format follows the file name (PNG unless another supported suffix is given).
    QByteArray format = QFileInfo(path).suffix().toLower().toLatin1();
    if (!QImageWriter::supportedImageFormats().contains(format))
        format = "png";
    QImageWriter writer(&buffer, format);
    QString problem;
    if (!writer.write(pixmap.toImage()))
        problem = writer.errorString();
    else
        problem = writeAtomically(path, buffer.data());
    if (!problem.isEmpty())
        return QCoreApplication::translate("memplan::gui", "%1: could not write the screenshot: %2")
            .arg(path, problem);
    return {};
}

} // namespace memplan::gui
