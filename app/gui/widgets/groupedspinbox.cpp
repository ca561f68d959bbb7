#include "widgets/groupedspinbox.h"

#include <QLocale>

namespace memplan::gui {

GroupedDoubleSpinBox::GroupedDoubleSpinBox(QWidget* parent)
    : QDoubleSpinBox(parent) {
    setGroupSeparatorShown(true);
}

QString GroupedDoubleSpinBox::textFromValue(double value) const {
    QLocale grouped = locale();
    grouped.setNumberOptions(grouped.numberOptions() & ~QLocale::OmitGroupSeparator);
    return grouped.toString(value, 'f', decimals());
}

QString GroupedDoubleSpinBox::withoutSeparators(QString text, int* pos) const {
    const QString group = locale().groupSeparator();
    if (group.isEmpty())
        return text;
    for (qsizetype at = text.indexOf(group); at >= 0; at = text.indexOf(group, at)) {
        text.remove(at, group.size());
        if (pos && *pos > at)
            *pos -= static_cast<int>(std::min<qsizetype>(group.size(), *pos - at));
    }
    return text;
}

QValidator::State GroupedDoubleSpinBox::validate(QString& input, int& pos) const {
    // The field keeps what was typed; the number is checked without its separators.
    int at = pos;
    QString digits = withoutSeparators(input, &at);
    return QDoubleSpinBox::validate(digits, at);
}

double GroupedDoubleSpinBox::valueFromText(const QString& text) const {
    return QDoubleSpinBox::valueFromText(withoutSeparators(text));
}

} // namespace memplan::gui
