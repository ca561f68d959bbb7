// vLLM's start-up budget, step by step. Sources are vllm-project/vllm files; the versions
// where a rule changed are named beside it (docs/memory-model.md "Serving" has the table).
#include "memplan/serving.h"

#include "memplan/linear_attention.h"

#include "memplan/activations.h"
#include "memplan/framework.h"
#include "memplan/model_states.h"
#include "memplan/param_count.h"
#include "memplan/recipe.h"
#include "memplan/units.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace memplan::detail {

namespace {

constexpr std::size_t idx(Component c) {
    return static_cast<std::size_t>(c);
}

double cdiv(double a, double b) {
    return std::ceil(a / b - 1e-12);
}

// The dtype activations (and an "auto" KV cache) use: the recipe's activation dtype, or
// 16 bit when the recipe quantizes (int8/int4 checkpoints compute in 16 bit).
double activationBytes(const TrainingSpec& t) {
    const double w =
        bytesPerElement(effectiveTable(t)[static_cast<std::size_t>(TensorClass::Activations)]);
    return w < 2 ? 2.0 : w;
}

bool containsA100(const std::string& s) {
    std::string lower;
    for (char c : s)
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower.find("a100") != std::string::npos;
}

// The fraction of the model's routed expert matrices one GPU of the deployment holds. vLLM
// splits the fused-MoE layers over every GPU, tp x data-parallel (vllm/model_executor/layers/
// fused_moe/config.py FusedMoEParallelConfig.make, flatten_tp_across_dp_and_pcp): without
// expert parallelism each expert's intermediate dimension is split that many ways
// (FusedMoEConfig: intermediate_size // tp_size); with it each GPU holds whole experts,
// experts / ep of them, the first experts mod ep GPUs one more
// (vllm/model_executor/layers/fused_moe/layer.py determine_expert_map). The fullest GPU counts.
double servingExpertShare(const ModelSpec& m, const ParallelSpec& par) {
    const double E = static_cast<double>(m.experts);
    if (m.experts < 2)
        return 0;
    if (par.ep > 1)
        return std::ceil(E / static_cast<double>(par.ep)) / E;
    return 1.0 / static_cast<double>(std::max<int64_t>(1, par.gpus));
}

// Dispatch and combine of one fused-MoE layer under expert parallelism with data-parallel
// engines (vLLM uses all-to-all kernels only then: FusedMoEParallelConfig.use_all2all_kernels).
// The default backend (vllm/config/parallel.py all2all_backend "allgather_reducescatter";
// vllm/distributed/device_communicators/all2all.py AgRsAll2AllManager) all-gathers every
// data-parallel rank's hidden states with their top-k weights (fp32) and ids (int32), and
// reduce-scatters the experts' output of the same gathered size.
double servingAllToAll(const Plan& plan, double tokens, double w) {
    const ParallelSpec& par = plan.parallelism;
    const double dp = static_cast<double>(par.gpus / std::max<int64_t>(1, par.tp));
    if (plan.model.experts < 2 || par.ep <= 1 || dp <= 1)
        return 0;
    const double gathered = dp * tokens;
    const double h = static_cast<double>(plan.model.hidden);
    const double k = static_cast<double>(plan.model.experts_per_token);
    return gathered * (2 * h * w + k * (4 + 4));
}

} // namespace

double samplerBytesPerLogit(double modelDtypeBytes, int64_t vocab) {
    // The profile run's sampler (vllm/v1/worker/gpu_model_runner.py _dummy_sampler_run, the V1
    // runner of v0.8 to v0.11) gives every dummy request temperature 0.5, top_p 0.9 and
    // top_k = vocab - 1, so top-k/top-p run as in serving (max_num_logprobs=None skips the
    // logprobs, no_penalties=True the penalties). Live at once, per logit:
    //   - the logits from compute_logits, in the model dtype (held by _dummy_sampler_run);
    //   - their fp32 copy (vllm/v1/sample/sampler.py Sampler.forward: logits.to(float32); no
    //     copy when the model is already fp32); temperature divides it in place;
    //   - the sort of apply_top_k_top_p (vllm/v1/sample/ops/topk_topp_sampler.py, the
    //     PyTorch path taken without FlashInfer sampling): logits.sort() returns fp32 values
    //     and int64 indices. Above 2048 columns PyTorch sorts with CUB
    //     (aten/src/ATen/native/cuda/Sort.cu sort_out_stable_cuda): an int64 arange of the
    //     whole tensor as the input values, and CUB's DeviceSegmentedRadixSort::SortPairs,
    //     which is not allowed to overwrite its input and so takes a third keys buffer and a
    //     third values buffer in its temporary storage (cub/device/dispatch/
    //     dispatch_radix_sort.cuh: "bytes needed for 3rd keys buffer", "... values buffer").
    //     Up to 2048 columns an in-place bitonic sort needs only the values and indices.
    // The masks, probabilities and exponential noise that follow the sort are smaller than
    // the sort's buffers (22 bytes per logit at most after it), so the sort is the peak.
    const double fp32Copy = modelDtypeBytes == 4 ? 0 : 4;
    const double sortOut = 4 + 8;                        // sorted fp32 values + int64 indices
    const double cubSort = vocab > 2048 ? 8 + 4 + 8 : 0; // arange input + 3rd keys + 3rd values
    return modelDtypeBytes + fp32Copy + sortOut + cubSort;
}

