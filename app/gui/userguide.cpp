#include "userguide.h"

#include <QTextBrowser>
#include <QVBoxLayout>

namespace memplan::gui {

QUrl userGuideUrl() {
    return QUrl(QStringLiteral("qrc:/docs/user-guide.md"));
}

UserGuideWindow::UserGuideWindow(QWidget* parent)
    : QWidget(parent, Qt::Window)
    , browser_(new QTextBrowser(this)) {
    setObjectName(QStringLiteral("userGuide"));
    setWindowTitle(tr("memplan user guide"));
    browser_->setObjectName(QStringLiteral("userGuideText"));
    // Links out of the guide open in the web browser; its pictures load from the resource,
    // relative to the guide's own URL (images/…).
    browser_->setOpenExternalLinks(true);
    browser_->setSource(userGuideUrl(), QTextDocument::MarkdownResource);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(browser_);
    resize(900, 700);
}

} // namespace memplan::gui
