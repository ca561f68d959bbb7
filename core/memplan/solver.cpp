#include "memplan/solver.h"

#include "memplan/model.h"

#include <algorithm>

namespace memplan {

namespace {

bool fitsWith(Plan p, const GpuPreset* gpu, SolveVariable v, int64_t value) {
    switch (v) {
    case SolveVariable::MicroBatch:
        p.training.micro_batch = value;
        break;
    case SolveVariable::SeqLen:
        p.training.seq_len = value;
        break;
    case SolveVariable::Gpus:
        p.parallelism.gpus = value;
        // A hybrid sharding factor that no longer divides the data-parallel degree falls back
        // to sharding over all data-parallel GPUs.
        {
            const int64_t dp = value / (p.parallelism.tp * p.parallelism.pp);
            if (p.parallelism.sharding_factor > dp ||
                dp % std::max<int64_t>(1, p.parallelism.sharding_factor) != 0)
                p.parallelism.sharding_factor = 0;
        }
        break;
    }
    const Evaluation e = evaluate(p, gpu);
    return e.ok && e.has_capacity && e.fits;
}
} // namespace

SolveResult solve(const Plan& plan, const GpuPreset* gpu, SolveVariable variable) {
    SolveResult r{variable, std::nullopt};
    if (variable == SolveVariable::Gpus) {
        // Fewest GPUs: GPU count must stay a multiple of tp * pp; memory never grows with more
        // GPUs, so the answer is the first fitting multiple (doubling, then bisection).
        const int64_t step = plan.parallelism.tp * plan.parallelism.pp;
        const int64_t maxUnits = kPlanMaxGpus / step; // the most GPUs a plan accepts
        r.limit = maxUnits * step;
        if (maxUnits < 1 || !fitsWith(plan, gpu, variable, maxUnits * step))
            return r;
        int64_t lo = 0, hi = 1; // in units of `step`; lo does not fit (or is zero), hi fits
        while (hi < maxUnits && !fitsWith(plan, gpu, variable, hi * step)) {
            lo = hi;
            hi = std::min(hi * 2, maxUnits);
        }
        while (hi - lo > 1) {
            const int64_t mid = lo + (hi - lo) / 2;
            (fitsWith(plan, gpu, variable, mid * step) ? hi : lo) = mid;
        }
        r.value = hi * step;
        return r;
    }
    int64_t limit = variable == SolveVariable::MicroBatch ? kPlanMaxMicroBatch : kPlanMaxSeqLen;
    // A learned position table cannot index past its end.
    if (variable == SolveVariable::SeqLen && plan.model.position == PositionKind::Learned)
        limit = std::min(limit, plan.model.max_position - plan.training.new_tokens);
    r.limit = limit;
    if (limit < 1)
        return r;
    if (!fitsWith(plan, gpu, variable, 1))
        return r;
    int64_t lo = 1, hi = 2; // lo fits
    while (hi <= limit && fitsWith(plan, gpu, variable, hi)) {
        lo = hi;
        hi *= 2;
    }
    if (hi > limit) {
        hi = limit + 1;
        if (fitsWith(plan, gpu, variable, limit)) {
            r.value = limit;
            // Only the end of the plan's range is open-ended; a position table's end is real.
            r.atLeast = limit == (variable == SolveVariable::MicroBatch ? kPlanMaxMicroBatch
                                                                        : kPlanMaxSeqLen);
            return r;
        }
    }
    while (hi - lo > 1) {
        const int64_t mid = lo + (hi - lo) / 2;
        (fitsWith(plan, gpu, variable, mid) ? lo : hi) = mid;
    }
    r.value = lo;
    return r;
}

} // namespace memplan