ServingSpec resolveServing(const Plan& plan, const GpuPreset* gpu, double capacityBytes) {
    ServingSpec s = plan.training.serving;
    // ModelConfig derives max_model_len from the model's max_position_embeddings when the
    // user gives none (vllm/config/model.py, _get_and_verify_max_len).
    if (s.max_model_len <= 0)
        s.max_model_len = plan.model.max_position;
    // Defaults of `vllm serve` (UsageContext.OPENAI_API_SERVER) in
    // vllm/engine/arg_utils.py EngineArgs.get_batch_defaults (v0.9 and later): 8192 batched
    // tokens and 1024 sequences on GPUs with >= 70 GiB that are not an A100, else 2048 and
    // 256. v0.8 used 2048 / 256 everywhere for the API server.
    const bool big = capacityBytes >= 70.0 * kGiB &&
                     !(gpu && (containsA100(gpu->id) || containsA100(gpu->name)));
    if (s.max_num_batched_tokens <= 0)
        s.max_num_batched_tokens = big ? 8192 : 2048;
    if (s.max_num_seqs <= 0)
        s.max_num_seqs = big ? 1024 : 256;
    return s;
}

double kvBytesPerToken(const ModelSpec& m, int64_t tp, double elementBytes) {
    const KvLayout k = kvLayout(m, tp, elementBytes, 1);
    return k.pagePerLayer * (k.fullLayers + k.slidingLayers); // layers that attend
}

// vllm/model_executor/layers/mamba/mamba_utils.py MambaStateShapeCalculator
// .gated_delta_net_state_shape: the conv state, conv_kernel - 1 columns of conv_dim / tp in the
// model dtype, and the temporal state, value_heads / tp x key_head_dim x value_head_dim in the
// ssm state dtype (mamba_ssm_dtype: float32 when the config says so, else the model dtype);
// MambaSpec.page_size_bytes sums the two.
double servingStatePage(const ModelSpec& m, int64_t tp, double modelDtypeBytes) {
    if (!hasLinearAttention(m))
        return 0;
    const LinearAttentionSpec& la = m.linear_attention;
    const LinearAttentionWidths lw = linearAttentionWidths(m);
    const double t = static_cast<double>(tp);
    const double ssmBytes = la.ssm_state_fp32 ? 4.0 : modelDtypeBytes;
    return static_cast<double>(la.conv_kernel - 1) * std::floor(lw.convDim / t) * modelDtypeBytes +
           std::floor(lw.valueHeads / t) *
               static_cast<double>(la.key_head_dim * la.value_head_dim) * ssmBytes;
}

// vllm/model_executor/models/config.py HybridAttentionMambaModelConfig.verify_and_update_config:
// every KV cache group shares one page size, so the attention block grows to the smallest
// multiple of the kernel's block alignment (16 tokens) whose page holds a state page:
// block = 16 x cdiv(state page, 16 x attention bytes per token); the state page is then padded
// to the attention page (mamba_page_size_padded).
double hybridAttentionBlockSize(double statePage, double attentionBytesPerToken) {
    constexpr double kAlignment = 16;
    if (statePage <= 0 || attentionBytesPerToken <= 0)
        return 0;
    return kAlignment * std::ceil(statePage / (kAlignment * attentionBytesPerToken));
}

