#include "memplan/recipe.h"

namespace memplan {

double bytesPerElement(Dtype d) {
    switch (d) {
    case Dtype::None:
        return 0;
    case Dtype::Fp32:
        return 4;
    case Dtype::Fp16:
    case Dtype::Bf16:
        return 2;
    case Dtype::Fp8:
    case Dtype::Int8:
        return 1;
    case Dtype::Nf4:
        return 0.5;
    }
    return 0;
}

// Realistic recipes, one row per recipe (docs/memory-model.md, "Recipes"):
//   weights, gradients, master weights, optimizer states, activations.
// Mixed precision follows the ZeRO paper's accounting (Rajbhandari et al. 2019, Sec. 3.1):
// 16-bit weights and gradients, fp32 master copy and fp32 Adam moments: 2+2+4+8 = 16 B/param.
// bf16-pure is torchtune / LitGPT "bf16-true": no master copy, moments in bf16 (8 B/param).
// fp8-mixed follows Transformer Engine: bf16 weights and gradients, fp32 master and moments;
// the fp8 weight copies and fp8 saved activations are added by the model.
// int8/int4 describe the frozen quantized base; what trains stays in bf16.
DtypeTable recipeTable(Recipe r) {
    switch (r) {
    case Recipe::Fp32:
        return {Dtype::Fp32, Dtype::Fp32, Dtype::None, Dtype::Fp32, Dtype::Fp32};
    case Recipe::Fp16Mixed:
        return {Dtype::Fp16, Dtype::Fp16, Dtype::Fp32, Dtype::Fp32, Dtype::Fp16};
    case Recipe::Bf16Mixed:
        return {Dtype::Bf16, Dtype::Bf16, Dtype::Fp32, Dtype::Fp32, Dtype::Bf16};
    case Recipe::Bf16Pure:
        return {Dtype::Bf16, Dtype::Bf16, Dtype::None, Dtype::Bf16, Dtype::Bf16};
    case Recipe::Fp8Mixed:
        return {Dtype::Bf16, Dtype::Bf16, Dtype::Fp32, Dtype::Fp32, Dtype::Bf16};
    case Recipe::Int8:
        return {Dtype::Int8, Dtype::Bf16, Dtype::None, Dtype::Fp32, Dtype::Bf16};
    case Recipe::Int4:
        return {Dtype::Nf4, Dtype::Bf16, Dtype::None, Dtype::Fp32, Dtype::Bf16};
    }
    return {};
}

DtypeTable effectiveTable(const TrainingSpec& t) {
    DtypeTable table = recipeTable(t.precision);
    for (std::size_t i = 0; i < kTensorClassCount; ++i)
        if (t.dtypes.slot[i])
            table[i] = *t.dtypes.slot[i];
    return table;
}

double textbookWidth(Recipe r) {
    switch (r) {
    case Recipe::Fp32:
        return 4;
    case Recipe::Fp16Mixed:
    case Recipe::Bf16Mixed:
    case Recipe::Bf16Pure:
        return 2;
    case Recipe::Fp8Mixed:
    case Recipe::Int8:
        return 1;
    case Recipe::Int4:
        return 0.5;
    }
    return 4;
}

bool isMixedRecipe(Recipe r) {
    return r == Recipe::Fp16Mixed || r == Recipe::Bf16Mixed || r == Recipe::Fp8Mixed;
}

bool isQuantizedRecipe(Recipe r) {
    return r == Recipe::Int8 || r == Recipe::Int4;
}

} // namespace memplan
