#include "scenariomodel.h"

#include "planedits.h"
#include "unitformat.h"

#include "memplan/errors.h"
#include "memplan/model.h"
#include "memplan/model_json.h"
#include "memplan/names.h"
#include "memplan/plan_json.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace memplan::gui {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("memplan::gui::ScenarioModel", text);
}

constexpr OverrideKeyInfo kKeys[] = {
    {OverrideKey::Precision, "training.precision", "precision",
     QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "Recipe")},
    {OverrideKey::Method, "training.method", "method",
     QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "Method")},
    {OverrideKey::Accounting, "training.accounting", "accounting",
     QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "Accounting")},
    {OverrideKey::Optimizer, "training.optimizer", "optimizer",
     QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "Optimizer")},
    {OverrideKey::Checkpointing, "training.checkpointing", "checkpointing",
     QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "Checkpointing")},
    {OverrideKey::Attention, "training.attention", "attention",
     QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "Attention")},
    {OverrideKey::Sharding, "parallelism.sharding", "sharding",
     QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "Sharding")},
    {OverrideKey::Gpus, "parallelism.gpus", "gpus",
     QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "GPUs")},
    {OverrideKey::MicroBatch, "training.micro_batch", "micro_batch",
     QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "Micro-batch")},
    {OverrideKey::SeqLen, "training.seq_len", "seq_len",
     QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "Sequence length")},
    {OverrideKey::LoraRank, "training.lora.rank", "lora_rank",
     QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "LoRA rank")},
    {OverrideKey::ModelPreset, "model.preset", "model",
     QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "Model")},
    {OverrideKey::Params, "model.params", "params",
     QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "Parameters")},
    {OverrideKey::Gpu, "hardware.gpu", "gpu",
     QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "GPU")},
};
static_assert(std::size(kKeys) == static_cast<std::size_t>(OverrideKey::Count));

const OverrideKeyInfo& info(OverrideKey key) {
    return kKeys[static_cast<std::size_t>(key)];
}

QString q(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

std::optional<int64_t> parseInt(std::string_view s) {
    int64_t v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size())
        return std::nullopt;
    return v;
}

// "7e9", "6738415616", "7B", "350M", "1.5T".
std::optional<double> parseCount(std::string_view s) {
    double scale = 1;
    if (!s.empty()) {
        switch (s.back()) {
        case 'K':
        case 'k':
            scale = 1e3;
            break;
        case 'M':
        case 'm':
            scale = 1e6;
            break;
        case 'B':
        case 'b':
        case 'G':
        case 'g':
            scale = 1e9;
            break;
        case 'T':
        case 't':
            scale = 1e12;
            break;
        default:
            break;
        }
        if (scale != 1)
            s.remove_suffix(1);
    }
    bool ok = false;
    const double v = QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())).toDouble(&ok);
    if (!ok || !std::isfinite(v))
        return std::nullopt;
    return v * scale;
}

template <typename E> bool validEnum(const std::string& value) {
    return fromKey<E>(value).has_value();
}

// "ZeRO-3 / FSDP FULL_SHARD" -> "ZeRO-3": column labels stay short.
QString shortLabel(const QString& label) {
    const qsizetype slash = label.indexOf(QLatin1String(" / "));
    return slash > 0 ? label.left(slash) : label;
}

} // namespace

std::span<const OverrideKeyInfo> overrideKeys() {
    return kKeys;
}

std::optional<OverrideKey> overrideKeyFromName(std::string_view name) {
    for (const auto& k : kKeys)
        if (k.path == name || k.alias == name)
            return k.key;
    if (name == "recipe")
        return OverrideKey::Precision;
    return std::nullopt;
}

QString ScenarioOverrides::keyLabel(OverrideKey key) {
    return tr(info(key).label);
}

std::optional<std::string> ScenarioOverrides::value(OverrideKey key) const {
    const auto it = values_.find(key);
    if (it == values_.end())
        return std::nullopt;
    return it->second;
}

