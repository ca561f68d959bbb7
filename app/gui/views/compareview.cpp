#include "views/compareview.h"

#include "charts/comparechart.h"
#include "controls/textline.h"
#include "document/plandocument.h"
#include "models/scenariomodel.h"
#include "views/compareexplain.h"

#include "memplan/compare_columns.h"
#include "memplan/errors.h"
#include "memplan/names.h"

#include <QApplication>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QScopedValueRollback>
#include <QScrollArea>
#include <QShowEvent>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

namespace memplan::gui {

namespace {

// The values offered for a key (numeric keys accept any typed value as well).
std::vector<std::string> offeredValues(OverrideKey key, const PresetLibrary& presets) {
    return memplan::scenarioOfferedValues(key, presets);
}

bool isNumeric(OverrideKey key) {
    const auto kind = memplan::scenarioKeyInfo(key).kind;
    return kind == memplan::ScenarioValueKind::Integer ||
           kind == memplan::ScenarioValueKind::ParamCount;
}

} // namespace

CompareView::CompareView(PlanDocument* document, ScenarioModel* model, QWidget* parent)
    : QWidget(parent)
    , doc_(document)
    , model_(model ? model : new ScenarioModel(document->presets(), this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);

    // Toolbar: add / duplicate / remove / move, and a set of columns to start from.
    auto* bar = new QHBoxLayout;
    auto tool = [this, bar](const QString& text, const QString& tip) {
        auto* b = new QToolButton(this);
        b->setText(text);
        b->setToolTip(tip);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        b->setAutoRaise(false);
        bar->addWidget(b);
        return b;
    };
    add_ = tool(tr("Add column"), tr("Add a column: the current plan with one thing changed"));
    add_->setMenu(buildAddMenu());
    add_->setPopupMode(QToolButton::InstantPopup);
    duplicate_ = tool(tr("Duplicate"),
                      tr("Duplicate the selected column, to change one more thing in the copy"));
    remove_ = tool(tr("Remove"), tr("Remove the selected column"));
    duplicate_->setObjectName(QStringLiteral("duplicateColumn"));
    remove_->setObjectName(QStringLiteral("removeColumn"));
    left_ = tool(tr("Move left"), tr("Move the selected column left"));
    right_ = tool(tr("Move right"), tr("Move the selected column right"));
    bar->addStretch(1);
    auto* start = tool(tr("Typical comparisons"), tr("Start over from a typical comparison"));
    start->setObjectName(QStringLiteral("startColumns"));
    start->setMenu(buildStartMenu());
    start->setPopupMode(QToolButton::InstantPopup);
    layout->addLayout(bar);

    splitter_ = new QSplitter(Qt::Vertical, this);
    splitter_->setChildrenCollapsible(false);
    chart_ = new CompareChart(splitter_);
    splitter_->addWidget(chart_);

    auto* explanationArea = new QScrollArea(splitter_);
    explanationArea->setWidgetResizable(true);
    explanationArea->setFrameShape(QFrame::NoFrame);
    explanationLabel_ = new QLabel(explanationArea);
    explanationLabel_->setWordWrap(true);
    explanationLabel_->setTextFormat(Qt::RichText);
    explanationLabel_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    explanationLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    explanationLabel_->setContentsMargins(4, 2, 4, 2);
    explanationLabel_->setAccessibleName(tr("Why the columns differ"));
    explanationArea->setWidget(explanationLabel_);
    explanationArea->setMinimumHeight(60);
    splitter_->addWidget(explanationArea);

    auto* bottom = new QWidget(splitter_);
    auto* bottomLayout = new QHBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    table_ = new QTableView(bottom);
    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    table_->setAlternatingRowColors(true);
    table_->setShowGrid(false);
    table_->setWordWrap(false);
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
    table_->horizontalHeader()->setSectionResizeMode(ScenarioModel::NameColumn,
                                                     QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(ScenarioModel::ChangesColumn,
                                                     QHeaderView::Stretch);
    table_->horizontalHeader()->setMinimumSectionSize(40);
    table_->horizontalHeader()->setSectionResizeMode(ScenarioModel::TotalColumn,
                                                     QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(ScenarioModel::HeadroomColumn,
                                                     QHeaderView::ResizeToContents);
    table_->setAccessibleName(tr("Compare columns"));
    bottomLayout->addWidget(table_, 1);

    // The editor: what the selected column changes, one combo box per setting.
    auto* editorArea = new QScrollArea(bottom);
    editorArea->setWidgetResizable(true);
    editorArea->setFrameShape(QFrame::StyledPanel);
    editorArea->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* editor = new QWidget(editorArea);
    auto* grid = new QGridLayout(editor);
    grid->setContentsMargins(6, 4, 6, 4);
    grid->setVerticalSpacing(3);
    editorTitle_ = new QLabel(editor);
    editorTitle_->setWordWrap(true);
    grid->addWidget(editorTitle_, 0, 0, 1, 4);
    int i = 0;
    for (const memplan::ScenarioKeyInfo& k : memplan::scenarioKeys()) {
        const OverrideKey key = k.key;
        auto* combo = new QComboBox(editor);
        combo->setEditable(isNumeric(key));
        combo->setInsertPolicy(QComboBox::NoInsert);
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(6);
        auto* label = new QLabel(overrideKeyLabel(key) + QLatin1Char(':'), editor);
        label->setBuddy(combo);
        const int row = 1 + i / 2, col = (i % 2) * 2;
        grid->addWidget(label, row, col);
        grid->addWidget(combo, row, col + 1);
        editors_.emplace_back(key, combo);
        connect(combo, &QComboBox::activated, this, [this, key, combo](int index) {
            editOverride(key, combo->itemData(index).toString());
        });
        if (combo->lineEdit())
            connect(combo->lineEdit(), &QLineEdit::editingFinished, this, [this, key, combo] {
                if (updatingEditor_)
                    return;
                const QString text = combo->currentText().trimmed();
                const int found = combo->findText(text);
                editOverride(key, found >= 0 ? combo->itemData(found).toString() : text);
            });
        ++i;
    }
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);
    grid->setRowStretch(1 + (i + 1) / 2, 1);
    editorArea->setWidget(editor);
    bottomLayout->addWidget(editorArea, 1);
    splitter_->addWidget(bottom);

    splitter_->setStretchFactor(0, 5);
    splitter_->setStretchFactor(1, 1);
    splitter_->setStretchFactor(2, 2);
    splitter_->setSizes({460, 150, 230});
    layout->addWidget(splitter_, 1);

    connect(duplicate_, &QToolButton::clicked, this, [this] {
        const int row = currentColumn();
        if (model_->duplicateScenario(row))
            setCurrentColumn(row + 1);
    });
    connect(remove_, &QToolButton::clicked, this, [this] {
        const int row = currentColumn();
        if (model_->removeScenario(row))
            setCurrentColumn(std::min(row, model_->count() - 1));
    });
    connect(left_, &QToolButton::clicked, this, [this] {
        const int row = currentColumn();
        if (model_->moveScenario(row, row - 1))
            setCurrentColumn(row - 1);
    });
    connect(right_, &QToolButton::clicked, this, [this] {
        const int row = currentColumn();
        if (model_->moveScenario(row, row + 1))
            setCurrentColumn(row + 1);
    });
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        updateButtons();
        updateEditor();
    });
    connect(model_, &ScenarioModel::scenariosChanged, this, &CompareView::refresh);
    connect(model_, &ScenarioModel::scenariosChanged, this, &CompareView::saveColumns);
    connect(model_, &QAbstractItemModel::modelReset, this, [this] { setCurrentColumn(0); });
    connect(model_, &ScenarioModel::unitsChanged, this,
            [this](UnitSystem u) { chart_->setUnits(u); });
    // An edit (undo and redo included) keeps the columns unless it changed them; a new or
    // opened plan (planReplaced, after its planChanged) shows its own.
    connect(doc_, &PlanDocument::planChanged, this, [this] { followPlan(false); });
    connect(doc_, &PlanDocument::planReplaced, this, [this] {
        const QScopedValueRollback<bool> guard(loadingColumns_, true);
        loadColumns(true);
    });
    followPlan(true);
    setCurrentColumn(0);
    refreshNow();
}

