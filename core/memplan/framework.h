// Framework profiles: what a training framework really does where the plan does not say.
// One table (framework.cpp), resolved once per plan into a ResolvedProfile that the memory
// model reads; every entry cites the framework source it was read from. Profiles set
// defaults only: a key the plan sets explicitly always wins.
#pragma once

#include "memplan/plan.h"

#include <string_view>

namespace memplan {

// A profile value with the framework file and line it was read from.
template <typename T> struct Cited {
    T value{};
    std::string_view source;
};

struct FrameworkProfile {
    Framework id = Framework::Pytorch;

    // Defaults for existing plan keys, applied when the plan leaves the key out.
    Cited<OptimizerImpl> optimizerImpl;
    Cited<Loss> loss;
    Cited<Checkpointing> checkpointing;
    Cited<double> loraDropout;

    // Behaviours without a plan key of their own (overridable under training.profile).
    Cited<bool> adaptersFp32;   // LoRA A/B kept in fp32 next to a 16-bit base
    Cited<bool> kbitUpcastFp32; // QLoRA: non-quantized params (embeddings, norms, head) to fp32
    Cited<bool> quantizedHead;  // QLoRA/int4: the output head is quantized with the base
    Cited<bool> kbitQuantizedFromFp16; // 4-bit weights quantized from an fp16 copy: a bf16
                                       // matmul casts each dequantized weight once more
    Cited<bool> checkpointOffload;     // checkpointed layer inputs live in host memory
    Cited<bool> fp32GradBuffer;        // gradients accumulate in an fp32 buffer (main_grad)
    Cited<bool> rootUnitGathered; // FSDP2: root unit gathered from first forward to end of backward
    Cited<bool> hfAdafactor;    // `adafactor` is transformers' Adafactor (fp32 per-parameter step)
    Cited<bool> fusedSoftmax16; // eager attention's softmax is a fused 16-bit kernel (Megatron)
    Cited<bool> fusedQkv;       // one qkv projection: one LoRA dropout copy, one autocast cast
    Cited<bool> fusedAttentionRepeatsKv; // GQA: K and V expanded to every query head (copies)
                                         // before the fused attention kernel, which keeps them
    Cited<bool> vViewOfFusedQkv;         // V reaches attention as a view into the fused qkv output
    Cited<bool> loraQkvZeroPad;          // fused-qkv LoRA pads its update with index_copy_ (kept)
    Cited<bool> chunkedLossKeepsLogits;  // `chunked`: the head runs per token chunk and every
                                         // chunk's logits and log-softmax stay to the backward
    Cited<bool> kvCachePreallocated;     // generation: the KV cache is allocated for prompt +
                                         // new tokens up front (else it grows by concatenation)
    Cited<double> reduceBucketElems;     // sharded gradient reduce bucket, elements (0 = one unit)
    Cited<int64_t> ncclGroups;           // NCCL process groups (communicators) per rank
};

// The profile of a framework (every enum value has one).
const FrameworkProfile& profileOf(Framework f);

// What the model reads: the profile with the plan's training.profile overrides applied.
struct ResolvedProfile {
    Framework id = Framework::Pytorch;
    bool adaptersFp32 = true;
    bool kbitUpcastFp32 = false;
    bool quantizedHead = false;
    bool kbitQuantizedFromFp16 = false;
    bool checkpointOffload = false;
    bool fp32GradBuffer = false;
    bool rootUnitGathered = false;
    bool hfAdafactor = false;
    bool fusedSoftmax16 = false;
    bool fusedQkv = false;
    bool fusedAttentionRepeatsKv = true;
    bool vViewOfFusedQkv = false;
    bool loraQkvZeroPad = false;
    bool chunkedLossKeepsLogits = false;
    bool kvCachePreallocated = true;
    double reduceBucketElems = 5e8;
    int64_t ncclGroups = 1;
};
ResolvedProfile resolveProfile(const Plan& plan);

// Sets the plan keys a profile has defaults for (optimizer_impl, loss, checkpointing,
// lora.dropout) to the profile's values and clears training.profile overrides; what the
// window does when the user picks another framework.
void applyFrameworkDefaults(Plan& plan, Framework f);

} // namespace memplan
