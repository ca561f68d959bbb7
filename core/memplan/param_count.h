// Exact parameter counts from a transformer shape, and a shape derived from a bare count.
#pragma once

#include "memplan/plan.h"

#include <string>

namespace memplan {

// Parameters by where they live. All counts are exact integers held in doubles
// (exact below 2^53, far above any real model).
struct ParamCounts {
    double embedding = 0; // token (+ position, token-type) embeddings and embedding norm
    double lm_head = 0;   // untied output projection (+ bias); 0 when tied or absent
    double final_norm = 0;
    double pooler = 0;
    double vision = 0; // vision tower + projector of a vision-language model (vision.h)
    // Per transformer layer:
    double attn_q = 0, attn_k = 0, attn_v = 0, attn_o = 0; // weights + biases
    double mlp_gate = 0, mlp_up = 0, mlp_down = 0;         // per expert; gate = 0 for plain MLP
    double router = 0;
    double layer_norms = 0;
    // Totals
    double per_layer = 0; // one layer including all experts (a MoE layer when some are dense)
    double layers_total = 0;
    double total = 0;
    // Quantities the memory model needs.
    double linear_in_layers = 0; // parameters in the layers' linear weight matrices (all experts)
    double largest_tensor = 0;   // the single largest parameter tensor (usually the embedding)
};

ParamCounts countParameters(const ModelSpec& m);

// The routed experts of every MoE layer, matrices and biases (gpt-oss's per-expert biases);
// 0 for a dense model. Shared experts, routers and dense layers are not included.
double routedExpertParameters(const ModelSpec& m, const ParamCounts& c);

// The shape counts its attention as multi-head latent attention (MLA).
bool isMla(const ModelSpec& m);

// The documented rule used when only a parameter count is given (docs/memory-model.md):
// a Llama-style decoder (gated MLP, RMSNorm, RoPE, 32k vocabulary, head_dim 128,
// ffn = 8/3 h rounded up to 256, depth ~ h/128, GQA with 8 KV heads from 30B up).
ModelSpec deriveShape(double params);
std::string describeShapeRule();

// A count given over a model scales that model (docs/memory-model.md, "Scaling a model to a
// new count"): its vocabulary, head_dim, KV-head count (or multi-head attention), ffn ratio,
// MLP, norm, bias, position and tying carry over; heads step so that the KV heads and TP
// degrees up to 8 divide them; the width keeps the base's depth-to-width ratio best and the
// depth fits the count. An absent base (layers 0) takes the bare-count rule above.
ModelSpec deriveShape(double params, const ShapeBase& base);
std::string describeShapeRule(const ShapeBase& base);

// What a new count over `m` keeps: a derived shape's own base, else m's traits.
ShapeBase shapeBaseOf(const ModelSpec& m);
// The dense model a base describes (its traits on ModelSpec's defaults).
ModelSpec baseModel(const ShapeBase& b);

} // namespace memplan