void CompareView::followPlan(bool replaced) {
    const QScopedValueRollback<bool> guard(loadingColumns_, true);
    model_->setBasePlan(doc_->plan());
    loadColumns(replaced);
}

std::vector<SavedScenario> CompareView::columns() const {
    std::vector<SavedScenario> out;
    for (const Scenario& s : model_->scenarios())
        out.push_back(savedScenario(s.overrides, s.customName ? s.name.toStdString() : ""));
    return out;
}

std::vector<SavedScenario> CompareView::defaultColumns() const {
    std::vector<SavedScenario> out;
    for (const ScenarioOverrides& o : defaultScenarios(doc_->plan(), doc_->presets()))
        out.push_back(savedScenario(o));
    return out;
}

std::vector<SavedScenario> CompareView::savedColumns() const {
    // The defaults are not written: a plan keeps only columns the user chose.
    std::vector<SavedScenario> now = columns();
    if (now == defaultColumns())
        now.clear();
    return now;
}

void CompareView::loadColumns(bool replaced) {
    // Undo, redo and other edits of the plan: only a compare list that differs from the
    // columns shown replaces them (an emptied comparison stays empty until the plan is
    // replaced; a change of method brings its own defaults).
    if (!replaced && savedColumns() == doc_->plan().compare)
        return;
    // The plan's own columns, or the defaults for its method.
    const std::vector<SavedScenario> wanted =
        doc_->plan().compare.empty() ? defaultColumns() : doc_->plan().compare;
    if (columns() == wanted)
        return;
    try {
        model_->setScenarios(savedOverridesList(wanted, doc_->presets()));
    } catch (const InputError&) {
        // A plan read from a file was validated then; one built otherwise shows the defaults.
        model_->setScenarios(defaultScenarios(doc_->plan(), doc_->presets()));
        return;
    }
    for (std::size_t i = 0; i < wanted.size(); ++i)
        if (!wanted[i].name.empty())
            model_->setName(static_cast<int>(i), QString::fromStdString(wanted[i].name));
}

