// How every chart's value axis follows the values, one policy for the whole window: while a
// slider is dragged (held) an axis only grows, and shrinks to fit once the drag ends; locked
// (View > Lock chart y-axis), it keeps its range whatever the values. The main window sets
// both; ChartWidget reads them when it fits an axis and fits again when either ends.
#pragma once

#include <QObject>

namespace memplan::gui {

class AxisPolicy : public QObject {
    Q_OBJECT
public:
    // The one policy of the application (a child of the QApplication).
    static AxisPolicy* instance();

    bool held() const { return held_; }
    void setHeld(bool held);
    bool locked() const { return locked_; }
    void setLocked(bool locked);

signals:
    void lockedChanged(bool locked);
    // A hold or a lock ended: charts fit their axes to the values again.
    void released();

private:
    using QObject::QObject;
    bool held_ = false;
    bool locked_ = false;
};

} // namespace memplan::gui
