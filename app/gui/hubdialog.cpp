#include "hubdialog.h"

#include "hub_model_files.h"

#include "memplan/errors.h"
#include "memplan/param_count.h"

#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace memplan::gui {

namespace {

QString gib(double bytes) {
    return QCoreApplication::translate("memplan::gui::HubDialog", "%1 GiB")
        .arg(QLocale().toString(bytes / 1073741824.0, 'f', 2));
}

} // namespace

HubDialog::HubDialog(QWidget* parent, hub::HubSettings settings)
    : QDialog(parent)
    , settings_(std::move(settings))
    , repo_(new QLineEdit(this))
    , fetchButton_(new QPushButton(tr("&Fetch"), this))
    , summary_(new QLabel(this))
    , buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setWindowTitle(tr("Model from Hugging Face"));
    setObjectName(QStringLiteral("hubDialog"));
    repo_->setObjectName(QStringLiteral("hubRepo"));
    repo_->setPlaceholderText(tr("organisation/model, e.g. Qwen/Qwen3-8B (@revision optional)"));
    summary_->setObjectName(QStringLiteral("hubSummary"));
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    summary_->setText(tr("Reads config.json and the safetensors headers (a few hundred KB, "
                         "never the weights) from %1. HF_TOKEN or the token file of "
                         "`hf auth login` opens gated and private models.")
                          .arg(settings_.endpoint));
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("Use this model"));
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(false);

    auto* row = new QHBoxLayout;
    auto* label = new QLabel(tr("&Model:"), this);
    label->setBuddy(repo_);
    row->addWidget(label);
    row->addWidget(repo_, 1);
    row->addWidget(fetchButton_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(summary_, 1);
    layout->addWidget(buttons_);
    setMinimumWidth(560);

    connect(fetchButton_, &QPushButton::clicked, this, [this] { fetch(repo_->text()); });
    connect(repo_, &QLineEdit::returnPressed, this, [this] { fetch(repo_->text()); });
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

bool HubDialog::fetch(const QString& repo) {
    const QString text = repo.trimmed();
    repo_->setText(text);
    imported_.reset();
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(false);
    if (!text.contains(QLatin1Char('/'))) {
        summary_->setText(tr("Give the model as organisation/name, as on its Hugging Face page."));
        return false;
    }
    fetchButton_->setEnabled(false);
    summary_->setText(tr("Fetching %1 …").arg(text));
    QGuiApplication::setOverrideCursor(Qt::BusyCursor);
    QStringList notes;
    QString error;
    try {
        imported_ = hub::importFromHub(text, settings_, &notes);
    } catch (const InputError& e) {
        error = QString::fromStdString(e.what());
    }
    QGuiApplication::restoreOverrideCursor();
    fetchButton_->setEnabled(true);
    if (!imported_) {
        summary_->setText(tr("Could not fetch %1:\n%2").arg(text, error));
        return false;
    }
    showSummary();
    for (const QString& n : notes)
        summary_->setText(summary_->text() + QLatin1Char('\n') + n);
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(true);
    return true;
}

void HubDialog::showSummary() {
    const ImportedModel& m = *imported_;
    const QLocale locale;
    QStringList lines;
    lines << tr("%1: %2 layers, hidden size %3, vocabulary %4")
                 .arg(QString::fromStdString(m.model.name))
                 .arg(m.model.layers)
                 .arg(m.model.hidden)
                 .arg(locale.toString(static_cast<qlonglong>(m.model.vocab)));
    if (m.model.experts > 1)
        lines << tr("Mixture of experts: %1 experts, %2 per token")
                     .arg(m.model.experts)
                     .arg(m.model.experts_per_token);
    if (m.checkpoint) {
        const CheckpointSummary& c = *m.checkpoint;
        lines << tr("%1 parameters (exact, from the safetensors headers; files: %2)")
                     .arg(locale.toString(static_cast<qlonglong>(c.parameters)))
                     .arg(c.files);
        lines << tr("Weights as stored: %1").arg(gib(c.stored_bytes));
        for (const DtypeTally& d : c.by_dtype)
            lines << tr("  %1: %2 (tensors: %3)")
                         .arg(QString::fromStdString(d.dtype), gib(d.bytes))
                         .arg(d.tensors);
        for (const std::string& n : c.notes)
            lines << QString::fromStdString(n);
        if (m.model.params)
            lines << tr("The shape keys count %1 parameters; the plan uses the exact count.")
                         .arg(locale.toString(
                             static_cast<qlonglong>(countParameters(m.model).total)));
    } else {
        lines << tr("No safetensors files: the count comes from the shape (%1 parameters).")
                     .arg(locale.toString(static_cast<qlonglong>(countParameters(m.model).total)));
    }
    summary_->setText(lines.join(QLatin1Char('\n')));
}

QString HubDialog::summaryText() const {
    return summary_->text();
}

} // namespace memplan::gui
