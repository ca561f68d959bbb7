#include "memplan/checkpoint.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

namespace memplan {

using nlohmann::json;

namespace {

bool endsWith(std::string_view s, std::string_view tail) {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}
bool contains(std::string_view s, std::string_view part) {
    return s.find(part) != std::string_view::npos;
}
std::string stripTail(std::string_view s, std::string_view tail) {
    return std::string(s.substr(0, s.size() - tail.size()));
}

// Tensor-name conventions of the quantized formats, by the code that writes them:
//  GPTQ/AutoGPTQ and AutoAWQ: <layer>.qweight (I32, 32/bits codes each), .qzeros, .scales,
//    .g_idx (auto_gptq/nn_modules/qlinear, awq/modules/linear).
//  compressed-tensors (llm-compressor) pack-quantized: <layer>.weight_packed (I32),
//    .weight_scale, .weight_zero_point, .weight_g_idx, .weight_shape.
//  bitsandbytes 4-bit (bitsandbytes/nn/modules.py, Params4bit / QuantState.as_dict):
//    <layer>.weight (U8, two codes a byte) with .weight.absmax, .weight.quant_map,
//    .weight.nested_absmax, .weight.nested_quant_map, .weight.quant_state.bitsandbytes__nf4.
//  bitsandbytes 8-bit (Int8Params): <layer>.weight (I8) with .SCB and .weight_format.
//  FP8 (DeepSeek-V3 block scales, FBGEMM / compressed-tensors per-channel): F8_E4M3 or
//    F8_E5M2 weights with .weight_scale_inv or .weight_scale (+ .input_scale, k/v scales).
//  MXFP4 (gpt-oss, transformers integrations/mxfp4.py): <name>_blocks (U8, two FP4 values a
//    byte) and <name>_scales (U8 E8M0, one per 32 values).
class Classifier {
public:
    explicit Classifier(const std::vector<SafetensorsHeader>& shards) {
        for (const auto& h : shards)
            for (const auto& t : h.tensors)
                names_.insert(t.name);
        for (const auto& n : names_) {
            packed_ = packed_ || endsWith(n, ".qweight") || endsWith(n, ".weight_packed");
            bnb4_ = bnb4_ || contains(n, ".weight.quant_state.bitsandbytes__") ||
                    endsWith(n, ".weight.absmax");
            bnb8_ = bnb8_ || endsWith(n, ".SCB");
            mxfp4_ = mxfp4_ || endsWith(n, "_blocks");
        }
    }

    WeightFormat classify(const SafetensorsTensor& t) {
        const std::string& n = t.name;
        const std::string& d = t.dtype;
        if (packed_) {
            if ((endsWith(n, ".qweight") || endsWith(n, ".weight_packed")) && d == "I32")
                return WeightFormat::PackedInt;
            for (const char* aux : {".qzeros", ".scales", ".g_idx", ".weight_scale",
                                    ".weight_zero_point", ".weight_g_idx", ".weight_shape"})
                if (endsWith(n, aux))
                    return WeightFormat::QuantAux;
        }
        if (bnb4_) {
            if (d == "U8" && endsWith(n, ".weight") &&
                (names_.count(n + ".absmax") ||
                 names_.count(n + ".quant_state.bitsandbytes__nf4") ||
                 names_.count(n + ".quant_state.bitsandbytes__fp4")))
                return WeightFormat::Bnb4bit;
            for (const char* aux : {".weight.absmax", ".weight.quant_map", ".weight.nested_absmax",
                                    ".weight.nested_quant_map"})
                if (endsWith(n, aux))
                    return WeightFormat::QuantAux;
            if (contains(n, ".weight.quant_state."))
                return WeightFormat::QuantAux;
        }
        if (bnb8_) {
            if (d == "I8" && endsWith(n, ".weight") && names_.count(stripTail(n, "weight") + "SCB"))
                return WeightFormat::Bnb8bit;
            if (endsWith(n, ".SCB") || endsWith(n, ".weight_format"))
                return WeightFormat::QuantAux;
        }
        if (mxfp4_) {
            if (d == "U8" && endsWith(n, "_blocks"))
                return WeightFormat::Mxfp4;
            if (endsWith(n, "_scales") && names_.count(stripTail(n, "_scales") + "_blocks"))
                return WeightFormat::QuantAux;
        }
        if (d == "F8_E4M3" || d == "F8_E5M2")
            return WeightFormat::Fp8;
        if (sawFp8_) {
            for (const char* aux : {".weight_scale_inv", ".weight_scale", ".input_scale",
                                    ".k_scale", ".v_scale", ".activation_scale"})
                if (endsWith(n, aux))
                    return WeightFormat::QuantAux;
        }
        return WeightFormat::Plain;
    }

