#include "models/sweepengine.h"

#include "unitformat.h"

#include <QCoreApplication>
#include <QLocale>

#include <cmath>

namespace memplan::gui {

namespace {
// Sweep::tr() for this file: lupdate files the strings under the class named at the call
// (Sweep::tr), the same context the catalogue is looked up in at run time.
class Sweep {
    Q_DECLARE_TR_FUNCTIONS(memplan::gui::Sweep)
};

// The core's English axis titles, listed for lupdate.
[[maybe_unused]] constexpr const char* kAxisTitles[] = {
    QT_TRANSLATE_NOOP("memplan::gui::Sweep", "Micro-batch (sequences per GPU)"),
    QT_TRANSLATE_NOOP("memplan::gui::Sweep", "Sequence length (tokens)"),
    QT_TRANSLATE_NOOP("memplan::gui::Sweep", "Parameters (billions)"),
    QT_TRANSLATE_NOOP("memplan::gui::Sweep", "GPUs"),
    QT_TRANSLATE_NOOP("memplan::gui::Sweep", "Context length, max_model_len (tokens)"),
    QT_TRANSLATE_NOOP("memplan::gui::Sweep", "Concurrent sequences, max_num_seqs"),
    QT_TRANSLATE_NOOP("memplan::gui::Sweep", "GPU memory utilization (share of the GPU)"),
    QT_TRANSLATE_NOOP("memplan::gui::Sweep", "Total per GPU"),
    QT_TRANSLATE_NOOP("memplan::gui::Sweep", "KV cache (tokens)"),
    QT_TRANSLATE_NOOP("memplan::gui::Sweep", "Concurrent requests at max_model_len"),
};
} // namespace

QString sweepAxisTitle(SweepVariable v) {
    return Sweep::tr(std::string(memplan::sweepVariableLabel(v)).c_str());
}

QString sweepValueText(SweepVariable v, double value) {
    if (v == SweepVariable::Params)
        return Sweep::tr("%1 B").arg(QLocale().toString(value / 1e9, 'f', value < 1e10 ? 2 : 1));
    if (v == SweepVariable::GpuMemoryUtilization)
        return QLocale().toString(value, 'f', 2);
    return QLocale().toString(static_cast<qlonglong>(std::llround(value)));
}

QString sweepMeasureTitle(SweepMeasure m, UnitSystem units) {
    switch (m) {
    case SweepMeasure::TotalPerGpu:
        return Sweep::tr("Total per GPU, %1").arg(unitDescription(units));
    case SweepMeasure::KvCacheTokens:
        return Sweep::tr("KV cache, thousands of tokens");
    case SweepMeasure::MaxConcurrentSequences:
        return Sweep::tr("Concurrent requests at max_model_len");
    }
    return {};
}

double sweepMeasureScale(SweepMeasure m, UnitSystem units) {
    switch (m) {
    case SweepMeasure::TotalPerGpu:
        return unitScale(units);
    case SweepMeasure::KvCacheTokens:
        return 1000.0;
    case SweepMeasure::MaxConcurrentSequences:
        return 1.0;
    }
    return 1.0;
}

SweepResult sweepScenarios(const std::vector<Scenario>& scenarios, const SweepRange& range,
                           const PresetLibrary& presets) {
    std::vector<memplan::SweepInput> inputs;
    inputs.reserve(scenarios.size());
    for (const Scenario& s : scenarios)
        inputs.push_back({s.name.toStdString(), s.plan});
    return memplan::runSweep(inputs, range, presets);
}

} // namespace memplan::gui
