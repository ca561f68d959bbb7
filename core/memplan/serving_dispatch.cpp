// Expert-parallel dispatch in vLLM. vLLM sources are vllm-project/vllm files; DeepEP sources are
// deepseek-ai/DeepEP at tag v1.2.1 (9af0e0d), the Buffer API vLLM's DeepEP managers call.
#include "memplan/serving_dispatch.h"

#include <algorithm>
#include <cmath>

namespace memplan::detail {

namespace {
constexpr double kMiB = 1024.0 * 1024.0;
// csrc/kernels/configs.cuh:3 NUM_MAX_NVL_PEERS: the ranks one DeepEP buffer reaches over
// NVLink; a larger group runs the internode kernels.
constexpr double kDeepEpNvlPeers = 8;
// csrc/kernels/configs.cuh:5 NUM_WORKSPACE_BYTES, cudaMalloc'd by every Buffer
// (csrc/deep_ep.cpp:62).
constexpr double kDeepEpWorkspace = 32 * kMiB;
// csrc/kernels/configs.cuh:7 NUM_BUFFER_ALIGNMENT_BYTES.
constexpr double kDeepEpAlignment = 128;

double alignUp(double x, double a) {
    return std::ceil(x / a) * a;
}

All2AllBackend backendOf(const Plan& plan) {
    return plan.training.serving.all2all_backend;
}
} // namespace

double servingDataParallel(const ParallelSpec& par) {
    return static_cast<double>(
        std::max<int64_t>(1, par.gpus / std::max<int64_t>(1, par.tp * par.pp)));
}

int64_t servingExpertParallelSize(const ParallelSpec& par) {
    return std::max<int64_t>(1, par.gpus / std::max<int64_t>(1, par.pp));
}

bool servingUsesAllToAll(const Plan& plan) {
    return plan.model.experts > 1 && plan.parallelism.ep > 1 &&
           servingDataParallel(plan.parallelism) > 1;
}

double servingDispatchTransient(const Plan& plan, double tokens, double w) {
    if (!servingUsesAllToAll(plan))
        return 0;
    const double dp = servingDataParallel(plan.parallelism);
    const double h = static_cast<double>(plan.model.hidden);
    const double k = static_cast<double>(plan.model.experts_per_token);
    const double E = static_cast<double>(plan.model.experts);
    switch (backendOf(plan)) {
    case All2AllBackend::AllgatherReducescatter:
        // vllm/distributed/device_communicators/all2all.py AgRsAll2AllManager: dispatch
        // all-gathers every data-parallel rank's hidden states with their top-k weights (fp32)
        // and ids (int32); combine reduce-scatters the experts' output of the same gathered size.
        return dp * tokens * (2 * h * w + k * (4 + 4));
    case All2AllBackend::DeepepHighThroughput:
        // Buffer::intranode_dispatch / internode_dispatch (csrc/deep_ep.cpp:472, :483-484) return
        // recv_x of the received tokens with their top-k ids (int64) and weights (fp32). A token
        // goes to a rank once however many of its experts that rank holds (is_token_in_rank), so
        // a GPU receives at most every data-parallel rank's batch. Combine returns this rank's
        // own tokens (combined_x, csrc/deep_ep.cpp:1023). Not chunked (FusedMoE.use_dp_chunking).
        return dp * tokens * (h * w + k * (8 + 4)) + tokens * h * w;
    case All2AllBackend::DeepepLowLatency: {
        // Chunked by VLLM_MOE_DP_CHUNK_SIZE tokens (FusedMoE.use_dp_chunking). Buffer::
        // low_latency_dispatch (csrc/deep_ep.cpp:1140-1142) returns packed_recv_x, bf16, of
        // experts / ep local experts x ep ranks x the chunk, and an int32 source index per row;
        // combine returns the chunk's hidden states.
        const double chunk = std::min(tokens, kVllmMoeDpChunk);
        return E * kVllmMoeDpChunk * (h * 2 + 4) + chunk * h * w;
    }
    }
    return 0;
}

double servingChunkStaging(const Plan& plan, double w) {
    if (!servingUsesAllToAll(plan) || backendOf(plan) != All2AllBackend::DeepepLowLatency)
        return 0;
    // FusedMoE.ensure_dp_chunking_init: every MoE layer allocates batched_hidden_states
    // (chunk x hidden) and batched_router_logits (chunk x experts) in the model dtype, kept
    // for the engine's life.
    const ModelSpec& m = plan.model;
    const double moeLayers = static_cast<double>(m.layers - m.dense_layers);
    return moeLayers * kVllmMoeDpChunk * static_cast<double>(m.hidden + m.experts) * w;
}

double deepEpLowLatencyRdmaBytes(double tokensPerRank, double hidden, double ranks,
                                 double experts) {
    (void)ranks; // the layout depends on the experts, not the ranks
    // csrc/config.hpp:129-182 LowLatencyLayout: odd/even send, receive and signalling buffers.
    const double scales = std::floor(hidden / 128);
    const double dispatchMsg = 16 + std::max(hidden * 2, hidden + scales * 4); // int4 + bf16|fp8
    const double combineMsg = scales * 4 + hidden * 2; // bf162 min/max per 128 + bf16
    const double send = std::max(tokensPerRank * dispatchMsg, experts * tokensPerRank * combineMsg);
    const double recv = experts * tokensPerRank * std::max(dispatchMsg, combineMsg);
    const double signalling = alignUp(experts * 4, 128);
    const double total = 2 * send + 2 * recv + 2 * signalling;
    // csrc/config.hpp:185-188: rounded up past the next 128-byte boundary.
    return (std::floor((total + kDeepEpAlignment) / kDeepEpAlignment)) * kDeepEpAlignment;
}

DeepEpBuffers deepEpBuffers(const Plan& plan) {
    DeepEpBuffers b;
    const All2AllBackend backend = backendOf(plan);
    if (!servingUsesAllToAll(plan) || backend == All2AllBackend::AllgatherReducescatter)
        return b;
    const double ranks = static_cast<double>(servingExpertParallelSize(plan.parallelism));
    // Both managers pass num_nvl_bytes = VLLM_DEEPEP_BUFFER_SIZE_MB MiB; Buffer's constructor
    // cudaMallocs it with NUM_MAX_NVL_PEERS barrier signals (int) and two tables of peer
    // pointers (csrc/deep_ep.cpp:22-24, :49).
    b.nvl = kVllmDeepEpBufferMiB * kMiB + kDeepEpNvlPeers * (4 + 8 + 8);
    b.workspace = kDeepEpWorkspace;
    if (backend == All2AllBackend::DeepepHighThroughput) {
        // DeepEPHTAll2AllManager: num_rdma_bytes = the same MiB between nodes, 0 within one.
        // memplan takes a group of up to NUM_MAX_NVL_PEERS GPUs to be one node.
        b.rdma = ranks > kDeepEpNvlPeers ? kVllmDeepEpBufferMiB * kMiB : 0;
    } else {
        // DeepEPLLAll2AllManager: num_rdma_bytes = get_low_latency_rdma_size_hint(
        // max_num_tokens_per_dp_rank = FusedMoEConfig.max_num_tokens, hidden, ep, experts),
        // allocated on the NVSHMEM symmetric heap (csrc/deep_ep.cpp:227).
        b.rdma = deepEpLowLatencyRdmaBytes(kVllmMoeDpChunk, static_cast<double>(plan.model.hidden),
                                           ranks, static_cast<double>(plan.model.experts));
    }
    return b;
}

} // namespace memplan::detail