bool ScenarioOverrides::set(OverrideKey key, const std::string& value, const PresetLibrary& presets,
                            QString* error) {
    QString problem;
    auto allowed = [&](std::string list) {
        problem = tr("unknown value \"%1\" (allowed: %2)")
                      .arg(QString::fromStdString(value), QString::fromStdString(list));
    };
    auto positive = [&](int64_t max) {
        const auto v = parseInt(value);
        if (!v || *v < 1 || *v > max)
            problem = tr("\"%1\" is not a whole number from 1 to %2")
                          .arg(QString::fromStdString(value))
                          .arg(max);
    };
    switch (key) {
    case OverrideKey::Precision:
        if (!validEnum<Recipe>(value))
            allowed(allowedKeys<Recipe>());
        break;
    case OverrideKey::Method:
        if (!validEnum<Method>(value))
            allowed(allowedKeys<Method>());
        break;
    case OverrideKey::Accounting:
        if (!validEnum<Accounting>(value))
            allowed(allowedKeys<Accounting>());
        break;
    case OverrideKey::Optimizer:
        if (!validEnum<Optimizer>(value))
            allowed(allowedKeys<Optimizer>());
        break;
    case OverrideKey::Checkpointing:
        if (!validEnum<Checkpointing>(value))
            allowed(allowedKeys<Checkpointing>());
        break;
    case OverrideKey::Attention:
        if (!validEnum<Attention>(value))
            allowed(allowedKeys<Attention>());
        break;
    case OverrideKey::Sharding:
        if (!validEnum<Sharding>(value))
            allowed(allowedKeys<Sharding>());
        break;
    case OverrideKey::Gpus:
        positive(1 << 20);
        break;
    case OverrideKey::MicroBatch:
        positive(1 << 20);
        break;
    case OverrideKey::SeqLen:
        positive(1 << 24);
        break;
    case OverrideKey::LoraRank:
        positive(1 << 16);
        break;
    case OverrideKey::Params: {
        const auto v = parseCount(value);
        if (!v || *v < 1e3 || *v > 1e15)
            problem = tr("\"%1\" is not a parameter count from 1e3 to 1e15")
                          .arg(QString::fromStdString(value));
        break;
    }
    case OverrideKey::ModelPreset:
        if (!presets.findModel(value))
            problem = tr("no bundled model preset \"%1\"").arg(QString::fromStdString(value));
        break;
    case OverrideKey::Gpu:
        if (!presets.findGpu(value))
            problem = tr("no bundled GPU preset \"%1\"").arg(QString::fromStdString(value));
        break;
    case OverrideKey::Count:
        problem = tr("unknown setting");
        break;
    }
    if (!problem.isEmpty()) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(q(info(key).path), problem);
        return false;
    }
    values_[key] = value;
    return true;
}

std::optional<ScenarioOverrides>
ScenarioOverrides::parse(std::string_view item, const PresetLibrary& presets, QString* error) {
    ScenarioOverrides out;
    auto trim = [](std::string_view s) {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
            s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
            s.remove_suffix(1);
        return s;
    };
    item = trim(item);
    if (item.empty()) {
        if (error)
            *error = tr("empty scenario");
        return std::nullopt;
    }
    while (!item.empty()) {
        const std::size_t plus = item.find('+');
        const std::string_view part = trim(item.substr(0, plus));
        item = plus == std::string_view::npos ? std::string_view() : item.substr(plus + 1);
        const std::size_t eq = part.find('=');
        if (eq == std::string_view::npos) {
            // A bare word: the first enum that knows it. Recipes first (the contract's --compare).
            const std::string word(part);
            std::optional<OverrideKey> key;
            if (fromKey<Recipe>(word))
                key = OverrideKey::Precision;
            else if (fromKey<Method>(word))
                key = OverrideKey::Method;
            else if (fromKey<Sharding>(word))
                key = OverrideKey::Sharding;
            else if (fromKey<Optimizer>(word))
                key = OverrideKey::Optimizer;
            if (!key) {
                if (error)
                    *error = tr("unknown recipe \"%1\" (allowed: %2; or KEY=VALUE such as "
                                "parallelism.gpus=16)")
                                 .arg(QString::fromStdString(word),
                                      QString::fromStdString(allowedKeys<Recipe>()));
                return std::nullopt;
            }
            out.values_[*key] = word;
            continue;
        }
        const std::string_view name = trim(part.substr(0, eq));
        const auto key = overrideKeyFromName(name);
        if (!key) {
            QStringList keys;
            for (const auto& k : kKeys)
                keys << q(k.path);
            if (error)
                *error = tr("%1: not a setting a scenario can change (allowed: %2)")
                             .arg(q(name), keys.join(QLatin1String(", ")));
            return std::nullopt;
        }
        if (!out.set(*key, std::string(trim(part.substr(eq + 1))), presets, error))
            return std::nullopt;
    }
    return out;
}

