// Scenarios: the columns of the Compare view and the lines of the Sweep view. Each scenario is
// a variant of the current plan that stores only what it overrides (the recipe, the sharding,
// the GPU count, ...), so editing the main plan updates every column. ScenarioModel holds up to
// eight of them, each with its resolved plan and its evaluation (memplan::evaluate).
#pragma once

#include "memplan/evaluation.h"
#include "memplan/plan.h"
#include "memplan/presets.h"
#include "memplan/scenario.h"
#include "memplan/units.h"

#include <QAbstractTableModel>
#include <QString>

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace memplan::gui {

// The scenario keys, their parsing, validation and application live in the core
// (memplan/scenario.h); the window only words them.
using OverrideKey = memplan::ScenarioKey;
using memplan::ScenarioOverrides;

// Translated display label of a key ("Recipe").
QString overrideKeyLabel(OverrideKey key);
// Translated display label of one value of a key ("int8" -> "INT8", "4096" -> "4,096").
QString overrideValueLabel(OverrideKey key, const std::string& value, const PresetLibrary& presets);
// "Recipe: INT8, GPUs: 16" (empty when nothing is overridden).
QString overridesText(const ScenarioOverrides& overrides, const PresetLibrary& presets);
// A short column name: "INT8", "ZeRO-3 · 16 GPUs"; "Current plan" when empty.
QString overridesShortName(const ScenarioOverrides& overrides, const PresetLibrary& presets);

// One scenario, resolved against the current plan.
struct Scenario {
    QString name;            // as shown (the user's name, or the automatic one)
    bool customName = false; // true when the user named it
    ScenarioOverrides overrides;
    QString changes; // overridesText(): "Recipe: INT8, GPUs: 16"
    Plan plan;       // current plan + overrides (memplan::resolveScenario)
    Evaluation evaluation;
    QString problem; // why the variant is not a valid plan, "" when it is
};

// The core's form of the columns (names as shown), for the data writers.
std::vector<memplan::ScenarioResult> coreScenarios(const std::vector<Scenario>& scenarios);

class ScenarioModel : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr int kMaxScenarios = memplan::kMaxScenarios;
    enum Column { NameColumn, TotalColumn, HeadroomColumn, ChangesColumn, ColumnCount };
    enum Role {
        BytesRole =
            Qt::UserRole + 1, // double: total per GPU (TotalColumn), headroom (HeadroomColumn)
        FitsRole,             // bool, or invalid when no capacity is known
    };

    explicit ScenarioModel(const PresetLibrary& presets, QObject* parent = nullptr);

    const PresetLibrary& presets() const { return presets_; }

    // The plan every scenario starts from; re-resolves and re-evaluates all of them.
    void setBasePlan(const Plan& plan);
    const Plan& basePlan() const { return base_; }

    int count() const { return static_cast<int>(scenarios_.size()); }
    const Scenario& scenario(int row) const { return scenarios_.at(static_cast<std::size_t>(row)); }
    const std::vector<Scenario>& scenarios() const { return scenarios_; }

    // Each returns false (and changes nothing) when full, or the row is out of range.
    bool addScenario(const ScenarioOverrides& overrides, const QString& name = {});
    bool insertScenario(int row, const ScenarioOverrides& overrides, const QString& name = {});
    bool duplicateScenario(int row); // inserted after `row`, same overrides, automatic name
    bool removeScenario(int row);
    bool moveScenario(int from, int to);
    void setScenarios(const std::vector<ScenarioOverrides>& overrides); // replaces all
    void clear();

    bool setOverrides(int row, const ScenarioOverrides& overrides);
    // An empty name returns to the automatic one.
    bool setName(int row, const QString& name);

    UnitSystem units() const { return units_; }
    void setUnits(UnitSystem units);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

signals:
    // After any change of the scenarios or their values (rows added/removed/moved included).
    void scenariosChanged();
    void unitsChanged(memplan::UnitSystem units);

private:
    void resolve(Scenario& s) const;
    QString automaticName(const Scenario& s) const;
    void renameAutomatic(); // after rows moved: numbers of equal columns follow the order

    const PresetLibrary& presets_;
    Plan base_;
    std::vector<Scenario> scenarios_;
    UnitSystem units_ = UnitSystem::Binary;
};

} // namespace memplan::gui
