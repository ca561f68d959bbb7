#include "memplan/safetensors.h"

#include "memplan/errors.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>

#include <nlohmann/json.hpp>

namespace memplan {

using nlohmann::json;

namespace {

// A tensor's elements above this are refused: far beyond any real checkpoint, and it keeps
// every element count exact in a double and every byte count inside 64 bits.
constexpr double kMaxElements = 1e15;

std::string quoteName(std::string_view s) {
    std::string out = "\"";
    for (const char c : s.substr(0, 200)) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f)
            out += '?';
        else
            out += c;
    }
    return out + (s.size() > 200 ? "...\"" : "\"");
}

uint64_t offsetAt(const json& v, const std::string& file, const std::string& key) {
    if (!v.is_number_unsigned())
        throw InputError(file, key,
                         "expected a byte offset (a whole number >= 0), got " + v.dump());
    return v.get<uint64_t>();
}

SafetensorsTensor readTensor(const std::string& name, const json& entry, const std::string& file) {
    const std::string where = "tensor " + quoteName(name);
    if (!entry.is_object())
        throw InputError(file, where, std::string("expected an object, got ") + entry.type_name());
    SafetensorsTensor t;
    t.name = name;

    const auto dtype = entry.find("dtype");
    if (dtype == entry.end() || !dtype->is_string())
        throw InputError(file, where + ".dtype", "missing, or not a string");
    t.dtype = dtype->get<std::string>();
    const int bits = safetensorsDtypeBits(t.dtype);
    if (bits == 0)
        throw InputError(file, where + ".dtype",
                         "unknown dtype " + quoteName(t.dtype) +
                             " (the safetensors format defines BOOL, U8, I8, F8_E4M3, F8_E5M2, "
                             "F8_E8M0, F4, F6_E2M3, F6_E3M2, I16, U16, F16, BF16, I32, U32, F32, "
                             "C64, F64, I64 and U64)");

    const auto shape = entry.find("shape");
    if (shape == entry.end() || !shape->is_array())
        throw InputError(file, where + ".shape", "missing, or not a list of sizes");
    t.elements = 1;
    for (const json& d : *shape) {
        if (!d.is_number_unsigned())
            throw InputError(file, where + ".shape",
                             "expected sizes (whole numbers >= 0), got " + d.dump());
        const auto n = d.get<uint64_t>();
        if (n > static_cast<uint64_t>(kMaxElements))
            throw InputError(file, where + ".shape", "size " + std::to_string(n) + " is too large");
        t.shape.push_back(static_cast<int64_t>(n));
        t.elements *= static_cast<double>(n);
        if (t.elements > kMaxElements)
            throw InputError(file, where + ".shape", "more than 10^15 elements");
    }

    const auto offsets = entry.find("data_offsets");
    if (offsets == entry.end() || !offsets->is_array() || offsets->size() != 2)
        throw InputError(file, where + ".data_offsets", "missing, or not a [begin, end] pair");
    t.begin = offsetAt((*offsets)[0], file, where + ".data_offsets");
    t.end = offsetAt((*offsets)[1], file, where + ".data_offsets");
    if (t.end < t.begin)
        throw InputError(file, where + ".data_offsets",
                         "end " + std::to_string(t.end) + " is before begin " +
                             std::to_string(t.begin));

    // Sub-byte dtypes (F4, F6) pack whole elements into whole bytes.
    const double bitsTotal = t.elements * bits;
    if (std::fmod(bitsTotal, 8.0) != 0.0)
        throw InputError(file, where + ".shape",
                         "elements of " + t.dtype + " do not fill whole bytes");
    const double expected = bitsTotal / 8.0;
    if (expected != static_cast<double>(t.bytes()))
        throw InputError(file, where + ".data_offsets",
                         "covers " + std::to_string(t.bytes()) + " bytes, but the shape needs " +
                             std::to_string(static_cast<uint64_t>(expected)) + " bytes of " +
                             t.dtype);
    return t;
}

} // namespace

int safetensorsDtypeBits(std::string_view dtype) {
    struct Entry {
        const char* name;
        int bits;
    };
    static const Entry kTable[] = {
        {"BOOL", 8},    {"U8", 8},   {"I8", 8},      {"F8_E4M3", 8}, {"F8_E5M2", 8},
        {"F8_E8M0", 8}, {"F4", 4},   {"F6_E2M3", 6}, {"F6_E3M2", 6}, {"I16", 16},
        {"U16", 16},    {"F16", 16}, {"BF16", 16},   {"I32", 32},    {"U32", 32},
        {"F32", 32},    {"C64", 64}, {"F64", 64},    {"I64", 64},    {"U64", 64},
    };
    for (const auto& e : kTable)
        if (dtype == e.name)
            return e.bits;
    return 0;
}