KvLayout kvLayout(const ModelSpec& m, int64_t tp, double elementBytes, double blockSize) {
    KvLayout k;
    const double L = static_cast<double>(m.layers);
    if (m.kv_lora_rank > 0) {
        // MLA keeps one latent vector (kv_lora_rank) and the decoupled RoPE key
        // (qk_rope_head_dim) per token and layer, not K and V per head, and every TP rank
        // holds all of it (vllm/v1/kv_cache_interface.py MLAAttentionSpec: one "head" of
        // head_size kv_lora_rank + qk_rope_head_dim; ModelConfig.get_num_kv_heads returns 1
        // for MLA).
        k.pagePerLayer =
            blockSize * static_cast<double>(m.kv_lora_rank + m.qk_rope_head_dim) * elementBytes;
    } else {
        // AttentionSpec.page_size_bytes = 2 (K and V) x block_size x num_kv_heads x head_size
        // x dtype size (vllm/v1/kv_cache_interface.py). TP gives each rank kv_heads / tp heads,
        // at least one: ranks replicate a head when tp > kv_heads (vllm/config/model.py
        // ModelConfig.get_num_kv_heads: max(1, total_num_kv_heads // tp)).
        const double heads = std::max<double>(
            1, std::floor(static_cast<double>(m.kv_heads) / static_cast<double>(tp)));
        k.pagePerLayer = 2 * blockSize * heads * static_cast<double>(m.head_dim) * elementBytes;
    }
    // Sliding-window layers: every layer when no pattern is given (Mistral 7B v0.1), else
    // all but every pattern-th layer (transformers Gemma 2/3: is_sliding = (i + 1) % pattern).
    if (hasLinearAttention(m)) {
        // A hybrid's linear-attention layers keep a state page, not tokens (MambaSpec).
        k.fullLayers = fullAttentionLayerCount(m);
        k.stateLayers = L - k.fullLayers;
    } else if (m.sliding_window > 0) {
        k.window = static_cast<double>(m.sliding_window);
        k.fullLayers = m.sliding_window_pattern > 0
                           ? std::floor(L / static_cast<double>(m.sliding_window_pattern))
                           : 0;
        k.slidingLayers = L - k.fullLayers;
    } else {
        k.fullLayers = L;
    }
    // KV cache groups (vllm/v1/core/kv_cache_utils.py _get_kv_cache_groups_uniform_page_size):
    // one group when all layers are of one kind; otherwise the group size is the smaller
    // layer count (the larger one when they differ by less than 25%), and each kind is split
    // into groups of that size, padding the last. All groups draw blocks from one pool.
    const double other = k.slidingLayers + k.stateLayers; // one of the two is 0
    if (k.fullLayers == 0 || other == 0) {
        k.groupSize = L;
        k.fullGroups = k.fullLayers > 0 ? 1 : 0;
        k.slidingGroups = k.slidingLayers > 0 ? 1 : 0;
        k.stateGroups = k.stateLayers > 0 ? 1 : 0;
    } else {
        const double lo = std::min(k.fullLayers, other);
        const double hi = std::max(k.fullLayers, other);
        k.groupSize = hi / lo < 1.25 ? hi : lo;
        k.fullGroups = cdiv(k.fullLayers, k.groupSize);
        k.slidingGroups = cdiv(k.slidingLayers, k.groupSize);
        k.stateGroups = cdiv(k.stateLayers, k.groupSize);
    }
    return k;
}

double KvLayout::blocksFor(double len, double blockSize, double batchedTokens) const {
    // FullAttentionSpec.max_memory_usage_bytes: cdiv(max_model_len, block_size) pages.
    // SlidingWindowSpec: cdiv(min(sliding_window - 1 + max_num_batched_tokens, max_model_len),
    // block_size) + 1 pages (the +1: the window may straddle a page boundary).
    // vllm/v1/kv_cache_interface.py; get_max_concurrency_for_kv_cache_config sums the groups.
    double blocks = fullGroups * cdiv(len, blockSize);
    if (slidingGroups > 0)
        blocks += slidingGroups * (cdiv(std::min(window - 1 + batchedTokens, len), blockSize) + 1);
    // MambaSpec.max_memory_usage_bytes without prefix caching (mamba_cache_mode "none"): one
    // page per sequence and group, whatever its length.
    blocks += stateGroups;
    return blocks;
}

