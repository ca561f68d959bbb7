// GroupedDoubleSpinBox: a QDoubleSpinBox that writes its numbers as people read them
// ("131,072", whatever the locale's default for separators) and takes typed group separators
// ("1,024"), as the window's integer spin boxes do (QDoubleSpinBox drops a typed separator
// only where the locale would have put it, and refuses "1,00,000").
#pragma once

#include <QDoubleSpinBox>

namespace memplan::gui {

class GroupedDoubleSpinBox : public QDoubleSpinBox {
    Q_OBJECT
public:
    explicit GroupedDoubleSpinBox(QWidget* parent = nullptr);

protected:
    QString textFromValue(double value) const override;
    QValidator::State validate(QString& input, int& pos) const override;
    double valueFromText(const QString& text) const override;

private:
    // The text with the locale's group separators removed; *pos follows the cursor.
    QString withoutSeparators(QString text, int* pos = nullptr) const;
};

} // namespace memplan::gui
