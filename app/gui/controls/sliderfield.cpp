#include "controls/sliderfield.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QValidator>

#include <algorithm>
#include <cmath>
#include <limits>

namespace memplan::gui {

namespace {
// Accepts what the parser accepts within bounds; anything else is still being typed.
class ParserValidator : public QValidator {
public:
    ParserValidator(SliderField::Parser parse, double minimum, double maximum, QObject* parent)
        : QValidator(parent)
        , parse_(std::move(parse))
        , min_(minimum)
        , max_(maximum) {}
    State validate(QString& input, int&) const override {
        const auto v = parse_(input);
        return v && *v >= min_ && *v <= max_ ? Acceptable : Intermediate;
    }

private:
    SliderField::Parser parse_;
    double min_, max_;
};
} // namespace

SliderField::SliderField(Editor editor, Ladder ladder, QWidget* parent)
    : QWidget(parent)
    , kind_(editor)
    , ladder_(std::move(ladder)) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    slider_ = new QSlider(Qt::Horizontal, this);
    slider_->setRange(0, std::max(0, static_cast<int>(ladder_.size()) - 1));
    slider_->setSingleStep(1);
    slider_->setPageStep(std::max(1, static_cast<int>(ladder_.size()) / 8));
    slider_->setFocusPolicy(Qt::StrongFocus);
    slider_->setTickPosition(QSlider::NoTicks);
    layout->addWidget(slider_, 1);
    min_ = ladder_.empty() ? 0 : ladder_.front();
    max_ = ladder_.empty() ? 0 : ladder_.back();
    value_ = min_;

    switch (kind_) {
    case Editor::SpinBox:
        spin_ = new QSpinBox(this);
        spin_->setKeyboardTracking(false); // commit on Enter / focus out, not per keystroke
        spin_->setAccelerated(true);
        layout->addWidget(spin_, 0);
        connect(spin_, &QSpinBox::valueChanged, this, [this](int v) {
            if (!syncing_)
                userSet(v);
        });
        break;
    case Editor::Text:
        line_ = new QLineEdit(this);
        layout->addWidget(line_, 0);
        connect(line_, &QLineEdit::editingFinished, this, &SliderField::commitText);
        break;
    case Editor::Choice:
        combo_ = new QComboBox(this);
        layout->addWidget(combo_, 0);
        connect(combo_, &QComboBox::currentIndexChanged, this, [this](int i) {
            if (!syncing_ && i >= 0)
                userSet(i);
        });
        break;
    }
    connect(slider_, &QSlider::valueChanged, this, [this](int pos) {
        if (syncing_ || ladder_.empty())
            return;
        userSet(ladder_[static_cast<std::size_t>(
            std::clamp<int>(pos, 0, static_cast<int>(ladder_.size()) - 1))]);
    });
    syncWidgets();
}

void SliderField::setSpinRange(int minimum, int maximum, const QString& suffix) {
    if (!spin_)
        return;
    const QSignalBlocker block(spin_);
    spin_->setRange(minimum, maximum);
    spin_->setSuffix(suffix);
    min_ = minimum;
    max_ = maximum;
    syncWidgets();
}

void SliderField::setTextFormat(Formatter format, Parser parse, double minimum, double maximum) {
    format_ = std::move(format);
    parse_ = std::move(parse);
    min_ = minimum;
    max_ = maximum;
    if (line_)
        line_->setValidator(new ParserValidator(parse_, minimum, maximum, line_));
    syncWidgets();
}

void SliderField::setChoices(const QStringList& labels) {
    if (!combo_)
        return;
    const QSignalBlocker block(combo_);
    combo_->clear();
    combo_->addItems(labels);
    syncWidgets();
}

void SliderField::setPageStep(int positions) {
    slider_->setPageStep(std::max(1, positions));
}

void SliderField::setAccessibleLabel(const QString& label) {
    slider_->setAccessibleName(label);
    editor()->setAccessibleName(label);
}

QWidget* SliderField::editor() const {
    if (spin_)
        return spin_;
    if (line_)
        return line_;
    return combo_;
}

void SliderField::setValue(double value) {
    // The plan's real value, even beyond the editor's range (a plan file may hold
    // micro_batch 100000): the field shows it and the slider sits at its nearest step.
    apply(value, false);
}

void SliderField::userSet(double value) {
    const double before = value_;
    apply(value, true);
    if (value_ != before)
        emit valueEdited(value_);
}

void SliderField::apply(double value, bool clampToRange) {
    if (!std::isfinite(value))
        return;
    if (clampToRange)
        value = std::clamp(value, min_, max_);
    if (value == value_) {
        syncWidgets(); // the editor may show a rejected edit; put the value back
        return;
    }
    value_ = value;
    syncWidgets();
    emit valueChanged(value_);
}

void SliderField::syncWidgets() {
    syncing_ = true;
    if (const int position = nearestIndex(ladder_, value_); slider_->value() != position)
        slider_->setValue(position);
    if (spin_) {
        // Widen the spin box's range just enough to show a value from outside it.
        constexpr double kIntMax = std::numeric_limits<int>::max();
        const double shown = std::clamp(std::round(value_), -kIntMax, kIntMax);
        spin_->setRange(static_cast<int>(std::min(min_, shown)),
                        static_cast<int>(std::max(max_, shown)));
        if (spin_->value() != static_cast<int>(shown))
            spin_->setValue(static_cast<int>(shown));
    }
    if (line_ && format_) {
        // Formatting costs more than comparing: redo it only for a new value, or when the
        // field holds something else (a rejected edit).
        if (value_ != lineValue_ || line_->text() != lineText_) {
            lineValue_ = value_;
            lineText_ = format_(value_);
            if (line_->text() != lineText_)
                line_->setText(lineText_);
        }
    }
    if (combo_ && combo_->currentIndex() != static_cast<int>(value_))
        combo_->setCurrentIndex(static_cast<int>(value_));
    syncing_ = false;
}

void SliderField::commitText() {
    if (!line_ || !parse_)
        return;
    if (const auto v = parse_(line_->text()); v && *v >= min_ && *v <= max_)
        userSet(*v);
    else
        syncWidgets();
}

} // namespace memplan::gui
