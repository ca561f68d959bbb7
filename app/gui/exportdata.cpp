#include "exportdata.h"

#include "atomicwrite.h"

#include "compareexplain.h"
#include "planedits.h"
#include "unitformat.h"

#include "memplan/model.h"
#include "memplan/names.h"
#include "memplan/result_json.h"
#include "memplan/version.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLocale>

#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

namespace memplan::gui {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("memplan::gui::ExportData", text);
}

QString q(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

// A CSV text field, quoted when it has to be (RFC 4180). Text starting with = + - @ (or a
// tab or carriage return) would run as a formula in a spreadsheet (=HYPERLINK(...)): a
// leading apostrophe keeps it text (OWASP, "CSV Injection").
QString csv(const QString& text) {
    static const QString formulaStarts = QStringLiteral("=+-@\t\r");
    const QString field =
        !text.isEmpty() && formulaStarts.contains(text.front()) ? QLatin1Char('\'') + text : text;
    if (!field.contains(QLatin1Char(',')) && !field.contains(QLatin1Char('"')) &&
        !field.contains(QLatin1Char('\n')) && !field.contains(QLatin1Char('\r')))
        return field;
    QString f = field;
    f.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + f + QLatin1Char('"');
}

QString csvNumber(const nlohmann::json& j) {
    if (j.is_null())
        return {};
    if (j.is_boolean())
        return j.get<bool>() ? QStringLiteral("true") : QStringLiteral("false");
    if (j.is_number_integer())
        return QString::number(j.get<int64_t>());
    return QString::number(j.get<double>(), 'g', 17);
}

// A Markdown table cell: pipes escaped, no line breaks.
QString md(QString cell) {
    cell.replace(QLatin1Char('|'), QLatin1String("\\|"));
    cell.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return cell;
}

// "Micro-batch (…)" -> "micro-batch (…)" inside a sentence; "GPUs" and "LoRA rank" stay.
QString lowerFirst(QString s) {
    if (s.size() > 1 && s[1].isLower())
        s[0] = s[0].toLower();
    return s;
}

QString gpuName(const Plan& plan, const PresetLibrary& presets) {
    const GpuPreset* g = presets.findGpu(plan.hardware.gpu);
    return g ? QString::fromStdString(g->name) : QString::fromStdString(plan.hardware.gpu);
}

QString modelName(const Plan& plan, const PresetLibrary& presets) {
    if (!plan.model.preset.empty()) {
        const ModelPreset* p = presets.findModel(plan.model.preset);
        if (p && !p->model.name.empty())
            return QString::fromStdString(p->model.name);
    }
    if (!plan.model.name.empty())
        return QString::fromStdString(plan.model.name);
    return plan.model.shape_derived ? tr("derived Llama-style model") : tr("custom model");
}

const char* kComponentColumns[] = {"weights", "gradients", "optimizer_states", "activations",
                                   "other"};

} // namespace

std::optional<DataFormat> dataFormatForPath(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("csv"))
        return DataFormat::Csv;
    if (suffix == QLatin1String("md") || suffix == QLatin1String("markdown"))
        return DataFormat::Markdown;
    if (suffix == QLatin1String("json"))
        return DataFormat::Json;
    return std::nullopt;
}

