// "What would make it fit": changes to a plan that does not fit its GPU, each evaluated with
// the memory model and kept only when it fits. Every lever is searched (gradient accumulation,
// chunked loss, recomputation, ZeRO/FSDP sharding, 8-bit optimizer states, tensor parallelism
// over more GPUs, more data-parallel GPUs, quantized weights, CPU offload, a smaller batch;
// for serving also the engine's memory share, an fp8 KV cache and a shorter context),
// and the results are ranked by what the user gives up: first nothing but a little speed with
// the same global batch, last the batch itself. The window, `memplan-cli suggest` and
// `memplan-cli check` show the same list.
#pragma once

#include "memplan/plan.h"
#include "memplan/presets.h"

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace memplan {

// In rank order: what the user gives up grows down the list.
enum class SuggestionKind {
    GradAccum,      // smaller micro-batch, more accumulation steps: same global batch, slower
    ChunkedLoss,    // the loss in chunks: no full-vocabulary logits at once
    Checkpointing,  // recompute activations: about a third more compute
    Sharding,       // ZeRO/FSDP over the data-parallel GPUs: more communication
    Utilization,    // serving: a larger gpu_memory_utilization (less margin for other processes)
    Optimizer8bit,  // 8-bit optimizer states (bitsandbytes): small accuracy risk
    KvCacheFp8,     // serving: the KV cache in fp8, half the bytes per token: small accuracy risk
    TensorParallel, // split each layer over more GPUs (more hardware)
    Gpus,           // more data-parallel GPUs for the sharded states (more hardware)
    Quantization,   // int8/int4 weights, QLoRA: the model's numbers change
    Offload,        // optimizer (and parameters) on the CPU: much slower steps
    MicroBatch,     // a smaller batch: the global batch changes
    ContextLength,  // serving: a shorter max_model_len: long requests are refused
    Combined,       // several of the above together, when no single change fits
    Count
};
std::string_view suggestionKindKey(SuggestionKind k); // "grad_accum", "tensor_parallel", ...

// One plan key that the suggestion changes, in the plan file's spelling.
struct PlanChange {
    std::string path; // "parallelism.tp"
    std::string from; // "1"
    std::string to;   // "2"
};
// The leaf keys in which two plans differ (planToJson order).
std::vector<PlanChange> planChanges(const Plan& from, const Plan& to);

struct Suggestion {
    SuggestionKind kind;
    Plan plan;       // the plan with the change applied
    double headroom; // bytes left on the GPU with the change
    std::vector<PlanChange> changes;
};

// At most one suggestion per kind, best first; empty when the plan fits or no capacity is
// known. The combination is offered only when no single change fits.
std::vector<Suggestion> suggestFixes(const Plan& plan, const GpuPreset* gpu);
std::vector<Suggestion> suggestFixes(const Plan& plan, const PresetLibrary& presets);

// English: "training.micro_batch 8 -> 2, training.grad_accum 1 -> 4".
std::string describeChanges(const std::vector<PlanChange>& changes);
// {"kind": "grad_accum", "headroom": bytes, "changes": [{"path","from","to"}], "plan": {...}}
nlohmann::json suggestionsToJson(const std::vector<Suggestion>& suggestions);

} // namespace memplan