    void noteFp8(bool any) { sawFp8_ = any; }

private:
    std::set<std::string> names_;
    bool packed_ = false, bnb4_ = false, bnb8_ = false, mxfp4_ = false, sawFp8_ = false;
};

// Logical parameters per stored element.
double valuesPerElement(WeightFormat f, int bits) {
    switch (f) {
    case WeightFormat::PackedInt:
        return 32.0 / bits;
    case WeightFormat::Bnb4bit:
    case WeightFormat::Mxfp4:
        return 2;
    case WeightFormat::QuantAux:
        return 0;
    default:
        return 1;
    }
}

std::string formatLabel(WeightFormat f, int bits) {
    switch (f) {
    case WeightFormat::PackedInt:
        return "int" + std::to_string(bits) + " packed in I32 (GPTQ/AWQ)";
    default:
        return weightFormatName(f);
    }
}

std::string count(double n) {
    std::ostringstream s;
    if (n >= 1e9)
        s.precision(4), s << n / 1e9 << "B";
    else if (n >= 1e6)
        s.precision(4), s << n / 1e6 << "M";
    else
        s << static_cast<long long>(n);
    return s.str();
}

std::string bytesText(double b) {
    std::ostringstream s;
    s.setf(std::ios::fixed);
    s.precision(2);
    s << b / 1073741824.0 << " GiB";
    return s.str();
}

} // namespace

const char* weightFormatName(WeightFormat f) {
    switch (f) {
    case WeightFormat::Plain:
        return "plain";
    case WeightFormat::PackedInt:
        return "packed-int";
    case WeightFormat::Bnb4bit:
        return "bitsandbytes-4bit";
    case WeightFormat::Bnb8bit:
        return "bitsandbytes-8bit";
    case WeightFormat::Fp8:
        return "fp8";
    case WeightFormat::Mxfp4:
        return "mxfp4";
    case WeightFormat::QuantAux:
        return "quantization-scales";
    }
    return "plain";
}

bool CheckpointSummary::quantized() const {
    return std::any_of(by_format.begin(), by_format.end(), [](const FormatTally& t) {
        return t.format != WeightFormat::Plain && t.format != WeightFormat::QuantAux;
    });
}

CheckpointSummary summarizeCheckpoint(const std::vector<SafetensorsHeader>& shards,
                                      const json& quantization) {
    CheckpointSummary s;
    s.files = static_cast<int64_t>(shards.size());
    int bits = 4; // GPTQConfig / AwqConfig default
    if (quantization.is_object()) {
        const auto b = quantization.find("bits");
        if (b != quantization.end() && b->is_number_unsigned()) {
            const auto v = b->get<uint64_t>();
            if (v == 2 || v == 3 || v == 4 || v == 8) // widths that divide or pack into I32
                bits = static_cast<int>(v);
        }
    }

    Classifier classifier(shards);
    bool anyFp8 = false;
    for (const auto& h : shards)
        for (const auto& t : h.tensors)
            anyFp8 = anyFp8 || t.dtype == "F8_E4M3" || t.dtype == "F8_E5M2";
    classifier.noteFp8(anyFp8);

    std::map<std::string, DtypeTally> dtypes;
    std::array<FormatTally, 7> formats{};
    for (std::size_t i = 0; i < formats.size(); ++i)
        formats[i].format = static_cast<WeightFormat>(i);
    for (const auto& h : shards) {
        for (const auto& t : h.tensors) {
            ++s.tensors;
            DtypeTally& d = dtypes[t.dtype];
            d.dtype = t.dtype;
            ++d.tensors;
            d.elements += t.elements;
            d.bytes += static_cast<double>(t.bytes());
            const WeightFormat f = classifier.classify(t);
            FormatTally& ft = formats[static_cast<std::size_t>(f)];
            ft.parameters += t.elements * valuesPerElement(f, bits);
            ft.bytes += static_cast<double>(t.bytes());
            s.stored_bytes += static_cast<double>(t.bytes());
        }
    }
    for (auto& [name, tally] : dtypes)
        s.by_dtype.push_back(tally);
    std::stable_sort(s.by_dtype.begin(), s.by_dtype.end(),
                     [](const DtypeTally& a, const DtypeTally& b) { return a.bytes > b.bytes; });
    for (const auto& ft : formats)
        if (ft.bytes > 0 || ft.parameters > 0) {
            s.by_format.push_back(ft);
            s.parameters += ft.parameters;
        }
    if (formats[static_cast<std::size_t>(WeightFormat::PackedInt)].parameters > 0)
        s.bits = bits;

    // Dequantize-on-load: transformers' quantizers fall back to bf16 weights where the
    // format's kernels cannot run.
    const double plainBytes = formats[0].bytes;
    const auto& fp8 = formats[static_cast<std::size_t>(WeightFormat::Fp8)];
    const auto& mx = formats[static_cast<std::size_t>(WeightFormat::Mxfp4)];
    if (fp8.parameters > 0 || mx.parameters > 0)
        s.dequantized_bytes = plainBytes + 2 * (fp8.parameters + mx.parameters) +
                              formats[static_cast<std::size_t>(WeightFormat::PackedInt)].bytes +
                              formats[static_cast<std::size_t>(WeightFormat::Bnb4bit)].bytes +
                              formats[static_cast<std::size_t>(WeightFormat::Bnb8bit)].bytes;
    if (fp8.parameters > 0)
        // transformers quantizers/quantizer_finegrained_fp8.py, validate_environment: below
        // compute capability 8.9 it sets quantization_config.dequantize = True.
        s.notes.push_back("FP8 weights: transformers dequantizes them to bf16 on load on GPUs "
                          "below compute capability 8.9 (before Ada/Hopper), or with "
                          "dequantize=True; the weights then take " +
                          bytesText(s.dequantized_bytes) + " instead of " +
                          bytesText(s.stored_bytes));
    if (mx.parameters > 0)
        // transformers quantizers/quantizer_mxfp4.py, validate_environment: compute capability
        // >= 7.5, Triton >= 3.4 and the kernels package, else dequantize = True; MXFP4 weights
        // are not trainable, so training dequantizes too.
        s.notes.push_back("MXFP4 weights: transformers dequantizes them to bf16 on load on GPUs "
                          "below compute capability 7.5, without Triton >= 3.4 and the kernels "
                          "package, and for training; the weights then take " +
                          bytesText(s.dequantized_bytes) + " instead of " +
                          bytesText(s.stored_bytes));
    return s;
}

json checkpointToJson(const CheckpointSummary& s) {
    json j;
    j["files"] = s.files;
    j["tensors"] = s.tensors;
    j["parameters"] = s.parameters;
    j["stored_bytes"] = s.stored_bytes;
    json dtypes = json::array();
    for (const auto& d : s.by_dtype)
        dtypes.push_back({{"dtype", d.dtype},
                          {"tensors", d.tensors},
                          {"elements", d.elements},
                          {"bytes", d.bytes}});
    j["by_dtype"] = dtypes;
    json formats = json::array();
    for (const auto& f : s.by_format)
        formats.push_back({{"format", weightFormatName(f.format)},
                           {"parameters", f.parameters},
                           {"bytes", f.bytes}});
    j["by_format"] = formats;
    if (s.bits > 0)
        j["bits"] = s.bits;
    if (s.dequantized_bytes > 0)
        j["dequantized_bytes"] = s.dequantized_bytes;
    j["notes"] = s.notes;
    return j;
}

std::vector<std::string> describeCheckpoint(const CheckpointSummary& s) {
    std::vector<std::string> out;
    out.push_back("checkpoint: " + std::to_string(s.files) + " safetensors file" +
                  (s.files == 1 ? "" : "s") + ", " + std::to_string(s.tensors) + " tensors, " +
                  std::to_string(static_cast<long long>(s.parameters)) + " parameters (" +
                  count(s.parameters) + "), " + bytesText(s.stored_bytes) + " of weights (" +
                  std::to_string(static_cast<long long>(s.stored_bytes)) + " bytes)");
    for (const auto& d : s.by_dtype)
        out.push_back("  " + d.dtype + ": " + std::to_string(d.tensors) + " tensors, " +
                      std::to_string(static_cast<long long>(d.elements)) + " elements, " +
                      bytesText(d.bytes));
    if (s.quantized())
        for (const auto& f : s.by_format)
            out.push_back(
                "  " + formatLabel(f.format, s.bits) + ": " +
                (f.format == WeightFormat::QuantAux
                     ? std::string("")
                     : std::to_string(static_cast<long long>(f.parameters)) + " parameters, ") +
                bytesText(f.bytes));
    for (const auto& n : s.notes)
        out.push_back("note: " + n);
    return out;
}

} // namespace memplan
