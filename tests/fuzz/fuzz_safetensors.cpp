// safetensors headers: a whole file's bytes (length prefix, header JSON, data) through the
// header checks and the checkpoint summary.
#include "memplan/checkpoint.h"
#include "memplan/errors.h"
#include "memplan/safetensors.h"

#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        const uint64_t n =
            memplan::safetensorsHeaderLength(bytes.substr(0, 8), "m.safetensors", size);
        const memplan::SafetensorsHeader h =
            memplan::parseSafetensorsHeader(bytes.substr(8, n), "m.safetensors", size);
        const auto s = memplan::summarizeCheckpoint({h}, nlohmann::json{{"bits", 4}});
        (void)memplan::describeCheckpoint(s);
        (void)memplan::checkpointToJson(s).dump();
    } catch (const memplan::InputError&) {
    }
    return 0;
}