void ScenarioOverrides::applyTo(Plan& plan, const PresetLibrary& presets) const {
    for (const auto& [key, value] : values_) {
        TrainingSpec& t = plan.training;
        switch (key) {
        case OverrideKey::Precision:
            t.precision = fromKey<Recipe>(value).value_or(t.precision);
            break;
        case OverrideKey::Method:
            t.method = fromKey<Method>(value).value_or(t.method);
            break;
        case OverrideKey::Accounting:
            t.accounting = fromKey<Accounting>(value).value_or(t.accounting);
            break;
        case OverrideKey::Optimizer:
            t.optimizer = fromKey<Optimizer>(value).value_or(t.optimizer);
            break;
        case OverrideKey::Checkpointing:
            t.checkpointing = fromKey<Checkpointing>(value).value_or(t.checkpointing);
            break;
        case OverrideKey::Attention:
            t.attention = fromKey<Attention>(value).value_or(t.attention);
            break;
        case OverrideKey::Sharding:
            plan.parallelism.sharding =
                fromKey<Sharding>(value).value_or(plan.parallelism.sharding);
            break;
        case OverrideKey::Gpus:
            if (const auto v = parseInt(value))
                setGpuCount(plan, *v);
            break;
        case OverrideKey::MicroBatch:
            t.micro_batch = parseInt(value).value_or(t.micro_batch);
            break;
        case OverrideKey::SeqLen:
            t.seq_len = parseInt(value).value_or(t.seq_len);
            break;
        case OverrideKey::LoraRank:
            t.lora.rank = parseInt(value).value_or(t.lora.rank);
            break;
        case OverrideKey::ModelPreset:
            if (const ModelPreset* preset = presets.findModel(value))
                applyModelPreset(plan, *preset);
            break;
        case OverrideKey::Params:
            if (const auto v = parseCount(value))
                setParamCount(plan, *v);
            break;
        case OverrideKey::Gpu:
            // Capacity and context size then come from the GPU preset, not the plan's override.
            plan.hardware.gpu = value;
            plan.hardware.memory_gib.reset();
            plan.hardware.runtime_overhead_gib.reset();
            break;
        case OverrideKey::Count:
            break;
        }
    }
}

QString ScenarioOverrides::valueLabel(OverrideKey key, const std::string& value,
                                      const PresetLibrary& presets) {
    const QLocale locale;
    switch (key) {
    case OverrideKey::Precision:
        return uiLabel(fromKey<Recipe>(value).value_or(Recipe::Fp32));
    case OverrideKey::Method:
        return uiLabel(fromKey<Method>(value).value_or(Method::Full));
    case OverrideKey::Accounting:
        return uiLabel(fromKey<Accounting>(value).value_or(Accounting::Realistic));
    case OverrideKey::Optimizer:
        return uiLabel(fromKey<Optimizer>(value).value_or(Optimizer::AdamW));
    case OverrideKey::Checkpointing:
        return uiLabel(fromKey<Checkpointing>(value).value_or(Checkpointing::None));
    case OverrideKey::Attention:
        return uiLabel(fromKey<Attention>(value).value_or(Attention::Flash));
    case OverrideKey::Sharding:
        return uiLabel(fromKey<Sharding>(value).value_or(Sharding::None));
    case OverrideKey::Gpus:
    case OverrideKey::MicroBatch:
    case OverrideKey::SeqLen:
    case OverrideKey::LoraRank:
        return locale.toString(static_cast<qlonglong>(parseInt(value).value_or(0)));
    case OverrideKey::Params:
        return QString::fromStdString(formatCount(parseCount(value).value_or(0)));
    case OverrideKey::ModelPreset: {
        const ModelPreset* p = presets.findModel(value);
        return p && !p->model.name.empty() ? QString::fromStdString(p->model.name)
                                           : QString::fromStdString(value);
    }
    case OverrideKey::Gpu: {
        const GpuPreset* g = presets.findGpu(value);
        return g && !g->name.empty() ? QString::fromStdString(g->name)
                                     : QString::fromStdString(value);
    }
    case OverrideKey::Count:
        break;
    }
    return QString::fromStdString(value);
}

