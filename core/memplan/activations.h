// Activation memory of one transformer layer and of the model's ends (embedding, loss).
// Internal to the model; see docs/memory-model.md "Activations" for every term's source.
#pragma once

#include "memplan/plan.h"

namespace memplan::detail {

// Which saved tensors are needed for backward: a frozen linear without an adapter does not
// keep its input (autograd saves an input only when the weight's gradient is required).
struct LayerNeeds {
    bool qkvInput = true;  // norm output feeding q/k/v
    bool oInput = true;    // attention output feeding o
    bool mlpInput = true;  // norm output feeding gate/up
    bool downInput = true; // activation output feeding down
};

struct ActivationContext {
    double s = 0, b = 0; // sequence length, micro-batch
    // Keys each query attends to in the score terms; 0 = s (self-attention). A
    // cross-attention layer's queries attend to the image tokens (cross_attention.h).
    double keys = 0;
    double w = 2; // bytes per activation element
    int64_t tp = 1;
    bool sequenceParallel = false;
    Attention attention = Attention::Flash;
    Checkpointing checkpointing = Checkpointing::None;
    LayerNeeds needs;
    double loraRank = 0; // > 0: adapters on `loraTargets`
    uint32_t loraTargets = 0;
    double loraDropout = 0;
    // Each adapter casts its input to fp32 (fp32 adapters, 16-bit activations, no autocast):
    // lora_A saves the fp32 copy, and its rank-wide output is fp32.
    bool loraInputCast = false;
    bool fp8LinearInputs = false; // Transformer Engine saves linear inputs in fp8
    // torch.autocast runs softmax in fp32 and casts its output back to 16 bit for the
    // matmul with V (PyTorch "Automatic Mixed Precision" op reference: softmax -> float32).
    bool autocastFp32Softmax = false;
    // The step runs under torch.autocast with 16-bit activations (AMP over fp32 weights, or
    // LoRA/QLoRA next to a 16-bit or quantized base): layer_norm is on autocast's fp32 list,
    // so a LayerNorm upcasts its input, keeps the fp32 copy and returns fp32.
    bool autocast = false;
    // Megatron's fused softmax keeps its 16-bit output (no fp32 softmax, no cast copy).
    bool fusedSoftmax16 = false;
    // One qkv projection: q, k and v share one LoRA dropout copy and one autocast cast.
    bool fusedQkv = false;
    // Grouped K/V heads are expanded (copied) to every query head before a fused attention
    // kernel, which then keeps the copies for its backward.
    bool fusedAttentionRepeatsKv = true;
    // V is a view into the fused qkv projection's output (q and k are RoPE'd copies), so the
    // attention kernel keeping V keeps the whole output: q and k widths more (LitGPT).
    bool vViewOfFusedQkv = false;
    // A fused-qkv adapter over some of q, k and v pads its update to the qkv width with
    // index_copy_, whose backward keeps the update (the adapted widths) (LitGPT).
    bool loraQkvZeroPad = false;
    // The `chunked` loss applies the head to one token chunk at a time but keeps every chunk's
    // logits and log-softmax (both in the activation dtype) until the backward (LitGPT).
    bool chunkedLossKeepsLogits = false;
    // softmax(x, dtype=float32) on a bfloat16 x converts x to fp32 first (ATen SoftMax.cpp
    // softmax(): only a CUDA half input takes the fused half_to_float kernel), so the fp32
    // copy of the scores sits next to the fp32 output while softmax runs.
    bool softmaxInputUpcast = false;
    // The norms' weights train: an RMSNorm computes weight * normalized, and the multiply
    // keeps the normalized activations for the weight's gradient.
    bool normWeightsTrain = false;
    // Bytes per element of the residual stream between layers: fp32 under autocast with fp32
    // weights (the embedding lookup is not autocast and the residual adds keep fp32), else w.
    double residualBytes = 2;
    // Hybrid models (linear_attention.h): what a Gated DeltaNet layer's projections keep. Their
    // inputs are saved when in_proj/out_proj train (full training, or adapters on them: LoRA
    // on all linear layers) or run as quantized matmuls; the mixer's own saved tensors do not
    // depend on it.
    bool mixerInProjInput = true;
    bool mixerOutProjInput = true;
    bool mixerAdapters = false; // LoRA adapters on in_proj_qkvz, in_proj_ba and out_proj
};

// Bytes saved by one layer between its forward and its backward (no recomputation).
double layerSavedBytes(const ModelSpec& m, const ActivationContext& c);
// Bytes kept per layer under the plan's recomputation setting.
double layerKeptBytes(const ModelSpec& m, const ActivationContext& c);
// The eager attention-score terms alone (what selective recomputation drops).
double layerScoreBytes(const ModelSpec& m, const ActivationContext& c);
// Transient working set of one layer's forward without saving (inference prefill).
// The transient a layer's backward adds on top of what the layer saved: for eager attention the
// gradients of the score matrix (see activations.cpp). 0 for flash attention.
double layerBackwardTransient(const ModelSpec& m, const ActivationContext& c);

double layerForwardWorkingSet(const ModelSpec& m, const ActivationContext& c);

// Logits and loss: resident during the loss forward, and during its backward.
struct LossBytes {
    double keptLogits = 0;   // logits kept from the forward until backward (chunked head)
    double saved = 0;        // kept from loss forward until backward (the log-softmax)
    double forwardPeak = 0;  // extra transient during loss forward (the fp32 logits)
    double backwardPeak = 0; // extra transient during loss backward (gradients of logits)
};
LossBytes lossBytes(const ModelSpec& m, const ActivationContext& c, Loss loss);

} // namespace memplan::detail
