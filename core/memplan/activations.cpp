#include "memplan/activations.h"

#include "memplan/linear_attention.h"
#include "memplan/param_count.h"

#include <algorithm>
#include <cmath>

namespace memplan::detail {

namespace {
struct Split {
    double perRank = 0;    // divided by tensor parallelism
    double replicated = 0; // divided only with sequence parallelism
};

double total(const Split& x, const ActivationContext& c) {
    const double t = static_cast<double>(c.tp);
    return x.perRank / t + (c.sequenceParallel ? x.replicated / t : x.replicated);
}

// Which layer a split describes: one with attention or one with a Gated DeltaNet mixer.
enum class Mixer { Attention, GatedDeltaNet };

double loraExtra(const ModelSpec& m, const ActivationContext& c, double tokens, Mixer mixer) {
    if (c.loraRank <= 0)
        return 0;
    const double h = static_cast<double>(m.hidden);
    const double q = static_cast<double>(m.heads * m.head_dim);
    const double f = static_cast<double>(m.ffn);
    const double k = static_cast<double>(m.experts_per_token);
    double extra = 0;
    // A fused qkv projection takes one dropped (or cast) copy of its input for q, k and v.
    bool qkvInputCounted = false;
    auto module = [&](uint32_t bit, double in, double copies) {
        if (!(c.loraTargets & bit))
            return;
        const bool qkv = bit == LoraQ || bit == LoraK || bit == LoraV;
        // lora_A's output (rank wide) is saved by lora_B.
        extra += copies * tokens * c.loraRank * (c.loraInputCast ? 4.0 : c.w);
        // With lora_dropout > 0 PEFT feeds lora_A a dropped copy of the input: the copy is
        // saved by lora_A and the mask by dropout (1 byte per element). With the fp32 cast,
        // lora_A saves the cast copy instead (one per adapter, even where q, k and v share
        // their input), and the dropped 16-bit copy is freed.
        const double mask = c.loraDropout > 0 ? 1.0 : 0.0;
        if (qkv && c.fusedQkv) {
            if (qkvInputCounted)
                return;
            qkvInputCounted = true;
        }
        if (c.loraInputCast)
            extra += copies * tokens * in * (4.0 + mask);
        else if (c.loraDropout > 0)
            extra += copies * tokens * in * (c.w + mask);
    };
    if (mixer == Mixer::Attention) {
        module(LoraQ, h, 1);
        module(LoraK, h, 1);
        module(LoraV, h, 1);
        module(LoraO, q, 1);
        // A fused qkv adapter over some of q, k and v widens its update to the qkv width with
        // index_copy_, which keeps the update (the adapted widths) for its backward; over all
        // three the update is the qkv-wide result itself and nothing is padded.
        const uint32_t qkvBits = c.loraTargets & (LoraQ | LoraK | LoraV);
        if (c.fusedQkv && c.loraQkvZeroPad && qkvBits != 0 && qkvBits != (LoraQ | LoraK | LoraV)) {
            const double kv = static_cast<double>(m.kv_heads * m.head_dim);
            const double adapted = ((qkvBits & LoraQ) ? q : 0.0) + ((qkvBits & LoraK) ? kv : 0.0) +
                                   ((qkvBits & LoraV) ? kv : 0.0);
            extra += tokens * adapted * (c.loraInputCast ? 4.0 : c.w);
        }
    } else if (c.mixerAdapters) {
        // in_proj_qkvz and in_proj_ba read the norm output, out_proj the gated norm's output;
        // each adapter takes its own dropped (or cast) copy, as the attention adapters do.
        const LinearAttentionWidths lw = linearAttentionWidths(m);
        const double mask = c.loraDropout > 0 ? 1.0 : 0.0;
        const double copyBytes = c.loraInputCast ? 4.0 + mask : (mask > 0 ? c.w + mask : 0.0);
        extra += 3 * tokens * c.loraRank * (c.loraInputCast ? 4.0 : c.w);
        extra += tokens * (2 * h + lw.valueDim) * copyBytes;
    }
    module(LoraGate, h, k);
    module(LoraUp, h, k);
    module(LoraDown, f, k);
    return extra;
}

// What one Gated DeltaNet mixer keeps for its backward, per token, with the fast path that
// transformers uses when flash-linear-attention and causal-conv1d are installed
// (models/qwen3_next/modeling_qwen3_next.py Qwen3NextGatedDeltaNet.forward):
// - causal_conv1d_fn keeps its input, the concatenated q, k and v (conv_dim wide);
// - fla's ChunkGatedDeltaRuleFunction (fla/ops/gated_delta_rule/chunk.py, save_for_backward)
//   keeps q and k L2-normalised at the value-head count (repeat_interleave comes first) with
//   their fp32 reciprocal norms, a contiguous v (input_guard copies the conv output's view),
//   the fp32 cumulative decay g, beta, and A, a 64-wide block per token and value head
//   (chunk size 64) in the input dtype;
// - the decay's softplus keeps its fp32 input and output;
// - the gated RMSNorm keeps the kernel output, its own copy of the gate z (reshape of a
//   strided view) and fp32 statistics; out_proj keeps the norm output when it trains.
void addGatedDeltaNet(const ModelSpec& m, const ActivationContext& c, double linearInW, Split& x) {
    const LinearAttentionWidths lw = linearAttentionWidths(m);
    const double sb = c.s * c.b;
    const double w = c.w;
    const double Hv = lw.valueHeads;
    if (c.mixerInProjInput)
        x.replicated += sb * static_cast<double>(m.hidden) * linearInW;
    x.perRank += sb * lw.convDim * w;                               // the conv's input
    x.perRank += sb * 2 * lw.keyAtValueHeads * w + sb * 2 * Hv * 4; // normalised q, k + rstd
    x.perRank += sb * lw.valueDim * w;                              // v, contiguous
    x.perRank += sb * Hv * (4 + 4 + 4 + w + kFlaChunkSize * w);     // g, softplus in/out, beta, A
    x.perRank += sb * lw.valueDim * w * 2 + sb * Hv * 4;            // the norm's input, z, rstd
    if (c.mixerOutProjInput)
        x.perRank += sb * lw.valueDim * linearInW;
}

Split layerSplit(const ModelSpec& m, const ActivationContext& c, bool withScores,
                 Mixer mixer = Mixer::Attention) {
    // Terms after Korthikanti et al. 2022 ("Reducing Activation Recomputation in Large
    // Transformer Models", Sec. 4.1), generalised to GQA, gated MLPs and any dtype.
    const double sb = c.s * c.b;
    const double h = static_cast<double>(m.hidden);
    const double q = static_cast<double>(m.heads * m.head_dim);
    const double kv = static_cast<double>(m.kv_heads * m.head_dim);
    const double f = static_cast<double>(m.ffn);
    const double a = static_cast<double>(m.heads);
    const double w = c.w;
    const double linearInW = c.fp8LinearInputs ? 1.0 : w; // width of saved linear inputs
    const bool dropout = m.dropout > 0;
    const double k = static_cast<double>(m.experts_per_token);

    // What a norm keeps of its input: Hugging Face, LitGPT and torchtune's RMSNorm upcast the
    // input to fp32 first and the upcast copy is what autograd keeps; LayerNorm keeps its
    // input, in fp32 under autocast (layer_norm is on autocast's fp32 list).
    const bool layerNormFp32 = m.norm != NormKind::RmsNorm && c.autocast;
    const double normIn = m.norm == NormKind::RmsNorm || layerNormFp32 ? std::max(w, 4.0) : w;
    // RMSNorm's `weight * normalized` keeps the normalized activations (activation dtype; fp32
    // on an fp32 residual stream) when the weight trains; LayerNorm's fused kernel keeps only
    // its input and statistics.
    const double normOut =
        m.norm == NormKind::RmsNorm && c.normWeightsTrain ? std::max(w, c.residualBytes) : 0.0;
    // Autocast casts an fp32 activation to 16 bit for each op that consumes it, not once: on an
    // fp32 residual stream (AMP with fp32 weights) q, k and v each cast the norm output and
    // each saves its own copy, as do gate and up (aten autocast: inputs are cast per call;
    // only leaf weights that require grad are cached). A LoRA layer's copies are its adapters'.
    // A LayerNorm under autocast returns fp32 on a 16-bit residual stream too (a LoRA base in
    // bf16): the H200 grid's GPT-2 LoRA plans ran 8-10% under while its output was counted
    // once in 16 bit and its input in 16 bit.
    const bool perOpCasts = (c.residualBytes >= 4 || layerNormFp32) && w < 4;
    auto copiesOf = [&](std::initializer_list<uint32_t> targets) {
        if (!perOpCasts || (c.fusedQkv && targets.size() == 3))
            return 1.0;
        if (c.loraRank <= 0)
            return static_cast<double>(targets.size());
        double n = 0;
        for (uint32_t t : targets)
            n += (c.loraTargets & t) ? 1 : 0;
        return std::max(1.0, n);
    };

    auto addAttention = [&](Split& x) {
        if (c.needs.qkvInput) // norm output = q/k/v input
            x.replicated += sb * h * linearInW * copiesOf({LoraQ, LoraK, LoraV});
        // Multi-head latent attention (DeepSeek-V2/V3; transformers models/deepseek_v3/
        // modeling_deepseek_v3.py DeepseekV3Attention.forward): queries and keys are heads x
        // (qk_nope_head_dim + qk_rope_head_dim) wide, values heads x v_head_dim, padded to the
        // query width for flash attention (F.pad before the kernel; its output is sliced after).
        const bool mla = isMla(m);
        const double qk =
            mla ? static_cast<double>(m.heads * (m.qk_nope_head_dim + m.qk_rope_head_dim)) : q;
        const double vOut = mla ? static_cast<double>(m.heads * m.v_head_dim) : q; // o_proj input
        const bool padV = mla && c.attention == Attention::Flash;
        if (mla) {
            x.perRank += sb * 2 * qk * w;             // Q and K (after RoPE) for the scores
            x.perRank += sb * (padV ? qk : vOut) * w; // V
            // The compressed latents: q_a_layernorm and kv_a_layernorm keep their fp32 input (as
            // every RMSNorm above), q_b_proj and kv_b_proj keep the normalised latent, and the
            // norms' weight multiply keeps it once more when the weights train. One latent per
            // token, not split by tensor parallelism.
            const double latent = static_cast<double>(m.q_lora_rank + m.kv_lora_rank);
            x.replicated += sb * latent * (std::max(w, 4.0) + (c.normWeightsTrain ? w : 0.0));
            if (c.needs.qkvInput)
                x.replicated += sb * latent * linearInW;
        } else {
            x.perRank += sb * (q + kv) * w; // Q and K (after RoPE) for the scores
            x.perRank += sb * kv * w;       // V
        }
        // Grouped-query attention: repeat_kv expands K and V to every query head with a copy
        // (transformers' modeling_llama.py repeat_kv), and the matmuls keep the copies; so does a
        // fused kernel fed the copies (SDPA without enable_gqa), in place of the kv-wide K and V.
        // MLA has a key and value per head already.
        const bool repeatsKv =
            (c.attention == Attention::Eager || c.fusedAttentionRepeatsKv) && !mla;
        if (repeatsKv)
            x.perRank += sb * (q - kv) * 2 * w;
        // A V that is a view into the fused qkv output (no repeat copy made) keeps that whole
        // output alive: the q and k widths on top of V's own (LitGPT; multi-head attention,
        // where K and V are not repeated).
        if (c.fusedQkv && c.vViewOfFusedQkv && !mla && !(repeatsKv && q > kv))
            x.perRank += sb * (q + kv) * w;
        if (c.attention == Attention::Eager) {
            if (withScores) {
                // Hugging Face's eager path, softmax(scores, dtype=float32).to(dtype): the fp32
                // softmax output is what softmax's backward keeps; the matmul with V keeps its own
                // input, the 16-bit cast or, with dropout, the dropped 16-bit copy (the 1-byte mask
                // is dropout's). In fp32 the matmul keeps the probabilities themselves.
                // Megatron's fused kernel keeps its 16-bit output, which the matmul then shares.
                const bool fp32Softmax = w < 4 && !c.fusedSoftmax16;
                const double keys = c.keys > 0 ? c.keys : c.s;
                x.perRank += a * keys * sb * (fp32Softmax ? 4 : w);
                if (dropout)
                    x.perRank += a * keys * sb * 1; // dropout mask
                if (fp32Softmax || dropout)
                    x.perRank += a * keys * sb * w; // the matmul's input
            }
        } else {
            x.perRank += a * sb * 4; // flash: fp32 log-sum-exp per row
        }
        // Flash attention keeps its output for its backward; o_proj keeps its own (reshaped,
        // contiguous) copy of it when o's weight or adapter needs a gradient.
        if (c.attention == Attention::Flash)
            x.perRank += sb * (padV ? qk : vOut) * w;
        if (c.needs.oInput)
            x.perRank += sb * vOut * linearInW;
        // Gated attention (Qwen3-Next): sigmoid(gate) keeps its output for the product with
        // the attention output; the product is o_proj's input, counted above.
        if (m.attention_output_gate)
            x.perRank += sb * q * w;
    };

    Split x;
    // Attention block.
    x.replicated += sb * h * (normIn + normOut) + sb * 4; // norm input (+ output) + fp32 rstd/mean
    if (mixer == Mixer::GatedDeltaNet)
        addGatedDeltaNet(m, c, linearInW, x);
    else
        addAttention(x);
    if (dropout)
        x.replicated += sb * h; // residual dropout mask

    // MLP block (parallel attention shares the first norm).
    if (!m.parallel_attention) {
        x.replicated += sb * h * (normIn + normOut) + sb * 4; // second norm, as the first
    }
    if (c.needs.mlpInput) // gate/up input
        x.replicated +=
            sb * h * linearInW * (m.mlp == MlpKind::Gated ? copiesOf({LoraGate, LoraUp}) : 1.0);
    if (m.mlp == MlpKind::Gated) {
        // HF modelling code: act(gate) saves gate, mul saves act(gate) and up,
        // down saves the product.
        x.perRank += k * sb * f * w * 3;
        if (c.needs.downInput)
            x.perRank += k * sb * f * linearInW;
    } else {
        x.perRank += k * sb * f * w; // GELU input
        if (c.needs.downInput)
            x.perRank += k * sb * f * linearInW; // GELU output = down input
    }
    if (m.experts > 1) {
        x.replicated += sb * static_cast<double>(m.experts) * 4; // router logits (fp32)
        x.perRank += k * sb * h * w;                             // tokens permuted to their experts
    }
    if (dropout)
        x.replicated += sb * h; // MLP dropout mask

    x.perRank += loraExtra(m, c, sb, mixer);
    return x;
}

// A hybrid model's layers differ: the figures per layer are averages over its full-attention
// and linear-attention layers, so that a whole stage's activations are layers x the figure.
double averageLayer(const ModelSpec& m, const ActivationContext& c, bool withScores) {
    const double full = total(layerSplit(m, c, withScores), c);
    if (!hasLinearAttention(m))
        return full;
    const double share = fullAttentionShare(m);
    return share * full +
           (1 - share) * total(layerSplit(m, c, withScores, Mixer::GatedDeltaNet), c);
}
} // namespace

double layerSavedBytes(const ModelSpec& m, const ActivationContext& c) {
    return averageLayer(m, c, true);
}

double layerScoreBytes(const ModelSpec& m, const ActivationContext& c) {
    return averageLayer(m, c, true) - averageLayer(m, c, false);
}

double layerKeptBytes(const ModelSpec& m, const ActivationContext& c) {
    switch (c.checkpointing) {
    case Checkpointing::None:
        return layerSavedBytes(m, c);
    case Checkpointing::Selective:
        return averageLayer(m, c, false);
    case Checkpointing::Full: {
        // Only the layer input is kept (Korthikanti et al. 2022, Sec. 5: 2sbh per layer in 16 bit;
        // the residual stream is fp32 under autocast with fp32 weights).
        const double input = c.s * c.b * static_cast<double>(m.hidden) * c.residualBytes;
        return c.sequenceParallel ? input / static_cast<double>(c.tp) : input;
    }
    }
    return 0;
}

namespace {
// The chunked delta rule's forward temporaries in one Gated DeltaNet layer (fla
// chunk_gated_delta_rule_fwd): w (key-shaped) and u (value-shaped) from recompute_w_u_fwd, h, the
// state at every chunk boundary (value_heads x key_head_dim x value_head_dim per 64 tokens, in
// the input dtype: chunk_delta_h.py `h = k.new_empty(B, NT, H, K, V)`), v_new, and the output.
double gatedDeltaNetWorkingSet(const ModelSpec& m, const ActivationContext& c) {
    if (!hasLinearAttention(m))
        return 0;
    const LinearAttentionWidths lw = linearAttentionWidths(m);
    return c.s * c.b * c.w * (lw.keyAtValueHeads + 3 * lw.valueDim + lw.chunkStatePerToken) /
           static_cast<double>(c.tp);
}

// Its backward (chunk_gated_delta_rule_bwd) recomputes w, u, h and v_new, then holds dh (shaped
// as h), two dv, and dq, dk, dw next to them.
double gatedDeltaNetBackwardTransient(const ModelSpec& m, const ActivationContext& c) {
    if (!hasLinearAttention(m))
        return 0;
    const LinearAttentionWidths lw = linearAttentionWidths(m);
    return c.s * c.b * c.w *
           (4 * lw.keyAtValueHeads + 4 * lw.valueDim + 2 * lw.chunkStatePerToken) /
           static_cast<double>(c.tp);
}
} // namespace

double layerForwardWorkingSet(const ModelSpec& m, const ActivationContext& c) {
    // Without autograd, at most a few tensors of one layer coexist: the residual stream, the
    // widest intermediate (the MLP's) and, for eager attention, the score matrix.
    const double sb = c.s * c.b;
    const double h = static_cast<double>(m.hidden);
    const double f = static_cast<double>(m.ffn);
    const double a = static_cast<double>(m.heads);
    const double t = static_cast<double>(c.tp);
    const double residual = 2 * sb * h * c.w;
    const double mlp = (m.mlp == MlpKind::Gated ? 3 : 2) * sb * f * c.w / t;
    // Eager scores: the masked scores stay referenced while softmax(..., dtype=float32) writes
    // its fp32 output and, for a 16-bit model, the cast-back copy (Hugging Face eager path).
    // A bfloat16 input is first converted to fp32, a copy that lives while softmax runs: the
    // CPU traces and the H200 agree (bf16 generations ran 10-14% under without it).
    const double castBack = c.w < 4 ? c.w : 0;
    const double scoreBytes =
        c.softmaxInputUpcast ? std::max(c.w + 4 + 4, c.w + 4 + castBack) : c.w + 4 + castBack;
    const double keys = c.keys > 0 ? c.keys : c.s;
    const double scores = c.attention == Attention::Eager ? a * keys * sb * scoreBytes / t : 0;
    return residual + std::max({mlp, scores, gatedDeltaNetWorkingSet(m, c)});
}

double layerBackwardTransient(const ModelSpec& m, const ActivationContext& c) {
    // The largest of one layer: a hybrid model's Gated DeltaNet layers have their own.
    const double mixer = gatedDeltaNetBackwardTransient(m, c);
    if (c.attention != Attention::Eager)
        return mixer;
    // Backward through eager attention, on top of the saved probabilities: the gradient of
    // the 16-bit probabilities (probs @ V backward), its fp32 copy (the backward of the cast
    // after softmax(..., dtype=float32)) and the fp32 softmax backward output
    // (_softmax_backward_data). Without the fp32 softmax the two casts fall away. The H200 grid
    // shows it: eager plans with full checkpointing at 4096 tokens peak in the layer backward
    // at about 16 bytes per score element, the 6 saved included.
    const double perElement =
        c.autocastFp32Softmax || c.softmaxInputUpcast || c.w < 4 ? c.w + 4 + 4 : c.w + c.w;
    const double keys = c.keys > 0 ? c.keys : c.s;
    return std::max(mixer, static_cast<double>(m.heads) / static_cast<double>(c.tp) * c.s * keys *
                               c.b * perElement);
}

LossBytes lossBytes(const ModelSpec& m, const ActivationContext& c, Loss loss) {
    LossBytes out;
    if (!m.lm_head)
        return out;
    const double V = static_cast<double>(m.vocab) / static_cast<double>(c.tp); // vocab-parallel
    const double upcast = c.w < 4 ? 4.0 : 0.0; // HF casts logits to fp32 before the loss
    double tokens = c.s * c.b;
    if (loss == Loss::Chunked && c.chunkedLossKeepsLogits) {
        // LitGPT: the head runs on 128-token chunks (litgpt/finetune/lora.py:355
        // lm_head_chunk_size=128) and the list of chunk logits lives through the backward;
        // cross_entropy on each 16-bit chunk keeps its log-softmax output in that dtype. The
        // backward of one chunk holds the gradient nll_loss hands log_softmax and the gradient
        // of the chunk's logits.
        constexpr double kLitgptHeadChunk = 128;
        out.keptLogits = tokens * V * c.w;
        out.saved = tokens * V * c.w;
        out.forwardPeak = 0;
        out.backwardPeak = c.b * std::min(c.s, kLitgptHeadChunk) * V * 2 * c.w;
        return out;
    }
    if (loss == Loss::Chunked) {
        // Fused linear + cross-entropy (e.g. Liger): logits exist one chunk at a time; the
        // chunk holds about hidden/vocab of the tokens, i.e. no more than the hidden states.
        const double chunks = std::ceil(V / static_cast<double>(m.hidden));
        tokens = std::ceil(tokens / std::max(1.0, chunks));
        out.saved = 0; // gradients are computed in the forward; nothing vocab-sized is kept
        out.forwardPeak = tokens * V * (c.w + 4 + 4);
        out.backwardPeak = 0;
        return out;
    }
    // The loss is computed inside the forward and the logits are dropped before backward (Hugging
    // Face Trainer's compute_loss returns the loss only; transformers' ForCausalLMLoss upcasts
    // to fp32 and shifts the labels, not the logits). The 16-bit logits die at the upcast
    // (its backward keeps nothing), the fp32 logits once log_softmax has run, which keeps its
    // fp32 output for the backward. Loss forward peak: fp32 logits + log-softmax (the 16-bit
    // logits and their fp32 copy, w + 4 <= 8 bytes, come first and are no larger). Backward:
    // the log-softmax output, the gradient nll_loss hands it and the gradient of the logits.
    (void)upcast;
    out.saved = tokens * V * 4;
    out.forwardPeak = tokens * V * 4;
    out.backwardPeak = tokens * V * (4 + 4);
    return out;
}

} // namespace memplan::detail
