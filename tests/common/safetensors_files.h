// Test helper: writes small hand-made .safetensors files (header + zero-filled data) and model
// folders, so that tests state each tensor as "name dtype shape" and never ship binaries.
#pragma once

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace memplan::testfiles {

// Bytes per element of the dtypes the tests use (sub-byte dtypes are not built this way).
inline int elementBytes(const std::string& dtype) {
    if (dtype == "F64" || dtype == "I64" || dtype == "U64")
        return 8;
    if (dtype == "F32" || dtype == "I32" || dtype == "U32")
        return 4;
    if (dtype == "F16" || dtype == "BF16" || dtype == "I16" || dtype == "U16")
        return 2;
    return 1;
}

// "name DTYPE d0,d1,...;name DTYPE ...": tensors laid back to back in the order given.
inline nlohmann::json headerFor(const std::string& spec, uint64_t* dataBytes = nullptr) {
    nlohmann::json h = nlohmann::json::object();
    uint64_t at = 0;
    std::istringstream all(spec);
    std::string item;
    while (std::getline(all, item, ';')) {
        std::istringstream one(item);
        std::string name, dtype, dims;
        one >> name >> dtype >> dims;
        if (name.empty())
            continue;
        std::vector<int64_t> shape;
        uint64_t n = 1;
        std::istringstream ds(dims);
        for (std::string d; std::getline(ds, d, ',');) {
            shape.push_back(std::stoll(d));
            n *= static_cast<uint64_t>(std::stoll(d));
        }
        const uint64_t bytes = n * static_cast<uint64_t>(elementBytes(dtype));
        h[name] = {{"dtype", dtype}, {"shape", shape}, {"data_offsets", {at, at + bytes}}};
        at += bytes;
    }
    if (dataBytes)
        *dataBytes = at;
    return h;
}

// The whole file: length, header text, `dataBytes` zero bytes.
inline std::string fileBytes(const std::string& headerText, uint64_t declaredLength,
                             uint64_t dataBytes) {
    std::string out;
    for (int i = 0; i < 8; ++i)
        out += static_cast<char>((declaredLength >> (8 * i)) & 0xff);
    return out + headerText + std::string(dataBytes, '\0');
}

inline bool writeBytes(const std::string& path, const std::string& bytes) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return static_cast<bool>(f);
}

// A well-formed file from a spec (see headerFor).
inline bool writeSafetensors(const std::string& path, const std::string& spec) {
    uint64_t data = 0;
    const std::string text = headerFor(spec, &data).dump();
    return writeBytes(path, fileBytes(text, text.size(), data));
}

} // namespace memplan::testfiles