QString planAssumptions(const Plan& plan, const PresetLibrary& presets, UnitSystem units) {
    const QLocale locale;
    const TrainingSpec& t = plan.training;
    const ParallelSpec& p = plan.parallelism;
    QStringList parts;
    parts << tr("Model: %1 (%2 parameters)")
                 .arg(modelName(plan, presets),
                      QString::fromStdString(formatCount(modelParamCount(plan.model))));
    parts << uiLabel(t.method);
    parts << tr("recipe %1").arg(uiLabel(t.precision));
    if (t.method != Method::Inference)
        parts << tr("optimizer %1").arg(uiLabel(t.optimizer));
    QString batch = tr("micro-batch %1 \u00d7 sequence %2 tokens")
                        .arg(t.micro_batch)
                        .arg(locale.toString(static_cast<qlonglong>(t.seq_len)));
    if (t.method == Method::Inference && t.new_tokens > 0)
        batch += tr(" + %1 generated").arg(locale.toString(static_cast<qlonglong>(t.new_tokens)));
    if (t.grad_accum > 1)
        batch += tr(", gradient accumulation %1").arg(t.grad_accum);
    parts << batch;
    QString gpus = p.gpus == 1 ? tr("1 GPU") : tr("%1 GPUs").arg(p.gpus);
    if (!plan.hardware.gpu.empty())
        gpus += QStringLiteral(" \u00d7 ") + gpuName(plan, presets);
    if (plan.hardware.memory_gib)
        gpus += tr(" (%1 GiB)").arg(locale.toString(*plan.hardware.memory_gib, 'g', 4));
    parts << gpus;
    if (p.sharding != Sharding::None || p.gpus > 1)
        parts << tr("sharding %1").arg(uiLabel(p.sharding));
    if (p.tp > 1 || p.pp > 1)
        parts << tr("TP %1 \u00d7 PP %2").arg(p.tp).arg(p.pp);
    if (p.offload != Offload::None)
        parts << tr("offload: %1").arg(uiLabel(p.offload));
    if (t.method != Method::Inference)
        parts << tr("checkpointing %1").arg(uiLabel(t.checkpointing).toLower());
    parts << tr("attention %1").arg(uiLabel(t.attention));
    parts << tr("%1 accounting").arg(uiLabel(t.accounting).toLower());
    parts << tr("sizes in %1").arg(unitDescription(units));
    parts << tr("memplan %1").arg(QString::fromLatin1(kVersion));
    return parts.join(QStringLiteral(" \u00b7 "));
}

QString compareAssumptions(const Plan& base, const std::vector<Scenario>& scenarios,
                           const PresetLibrary& presets, UnitSystem units) {
    std::set<OverrideKey> changed;
    for (const Scenario& s : scenarios)
        for (const auto& [key, value] : s.overrides.values())
            changed.insert(key);
    QStringList keys;
    for (OverrideKey k : changed)
        keys << lowerFirst(ScenarioOverrides::keyLabel(k));
    QString out = tr("Plan: %1.").arg(planAssumptions(base, presets, units));
    if (!keys.isEmpty())
        out += QLatin1Char(' ') +
               tr("Each column changes only: %1.").arg(keys.join(QLatin1String(", ")));
    return out;
}

QString sweepAssumptions(const Plan& base, const SweepResult& sweep, const PresetLibrary& presets,
                         UnitSystem units) {
    const SweepVariable v = sweep.range.variable;
    QString out = tr("Plan: %1.").arg(planAssumptions(base, presets, units));
    out += QLatin1Char(' ') + tr("Swept: %1 from %2 to %3 (the plan has %4).")
                                  .arg(lowerFirst(sweepVariableLabel(v)),
                                       formatSweepValue(v, sweep.range.from),
                                       formatSweepValue(v, sweep.range.to),
                                       formatSweepValue(v, currentSweepValue(v, base)));
    return out;
}

namespace {
QString planTitle(const Plan& plan) {
    return plan.name.empty() ? tr("Current plan") : QString::fromStdString(plan.name);
}

// "a", "a and b", "a, b and c"
QString joinAnd(QStringList items) {
    if (items.size() < 2)
        return items.join(QString());
    const QString last = items.takeLast();
    return tr("%1 and %2").arg(items.join(QLatin1String(", ")), last);
}
} // namespace

FigureText singleFigureText(const Plan& plan, const PresetLibrary& presets, UnitSystem units) {
    return {
        tr("%1: memory per GPU").arg(planTitle(plan)), {}, planAssumptions(plan, presets, units)};
}

FigureText compareFigureText(const Plan& base, const std::vector<Scenario>& scenarios,
                             const PresetLibrary& presets, UnitSystem units) {
    std::set<OverrideKey> keys;
    for (const Scenario& s : scenarios)
        for (const auto& [key, value] : s.overrides.values())
            keys.insert(key);
    QStringList labels;
    for (OverrideKey k : keys)
        labels << lowerFirst(ScenarioOverrides::keyLabel(k));
    FigureText t;
    t.title = labels.isEmpty()
                  ? tr("%1: memory per GPU compared").arg(planTitle(base))
                  : tr("%1: memory per GPU by %2").arg(planTitle(base), joinAnd(labels));
    t.notes = explainComparison(scenarios, units, presets);
    t.footer = compareAssumptions(base, scenarios, presets, units);
    return t;
}

