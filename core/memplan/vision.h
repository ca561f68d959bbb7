// The vision tower of a vision-language model: its parameters, the patches it sees and the
// image tokens it hands the language model. Internal to the model; see docs/memory-model.md
// "Vision-language models".
#pragma once

#include "memplan/plan.h"

namespace memplan {

bool hasVision(const ModelSpec& m);

// Parameters of the tower (patch embedding, position table, layers, final norm) and of the
// projector into a language model of width `lmHidden`.
struct VisionParams {
    double tower = 0;
    double projector = 0;
    double total() const { return tower + projector; }
};
VisionParams countVisionParameters(const VisionSpec& v, int64_t lmHidden);

// Side in pixels of an image as the tower sees it: the fixed image_size of a learned-position
// tower; a dynamic tower's image rounded to patch x merge and kept within min/max_pixels.
int64_t visionImageSide(const VisionSpec& v);
// Patches the tower runs over per image (a tiled tower: every tile's class token and patches,
// padded to a multiple of 8 per tile), and the tokens per image the language model gets.
int64_t visionPatchesPerImage(const VisionSpec& v);
int64_t visionTokensPerImage(const VisionSpec& v);
// Image tokens in one sequence of the language model (images x tokens per image); 0 without
// a tower, or when the image tokens reach the model through cross-attention layers.
int64_t imageTokensPerSequence(const ModelSpec& m);

// Language-model layers that cross-attend to the image tokens (Llama 3.2 Vision), and the
// image tokens one sequence's cross-attention layers attend to (0 without such layers).
int64_t crossAttentionLayers(const ModelSpec& m);
int64_t crossAttentionLayersIn(const ModelSpec& m, double first, double count);
int64_t crossAttentionTokensPerSequence(const ModelSpec& m);
// Parameters a cross-attending language model adds to its text shape: Mllama's extra
// embedding rows and each cross-attention layer's q/k norms and two gates.
struct CrossAttentionParams {
    double embedding = 0;
    double layers = 0;
};
CrossAttentionParams countCrossAttentionParameters(const ModelSpec& m);

// Window attention (Qwen2.5-VL): the blocks that attend within windows (0 without windows),
// and the query-key pairs one image's attention scores hold in such a block: the sum over its
// windows of (patches in the window)^2, against patches^2 in a block that attends fully.
int64_t visionWindowedBlocks(const VisionSpec& v);
double visionWindowedScorePairs(const VisionSpec& v);
// Patches in one full window (the window's side in merged units, squared, x merge^2).
int64_t visionPatchesPerWindow(const VisionSpec& v);

// The tower as a plain encoder shape, so that the layer activation terms apply to it.
ModelSpec visionEncoderShape(const VisionSpec& v);

} // namespace memplan
