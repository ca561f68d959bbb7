// Plan parts for the workloads beyond one training step: serving with vLLM
// (training.method "serving") and post-training with several models (dpo, ppo, grpo).
// Plain structs with documented defaults; docs/plan-format.md lists every key.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace memplan {

struct ModelSpec; // plan.h

enum class KvCacheDtype { Auto, Fp8 }; // auto = the model's activation dtype

// vLLM's --all2all-backend (vllm/config/parallel.py ParallelConfig.all2all_backend): how an
// expert-parallel deployment with several data-parallel ranks moves tokens to their experts.
// The backends whose memory memplan models (serving_dispatch.h).
enum class All2AllBackend { AllgatherReducescatter, DeepepHighThroughput, DeepepLowLatency };

// vLLM's engine arguments that set its memory budget. 0 = vLLM's default (resolved by
// serving.cpp, which cites the vLLM source of each default).
struct ServingSpec {
    double gpu_memory_utilization = 0.9; // vllm/config CacheConfig default
    int64_t max_model_len = 0;           // 0 = the model's max_position
    int64_t max_num_seqs = 0;            // 0 = vLLM's default for the GPU
    int64_t max_num_batched_tokens = 0;  // 0 = vLLM's default for the GPU
    KvCacheDtype kv_cache_dtype = KvCacheDtype::Auto;
    int64_t block_size = 16;             // tokens per KV page
    bool enforce_eager = false;          // true: no CUDA graphs
    bool cuda_graphs_in_budget = false;  // VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS=1
    std::optional<double> non_torch_gib; // what vLLM logs as non_torch_memory
    All2AllBackend all2all_backend = All2AllBackend::AllgatherReducescatter; // vLLM's default
};

// Whether a post-training method keeps a frozen reference model.
enum class ReferenceMode { Model, None, Precomputed };

// The generation engine of an online method (GRPO): vLLM inside the trainer (colocate)
// or on GPUs of its own (server).
struct RolloutSpec {
    double gpu_memory_utilization = 0.3; // TRL GRPOConfig.vllm_gpu_memory_utilization
    bool colocate = true;                // TRL GRPOConfig.vllm_mode = "colocate"
    bool sleep = false;                  // TRL GRPOConfig.vllm_enable_sleep_mode
};

// Where one auxiliary model lives (PPO critic / reward, the reference of any method).
struct ModelPlacement {
    bool colocate = true; // on the policy's GPUs (adds up) or on GPUs of its own
    bool offload = false; // parameters in CPU memory except during its own phase
    std::string preset;   // a different model (e.g. a small reward model); "" = the policy's
    std::shared_ptr<const ModelSpec> model; // the preset's shape, resolved when the plan is read
};

enum class Method; // plan.h

struct RlSpec {
    std::optional<Method> policy;           // full | lora | qlora; unset = full
    std::optional<ReferenceMode> reference; // unset = the method's default
    int64_t num_generations = 8;            // TRL GRPOConfig.num_generations
    int64_t completion_len = 512;           // TRL GRPOConfig.max_completion_length
    RolloutSpec rollout;
    ModelPlacement reference_model, critic, reward;
};

} // namespace memplan
