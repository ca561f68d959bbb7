// Text of the notes the model attaches to results (one table, so the window can translate it).
#include "memplan/result_json.h"

namespace memplan {

std::string noteText(Note n) {
    switch (n) {
    case Note::Int8FullFrozenBase:
        return "full training with an int8/int4 recipe: quantized matrices cannot be trained "
               "directly, so the quantized base is treated as frozen and only embeddings, norms "
               "and the head train; use LoRA/QLoRA to train adapters on a quantized base";
    case Note::ShapeParamsMismatch:
        return "model.params differs from the shape's parameter count by more than 0.5%; "
               "memory uses model.params, activations use the shape";
    case Note::TextbookIgnoresParallel:
        return "textbook accounting ignores tensor/pipeline parallelism and offload";
    case Note::SequenceExceedsModel:
        return "seq_len (+ new_tokens) exceeds the model's max_position";
    case Note::OffloadNeedsSharding:
        return "parameter offload needs ZeRO-3; parameters stay on the GPU";
    case Note::DdpGradientBuckets:
        return "plain data parallel (DDP) keeps a bucket copy of all gradients "
               "(gradient_as_bucket_view=False, PyTorch's default)";
    case Note::SelectiveNoEffectWithFlash:
        return "selective recomputation saves nothing with flash attention (no score matrix)";
    case Note::ServingNoCapacity:
        return "serving: no GPU capacity is given, so vLLM's budget (gpu_memory_utilization x "
               "capacity) and the KV cache cannot be sized; choose hardware.gpu or memory_gib";
    case Note::ServingOneSequenceTooBig:
        return "serving: the KV cache cannot hold one sequence of max_model_len tokens; vLLM "
               "refuses to start (lower max_model_len, raise gpu_memory_utilization, use fp8 KV "
               "cache or more tensor-parallel GPUs)";
    case Note::RolloutTooSmall:
        return "the rollout engine's KV cache holds fewer than num_generations completions at "
               "once; generation runs them in several waves (slower, not an error)";
    case Note::TextbookNoMethodRule:
        return "textbook accounting has no rule for GaLore's projected optimizer states: they "
               "are counted as full optimizer states (use realistic accounting)";
    case Note::Count:
        break;
    }
    return {};
}

} // namespace memplan
