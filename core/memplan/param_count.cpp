#include "memplan/param_count.h"

#include "memplan/linear_attention.h"
#include "memplan/units.h"
#include "memplan/vision.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>

namespace memplan {

bool isMla(const ModelSpec& m) {
    return m.kv_lora_rank > 0 && m.qk_nope_head_dim > 0 && m.v_head_dim > 0;
}

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

    // Gated attention's q_proj yields the query and a gate of the same width (transformers
    // Qwen3NextAttention: q_proj out = num_attention_heads * head_dim * 2).
    const double qOut = m.attention_output_gate ? 2 * qDim : qDim;
    c.attn_q = h * qOut + (qkvBias ? qOut : 0);
    c.attn_k = h * kvDim + (qkvBias ? kvDim : 0);
    c.attn_v = h * kvDim + (qkvBias ? kvDim : 0);
    c.attn_o = qDim * h + (allBias ? h : 0);
    double attentionLinear = h * qOut + 2 * h * kvDim + qDim * h;
    if (isMla(m)) {
        // Multi-head latent attention (DeepSeek-V2, arXiv 2405.04434, Sec. 2.1; transformers
        // models/deepseek_v3/modeling_deepseek_v3.py, DeepseekV3Attention): the query through
        // a low-rank q_a_proj + RMSNorm + q_b_proj (or one q_proj), keys and values through one
        // shared latent (kv_a_proj_with_mqa, which also yields the RoPE key, + RMSNorm) that
        // kv_b_proj expands per head; o_proj from heads x v_head_dim.
        const double H = static_cast<double>(m.heads);
        const double rope = static_cast<double>(m.qk_rope_head_dim);
        const double nope = static_cast<double>(m.qk_nope_head_dim);
        const double vd = static_cast<double>(m.v_head_dim);
        const double ql = static_cast<double>(m.q_lora_rank);
        const double kl = static_cast<double>(m.kv_lora_rank);
        const double qHeads = H * (nope + rope);
        c.attn_q = ql > 0 ? h * ql + ql + ql * qHeads : h * qHeads;
        c.attn_k = h * (kl + rope) + kl; // kv_a_proj_with_mqa + kv_a_layernorm
        c.attn_v = kl * H * (nope + vd); // kv_b_proj
        c.attn_o = H * vd * h;
        attentionLinear = (ql > 0 ? h * ql + ql * qHeads : h * qHeads) + h * (kl + rope) +
                          kl * H * (nope + vd) + H * vd * h;
    }
    const double mats = m.mlp == MlpKind::Gated ? 3 : 2;
    if (m.mlp == MlpKind::Gated)
        c.mlp_gate = h * f + (allBias ? f : 0);
    c.mlp_up = h * f + (allBias ? f : 0);
    c.mlp_down = f * h + (allBias ? h : 0);
    c.router = m.experts > 1 ? h * E : 0;
    c.layer_norms = (m.parallel_attention ? 1 : 2) * normSize;

    // Shared expert (DeepSeek's n_shared_experts x moe_intermediate_size, Qwen2-MoE's
    // shared_expert_intermediate_size) and the dense leading layers (first_k_dense_replace).
    const double sf = static_cast<double>(m.shared_ffn);
    const double df = static_cast<double>(m.dense_ffn);
    auto mlp = [&](double width) { // one MLP of `width`, biases with bias: all
        return width > 0 ? mats * h * width + (allBias ? (mats - 1) * width + h : 0) : 0.0;
    };
    const double shared = mlp(sf) + (sf > 0 && m.shared_expert_gate ? h : 0.0);
    const double denseMlp = mlp(df);
    const double denseLayers = static_cast<double>(m.dense_layers);
    const double moeLayers = static_cast<double>(m.layers) - denseLayers;