std::string ScenarioOverrides::planValue(OverrideKey key, const Plan& plan) {
    const TrainingSpec& t = plan.training;
    switch (key) {
    case OverrideKey::Precision:
        return std::string(keyOf(t.precision));
    case OverrideKey::Method:
        return std::string(keyOf(t.method));
    case OverrideKey::Accounting:
        return std::string(keyOf(t.accounting));
    case OverrideKey::Optimizer:
        return std::string(keyOf(t.optimizer));
    case OverrideKey::Checkpointing:
        return std::string(keyOf(t.checkpointing));
    case OverrideKey::Attention:
        return std::string(keyOf(t.attention));
    case OverrideKey::Sharding:
        return std::string(keyOf(plan.parallelism.sharding));
    case OverrideKey::Gpus:
        return std::to_string(plan.parallelism.gpus);
    case OverrideKey::MicroBatch:
        return std::to_string(t.micro_batch);
    case OverrideKey::SeqLen:
        return std::to_string(t.seq_len);
    case OverrideKey::LoraRank:
        return std::to_string(t.lora.rank);
    case OverrideKey::ModelPreset:
        return plan.model.preset;
    case OverrideKey::Params: {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.0f", modelParamCount(plan.model));
        return buf;
    }
    case OverrideKey::Gpu:
        return plan.hardware.gpu;
    case OverrideKey::Count:
        break;
    }
    return {};
}

QString ScenarioOverrides::describe(const PresetLibrary& presets) const {
    QStringList parts;
    for (const auto& [key, value] : values_)
        parts << tr("%1: %2").arg(keyLabel(key), valueLabel(key, value, presets));
    return parts.join(QLatin1String(", "));
}

QString ScenarioOverrides::shortName(const PresetLibrary& presets) const {
    if (values_.empty())
        return tr("Current plan");
    QStringList parts;
    for (const auto& [key, value] : values_) {
        const QString v = valueLabel(key, value, presets);
        switch (key) {
        case OverrideKey::Sharding:
            parts << shortLabel(v);
            break;
        case OverrideKey::Gpus:
            parts << (value == "1" ? tr("1 GPU") : tr("%1 GPUs").arg(v));
            break;
        case OverrideKey::MicroBatch:
            parts << tr("micro-batch %1").arg(v);
            break;
        case OverrideKey::SeqLen:
            parts << tr("%1 tokens").arg(v);
            break;
        case OverrideKey::LoraRank:
            parts << tr("rank %1").arg(v);
            break;
        case OverrideKey::Params:
            parts << tr("%1 params").arg(v);
            break;
        case OverrideKey::Accounting:
            parts << tr("%1 accounting").arg(v.toLower());
            break;
        case OverrideKey::Checkpointing:
            parts << tr("%1 recompute").arg(v);
            break;
        case OverrideKey::Attention:
            parts << tr("%1 attention").arg(v);
            break;
        default:
            parts << v;
            break;
        }
    }
    return parts.join(QStringLiteral(" \u00b7 "));
}

nlohmann::json ScenarioOverrides::toJson() const {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [key, value] : values_) {
        const std::string path(info(key).path);
        switch (key) {
        case OverrideKey::Gpus:
        case OverrideKey::MicroBatch:
        case OverrideKey::SeqLen:
        case OverrideKey::LoraRank:
            j[path] = parseInt(value).value_or(0);
            break;
        case OverrideKey::Params:
            j[path] = parseCount(value).value_or(0);
            break;
        default:
            j[path] = value;
            break;
        }
    }
    return j;
}

std::vector<ScenarioOverrides> defaultRecipeScenarios(const PresetLibrary& presets) {
    std::vector<ScenarioOverrides> out;
    for (const char* r : {"fp32", "bf16-mixed", "int8"}) {
        ScenarioOverrides o;
        o.set(OverrideKey::Precision, r, presets);
        out.push_back(o);
    }
    return out;
}