void CompareView::saveColumns() {
    if (loadingColumns_)
        return;
    std::vector<SavedScenario> now = savedColumns();
    if (now == doc_->plan().compare)
        return;
    Plan plan = doc_->plan();
    plan.compare = std::move(now);
    doc_->edit(plan, tr("Change the Compare columns"));
}

QMenu* CompareView::buildAddMenu() {
    auto* menu = new QMenu(this);
    const PresetLibrary& presets = doc_->presets();
    menu->addAction(tr("Current plan, unchanged"), this, [this] { addColumn({}); });
    menu->addSeparator();
    auto addSub = [&](OverrideKey key, const std::vector<std::string>& values) {
        QMenu* sub = menu->addMenu(overrideKeyLabel(key));
        for (const std::string& v : values) {
            sub->addAction(overrideValueLabel(key, v, presets), this, [this, key, v] {
                ScenarioOverrides o;
                o.set(key, v, doc_->presets());
                addColumn(o);
            });
        }
    };
    for (const OverrideKey key :
         {OverrideKey::Precision, OverrideKey::Method, OverrideKey::Sharding, OverrideKey::Gpus,
          OverrideKey::Optimizer, OverrideKey::Checkpointing, OverrideKey::MicroBatch,
          OverrideKey::SeqLen, OverrideKey::Accounting, OverrideKey::ModelPreset, OverrideKey::Gpu,
          OverrideKey::KvCacheDtype, OverrideKey::MaxModelLen, OverrideKey::MaxNumSeqs})
        addSub(key, offeredValues(key, presets));
    return menu;
}

