// Scenarios: the columns of the Compare view and the lines of the Sweep view. Each scenario is
// a variant of the current plan that stores only what it overrides (the recipe, the sharding,
// the GPU count, ...), so editing the main plan updates every column. ScenarioModel holds up to
// eight of them, each with its resolved plan and its evaluation (memplan::evaluate).
#pragma once

#include "memplan/evaluation.h"
#include "memplan/plan.h"
#include "memplan/presets.h"
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

// The settings a scenario can override, in display order.
enum class OverrideKey {
    Precision,
    Method,
    Accounting,
    Optimizer,
    Checkpointing,
    Attention,
    Sharding,
    Gpus,
    MicroBatch,
    SeqLen,
    LoraRank,
    ModelPreset,
    Params,
    Gpu,
    Count
};

struct OverrideKeyInfo {
    OverrideKey key;
    std::string_view path;  // plan-file key path, e.g. "training.precision"
    std::string_view alias; // short spelling accepted on the command line, e.g. "precision"
    const char* label;      // display label (translated through ScenarioOverrides::keyLabel)
};
std::span<const OverrideKeyInfo> overrideKeys();
std::optional<OverrideKey> overrideKeyFromName(std::string_view pathOrAlias);

// What one scenario changes relative to the current plan. Values are kept in the plan file's
// spelling ("int8", "zero3", "16") and validated when set.
class ScenarioOverrides {
public:
    bool empty() const { return values_.empty(); }
    std::size_t size() const { return values_.size(); }
    const std::map<OverrideKey, std::string>& values() const { return values_; }
    std::optional<std::string> value(OverrideKey key) const;

    // Sets one override; an invalid value leaves the overrides unchanged, returns false and
    // sets *error to "key.path: problem".
    bool set(OverrideKey key, const std::string& value, const PresetLibrary& presets,
             QString* error = nullptr);
    void clear(OverrideKey key) { values_.erase(key); }

    // One command-line item: a bare recipe, method, sharding or optimizer key ("int8",
    // "qlora", "zero3", "adamw-8bit"), or assignments "path=value" joined by '+'
    // ("parallelism.sharding=zero3+parallelism.gpus=16").
    static std::optional<ScenarioOverrides> parse(std::string_view item,
                                                  const PresetLibrary& presets, QString* error);

    // The plan with these overrides applied (GPU count keeps the sharding group consistent,
    // a parameter count re-derives the shape, a model preset replaces the shape).
    void applyTo(Plan& plan, const PresetLibrary& presets) const;

    // "Recipe: INT8, GPUs: 16" (empty when nothing is overridden).
    QString describe(const PresetLibrary& presets) const;
    // A short column name: "INT8", "ZeRO-3 · 16 GPUs"; "Current plan" when empty.
    QString shortName(const PresetLibrary& presets) const;
    // {"training.precision": "int8", "parallelism.gpus": 16}
    nlohmann::json toJson() const;

    static QString keyLabel(OverrideKey key);
    // The plan's own value of a key, in the plan file's spelling ("bf16-mixed", "4").
    static std::string planValue(OverrideKey key, const Plan& plan);
    // Display label of one value of a key ("int8" -> "INT8", "rtx-4090" -> "RTX 4090").
    static QString valueLabel(OverrideKey key, const std::string& value,
                              const PresetLibrary& presets);

    bool operator==(const ScenarioOverrides&) const = default;

private:
    std::map<OverrideKey, std::string> values_;
};

// One scenario, resolved against the current plan.
struct Scenario {
    QString name;            // as shown (the user's name, or the automatic one)
    bool customName = false; // true when the user named it
    ScenarioOverrides overrides;
    QString changes; // overrides.describe(): "Recipe: INT8, GPUs: 16"
    Plan plan;       // current plan + overrides
    Evaluation evaluation;
    QString problem; // why the variant is not a valid plan, "" when it is
};

// The recipes a new comparison starts with: FP32, BF16 mixed, INT8.
std::vector<ScenarioOverrides> defaultRecipeScenarios(const PresetLibrary& presets);

class ScenarioModel : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr int kMaxScenarios = 8;
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
