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
    case Note::Count:
        break;
    }
    return {};
}

} // namespace memplan
