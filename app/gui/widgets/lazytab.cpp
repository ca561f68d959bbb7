#include "widgets/lazytab.h"

#include <QVBoxLayout>

namespace memplan::gui {

LazyTab::LazyTab(std::function<QWidget*(QWidget* parent)> make, QWidget* parent)
    : QWidget(parent)
    , make_(std::move(make)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
}

QWidget* LazyTab::view() {
    if (!view_) {
        view_ = make_(this);
        make_ = nullptr;
        layout()->addWidget(view_);
        if (isVisible()) // built while the page is being shown: its children are shown already
            view_->show();
        emit built(view_);
    }
    return view_;
}

void LazyTab::showEvent(QShowEvent* event) {
    view(); // before the base class, so the view is shown with the page
    QWidget::showEvent(event);
}

} // namespace memplan::gui