ServingFigures servingBudget(const Plan& plan, const ServingSpec& spec, double capacityBytes,
                             Evaluation& notes) {
    const ModelSpec& m = plan.model;
    ServingFigures f;
    f.present = true;
    f.max_model_len = spec.max_model_len;
    f.max_num_seqs = spec.max_num_seqs;
    f.max_num_batched_tokens = spec.max_num_batched_tokens;
    f.block_size = spec.block_size;
    const double tp = static_cast<double>(plan.parallelism.tp);

    // Step 1. Weights, loaded before profiling (Worker.load_model). Any recipe: the
    // checkpoint's storage type (bf16, fp8, int8, int4) as the training recipes define it,
    // split over the tensor-parallel ranks.
    Plan inference = plan;
    inference.training.method = Method::Inference;
    const ParamCounts counts = countParameters(m);
    const double P = m.params ? *m.params : counts.total;
    const double scale = counts.total > 0 ? P / counts.total : 1.0;
    Evaluation scratch;
    StageSlice whole{static_cast<double>(m.layers), true, true, 1};
    whole.expertShare = servingExpertShare(m, plan.parallelism);
    const ModelStates ms =
        modelStates(inference, counts, scale, whole, resolveProfile(inference), scratch);
    f.weights = ms.weights.bytes;
    f.expert_weights = ms.expertWeights;

    // Step 2. The profile run (vllm/v1/worker/gpu_model_runner.py profile_run): a forward
    // over max_num_batched_tokens tokens, then the sampler over min(max_num_seqs,
    // max_num_batched_tokens) rows. torch's peak over it is the activation reserve.
    const double w = activationBytes(plan.training);
    ActivationContext ctx;
    ctx.s = static_cast<double>(spec.max_num_batched_tokens);
    ctx.b = 1;
    ctx.w = w;
    ctx.tp = plan.parallelism.tp;
    ctx.attention = Attention::Flash; // vLLM's attention backends never form the score matrix
    const double forward = layerForwardWorkingSet(m, ctx);
    const double rows =
        static_cast<double>(std::min(spec.max_num_seqs, spec.max_num_batched_tokens));
    const double V = static_cast<double>(m.vocab);
    const double hiddenOut = ctx.s * static_cast<double>(m.hidden) * w;
    // The last token of each dummy request, replaced by torch.rand_like (same shape).
    const double sampleHidden = rows * static_cast<double>(m.hidden) * w;
    const double sampler = m.lm_head ? rows * V * samplerBytesPerLogit(w, m.vocab) : 0;
    const double allToAll = servingAllToAll(plan, ctx.s, w);
    const double samplerPeak = hiddenOut + sampleHidden + sampler;
    f.activation_peak = std::max(forward + allToAll, samplerPeak);
    f.all_to_all = forward + allToAll > samplerPeak ? allToAll : 0;

    // Step 3. Non-torch memory that grows during profiling (NCCL, cuBLAS workspaces). Since
    // vLLM takes its baseline snapshot after the CUDA context and NCCL exist
    // (vllm/v1/worker/gpu_worker.py init_device: MemorySnapshot(), then
    // requested_memory = total_memory x gpu_memory_utilization), only the increase counts,
    // which the logs show as "non_torch_memory"; 0 unless the plan gives it. Up to v0.8
    // (determine_available_memory without a baseline) the whole non-torch use, CUDA context
    // included, came out of the budget.
    f.non_torch = spec.non_torch_gib ? *spec.non_torch_gib * kGiB : 0.0;

    // Step 4. CUDA graphs share one memory pool sized by the largest captured batch:
    // min(2 x max_num_seqs, 512, max_num_batched_tokens) tokens (vllm/config/vllm.py
    // VllmConfig._set_cudagraph_sizes). They are captured after the KV cache is allocated
    // (gpu_worker.py compile_or_warm_up_model), so they come on top of the budget unless
    // VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS=1 (vllm/envs.py, default 0) profiles them first.
    if (!spec.enforce_eager) {
        ActivationContext g = ctx;
        g.s = std::min<double>({2.0 * static_cast<double>(spec.max_num_seqs), 512.0,
                                static_cast<double>(spec.max_num_batched_tokens)});
        f.cuda_graphs = layerForwardWorkingSet(m, g) + g.s * static_cast<double>(m.hidden) * w +
                        servingAllToAll(plan, g.s, w);
    }

    // Step 5. The KV cache's element size: the model's dtype, or one byte for fp8
    // (CacheConfig.cache_dtype; STR_DTYPE_TO_TORCH_DTYPE["fp8"] = uint8).
    f.kv_element_bytes = spec.kv_cache_dtype == KvCacheDtype::Fp8 ? 1.0 : w;
    double bs = static_cast<double>(spec.block_size);
    // A hybrid model: the attention block grows until its page holds one layer's state.
    if (hasLinearAttention(m)) {
        const double perToken =
            kvLayout(m, plan.parallelism.tp, f.kv_element_bytes, 1).pagePerLayer;
        bs = std::max(
            bs, hybridAttentionBlockSize(servingStatePage(m, plan.parallelism.tp, w), perToken));
        f.block_size = static_cast<int64_t>(bs);
    }
    const KvLayout k = kvLayout(m, plan.parallelism.tp, f.kv_element_bytes, bs);
    f.kv_bytes_per_token = k.pagePerLayer / bs * (k.fullLayers + k.slidingLayers);
    f.bytes_per_block = k.pagePerLayer * k.groupSize;
    f.num_groups = k.fullGroups + k.slidingGroups + k.stateGroups;
    const double maxLen = static_cast<double>(spec.max_model_len);
    const double batched = static_cast<double>(spec.max_num_batched_tokens);
    f.blocks_per_sequence = k.blocksFor(maxLen, bs, batched);
    (void)tp;

    if (capacityBytes <= 0) {
        notes.note(Note::ServingNoCapacity);
        return f;
    }
    f.budget_known = true;
    // Step 6. available KV memory = requested - (weights + activation peak + non-torch
    // increase [+ CUDA graphs when estimated]) (gpu_worker.py determine_available_memory).
    f.requested = spec.gpu_memory_utilization * capacityBytes;
    f.kv_available = f.requested - f.weights - f.activation_peak - f.non_torch -
                     (spec.cuda_graphs_in_budget ? f.cuda_graphs : 0);
    // Step 7. Blocks: available // page_size // layers per group (kv_cache_utils.py
    // get_num_blocks); each group's layers get one tensor of num_blocks pages.
    f.num_blocks = f.kv_available > 0 ? std::floor(f.kv_available / f.bytes_per_block) : 0;
    f.kv_bytes = f.num_blocks * f.bytes_per_block;
    // Step 8. "Maximum concurrency for N tokens per request: X" = num_blocks / blocks one
    // max_model_len request needs (get_max_concurrency_for_kv_cache_config), and "GPU KV cache
    // size: T tokens" = int(X x max_model_len) (get_kv_cache_capacity; up to v0.10 it printed
    // num_blocks x block_size, the same number for full attention and page-aligned lengths).
    f.max_concurrent_sequences = f.num_blocks / f.blocks_per_sequence;
    f.kv_cache_tokens = std::floor(f.max_concurrent_sequences * maxLen);
    f.fits_one_sequence = f.num_blocks >= f.blocks_per_sequence;
    if (!f.fits_one_sequence)
        notes.note(Note::ServingOneSequenceTooBig);
    // Step 9. The longest max_model_len whose one request fits (estimate_max_model_len in
    // kv_cache_utils.py searches the same way), capped at the model's context length.
    double lo = 0, hi = static_cast<double>(std::max(m.max_position, spec.max_model_len));
    if (k.blocksFor(hi, bs, batched) <= f.num_blocks) {
        lo = hi;
    } else {
        while (hi - lo > 1) {
            const double mid = std::floor((lo + hi) / 2);
            if (k.blocksFor(mid, bs, batched) <= f.num_blocks)
                lo = mid;
            else
                hi = mid;
        }
    }
    f.longest_single_sequence = std::min(lo, static_cast<double>(m.max_position));
    return f;
}

