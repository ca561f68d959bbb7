#include "memplan/linear_attention.h"

#include <cmath>

namespace memplan {

bool hasLinearAttention(const ModelSpec& m) {
    return m.linear_attention.full_attention_interval > 0;
}

double fullAttentionLayerCount(const ModelSpec& m) {
    const double L = static_cast<double>(m.layers);
    if (!hasLinearAttention(m))
        return L;
    return std::floor(L / static_cast<double>(m.linear_attention.full_attention_interval));
}

double linearAttentionLayerCount(const ModelSpec& m) {
    return static_cast<double>(m.layers) - fullAttentionLayerCount(m);
}

double fullAttentionShare(const ModelSpec& m) {
    return m.layers > 0 ? fullAttentionLayerCount(m) / static_cast<double>(m.layers) : 1.0;
}

LinearAttentionWidths linearAttentionWidths(const ModelSpec& m) {
    const LinearAttentionSpec& la = m.linear_attention;
    LinearAttentionWidths w;
    w.keyDim = static_cast<double>(la.key_heads * la.key_head_dim);
    w.valueDim = static_cast<double>(la.value_heads * la.value_head_dim);
    w.convDim = 2 * w.keyDim + w.valueDim;
    w.valueHeads = static_cast<double>(la.value_heads);
    w.keyAtValueHeads = w.valueHeads * static_cast<double>(la.key_head_dim);
    w.chunkStatePerToken =
        w.valueHeads * static_cast<double>(la.key_head_dim * la.value_head_dim) / kFlaChunkSize;
    return w;
}

// transformers models/qwen3_next/modeling_qwen3_next.py, Qwen3NextGatedDeltaNet.__init__:
// in_proj_qkvz (key_dim * 2 + value_dim * 2 outputs), in_proj_ba (num_v_heads * 2), conv1d
// (conv_dim channels, groups = conv_dim, bias=False), dt_bias and A_log (num_v_heads each),
// norm (head_v_dim), out_proj (value_dim -> hidden), no biases.
LinearAttentionParams countLinearAttentionParameters(const ModelSpec& m) {
    LinearAttentionParams p;
    if (!hasLinearAttention(m))
        return p;
    const LinearAttentionWidths w = linearAttentionWidths(m);
    const double h = static_cast<double>(m.hidden);
    p.inProjQkvz = h * (2 * w.keyDim + 2 * w.valueDim);
    p.inProjBa = h * 2 * w.valueHeads;
    p.conv = w.convDim * static_cast<double>(m.linear_attention.conv_kernel);
    p.decay = 2 * w.valueHeads;
    p.norm = static_cast<double>(m.linear_attention.value_head_dim);
    p.outProj = w.valueDim * h;
    return p;
}

double linearAttentionStateBytes(const ModelSpec& m, double convColumns, double convBytes,
                                 double stateBytes) {
    if (!hasLinearAttention(m))
        return 0;
    const LinearAttentionSpec& la = m.linear_attention;
    const LinearAttentionWidths w = linearAttentionWidths(m);
    const double state = w.valueHeads * static_cast<double>(la.key_head_dim * la.value_head_dim);
    return w.convDim * convColumns * convBytes + state * stateBytes;
}

} // namespace memplan
