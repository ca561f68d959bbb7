// A slider linked to an editor (spin box, text field or combo box). The slider's positions
// index a ladder of values; the editor may hold any value in range (the slider then sits at
// the nearest position). setValue() is programmatic and never emits valueEdited().
#pragma once

#include "controls/ladders.h"

#include <QStringList>
#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QSlider;
class QSpinBox;

namespace memplan::gui {

class SliderField : public QWidget {
    Q_OBJECT
public:
    enum class Editor { SpinBox, Text, Choice };

    SliderField(Editor editor, Ladder ladder, QWidget* parent = nullptr);

    // SpinBox: bounds of typed values (may lie between ladder steps) and a unit suffix.
    void setSpinRange(int minimum, int maximum, const QString& suffix);
    // SpinBox: also accept "32k" (times `kilo`, e.g. 1024 tokens); 0 turns it off.
    void setSpinKilo(int kilo);
    // Text: how a value is shown and read back; parse returns nullopt for invalid text.
    using Parser = std::function<std::optional<double>(const QString&)>;
    using Formatter = std::function<QString(double)>;
    void setTextFormat(Formatter format, Parser parse, double minimum, double maximum);
    // Choice: one item per ladder index (the ladder is 0..n-1).
    void setChoices(const QStringList& labels);
    // Page Up / Page Down step in slider positions.
    void setPageStep(int positions);
    void setAccessibleLabel(const QString& label);

    double value() const { return value_; }
    const Ladder& ladder() const { return ladder_; }
    void setValue(double value); // emits valueChanged only on a real change

    QSlider* slider() const { return slider_; }
    QWidget* editor() const;
    QLineEdit* lineEdit() const { return line_; }
    QSpinBox* spinBox() const { return spin_; }
    QComboBox* comboBox() const { return combo_; }
    // Why the typed text was not taken ("abc" is not a number...); empty when it was.
    QString problem() const { return problem_; }

signals:
    void valueChanged(double value);
    void valueEdited(double value); // the user moved the slider or committed the editor
    // One gesture ended (slider released or left, a typed value committed): edits after it are
    // a new undo step.
    void editGroupEnded();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void userSet(double value);
    void apply(double value, bool clampToRange);
    void syncWidgets();
    void commitText();
    void setProblem(const QString& problem);

    Editor kind_;
    Ladder ladder_;
    double value_ = 0;
    double min_ = 0, max_ = 0;
    bool syncing_ = false;
    Formatter format_;
    double lineValue_ = -1; // the value lineText_ shows
    QString lineText_;
    Parser parse_;
    QSlider* slider_ = nullptr;
    QSpinBox* spin_ = nullptr;
    QLineEdit* line_ = nullptr;
    QComboBox* combo_ = nullptr;
    QLabel* problemLabel_ = nullptr;
    QString problem_;
};

} // namespace memplan::gui
