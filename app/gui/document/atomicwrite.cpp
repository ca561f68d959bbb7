#include "document/atomicwrite.h"

#include "memplan/errors.h"
#include "memplan/file_io.h"

#include <QFile>

namespace memplan::gui {

QString writeAtomically(const QString& path, const QByteArray& bytes) {
    try {
        writeFileAtomic(
            QFile::encodeName(path).toStdString(),
            std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
        return {};
    } catch (const OutputError& e) {
        return QString::fromStdString(e.problem());
    }
}

} // namespace memplan::gui