QMenu* CompareView::buildStartMenu() {
    auto* menu = new QMenu(this);
    auto preset = [this, menu](const QString& text, OverrideKey key,
                               std::vector<std::string> values) {
        menu->addAction(text, this, [this, key, values] {
            std::vector<ScenarioOverrides> list;
            for (const std::string& v : values) {
                ScenarioOverrides o;
                o.set(key, v, doc_->presets());
                list.push_back(o);
            }
            model_->setScenarios(list);
            setCurrentColumn(0);
        });
    };
    preset(tr("Precisions: FP32 vs BF16 mixed vs INT8"), OverrideKey::Precision,
           {"fp32", "bf16-mixed", "int8"});
    preset(tr("Every recipe"), OverrideKey::Precision,
           {"fp32", "fp16-mixed", "bf16-mixed", "bf16-pure", "fp8-mixed", "int8", "int4"});
    preset(tr("Fine-tuning: full vs LoRA vs QLoRA"), OverrideKey::Method,
           {"full", "lora", "qlora"});
    menu->addAction(tr("LoRA base: NF4 (QLoRA) vs INT8 vs BF16"), this, [this] {
        model_->setScenarios(defaultLoraBaseScenarios(doc_->presets()));
        setCurrentColumn(0);
    });
    preset(tr("Sharding: DDP vs ZeRO-1 vs ZeRO-2 vs ZeRO-3"), OverrideKey::Sharding,
           {"none", "zero1", "zero2", "zero3"});
    preset(tr("GPUs: 8 vs 16"), OverrideKey::Gpus, {"8", "16"});
    preset(tr("Optimizers: AdamW vs AdamW 8-bit vs SGD"), OverrideKey::Optimizer,
           {"adamw", "adamw-8bit", "sgd"});
    preset(tr("Recomputation: none vs selective vs full"), OverrideKey::Checkpointing,
           {"none", "selective", "full"});
    preset(tr("Accounting: realistic vs textbook"), OverrideKey::Accounting,
           {"realistic", "textbook"});
    // Serving (a vLLM engine): what its KV cache holds.
    preset(tr("Serving: KV cache in the model's dtype vs FP8"), OverrideKey::KvCacheDtype,
           {"auto", "fp8"});
    preset(tr("Serving: context 8k vs 32k vs 128k tokens"), OverrideKey::MaxModelLen,
           {"8192", "32768", "131072"});
    return menu;
}

void CompareView::addColumn(const ScenarioOverrides& overrides) {
    if (model_->addScenario(overrides))
        setCurrentColumn(model_->count() - 1);
    else
        QToolTip::showText(
            add_->mapToGlobal(add_->rect().bottomLeft()),
            tr("At most %1 columns: remove one first.").arg(ScenarioModel::kMaxScenarios), add_);
}

UnitSystem CompareView::units() const {
    return model_->units();
}

void CompareView::setUnits(UnitSystem units) {
    model_->setUnits(units);
    chart_->setUnits(units);
}

int CompareView::currentColumn() const {
    const QModelIndex index = table_->selectionModel()->currentIndex();
    return index.isValid() ? index.row() : -1;
}

void CompareView::setCurrentColumn(int column) {
    if (column < 0 || column >= model_->count()) {
        table_->selectionModel()->clear();
    } else {
        const QModelIndex index = model_->index(column, ScenarioModel::NameColumn);
        table_->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                             QItemSelectionModel::Rows);
    }
    updateButtons();
    updateEditor();
}

void CompareView::updateButtons() {
    const int row = currentColumn();
    const int n = model_->count();
    add_->setEnabled(n < ScenarioModel::kMaxScenarios);
    duplicate_->setEnabled(row >= 0 && n < ScenarioModel::kMaxScenarios);
    remove_->setEnabled(row >= 0);
    left_->setEnabled(row > 0);
    right_->setEnabled(row >= 0 && row < n - 1);
}

