#include "controls/sliderfield.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPalette>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QValidator>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace memplan::gui {

namespace {
// A spin box that writes its numbers as people read them ("131,072 tokens", whatever the
// locale's default for separators) and also reads "32k" as 32 x kilo (sequence lengths:
// "32k" = 32,768 tokens). Typed separators are taken (QSpinBox drops them when parsing).
class KiloSpinBox : public QSpinBox {
public:
    using QSpinBox::QSpinBox;
    int kilo = 0; // 0: plain numbers only

protected:
    QString textFromValue(int value) const override {
        QLocale grouped = locale();
        grouped.setNumberOptions(grouped.numberOptions() & ~QLocale::OmitGroupSeparator);
        return grouped.toString(value);
    }
    QValidator::State validate(QString& input, int& pos) const override {
        if (const auto v = kiloValue(input))
            return *v >= minimum() && *v <= maximum() ? QValidator::Acceptable
                                                      : QValidator::Intermediate;
        QString digits = withoutSeparators(input); // the field keeps what was typed
        int at = std::min(pos, static_cast<int>(digits.size()));
        return QSpinBox::validate(digits, at);
    }
    int valueFromText(const QString& text) const override {
        if (const auto v = kiloValue(text))
            return static_cast<int>(*v);
        return QSpinBox::valueFromText(withoutSeparators(text));
    }

private:
    QString withoutSeparators(QString text) const { return text.remove(locale().groupSeparator()); }
    std::optional<double> kiloValue(QString text) const {
        if (kilo <= 0)
            return std::nullopt;
        text = text.trimmed();
        if (const QString unit = suffix().trimmed(); !unit.isEmpty() && text.endsWith(unit))
            text = text.chopped(unit.size()).trimmed();
        if (!text.endsWith(QLatin1Char('k'), Qt::CaseInsensitive))
            return std::nullopt;
        text = text.chopped(1).trimmed();
        bool ok = false;
        double n = locale().toDouble(text, &ok);
        if (!ok)
            n = text.toDouble(&ok);
        if (!ok || !(n > 0) || n * kilo > std::numeric_limits<int>::max())
            return std::nullopt;
        return std::round(n * kilo);
    }
};
} // namespace

SliderField::SliderField(Editor editor, Ladder ladder, QWidget* parent)
    : QWidget(parent)
    , kind_(editor)
    , ladder_(std::move(ladder)) {
    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    auto* layout = new QHBoxLayout;
    column->addLayout(layout);
    problemLabel_ = new QLabel(this);
    problemLabel_->setWordWrap(true);
    problemLabel_->setTextFormat(Qt::PlainText); // quotes what the user typed
    problemLabel_->setVisible(false);
    column->addWidget(problemLabel_);
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
        spin_ = new KiloSpinBox(this);
        spin_->setKeyboardTracking(false); // commit on Enter / focus out, not per keystroke
        spin_->setAccelerated(true);
        layout->addWidget(spin_, 0);
        connect(spin_, &QSpinBox::valueChanged, this, [this](int v) {
            if (!syncing_)
                userSet(v);
        });
        connect(spin_, &QSpinBox::editingFinished, this, &SliderField::editGroupEnded);
        break;
    case Editor::Text:
        line_ = new QLineEdit(this);
        layout->addWidget(line_, 0);
        connect(line_, &QLineEdit::editingFinished, this, &SliderField::commitText);
        connect(line_, &QLineEdit::textEdited, this, [this] { setProblem(QString()); });
        break;
    case Editor::Choice:
        combo_ = new QComboBox(this);
        layout->addWidget(combo_, 0);
        connect(combo_, &QComboBox::currentIndexChanged, this, [this](int i) {
            if (!syncing_ && i >= 0)
                userSet(i);
        });
        combo_->installEventFilter(this);
        break;
    }
    slider_->installEventFilter(this); // a drag or a run of keys ends on release / focus out
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

void SliderField::setSpinKilo(int kilo) {
    if (auto* spin = dynamic_cast<KiloSpinBox*>(spin_))
        spin->kilo = kilo;
}

void SliderField::setTextFormat(Formatter format, Parser parse, double minimum, double maximum) {
    // No validator: text that is not a value is committed too, and answered with the reason
    // (a validator would leave it on screen, silently not taken).
    format_ = std::move(format);
    parse_ = std::move(parse);
    min_ = minimum;
    max_ = maximum;
    syncWidgets();
}

bool SliderField::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::FocusOut ||
        (watched == slider_ && event->type() == QEvent::MouseButtonRelease))
        emit editGroupEnded();
    return QWidget::eventFilter(watched, event);
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
            setProblem(QString());
        }
    }
    if (combo_ && combo_->currentIndex() != static_cast<int>(value_))
        combo_->setCurrentIndex(static_cast<int>(value_));
    syncing_ = false;
}

void SliderField::commitText() {
    if (!line_ || !parse_)
        return;
    // Only typing commits: tabbing through the field, or leaving it after an Undo changed
    // what it shows, writes nothing (formatting rounds: "6.74B" is not 6,738,415,616).
    if (!line_->isModified())
        return;
    const QString text = line_->text().trimmed();
    auto v = parse_(text);
    if (!v) { // a plain number the parser refuses (a negative count) is out of range, not "not a
              // number"
        bool ok = false;
        if (const double plain = text.toDouble(&ok); ok && std::isfinite(plain))
            v = plain;
    }
    if (!v) {
        setProblem(tr("\u201c%1\u201d is not a number.").arg(text));
        return;
    }
    if (!(*v >= min_)) {
        setProblem(tr("\u201c%1\u201d is below the smallest value, %2.").arg(text, format_(min_)));
        return;
    }
    if (!(*v <= max_)) {
        setProblem(tr("\u201c%1\u201d is above the largest value, %2.").arg(text, format_(max_)));
        return;
    }
    setProblem(QString());
    // Typing back what the field showed means the value it shows, not a rounded one.
    if (const auto shown = parse_(lineText_); !(shown && *shown == *v))
        userSet(*v);
    line_->setText(format_(value_)); // the committed value, formatted; typing history ends
    lineValue_ = value_;
    lineText_ = line_->text();
    emit editGroupEnded();
}

void SliderField::setProblem(const QString& problem) {
    if (problem == problem_)
        return;
    problem_ = problem;
    problemLabel_->setText(problem);
    problemLabel_->setVisible(!problem.isEmpty());
    if (!line_)
        return;
    // The field itself marked too (tinted, and its accessible description says why).
    QPalette pal = line_->parentWidget()->palette();
    if (!problem.isEmpty()) {
        const QColor base = pal.color(QPalette::Base);
        const QColor red(0xd1, 0x24, 0x2f);
        pal.setColor(QPalette::Base, QColor::fromRgbF(base.redF() * 0.75f + red.redF() * 0.25f,
                                                      base.greenF() * 0.75f + red.greenF() * 0.25f,
                                                      base.blueF() * 0.75f + red.blueF() * 0.25f));
    }
    line_->setPalette(pal);
    line_->setAccessibleDescription(problem);
    QPalette labelPal = problemLabel_->palette();
    labelPal.setColor(QPalette::WindowText, QColor(0xd1, 0x24, 0x2f));
    problemLabel_->setPalette(labelPal);
}

} // namespace memplan::gui