FigureText sweepFigureText(const Plan& base, const SweepResult& sweep, const PresetLibrary& presets,
                           UnitSystem units) {
    return {tr("%1: total memory per GPU against %2")
                .arg(planTitle(base), lowerFirst(sweepVariableLabel(sweep.range.variable))),
            {},
            sweepAssumptions(base, sweep, presets, units)};
}

Scenario planScenario(const Plan& plan, const Evaluation& evaluation, const QString& name) {
    Scenario s;
    s.name = name;
    s.customName = true;
    s.plan = plan;
    s.evaluation = evaluation;
    return s;
}

QByteArray scenariosToCsv(const std::vector<Scenario>& scenarios) {
    QStringList header{QStringLiteral("scenario"), QStringLiteral("changes"),
                       QStringLiteral("recipe")};
    for (const char* c : kComponentColumns)
        header << QString::fromLatin1(c) + QStringLiteral("_bytes");
    header << QStringLiteral("peak_allocated_bytes") << QStringLiteral("runtime_overhead_bytes")
           << QStringLiteral("total_bytes") << QStringLiteral("total_gib")
           << QStringLiteral("capacity_bytes") << QStringLiteral("fits")
           << QStringLiteral("headroom_bytes") << QStringLiteral("host_bytes")
           << QStringLiteral("params_total") << QStringLiteral("params_trainable");
    QString out = header.join(QLatin1Char(',')) + QLatin1Char('\n');
    for (const Scenario& s : scenarios) {
        const nlohmann::json j = evaluationToJson(s.plan, s.evaluation);
        const nlohmann::json& g = j.at("per_gpu");
        QStringList row{csv(s.name), csv(QString::fromStdString(s.overrides.toJson().dump())),
                        q(keyOf(s.plan.training.precision))};
        for (const char* c : kComponentColumns)
            row << csvNumber(g.at(c));
        row << csvNumber(g.at("peak_allocated"))
            << csvNumber(g.value("runtime_overhead", nlohmann::json())) << csvNumber(g.at("total"));
        row << (g.at("total").is_null()
                    ? QString()
                    : QString::number(g.at("total").get<double>() / kGiB, 'f', 4));
        row << csvNumber(j.at("capacity")) << csvNumber(j.at("fits")) << csvNumber(j.at("headroom"))
            << csvNumber(j.at("host")) << csvNumber(j.at("params").at("total"))
            << csvNumber(j.at("params").at("trainable"));
        out += row.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return out.toUtf8();
}

QByteArray scenariosToMarkdown(const std::vector<Scenario>& scenarios, UnitSystem units,
                               const QString& title) {
    QString out;
    if (!title.isEmpty())
        out += QStringLiteral("### %1\n\n").arg(title);
    QStringList head{tr("Per GPU")};
    QStringList align{QStringLiteral("---")};
    for (const Scenario& s : scenarios) {
        head << md(s.name);
        align << QStringLiteral("---:");
    }
    out += QStringLiteral("| %1 |\n|%2|\n")
               .arg(head.join(QLatin1String(" | ")), align.join(QLatin1Char('|')));
    auto row = [&](const QString& label, auto cell) {
        QStringList cells{label};
        for (const Scenario& s : scenarios)
            cells << md(cell(s));
        out += QStringLiteral("| %1 |\n").arg(cells.join(QLatin1String(" | ")));
    };
    bool anyChanges = false;
    for (const Scenario& s : scenarios)
        anyChanges = anyChanges || !s.overrides.empty();
    if (anyChanges)
        row(tr("Changes"), [](const Scenario& s) {
            return s.changes.isEmpty() ? QStringLiteral("\u2014") : s.changes;
        });
    row(tr("Recipe"), [](const Scenario& s) { return uiLabel(s.plan.training.precision); });
    for (std::size_t c = 0; c < kComponentCount; ++c) {
        const auto comp = static_cast<Component>(c);
        if (comp == Component::RuntimeOverhead)
            row(tr("Peak allocated"), [&](const Scenario& s) {
                return s.evaluation.ok ? formatSize(s.evaluation.peak_allocated, units)
                                       : tr("refused");
            });
        row(uiLabel(comp), [&](const Scenario& s) {
            return s.evaluation.ok ? formatSize(s.evaluation.bytes(comp), units) : tr("refused");
        });
    }
    row(tr("**Total per GPU**"), [&](const Scenario& s) {
        return s.evaluation.ok ? QStringLiteral("**%1**").arg(formatSize(s.evaluation.total, units))
                               : tr("refused");
    });
    row(tr("GPU capacity"), [&](const Scenario& s) {
        return s.evaluation.has_capacity ? formatSize(s.evaluation.capacity, units) : tr("no GPU");
    });
    row(tr("Fits"), [&](const Scenario& s) {
        if (!s.evaluation.ok || !s.evaluation.has_capacity)
            return QStringLiteral("\u2014");
        return s.evaluation.fits
                   ? tr("yes, %1 free").arg(formatSize(s.evaluation.headroom, units))
                   : tr("no, over by %1").arg(formatSize(-s.evaluation.headroom, units));
    });
    out += QLatin1Char('\n') +
           tr("Sizes in %1, per GPU at the peak of the step.").arg(unitDescription(units)) +
           QLatin1Char('\n');
    return out.toUtf8();
}

QByteArray scenariosToJson(const std::vector<Scenario>& scenarios) {
    nlohmann::json list = nlohmann::json::array();
    for (const Scenario& s : scenarios) {
        nlohmann::json j = evaluationToJson(s.plan, s.evaluation);
        j["name"] = s.name.toStdString();
        j["changes"] = s.overrides.toJson();
        if (!s.problem.isEmpty())
            j["problem"] = s.problem.toStdString();
        list.push_back(std::move(j));
    }
    const nlohmann::json root = {{"schema_version", 1}, {"scenarios", list}};
    return QByteArray::fromStdString(root.dump(2) + "\n");
}

QByteArray sweepToCsv(const SweepResult& sweep) {
    const std::string_view var = sweepVariableKey(sweep.range.variable);
    QString out = QStringLiteral(
        "scenario,variable,value,peak_allocated_bytes,total_bytes,total_gib,capacity_bytes,fits,"
        "first_not_fitting\n");
    for (const SweepLine& l : sweep.lines) {
        for (std::size_t i = 0; i < l.points.size(); ++i) {
            const SweepPoint& p = l.points[i];
            QStringList row{csv(l.name), q(var), QString::number(p.value, 'g', 15)};
            if (p.ok)
                row << QString::number(std::llround(p.peakAllocated))
                    << QString::number(std::llround(p.total))
                    << QString::number(p.total / kGiB, 'f', 4);
            else
                row << QString() << QString() << QString();
            row << (l.hasCapacity ? QString::number(std::llround(l.capacity)) : QString());
            row << (l.hasCapacity ? (p.fits ? QStringLiteral("true") : QStringLiteral("false"))
                                  : QString());
            row << (static_cast<int>(i) == l.firstNoFit ? QStringLiteral("true")
                                                        : QStringLiteral("false"));
            out += row.join(QLatin1Char(',')) + QLatin1Char('\n');
        }
    }
    return out.toUtf8();
}

QByteArray sweepToMarkdown(const SweepResult& sweep, UnitSystem units, const QString& title) {
    const SweepVariable v = sweep.range.variable;
    QString out;
    if (!title.isEmpty())
        out += QStringLiteral("### %1\n\n").arg(title);
    QStringList head{md(sweepVariableLabel(v))};
    QStringList align{QStringLiteral("---:")};
    for (const SweepLine& l : sweep.lines) {
        head << md(l.name);
        align << QStringLiteral("---:");
    }
    out += QStringLiteral("| %1 |\n|%2|\n")
               .arg(head.join(QLatin1String(" | ")), align.join(QLatin1Char('|')));
    std::set<double> values;
    for (const SweepLine& l : sweep.lines)
        for (const SweepPoint& p : l.points)
            values.insert(p.value);
    for (double x : values) {
        QStringList cells{formatSweepValue(v, x)};
        for (const SweepLine& l : sweep.lines) {
            QString cell = QStringLiteral("\u2014");
            for (std::size_t i = 0; i < l.points.size(); ++i) {
                const SweepPoint& p = l.points[i];
                if (p.value != x)
                    continue;
                cell = p.ok ? formatSize(p.total, units) : tr("refused");
                if (p.ok && l.hasCapacity && !p.fits)
                    cell += static_cast<int>(i) == l.firstNoFit
                                ? tr(" \u2716 first that does not fit")
                                : tr(" (over)");
            }
            cells << md(cell);
        }
        out += QStringLiteral("| %1 |\n").arg(cells.join(QLatin1String(" | ")));
    }
    out += QLatin1Char('\n') + tr("Total per GPU in %1.").arg(unitDescription(units));
    QStringList caps;
    std::set<double> seen;
    for (const SweepLine& l : sweep.lines)
        if (l.hasCapacity && seen.insert(l.capacity).second)
            caps << formatSize(l.capacity, units);
    if (!caps.isEmpty())
        out += QLatin1Char(' ') + tr("GPU capacity: %1.").arg(caps.join(QLatin1String(", ")));
    out += QLatin1Char('\n');
    return out.toUtf8();
}

QByteArray sweepToJson(const SweepResult& sweep, const PresetLibrary& presets) {
    const SweepVariable v = sweep.range.variable;
    nlohmann::json lines = nlohmann::json::array();
    for (const SweepLine& l : sweep.lines) {
        nlohmann::json points = nlohmann::json::array();
        for (const SweepPoint& p : l.points) {
            Plan plan = l.plan;
            applySweepValue(plan, v, p.value);
            const nlohmann::json e = evaluationToJson(plan, evaluate(plan, presets));
            nlohmann::json point = {{"value", p.value}};
            for (const char* key : {"per_gpu", "capacity", "fits", "headroom"})
                point[key] = e.at(key);
            points.push_back(std::move(point));
        }
        nlohmann::json line = {{"name", l.name.toStdString()}, {"points", points}};
        line["first_not_fitting"] =
            l.firstNoFit >= 0
                ? nlohmann::json(l.points[static_cast<std::size_t>(l.firstNoFit)].value)
                : nlohmann::json();
        lines.push_back(std::move(line));
    }
    const nlohmann::json root = {{"schema_version", 1},
                                 {"sweep",
                                  {{"variable", std::string(sweepVariableKey(v))},
                                   {"from", sweep.range.from},
                                   {"to", sweep.range.to}}},
                                 {"scenarios", lines}};
    return QByteArray::fromStdString(root.dump(2) + "\n");
}

QString writeDataFile(const QString& path, const QByteArray& bytes) {
    if (const QString problem = writeAtomically(path, bytes); !problem.isEmpty())
        return tr("%1: could not write: %2").arg(QDir::toNativeSeparators(path), problem);
    return {};
}

namespace {
QString unknownFormat(const QString& path) {
    return tr("%1: unknown data format \"%2\" (use .csv, .md or .json)")
        .arg(QDir::toNativeSeparators(path), QFileInfo(path).suffix());
}
} // namespace

QString exportScenarioData(const QString& path, const std::vector<Scenario>& scenarios,
                           UnitSystem units, const QString& title) {
    const auto format = dataFormatForPath(path);
    if (!format)
        return unknownFormat(path);
    switch (*format) {
    case DataFormat::Csv:
        return writeDataFile(path, scenariosToCsv(scenarios));
    case DataFormat::Markdown:
        return writeDataFile(path, scenariosToMarkdown(scenarios, units, title));
    case DataFormat::Json:
        return writeDataFile(path, scenariosToJson(scenarios));
    }
    return {};
}

QString exportSweepData(const QString& path, const SweepResult& sweep, const PresetLibrary& presets,
                        UnitSystem units, const QString& title) {
    const auto format = dataFormatForPath(path);
    if (!format)
        return unknownFormat(path);
    switch (*format) {
    case DataFormat::Csv:
        return writeDataFile(path, sweepToCsv(sweep));
    case DataFormat::Markdown:
        return writeDataFile(path, sweepToMarkdown(sweep, units, title));
    case DataFormat::Json:
        return writeDataFile(path, sweepToJson(sweep, presets));
    }
    return {};
}

} // namespace memplan::gui
