// Reserved versus allocated: what PyTorch's caching allocator holds beyond the live tensors at
// the peak (torch.cuda.max_memory_reserved() - max_memory_allocated()), from its mechanisms:
// block rounding, cached transients of earlier batch shapes, memory cached while loading.
// See docs/memory-model.md "Reserved versus allocated".
#pragma once

#include "memplan/evaluation.h"
#include "memplan/plan.h"

namespace memplan::detail {

struct AllocatorCache {
    double rounding = 0;  // segment rounding of the tensors live at the peak
    double shapes = 0;    // cached vocabulary-sized transients of other batch shapes
    double loadPeak = 0;  // reserved while loading/quantizing, never returned
    double lossChain = 0; // reserved at the loss backward beyond what it allocates (see .cpp)
    double reserve(double peakAllocated) const; // peak_reserved - peak_allocated
};

// One allocation's share of its segment that no other allocation can use.
double roundingWaste(double bytes);

AllocatorCache allocatorCache(const Plan& plan, const Evaluation& ev);

} // namespace memplan::detail
