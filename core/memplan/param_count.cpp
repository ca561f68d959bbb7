#include "memplan/param_count.h"

#include <algorithm>
#include <cmath>

namespace memplan {

ParamCounts countParameters(const ModelSpec& m) {
    ParamCounts c;
    const double h = static_cast<double>(m.hidden);
    const double qDim = static_cast<double>(m.heads * m.head_dim);
    const double kvDim = static_cast<double>(m.kv_heads * m.head_dim);
    const double f = static_cast<double>(m.ffn);
    const double V = static_cast<double>(m.vocab);
    const double E = static_cast<double>(m.experts);
    const bool qkvBias = m.bias != BiasKind::None;
    const bool allBias = m.bias == BiasKind::All;
    const double normSize = m.norm == NormKind::LayerNorm ? 2 * h : h; // weight (+ bias)

    c.embedding = V * h;
    if (m.position == PositionKind::Learned)
        c.embedding += static_cast<double>(m.max_position) * h;
    c.embedding += static_cast<double>(m.type_vocab) * h;

    c.attn_q = h * qDim + (qkvBias ? qDim : 0);
    c.attn_k = h * kvDim + (qkvBias ? kvDim : 0);
    c.attn_v = h * kvDim + (qkvBias ? kvDim : 0);
    c.attn_o = qDim * h + (allBias ? h : 0);
    if (m.mlp == MlpKind::Gated)
        c.mlp_gate = h * f + (allBias ? f : 0);
    c.mlp_up = h * f + (allBias ? f : 0);
    c.mlp_down = f * h + (allBias ? h : 0);
    c.router = m.experts > 1 ? h * E : 0;
    c.layer_norms = (m.parallel_attention ? 1 : 2) * normSize;

    const double attention = c.attn_q + c.attn_k + c.attn_v + c.attn_o;
    const double mlpPerExpert = c.mlp_gate + c.mlp_up + c.mlp_down;
    c.per_layer = attention + E * mlpPerExpert + c.router + c.layer_norms;
    c.layers_total = static_cast<double>(m.layers) * c.per_layer;

    // One norm outside the layers: the final norm of decoders, or BERT's embedding norm.
    c.final_norm = normSize;
    if (m.lm_head && !m.tied_embeddings)
        c.lm_head = V * h + (m.lm_head_bias ? V : 0);
    else if (m.lm_head && m.lm_head_bias)
        c.lm_head = V;
    c.pooler = m.pooler ? h * h + h : 0;

    c.total = c.embedding + c.layers_total + c.final_norm + c.lm_head + c.pooler;

    const double linearWeightsPerLayer =
        h * qDim + 2 * h * kvDim + qDim * h +
        E * ((m.mlp == MlpKind::Gated ? 3 : 2) * h * f);
    c.linear_in_layers = static_cast<double>(m.layers) * linearWeightsPerLayer;
    c.largest_tensor = std::max({V * h, E > 1 ? f * h : 0.0, h * qDim, f * h});
    return c;
}

namespace {
// Rule constants (docs/memory-model.md, "Shape from a parameter count"). They follow the
// Llama family's published configs: head_dim 128, ffn = 8/3 h rounded to 256 (Touvron et
// al. 2023, Sec. 2.2), about 128 hidden units per layer (7B: 4096/32, 13B: 5120/40), GQA
// with 8 KV heads for the large models (Llama 2 70B).
constexpr double kVocab = 32000;
constexpr int64_t kHeadDim = 128;
constexpr double kHiddenPerLayer = 128;
constexpr double kGqaFromParams = 30e9;

ModelSpec shapeFor(int64_t hidden, int64_t layers, double params) {
    ModelSpec s;
    s.hidden = hidden;
    s.layers = layers;
    s.head_dim = kHeadDim;
    s.heads = std::max<int64_t>(1, hidden / kHeadDim);
    s.kv_heads = (params >= kGqaFromParams && s.heads % 8 == 0) ? 8 : s.heads;
    s.ffn = static_cast<int64_t>(std::ceil(8.0 * static_cast<double>(hidden) / 3.0 / 256.0)) * 256;
    s.vocab = static_cast<int64_t>(kVocab);
    s.mlp = MlpKind::Gated;
    s.norm = NormKind::RmsNorm;
    s.bias = BiasKind::None;
    s.position = PositionKind::Rope;
    s.tied_embeddings = false;
    s.max_position = 4096;
    return s;
}
} // namespace

ModelSpec deriveShape(double params) {
    // Try widths in steps of 128; depth follows the width, then the depth is refitted so the
    // count lands as close to the target as the integer layer count allows.
    ModelSpec best;
    double bestErr = -1;
    for (int64_t hidden = 256; hidden <= 65536; hidden += 128) {
        const int64_t depth =
            std::max<int64_t>(2, std::llround(static_cast<double>(hidden) / kHiddenPerLayer));
        ModelSpec s = shapeFor(hidden, depth, params);
        const ParamCounts c = countParameters(s);
        const double outside = c.total - c.layers_total;
        const double refit = std::max(1.0, std::round((params - outside) / c.per_layer));
        s.layers = static_cast<int64_t>(refit);
        // Keep the aspect ratio plausible: depth within a factor of 2 of the rule.
        if (s.layers > 2 * depth || 2 * s.layers < depth)
            continue;
        const double err = std::fabs(countParameters(s).total - params);
        if (bestErr < 0 || err < bestErr) {
            best = s;
            bestErr = err;
        }
    }
    if (bestErr < 0) // tiny targets: smallest sensible model
        best = shapeFor(256, 2, params);
    best.shape_derived = true;
    best.params = params;
    best.name.clear();
    return best;
}

std::string describeShapeRule() {
    return "Llama-style decoder: gated MLP with ffn = 8/3 x hidden rounded up to 256, RMSNorm, "
           "RoPE, head_dim 128, 32,000-token vocabulary, untied embeddings, about 128 hidden "
           "units per layer, 8 KV heads (GQA) from 30B parameters up; width and depth chosen "
           "so the count is as close as possible to the given total";
}

} // namespace memplan
