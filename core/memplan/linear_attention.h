// Hybrid models whose layers mix full attention with Gated DeltaNet linear attention (Qwen3-Next,
// Qwen3.5): how many layers of each kind, what a linear-attention layer holds, keeps for its
// backward and carries per sequence. See docs/memory-model.md "Hybrid linear attention".
#pragma once

#include "memplan/plan.h"

namespace memplan {

bool hasLinearAttention(const ModelSpec& m);

// Layers of each kind in the whole model: the interval-th, 2 x interval-th, ... layer attends
// fully (transformers Qwen3NextConfig: layer_types[i] = "full_attention" when
// (i + 1) % full_attention_interval == 0), the others are linear.
double fullAttentionLayerCount(const ModelSpec& m);
double linearAttentionLayerCount(const ModelSpec& m);
// Share of layers that attend fully (1 without linear attention).
double fullAttentionShare(const ModelSpec& m);

// fla's chunked delta rule works in chunks of 64 tokens (fla/ops/gated_delta_rule/chunk.py:
// chunk_local_cumsum(g, chunk_size=64)): A holds 64 values per token and value head, and a
// state is kept at every chunk boundary.
constexpr double kFlaChunkSize = 64;

// Widths of one Gated DeltaNet mixer.
struct LinearAttentionWidths {
    double keyDim = 0;   // key_heads x key_head_dim (queries are as wide)
    double valueDim = 0; // value_heads x value_head_dim
    double convDim = 0;  // the causal conv runs over q, k and v: 2 x keyDim + valueDim
    double valueHeads = 0;
    double keyAtValueHeads = 0; // q and k after repeat_interleave to the value heads
    // The delta rule's state per value head (key_head_dim x value_head_dim) over fla's 64-token
    // chunk: what the per-chunk states h cost per token.
    double chunkStatePerToken = 0;
};
LinearAttentionWidths linearAttentionWidths(const ModelSpec& m);

// Parameters of one Gated DeltaNet mixer, which takes the place of q/k/v/o in its layer.
struct LinearAttentionParams {
    double inProjQkvz = 0; // hidden -> q, k, v and the output gate z
    double inProjBa = 0;   // hidden -> beta and the decay's input a, one each per value head
    double conv = 0;       // depthwise causal conv, no bias
    double decay = 0;      // dt_bias and A_log, one each per value head
    double norm = 0;       // the gated RMSNorm over value_head_dim
    double outProj = 0;    // value heads -> hidden
    double linear() const { return inProjQkvz + inProjBa + outProj; }
    double total() const { return inProjQkvz + inProjBa + conv + decay + norm + outProj; }
};
LinearAttentionParams countLinearAttentionParameters(const ModelSpec& m);

// The recurrent state one sequence carries through one linear-attention layer: the conv's last
// `convColumns` inputs (conv_dim wide, in `convBytes` per element) and the delta rule's state,
// value_heads x key_head_dim x value_head_dim in `stateBytes`.
double linearAttentionStateBytes(const ModelSpec& m, double convColumns, double convBytes,
                                 double stateBytes);

} // namespace memplan
