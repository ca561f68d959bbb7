#include "charts/axispolicy.h"

#include <QCoreApplication>
#include <QPointer>

namespace memplan::gui {

AxisPolicy* AxisPolicy::instance() {
    static QPointer<AxisPolicy> policy;
    if (!policy)
        policy = new AxisPolicy(QCoreApplication::instance());
    return policy;
}

void AxisPolicy::setHeld(bool held) {
    if (held == held_)
        return;
    held_ = held;
    if (!held_ && !locked_)
        emit released();
}

void AxisPolicy::setLocked(bool locked) {
    if (locked == locked_)
        return;
    locked_ = locked;
    emit lockedChanged(locked_);
    if (!locked_ && !held_)
        emit released();
}

} // namespace memplan::gui
