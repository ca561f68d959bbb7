#include "memplan/cross_attention.h"

namespace memplan::detail {

// The terms below follow transformers models/mllama/modeling_mllama.py:
// MllamaTextCrossAttention.forward (q_proj over the text, q_norm; k_proj and v_proj over
// cross_attention_states, k_norm; the cache updated with the image's keys and values) and
// MllamaCrossAttentionDecoderLayer.forward (the attention and MLP outputs scaled by
// cross_attn_attn_gate.tanh() and cross_attn_mlp_gate.tanh(); no rotary embedding).

namespace {
// Keys and values a self-attention layer keeps for c.s tokens per sequence: K and V, and the
// copies repeat_kv makes for every query head where the kernel is fed the copies (as in
// activations.cpp's self-attention terms).
double selfKeysAndValues(const ModelSpec& m, const ActivationContext& c) {
    const double q = static_cast<double>(m.heads * m.head_dim);
    const double kv = static_cast<double>(m.kv_heads * m.head_dim);
    double x = c.s * c.b * 2 * kv * c.w;
    if (c.attention == Attention::Eager || c.fusedAttentionRepeatsKv)
        x += c.s * c.b * (q - kv) * 2 * c.w;
    return x / static_cast<double>(c.tp);
}

// The same for a cross-attention layer over the image tokens. Its kernel always gets the
// copies: the cross-attention mask is always passed, and transformers hands SDPA the grouped
// heads (enable_gqa) only without a mask (integrations/sdpa_attention.py use_gqa_in_sdpa).
double imageKeysAndValues(const ModelSpec& m, const ActivationContext& c, double imageTokens) {
    const double q = static_cast<double>(m.heads * m.head_dim);
    return imageTokens * c.b * 2 * q * c.w / static_cast<double>(c.tp);
}
} // namespace

double crossLayerKeptBytes(const ModelSpec& m, const ActivationContext& c, double imageTokens) {
    ActivationContext x = c;
    x.keys = imageTokens;
    const double kept = layerKeptBytes(m, x);
    if (c.checkpointing == Checkpointing::Full || imageTokens <= 0)
        return kept; // the layer input alone, as for any layer
    const double t = static_cast<double>(c.tp);
    const double q = static_cast<double>(m.heads * m.head_dim);
    const double kv = static_cast<double>(m.kv_heads * m.head_dim);
    // The self-attention terms with the scores over the image tokens (x.keys), then the text's
    // keys and values swapped for the image's.
    double bytes = kept - selfKeysAndValues(m, c) + imageKeysAndValues(m, c, imageTokens);
    // q_norm and k_norm are RMSNorms over one head (MllamaTextRMSNorm): each keeps its fp32
    // input, and with trainable weights the normalized output of `weight * normalized`.
    const double normBytes = 4 + (c.normWeightsTrain ? c.w : 0);
    bytes += (c.s * c.b * q + imageTokens * c.b * kv) * normBytes / t;
    // The tanh gates are parameters: multiplying by them keeps the attention and MLP outputs
    // for the gates' gradients when the weights train.
    if (c.normWeightsTrain)
        bytes +=
            2 * c.s * c.b * static_cast<double>(m.hidden) * c.w / (c.sequenceParallel ? t : 1.0);
    return bytes;
}

double crossAttentionSharedBytes(const ModelSpec& m, const ActivationContext& c,
                                 double imageTokens) {
    if (imageTokens <= 0)
        return 0;
    double x = 0;
    // Every cross-attention layer's k_proj and v_proj read the same cross_attention_states
    // tensor, so autograd keeps it once (when those weights or their adapters need it).
    if (c.needs.qkvInput && c.checkpointing != Checkpointing::Full)
        x += imageTokens * c.b * static_cast<double>(m.hidden) * c.w;
    // prepare_cross_attention_mask builds one batch x 1 x text x image-token mask in the
    // activation dtype; SDPA's memory-efficient kernel keeps its attn_mask for the backward
    // (eager attention only adds it to the scores).
    if (c.attention == Attention::Flash)
        x += c.s * c.b * imageTokens * c.w;
    return x;
}

double crossLayerForwardWorkingSet(const ModelSpec& m, const ActivationContext& c,
                                   double imageTokens) {
    ActivationContext x = c;
    x.keys = imageTokens;
    // The residual stream, the MLP's widest intermediate or the eager scores of the text
    // against the image tokens (the image's keys and values are counted in the cache).
    return layerForwardWorkingSet(m, x);
}

double crossLayerKvCacheBytes(const ModelSpec& m, const ActivationContext& c, double imageTokens) {
    return imageTokens * 2 * static_cast<double>(m.kv_heads * m.head_dim) * c.w /
           static_cast<double>(c.tp);
}

} // namespace memplan::detail
