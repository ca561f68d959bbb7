// A plan for an imported model whose checkpoint may be pre-quantized: the plan's weight
// recipe follows what the checkpoint stores (GPTQ/AWQ/compressed-tensors packed integers,
// bitsandbytes 4/8-bit, fp8, MXFP4), not only the summary that reports it.
#pragma once

#include "memplan/model_files.h"
#include "memplan/plan.h"

#include <string>

namespace memplan {

// Sets `plan`'s precision (int4, int8), its weight dtype (fp8) and, for a training method that
// cannot train quantized weights directly, the method (LoRA) from the checkpoint's stored
// format. Returns one English line saying what changed and why, or "" when nothing did (a
// plain checkpoint, or one transformers dequantizes to bf16 for this plan).
std::string applyCheckpointRecipe(const CheckpointSummary& checkpoint, Plan& plan);

// planForModel(imported.model, base), then applyCheckpointRecipe when there is a checkpoint.
Plan planForImport(const ImportedModel& imported, const Plan& base, std::string* change = nullptr);

} // namespace memplan
