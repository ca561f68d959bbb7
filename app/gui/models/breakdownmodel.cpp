#include "models/breakdownmodel.h"

#include "document/planedits.h"
#include "unitformat.h"

#include <QFont>
#include <QGuiApplication>
#include <QLocale>
#include <QPainter>
#include <QTimer>

#include <algorithm>

namespace memplan::gui {

BreakdownModel::BreakdownModel(QObject* parent)
    : QAbstractTableModel(parent)
    , compactTimer_(new QTimer(this)) {
    compactTimer_->setSingleShot(true);
    compactTimer_->setInterval(kCompactDelayMs);
    connect(compactTimer_, &QTimer::timeout, this, &BreakdownModel::compact);
    componentRow_.fill(-1);
    buildRows(eval_, rows_);
    for (int r = 0; r < static_cast<int>(rows_.size()); ++r)
        if (rows_[static_cast<std::size_t>(r)].kind == RowKind::Component)
            componentRow_[static_cast<std::size_t>(rows_[static_cast<std::size_t>(r)].component)] =
                r;
}

void BreakdownModel::buildRows(const Evaluation& e, std::vector<Row>& rows) const {
    rows.clear();
    auto addComponent = [&](Component c) {
        const ComponentBreakdown& b = e.per_gpu[static_cast<std::size_t>(c)];
        rows.push_back({RowKind::Component, c, {}, e.ok ? b.bytes : 0.0});
        if (!e.ok)
            return;
        for (std::size_t i = 0; i < b.part_count; ++i)
            rows.push_back({RowKind::Part, c, b.parts[i].label, b.parts[i].bytes});
    };
    for (std::size_t i = 0; i < kAllocatedComponentCount; ++i)
        addComponent(static_cast<Component>(i));
    rows.push_back({RowKind::PeakAllocated, Component::Count, {}, e.ok ? e.peak_allocated : 0.0});
    addComponent(Component::RuntimeOverhead);
    rows.push_back({RowKind::Total, Component::Count, {}, e.ok ? e.total : 0.0});
}

void BreakdownModel::setEvaluation(const Evaluation& evaluation) {
    eval_ = evaluation;
    std::vector<Row> rows;
    rows.reserve(rows_.size());
    buildRows(eval_, rows);

    // While a slider moves, parts come and go (master weights with the recipe, activations
    // with the moment of the peak). Rather than resetting the table on each such step, a part
    // that vanished keeps its row at zero bytes; the rows are compacted once changes pause.
    std::size_t next = 0; // position in `rows` (the new, compact list)
    bool fits = true;     // every new row has a place among the current ones, in order
    bool stale = false;   // some current row is no longer part of the evaluation
    for (Row& current : rows_) {
        if (next < rows.size() && rows[next].kind == current.kind &&
            rows[next].component == current.component && rows[next].label == current.label) {
            current.bytes = rows[next++].bytes;
        } else if (current.kind == RowKind::Part) {
            current.bytes = 0; // vanished part: kept at zero until the compaction
            stale = true;
        } else {
            fits = false;
            break;
        }
    }
    if (fits && next == rows.size()) {
        if (!rows_.empty())
            emit dataChanged(index(0, SizeColumn), index(rowCount() - 1, ShareColumn));
        // Compact once the values have rested for a moment, not in the middle of a drag.
        if (stale || compactTimer_->isActive())
            compactTimer_->start();
        return;
    }
    // New parts: the structure changes once. Parts that vanished keep their (zero) rows here
    // too, so stepping back and forth over the same boundary never resets the table again.
    if (!rows_.empty())
        compactTimer_->start();
    resetRows(mergeRows(rows_, rows));
}

std::vector<BreakdownModel::Row> BreakdownModel::mergeRows(const std::vector<Row>& current,
                                                           const std::vector<Row>& fresh) {
    // For each component: its fresh parts in order, then the current parts it no longer has.
    std::vector<Row> out;
    out.reserve(current.size() + fresh.size());
    for (std::size_t i = 0; i < fresh.size(); ++i) {
        out.push_back(fresh[i]);
        const Row& row = fresh[i];
        const bool lastOfComponent = row.kind != RowKind::PeakAllocated &&
                                     row.kind != RowKind::Total &&
                                     (i + 1 == fresh.size() || fresh[i + 1].kind != RowKind::Part ||
                                      fresh[i + 1].component != row.component);
        if (!lastOfComponent)
            continue;
        for (const Row& old : current) {
            if (old.kind != RowKind::Part || old.component != row.component)
                continue;
            const bool present = std::any_of(fresh.begin(), fresh.end(), [&](const Row& f) {
                return f.kind == RowKind::Part && f.component == old.component &&
                       f.label == old.label;
            });
            if (!present)
                out.push_back({RowKind::Part, old.component, old.label, 0.0});
        }
    }
    return out;
}

void BreakdownModel::resetRows(std::vector<Row> rows) {
    compactTimer_->stop();
    beginResetModel();
    rows_ = std::move(rows);
    componentRow_.fill(-1);
    for (int r = 0; r < static_cast<int>(rows_.size()); ++r)
        if (rows_[static_cast<std::size_t>(r)].kind == RowKind::Component)
            componentRow_[static_cast<std::size_t>(rows_[static_cast<std::size_t>(r)].component)] =
                r;
    endResetModel();
}

void BreakdownModel::compact() {
    std::vector<Row> rows;
    buildRows(eval_, rows);
    resetRows(std::move(rows));
}

void BreakdownModel::setUnits(UnitSystem units) {
    if (units == units_)
        return;
    units_ = units;
    emit headerDataChanged(Qt::Horizontal, SizeColumn, SizeColumn);
    if (rowCount() > 0)
        emit dataChanged(index(0, SizeColumn), index(rowCount() - 1, SizeColumn));
    emit unitsChanged(units_);
}

namespace {
// Drawn at the screen's pixel ratio, so the swatch stays sharp on high-DPI screens.
QPixmap swatchOf(const QBrush& brush) {
    const qreal dpr = qApp ? qApp->devicePixelRatio() : 1.0;
    QPixmap swatch(QSize(14, 14) * dpr);
    swatch.setDevicePixelRatio(dpr);
    swatch.fill(Qt::transparent);
    QPainter painter(&swatch);
    painter.setPen(brush.color());
    painter.setBrush(brush);
    painter.drawRect(QRect(0, 0, 13, 13));
    return swatch;
}
} // namespace

void BreakdownModel::setSegmentBrushes(const std::array<QBrush, kSegmentCount>& brushes) {
    if (brushes == segmentBrushes_)
        return;
    segmentBrushes_ = brushes;
    for (std::size_t i = 0; i < kSegmentCount; ++i)
        segmentSwatches_[i] = swatchOf(brushes[i]);
    if (rowCount() > 0)
        emit dataChanged(index(0, NameColumn), index(rowCount() - 1, NameColumn),
                         {Qt::DecorationRole});
}

void BreakdownModel::setComponentBrushes(const std::array<QBrush, kComponentCount>& brushes) {
    if (brushes == brushes_)
        return;
    brushes_ = brushes;
    for (std::size_t i = 0; i < kComponentCount; ++i)
        swatches_[i] = swatchOf(brushes_[i]);
    if (rowCount() > 0)
        emit dataChanged(index(0, NameColumn), index(rowCount() - 1, NameColumn),
                         {Qt::DecorationRole});
}

QString BreakdownModel::componentToolTip(Component component) const {
    const ComponentBreakdown& b = eval_.per_gpu[static_cast<std::size_t>(component)];
    QString text = QStringLiteral("<b>%1</b>: %2")
                       .arg(uiLabel(component).toHtmlEscaped(), formatSizeBoth(b.bytes));
    if (eval_.total > 0)
        text += tr(" &mdash; %1 % of the total")
                    .arg(QLocale().toString(100.0 * b.bytes / eval_.total, 'f', 1));
    if (b.part_count > 0) {
        text +=
            QStringLiteral("<br/>") + tr("Made of:") + QStringLiteral("<ul style=\"margin:0\">");
        for (std::size_t i = 0; i < b.part_count; ++i)
            text += QStringLiteral("<li>%1: %2</li>")
                        .arg(partLabel(b.parts[i].label).toHtmlEscaped(),
                             formatSizeBoth(b.parts[i].bytes));
        text += QStringLiteral("</ul>");
    } else if (b.bytes <= 0) {
        text += QStringLiteral("<br/>") + tr("Nothing of this kind is resident at the peak.");
    }
    return text;
}

int BreakdownModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int BreakdownModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BreakdownModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = rows_[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            switch (row.kind) {
            case RowKind::Component:
                return uiLabel(row.component);
            case RowKind::Part: // indented under its component
                return QString(QStringLiteral("    ") + partLabel(row.label));
            case RowKind::PeakAllocated:
                return tr("Peak allocated");
            case RowKind::Total:
                return tr("Total (as nvidia-smi shows)");
            }
            return {};
        case SizeColumn:
            return formatSize(row.bytes, units_);
        case ShareColumn:
            if (eval_.total <= 0)
                return {};
            return tr("%1 %").arg(QLocale().toString(100.0 * row.bytes / eval_.total, 'f', 1));
        }
        return {};
    case Qt::ToolTipRole:
        if (row.kind == RowKind::Part) // its own name first: the table may cut it off
            return QString(
                QStringLiteral("<b>%1</b>: %2<br/>")
                    .arg(partLabel(row.label).toHtmlEscaped(), formatSizeBoth(row.bytes)) +
                componentToolTip(row.component));
        if (row.kind == RowKind::Component)
            return componentToolTip(row.component);
        if (row.kind == RowKind::PeakAllocated)
            return tr("%1: the sum of the five components above, what "
                      "torch.cuda.max_memory_allocated() reports")
                .arg(formatSizeBoth(row.bytes));
        return tr("%1: peak allocated plus runtime overhead, what nvidia-smi shows")
            .arg(formatSizeBoth(row.bytes));
    case Qt::TextAlignmentRole:
        if (index.column() != NameColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::FontRole:
        if (row.kind == RowKind::Component || row.kind == RowKind::Total) {
            QFont f;
            f.setBold(true);
            return f;
        }
        if (row.kind == RowKind::Part) {
            QFont f;
            f.setItalic(true);
            return f;
        }
        return {};
    case Qt::DecorationRole:
        if (index.column() == NameColumn && row.kind == RowKind::Component &&
            !swatches_[static_cast<std::size_t>(row.component)].isNull())
            return swatches_[static_cast<std::size_t>(row.component)];
        if (index.column() == NameColumn && row.kind == RowKind::Part) {
            // A part the chart draws as its own segment carries that segment's colour.
            const Segment seg = segmentOf(row.component, row.label);
            const bool own =
                seg == Segment::KvCache || seg == Segment::CudaGraphs || seg == Segment::NonTorch;
            if (own && !segmentSwatches_[static_cast<std::size_t>(seg)].isNull())
                return segmentSwatches_[static_cast<std::size_t>(seg)];
        }
        return {};
    case BytesRole:
        return row.bytes;
    case RowKindRole:
        return static_cast<int>(row.kind);
    case ComponentRole:
        return static_cast<int>(row.component);
    default:
        return {};
    }
}

QVariant BreakdownModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Component");
    case SizeColumn:
        return unitDescription(units_);
    case ShareColumn:
        return tr("Share");
    default:
        return {};
    }
}

} // namespace memplan::gui
