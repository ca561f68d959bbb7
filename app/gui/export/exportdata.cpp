#include "export/exportdata.h"

#include "document/atomicwrite.h"

#include "document/planedits.h"
#include "unitformat.h"
#include "views/compareexplain.h"

#include "memplan/model.h"
#include "memplan/names.h"
#include "memplan/version.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLocale>

#include <set>

namespace memplan::gui {

namespace {

// ExportData::tr() for this file: lupdate files the strings under the class named at the call
// (ExportData::tr), the same context the catalogue is looked up in at run time.
class ExportData {
    Q_DECLARE_TR_FUNCTIONS(memplan::gui::ExportData)
};

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
    if (plan.model.shape_derived && plan.model.scaled_from.present())
        return ExportData::tr("%1, scaled")
            .arg(QString::fromStdString(plan.model.scaled_from.name));
    return plan.model.shape_derived ? ExportData::tr("derived Llama-style model")
                                    : ExportData::tr("custom model");
}

} // namespace

std::optional<DataFormat> dataFormatForPath(const QString& path) {
    return memplan::dataFormatForPath(QFileInfo(path).fileName().toStdString());
}

QString planAssumptions(const Plan& plan, const PresetLibrary& presets, UnitSystem units) {
    const QLocale locale;
    const TrainingSpec& t = plan.training;
    const ParallelSpec& p = plan.parallelism;
    QStringList parts;
    parts << ExportData::tr("Model: %1 (%2 parameters)")
                 .arg(modelName(plan, presets),
                      QString::fromStdString(formatCount(modelParamCount(plan.model))));
    parts << uiLabel(t.method);
    parts << ExportData::tr("recipe %1").arg(uiLabel(t.precision));
    // Each method names only what it has: no optimizer, accumulation or recomputation for a
    // forward pass; a vLLM engine's own arguments instead of a batch.
    const bool serving = t.method == Method::Serving;
    const bool training = !serving && t.method != Method::Inference;
    if (training)
        parts << ExportData::tr("optimizer %1").arg(uiLabel(t.optimizer));
    if (serving) {
        const ServingSpec& sv = t.serving;
        parts << ExportData::tr(
                     "utilization %1, context %2 tokens, %3 concurrent sequences, KV cache %4")
                     .arg(locale.toString(sv.gpu_memory_utilization, 'f', 2),
                          sv.max_model_len > 0
                              ? locale.toString(static_cast<qlonglong>(sv.max_model_len))
                              : ExportData::tr("model's"),
                          sv.max_num_seqs > 0
                              ? locale.toString(static_cast<qlonglong>(sv.max_num_seqs))
                              : ExportData::tr("default"),
                          uiLabel(sv.kv_cache_dtype));
    } else {
        QString batch = ExportData::tr("micro-batch %1 \u00d7 sequence %2 tokens")
                            .arg(t.micro_batch)
                            .arg(locale.toString(static_cast<qlonglong>(t.seq_len)));
        if (t.method == Method::Inference && t.new_tokens > 0)
            batch += ExportData::tr(" + %1 generated")
                         .arg(locale.toString(static_cast<qlonglong>(t.new_tokens)));
        if (training && t.grad_accum > 1)
            batch += ExportData::tr(", gradient accumulation %1").arg(t.grad_accum);
        parts << batch;
    }
    QString gpus = p.gpus == 1 ? ExportData::tr("1 GPU") : ExportData::tr("%1 GPUs").arg(p.gpus);
    if (!plan.hardware.gpu.empty())
        gpus += QStringLiteral(" \u00d7 ") + gpuName(plan, presets);
    if (plan.hardware.memory_gib)
        gpus += ExportData::tr(" (%1 GiB)").arg(formatReadable(*plan.hardware.memory_gib, 4));
    parts << gpus;
    if (training && (p.sharding != Sharding::None || p.gpus > 1))
        parts << ExportData::tr("sharding %1").arg(uiLabel(p.sharding));
    if (p.tp > 1 || p.pp > 1)
        parts << ExportData::tr("TP %1 \u00d7 PP %2").arg(p.tp).arg(p.pp);
    if (training && p.offload != Offload::None)
        parts << ExportData::tr("offload: %1").arg(uiLabel(p.offload));
    if (training)
        parts << ExportData::tr("checkpointing %1").arg(uiLabel(t.checkpointing).toLower());
    if (!serving) {
        parts << ExportData::tr("attention %1").arg(uiLabel(t.attention));
        parts << ExportData::tr("%1 accounting").arg(uiLabel(t.accounting).toLower());
    }
    parts << ExportData::tr("sizes in %1").arg(unitDescription(units));
    parts << ExportData::tr("memplan %1").arg(QString::fromLatin1(kVersion));
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
        keys << lowerFirst(overrideKeyLabel(k));
    QString out = ExportData::tr("Plan: %1.").arg(planAssumptions(base, presets, units));
    if (!keys.isEmpty())
        out += QLatin1Char(' ') +
               ExportData::tr("Each column changes only: %1.").arg(keys.join(QLatin1String(", ")));
    return out;
}

