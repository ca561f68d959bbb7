// One line of text that can change on every slider step without re-laying out the window:
// setText() only repaints (a QLabel would ask its layout for a new geometry each time).
// Too long for its width, the text is elided and the whole of it shown as the tooltip.
#pragma once

#include <QWidget>

namespace memplan::gui {

// `text` as a tooltip that always shows it as plain text (file names, preset names, keys).
QString plainToolTip(const QString& text);

class TextLine : public QWidget {
    Q_OBJECT
public:
    explicit TextLine(QWidget* parent = nullptr);

    QString text() const { return text_; }
    void setText(const QString& text); // repaints only on a real change
    // Tooltip shown instead of the elided text's; empty = the whole text when it is elided.
    void setDetails(const QString& details);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    QString details() const { return details_; }

protected:
    bool event(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    QString text_;
    QString details_;
};

} // namespace memplan::gui
