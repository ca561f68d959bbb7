// One line of text that can change on every slider step without re-laying out the window:
// setText() only repaints (a QLabel would ask its layout for a new geometry each time).
// Too long for its width, the text is elided and the whole of it shown as the tooltip.
#pragma once

#include <QWidget>

namespace memplan::gui {

class TextLine : public QWidget {
    Q_OBJECT
public:
    explicit TextLine(QWidget* parent = nullptr);

    QString text() const { return text_; }
    void setText(const QString& text); // repaints only on a real change

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void updateToolTip();
    QString text_;
};

} // namespace memplan::gui
