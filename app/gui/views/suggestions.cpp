#include "views/suggestions.h"

#include "document/planedits.h"
#include "models/scenariomodel.h"

#include "memplan/scenario.h"

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

namespace memplan::gui {

namespace {
// Suggestions::tr() for this file: lupdate files the strings under the class named at the call
// (Suggestions::tr), the same context the catalogue is looked up in at run time.
class Suggestions {
    Q_DECLARE_TR_FUNCTIONS(memplan::gui::Suggestions)
};

QString number(int64_t v) {
    return QLocale().toString(static_cast<qlonglong>(v));
}

// One changed key as "Label: value" (scenario keys by their translated label).
QString changeText(const PlanChange& c) {
    const auto key = memplan::scenarioKeyFromName(c.path);
    const QString name = key ? overrideKeyLabel(*key) : QString::fromStdString(c.path);
    return Suggestions::tr("%1: %2").arg(name, QString::fromStdString(c.to));
}
} // namespace

QString suggestionText(const Suggestion& s) {
    const TrainingSpec& t = s.plan.training;
    const ParallelSpec& p = s.plan.parallelism;
    switch (s.kind) {
    case SuggestionKind::GradAccum:
        return Suggestions::tr("Micro-batch %1 \u00d7 %2 accumulation steps (same global batch)")
            .arg(number(t.micro_batch), number(t.grad_accum));
    case SuggestionKind::ChunkedLoss:
        return Suggestions::tr("Chunked loss (the full logits never exist at once)");
    case SuggestionKind::Checkpointing:
        return Suggestions::tr("%1 activation recomputation").arg(uiLabel(t.checkpointing));
    case SuggestionKind::Sharding:
        return Suggestions::tr("Sharding %1").arg(uiLabel(p.sharding));
    case SuggestionKind::Utilization:
        return Suggestions::tr("GPU memory utilization %1 (a larger share for the engine)")
            .arg(QLocale().toString(s.plan.training.serving.gpu_memory_utilization, 'f', 2));
    case SuggestionKind::KvCacheFp8:
        return Suggestions::tr("fp8 KV cache (half the bytes per token)");
    case SuggestionKind::ContextLength:
        return Suggestions::tr("Context length %1 tokens (the longest that fits)")
            .arg(number(s.plan.training.serving.max_model_len));
    case SuggestionKind::Optimizer8bit:
        return Suggestions::tr("Optimizer %1").arg(uiLabel(t.optimizer));
    case SuggestionKind::TensorParallel:
        return Suggestions::tr("Tensor parallel %1 over %2 GPUs").arg(number(p.tp), number(p.gpus));
    case SuggestionKind::Gpus:
        return Suggestions::tr("%1 GPUs (the fewest that fit)").arg(number(p.gpus));
    case SuggestionKind::Quantization:
        return t.method == Method::Qlora || t.rl.policy == Method::Qlora
                   ? Suggestions::tr("QLoRA (4-bit base weights)")
                   : Suggestions::tr("%1 weights").arg(uiLabel(t.precision));
    case SuggestionKind::Offload:
        return p.offload == Offload::OptimizerAndParams
                   ? Suggestions::tr("Offload the optimizer states and parameters to the CPU")
                   : Suggestions::tr("Offload the optimizer states to the CPU");
    case SuggestionKind::MicroBatch:
        return Suggestions::tr("Micro-batch %1 (the largest that fits)").arg(number(t.micro_batch));
    case SuggestionKind::Combined:
    case SuggestionKind::Count: {
        QStringList parts;
        for (const PlanChange& c : s.changes)
            parts << changeText(c);
        return Suggestions::tr("Together: %1").arg(parts.join(QStringLiteral(", ")));
    }
    }
    return {};
}

} // namespace memplan::gui
