// Plan files: any bytes either parse into a plan that evaluates to finite numbers (or a clear
// refusal) or throw InputError. Anything else (a crash, another exception) is a bug.
#include "fuzz_common.h"

#include "memplan/errors.h"
#include "memplan/model.h"
#include "memplan/plan_json.h"
#include "memplan/solver.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const memplan::Plan plan = memplan::parsePlan(text, "fuzz.json", memplan::fuzz::presets());
        const memplan::Evaluation e = memplan::evaluate(plan, memplan::fuzz::presets());
        if (e.ok && !(std::isfinite(e.total) && e.total >= 0))
            std::abort();
        // Serialising and parsing again must give the same plan.
        const std::string once = memplan::serializePlan(plan);
        const memplan::Plan again = memplan::parsePlan(once, "fuzz.json", memplan::fuzz::presets());
        if (memplan::serializePlan(again) != once)
            std::abort();
    } catch (const memplan::InputError&) {
    }
    return 0;
}
