#include "controls/textline.h"

#include <QEvent>
#include <QHelpEvent>
#include <QPainter>
#include <QStyle>
#include <QStyleOption>
#include <QToolTip>

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
    update(); // measured only when painted (or asked for a tooltip), never here
}

QSize TextLine::sizeHint() const {
    // A fixed hint: the text's length never changes the layout.
    const QMargins m = contentsMargins();
    return {fontMetrics().averageCharWidth() * 40 + m.left() + m.right(),
            fontMetrics().height() + 4 + m.top() + m.bottom()};
}

QSize TextLine::minimumSizeHint() const {
    const QMargins m = contentsMargins();
    return {fontMetrics().averageCharWidth() * 8,
            fontMetrics().height() + 4 + m.top() + m.bottom()};
}

void TextLine::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const QString shown = fontMetrics().elidedText(text_, Qt::ElideRight, contentsRect().width());
    style()->drawItemText(&painter, contentsRect(), Qt::AlignLeft | Qt::AlignVCenter, palette(),
                          isEnabled(), shown, foregroundRole());
}

void TextLine::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        updateGeometry();
}

void TextLine::setDetails(const QString& details) {
    details_ = details;
}

QString plainToolTip(const QString& text) {
    return QStringLiteral("<p style=\"white-space:pre-wrap\">%1</p>").arg(text.toHtmlEscaped());
}

bool TextLine::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        // The details, or the whole text when it does not fit.
        const bool elided = fontMetrics().horizontalAdvance(text_) > contentsRect().width();
        const QString tip = !details_.isEmpty() ? details_ : elided ? text_ : QString();
        if (tip.isEmpty()) {
            QToolTip::hideText();
            event->ignore();
        } else {
            // Plain text: the line may quote names from files. A tooltip guesses rich text
            // from the content, so the text goes in escaped, inside an explicit rich-text frame.
            QToolTip::showText(static_cast<QHelpEvent*>(event)->globalPos(), plainToolTip(tip),
                               this);
        }
        return true;
    }
    return QWidget::event(event);
}

} // namespace memplan::gui
