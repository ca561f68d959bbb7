#include "suggestions.h"

#include "planedits.h"

#include "memplan/model.h"
#include "memplan/solver.h"

#include <QLocale>
#include <QStringList>

#include <algorithm>

namespace memplan::gui {

namespace {
QString tr(const char* text) {
    return QCoreApplication::translate("memplan::gui::Suggestions", text);
}

std::optional<double> fitsWithHeadroom(const Plan& plan, const GpuPreset* gpu) {
    const Evaluation e = evaluate(plan, gpu);
    if (e.ok && e.has_capacity && e.fits)
        return e.headroom;
    return std::nullopt;
}
// Several changes together, lightest first: full recomputation with the largest micro-batch,
// then ZeRO-3 as well, then as many GPUs as it takes.
std::optional<Suggestion> combinedFix(const Plan& plan, const GpuPreset* gpu) {
    const QLocale locale;
    Plan p = plan;
    QStringList changes;
    if (p.training.checkpointing != Checkpointing::Full) {
        p.training.checkpointing = Checkpointing::Full;
        changes << tr("full recomputation");
    }
    auto withLargestBatch = [&](Plan q, QStringList what) -> std::optional<Suggestion> {
        const auto mb = solve(q, gpu, SolveVariable::MicroBatch).value;
        if (!mb)
            return std::nullopt;
        if (*mb != q.training.micro_batch) {
            q.training.micro_batch =
                std::min<int64_t>(*mb, std::max<int64_t>(1, q.training.micro_batch));
            what << tr("micro-batch %1").arg(locale.toString(q.training.micro_batch));
        }
        if (const auto h = fitsWithHeadroom(q, gpu))
            return Suggestion{Suggestion::Kind::Combined,
                              tr("Together: %1").arg(what.join(QStringLiteral(", "))), q, *h};
        return std::nullopt;
    };
    if (auto s = withLargestBatch(p, changes))
        return s;
    const int64_t mp = std::max<int64_t>(1, p.parallelism.tp * p.parallelism.pp);
    if (p.parallelism.sharding != Sharding::Zero3) {
        p.parallelism.sharding = Sharding::Zero3;
        p.parallelism.sharding_factor = 0;
        changes << tr("ZeRO-3");
        if (p.parallelism.gpus / mp > 1)
            if (auto s = withLargestBatch(p, changes))
                return s;
    }
    p.training.micro_batch = 1;
    if (const auto gpus = solve(p, gpu, SolveVariable::Gpus).value) {
        p.parallelism.gpus = *gpus;
        changes << tr("micro-batch 1") << tr("%1 GPUs").arg(locale.toString(*gpus));
        if (const auto h = fitsWithHeadroom(p, gpu))
            return Suggestion{Suggestion::Kind::Combined,
                              tr("Together: %1").arg(changes.join(QStringLiteral(", "))), p, *h};
    }
    return std::nullopt;
}
} // namespace

std::optional<int64_t> largestMicroBatch(const Plan& plan, const GpuPreset* gpu) {
    return solve(plan, gpu, SolveVariable::MicroBatch).value;
}

std::vector<Suggestion> suggestFixes(const Plan& plan, const GpuPreset* gpu) {
    std::vector<Suggestion> out;
    const Evaluation now = evaluate(plan, gpu);
    if (!now.ok || !now.has_capacity || now.fits)
        return out;
    const QLocale locale;

    // 1. The largest micro-batch that fits.
    if (plan.training.micro_batch > 1) {
        if (const auto mb = largestMicroBatch(plan, gpu); mb && *mb < plan.training.micro_batch) {
            Plan p = plan;
            p.training.micro_batch = *mb;
            if (const auto h = fitsWithHeadroom(p, gpu))
                out.push_back(
                    {Suggestion::Kind::MicroBatch,
                     tr("Micro-batch %1 (the largest that fits)").arg(locale.toString(*mb)), p,
                     *h});
        }
    }

    // 2. Recomputation: the lightest setting above the current one that fits.
    if (plan.training.method != Method::Inference) {
        for (Checkpointing c : {Checkpointing::Selective, Checkpointing::Full}) {
            if (static_cast<int>(c) <= static_cast<int>(plan.training.checkpointing))
                continue;
            Plan p = plan;
            p.training.checkpointing = c;
            if (const auto h = fitsWithHeadroom(p, gpu)) {
                out.push_back({Suggestion::Kind::Checkpointing,
                               tr("%1 activation recomputation").arg(uiLabel(c)), p, *h});
                break;
            }
        }
    }

    // 3. The next ZeRO stage that fits.
    if (plan.training.method != Method::Inference) {
        for (Sharding s : {Sharding::Zero1, Sharding::Zero2, Sharding::Zero3}) {
            if (static_cast<int>(s) <= static_cast<int>(plan.parallelism.sharding))
                continue;
            Plan p = plan;
            p.parallelism.sharding = s;
            if (const auto h = fitsWithHeadroom(p, gpu)) {
                out.push_back(
                    {Suggestion::Kind::Sharding, tr("Sharding %1").arg(uiLabel(s)), p, *h});
                break;
            }
        }
    }

    // 4. The fewest GPUs that fit (with the current sharding; a group that spans all
    // data-parallel GPUs keeps spanning them).
    Plan base = plan;
    const int64_t mp = std::max<int64_t>(1, plan.parallelism.tp * plan.parallelism.pp);
    if (base.parallelism.sharding_factor == plan.parallelism.gpus / mp)
        base.parallelism.sharding_factor = 0;
    if (const auto gpus = solve(base, gpu, SolveVariable::Gpus).value;
        gpus && *gpus != plan.parallelism.gpus) {
        Plan p = base;
        p.parallelism.gpus = *gpus;
        // As the solver does: keep a full sharding group.
        if (p.parallelism.sharding_factor == 0 || p.parallelism.sharding_factor > *gpus)
            p.parallelism.sharding_factor = 0;
        if (const auto h = fitsWithHeadroom(p, gpu))
            out.push_back({Suggestion::Kind::Gpus,
                           tr("%1 GPUs (the fewest that fit)").arg(locale.toString(*gpus)), p, *h});
    }

    if (out.empty() && plan.training.method != Method::Inference)
        if (auto combined = combinedFix(base, gpu))
            out.push_back(std::move(*combined));
    return out;
}

} // namespace memplan::gui
