// The per-GPU breakdown as a table: one row per component, its parts (ComponentBreakdown)
// indented below it, peak allocated and the total. It feeds both the breakdown table and the
// chart (MemoryChartView reads BytesRole of the component rows). Row structure only changes
// when the set of parts does; value updates are dataChanged() in place.
#pragma once

#include "memplan/evaluation.h"
#include "memplan/units.h"

#include <QAbstractTableModel>
#include <QBrush>
#include <QPixmap>

class QTimer;

#include <array>
#include <string_view>
#include <vector>

namespace memplan::gui {

class BreakdownModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, SizeColumn, ShareColumn, ColumnCount };
    enum class RowKind { Component, Part, PeakAllocated, Total };
    enum Role {
        BytesRole = Qt::UserRole + 1, // double, bytes of the row
        RowKindRole,                  // int(RowKind)
        ComponentRole,                // int(Component) of the row (parts: their component)
    };

    explicit BreakdownModel(QObject* parent = nullptr);

    void setEvaluation(const Evaluation& evaluation);
    // Drops the rows of parts that are no longer present (done by itself kCompactDelayMs after
    // the last change that left such rows at zero).
    void compact();
    static constexpr int kCompactDelayMs = 400;
    const Evaluation& evaluation() const { return eval_; }

    UnitSystem units() const { return units_; }
    void setUnits(UnitSystem units); // emits unitsChanged only on a real change

    // Swatches the table shows beside each component (the chart's series brushes).
    void setComponentBrushes(const std::array<QBrush, kComponentCount>& brushes);

    int rowOf(Component component) const {
        return componentRow_[static_cast<std::size_t>(component)];
    }
    double bytes(Component component) const { return eval_.bytes(component); }
    bool hasCapacity() const { return eval_.ok && eval_.has_capacity; }
    double capacity() const { return eval_.capacity; }
    double total() const { return eval_.total; }
    double totalLow() const { return eval_.total_low; } // the band (core band.h)
    double totalHigh() const { return eval_.total_high; }

    // "Optimizer states: 25.10 GiB (26.95 GB)" and its parts, in both units.
    QString componentToolTip(Component component) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

signals:
    void unitsChanged(memplan::UnitSystem units);

private:
    struct Row {
        RowKind kind;
        Component component;
        std::string_view label; // part label (string literal owned by the core)
        double bytes;
    };
    void buildRows(const Evaluation& e, std::vector<Row>& rows) const;
    void resetRows(std::vector<Row> rows);
    static std::vector<Row> mergeRows(const std::vector<Row>& current,
                                      const std::vector<Row>& fresh);

    Evaluation eval_;
    UnitSystem units_ = UnitSystem::Binary;
    std::vector<Row> rows_;
    QTimer* compactTimer_;
    std::array<int, kComponentCount> componentRow_{};
    std::array<QBrush, kComponentCount> brushes_{};
    std::array<QPixmap, kComponentCount> swatches_{};
};

} // namespace memplan::gui
