#include "controls/fieldguard.h"

#include <QAbstractScrollArea>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QEvent>
#include <QKeyEvent>
#include <QLineEdit>
#include <QWheelEvent>
#include <QWidget>

namespace memplan::gui {

namespace {

// The line edit that holds a field's typing: the field itself, or the one inside a spin box.
QLineEdit* typingOf(QObject* field) {
    if (auto* line = qobject_cast<QLineEdit*>(field))
        return line;
    if (auto* spin = qobject_cast<QAbstractSpinBox*>(field))
        return spin->findChild<QLineEdit*>();
    return nullptr;
}

bool takesWheel(QObject* o) {
    return qobject_cast<QAbstractSpinBox*>(o) || qobject_cast<QComboBox*>(o) ||
           qobject_cast<QAbstractSlider*>(o);
}

// Hands the wheel to the scroll area around the field (sent, not left to propagate: Qt stops
// a synthesized wheel event at the widget it was sent to).
void scrollPanel(QWidget* field, QWheelEvent* wheel) {
    QAbstractScrollArea* area = nullptr;
    for (QWidget* w = field->parentWidget(); w && !area; w = w->parentWidget())
        area = qobject_cast<QAbstractScrollArea*>(w);
    if (!area) {
        wheel->ignore();
        return;
    }
    QWidget* viewport = area->viewport();
    QWheelEvent copy(viewport->mapFromGlobal(wheel->globalPosition()), wheel->globalPosition(),
                     wheel->pixelDelta(), wheel->angleDelta(), wheel->buttons(), wheel->modifiers(),
                     wheel->phase(), wheel->inverted(), wheel->source());
    QCoreApplication::sendEvent(viewport, &copy);
    wheel->accept();
}

class FieldGuard : public QObject {
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        switch (event->type()) {
        case QEvent::Wheel:
            if (takesWheel(watched) && !static_cast<QWidget*>(watched)->hasFocus()) {
                scrollPanel(static_cast<QWidget*>(watched), static_cast<QWheelEvent*>(event));
                return true;
            }
            break;
        case QEvent::ShortcutOverride: {
            auto* key = static_cast<QKeyEvent*>(event);
            const bool undo = key->matches(QKeySequence::Undo);
            const bool redo = key->matches(QKeySequence::Redo);
            if (!undo && !redo)
                break;
            const QLineEdit* typing = typingOf(watched);
            if (undo && typing && typing->isModified())
                break;       // the field takes its own typing back first
            event->ignore(); // the window's Undo / Redo shortcut fires
            return true;
        }
        default:
            break;
        }
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

void guardPlanFields(QWidget* root) {
    auto* guard = new FieldGuard(root);
    for (QWidget* w : root->findChildren<QWidget*>()) {
        if (takesWheel(w)) {
            // Not Qt::WheelFocus: a wheel passing over a field neither focuses nor changes it.
            if (w->focusPolicy() == Qt::WheelFocus)
                w->setFocusPolicy(Qt::StrongFocus);
            w->installEventFilter(guard);
        }
        if (auto* spin = qobject_cast<QAbstractSpinBox*>(w)) {
            // A committed value is no longer typing to take back.
            if (QLineEdit* typing = typingOf(spin))
                QObject::connect(spin, &QAbstractSpinBox::editingFinished, typing,
                                 [typing] { typing->setModified(false); });
        }
        if (qobject_cast<QLineEdit*>(w)) // also the one inside a spin box, should it hold focus
            w->installEventFilter(guard);
    }
}

} // namespace memplan::gui
