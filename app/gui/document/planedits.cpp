#include "document/planedits.h"
#include "momentnames.h"

#include "memplan/param_count.h"
#include "memplan/plan_json.h"
#include "memplan/result_json.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace memplan::gui {

namespace {
// PlanEdits::tr() for this file: lupdate files the strings under the class named at the call
// (PlanEdits::tr), the same context the catalogue is looked up in at run time.
class PlanEdits {
    Q_DECLARE_TR_FUNCTIONS(memplan::gui::PlanEdits)
};
} // namespace

QStringList noteLines(const Evaluation& e) {
    QStringList out;
    for (std::size_t i = 0; i < kNoteCount; ++i)
        if (e.has(static_cast<Note>(i)))
            out << QCoreApplication::translate("memplan::notes",
                                               noteText(static_cast<Note>(i)).c_str());
    if (!e.ok)
        out << QString::fromUtf8(e.refusal.data(), static_cast<qsizetype>(e.refusal.size()));
    return out;
}

QStringList assumptionLines(const Plan& plan, const Evaluation& e) {
    QStringList out;
    for (const Assumption& a : assumptionList(plan, e)) {
        QString line = QCoreApplication::translate("memplan::assumptions",
                                                   std::string(assumptionTemplate(a.kind)).c_str());
        // A moment's label among the arguments ("peak taken at ...") is shown in the
        // window's words; other arguments are values.
        for (const std::string& arg : a.args)
            line = line.arg(momentName(arg));
        out << line;
    }
    return out;
}

QString modelSummary(const ModelSpec& model, const PresetLibrary& presets) {
    const QLocale locale;
    const QString count = locale.toString(modelParamCount(model), 'f', 0);
    if (!model.preset.empty()) {
        const ModelPreset* preset = presets.findModel(model.preset);
        const QString name = QString::fromStdString(
            preset && !preset->model.name.empty() ? preset->model.name : model.preset);
        return PlanEdits::tr("%1: %2 parameters").arg(name, count);
    }
    if (model.shape_derived && model.scaled_from.present())
        return PlanEdits::tr("%1, scaled: %2 layers \u00d7 %3, %4 parameters")
            .arg(QString::fromStdString(model.scaled_from.name))
            .arg(model.layers)
            .arg(model.hidden)
            .arg(count);
    if (model.shape_derived)
        return PlanEdits::tr("Derived: %1 layers \u00d7 %2, %3 parameters")
            .arg(model.layers)
            .arg(model.hidden)
            .arg(count);
    return PlanEdits::tr("Custom: %1 layers \u00d7 %2, %3 parameters")
        .arg(model.layers)
        .arg(model.hidden)
        .arg(count);
}

} // namespace memplan::gui
