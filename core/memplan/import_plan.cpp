#include "memplan/import_plan.h"

#include "memplan/hf_import.h"

#include <algorithm>

namespace memplan {

namespace {

// Methods whose weights train directly; a post-training method keeps its own (its policy's
// adapters are not a plan key).
bool trainsWeightsDirectly(Method m) {
    return m == Method::Full || m == Method::Galore || m == Method::Freeze;
}

// The quantized format holding the most parameters; Plain when there is none.
WeightFormat mainQuantizedFormat(const CheckpointSummary& c) {
    WeightFormat best = WeightFormat::Plain;
    double most = 0;
    for (const FormatTally& t : c.by_format)
        if (t.format != WeightFormat::Plain && t.format != WeightFormat::QuantAux &&
            t.parameters > most) {
            best = t.format;
            most = t.parameters;
        }
    return best;
}

} // namespace

std::string applyCheckpointRecipe(const CheckpointSummary& checkpoint, Plan& plan) {
    const WeightFormat format = mainQuantizedFormat(checkpoint);
    if (format == WeightFormat::Plain)
        return "";
    TrainingSpec& t = plan.training;
    const bool training = t.method != Method::Inference && t.method != Method::Serving;
    // MXFP4 weights are not trainable: transformers dequantizes them to bf16 for training
    // (quantizers/quantizer_mxfp4.py), so a training plan keeps its 16-bit recipe.
    if (format == WeightFormat::Mxfp4 && training)
        return "";
    std::string what;
    switch (format) {
    case WeightFormat::PackedInt:
        t.precision = checkpoint.bits > 0 && checkpoint.bits <= 4 ? Recipe::Int4 : Recipe::Int8;
        what = std::string("packed ") + std::to_string(checkpoint.bits > 0 ? checkpoint.bits : 4) +
               "-bit integer weights (GPTQ/AWQ): precision " +
               (t.precision == Recipe::Int4 ? "int4" : "int8");
        break;
    case WeightFormat::Bnb4bit:
    case WeightFormat::Mxfp4:
        t.precision = Recipe::Int4;
        what = format == WeightFormat::Bnb4bit ? "bitsandbytes 4-bit weights: precision int4"
                                               : "MXFP4 weights: precision int4";
        break;
    case WeightFormat::Bnb8bit:
        t.precision = Recipe::Int8;
        what = "bitsandbytes 8-bit weights: precision int8";
        break;
    case WeightFormat::Fp8:
        t.dtypes.slot[static_cast<std::size_t>(TensorClass::Weights)] = Dtype::Fp8;
        what = "fp8 weights: training.dtypes.weights fp8";
        break;
    default:
        return "";
    }
    // transformers' Trainer refuses to fine-tune a purely quantized model ("You cannot perform
    // fine-tuning on purely quantized models. Please attach trainable adapters", trainer.py):
    // a quantized base trains through adapters.
    if (trainsWeightsDirectly(t.method)) {
        t.method = Method::Lora;
        what += "; method lora (quantized weights train through adapters)";
    }
    return "the checkpoint stores " + what;
}

Plan planForImport(const ImportedModel& imported, const Plan& base, std::string* change) {
    Plan p = planForModel(imported.model, base);
    std::string line;
    if (imported.checkpoint)
        line = applyCheckpointRecipe(*imported.checkpoint, p);
    if (change)
        *change = line;
    return p;
}

} // namespace memplan