    // A hybrid model's linear-attention layers hold a Gated DeltaNet mixer instead of q/k/v/o
    // (linear_attention.h); the per-layer figures average the two kinds (attn_q..attn_o stay
    // those of a full-attention layer).
    const double L = static_cast<double>(m.layers);
    const double fullLayers = fullAttentionLayerCount(m);
    const double linearLayers = L - fullLayers;
    const LinearAttentionParams mixer = countLinearAttentionParameters(m);
    const double attention =
        (fullLayers * (c.attn_q + c.attn_k + c.attn_v + c.attn_o) + linearLayers * mixer.total()) /
        L;
    const double mlpPerExpert = c.mlp_gate + c.mlp_up + c.mlp_down;
    c.per_layer = attention + E * mlpPerExpert + shared + c.router + c.layer_norms;
    const double denseLayer = attention + denseMlp + c.layer_norms;
    c.layers_total = moeLayers * c.per_layer + denseLayers * denseLayer;

    // One norm outside the layers: the final norm of decoders, or BERT's embedding norm.
    c.final_norm = normSize;
    if (m.lm_head && !m.tied_embeddings)
        c.lm_head = V * h + (m.lm_head_bias ? V : 0);
    else if (m.lm_head && m.lm_head_bias)
        c.lm_head = V;
    c.pooler = m.pooler ? h * h + h : 0;

    // Llama 3.2 Vision's cross-attention layers (vision.h): extra embedding rows, q/k norms
    // and gates, part of the language model.
    const CrossAttentionParams cross = countCrossAttentionParameters(m);
    c.embedding += cross.embedding;
    c.layers_total += cross.layers;
    c.vision = countVisionParameters(m.vision, m.hidden).total();
    c.total = c.embedding + c.layers_total + c.final_norm + c.lm_head + c.pooler + c.vision;

    c.linear_in_layers = fullLayers * attentionLinear + linearLayers * mixer.linear() +
                         moeLayers * mats * h * (E * f + sf) + denseLayers * mats * h * df;
    c.largest_tensor =
        std::max({V * h, E > 1 ? f * h : 0.0, h * qOut, f * h, df * h, mixer.inProjQkvz});
    return c;
}

double routedExpertParameters(const ModelSpec& m, const ParamCounts& c) {
    if (m.experts < 2)
        return 0;
    return static_cast<double>(m.layers - m.dense_layers) * static_cast<double>(m.experts) *
           (c.mlp_gate + c.mlp_up + c.mlp_down);
}

namespace {
// Rule constants (docs/memory-model.md, "Shape from a parameter count"). They follow the
// Llama family's published configs: ffn = 8/3 h rounded to 256 (Touvron et al. 2023,
// Sec. 2.2), a 32k vocabulary, GQA with 8 KV heads for the large models (Llama 2 70B). Depth
// grows as the cube root of the count: 60 * layers^3 ~ params matches 16 layers at 1B,
// 32 at 7B and about 95 at 175B (GPT-3: 96).
constexpr double kVocab = 32000;
constexpr double kDepthScale = 60;
constexpr int64_t kWidthStep = 64;
constexpr double kGqaFromParams = 30e9;

ModelSpec shapeFor(int64_t hidden, int64_t layers, double params) {
    ModelSpec s;
    s.hidden = hidden;
    s.layers = layers;
    s.head_dim = hidden % 128 == 0 ? 128 : 64;
    s.heads = hidden / s.head_dim;
    // GQA with 8 KV heads, or the largest divisor of the head count below that.
    s.kv_heads = s.heads;
    if (params >= kGqaFromParams)
        for (int64_t kv = 8; kv >= 1; --kv)
            if (s.heads % kv == 0) {
                s.kv_heads = kv;
                break;
            }
    // Llama rounds ffn up to a multiple of 256; small widths use 64 so the rounding does not
    // dominate the count.
    const double multiple = hidden >= 2048 ? 256.0 : 64.0;
    s.ffn = static_cast<int64_t>(std::ceil(8.0 * static_cast<double>(hidden) / 3.0 / multiple) *
                                 multiple);
    s.vocab = static_cast<int64_t>(kVocab);
    s.mlp = MlpKind::Gated;
    s.norm = NormKind::RmsNorm;
    s.bias = BiasKind::None;
    s.position = PositionKind::Rope;
    s.tied_embeddings = false;
    s.max_position = 1 << 20; // RoPE: no table limits the context
    return s;
}
} // namespace

