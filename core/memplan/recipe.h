// Precision recipes: which dtype each tensor class uses, and bytes per element.
#pragma once

#include "memplan/plan.h"

namespace memplan {

double bytesPerElement(Dtype d); // Nf4 = 0.5; quantization constants are added separately

// The recipe's table for realistic accounting (docs/memory-model.md, "Recipes").
DtypeTable recipeTable(Recipe r);
// The table after the plan's overrides.
DtypeTable effectiveTable(const TrainingSpec& t);

// Storage width of the recipe in textbook accounting: 4 / 2 / 1 / 0.5 bytes.
double textbookWidth(Recipe r);

bool isQuantizedRecipe(Recipe r); // int8 / int4: quantized frozen base in realistic accounting
// fp16-mixed, bf16-mixed, fp8-mixed: low-precision compute weights beside fp32 master weights.
bool isMixedRecipe(Recipe r);

} // namespace memplan
