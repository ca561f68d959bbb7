// How a vLLM deployment with expert parallelism moves tokens to their experts, and what that
// holds on one GPU: the transient of one fused-MoE layer's dispatch and combine, and the
// buffers an all-to-all backend allocates once at start-up (docs/memory-model.md, "Mixture of
// experts in vLLM"). Internal to the serving model.
#pragma once

#include "memplan/plan.h"

namespace memplan::detail {

// vLLM's MoE chunk (vllm/envs.py VLLM_MOE_DP_CHUNK_SIZE, default 256): the tokens one
// chunked fused-MoE call dispatches per rank (FusedMoEConfig.max_num_tokens).
inline constexpr double kVllmMoeDpChunk = 256;
// vllm/envs.py VLLM_DEEPEP_BUFFER_SIZE_MB, default 1024: DeepEP's NVLink (and high-throughput
// RDMA) buffer in MiB.
inline constexpr double kVllmDeepEpBufferMiB = 1024;

// Data-parallel ranks of the deployment, gpus / (tp x pp).
double servingDataParallel(const ParallelSpec& par);

// The expert-parallel group vLLM forms: tp x dp GPUs of one pipeline stage, gpus / pp
// (FusedMoEParallelConfig.make flattens tp over dp; a stage's MoE layers span its GPUs).
int64_t servingExpertParallelSize(const ParallelSpec& par);

// All-to-all kernels run only with expert parallelism over several data-parallel ranks
// (vllm/model_executor/layers/fused_moe/config.py FusedMoEParallelConfig.use_all2all_kernels);
// with one engine the MoE output is all-reduced like a tensor-parallel layer.
bool servingUsesAllToAll(const Plan& plan);

// Bytes one GPU holds during one fused-MoE layer's dispatch and combine of `tokens` batched
// tokens (w = activation bytes per element); 0 without all-to-all kernels.
double servingDispatchTransient(const Plan& plan, double tokens, double w);

// Persistent per-layer staging of vLLM's chunked MoE forward (DeepEP low-latency): every MoE
// layer keeps a chunk of hidden states and router logits once it has run.
double servingChunkStaging(const Plan& plan, double w);

// DeepEP's Buffer as vLLM sizes it (all2all.py DeepEPHTAll2AllManager / DeepEPLLAll2AllManager
// _make_all2all_kwargs), allocated outside PyTorch's allocator once per GPU.
struct DeepEpBuffers {
    double nvl = 0;       // cudaMalloc: num_nvl_bytes + barrier signals and peer pointers
    double rdma = 0;      // NVSHMEM symmetric heap: num_rdma_bytes
    double workspace = 0; // cudaMalloc: NUM_WORKSPACE_BYTES
    double total() const { return nvl + rdma + workspace; }
};
DeepEpBuffers deepEpBuffers(const Plan& plan);

// DeepEP's Buffer.get_low_latency_rdma_size_hint (csrc/config.hpp LowLatencyLayout).
double deepEpLowLatencyRdmaBytes(double tokensPerRank, double hidden, double ranks, double experts);

} // namespace memplan::detail
