#include "memplan/model.h"

#include "memplan/activations.h"
#include "memplan/band.h"
#include "memplan/cross_attention.h"
#include "memplan/framework.h"
#include "memplan/linear_attention.h"
#include "memplan/model_states.h"
#include "memplan/param_count.h"
#include "memplan/post_training.h"
#include "memplan/recipe.h"
#include "memplan/reserve.h"
#include "memplan/serving.h"
#include "memplan/textbook.h"
#include "memplan/units.h"
#include "memplan/vision.h"

#include <algorithm>
#include <cmath>

namespace memplan {

namespace {

using detail::ActivationContext;
using detail::ModelStates;
using detail::StageSlice;

// CUDA context and libraries when neither the plan nor a GPU preset says: 1343 MiB, measured
// on a V100 after torch.ones(1).cuda() (Hugging Face "Model training anatomy"; seed 004).
constexpr double kDefaultRuntimeOverheadGiB = 1343.0 / 1024.0;
// cuBLAS workspace, allocated through PyTorch's caching allocator once per handle and stream
// (aten/src/ATen/cuda/CublasHandlePool.cpp getChosenWorkspaceSize): CUBLAS_WORKSPACE_CONFIG
// ":4096:2:16:8" = 2 x 4096 KiB + 8 x 16 KiB by default, ":4096:8" = 32 MiB on Hopper.
constexpr double kCublasWorkspace = (2 * 4096.0 + 8 * 16.0) * 1024.0;
constexpr double kCublasWorkspaceHopper = 8 * 4096.0 * 1024.0;
// Handles are per thread (CublasHandlePool.cpp keeps a thread-local handle pool), and autograd
// runs a CUDA backward on its own device thread (torch/csrc/autograd/engine.cpp
// start_device_threads), so a training step holds two workspaces, forward and backward;
// inference one. Measured on an H200 with torch 2.11 (tests/data/measured/cuda-h200): a fresh
// process's steady training step holds 64 MiB more than the same step traced on the CPU at the
// end of the forward, an inference 32 MiB.
int cublasHandles(const Plan& plan) {
    return plan.training.method == Method::Inference ? 1 : 2;
}
// NCCL buffers per communicator (cudaMalloc inside NCCL, outside PyTorch's allocator): one
// NCCL_BUFFSIZE (4 MiB default, NCCL environment-variable docs) per channel and ring peer
// (send and receive), with 16 channels, NVLink systems' typical count.
constexpr double kNcclPerCommunicator = 16 * 2 * 4.0 * 1024 * 1024;
// Byte counts beyond this are refused rather than reported (2^62 bytes = 4 EiB).
constexpr double kMaxReportableBytes = 4611686018427387904.0;

constexpr std::size_t idx(Component c) {
    return static_cast<std::size_t>(c);
}

Moment& addMoment(Evaluation& ev, std::string_view label, Phase phase) {
    Moment& m = ev.moments[ev.moment_count < Evaluation::kMaxMoments ? ev.moment_count++
                                                                     : Evaluation::kMaxMoments - 1];
    m = Moment{};
    m.label = label;
    m.phase = phase;
    return m;
}

void copyStates(Moment& mo, const ModelStates& ms, bool withGradients, bool withFullGradients) {
    mo.resident[idx(Component::Weights)] = ms.weights;
    mo.resident[idx(Component::OptimizerStates)] = ms.optimizer;
    if (withFullGradients)
        mo.resident[idx(Component::Gradients)] = ms.gradients;
    else if (withGradients) {
        mo.resident[idx(Component::Gradients)].add(
            "gradients kept from earlier micro-batches or steps", ms.gradients.bytes);
    }
}

ActivationContext activationContext(const Plan& plan, const ResolvedProfile& prof) {
    const TrainingSpec& tr = plan.training;
    ActivationContext c;
    // A vision-language model's sequence holds its image tokens next to seq_len text tokens.
    c.s = static_cast<double>(tr.seq_len + imageTokensPerSequence(plan.model));
    c.b = static_cast<double>(tr.micro_batch);
    Dtype act = effectiveTable(tr)[static_cast<std::size_t>(TensorClass::Activations)];
    c.w = bytesPerElement(act);
    c.softmaxInputUpcast = act == Dtype::Bf16;
    if (c.w < 1)
        c.w = 2; // quantized or "none" activations compute in 16 bit
    c.tp = plan.parallelism.tp;
    c.sequenceParallel = plan.parallelism.sequence_parallel && plan.parallelism.tp > 1;
    c.attention = tr.attention;
    c.checkpointing = tr.checkpointing;
    c.fp8LinearInputs = tr.precision == Recipe::Fp8Mixed;
    const Dtype weights = effectiveTable(tr)[static_cast<std::size_t>(TensorClass::Weights)];
    c.autocastFp32Softmax = weights == Dtype::Fp32 && c.w == 2;
    c.autocast = c.autocastFp32Softmax;
    c.residualBytes = c.autocastFp32Softmax ? 4.0 : c.w;
    c.fusedSoftmax16 = prof.fusedSoftmax16;
    c.fusedQkv = prof.fusedQkv;
    c.fusedAttentionRepeatsKv = prof.fusedAttentionRepeatsKv;
    c.vViewOfFusedQkv = prof.vViewOfFusedQkv;
    c.loraQkvZeroPad = prof.loraQkvZeroPad;
    c.chunkedLossKeepsLogits = prof.chunkedLossKeepsLogits;
    c.normWeightsTrain =
        tr.method == Method::Full || tr.method == Method::Galore || tr.method == Method::Freeze;
    if (tr.method == Method::Lora || tr.method == Method::Qlora) {
        const uint32_t tg = tr.lora.targets;
        c.needs.qkvInput = tg & (LoraQ | LoraK | LoraV);
        c.needs.oInput = tg & LoraO;
        c.needs.mlpInput = tg & (LoraGate | LoraUp);
        c.needs.downInput = tg & LoraDown;
        c.loraRank = static_cast<double>(tr.lora.rank);
        c.loraTargets = tg;
        c.loraDropout = tr.lora.dropout;
        if (plan.model.mlp == MlpKind::Plain)
            c.loraTargets &= ~static_cast<uint32_t>(LoraGate);
        // With lora_dropout > 0 every adapter takes its own dropped copy (counted with the
        // adapters); the frozen base linears keep nothing, so the undropped inputs are not
        // kept for the adapters' sake (the H200's LoRA dropout plans ran 10-12% over).
        if (c.loraDropout > 0)
            c.needs = {false, false, false, false};
    }
    // fp32 adapters next to 16-bit activations with no autocast (a bf16-pure or fp16-pure
    // model): PEFT casts each adapter's input to the adapter dtype (peft
    // src/peft/tuners/lora/layer.py:1061 Linear.forward, `x = self._cast_input_dtype(x,
    // lora_A.weight.dtype)`), and lora_A keeps that fp32 copy instead of the 16-bit input.
    const bool autocast = isMixedRecipe(tr.precision) || isQuantizedRecipe(tr.precision);
    if (c.loraRank > 0 && autocast && c.w < 4)
        c.autocast = true;
    if (c.loraRank > 0 && prof.adaptersFp32 && !autocast && c.w < 4) {
        c.loraInputCast = true;
        c.needs = {false, false, false, false};
    }
    // A Gated DeltaNet layer's in_proj_qkvz, in_proj_ba and out_proj are not named like the
    // attention projections, so adapter lists of q/k/v/o names skip them; PEFT's "all-linear"
    // (all seven targets here) adapts them too.
    if (c.loraRank > 0) {
        c.mixerAdapters = (tr.lora.targets & LoraAllLinear) == LoraAllLinear;
        const bool keepsInputs = c.mixerAdapters && c.loraDropout <= 0 && !c.loraInputCast;
        c.mixerInProjInput = c.mixerOutProjInput = keepsInputs;
    } else {
        c.mixerInProjInput = c.needs.qkvInput;
        c.mixerOutProjInput = c.needs.oInput;
    }
    // bitsandbytes' quantized matmuls (MatMul4Bit, MatMul8bitLt) keep their input whenever
    // the input needs a gradient, frozen weight or not.
    if (tr.method == Method::Qlora || isQuantizedRecipe(tr.precision)) {
        c.needs = {true, true, true, true};
        c.mixerInProjInput = c.mixerOutProjInput = true;
    }
    return c;
}

// Expert parallelism's all-to-all of one MoE layer: the tokens routed away and those received
// (send and receive buffers, then the same again to combine the expert outputs). Dropless
// routing (Megatron-LM megatron/core/transformer/moe/token_dispatcher.py,
// MoEAlltoAllTokenDispatcher: permuted local tokens, all_to_all into the global ones) moves
// k x tokens rows of hidden; a capacity factor (DeepSpeed deepspeed/moe/sharded_moe.py,
// top1gating/top2gating capacity = ceil(k x tokens / experts x capacity_factor), MOELayer
// einsum "sec,sm->ecm" into experts x capacity x hidden, then _AllToAll) pads every expert to
// its capacity.
double allToAllBuffers(const Plan& plan, const ActivationContext& ctx) {
    const ModelSpec& m = plan.model;
    const ParallelSpec& par = plan.parallelism;
    if (m.experts < 2 || par.ep <= 1)
        return 0;
    const double tokens =
        ctx.s * ctx.b / (ctx.sequenceParallel ? static_cast<double>(ctx.tp) : 1.0);
    const double k = static_cast<double>(m.experts_per_token);
    const double E = static_cast<double>(m.experts);
    const double routed =
        par.capacity_factor > 0 ? E * std::ceil(k * tokens / E * par.capacity_factor) : k * tokens;
    return 2 * routed * static_cast<double>(m.hidden) * ctx.w;
}

// What a training vision tower keeps for its backward (vision.h): its layers under the plan's
// recomputation setting, over the patches of every image of the micro-batch, and the
// projector's saved inputs (its norm's fp32 input, the first linear's input, and for a two-layer
// projector the activation's input and output).
double visionTowerActivations(const ModelSpec& m, const ActivationContext& lm) {
    const VisionSpec& v = m.vision;
    const ModelSpec tower = visionEncoderShape(v);
    ActivationContext c = lm;
    c.s = static_cast<double>(visionPatchesPerImage(v));
    c.b = lm.b * static_cast<double>(v.images);
    c.needs = detail::LayerNeeds{};
    c.loraRank = 0;
    c.loraTargets = 0;
    c.loraDropout = 0;
    c.loraInputCast = false;
    c.fusedQkv = false;
    c.normWeightsTrain = true;
    double layers =
        detail::layerKeptBytes(tower, c) * static_cast<double>(v.layers + v.global_layers);
    // Llama 3.2 Vision's global layers scale their attention and MLP outputs by tanh gates
    // (MllamaVisionEncoderLayer, is_gated): each product keeps its input for the gate's
    // gradient.
    if (c.checkpointing != Checkpointing::Full)
        layers += static_cast<double>(v.global_layers) * 2 * c.s * c.b *
                  static_cast<double>(v.hidden) * c.w;
    // Blocks that attend within windows keep the eager scores of their windows only; the
    // score terms are per query-key pair (vision.h). Flash and SDPA keep per-token tensors
    // whatever the chunks, and recomputation keeps no scores.
    const double full = c.s * c.s;
    if (c.attention == Attention::Eager && c.checkpointing == Checkpointing::None && full > 0) {
        const double unkept = 1.0 - visionWindowedScorePairs(v) / full;
        layers -= detail::layerScoreBytes(tower, c) * unkept *
                  static_cast<double>(visionWindowedBlocks(v));
    }
    const double tokens = static_cast<double>(visionTokensPerImage(v)) * c.b;
    // A tiled tower's projector is one linear over the last and the intermediate hidden
    // states, concatenated: it keeps that input alone (no norm).
    if (v.tiles > 0)
        return layers + tokens *
                            static_cast<double>((1 + v.intermediate_layers.size()) *
                                                static_cast<std::size_t>(v.hidden)) *
                            c.w;
    const double projIn = tokens * static_cast<double>(v.merge * v.merge * v.hidden);
    const double projector =
        projIn * (4 + c.w) + tokens * static_cast<double>(v.projector_ffn) * 2 * c.w;
    return layers + projector;
}

void trainingMoments(const Plan& plan, const ParamCounts& counts, double scale,
                     const StageSlice& stage, const ResolvedProfile& prof, Evaluation& ev) {
    const ModelSpec& m = plan.model;
    const TrainingSpec& tr = plan.training;
    const ModelStates ms = detail::modelStates(plan, counts, scale, stage, prof, ev);
    ev.host += ms.host;
    ev.paged_states = ms.pagedStates;

    const ActivationContext ctx = activationContext(plan, prof);
    const double kept = detail::layerKeptBytes(m, ctx);
    // Frozen bottom layers (method freeze) keep nothing: no gradient flows below them.
    const double layersStoring = stage.layers - ms.frozenLayers;
    double layerActs = kept * layersStoring * stage.inFlight;
    // Llama 3.2 Vision: the stage's cross-attention layers that store keep their own terms,
    // and the image states they read are kept once (cross_attention.h).
    const double imageTokens = static_cast<double>(crossAttentionTokensPerSequence(m));
    const double crossStoring = static_cast<double>(
        crossAttentionLayersIn(m, stage.layersBelow + stage.layers - layersStoring, layersStoring));
    if (crossStoring > 0)
        layerActs += (detail::crossLayerKeptBytes(m, ctx, imageTokens) - kept) * crossStoring *
                     stage.inFlight;
    const double crossShared =
        crossStoring > 0 ? detail::crossAttentionSharedBytes(m, ctx, imageTokens) * stage.inFlight
                         : 0.0;
    // Unless the embedding trains (freeze with a tied head): then the gradient flows down
    // through the frozen layers to the lookup, and each keeps what its input's gradient needs:
    // norms, activations and attention, but no linear input (frozen weights need no gradient).
    // Seen in the CPU traces and on the GPU (freeze plans of a tied GPT-2 ran 16-26% under).
    const bool gradientThroughFrozen =
        tr.method == Method::Freeze && m.tied_embeddings && m.lm_head;
    ActivationContext frozen = ctx; // a frozen layer: only its input's gradient is needed
    frozen.needs = {false, false, false, false};
    frozen.normWeightsTrain = false;
    const double frozenKept = detail::layerKeptBytes(m, frozen);
    if (gradientThroughFrozen)
        layerActs += frozenKept * (stage.layers - layersStoring) * stage.inFlight;
    // One layer's activations rebuilt during its backward (the kept input is reused, not
    // copied); none where no backward runs.
    const auto recomputeOf = [&](const ActivationContext& c, double keptBytes) {
        if (tr.checkpointing == Checkpointing::Full)
            return detail::layerSavedBytes(m, c) - keptBytes;
        if (tr.checkpointing == Checkpointing::Selective)
            return detail::layerScoreBytes(m, c);
        return 0.0;
    };
    // The top layer of the stage runs its backward first, the lowest one last and keeps its
    // activations to the end of the backward pass. Either may be a frozen layer that the
    // tied embedding's gradient passes through; a stage wholly below an untied freeze cut
    // runs no backward at all.
    const bool lowestFrozen = layersStoring < stage.layers;
    const double noBackward = 0;
    const double recompute = layersStoring > 0       ? recomputeOf(ctx, kept)
                             : gradientThroughFrozen ? recomputeOf(frozen, frozenKept)
                                                     : noBackward;
    const double lowestLayerKept = !lowestFrozen           ? kept
                                   : gradientThroughFrozen ? frozenKept
                                                           : noBackward;
    const double lowestRecompute = !lowestFrozen           ? recomputeOf(ctx, kept)
                                   : gradientThroughFrozen ? recomputeOf(frozen, frozenKept)
                                                           : noBackward;
    if (tr.checkpointing == Checkpointing::Selective && tr.attention == Attention::Flash)
        ev.note(Note::SelectiveNoEffectWithFlash);
    // Unsloth's offloaded checkpointing keeps each checkpointed layer input in host memory.
    const bool offloadKept = tr.activation_offload ||
                             (prof.checkpointOffload && tr.checkpointing == Checkpointing::Full);
    // The layer whose saved tensors came back to the device for its backward (save_on_cpu).
    double unpackedLayer = 0;
    if (offloadKept && layerActs > 0 && tr.activation_offload) {
        // torch.autograd.graph.save_on_cpu (torch/autograd/graph.py pack_to_cpu) copies each
        // tensor to the host as it is saved, and the graph holds only the host copy: through
        // the forward and the loss no layer's saved tensors stay on the device. A layer's come
        // back (unpack_from_cpu) when its backward runs. Traced on the CPU with pack hooks that
        // copy to memory outside the allocator: one activation live after a 6-layer forward.
        ev.host += layerActs;
        unpackedLayer = std::min(layerActs, kept);
        layerActs = 0;
    } else if (offloadKept && layerActs > 0) {
        // Unsloth's offloader overlaps the copies: the current and the in-transfer layer stay.
        const double onGpu = std::min(layerActs, 2 * kept);
        ev.host += layerActs - onGpu;
        layerActs = onGpu;
    }
    const double towerActs =
        stage.embedding && detail::visionTrains(m, tr) ? visionTowerActivations(m, ctx) : 0.0;
    const double sbh = ctx.s * ctx.b * static_cast<double>(m.hidden);
    const bool headTrains =
        tr.method == Method::Full || tr.method == Method::Galore || tr.method == Method::Freeze;
    const double headActs = stage.head
                                ? sbh * ctx.w * (headTrains ? 2 : 1) /
                                      (ctx.sequenceParallel ? static_cast<double>(ctx.tp) : 1.0)
                                : 0;
    const detail::LossBytes loss =
        stage.head ? detail::lossBytes(m, ctx, tr.loss) : detail::LossBytes{};
    const std::string_view savedLossLabel =
        loss.keptLogits > 0 ? "chunked log-softmax" : "log-softmax (fp32)";
    // Gradients live through the forward pass when earlier micro-batches accumulated into
    // them, or when zero_grad() zeroes them in place instead of freeing them.
    const bool accumulating = (tr.grad_accum > 1 || !tr.grads_to_none) && !tr.optimizer_in_backward;
    const bool anyGrad = ms.anyTrainable;

    // forward: the moment is in the autocast region (end of forward, loss), whose cache still
    // holds the trainable weights' copies; backward: only the copies autograd saved remain.
    enum class Region { Forward, Backward, Tail };
    auto fillActs = [&](Moment& mo, double layers, Region region) {
        auto& a = mo.resident[idx(Component::Activations)];
        a.add("saved layer activations", layers);
        if (region != Region::Tail) {
            a.add("final hidden states", headActs);
            a.add("vision tower activations", towerActs);
            a.add("image states (cross-attention)", crossShared);
        }
        a.add("autocast 16-bit weight copies", region == Region::Forward    ? ms.castCopiesForward
                                               : region == Region::Backward ? ms.castCopies
                                                                            : 0);
    };
    // Parts every moment of the step carries: the FSDP2 root unit and the dequantized weight.
    auto stepParts = [&](Moment& mo) {
        auto& o = mo.resident[idx(Component::Other)];
        o.add("FSDP2 root unit (gathered)", ms.rootGathered);
        o.add("dequantized 4-bit weight", ms.dequantTransient);
        o.add("dequantized weight cast to bf16", ms.dequantCastCopy);
    };
    auto other = [&](Moment& mo) -> ComponentBreakdown& {
        return mo.resident[idx(Component::Other)];
    };

    {
        Moment& mo = addMoment(ev, "end of forward", Phase::Forward);
        stepParts(mo);
        copyStates(mo, ms, accumulating, false);
        fillActs(mo, layerActs, Region::Forward);
        other(mo).add("ZeRO-3 gathered parameters", ms.gatherBuffers);
    }
    if (stage.head && m.lm_head) {
        Moment& mo = addMoment(ev, "loss forward", Phase::Loss);
        stepParts(mo);
        copyStates(mo, ms, accumulating, false);
        fillActs(mo, layerActs, Region::Forward);
        auto& a = mo.resident[idx(Component::Activations)];
        a.add("chunked logits (kept)", loss.keptLogits);
        a.add(savedLossLabel, loss.saved);
        a.add("fp32 logits / loss chunk", loss.forwardPeak);
        a.add("autocast 16-bit head weight", ms.headCastCopy);
        other(mo).add("ZeRO-3 gathered parameters", ms.gatherBuffers);
    }
    if (anyGrad) {
        {
            Moment& mo = addMoment(ev, "start of backward", Phase::Backward);
            stepParts(mo);
            copyStates(mo, ms, accumulating, false);
            fillActs(mo, layerActs, Region::Backward);
            auto& a = mo.resident[idx(Component::Activations)];
            a.add("chunked logits (kept)", loss.keptLogits);
            a.add(savedLossLabel, loss.saved);
            a.add("gradient of the logits", loss.backwardPeak);
            a.add("autocast 16-bit head weight", ms.headCastCopy);
            other(mo).add("ZeRO-3 gathered parameters", ms.gatherBuffers);
            // A chunked loss applies the head to each chunk of tokens on its own, so each
            // chunk's backward hands the head weight a whole vocab x hidden gradient, which
            // autograd's input buffer adds to the running sum. The linear multiplies by the
            // weight transposed, so each gradient arrives as a transposed (non-contiguous) view
            // of the mm result, and the buffer cannot add in place
            // (torch/csrc/autograd/input_buffer.cpp, accumulate: in place only into a
            // contiguous addend): the sum, the new chunk's gradient and their out-of-place sum
            // coexist, three tensors. Traced on the CPU and on the H200 alike (a 64-wide Llama
            // with a 32,000-word head: three vocab x hidden tensors above the end of the
            // forward). Under autocast every chunk uses the one cached 16-bit copy of the head,
            // so the sum is in 16 bit and is cast to the fp32 gradient once.
            if (tr.loss == Loss::Chunked && stage.head && m.lm_head && headTrains &&
                !tr.optimizer_in_backward && ms.trainable > 0) {
                const double chunkGradient =
                    ms.headCastCopy > 0 ? ms.headMatrix * ctx.w : ms.headGradient;
                mo.resident[idx(Component::Gradients)].add("head gradient summed over loss chunks",
                                                           3 * chunkGradient);
            }
        }
        const double layerBackward = stage.layers > 0 ? detail::layerBackwardTransient(m, ctx) : 0;
        if (stage.layers > 0) {
            // The last layer's backward starts once the loss and the head are through theirs:
            // the logits and their gradient are gone, the head's gradient exists, every saved
            // activation (or checkpointed input) is still kept. Checkpointing rebuilds the
            // layer first; eager attention adds the gradients of its score matrix.
            Moment& mo = addMoment(ev, "backward of the last layer", Phase::Backward);
            stepParts(mo);
            copyStates(mo, ms, accumulating, false);
            fillActs(mo, layerActs + unpackedLayer, Region::Backward);
            auto& a = mo.resident[idx(Component::Activations)];
            a.add("recomputed layer", recompute + ms.castCopyLayer);
            a.add("attention backward (score gradients)", layerBackward);
            a.add("gradient of the final hidden states", headActs);
            other(mo).add("expert all-to-all buffers", allToAllBuffers(plan, ctx));
            if (stage.head && m.lm_head && headTrains && !accumulating && ms.trainable > 0 &&
                !tr.optimizer_in_backward)
                mo.resident[idx(Component::Gradients)].add("output head's gradient",
                                                           ms.headGradient);
            other(mo).add("ZeRO-3 gathered parameters", ms.gatherBuffers);
            // With the optimizer in backward the first gradients (the head's, then the last
            // layer's) are stepped here, after the loss chain is freed but while almost every
            // saved activation is alive (the H200 grid: not next to the logits' gradients).
            if (tr.optimizer_in_backward) {
                mo.resident[idx(Component::Gradients)] = ms.gradients;
                other(mo).add("optimizer temporaries", ms.optimizerTemporaries);
            }
        }
        {
            Moment& mo = addMoment(ev, "end of backward", Phase::Backward);
            stepParts(mo);
            copyStates(mo, ms, true, true);
            fillActs(mo, stage.layers > 0 ? lowestLayerKept * stage.inFlight : 0, Region::Tail);
            mo.resident[idx(Component::Activations)].add("recomputed layer",
                                                         lowestRecompute + ms.castCopyLayer);
            other(mo).add("ZeRO-3 gathered parameters", ms.gatherBuffers);
            other(mo).add("unsharded gradients of one unit", ms.unshardedLayerGrad);
            // When the weight already has a gradient (accumulation, or zero_grad without
            // set_to_none) AccumulateGrad adds the tied sum into it in place instead of taking
            // it over, so the sum is one more vocab x hidden tensor next to its addends.
            other(mo).add("tied embedding's lookup gradient",
                          ms.tiedEmbeddingGrad + (accumulating ? ms.tiedEmbeddingTensor : 0));
            other(mo).add("gradient reduce buckets", ms.gradReduceBuffers);
            if (tr.optimizer_in_backward)
                other(mo).add("optimizer temporaries", ms.optimizerTemporaries);
        }
        if (!tr.optimizer_in_backward) {
            Moment& mo = addMoment(ev, "optimizer step", Phase::OptimizerStep);
            copyStates(mo, ms, true, true);
            other(mo).add("optimizer temporaries", ms.optimizerTemporaries);
            other(mo).add("gradient reduce buckets", ms.gradReduceBuffers);
        }
    }
}

// The fixed state generation keeps per sequence in a hybrid model's linear-attention layers
// (transformers Qwen3NextDynamicCache): conv_states, the conv's last conv_kernel inputs in the
// activation dtype (F.pad of mixed_qkv to linear_conv_kernel_dim columns), and
// recurrent_states, the delta rule's value_heads x key_head_dim x value_head_dim state in fp32
// (fla's final_state: `k.new_empty(N, H, K, V, dtype=torch.float32)`).
double recurrentStateBytes(const ModelSpec& m, const ActivationContext& ctx, double layers) {
    if (!hasLinearAttention(m) || layers <= 0)
        return 0;
    const double perSequence = linearAttentionStateBytes(
        m, static_cast<double>(m.linear_attention.conv_kernel), ctx.w, 4.0);
    return ctx.b * layers * perSequence / static_cast<double>(ctx.tp);
}

void inferenceMoments(const Plan& plan, const ParamCounts& counts, double scale,
                      const StageSlice& stage, const ResolvedProfile& prof, Evaluation& ev) {
    const ModelSpec& m = plan.model;
    const TrainingSpec& tr = plan.training;
    const ModelStates ms = detail::modelStates(plan, counts, scale, stage, prof, ev);
    ev.host += ms.host;
    ActivationContext ctx = activationContext(plan, prof);
    const double t = static_cast<double>(ctx.tp);
    const double kvDim = static_cast<double>(m.kv_heads * m.head_dim);
    // Cross-attention layers (Llama 3.2 Vision) cache the image's keys and values once; the
    // other layers cache every token's. A hybrid model's linear-attention layers carry a fixed
    // recurrent state per sequence instead.
    const double imageTokens = static_cast<double>(crossAttentionTokensPerSequence(m));
    const double crossLayers =
        static_cast<double>(crossAttentionLayersIn(m, stage.layersBelow, stage.layers));
    const double selfLayers = stage.layers - crossLayers;
    const double attendingLayers = selfLayers * fullAttentionShare(m);
    const double kvPerToken = 2 * kvDim * ctx.w / t * attendingLayers; // K and V per layer
    // Sliding-window layers (Gemma 2/3, Mistral v0.1) in a growing cache keep only their
    // window: transformers' DynamicSlidingWindowLayer.update stores the last sliding_window - 1
    // tokens (cache_utils.py). Every layer slides without a pattern, else all but every
    // pattern-th one (is_sliding = (i + 1) % pattern). A preallocated cache holds every position.
    const double slidingLayers =
        prof.kvCachePreallocated || m.sliding_window <= 0 || hasLinearAttention(m)
            ? 0.0
            : attendingLayers -
                  (m.sliding_window_pattern > 0
                       ? std::floor(attendingLayers / static_cast<double>(m.sliding_window_pattern))
                       : 0.0);
    const double slidingKept = static_cast<double>(std::max<int64_t>(1, m.sliding_window - 1));
    // K and V of `tokens` (all sequences together) in every attending layer.
    auto kvCacheOf = [&](double tokens) {
        const double perLayer = kvPerToken / std::max(1.0, attendingLayers);
        const double perSequence = tokens / ctx.b;
        return perLayer * ((attendingLayers - slidingLayers) * tokens +
                           slidingLayers * ctx.b * std::min(perSequence, slidingKept));
    };
    const double recurrentState = recurrentStateBytes(m, ctx, selfLayers - attendingLayers);
    const double crossCache =
        crossLayers * ctx.b * detail::crossLayerKvCacheBytes(m, ctx, imageTokens);
    const double prefillWork =
        std::max(detail::layerForwardWorkingSet(m, ctx),
                 crossLayers > 0 ? detail::crossLayerForwardWorkingSet(m, ctx, imageTokens) : 0.0);
    const double prompt = ctx.s * ctx.b;
    const double all = (ctx.s + static_cast<double>(tr.new_tokens)) * ctx.b;
    const double V = static_cast<double>(m.vocab) / t;
    // Generation needs the logits of the last position only, upcast to fp32 for sampling.
    const double logits = stage.head && m.lm_head ? ctx.b * V * (ctx.w + 4) : 0;

    {
        Moment& mo = addMoment(ev, "prefill", Phase::Prefill);
        mo.resident[idx(Component::Weights)] = ms.weights;
        auto& a = mo.resident[idx(Component::Activations)];
        // A preallocated (static) cache exists in full before the prompt runs; a growing one
        // holds the prompt's keys and values only.
        a.add("KV cache", prof.kvCachePreallocated ? all * kvPerToken : kvCacheOf(prompt));
        a.add("cross-attention KV cache", crossCache);
        a.add("linear-attention state", recurrentState);
        a.add("one layer's working set", prefillWork);
        a.add("last-token logits", logits);
        mo.resident[idx(Component::Other)].add("expert all-to-all buffers",
                                               allToAllBuffers(plan, ctx));
        mo.resident[idx(Component::Other)].add("ZeRO-3 gathered parameters", ms.gatherBuffers);
        mo.resident[idx(Component::Other)].add("dequantized 4-bit weight", ms.dequantTransient);
        mo.resident[idx(Component::Other)].add("dequantized weight cast to bf16",
                                               ms.dequantCastCopy);
    }
    if (tr.new_tokens > 0) {
        Moment& mo = addMoment(ev, "end of generation", Phase::Decode);
        mo.resident[idx(Component::Weights)] = ms.weights;
        ActivationContext step = ctx;
        step.s = 1;
        double work = detail::layerForwardWorkingSet(m, step);
        // Scores of one new token against the cache (a cross-attention layer's against the
        // image tokens).
        const double attended = std::max(all / ctx.b, crossLayers > 0 ? imageTokens : 0.0);
        if (ctx.attention == Attention::Eager)
            work += 2 * static_cast<double>(m.heads) / t * attended * ctx.b * ctx.w;
        auto& a = mo.resident[idx(Component::Activations)];
        a.add("KV cache", kvCacheOf(all));
        a.add("cross-attention KV cache", crossCache);
        a.add("linear-attention state", recurrentState);
        // A growing cache concatenates each layer's keys and values with the new token's:
        // the old and the new tensor of one layer coexist for the copy.
        // (A full-attention layer's, the largest, when the model has one.)
        if (!prof.kvCachePreallocated && attendingLayers > 0)
            a.add("one layer's copy of the growing KV cache",
                  (slidingLayers < attendingLayers ? all
                                                   : ctx.b * std::min(all / ctx.b, slidingKept)) *
                      kvPerToken / attendingLayers);
        a.add("one layer's working set", work);
        a.add("last-token logits", logits);
        mo.resident[idx(Component::Other)].add("ZeRO-3 gathered parameters", ms.gatherBuffers);
        mo.resident[idx(Component::Other)].add("dequantized 4-bit weight", ms.dequantTransient);
        mo.resident[idx(Component::Other)].add("dequantized weight cast to bf16",
                                               ms.dequantCastCopy);
    }
}

void realistic(const Plan& plan, const ParamCounts& counts, double scale,
               const ResolvedProfile& prof, Evaluation& ev) {
    const ParallelSpec& par = plan.parallelism;
    const double L = static_cast<double>(plan.model.layers);
    const double pp = static_cast<double>(par.pp);
    auto run = [&](const StageSlice& st, Evaluation& out) {
        if (plan.training.method == Method::Inference)
            inferenceMoments(plan, counts, scale, st, prof, out);
        else
            trainingMoments(plan, counts, scale, st, prof, out);
    };
    if (par.pp <= 1) {
        run(StageSlice{L, true, true, 1}, ev);
        return;
    }
    // 1F1B keeps up to pp micro-batches in flight on the first stage (Narayanan et al. 2021);
    // the last stage holds the head and the loss with one. The worse stage sets the need.
    const double perStage = std::ceil(L / pp);
    const double inFlight =
        std::min(pp, static_cast<double>(std::max<int64_t>(1, plan.training.grad_accum)));
    auto peakOf = [](const Evaluation& e) {
        double p = 0;
        for (std::size_t i = 0; i < e.moment_count; ++i)
            p = std::max(p, e.moments[i].allocated());
        return p;
    };
    Evaluation last = ev;
    run(StageSlice{perStage, true, false, inFlight, 0}, ev);
    run(StageSlice{L - perStage * (pp - 1), false, true, 1, perStage * (pp - 1)}, last);
    if (peakOf(last) > peakOf(ev))
        ev = last;
}

bool reportable(double v) {
    return std::isfinite(v) && v >= 0 && v <= kMaxReportableBytes;
}

} // namespace

Evaluation evaluate(const Plan& plan, const GpuPreset* gpu) {
    Evaluation ev;
    const ResolvedProfile prof = resolveProfile(plan); // once per plan
    const ParamCounts counts = countParameters(plan.model);
    const double P = plan.model.params ? *plan.model.params : counts.total;
    const double scale = counts.total > 0 ? P / counts.total : 1.0;
    ev.params_total = P;
    if (plan.model.params && !plan.model.shape_derived && std::fabs(counts.total - P) > 0.005 * P)
        ev.note(Note::ShapeParamsMismatch);
    if (plan.training.seq_len + imageTokensPerSequence(plan.model) + plan.training.new_tokens >
        plan.model.max_position)
        ev.note(Note::SequenceExceedsModel);

    const HardwareSpec& hw = plan.hardware;
    if (hw.memory_gib) {
        ev.has_capacity = true;
        ev.capacity = *hw.memory_gib * kGiB;
    } else if (gpu) {
        ev.has_capacity = true;
        ev.capacity = gpu->memory_bytes;
    }

    const Method method = plan.training.method;
    const bool serving = method == Method::Serving;
    const bool multiModel =
        method == Method::Dpo || method == Method::Ppo || method == Method::Grpo;
    const bool textbook =
        plan.training.accounting == Accounting::Textbook && !serving && !multiModel;
    if (serving) {
        detail::servingMoments(plan, gpu, ev.has_capacity ? ev.capacity : 0, ev);
        ev.params_trainable = 0;
    } else if (multiModel) {
        detail::postTrainingMoments(plan, gpu, ev.has_capacity ? ev.capacity : 0, ev);
        const Plan policy = detail::policyPlan(plan);
        ev.params_trainable = detail::trainableParameters(policy, counts, scale);
    } else if (textbook) {
        ev.params_trainable = detail::textbookTrainable(plan, counts, scale, P);
        const detail::TextbookCounts n{P, routedExpertParameters(plan.model, counts) * scale,
                                       ev.params_trainable,
                                       detail::textbookRoutedTrainable(plan, counts, scale)};
        detail::textbookMoment(plan, n, ev);
    } else {
        realistic(plan, counts, scale, prof, ev);
        ev.params_trainable = detail::trainableParameters(plan, counts, scale);
    }

    const bool hopper = gpu && (gpu->id.find("h100") != std::string::npos ||
                                gpu->id.find("h200") != std::string::npos ||
                                gpu->id.find("b200") != std::string::npos);
    // Multi-model plans already have it from the policy's own evaluation; a vLLM engine's
    // workspace is part of its profiled peak, inside the budget.
    if (!textbook && !serving && !multiModel)
        for (std::size_t i = 0; i < ev.moment_count; ++i)
            ev.moments[i].resident[idx(Component::Other)].add(
                "cuBLAS workspace",
                cublasHandles(plan) * (hopper ? kCublasWorkspaceHopper : kCublasWorkspace));

    // The peak is the largest moment; the components shown are what is resident then.
    ev.peak_moment = 0;
    for (std::size_t i = 1; i < ev.moment_count; ++i)
        if (ev.moments[i].allocated() > ev.moments[ev.peak_moment].allocated())
            ev.peak_moment = i;
    const Moment& peak = ev.moments[ev.peak_moment];
    for (std::size_t c = 0; c < kAllocatedComponentCount; ++c)
        ev.per_gpu[c] = peak.resident[c];
    ev.peak_allocated = peak.allocated();

    const double contextGiB = hw.runtime_overhead_gib ? *hw.runtime_overhead_gib
                              : gpu                   ? gpu->runtime_overhead_gib
                                                      : kDefaultRuntimeOverheadGiB;
    auto& overhead = ev.per_gpu[idx(Component::RuntimeOverhead)];
    const double context = contextGiB * kGiB;
    overhead.add("CUDA context and libraries", context);
    double reserve = 0, nccl = 0;
    if (!textbook) {
        // A measured reserve fraction wins; otherwise the allocator's mechanisms (reserve.h).
        // A vLLM engine's budget already holds its activation reserve and its KV cache is a
        // few large tensors, so no separate allocator cache is added for serving.
        if (!serving) {
            reserve = hw.allocator_reserve_fraction
                          ? ev.peak_allocated * *hw.allocator_reserve_fraction
                          : detail::allocatorCache(plan, ev).reserve(ev.peak_allocated);
            overhead.add("caching-allocator reserve", reserve);
        }
        const ParallelSpec& par = plan.parallelism;
        if (par.gpus > 1) {
            const int64_t dims = (par.gpus / (par.tp * par.pp) > 1) + (par.tp > 1) + (par.pp > 1);
            nccl = static_cast<double>(std::max<int64_t>(prof.ncclGroups, dims)) *
                   kNcclPerCommunicator;
        }
        overhead.add("NCCL communicator buffers", nccl);
        overhead.add("paged optimizer states (managed memory)", ev.paged_states);
    }
    ev.runtime_overhead = overhead.bytes;
    ev.total = ev.peak_allocated + ev.runtime_overhead;
    ev.peak_reserved = ev.peak_allocated + reserve;
    computeBand(ev, context, reserve, nccl);
    // A vLLM engine reserves a fixed share of the GPU; the uncertainty of its activation
    // estimate moves memory between the activation reserve and the KV cache, not the total.
    if (serving) {
        ev.total_low = ev.total;
        ev.total_high = ev.total;
    }
    ev.addMemoryPart({"tensors live at the peak", ev.peak_allocated, true, true, true});
    ev.addMemoryPart({"caching-allocator cache", reserve, false, true, true});
    ev.addMemoryPart({"CUDA context and libraries", context, false, false, true});
    ev.addMemoryPart({"NCCL communicator buffers", nccl, false, false, true});
    ev.addMemoryPart({"bitsandbytes paged optimizer states", ev.paged_states, false, false, true});

    if (ev.has_capacity) {
        ev.headroom = ev.capacity - ev.total;
        ev.fits = ev.headroom >= 0;
        // A server that cannot hold one max_model_len request does not start.
        if (serving && !ev.serving.fits_one_sequence)
            ev.fits = false;
        if (method == Method::Grpo && ev.multi.rollout.budget_known &&
            !ev.multi.rollout.fits_one_sequence)
            ev.fits = false;
    }

    if (!reportable(ev.total) || !reportable(ev.host)) {
        ev.ok = false;
        ev.refusal = "the plan needs more than 4 EiB per GPU, beyond what memplan reports exactly";
        ev.fits = false;
    }
    return ev;
}

Evaluation evaluate(const Plan& plan, const PresetLibrary& presets) {
    return evaluate(plan, plan.hardware.gpu.empty() ? nullptr : presets.findGpu(plan.hardware.gpu));
}

} // namespace memplan
