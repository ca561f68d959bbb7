// The header of a .safetensors file: an 8-byte little-endian length, then that many bytes of
// JSON naming each tensor's dtype, shape and byte range in the data that follows. Only the
// header is ever read; the tensors themselves are not.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace memplan {

struct SafetensorsTensor {
    std::string name;
    std::string dtype; // as spelled in the file: "BF16", "F8_E4M3", "I32", "U8", ...
    std::vector<int64_t> shape;
    uint64_t begin = 0, end = 0; // byte range within the data section
    double elements = 0;         // product of the shape (exact below 2^53)
    uint64_t bytes() const { return end - begin; }
};

struct SafetensorsHeader {
    std::vector<SafetensorsTensor> tensors; // in file order of their data (by offset)
    uint64_t header_bytes = 0;              // the JSON's length (the 8-byte prefix excluded)
    uint64_t data_bytes = 0;                // the data section's length (last tensor's end)
};

// The reference reader refuses headers above 100 MB (safetensors/src/tensor.rs,
// MAX_HEADER_SIZE = 100_000_000); so does memplan, before reading them.
constexpr uint64_t kMaxSafetensorsHeaderBytes = 100'000'000;

// Bits per element of a safetensors dtype name, 0 for a name the format does not define
// (safetensors/src/tensor.rs, enum Dtype and Dtype::bitsize).
int safetensorsDtypeBits(std::string_view dtype);

// Parses the header JSON (the bytes after the 8-byte length). `fileBytes` is the size of the
// whole file when known (then the data section must end exactly at the file's end), 0 when
// not. Throws InputError naming `file` and the tensor and field that is wrong: bad JSON, a
// dtype the format does not define, a shape whose size disagrees with its byte range, byte
// ranges that overlap, leave gaps or run past the end of the file.
SafetensorsHeader parseSafetensorsHeader(std::string_view json, const std::string& file,
                                         uint64_t fileBytes);

// The header length from the first 8 bytes of a file; throws when it is above
// kMaxSafetensorsHeaderBytes or (with fileBytes > 0) runs past the end of the file.
uint64_t safetensorsHeaderLength(std::string_view first8, const std::string& file,
                                 uint64_t fileBytes);

// Reads and parses the header of a local file: 8 + length bytes, never the tensors.
SafetensorsHeader readSafetensorsHeaderFile(const std::filesystem::path& path);

} // namespace memplan
