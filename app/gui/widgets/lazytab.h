// LazyTab: a tab page that builds its view the first time it is shown (or asked for), so the
// window starts with the Per GPU view alone and the other tabs cost nothing until opened.
#pragma once

#include <QWidget>

#include <functional>

namespace memplan::gui {

class LazyTab : public QWidget {
    Q_OBJECT
public:
    // `make` builds the view with the given parent; it runs at most once.
    explicit LazyTab(std::function<QWidget*(QWidget* parent)> make, QWidget* parent = nullptr);

    bool isBuilt() const { return view_ != nullptr; }
    // The view, built now if it was not yet.
    QWidget* view();
    // The view if it is built, else null (nothing is built).
    QWidget* builtView() const { return view_; }

signals:
    void built(QWidget* view);

protected:
    void showEvent(QShowEvent* event) override;

private:
    std::function<QWidget*(QWidget*)> make_;
    QWidget* view_ = nullptr;
};

} // namespace memplan::gui