uint64_t safetensorsHeaderLength(std::string_view first8, const std::string& file,
                                 uint64_t fileBytes) {
    if (first8.size() < 8)
        throw InputError(file, "header length",
                         "the file is shorter than the 8-byte header length (" +
                             std::to_string(first8.size()) + " bytes)");
    uint64_t n = 0;
    for (int i = 7; i >= 0; --i)
        n = (n << 8) | static_cast<unsigned char>(first8[static_cast<std::size_t>(i)]);
    if (n > kMaxSafetensorsHeaderBytes)
        throw InputError(file, "header length",
                         std::to_string(n) + " bytes is above the format's limit of 100 MB: "
                                             "not a safetensors file, or a damaged one");
    if (n < 2)
        throw InputError(file, "header length",
                         std::to_string(n) + " bytes cannot hold the header's JSON object");
    if (fileBytes > 0 && n > fileBytes - std::min<uint64_t>(fileBytes, 8))
        throw InputError(file, "header length",
                         std::to_string(n) + " bytes runs past the end of the file (" +
                             std::to_string(fileBytes) + " bytes)");
    return n;
}

SafetensorsHeader parseSafetensorsHeader(std::string_view text, const std::string& file,
                                         uint64_t fileBytes) {
    // The reference reader requires the JSON to start at the first byte ('{').
    if (text.empty() || text.front() != '{')
        throw InputError(file, "header", "does not start with a JSON object ('{')");
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        std::string what = e.what();
        // nlohmann's messages start with "[json.exception.parse_error.101] parse error at ...".
        if (const auto p = what.find("] "); p != std::string::npos)
            what = what.substr(p + 2);
        throw InputError(file, "header", "not valid JSON: " + what);
    }
    if (!j.is_object())
        throw InputError(file, "header", "expected a JSON object");

    SafetensorsHeader h;
    h.header_bytes = text.size();
    for (auto it = j.begin(); it != j.end(); ++it) {
        if (it.key() == "__metadata__") {
            if (!it->is_object())
                throw InputError(file, "__metadata__", "expected an object of strings");
            for (auto m = it->begin(); m != it->end(); ++m)
                if (!m->is_string())
                    throw InputError(file, "__metadata__." + m.key(), "expected a string");
            continue;
        }
        h.tensors.push_back(readTensor(it.key(), it.value(), file));
    }

    // The data section is the tensors back to back in offset order: no overlap, no gap
    // (safetensors/src/tensor.rs, Metadata::validate).
    std::stable_sort(h.tensors.begin(), h.tensors.end(),
                     [](const SafetensorsTensor& a, const SafetensorsTensor& b) {
                         return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
                     });
    uint64_t at = 0;
    const SafetensorsTensor* previous = nullptr;
    for (const SafetensorsTensor& t : h.tensors) {
        const std::string key = "tensor " + quoteName(t.name) + ".data_offsets";
        if (t.begin < at)
            throw InputError(file, key,
                             "bytes " + std::to_string(t.begin) + "-" + std::to_string(t.end) +
                                 " overlap tensor " + quoteName(previous->name) + " (ends at " +
                                 std::to_string(at) + ")");
        if (t.begin > at)
            throw InputError(file, key,
                             "begins at " + std::to_string(t.begin) + ", leaving a gap after " +
                                 std::to_string(at));
        at = t.end;
        previous = &t;
    }
    h.data_bytes = at;
    if (fileBytes > 0) {
        const uint64_t available = fileBytes - std::min<uint64_t>(fileBytes, 8 + h.header_bytes);
        if (h.data_bytes > available) {
            const std::string last = h.tensors.empty()
                                         ? std::string("data")
                                         : "tensor " + quoteName(h.tensors.back().name);
            throw InputError(file, last + ".data_offsets",
                             "ends at byte " + std::to_string(h.data_bytes) +
                                 " of the data, past the end of the file (" +
                                 std::to_string(available) + " bytes of data)");
        }
        if (h.data_bytes < available)
            throw InputError(file, "data",
                             std::to_string(available - h.data_bytes) +
                                 " bytes after the last tensor belong to no tensor");
    }
    return h;
}

SafetensorsHeader readSafetensorsHeaderFile(const std::filesystem::path& path) {
    const std::string file = path.generic_string();
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status))
        throw InputError(file, "", "cannot open: no such file");
    if (std::filesystem::is_directory(status))
        throw InputError(file, "", "is a folder, not a .safetensors file");
    // A FIFO or a device would block or never end: refused before it is opened.
    if (!std::filesystem::is_regular_file(status))
        throw InputError(file, "", "is not a regular file");
    const auto size = std::filesystem::file_size(path, ec);
    std::ifstream in(path, std::ios::binary);
    if (ec || !in)
        throw InputError(file, "", std::string("cannot open: ") + std::strerror(errno));
    std::string first8(8, '\0');
    in.read(first8.data(), 8);
    first8.resize(static_cast<std::size_t>(in.gcount()));
    const uint64_t n = safetensorsHeaderLength(first8, file, size);
    std::string text(static_cast<std::size_t>(n), '\0');
    in.read(text.data(), static_cast<std::streamsize>(n));
    if (static_cast<uint64_t>(in.gcount()) != n)
        throw InputError(file, "header", "the file ends inside the header");
    // JSON padding: the format allows trailing spaces to align the data section.
    return parseSafetensorsHeader(text, file, size);
}

} // namespace memplan