QString sweepAssumptions(const Plan& base, const SweepResult& sweep, const PresetLibrary& presets,
                         UnitSystem units) {
    const SweepVariable v = sweep.range.variable;
    QString out = ExportData::tr("Plan: %1.").arg(planAssumptions(base, presets, units));
    out += QLatin1Char(' ') +
           ExportData::tr("Swept: %1 from %2 to %3 (the plan has %4).")
               .arg(lowerFirst(sweepAxisTitle(v)), sweepValueText(v, sweep.range.from),
                    sweepValueText(v, sweep.range.to),
                    sweepValueText(v, sweep.planValue ? *sweep.planValue
                                                      : currentSweepValue(v, base)));
    return out;
}

namespace {
QString planTitle(const Plan& plan) {
    return plan.name.empty() ? ExportData::tr("Current plan") : QString::fromStdString(plan.name);
}

// "a", "a and b", "a, b and c"
QString joinAnd(QStringList items) {
    if (items.size() < 2)
        return items.join(QString());
    const QString last = items.takeLast();
    return ExportData::tr("%1 and %2").arg(items.join(QLatin1String(", ")), last);
}
} // namespace

FigureText singleFigureText(const Plan& plan, const PresetLibrary& presets, UnitSystem units) {
    return {ExportData::tr("%1: memory per GPU").arg(planTitle(plan)),
            {},
            planAssumptions(plan, presets, units)};
}

FigureText compareFigureText(const Plan& base, const std::vector<Scenario>& scenarios,
                             const PresetLibrary& presets, UnitSystem units) {
    std::set<OverrideKey> keys;
    for (const Scenario& s : scenarios)
        for (const auto& [key, value] : s.overrides.values())
            keys.insert(key);
    QStringList labels;
    for (OverrideKey k : keys)
        labels << lowerFirst(overrideKeyLabel(k));
    FigureText t;
    t.title =
        labels.isEmpty()
            ? ExportData::tr("%1: memory per GPU compared").arg(planTitle(base))
            : ExportData::tr("%1: memory per GPU by %2").arg(planTitle(base), joinAnd(labels));
    t.notes = explainComparison(scenarios, units, presets);
    t.footer = compareAssumptions(base, scenarios, presets, units);
    return t;
}

FigureText sweepFigureText(const Plan& base, const SweepResult& sweep, const PresetLibrary& presets,
                           UnitSystem units) {
    const QString against = lowerFirst(sweepAxisTitle(sweep.range.variable));
    return {
        sweep.range.measure == SweepMeasure::TotalPerGpu
            ? ExportData::tr("%1: total memory per GPU against %2").arg(planTitle(base), against)
            : ExportData::tr("%1: %2 against %3")
                  .arg(planTitle(base), lowerFirst(sweepMeasureTitle(sweep.range.measure, units)),
                       against),
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

QString writeDataFile(const QString& path, const QByteArray& bytes) {
    if (const QString problem = writeAtomically(path, bytes); !problem.isEmpty())
        return ExportData::tr("%1: could not write: %2")
            .arg(QDir::toNativeSeparators(path), problem);
    return {};
}

namespace {
QString unknownFormat(const QString& path) {
    return ExportData::tr("%1: unknown data format \"%2\" (use .csv, .md or .json)")
        .arg(QDir::toNativeSeparators(path), QFileInfo(path).suffix());
}
} // namespace

QString exportScenarioData(const QString& path, const std::vector<Scenario>& scenarios,
                           UnitSystem units, const QString& title) {
    const auto format = dataFormatForPath(path);
    if (!format)
        return unknownFormat(path);
    return writeDataFile(path, QByteArray::fromStdString(memplan::scenarioData(
                                   *format, coreScenarios(scenarios), units, title.toStdString())));
}

QString exportSweepData(const QString& path, const SweepResult& sweep, const PresetLibrary& presets,
                        UnitSystem units, const QString& title) {
    const auto format = dataFormatForPath(path);
    if (!format)
        return unknownFormat(path);
    return writeDataFile(path, QByteArray::fromStdString(memplan::sweepData(
                                   *format, sweep, presets, units, title.toStdString())));
}

} // namespace memplan::gui
