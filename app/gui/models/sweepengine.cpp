#include "models/sweepengine.h"

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
};
} // namespace

QString sweepAxisTitle(SweepVariable v) {
    return Sweep::tr(std::string(memplan::sweepVariableLabel(v)).c_str());
}

QString sweepValueText(SweepVariable v, double value) {
    if (v == SweepVariable::Params)
        return Sweep::tr("%1 B").arg(QLocale().toString(value / 1e9, 'f', value < 1e10 ? 2 : 1));
    return QLocale().toString(static_cast<qlonglong>(std::llround(value)));
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
