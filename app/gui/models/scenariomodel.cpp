#include "models/scenariomodel.h"

#include "document/planedits.h"
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

// The core's English labels and short formats, listed for lupdate; translated in this
// context (memplan/scenario.h holds the same strings).
[[maybe_unused]] constexpr const char* kScenarioWords[] = {
    QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "Recipe"),
    QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "Method"),
    QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "Accounting"),
    QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "Optimizer"),
    QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "Checkpointing"),
    QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "Attention"),
    QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "Sharding"),
    QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "GPUs"),
    QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "Micro-batch"),
    QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "Sequence length"),
    QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "LoRA rank"),
    QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "Model"),
    QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "Parameters"),
    QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "GPU"),
    QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "%1 GPUs"),
    QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "micro-batch %1"),
    QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "%1 tokens"),
    QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "rank %1"),
    QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "%1 params"),
    QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "%1 accounting"),
    QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "%1 recompute"),
    QT_TRANSLATE_NOOP("memplan::gui::ScenarioModel", "%1 attention"),
};

QString trCore(std::string_view text) {
    return ScenarioModel::tr(std::string(text).c_str());
}

// "ZeRO-3 / FSDP FULL_SHARD" -> "ZeRO-3": column labels stay short.
QString shortLabel(const QString& label) {
    const qsizetype slash = label.indexOf(QLatin1String(" / "));
    return slash > 0 ? label.left(slash) : label;
}

} // namespace

QString overrideKeyLabel(OverrideKey key) {
    return trCore(memplan::scenarioKeyInfo(key).label);
}

QString overrideValueLabel(OverrideKey key, const std::string& value,
                           const PresetLibrary& presets) {
    const memplan::ScenarioKeyInfo& k = memplan::scenarioKeyInfo(key);
    switch (k.kind) {
    case memplan::ScenarioValueKind::Enum:
        return QCoreApplication::translate("memplan::names",
                                           std::string(k.enumLabel(value)).c_str());
    case memplan::ScenarioValueKind::Integer: {
        bool ok = false;
        const qlonglong v = QString::fromStdString(value).toLongLong(&ok);
        return ok ? QLocale().toString(v) : QString::fromStdString(value);
    }
    default:
        return QString::fromStdString(memplan::scenarioValueLabel(key, value, presets));
    }
}

QString overridesText(const ScenarioOverrides& overrides, const PresetLibrary& presets) {
    QStringList parts;
    for (const auto& [key, value] : overrides.values())
        parts << ScenarioModel::tr("%1: %2").arg(overrideKeyLabel(key),
                                                 overrideValueLabel(key, value, presets));
    return parts.join(QLatin1String(", "));
}

QString overridesShortName(const ScenarioOverrides& overrides, const PresetLibrary& presets) {
    if (overrides.empty())
        return ScenarioModel::tr("Current plan");
    QStringList parts;
    for (const auto& [key, value] : overrides.values()) {
        QString v = overrideValueLabel(key, value, presets);
        if (key == OverrideKey::Sharding)
            v = shortLabel(v);
        if (key == OverrideKey::Accounting)
            v = v.toLower();
        parts << (key == OverrideKey::Gpus && value == "1"
                      ? ScenarioModel::tr("1 GPU")
                      : trCore(memplan::scenarioKeyInfo(key).shortFormat).arg(v));
    }
    return parts.join(QStringLiteral(" \u00b7 "));
}

std::vector<memplan::ScenarioResult> coreScenarios(const std::vector<Scenario>& scenarios) {
    std::vector<memplan::ScenarioResult> out;
    out.reserve(scenarios.size());
    for (const Scenario& s : scenarios)
        out.push_back({s.name.toStdString(), s.overrides, s.changes.toStdString(), s.plan,
                       s.evaluation, s.problem.toStdString()});
    return out;
}

// --- ScenarioModel --------------------------------------------------------------------------

ScenarioModel::ScenarioModel(const PresetLibrary& presets, QObject* parent)
    : QAbstractTableModel(parent)
    , presets_(presets) {}

void ScenarioModel::resolve(Scenario& s) const {
    memplan::ScenarioResult r = memplan::resolveScenario(base_, s.overrides, presets_);
    s.plan = std::move(r.plan);
    s.evaluation = r.evaluation;
    s.problem = QString::fromStdString(r.problem);
    s.changes = overridesText(s.overrides, presets_);
    if (!s.customName)
        s.name = automaticName(s);
}

QString ScenarioModel::automaticName(const Scenario& s) const {
    const QString base = overridesShortName(s.overrides, presets_);
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
                                       : overridesText(s.overrides, presets_);
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
        QString tip = s.overrides.empty()
                          ? tr("The current plan, unchanged")
                          : tr("Changes: %1").arg(overridesText(s.overrides, presets_));
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