// --- ScenarioModel --------------------------------------------------------------------------

ScenarioModel::ScenarioModel(const PresetLibrary& presets, QObject* parent)
    : QAbstractTableModel(parent)
    , presets_(presets) {}

void ScenarioModel::resolve(Scenario& s) const {
    s.plan = base_;
    s.overrides.applyTo(s.plan, presets_);
    s.evaluation = evaluate(s.plan, presets_);
    try {
        validateModelShape(s.plan.model, std::string(), "model");
        validatePlan(s.plan, std::string());
        s.problem.clear();
    } catch (const InputError& e) {
        s.problem = QString::fromStdString(e.keyPath().empty() ? e.problem()
                                                               : e.keyPath() + ": " + e.problem());
    }
    s.changes = s.overrides.describe(presets_);
    if (!s.customName)
        s.name = automaticName(s);
}

QString ScenarioModel::automaticName(const Scenario& s) const {
    const QString base = s.overrides.shortName(presets_);
    // Two columns with the same changes are told apart by a number.
    int same = 0;
    for (const Scenario& other : scenarios_) {
        if (&other == &s)
            break;
        if (!other.customName && other.overrides == s.overrides)
            ++same;
    }
    return same == 0 ? base : tr("%1 (%2)").arg(base).arg(same + 1);
}

void ScenarioModel::renameAutomatic() {
    for (int row = 0; row < count(); ++row) {
        Scenario& s = scenarios_[static_cast<std::size_t>(row)];
        if (s.customName)
            continue;
        const QString name = automaticName(s);
        if (name != s.name) {
            s.name = name;
            emit dataChanged(index(row, NameColumn), index(row, NameColumn));
        }
    }
}

void ScenarioModel::setBasePlan(const Plan& plan) {
    base_ = plan;
    for (Scenario& s : scenarios_)
        resolve(s);
    if (!scenarios_.empty())
        emit dataChanged(index(0, 0), index(count() - 1, ColumnCount - 1));
    emit scenariosChanged();
}

bool ScenarioModel::addScenario(const ScenarioOverrides& overrides, const QString& name) {
    return insertScenario(count(), overrides, name);
}

bool ScenarioModel::insertScenario(int row, const ScenarioOverrides& overrides,
                                   const QString& name) {
    if (count() >= kMaxScenarios || row < 0 || row > count())
        return false;
    beginInsertRows({}, row, row);
    Scenario s;
    s.overrides = overrides;
    s.customName = !name.trimmed().isEmpty();
    s.name = name.trimmed();
    scenarios_.insert(scenarios_.begin() + row, std::move(s));
    resolve(scenarios_[static_cast<std::size_t>(row)]);
    endInsertRows();
    renameAutomatic(); // automatic names number duplicates in column order
    emit scenariosChanged();
    return true;
}

bool ScenarioModel::duplicateScenario(int row) {
    if (row < 0 || row >= count())
        return false;
    return insertScenario(row + 1, scenario(row).overrides);
}

bool ScenarioModel::removeScenario(int row) {
    if (row < 0 || row >= count())
        return false;
    beginRemoveRows({}, row, row);
    scenarios_.erase(scenarios_.begin() + row);
    endRemoveRows();
    renameAutomatic();
    emit scenariosChanged();
    return true;
}

bool ScenarioModel::moveScenario(int from, int to) {
    if (from < 0 || from >= count() || to < 0 || to >= count() || from == to)
        return false;
    // beginMoveRows takes the destination as the row *before which* the row lands.
    if (!beginMoveRows({}, from, from, {}, to > from ? to + 1 : to))
        return false;
    Scenario s = std::move(scenarios_[static_cast<std::size_t>(from)]);
    scenarios_.erase(scenarios_.begin() + from);
    scenarios_.insert(scenarios_.begin() + to, std::move(s));
    endMoveRows();
    renameAutomatic();
    emit scenariosChanged();
    return true;
}

void ScenarioModel::setScenarios(const std::vector<ScenarioOverrides>& overrides) {
    beginResetModel();
    scenarios_.clear();
    for (const auto& o : overrides) {
        if (count() >= kMaxScenarios)
            break;
        Scenario s;
        s.overrides = o;
        scenarios_.push_back(std::move(s));
    }
    for (Scenario& s : scenarios_)
        resolve(s);
    endResetModel();
    emit scenariosChanged();
}

