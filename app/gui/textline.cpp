#include "textline.h"

#include <QEvent>
#include <QPainter>
#include <QStyle>
#include <QStyleOption>

namespace memplan::gui {

TextLine::TextLine(QWidget* parent)
    : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAttribute(Qt::WA_OpaquePaintEvent, false);
}

void TextLine::setText(const QString& text) {
    if (text == text_)
        return;
    text_ = text;
    updateToolTip();
    update();
}

QSize TextLine::sizeHint() const {
    // A fixed hint: the text's length never changes the layout.
    return {fontMetrics().averageCharWidth() * 40, fontMetrics().height() + 2};
}

QSize TextLine::minimumSizeHint() const { return {fontMetrics().averageCharWidth() * 8, fontMetrics().height() + 2}; }

void TextLine::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const QString shown = fontMetrics().elidedText(text_, Qt::ElideRight, width());
    style()->drawItemText(&painter, rect(), Qt::AlignLeft | Qt::AlignVCenter, palette(), isEnabled(), shown,
                          QPalette::WindowText);
}

void TextLine::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    updateToolTip();
}

void TextLine::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        updateGeometry();
}

void TextLine::updateToolTip() {
    const bool elided = fontMetrics().horizontalAdvance(text_) > width();
    const QString tip = elided ? text_ : QString();
    if (toolTip() != tip)
        setToolTip(tip);
}

} // namespace memplan::gui
