#include "planedits.h"

#include "memplan/param_count.h"
#include "memplan/plan_json.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace memplan::gui {

namespace {
QString tr(const char* text) {
    return QCoreApplication::translate("memplan::gui::PlanEdits", text);
}
} // namespace

double modelParamCount(const ModelSpec& model) {
    return model.params ? *model.params : countParameters(model).total;
}

void setParamCount(Plan& plan, double count) {
    plan.model.params = std::round(count);
    plan.model.name.clear();
    rederiveShape(plan);
    plan.model.preset.clear();
    plan.model.shape_derived = true;
}

void applyModelPreset(Plan& plan, const ModelPreset& preset) {
    plan.model = preset.model;
    plan.model.preset = preset.id;
    plan.model.params.reset();
    plan.model.shape_derived = false;
}

void markShapeCustom(Plan& plan) {
    plan.model.preset.clear();
    plan.model.params.reset();
    plan.model.shape_derived = false;
    plan.model.name.clear();
}

void setGpuCount(Plan& plan, int64_t gpus) {
    ParallelSpec& p = plan.parallelism;
    const int64_t mp = std::max<int64_t>(1, p.tp * p.pp);
    const int64_t oldDp = std::max<int64_t>(1, p.gpus / mp);
    p.gpus = std::max<int64_t>(1, gpus);
    const int64_t newDp = std::max<int64_t>(1, p.gpus / mp);
    if (p.sharding_factor > 0 &&
        (p.sharding_factor == oldDp || p.sharding_factor > newDp || newDp % p.sharding_factor != 0))
        p.sharding_factor = 0; // 0 = shard over all data-parallel GPUs
}

QString modelSummary(const ModelSpec& model, const PresetLibrary& presets) {
    const QLocale locale;
    const QString count = locale.toString(modelParamCount(model), 'f', 0);
    if (!model.preset.empty()) {
        const ModelPreset* preset = presets.findModel(model.preset);
        const QString name = QString::fromStdString(
            preset && !preset->model.name.empty() ? preset->model.name : model.preset);
        return tr("%1: %2 parameters").arg(name, count);
    }
    if (model.shape_derived)
        return tr("Derived: %1 layers \u00d7 %2, %3 parameters")
            .arg(model.layers)
            .arg(model.hidden)
            .arg(count);
    return tr("Custom: %1 layers \u00d7 %2, %3 parameters")
        .arg(model.layers)
        .arg(model.hidden)
        .arg(count);
}

} // namespace memplan::gui
