// `--set PATH=VALUE` overrides applied to a valid example plan.
#include "fuzz_common.h"

#include "memplan/errors.h"
#include "memplan/model.h"
#include "memplan/plan_json.h"

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const nlohmann::json base = nlohmann::json::parse(R"({
      "schema_version": 1,
      "model": {"preset": "llama-2-7b"},
      "training": {"method": "lora", "micro_batch": 4, "seq_len": 2048},
      "parallelism": {"gpus": 8, "sharding": "zero2"},
      "hardware": {"gpu": "a100-80gb"}})");
    const std::string input(reinterpret_cast<const char*>(data), size);
    nlohmann::json plan = base;
    try {
        // Several overrides separated by newlines, as several --set options.
        std::size_t start = 0;
        while (start <= input.size()) {
            const auto end = input.find('\n', start);
            memplan::applyOverride(plan, input.substr(start, end - start), "fuzz.json");
            if (end == std::string::npos)
                break;
            start = end + 1;
        }
        const memplan::Plan p = memplan::parsePlanJson(plan, "fuzz.json", memplan::fuzz::presets());
        (void)memplan::evaluate(p, memplan::fuzz::presets());
    } catch (const memplan::InputError&) {
    }
    return 0;
}