void CompareView::updateEditor() {
    updatingEditor_ = true;
    const int row = currentColumn();
    const PresetLibrary& presets = doc_->presets();
    const Plan& base = model_->basePlan();
    if (row < 0)
        editorTitle_->setText(tr("Select a column to change what it differs in."));
    else
        editorTitle_->setText(tr("<b>%1</b> changes what is in bold; the rest follows the plan:")
                                  .arg(model_->scenario(row).name.toHtmlEscaped()));
    for (auto& [key, combo] : editors_) {
        combo->setEnabled(row >= 0);
        if (combo->count() == 0) { // the offered values, once
            combo->addItem(QString(), QString());
            for (const std::string& v : offeredValues(key, presets))
                combo->addItem(overrideValueLabel(key, v, presets), QString::fromStdString(v));
        }
        // Item 0 follows the plan: "as the plan (BF16 mixed)".
        const std::string own = memplan::scenarioPlanValue(key, base);
        const QString ownLabel = own.empty() ? tr("none") : overrideValueLabel(key, own, presets);
        combo->setItemText(0, tr("plan: %1").arg(ownLabel));
        int current = 0;
        if (row >= 0) {
            if (const auto v = model_->scenario(row).overrides.value(key)) {
                current = combo->findData(QString::fromStdString(*v));
                if (current < 0) { // a typed value: offered from now on
                    combo->addItem(overrideValueLabel(key, *v, presets),
                                   QString::fromStdString(*v));
                    current = combo->count() - 1;
                }
            }
        }
        if (combo->currentIndex() != current)
            combo->setCurrentIndex(current);
        if (combo->isEditable() && combo->currentText() != combo->itemText(current))
            combo->setEditText(combo->itemText(current));
        // The box is narrower than its longer texts ("plan: Full fine-tuning"): the whole
        // text as its tooltip.
        combo->setToolTip(
            plainToolTip(overrideKeyLabel(key) + QStringLiteral(": ") + combo->itemText(current)));
        QFont f = combo->font();
        if (f.bold() != (current > 0)) {
            f.setBold(current > 0); // what the column changes stands out
            combo->setFont(f);
        }
    }
    updatingEditor_ = false;
}

void CompareView::editOverride(OverrideKey key, const QString& value) {
    if (updatingEditor_)
        return;
    const int row = currentColumn();
    if (row < 0)
        return;
    ScenarioOverrides o = model_->scenario(row).overrides;
    if (value.isEmpty()) {
        o.clear(key);
    } else {
        std::string error;
        if (!o.set(key, value.toStdString(), doc_->presets(), &error)) {
            for (auto& [k, combo] : editors_)
                if (k == key)
                    QToolTip::showText(combo->mapToGlobal(combo->rect().bottomLeft()),
                                       QString::fromStdString(error), combo);
            updateEditor();
            return;
        }
    }
    model_->setOverrides(row, o);
    updateEditor();
}

void CompareView::refresh() {
    dirty_ = true;
    if (isVisible())
        refreshNow();
    else
        updateButtons();
}

void CompareView::refreshNow() {
    dirty_ = false;
    std::vector<CompareColumn> columns;
    for (const Scenario& s : model_->scenarios())
        columns.push_back(CompareColumn::fromScenario(s, doc_->presets()));
    chart_->setUnits(model_->units());
    chart_->setColumns(columns);
    explanation_ = explainComparison(model_->scenarios(), model_->units(), doc_->presets());
    QString html;
    if (model_->count() < 2)
        html = tr("<p>Add a second column to see why the columns differ.</p>");
    else {
        html = QStringLiteral("<p><b>%1</b></p>").arg(tr("Why the columns differ").toHtmlEscaped());
        for (const QString& p : explanation_)
            html += QStringLiteral("<p>%1</p>").arg(p.toHtmlEscaped());
    }
    explanationLabel_->setText(html);
    updateButtons();
    // Not while the user types a value into one of the editor's boxes.
    const QWidget* focus = QApplication::focusWidget();
    if (!updatingEditor_ && !(focus && editorTitle_->parentWidget()->isAncestorOf(focus) &&
                              qobject_cast<const QLineEdit*>(focus)))
        updateEditor();
}

void CompareView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (dirty_)
        refreshNow();
}

} // namespace memplan::gui
