// File > From Hugging Face…: fetches a Hub model's config.json and safetensors headers
// (app/hub), shows the exact parameter count and the weights' bytes, and hands the model to
// the window, which makes it the plan's model.
#pragma once

#include "hub_settings.h"

#include "memplan/model_files.h"

#include <QDialog>

#include <optional>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace memplan::gui {

class HubDialog : public QDialog {
    Q_OBJECT
public:
    explicit HubDialog(QWidget* parent = nullptr,
                       hub::HubSettings settings = hub::HubSettings::fromEnvironment());

    // Fetches ORG/NAME[@REVISION]; true when a model came back (then OK is enabled).
    bool fetch(const QString& repo);
    const std::optional<ImportedModel>& imported() const { return imported_; }
    QString summaryText() const;

private:
    void showSummary();

    hub::HubSettings settings_;
    QLineEdit* repo_;
    QPushButton* fetchButton_;
    QLabel* summary_;
    QDialogButtonBox* buttons_;
    std::optional<ImportedModel> imported_;
};

} // namespace memplan::gui
