// Llama 3.2 Vision's cross-attention layers (model.vision.cross_attention_layers): the
// language model's queries attend to the image tokens, whose keys and values come from the
// projected vision states. Internal to the model; see docs/memory-model.md
// "Vision-language models".
#pragma once

#include "memplan/activations.h"

namespace memplan::detail {

// Bytes one cross-attention layer keeps for its backward under the plan's recomputation
// setting, for `imageTokens` image tokens per sequence (c.s text tokens).
double crossLayerKeptBytes(const ModelSpec& m, const ActivationContext& c, double imageTokens);
// Kept once for all cross-attention layers of a micro-batch: the projected image states the
// k/v projections read, and the cross-attention mask a fused kernel keeps.
double crossAttentionSharedBytes(const ModelSpec& m, const ActivationContext& c,
                                 double imageTokens);
// One cross-attention layer's forward working set without saving (inference prefill).
double crossLayerForwardWorkingSet(const ModelSpec& m, const ActivationContext& c,
                                   double imageTokens);
// Keys and values of the image tokens in one cross-attention layer, per sequence: computed
// once from the image at prefill, they do not grow with generated tokens.
double crossLayerKvCacheBytes(const ModelSpec& m, const ActivationContext& c, double imageTokens);

} // namespace memplan::detail
