#include "unitformat.h"

#include <QCoreApplication>

namespace memplan::gui {

QString formatSize(double bytes, UnitSystem units, int decimals) {
    return QString::fromStdString(formatGiga(bytes, units, decimals));
}

QString formatSizeBoth(double bytes, int decimals) {
    return QStringLiteral("%1 (%2)").arg(formatSize(bytes, UnitSystem::Binary, decimals),
                                         formatSize(bytes, UnitSystem::Decimal, decimals));
}

QString unitName(UnitSystem units) {
    return units == UnitSystem::Binary ? QStringLiteral("GiB") : QStringLiteral("GB");
}

QString unitDescription(UnitSystem units) {
    return units == UnitSystem::Binary
               ? QCoreApplication::translate("memplan::gui", "GiB (2^30 bytes)")
               : QCoreApplication::translate("memplan::gui", "GB (10^9 bytes)");
}

double unitScale(UnitSystem units) {
    return units == UnitSystem::Binary ? kGiB : kGB;
}

} // namespace memplan::gui
