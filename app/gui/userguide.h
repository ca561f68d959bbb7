// Help > User guide: docs/user-guide.md and its pictures, compiled into the program as Qt
// resources (:/docs/), shown offline in a window of their own.
#pragma once

#include <QUrl>
#include <QWidget>

class QTextBrowser;

namespace memplan::gui {

// qrc:/docs/user-guide.md
QUrl userGuideUrl();

class UserGuideWindow : public QWidget {
    Q_OBJECT
public:
    explicit UserGuideWindow(QWidget* parent = nullptr);
    QTextBrowser* browser() const { return browser_; }

private:
    QTextBrowser* browser_;
};

} // namespace memplan::gui