void ScenarioModel::clear() {
    setScenarios({});
}

bool ScenarioModel::setOverrides(int row, const ScenarioOverrides& overrides) {
    if (row < 0 || row >= count())
        return false;
    Scenario& s = scenarios_[static_cast<std::size_t>(row)];
    if (s.overrides == overrides)
        return true;
    s.overrides = overrides;
    for (Scenario& each : scenarios_)
        if (&each == &s)
            resolve(each);
        else if (!each.customName)
            each.name = automaticName(each);
    emit dataChanged(index(0, 0), index(count() - 1, ColumnCount - 1));
    emit scenariosChanged();
    return true;
}

bool ScenarioModel::setName(int row, const QString& name) {
    if (row < 0 || row >= count())
        return false;
    Scenario& s = scenarios_[static_cast<std::size_t>(row)];
    const QString trimmed = name.trimmed();
    const bool custom = !trimmed.isEmpty();
    if (custom == s.customName && (!custom || s.name == trimmed))
        return true;
    s.customName = custom;
    s.name = custom ? trimmed : automaticName(s);
    emit dataChanged(index(row, NameColumn), index(row, NameColumn));
    emit scenariosChanged();
    return true;
}

void ScenarioModel::setUnits(UnitSystem units) {
    if (units == units_)
        return;
    units_ = units;
    if (count() > 0)
        emit dataChanged(index(0, 0), index(count() - 1, ColumnCount - 1));
    emit unitsChanged(units_);
    emit scenariosChanged();
}

int ScenarioModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

int ScenarioModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ScenarioModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Scenario& s = scenario(index.row());
    const Evaluation& e = s.evaluation;
    const bool hasCap = e.ok && e.has_capacity;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (index.column()) {
        case NameColumn:
            return s.name;
        case ChangesColumn:
            return s.overrides.empty() ? tr("nothing (the current plan)")
                                       : s.overrides.describe(presets_);
        case TotalColumn:
            return e.ok ? formatSize(e.total, units_) : tr("refused");
        case HeadroomColumn:
            if (!hasCap)
                return tr("no GPU chosen");
            return e.fits ? tr("fits, %1 free").arg(formatSize(e.headroom, units_))
                          : tr("over by %1").arg(formatSize(-e.headroom, units_));
        default:
            return {};
        }
    case Qt::ToolTipRole: {
        QString tip = s.overrides.empty() ? tr("The current plan, unchanged")
                                          : tr("Changes: %1").arg(s.overrides.describe(presets_));
        if (e.ok)
            tip += QLatin1Char('\n') + tr("Total per GPU: %1").arg(formatSizeBoth(e.total));
        if (!s.problem.isEmpty())
            tip += QLatin1Char('\n') + tr("Not a valid plan: %1").arg(s.problem);
        if (!e.ok)
            tip += QLatin1Char('\n') +
                   QString::fromUtf8(e.refusal.data(), static_cast<qsizetype>(e.refusal.size()));
        return tip;
    }
    case Qt::TextAlignmentRole:
        if (index.column() == TotalColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == HeadroomColumn && hasCap && !e.fits) {
            const bool dark = QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
            return dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xc6, 0x28, 0x28);
        }
        return {};
    case BytesRole:
        if (index.column() == TotalColumn)
            return e.total;
        if (index.column() == HeadroomColumn && hasCap)
            return e.headroom;
        return {};
    case FitsRole:
        return hasCap ? QVariant(e.fits) : QVariant();
    default:
        return {};
    }
}

bool ScenarioModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid) ||
        index.column() != NameColumn)
        return false;
    return setName(index.row(), value.toString());
}

Qt::ItemFlags ScenarioModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == NameColumn)
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant ScenarioModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Vertical) {
        if (role == Qt::DisplayRole)
            return section + 1;
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Column");
    case ChangesColumn:
        return tr("Changes");
    case TotalColumn:
        return tr("Total per GPU (%1)").arg(unitName(units_));
    case HeadroomColumn:
        return tr("Fits?");
    default:
        return {};
    }
}

} // namespace memplan::gui
