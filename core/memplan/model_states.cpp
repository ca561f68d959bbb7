#include "memplan/model_states.h"

#include "memplan/linear_attention.h"
#include "memplan/recipe.h"
#include "memplan/vision.h"

#include <algorithm>
#include <cmath>

namespace memplan::detail {

namespace {

// Bitsandbytes 8-bit optimizers (Dettmers et al. 2022, "8-bit Optimizers via Block-wise
// Quantization"): 1-byte states with an fp32 absmax per block of 2048 values; tensors with
// fewer than 4096 elements keep 32-bit states.
constexpr double k8bitBlock = 2048;

struct MatrixSums {
    double elements = 0;     // parameters in the stage's 2-D matrices (per GPU)
    double factored = 0;     // sum over matrices of (rows + cols): Adafactor's factored moment
    double galoreStates = 0; // sum over matrices of rank * max(rows, cols)
    double galoreProj = 0;   // sum over matrices of rank * min(rows, cols)
};

// Routed experts a GPU holds of each MoE layer: all of them, or experts / ep under expert
// parallelism (Megatron-LM megatron/core/transformer/moe/moe_layer.py: num_local_experts =
// num_moe_experts // expert_model_parallel_size; DeepSpeed deepspeed/moe/layer.py MoE:
// num_local_experts = num_experts // ep_size).
double localExperts(const ModelSpec& m, const ParallelSpec& par) {
    return static_cast<double>(m.experts) /
           static_cast<double>(m.experts > 1 ? std::max<int64_t>(1, par.ep) : 1);
}

// The routed experts' matrices of the whole model (every MoE layer, all experts).
double routedExpertMatrices(const ModelSpec& m) {
    if (m.experts < 2)
        return 0;
    const double mats = m.mlp == MlpKind::Gated ? 3 : 2;
    return static_cast<double>(m.layers - m.dense_layers) * mats * static_cast<double>(m.hidden) *
           static_cast<double>(m.ffn) * static_cast<double>(m.experts);
}

// ZeRO and FSDP partition a parameter over the GPUs that hold a replica of it. Dense parameters
// are replicated over the whole shard group (S GPUs); the routed experts a GPU holds under expert
// parallelism only over the GPUs of that group with the same experts, its expert-data-parallel
// group of S / ep GPUs. DeepSpeed (deepspeed/moe/utils.py
// split_params_into_different_moe_groups_for_optimizer puts expert parameters into param
// groups of their own; deepspeed/runtime/zero/stage_1_and_2.py _configure_moe_settings sets
// such a group's partition_count to the size of its expert data-parallel group, built by
// deepspeed/utils/groups.py _create_expert_and_data_parallel: world / ep ranks). Megatron-LM
// (megatron/core/parallel_state.py: expert_data_parallel_size = world_size / (etp x ep x pp),
// divided by num_distributed_optimizer_instances like the dense group; megatron/core/
// distributed/distributed_data_parallel.py gives expert buffers intra_expt_dp_group, over which
// the distributed optimizer shards them). FSDP2 in torchtitan (torchtitan/distributed/
// parallel_dims.py: efsdp = dp_shard x cp x tp / ep; torchtitan/distributed/fsdp.py
// apply_fsdp_to_decoder shards routed experts over the efsdp mesh, the rest over dp_shard).
struct ShardDivisors {
    double dense = 1, experts = 1;
    // Per-GPU share of `all` (elements or bytes), of which `expertPart` is routed experts.
    double operator()(double all, double expertPart) const {
        return (all - expertPart) / dense + expertPart / experts;
    }
};

ShardDivisors shardDivisors(const ModelSpec& m, const ParallelSpec& par, double S, bool sharded) {
    if (!sharded)
        return {};
    const double ep = m.experts > 1 ? static_cast<double>(std::max<int64_t>(1, par.ep)) : 1.0;
    return {S, std::max(1.0, S / ep)};
}

MatrixSums layerMatrices(const ModelSpec& m, double layers, double t, double rank, double experts) {
    const double h = static_cast<double>(m.hidden);
    const double q = static_cast<double>(m.heads * m.head_dim);
    const double kv = static_cast<double>(m.kv_heads * m.head_dim);
    const double f = static_cast<double>(m.ffn);
    const double E = experts;
    const double mlpMats = m.mlp == MlpKind::Gated ? 3 : 2;
    MatrixSums s;
    auto add = [&](double rows, double cols, double count) {
        rows /= t; // tensor parallelism splits one side of every matrix
        s.elements += count * rows * cols;
        s.factored += count * (rows + cols);
        const double r = std::min(rank, std::min(rows, cols));
        s.galoreStates += count * r * std::max(rows, cols);
        s.galoreProj += count * r * std::min(rows, cols);
    };
    // A hybrid model's linear-attention layers hold in_proj_qkvz, in_proj_ba and out_proj in
    // place of q/k/v/o (linear_attention.h).
    const double full = layers * fullAttentionShare(m);
    const double linear = layers - full;
    add(m.attention_output_gate ? 2 * q : q, h, full);
    add(kv, h, 2 * full);
    add(h, q, full);
    if (linear > 0) {
        const LinearAttentionWidths lw = linearAttentionWidths(m);
        add(2 * lw.keyDim + 2 * lw.valueDim, h, linear);
        add(2 * lw.valueHeads, h, linear);
        add(h, lw.valueDim, linear);
    }
    add(f, h, mlpMats * E * layers);
    return s;
}

} // namespace

// Bytes per parameter of quantized frozen base weights, quantization constants included.
// 4-bit (Dettmers et al. 2023, QLoRA, Sec. 3; bitsandbytes functional.quantize_4bit): 4-bit
// codes with one fp32 absmax per block of 64, for NF4 and FP4 alike (the formats differ only in
// their code table). Double quantization stores the absmax values in 8 bit with one fp32
// constant per 256 blocks. LLM.int8 (Dettmers et al. 2022): int8 codes plus one fp32 scale per
// output row.
double quantizedBytesPerParam(Dtype d, double hidden, const QuantizationSpec& q) {
    if (d == Dtype::Nf4)
        return q.double_quant ? 0.5 + 1.0 / 64.0 + 4.0 / (64.0 * 256.0) : 0.5 + 4.0 / 64.0;
    if (d == Dtype::Int8)
        return 1.0 + 4.0 / hidden;
    // fp8 checkpoints scale each 128 x 128 block by one fp32 value (DeepSeek-V3 config.json
    // quantization_config.weight_block_size; vLLM fp8.py keeps them as weight_scale_inv).
    // Per-tensor scaling (one value per matrix) is smaller still.
    if (d == Dtype::Fp8)
        return 1.0 + 4.0 / (128.0 * 128.0);
    return bytesPerElement(d);
}

namespace {

double loraParamsPerLayer(const ModelSpec& m, const LoraSpec& l, double experts) {
    const double h = static_cast<double>(m.hidden);
    const double q = static_cast<double>(m.heads * m.head_dim);
    const double kv = static_cast<double>(m.kv_heads * m.head_dim);
    const double f = static_cast<double>(m.ffn);
    const double E = experts;
    const double r = static_cast<double>(l.rank);
    double p = 0;
    auto module = [&](uint32_t bit, double in, double out, double count) {
        if (l.targets & bit)
            p += count * r * (in + out); // A: r x in, B: out x r
    };
    // A hybrid model: q/k/v/o adapters sit in its full-attention layers only; with all seven
    // targets (PEFT's "all-linear") its Gated DeltaNet layers get adapters on in_proj_qkvz,
    // in_proj_ba and out_proj (linear_attention.h). Averaged over the layers.
    const double attending = fullAttentionShare(m);
    module(LoraQ, h, m.attention_output_gate ? 2 * q : q, attending);
    module(LoraK, h, kv, attending);
    module(LoraV, h, kv, attending);
    module(LoraO, q, h, attending);
    if (hasLinearAttention(m) && (l.targets & LoraAllLinear) == LoraAllLinear) {
        const LinearAttentionWidths lw = linearAttentionWidths(m);
        p += (1 - attending) * r *
             ((h + 2 * lw.keyDim + 2 * lw.valueDim) + (h + 2 * lw.valueHeads) + (lw.valueDim + h));
    }
    // The MLPs of a MoE layer: every routed expert (unless lora.experts is off) and the shared
    // expert; the dense leading layers' one MLP, averaged over the layers.
    const bool gated = m.mlp == MlpKind::Gated;
    auto mlp = [&](double width, double count) {
        if (width <= 0 || count <= 0)
            return;
        if (gated)
            module(LoraGate, h, width, count);
        module(LoraUp, h, width, count);
        module(LoraDown, width, h, count);
    };
    const double L = static_cast<double>(m.layers);
    const double dense = static_cast<double>(m.dense_layers);
    mlp(f, (l.experts || m.experts < 2 ? E : 0) * (L - dense) / L);
    mlp(static_cast<double>(m.shared_ffn), (L - dense) / L);
    mlp(static_cast<double>(m.dense_ffn), dense / L);
    return p;
}

} // namespace

bool visionTrains(const ModelSpec& m, const TrainingSpec& tr) {
    if (!hasVision(m) || !m.vision.trainable)
        return false;
    switch (tr.method) {
    case Method::Full:
    case Method::Galore:
    case Method::Dpo:
    case Method::Ppo:
    case Method::Grpo:
        return true;
    default: // adapters go on the language model; freeze trains its top layers
        return false;
    }
}

namespace {
// Parameters of a frozen vision tower (and projector): 0 when it trains or is absent.
double frozenVision(const ModelSpec& m, const TrainingSpec& tr, const ParamCounts& c) {
    return visionTrains(m, tr) ? 0.0 : c.vision;
}
} // namespace

double freezeTrainedLayers(int64_t layers, double trainableFraction) {
    const double L = static_cast<double>(layers);
    return std::clamp(std::ceil(trainableFraction * L - 1e-9), std::min(1.0, L), L);
}

double routedExpertAdapters(const Plan& plan) {
    const ModelSpec& m = plan.model;
    if (m.experts < 2)
        return 0;
    const LoraSpec& l = plan.training.lora;
    return static_cast<double>(m.layers) *
           (loraParamsPerLayer(m, l, static_cast<double>(m.experts)) - loraParamsPerLayer(m, l, 0));
}

double trainableParameters(const Plan& plan, const ParamCounts& c, double scale) {
    const TrainingSpec& tr = plan.training;
    switch (tr.method) {
    case Method::Inference:
    case Method::Serving:
        return 0;
    case Method::Dpo: // the post-training model passes the policy's own plan; a whole-model
    case Method::Ppo: // count here means full training
    case Method::Grpo:
    case Method::Full:
        if (isQuantizedRecipe(tr.precision)) // frozen quantized matrices
            return (c.total - c.linear_in_layers - frozenVision(plan.model, tr, c)) * scale;
        return (c.total - frozenVision(plan.model, tr, c)) * scale;
    case Method::Galore:
        return (c.total - frozenVision(plan.model, tr, c)) * scale;
    case Method::Freeze: {
        // Everything above the cut trains: the top layers, the final norm, the head (and with
        // it a tied embedding); the embedding of an untied model stays frozen.
        const bool tiedHead = plan.model.tied_embeddings && plan.model.lm_head;
        const double layers = freezeTrainedLayers(plan.model.layers, tr.trainable_fraction);
        return (layers * c.layers_total / static_cast<double>(plan.model.layers) + c.final_norm +
                c.lm_head + c.pooler + (tiedHead ? c.embedding : 0)) *
               scale;
    }
    case Method::Lora:
    case Method::Qlora:
        return static_cast<double>(plan.model.layers) *
               loraParamsPerLayer(plan.model, tr.lora, static_cast<double>(plan.model.experts));
    }
    return 0;
}

ModelStates modelStates(const Plan& plan, const ParamCounts& counts, double scale,
                        const StageSlice& stage, const ResolvedProfile& prof, Evaluation& ev) {
    const ModelSpec& m = plan.model;
    const TrainingSpec& tr = plan.training;
    const ParallelSpec& par = plan.parallelism;
    const DtypeTable table = effectiveTable(tr);
    const auto dt = [&](TensorClass c) {
        return table[static_cast<std::size_t>(c)];
    };
    const Dtype weightDtype = dt(TensorClass::Weights);
    const Dtype gradDtype = dt(TensorClass::Gradients);
    const Dtype masterDtype = dt(TensorClass::MasterWeights);
    const Dtype stateDtype = dt(TensorClass::OptimizerStates);
    const Dtype actDtype = dt(TensorClass::Activations);
    const double t = static_cast<double>(par.tp);
    const double h = static_cast<double>(m.hidden);
    const int64_t dp = std::max<int64_t>(1, par.gpus / (par.tp * par.pp));
    const double S = static_cast<double>(
        std::clamp<int64_t>(par.sharding_factor > 0 ? par.sharding_factor : dp, 1, dp));
    const bool training = tr.method != Method::Inference && tr.method != Method::Serving;

    // Parameters this GPU holds before any sharding, by kind.
    // Expert parallelism keeps experts / ep of every MoE layer's routed experts on this GPU
    // (their matrices here; their biases below, with the rest of the layer).
    const double experts = localExperts(m, par);
    const double L = static_cast<double>(m.layers);
    const double expertShare =
        stage.expertShare > 0 ? stage.expertShare : experts / static_cast<double>(m.experts) / t;
    // The routed experts this GPU holds (sharded over the expert-data-parallel group), and all
    // the layer matrices it holds.
    const double expertLinear = stage.layers * routedExpertMatrices(m) * expertShare / L * scale;
    const double linear =
        stage.layers * (counts.linear_in_layers - routedExpertMatrices(m)) / L / t * scale +
        expertLinear;
    // The routed experts' biases (gpt-oss) go with their experts: under ep a GPU holds those of
    // its own experts (whole experts, as a vLLM engine does too); without ep all of them (like
    // the norms, biases are left whole by tensor parallelism in this count).
    const double allExpertBiases = routedExpertParameters(m, counts) - routedExpertMatrices(m);
    const double biasShare =
        m.experts > 1 && par.ep > 1
            ? (stage.expertShare > 0 ? stage.expertShare : experts / static_cast<double>(m.experts))
            : 1.0;
    const double expertBiases = stage.layers * allExpertBiases * biasShare / L * scale;
    // (Added as one difference, exactly 0 without ep, so other plans' figures stay bit-exact.)
    const double layerRest =
        stage.layers *
            (counts.per_layer - counts.linear_in_layers / static_cast<double>(m.layers)) * scale +
        (expertBiases - stage.layers * allExpertBiases / L * scale);
    double ends = 0; // embedding (+ vision tower), final norm, lm_head, pooler
    if (stage.embedding)
        ends += (counts.embedding + counts.vision) / t;
    if (stage.head) {
        ends += (counts.lm_head + counts.final_norm + counts.pooler) / t;
        if (par.pp > 1 && m.tied_embeddings && !stage.embedding)
            ends += counts.embedding / t; // the last stage keeps its own copy of a tied embedding
    }
    ends *= scale;
    const double stageParams = linear + layerRest + ends;
    // The vision tower sits with the embedding on the first stage; frozen unless it trains.
    const double frozenTower = stage.embedding ? frozenVision(m, tr, counts) / t * scale : 0.0;

    ModelStates out;
    out.headMatrix = static_cast<double>(m.vocab) / t * h * scale;
    const MatrixSums mats =
        layerMatrices(m, stage.layers, t, static_cast<double>(tr.galore_rank), experts);
    const double matScale = mats.elements > 0 ? linear / mats.elements : 1.0;
    MatrixSums expertMats; // the routed experts' part of mats
    if (m.experts > 1) {
        const MatrixSums dense =
            layerMatrices(m, stage.layers, t, static_cast<double>(tr.galore_rank), 0);
        expertMats = {mats.elements - dense.elements, mats.factored - dense.factored,
                      mats.galoreStates - dense.galoreStates, mats.galoreProj - dense.galoreProj};
    }

    // --- Which parameters train, and in which dtype the frozen ones are stored.
    const bool quantBase = tr.method == Method::Qlora || isQuantizedRecipe(tr.precision);
    // An fp8 checkpoint (weights fp8, or the fp8 recipe served or generated with) stores
    // every linear layer's weight in float8_e4m3fn with its scales; embeddings, norms and the
    // head stay 16-bit. vLLM quantization/fp8.py: Fp8Config.get_quant_method gives fp8
    // methods to LinearBase and FusedMoE layers only; Fp8LinearMethod.create_weights.
    const bool recipeDefaultWeights =
        !tr.dtypes.slot[static_cast<std::size_t>(TensorClass::Weights)];
    const bool fp8Linear = weightDtype == Dtype::Fp8 ||
                           (!training && tr.precision == Recipe::Fp8Mixed && recipeDefaultWeights);
    const Dtype baseDtype = tr.method == Method::Qlora ? Dtype::Nf4
                            : fp8Linear                ? Dtype::Fp8
                                                       : weightDtype;
    // What is not quantized (embeddings, norms, lm_head) computes in bf16 next to a
    // quantized base, as bitsandbytes and PEFT set it up.
    // PEFT's prepare_model_for_kbit_training casts them to fp32 (profile kbitUpcastFp32).
    const Dtype restDtype = quantBase   ? (prof.kbitUpcastFp32 ? Dtype::Fp32 : Dtype::Bf16)
                            : fp8Linear ? Dtype::Bf16
                                        : weightDtype;
    const QuantizationSpec& qs = tr.quantization;
    // A loader that quantizes every nn.Linear quantizes the output head too (profile
    // quantizedHead); transformers keeps it in 16 bit.
    const double quantHead =
        quantBase && prof.quantizedHead && stage.head ? counts.lm_head * scale / t : 0;
    // LoRA adapters: fp32 under PEFT, the model's 16-bit dtype under torchtune and LitGPT.
    const double adapterWidth =
        prof.adaptersFp32
            ? 4.0
            : std::max(2.0, bytesPerElement(restDtype == Dtype::Fp32 ? Dtype::Bf16 : restDtype));

    double trainable = 0;     // trainable parameters on this GPU (before sharding)
    double trainedLinear = 0; // of which in layer matrices (GaLore/Adafactor structure)
    double adapterParams = 0;
    double trainedExperts = 0;      // of trainable and trainedLinear: the routed experts' matrices
    double trainedExpertBiases = 0; // of trainable: the routed experts' biases
    double expertAdapters = 0;      // of adapterParams: the adapters on the routed experts

    switch (tr.method) {
    case Method::Inference:
    case Method::Serving:
        break;
    case Method::Dpo:
    case Method::Ppo:
    case Method::Grpo:
    case Method::Full:
    case Method::Galore:
        if (isQuantizedRecipe(tr.precision) && tr.method == Method::Full) {
            ev.note(Note::Int8FullFrozenBase);
            trainable = layerRest + ends - frozenTower;
        } else {
            trainable = stageParams - frozenTower;
            trainedLinear = linear;
            trainedExperts = expertLinear;
        }
        trainedExpertBiases = expertBiases;
        break;
    case Method::Freeze: {
        // "Freeze lower layers": whole layers train from the top down, and everything above
        // them (final norm, head, pooler; a tied embedding is the head). With pipeline stages
        // the cut falls in whichever stage holds it.
        const double firstTrained = L - freezeTrainedLayers(m.layers, tr.trainable_fraction);
        const double trainedHere =
            std::clamp(stage.layersBelow + stage.layers - firstTrained, 0.0, stage.layers);
        const double share = stage.layers > 0 ? trainedHere / stage.layers : 0.0;
        const bool tiedHead = m.tied_embeddings && m.lm_head;
        double endsTrained = 0;
        if (stage.head)
            endsTrained += (counts.lm_head + counts.final_norm + counts.pooler) / t;
        const bool holdsEmbedding = stage.embedding || (stage.head && par.pp > 1);
        if (tiedHead && holdsEmbedding)
            endsTrained += counts.embedding / t;
        trainable = (linear + layerRest) * share + endsTrained * scale;
        trainedLinear = linear * share;
        trainedExperts = expertLinear * share;
        trainedExpertBiases = expertBiases * share;
        out.frozenLayers = stage.layers - trainedHere;
        break;
    }
    case Method::Lora:
    case Method::Qlora:
        adapterParams = stage.layers * loraParamsPerLayer(m, tr.lora, experts) / t;
        // An adapter on a routed expert is replicated where its expert is.
        if (m.experts > 1)
            expertAdapters = adapterParams - stage.layers * loraParamsPerLayer(m, tr.lora, 0) / t;
        trainable = adapterParams;
        break;
    }
    out.anyTrainable = training && trainable > 0;
    out.trainable = trainable;
    // The trained vocab x hidden matrices outside the layers (embedding, untied head), for
    // Adafactor's factoring: elements and rows + cols.
    double trainedEndMatrices = 0;
    double trainedEndFactored = 0;
    {
        const double V = static_cast<double>(m.vocab) / t;
        const bool headMatrix = stage.head && m.lm_head && !m.tied_embeddings;
        const bool embeddingHere =
            stage.embedding || (stage.head && m.tied_embeddings && m.lm_head);
        int matrices = 0;
        if (tr.method == Method::Freeze) // the top layers and the head train
            matrices = stage.head && m.lm_head ? 1 : 0;
        else if (trainedLinear > 0 && trainedLinear >= linear)
            matrices = (headMatrix ? 1 : 0) + (embeddingHere ? 1 : 0);
        trainedEndMatrices = matrices * V * h * scale;
        trainedEndFactored = matrices * (V + h);
    }

    // --- Weights.
    const ShardDivisors zero3 = shardDivisors(m, par, S, par.sharding == Sharding::Zero3);
    const bool offloadParams =
        par.offload == Offload::OptimizerAndParams && par.sharding == Sharding::Zero3;
    if (par.offload == Offload::OptimizerAndParams && par.sharding != Sharding::Zero3)
        ev.note(Note::OffloadNeedsSharding);
    {
        // quantizedBytesPerParam is plain bytes per element for unquantized dtypes.
        const double baseBytes = (linear + quantHead) * quantizedBytesPerParam(baseDtype, h, qs);
        const char* baseLabel = quantBase   ? "quantized layer weights (codes + constants)"
                                : fp8Linear ? "fp8 layer weights (+ block scales)"
                                : (tr.method == Method::Lora || tr.method == Method::Qlora)
                                    ? "frozen base layer weights"
                                    : "layer weights";
        const double restBytes = (layerRest + ends - quantHead) * bytesPerElement(restDtype);
        const double adapterBytes = adapterParams * adapterWidth;
        const double expertBytes = expertLinear * quantizedBytesPerParam(baseDtype, h, qs);
        const double expertBiasBytes = expertBiases * bytesPerElement(restDtype);
        const double baseHere = zero3(baseBytes, expertBytes);
        out.expertWeights = (expertBytes + expertBiasBytes) / zero3.experts;
        const double restHere = zero3(restBytes, expertBiasBytes);
        const double adaptersHere = zero3(adapterBytes, expertAdapters * adapterWidth);
        if (offloadParams) {
            out.host += baseHere + restHere + adaptersHere;
        } else {
            out.weights.add(baseLabel, baseHere);
            out.weights.add("embeddings, norms, head", restHere);
            out.weights.add(prof.adaptersFp32 ? "LoRA adapters (fp32)" : "LoRA adapters (16-bit)",
                            adaptersHere);
        }
        if (tr.precision == Recipe::Fp8Mixed && training) // Transformer Engine casts
            out.weights.add("fp8 weight copies", zero3(linear, expertLinear));
        // ZeRO-3/FSDP: the unit being computed and the prefetched one are gathered in full;
        // the root unit (embedding, head) stays gathered through forward and backward.
        if (par.sharding == Sharding::Zero3 && S > 1) {
            const double perLayer = (linear + layerRest) / std::max(1.0, stage.layers);
            const double layerBytes = (linear * quantizedBytesPerParam(baseDtype, h, qs) +
                                       layerRest * bytesPerElement(restDtype)) /
                                      std::max(1.0, stage.layers);
            // The unit being computed is gathered in full while the next one is prefetched;
            // the largest unit may be the embedding or the head rather than a layer.
            double unit = layerBytes;
            if (stage.embedding)
                unit = std::max(unit, counts.embedding * scale / t * bytesPerElement(restDtype));
            if (stage.head)
                unit = std::max(unit, counts.lm_head * scale / t * bytesPerElement(restDtype));
            out.gatherBuffers = unit + layerBytes;
            if (prof.rootUnitGathered) {
                // FSDP2 does not reshard the root after forward: embedding, final norm and head
                // stay gathered until the end of backward, next to the current and next layer.
                double root = 0;
                if (stage.embedding)
                    root += counts.embedding * scale / t;
                if (stage.head)
                    root += (counts.lm_head + counts.final_norm) * scale / t;
                out.rootGathered = root * bytesPerElement(restDtype) * (1.0 - 1.0 / S);
                out.gatherBuffers = 2 * layerBytes;
            }
            if (out.anyTrainable)
                out.unshardedLayerGrad = perLayer * bytesPerElement(gradDtype) *
                                         (trainable / std::max(1.0, stageParams));
        }
        // Autocast casts fp32 weights to 16 bit for every matmul (PyTorch AMP layout). ATen's
        // cached_cast (aten/src/ATen/autocast_mode.cpp) caches the copy only for leaf tensors
        // that require grad: a trainable weight is cast once and its copy lives in the cache
        // until the autocast region ends (after the loss). A frozen weight is cast per op; the
        // copy outlives the op only because autograd saves it for the input's gradient, which
        // a checkpointed layer does not (it saves its input only). So with full checkpointing
        // the forward ends with the trainable copies alone and the backward starts with none:
        // the layer being recomputed casts its weights again. The output head is cast in the
        // loss forward and kept until its backward (tied or not: the lookup is not cast).
        if (training && weightDtype == Dtype::Fp32 && bytesPerElement(actDtype) == 2) {
            const bool checkpointed = tr.checkpointing == Checkpointing::Full;
            // Under ZeRO-3/FSDP the weights a layer computes with are views into the gathered
            // flat parameter, not leaves: nothing is cached, every copy is per op. (With FSDP's
            // MixedPrecision the gathered unit is 16-bit already and nothing is cast: that is
            // memplan's 16-bit-weights recipe, which never gets here.)
            const bool leafWeights = !(par.sharding == Sharding::Zero3 && S > 1);
            const double trainedCopies = leafWeights ? std::min(trainedLinear, linear) * 2 : 0;
            // Frozen layers below a freeze cut save nothing when no gradient flows through
            // them (an untied embedding is frozen too), so their per-op copies die at once.
            const bool gradientReachesBottom = m.tied_embeddings && m.lm_head;
            const double savingLayers = tr.method == Method::Freeze && !gradientReachesBottom
                                            ? stage.layers - out.frozenLayers
                                            : stage.layers;
            const double savedCopies =
                stage.layers > 0 ? linear * 2 * savingLayers / stage.layers : 0;
            // save_on_cpu (activation_offload) moves the saved copies to the host too.
            out.castCopies = checkpointed || tr.activation_offload ? 0 : savedCopies;
            out.castCopiesForward = checkpointed ? trainedCopies : savedCopies;
            out.castCopyLayer = checkpointed ? linear * 2 / std::max(1.0, stage.layers) : 0;
            const bool headTrains = tr.method == Method::Full || tr.method == Method::Galore ||
                                    tr.method == Method::Freeze;
            if (stage.head && plan.model.lm_head && headTrains)
                out.headCastCopy = static_cast<double>(plan.model.vocab) *
                                   static_cast<double>(plan.model.hidden) * scale / t * 2;
        }
        // bitsandbytes dequantizes a 4-bit weight to the compute dtype for the matmul
        // (bitsandbytes/autograd/_functions.py MatMul4Bit: dequantize_4bit then linear); the
        // largest matrix sets the transient.
        if (quantBase && baseDtype == Dtype::Nf4 && stage.layers > 0) {
            const double q = static_cast<double>(m.heads * m.head_dim);
            const double f = static_cast<double>(m.ffn);
            const double qOut = m.attention_output_gate ? 2 * q : q;
            // A fused qkv projection (LitGPT) is one 4-bit matrix of q + 2 kv outputs.
            const double attnOut =
                prof.fusedQkv ? qOut + 2.0 * static_cast<double>(m.kv_heads * m.head_dim) : qOut;
            double largest =
                std::max({attnOut * h, f * h, countLinearAttentionParameters(m).inProjQkvz}) / t;
            if (quantHead > 0)
                largest = std::max(largest, quantHead);
            out.dequantTransient = largest * 2;
            // dequantize_4bit returns the dtype the weight was quantized from (bitsandbytes
            // functional.py:908 at 57cfbcb, cast at autograd/_functions.py:516); a weight
            // quantized from fp16 and multiplied in bf16 is cast once more, both copies alive
            // for the matmul (profile kbitQuantizedFromFp16).
            if (prof.kbitQuantizedFromFp16 && actDtype == Dtype::Bf16)
                out.dequantCastCopy = largest * 2;
        }
    }
    if (!out.anyTrainable)
        return out;

    // --- Gradients.
    // Megatron accumulates into an fp32 main_grad buffer (profile fp32GradBuffer).
    const double gradBytes = tr.method == Method::Lora || tr.method == Method::Qlora ? adapterWidth
                             : prof.fp32GradBuffer                                   ? 4.0
                                                   : bytesPerElement(gradDtype);
    const ShardDivisors zero2 = shardDivisors(
        m, par, S, par.sharding == Sharding::Zero2 || par.sharding == Sharding::Zero3);
    if (tr.optimizer_in_backward) {
        // The step runs per parameter as its gradient is ready; only one tensor's gradient
        // exists at a time.
        const double largest = std::min(trainable, counts.largest_tensor * scale / t);
        out.gradients.add("one parameter's gradient (optimizer in backward)", largest * gradBytes);
    } else {
        out.gradients.add("gradients",
                          zero2(trainable, trainedExperts + trainedExpertBiases + expertAdapters) *
                              gradBytes);
        out.headGradient = zero2(out.headMatrix, 0) * gradBytes;
    }
    // A tied weight gets two gradients, the head's and the lookup's (embedding_dense_backward
    // builds a whole vocab x hidden one); the autograd engine sums them in its input buffer
    // before AccumulateGrad, in place into the first to arrive (the head's) only when the
    // buffer holds the last reference to it (torch/csrc/autograd/input_buffer.cpp,
    // can_accumulate_inplace). Straight from the linear's backward the head's gradient is a
    // transposed view of the mm result, whose base keeps the storage: the sum is made out of
    // place, three vocab x hidden tensors. Under autocast it arrives as a fresh fp32 tensor
    // (the cast copy's backward), and under a chunked loss as the chunks' fresh sum: the lookup
    // gradient is added into it, two tensors. Seen on the H200 at the end of the backward
    // pass of tied plans: fp32 and bf16-pure standard loss three, autocast or chunked two.
    // freeze trains the head, so a tied embedding trains with it
    const bool embeddingTrains =
        tr.method == Method::Full || tr.method == Method::Galore || tr.method == Method::Freeze;
    if (plan.model.tied_embeddings && plan.model.lm_head && embeddingTrains && stage.embedding &&
        !tr.optimizer_in_backward) {
        const bool headGradientFresh = out.headCastCopy > 0 || tr.loss == Loss::Chunked;
        out.tiedEmbeddingTensor = static_cast<double>(plan.model.vocab) *
                                  static_cast<double>(plan.model.hidden) * scale / t * gradBytes;
        out.tiedEmbeddingGrad = (headGradientFresh ? 1 : 2) * out.tiedEmbeddingTensor;
    }

    // --- Optimizer states (master weights included).
    const ShardDivisors zero1 = shardDivisors(m, par, S, par.sharding != Sharding::None);
    const bool adapters = tr.method == Method::Lora || tr.method == Method::Qlora;
    const double stateBytes = adapters ? adapterWidth : bytesPerElement(stateDtype);
    const double masterBytes = adapters ? 0.0 : bytesPerElement(masterDtype);
    const double T = zero1(trainable, trainedExperts + trainedExpertBiases + expertAdapters);
    const double Tlin = zero1(trainedLinear, trainedExperts);
    const double Tother = T - Tlin;
    ComponentBreakdown opt;
    opt.add("master weights (fp32)", T * masterBytes);
    const bool galore = tr.method == Method::Galore && Tlin > 0;
    const double linShare = trainedLinear > 0 && linear > 0 ? trainedLinear / linear : 0;
    auto momentBytes = [&](double states, double perState) {
        // Moments of the layer matrices (projected under GaLore) and of everything else.
        double lin = Tlin * states * perState;
        if (galore)
            lin = zero1(mats.galoreStates, expertMats.galoreStates) * matScale * linShare * states *
                  perState;
        return lin + Tother * states * perState;
    };
    switch (tr.optimizer) {
    case Optimizer::AdamW:
        opt.add("Adam moments (m, v)", momentBytes(2, stateBytes));
        break;
    case Optimizer::AdamW8bit: {
        const double perState = 1.0 + 4.0 / k8bitBlock;
        const double small = (layerRest + (stage.head ? counts.final_norm * scale : 0)) *
                             (trainable / std::max(1.0, stageParams)) / zero1.dense;
        opt.add("8-bit Adam moments (+ block constants)",
                momentBytes(2, perState) - small * 2 * perState);
        opt.add("32-bit moments of small tensors", small * 2 * 4);
        break;
    }
    case Optimizer::Adafactor: {
        // Factored second moment for every 2-D tensor (Shazeer & Stern 2018): rows + cols
        // values, the embedding and an untied head included (transformers' _get_options and
        // torch.optim.Adafactor both factor any tensor of two or more dimensions). No first
        // moment (the Hugging Face default beta1=None); vectors keep a full second moment.
        const double factored = zero1(mats.factored, expertMats.factored) * linShare * 4;
        const double endMatrices = std::min(Tother, trainedEndMatrices / zero1.dense);
        const double endFactored =
            trainedEndMatrices > 0 ? trainedEndFactored / zero1.dense * 4 : 0;
        const double vectors = (Tother - endMatrices) * 4;
        opt.add("Adafactor factored second moment", factored + endFactored + vectors);
        break;
    }
    case Optimizer::Sgd:
        break;
    case Optimizer::SgdMomentum:
        opt.add("momentum buffer", momentBytes(1, stateBytes));
        break;
    case Optimizer::Lion:
        opt.add("Lion momentum", momentBytes(1, stateBytes));
        break;
    }
    if (galore)
        opt.add("GaLore projection matrices", zero1(mats.galoreProj, expertMats.galoreProj) *
                                                  matScale * linShare *
                                                  bytesPerElement(weightDtype));

    const bool offloadOptimizer = par.offload != Offload::None;
    if (offloadOptimizer) {
        out.host += opt.bytes + T * 4; // CPU Adam also keeps an fp32 copy of the gradients
    } else if (tr.paged_optimizer) {
        // bitsandbytes paged optimizers allocate their states with cudaMallocManaged
        // (csrc/pythonInterface.cpp:559): outside PyTorch's allocator, on the device while
        // there is room.
        out.pagedStates = opt.bytes;
    } else {
        out.optimizer = opt;
    }
    // FSDP CPU offload (FSDP1 CPUOffload(offload_params=True), FSDP2 CPUOffloadPolicy) copies
    // each sharded gradient to the host as soon as it is reduced: only the unit being reduced
    // has device gradients (torch/distributed/fsdp/_fully_shard/_fsdp_api.py CPUOffloadPolicy).
    if (offloadParams && (prof.id == Framework::Fsdp1 || prof.id == Framework::Fsdp2) &&
        !tr.optimizer_in_backward) {
        out.host += out.gradients.bytes;
        out.gradients = ComponentBreakdown{};
    }

    // --- Transients of the step and of gradient communication.
    if (!offloadOptimizer) {
        if (masterBytes > 0) {
            // Frameworks that keep fp32 master weights (DeepSpeed, Megatron) step with a fused
            // optimizer; the gradient (partition) is converted to fp32 for the update.
            out.optimizerTemporaries = T * 4;
        } else {
            const double largest = std::min(T, counts.largest_tensor * scale / t);
            switch (tr.optimizer) {
            case Optimizer::AdamW:
            case Optimizer::Lion:
                // The foreach implementation builds one state-sized temporary over all
                // parameters (sqrt of the second moment, or Lion's interpolated update); a
                // per-parameter loop builds it one tensor at a time; fused kernels need none.
                if (tr.optimizer_impl == OptimizerImpl::Foreach)
                    out.optimizerTemporaries = T * stateBytes;
                else if (tr.optimizer_impl == OptimizerImpl::Loop)
                    // (exp_avg_sq.sqrt() / bias_correction2_sqrt): the square root and the
                    // quotient coexist, for the largest tensor (torch/optim/adamw.py,
                    // _single_tensor_adamw).
                    out.optimizerTemporaries =
                        (tr.optimizer == Optimizer::AdamW ? 2 : 1) * largest * stateBytes;
                break;
            case Optimizer::Adafactor:
                if (prof.hfAdafactor) {
                    // transformers' Adafactor.step, one parameter at a time: for a 16-bit
                    // parameter grad.float() and p.float() (two fp32 copies), then
                    // update = grad**2 + eps next to the factored estimate row x col it is
                    // replaced by, all fp32: 16 bytes per element of the largest tensor; an
                    // fp32 parameter steps in place, leaving the two update tensors (8 bytes).
                    out.optimizerTemporaries =
                        largest * (bytesPerElement(weightDtype) < 4 ? 16.0 : 8.0);
                    break;
                }
                // torch/optim/_adafactor.py: the foreach step builds every matrix's full-size
                // variance estimate (row_var @ col_var) at once, in the state dtype, and turns
                // it into the update in place; the per-parameter loop builds one at a time
                // next to the squared gradient. Measured on an H200 (tests/data/measured/
                // cuda-h200): the foreach step adds one parameter-sized tensor to the peak.
                if (tr.optimizer_impl == OptimizerImpl::Foreach)
                    out.optimizerTemporaries = T * stateBytes;
                else if (tr.optimizer_impl == OptimizerImpl::Loop)
                    out.optimizerTemporaries = 2 * largest * stateBytes;
                break;
            default:
                break;
            }
        }
        if (tr.optimizer_in_backward && !(prof.hfAdafactor && tr.optimizer == Optimizer::Adafactor))
            out.optimizerTemporaries = std::min(out.optimizerTemporaries,
                                                std::min(T, counts.largest_tensor * scale / t) * 8);
    }
    if (par.sharding == Sharding::None && dp > 1 && !tr.optimizer_in_backward) {
        // DDP's reducer keeps its own bucket copy of every gradient unless
        // gradient_as_bucket_view=True (PyTorch DistributedDataParallel docs); Megatron's
        // gradients are views into its contiguous grad buffer, so no second copy.
        if (!prof.fp32GradBuffer) {
            out.gradReduceBuffers = trainable * gradBytes;
            ev.note(Note::DdpGradientBuckets);
        }
    } else if (par.sharding != Sharding::None && S > 1 && !tr.optimizer_in_backward) {
        // The framework's reduce bucket (profile reduceBucketElems; DeepSpeed 5e8 elements;
        // FSDP reduces one unit at a time, counted as unshardedLayerGrad).
        out.gradReduceBuffers = std::min(trainable, prof.reduceBucketElems) * gradBytes;
    }
    return out;
}

} // namespace memplan::detail
