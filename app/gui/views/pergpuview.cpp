#include "views/pergpuview.h"

#include "charts/memorychartview.h"
#include "document/plandocument.h"
#include "models/breakdownmodel.h"
#include "momentnames.h"
#include "unitformat.h"
#include "views/verdictwidget.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QRadioButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <string_view>

namespace memplan::gui {

PerGpuView::PerGpuView(PlanDocument* document, QWidget* parent)
    : QWidget(parent)
    , doc_(document)
    , model_(new BreakdownModel(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);

    verdict_ = new VerdictWidget(doc_, this);
    layout->addWidget(verdict_);

    splitter_ = new QSplitter(Qt::Horizontal, this);
    splitter_->setChildrenCollapsible(false);
    chart_ = new MemoryChartView(splitter_);
    chart_->setModel(model_);
    splitter_->addWidget(chart_);

    auto* tablePane = new QWidget(splitter_);
    auto* tableLayout = new QVBoxLayout(tablePane);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    auto* unitsRow = new QHBoxLayout;
    unitsRow->addWidget(new QLabel(tr("Units:"), tablePane));
    gib_ = new QRadioButton(tr("GiB (2^30 bytes)"), tablePane);
    gb_ = new QRadioButton(tr("GB (10^9 bytes)"), tablePane);
    gib_->setToolTip(tr("Binary units, as nvidia-smi and PyTorch report"));
    gb_->setToolTip(tr("Decimal units, as GPU memory is often sold"));
    gib_->setChecked(true);
    auto* group = new QButtonGroup(this);
    group->addButton(gib_);
    group->addButton(gb_);
    unitsRow->addWidget(gib_);
    unitsRow->addWidget(gb_);
    unitsRow->addStretch(1);
    tableLayout->addLayout(unitsRow);

    table_ = new QTableView(tablePane);
    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setAlternatingRowColors(true);
    table_->setShowGrid(false);
    table_->setWordWrap(false);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
    table_->horizontalHeader()->setSectionResizeMode(BreakdownModel::NameColumn,
                                                     QHeaderView::Stretch);
    // Number columns wide enough for any value: measuring contents on every update would cost
    // a pass over all rows per slider step.
    const QFontMetrics fm(table_->font());
    QFont bold = table_->font();
    bold.setBold(true);
    const QFontMetrics bfm(bold);
    const int pad = 3 * fm.averageCharWidth();
    const int sizeWidth = std::max({bfm.horizontalAdvance(QStringLiteral("88888.88 GiB")),
                                    fm.horizontalAdvance(unitDescription(UnitSystem::Binary)),
                                    fm.horizontalAdvance(unitDescription(UnitSystem::Decimal))}) +
                          pad;
    const int shareWidth = std::max(bfm.horizontalAdvance(QStringLiteral("100.0 %")),
                                    fm.horizontalAdvance(tr("Share"))) +
                           pad;
    table_->horizontalHeader()->setSectionResizeMode(BreakdownModel::SizeColumn,
                                                     QHeaderView::Fixed);
    table_->horizontalHeader()->setSectionResizeMode(BreakdownModel::ShareColumn,
                                                     QHeaderView::Fixed);
    table_->horizontalHeader()->resizeSection(BreakdownModel::SizeColumn, sizeWidth);
    table_->horizontalHeader()->resizeSection(BreakdownModel::ShareColumn, shareWidth);
    table_->setAccessibleName(tr("Per-GPU breakdown"));
    tableLayout->addWidget(table_);
    splitter_->addWidget(tablePane);
    splitter_->setStretchFactor(0, 1);
    splitter_->setStretchFactor(1, 1);
    splitter_->setSizes({1000, 900}); // proportions: the chart a little wider than the table
    layout->addWidget(splitter_, 1);

    connect(gib_, &QRadioButton::toggled, this, [this](bool on) {
        if (on)
            setUnits(UnitSystem::Binary);
    });
    connect(gb_, &QRadioButton::toggled, this, [this](bool on) {
        if (on)
            setUnits(UnitSystem::Decimal);
    });
    connect(model_, &BreakdownModel::unitsChanged, this, &PerGpuView::unitsChanged);
    connect(doc_, &PlanDocument::planChanged, this, &PerGpuView::refresh);
    // A new or opened plan shows its own parts only (edits keep vanished parts at zero for a
    // moment, so that a drag does not reset the table on every step).
    connect(doc_, &PlanDocument::planReplaced, model_, &BreakdownModel::compact);
    connect(model_, &QAbstractItemModel::dataChanged, this, &PerGpuView::hideEmptyRows);
    connect(model_, &QAbstractItemModel::modelReset, this, &PerGpuView::hideEmptyRows);
    refresh();
    model_->compact();
}

UnitSystem PerGpuView::units() const {
    return model_->units();
}

void PerGpuView::setUnits(UnitSystem units) {
    (units == UnitSystem::Binary ? gib_ : gb_)->setChecked(true);
    model_->setUnits(units); // emits unitsChanged (forwarded) only on a real change
}

void PerGpuView::hideEmptyRows() {
    for (int r = 0; r < model_->rowCount(); ++r) {
        const QModelIndex size = model_->index(r, BreakdownModel::SizeColumn);
        const auto kind =
            static_cast<BreakdownModel::RowKind>(size.data(BreakdownModel::RowKindRole).toInt());
        const bool empty =
            (kind == BreakdownModel::RowKind::Component || kind == BreakdownModel::RowKind::Part) &&
            size.data(BreakdownModel::BytesRole).toDouble() == 0.0;
        if (table_->isRowHidden(r) != empty) // hiding a row re-lays the table out: only on a change
            table_->setRowHidden(r, empty);
    }
}

void PerGpuView::refresh() {
    model_->setEvaluation(doc_->evaluation());
    chart_->setGreyed(!doc_->problem().isEmpty());
    const GpuPreset* gpu = doc_->gpu();
    chart_->setCategoryLabel(tr("Per GPU"));
    const Evaluation& e = doc_->evaluation();
    const std::string_view peak = e.moments[e.peak_moment].label;
    const QString where = gpu ? QString::fromStdString(gpu->name) : tr("No GPU chosen");
    chart_->setTitle(e.ok && e.moment_count > 0
                         ? tr("%1 \u2014 peak at: %2").arg(where, momentName(peak))
                         : where);
}

} // namespace memplan::gui
