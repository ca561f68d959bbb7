// The one file reader and the one atomic writer (memplan/file_io.h) with any bytes: the writer
// stores them exactly, the reader gives them back exactly or refuses them past its cap, and
// a plan file read through them either parses or throws InputError. The cap is small here
// (4 KiB) so that the fuzzer crosses it often.
#include "fuzz_common.h"

#include "memplan/errors.h"
#include "memplan/file_io.h"
#include "memplan/plan_json.h"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    namespace fs = std::filesystem;
    static const std::string file = [] {
        char tmpl[] = "/tmp/memplan-fuzz-file-XXXXXX";
        return (fs::path(::mkdtemp(tmpl)) / "plan.memplan.json").string();
    }();
    constexpr std::uint64_t kCap = 4096;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    memplan::writeFileAtomic(file, bytes); // must not throw in a writable folder
    std::string text;
    try {
        text = memplan::readInputFile(file, kCap);
    } catch (const memplan::InputError&) {
        if (size <= kCap)
            std::abort(); // refused a file within the cap
        return 0;
    }
    if (size > kCap || text != bytes)
        std::abort(); // read past the cap, or not the bytes written
    try {
        memplan::parsePlan(text, file, memplan::fuzz::presets());
    } catch (const memplan::InputError&) {
    }
    return 0;
}
