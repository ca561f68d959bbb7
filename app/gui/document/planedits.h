// Display labels for the core's enum names and a model summary. The plan edits themselves
// (parameter count, model preset, GPU count with its sharding fallback) are the core's
// (memplan/plan_edit.h), so the window, scenarios, sweeps and suggestions share one rule.
#pragma once

#include "memplan/evaluation.h"
#include "memplan/names.h"
#include "memplan/plan.h"
#include "memplan/plan_edit.h"
#include "memplan/presets.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <string>
#include <string_view>

namespace memplan::gui {

// The display label of an enum value, from the core's one table of names (translatable).
template <typename E> QString uiLabel(E value) {
    return QCoreApplication::translate("memplan::names", std::string(labelOf(value)).c_str());
}

// The display text of a part label from the model ("master weights (fp32)"), translated.
inline QString partLabel(std::string_view label) {
    return QCoreApplication::translate("memplan::parts", std::string(label).c_str());
}

// The core's notes and assumptions for an evaluation, translated (the core returns codes and
// English templates; memplan::notes, memplan::assumptions).
QStringList noteLines(const Evaluation& e);
QStringList assumptionLines(const Plan& plan, const Evaluation& e);

// One line naming the model: "Llama 2 7B: 6,738,415,616 parameters".
QString modelSummary(const ModelSpec& model, const PresetLibrary& presets);

} // namespace memplan::gui
