// What the serving and post-training models add to an Evaluation: the vLLM budget's
// figures, and one share per model. Plain fixed-size structs (no allocation).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace memplan {

// vLLM's budget, step by step (serving.cpp names the vLLM source of each step).
struct ServingFigures {
    bool present = false;
    bool budget_known = false;     // false without a GPU capacity
    double requested = 0;          // gpu_memory_utilization x capacity
    double weights = 0;            // per GPU
    double expert_weights = 0;     // of weights: the routed experts this GPU holds
    double all_to_all = 0;         // of activation_peak: expert-parallel dispatch and combine
    double activation_peak = 0;    // profile run: forward over max_num_batched_tokens + sampler
    double non_torch = 0;          // non-torch increase during profiling
    double cuda_graphs = 0;        // CUDA-graph memory pool
    double kv_available = 0;       // what the budget leaves for the KV cache (may be < 0)
    double kv_bytes = 0;           // allocated: num_blocks x bytes per block
    double bytes_per_block = 0;    // one block across the layers of one group
    double kv_bytes_per_token = 0; // all layers on this GPU, at a full context
    double num_blocks = 0;
    double num_groups = 1; // KV cache groups (hybrid sliding-window models)
    double blocks_per_sequence = 0;
    double kv_cache_tokens = 0;
    double max_concurrent_sequences = 0; // at max_model_len
    double longest_single_sequence = 0;
    int64_t max_model_len = 0, max_num_seqs = 0, max_num_batched_tokens = 0, block_size = 16;
    double kv_element_bytes = 2;
    bool fits_one_sequence = false;
};

// Which job a model does in a multi-model plan.
enum class ModelRole { Policy, Reference, Critic, Reward, Rollout, Count };

// One model's memory on one GPU at the plan's peak moment (bytes per Component index),
// and where it lives.
struct ModelShare {
    ModelRole role = ModelRole::Policy;
    bool colocated = true; // on the policy's GPUs; false = GPUs of its own (not in per_gpu)
    bool offloaded = false;
    std::array<double, 6> bytes{}; // Weights .. RuntimeOverhead
    double total() const {
        double s = 0;
        for (double b : bytes)
            s += b;
        return s;
    }
};

struct ModelFigures {
    static constexpr std::size_t kMax = 5;
    std::array<ModelShare, kMax> models{};
    std::size_t count = 0;
    ServingFigures rollout; // GRPO's generation engine, when there is one
};

} // namespace memplan