ModelSpec deriveShape(double params) {
    // Depth first, as a non-decreasing step function of the count; then the multiple of 64
    // whose count comes closest to the target (the given count remains authoritative for the
    // model states). Depth and width both grow with the count, so the activations of a
    // derived shape do not shrink as the count grows.
    const int64_t layers =
        std::max<int64_t>(2, static_cast<int64_t>(std::floor(std::cbrt(params) / kDepthScale)));
    ModelSpec best = shapeFor(kWidthStep * 2, layers, params);
    double bestErr = std::fabs(countParameters(best).total - params);
    for (int64_t h = kWidthStep * 3; h <= 1'048'576; h += kWidthStep) {
        const ModelSpec s = shapeFor(h, layers, params);
        const double count = countParameters(s).total;
        const double err = std::fabs(count - params);
        if (err < bestErr) {
            best = s;
            bestErr = err;
        }
        if (count > 2 * params)
            break;
    }
    best.shape_derived = true;
    best.params = params;
    return best;
}

std::string describeShapeRule() {
    return "Llama-style decoder: layers = cube root of the count / 60 (16 at 1B, 32 at 7B), "
           "then the hidden size (a multiple of 64) whose count comes closest; gated "
           "MLP with ffn = 8/3 x hidden rounded up to 256 (64 below 2048), RMSNorm, RoPE, head_dim "
           "128 (64 "
           "when hidden is not a multiple of 128), 32,000-token vocabulary, untied embeddings, "
           "8 KV heads (GQA, or the largest divisor of the heads below 8) from 30B parameters up";
}

namespace {
// Tensor-parallel degrees up to 8 (one node) split the heads of a scaled shape evenly.
constexpr int64_t kCommonTensorParallel = 8;

bool keepsKvHeadCount(const ShapeBase& b) {
    return b.kv_heads > 0 && b.kv_heads < b.heads;
}

// The base's ffn / hidden; an MoE base's expert width (often below hidden) gives way to the
// Llama ratio of 8/3, since the scaled shape is dense.
double ffnRatio(const ShapeBase& b) {
    const double ratio = static_cast<double>(b.ffn) / static_cast<double>(b.hidden);
    return ratio >= 1.0 ? ratio : 8.0 / 3.0;
}

int64_t headStep(const ShapeBase& b) {
    return std::lcm(keepsKvHeadCount(b) ? b.kv_heads : int64_t{1}, kCommonTensorParallel);
}

// A dense decoder with the base's traits, `heads` x head_dim wide and `layers` deep.
ModelSpec scaledShape(const ShapeBase& b, int64_t heads, int64_t layers) {
    ModelSpec s = baseModel(b);
    s.name.clear();
    s.layers = layers;
    s.heads = heads;
    s.hidden = heads * b.head_dim;
    s.kv_heads = keepsKvHeadCount(b) ? b.kv_heads : heads;
    // Rounded up like Llama's ffn (a multiple of 256; 64 for narrow widths), keeping a ratio
    // that lands on a multiple exactly (3.5 x 4096 = 14,336) where it is.
    const double multiple = s.hidden >= 2048 ? 256.0 : 64.0;
    s.ffn = static_cast<int64_t>(
        std::ceil(ffnRatio(b) * static_cast<double>(s.hidden) / multiple - 1e-9) * multiple);
    return s;
}
} // namespace

ShapeBase shapeBaseOf(const ModelSpec& m) {
    if (m.shape_derived)
        return m.scaled_from; // a derived shape scales what it scaled (none: the bare rule)
    ShapeBase b;
    b.name = m.name;
    b.layers = m.layers;
    b.hidden = m.hidden;
    b.ffn = m.dense_ffn > 0 ? m.dense_ffn : m.ffn;
    b.heads = m.heads;
    b.kv_heads = m.kv_heads;
    b.head_dim = m.head_dim;
    b.vocab = m.vocab;
    b.tied_embeddings = m.tied_embeddings;
    b.mlp = m.mlp;
    b.norm = m.norm;
    b.bias = m.bias;
    b.position = m.position;
    b.max_position = m.max_position;
    return b;
}

