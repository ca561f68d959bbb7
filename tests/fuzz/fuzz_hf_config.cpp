// Hugging Face config.json import.
#include "memplan/errors.h"
#include "memplan/hf_import.h"
#include "memplan/model.h"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        memplan::Plan plan;
        plan.model = memplan::importHfConfig(text, "config.json");
        (void)memplan::evaluate(plan, nullptr);
    } catch (const memplan::InputError&) {
    }
    return 0;
}
