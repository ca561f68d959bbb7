// Plan edits shared by several controls (and the verdict's suggestions), plus display labels
// for the core's enum names. Pure functions over memplan::Plan.
#pragma once

#include "memplan/names.h"
#include "memplan/plan.h"
#include "memplan/presets.h"

#include <QCoreApplication>
#include <QString>

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

// The model's total parameters: the given count, or the shape's exact count.
double modelParamCount(const ModelSpec& model);
// Sets model.params and switches to the shape derived from it (param_count.h's rule).
void setParamCount(Plan& plan, double count);
// Replaces the model with a bundled preset's shape (its own parameter count).
void applyModelPreset(Plan& plan, const ModelPreset& preset);
// Marks the shape as edited by hand: no preset, no separate count.
void markShapeCustom(Plan& plan);
// Sets the GPU count; a sharding group that spanned all data-parallel GPUs keeps doing so,
// and one that no longer divides the data-parallel degree goes back to "all".
void setGpuCount(Plan& plan, int64_t gpus);
// One line naming the model: "Llama 2 7B: 6,738,415,616 parameters".
QString modelSummary(const ModelSpec& model, const PresetLibrary& presets);

} // namespace memplan::gui