ModelSpec baseModel(const ShapeBase& b) {
    ModelSpec m;
    m.name = b.name;
    m.layers = b.layers;
    m.hidden = b.hidden;
    m.ffn = b.ffn;
    m.heads = b.heads;
    m.kv_heads = b.kv_heads;
    m.head_dim = b.head_dim;
    m.vocab = b.vocab;
    m.tied_embeddings = b.tied_embeddings;
    m.mlp = b.mlp;
    m.norm = b.norm;
    m.bias = b.bias;
    m.position = b.position;
    m.max_position = b.max_position;
    return m;
}

ModelSpec deriveShape(double params, const ShapeBase& base) {
    if (!base.present())
        return deriveShape(params);
    // The width whose count-fitting depth keeps the base's depth-to-width ratio best, heads in
    // steps that keep every TP degree up to 8 and the KV-head count dividing them; then the
    // depth that fits the count. depth / width falls as the width grows, so the distance to
    // the base's ratio falls, then rises: the first rise ends the search. The width never
    // shrinks as the count grows; the depth steps back where the width steps up, as in real
    // families (Llama 2 13B: 40 x 5120 after 7B's 32 x 4096).
    const double aspect = static_cast<double>(base.layers) / static_cast<double>(base.hidden);
    const int64_t step = headStep(base);
    int64_t bestHeads = step;
    double bestDepth = 1, bestErr = std::numeric_limits<double>::infinity();
    for (int64_t heads = step; heads * base.head_dim <= 1'048'576; heads += step) {
        const double one = countParameters(scaledShape(base, heads, 1)).total;
        const double perLayer = countParameters(scaledShape(base, heads, 2)).total - one;
        const double depth = (params - (one - perLayer)) / perLayer;
        if (depth < 1)
            break; // wider would not fit one layer in the count
        const double err =
            std::fabs(std::log(depth / static_cast<double>(heads * base.head_dim) / aspect));
        if (err > bestErr)
            break;
        bestHeads = heads;
        bestDepth = depth;
        bestErr = err;
    }
    ModelSpec s = scaledShape(base, bestHeads, std::max<int64_t>(1, std::llround(bestDepth)));
    s.shape_derived = true;
    s.params = params;
    s.scaled_from = base;
    return s;
}

std::string describeShapeRule(const ShapeBase& b) {
    if (!b.present())
        return describeShapeRule();
    const std::string name = b.name.empty() ? std::string("the scaled model") : b.name;
    char ratio[32];
    std::snprintf(ratio, sizeof ratio, "%.4g", ffnRatio(b));
    const std::string kv = keepsKvHeadCount(b) ? std::to_string(b.kv_heads) + " KV heads (GQA)"
                                               : std::string("multi-head attention");
    return "scaled from " + name + " (" + std::to_string(b.layers) + " layers x " +
           formatNumber(static_cast<double>(b.hidden)) + "): its " +
           formatNumber(static_cast<double>(b.vocab)) + "-token vocabulary, head_dim " +
           std::to_string(b.head_dim) + ", " + kv + ", ffn = " + ratio +
           " x hidden rounded up to 256 (64 below 2048), " +
           (b.mlp == MlpKind::Gated ? "gated MLP" : "plain MLP") + ", " +
           (b.norm == NormKind::RmsNorm ? "RMSNorm" : "LayerNorm") + ", " +
           (b.tied_embeddings ? "tied" : "untied") +
           " embeddings; dense, full attention; heads a multiple of " +
           std::to_string(headStep(b)) +
           " (the KV heads and tensor-parallel degrees up to 8 divide them); the width whose "
           "depth-to-width ratio comes closest to " +
           name + "'s, then the depth that fits the count";
}

} // namespace memplan
