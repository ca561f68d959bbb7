#include "unitformat.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>
#include <cmath>

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

namespace {
constexpr int kMaxAxisPower = 3; // EiB (EB), formatSize's largest unit
}

int axisPower(double topBytes, UnitSystem units) {
    int power = 0;
    while (power < kMaxAxisPower && topBytes >= axisScale(power + 1, units))
        ++power;
    return power;
}

double axisScale(int power, UnitSystem units) {
    const double step = units == UnitSystem::Binary ? 1024.0 : 1000.0;
    return unitScale(units) * std::pow(step, std::clamp(power, 0, kMaxAxisPower));
}

QString axisUnitDescription(int power, UnitSystem units) {
    const bool binary = units == UnitSystem::Binary;
    switch (std::clamp(power, 0, kMaxAxisPower)) {
    case 0:
        return unitDescription(units);
    case 1:
        return binary ? QCoreApplication::translate("memplan::gui", "TiB (2^40 bytes)")
                      : QCoreApplication::translate("memplan::gui", "TB (10^12 bytes)");
    case 2:
        return binary ? QCoreApplication::translate("memplan::gui", "PiB (2^50 bytes)")
                      : QCoreApplication::translate("memplan::gui", "PB (10^15 bytes)");
    default:
        return binary ? QCoreApplication::translate("memplan::gui", "EiB (2^60 bytes)")
                      : QCoreApplication::translate("memplan::gui", "EB (10^18 bytes)");
    }
}

QString formatReadable(double value, int significant) {
    if (!std::isfinite(value))
        return QStringLiteral("n/a");
    if (value == 0.0)
        return QStringLiteral("0");
    const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(value))));
    const int decimals = std::clamp(significant - 1 - magnitude, 0, 6);
    QLocale locale;
    locale.setNumberOptions(locale.numberOptions() & ~QLocale::OmitGroupSeparator);
    QString text = locale.toString(value, 'f', decimals);
    if (decimals > 0) { // "0.250" -> "0.25", "64.0" -> "64"
        while (text.endsWith(QLatin1Char('0')))
            text.chop(1);
        if (text.endsWith(locale.decimalPoint()))
            text.chop(locale.decimalPoint().size());
    }
    return text;
}

} // namespace memplan::gui