void servingMoments(const Plan& plan, const GpuPreset* gpu, double capacityBytes, Evaluation& ev) {
    const ServingSpec spec = resolveServing(plan, gpu, capacityBytes);
    const ServingFigures f = servingBudget(plan, spec, capacityBytes, ev);
    ev.serving = f;
    Moment& profile = ev.moments[ev.moment_count++];
    profile = Moment{};
    profile.label = "profile run";
    profile.phase = Phase::Prefill;
    profile.resident[idx(Component::Weights)].add("weights", f.weights - f.expert_weights);
    profile.resident[idx(Component::Weights)].add("routed expert weights", f.expert_weights);
    profile.resident[idx(Component::Activations)].add("profile-run activation peak",
                                                      f.activation_peak - f.all_to_all);
    profile.resident[idx(Component::Activations)].add("expert all-to-all buffers", f.all_to_all);
    profile.resident[idx(Component::Other)].add("non-torch memory (profiling increase)",
                                                f.non_torch);

    Moment& ready = ev.moments[ev.moment_count++];
    ready = Moment{};
    ready.label = "engine ready";
    ready.phase = Phase::Serving;
    ready.resident[idx(Component::Weights)].add("weights", f.weights - f.expert_weights);
    ready.resident[idx(Component::Weights)].add("routed expert weights", f.expert_weights);
    // The activation reserve stays in the caching allocator after profiling; vLLM's budget
    // keeps it free for the largest batch.
    ready.resident[idx(Component::Activations)].add("activation reserve (profile-run peak)",
                                                    f.activation_peak);
    auto& other = ready.resident[idx(Component::Other)];
    other.add("KV cache", f.kv_bytes);
    other.add("CUDA graphs", f.cuda_graphs);
    other.add("non-torch memory (profiling increase)", f.non_torch);
}

} // namespace memplan::detail
