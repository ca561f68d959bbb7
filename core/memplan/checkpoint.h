// What a checkpoint's safetensors headers say about its weights: the exact parameter count,
// the bytes per stored dtype, and the quantization format of pre-quantized checkpoints
// (GPTQ/AWQ, bitsandbytes, fp8, MXFP4), read from tensor names and dtypes only.
#pragma once

#include "memplan/safetensors.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace memplan {

// The storage formats memplan tells apart in a checkpoint.
enum class WeightFormat {
    Plain,     // one element per parameter (F32, BF16, F16, ...)
    PackedInt, // GPTQ/AWQ/compressed-tensors: `bits`-wide integers packed into I32
    Bnb4bit,   // bitsandbytes NF4/FP4: two 4-bit codes per U8
    Bnb8bit,   // bitsandbytes LLM.int8: I8 weights with fp32 row scales (SCB)
    Fp8,       // F8_E4M3 / F8_E5M2 weights with their scales
    Mxfp4,     // OCP MX FP4: two FP4 values per U8 block byte, one E8M0 scale per 32
    QuantAux,  // scales, zero points, group indices, quantization state: not parameters
};
const char* weightFormatName(WeightFormat f);

struct DtypeTally {
    std::string dtype; // safetensors spelling
    int64_t tensors = 0;
    double elements = 0;
    double bytes = 0;
};

struct FormatTally {
    WeightFormat format = WeightFormat::Plain;
    double parameters = 0; // logical parameters (packed values counted one by one)
    double bytes = 0;      // bytes as stored
};

struct CheckpointSummary {
    int64_t files = 0;
    int64_t tensors = 0;
    std::vector<DtypeTally> by_dtype;   // storage dtypes, largest first
    std::vector<FormatTally> by_format; // Plain, the quantized formats, then QuantAux
    double parameters = 0;              // exact logical parameter count (QuantAux excluded)
    double stored_bytes = 0;            // every tensor's bytes: what the weights take on disk
    int bits = 0;                       // packed integer width (PackedInt), 0 otherwise
    // Where transformers dequantizes this checkpoint's weights on load, with the bytes they
    // then take; empty for plain and for formats that load as stored.
    std::vector<std::string> notes;
    double dequantized_bytes = 0; // the weights' bytes after a bf16 dequantization, 0 if n/a
    bool quantized() const;
};

// Sums the tensors of every shard. `quantization` is config.json's quantization_config
// (null when absent): its "bits" gives the packed integer width (default 4).
CheckpointSummary summarizeCheckpoint(const std::vector<SafetensorsHeader>& shards,
                                      const nlohmann::json& quantization);

// The summary as JSON (memplan-cli import-hf --json) and as English lines.
nlohmann::json checkpointToJson(const CheckpointSummary& s);
std::vector<std::string> describeCheckpoint(const CheckpointSummary& s);

} // namespace memplan
