// The plan: everything the memory model needs to know about one workload.
// Plain structs with documented defaults; parsing and validation live in plan_json.h.
#pragma once

#include "memplan/plan_limits.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "memplan/workload.h"

namespace memplan {

// The largest values a plan file accepts (plan_json.cpp); the solver searches up to them.
inline constexpr int64_t kPlanMaxMicroBatch = limits::kMaxMicroBatch;
inline constexpr int64_t kPlanMaxSeqLen = limits::kMaxSeqLen;
inline constexpr int64_t kPlanMaxGpus = limits::kMaxGpus;

enum class MlpKind { Gated, Plain };              // SwiGLU/GeGLU (3 matrices) or GELU (2)
enum class NormKind { RmsNorm, LayerNorm };       // LayerNorm has a bias vector too
enum class BiasKind { None, Qkv, All };           // Qwen2: qkv only; GPT-2/BERT/Phi: every linear
enum class PositionKind { Rope, Learned, Alibi }; // only Learned has a parameter table

// The vision tower of a vision-language model (model.vision, docs/plan-format.md): a ViT over
// image patches, a projector into the language model's width, and the images a sequence holds.
// layers == 0: no tower (a text-only model).
struct VisionSpec {
    int64_t layers = 0;
    int64_t hidden = 0;
    int64_t ffn = 0;
    int64_t heads = 0;
    MlpKind mlp = MlpKind::Plain;        // SigLIP: GELU fc1/fc2; Qwen2.5-VL: SwiGLU
    NormKind norm = NormKind::LayerNorm; // SigLIP: LayerNorm; Qwen2.5-VL: RMSNorm
    // Learned: a fixed-resolution tower with a position table of (image_size / patch)^2
    // entries (SigLIP); rope: dynamic resolution, images resized within min/max_pixels.
    PositionKind position = PositionKind::Learned;
    int64_t patch_size = 14;
    int64_t temporal_patch_size = 1; // Qwen2.5-VL's Conv3d: an image is repeated over 2 frames
    int64_t image_size = 224;        // side of a (square) image in pixels
    int64_t min_pixels = 0;          // rope towers: bounds of the resized image's area
    int64_t max_pixels = 0;
    int64_t merge = 1;            // spatial merge: merge x merge patches become one token
    int64_t tokens_per_image = 0; // pooled tokens per image (Gemma 3: 256); 0 = patches / merge^2
    // The projector into the language model: 0 = one linear (Gemma 3's mm_input_projection),
    // else a two-layer MLP of this width with biases (Qwen2.5-VL's merger, LLaVA's projector).
    int64_t projector_ffn = 0;
    int64_t images = 1;     // images per sequence
    bool trainable = false; // the tower and projector train (full, galore, dpo/ppo/grpo)
    // Window attention (Qwen2.5-VL): the blocks attend within square windows of window_size
    // pixels, except those listed in full_attention_blocks, which attend over the whole
    // image. 0 = every block attends over the whole image.
    int64_t window_size = 0;
    std::vector<int64_t> full_attention_blocks; // block indices, ascending
    // Llama 3.2 Vision (MllamaVisionModel): each image is cut into `tiles` tiles of image_size
    // pixels (padded to that many), each tile a class token plus its patches; after the
    // `layers` local layers come `global_layers` gated ones, and the outputs of the local
    // layers listed in intermediate_layers join the last one in the projector's input.
    // 0 tiles = an untiled tower.
    int64_t tiles = 0;
    int64_t global_layers = 0;
    std::vector<int64_t> intermediate_layers; // local layer indices, ascending
    // Language-model layers that cross-attend to the image tokens (Llama 3.2 Vision's
    // cross_attention_layers) instead of reading them in their sequence; empty = the image
    // tokens join the sequence.
    std::vector<int64_t> cross_attention_layers; // layer indices, ascending
};

// Linear-attention layers of a hybrid model (model.linear_attention, docs/plan-format.md):
// Gated DeltaNet token mixers (Yang et al. 2024, arXiv 2412.06464) in place of attention in all
// but every `full_attention_interval`-th layer, as Qwen3-Next and Qwen3.5 build them
// (transformers models/qwen3_next/modeling_qwen3_next.py, Qwen3NextGatedDeltaNet). A sequence
// carries a fixed-size recurrent state through these layers instead of a growing KV cache.
// full_attention_interval == 0: no linear-attention layers.
struct LinearAttentionSpec {
    int64_t full_attention_interval = 0;
    int64_t key_heads = 0;      // linear_num_key_heads
    int64_t value_heads = 0;    // linear_num_value_heads (a multiple of key_heads)
    int64_t key_head_dim = 0;   // linear_key_head_dim
    int64_t value_head_dim = 0; // linear_value_head_dim
    int64_t conv_kernel = 4;    // linear_conv_kernel_dim: the causal depthwise conv's width
    // vLLM keeps the delta rule's state in fp32 when the config asks (mamba_ssm_dtype
    // "float32", Qwen3.5), else in the model dtype (Qwen3-Next).
    bool ssm_state_fp32 = false;
};

// The model a derived shape scales (model.scaled_from, docs/plan-format.md): the traits a
// new parameter count keeps. layers == 0: no base, the bare-count rule applies.
struct ShapeBase {
    std::string name;   // the scaled model's display name ("Llama 3.1 8B")
    int64_t layers = 0; // with hidden: the depth-to-width aspect the rule keeps
    int64_t hidden = 0;
    int64_t ffn = 0;      // ffn / hidden is kept
    int64_t heads = 0;    // kv_heads == heads: multi-head attention, kept as such
    int64_t kv_heads = 0; // kv_heads < heads: the KV-head count is kept (GQA)
    int64_t head_dim = 0;
    int64_t vocab = 0;
    bool tied_embeddings = false;
    MlpKind mlp = MlpKind::Gated;
    NormKind norm = NormKind::RmsNorm;
    BiasKind bias = BiasKind::None;
    PositionKind position = PositionKind::Rope;
    int64_t max_position = 0;
    bool present() const { return layers > 0; }
};

// Architecture of a decoder (or encoder) transformer. Field names follow the plan contract.
struct ModelSpec {
    std::string preset;           // bundled preset id this came from, "" if none
    std::string name;             // display name
    std::optional<double> params; // total given by the user; authoritative when set
    bool shape_derived = false;   // true when the shape was derived from `params`
    ShapeBase scaled_from;        // a derived shape's base model (none: the bare-count rule)

    int64_t layers = 32;
    int64_t hidden = 4096;
    int64_t ffn = 11008;
    int64_t heads = 32;
    int64_t kv_heads = 32;
    int64_t head_dim = 128;
    int64_t vocab = 32000;
    bool tied_embeddings = false;
    MlpKind mlp = MlpKind::Gated;
    int64_t experts = 1;
    int64_t experts_per_token = 1;
    bool lm_head = true;

    // Extensions beyond the contract's minimum (documented in docs/plan-format.md).
    NormKind norm = NormKind::RmsNorm;
    BiasKind bias = BiasKind::None;
    bool lm_head_bias = false;
    PositionKind position = PositionKind::Rope;
    int64_t max_position = 4096;     // context length the model supports
    int64_t type_vocab = 0;          // BERT token-type embeddings
    bool pooler = false;             // BERT pooler (hidden x hidden + bias)
    bool parallel_attention = false; // Falcon/Phi: attention and MLP share one norm
    double dropout = 0.0;            // dropout probability (0 = no dropout masks)
    // Attention variants that change the KV cache (serving.cpp); 0 = absent.
    int64_t sliding_window = 0;         // tokens a sliding-window layer attends to
    int64_t sliding_window_pattern = 0; // every N-th layer attends fully; 0 = every layer slides
    int64_t kv_lora_rank = 0;           // MLA (DeepSeek-V2/V3): latent KV width
    int64_t qk_rope_head_dim = 0;       // MLA: decoupled RoPE key width
    // MLA parameters (DeepSeek-V2/V3 attention; counted when kv_lora_rank, qk_nope_head_dim
    // and v_head_dim are set, else the attention counts as heads x head_dim).
    int64_t q_lora_rank = 0;      // query low-rank width; 0 = one full query projection
    int64_t qk_nope_head_dim = 0; // per-head query/key width without RoPE
    int64_t v_head_dim = 0;       // per-head value width
    // Mixture-of-experts layouts beyond `experts` x `ffn`.
    int64_t shared_ffn = 0; // width of the shared expert MLP every token passes; 0 = none
    // Qwen2-MoE / Qwen3-Next scale the shared expert by sigmoid(shared_expert_gate(x)), a
    // hidden -> 1 linear in every MoE layer.
    bool shared_expert_gate = false;
    int64_t dense_layers = 0; // leading layers with one dense MLP instead of experts
    int64_t dense_ffn = 0;    // that dense MLP's width
    VisionSpec vision;        // vision-language models: the vision tower (layers 0 = none)
    LinearAttentionSpec linear_attention; // hybrid models: Gated DeltaNet layers
    // Gated attention (Qwen3-Next): q_proj also yields a per-channel gate, so it is twice as
    // wide, and sigmoid(gate) scales the attention output before o_proj.
    bool attention_output_gate = false;
};

// Serving: a vLLM engine's budget (serving.h). Dpo/Ppo/Grpo: several models at once
// (post_training.h); "sft" in a plan file reads as full or lora.
enum class Method { Full, Lora, Qlora, Freeze, Galore, Inference, Serving, Dpo, Ppo, Grpo };
enum class Recipe { Fp32, Fp16Mixed, Bf16Mixed, Bf16Pure, Fp8Mixed, Int8, Int4 };
enum class Accounting { Realistic, Textbook };
enum class Optimizer { AdamW, AdamW8bit, Adafactor, Sgd, SgdMomentum, Lion };
enum class Checkpointing { None, Selective, Full };
enum class Attention { Eager, Flash };
enum class Loss { Standard, Chunked };
// How torch.optim runs the update: foreach (multi-tensor, the CUDA default), fused (one
// kernel, no temporaries) or a per-parameter loop (e.g. transformers' legacy AdamW).
enum class OptimizerImpl { Foreach, Fused, Loop };
// The training framework whose defaults fill what the plan leaves out (framework.h).
enum class Framework {
    Pytorch,
    HfTrainer,
    Trl,
    Torchtune,
    Litgpt,
    MsSwift,
    LlamaFactory,
    Axolotl,
    Unsloth,
    Deepspeed,
    Fsdp1,
    Fsdp2,
    Megatron
};
// bitsandbytes 4-bit code tables: same storage, different code values.
enum class QuantType { Nf4, Fp4 };

// Storage types a recipe assigns to each tensor class.
enum class Dtype { None, Fp32, Fp16, Bf16, Fp8, Int8, Nf4 };

// The tensor classes whose dtype a recipe fixes and a plan may override.
enum class TensorClass { Weights, Gradients, MasterWeights, OptimizerStates, Activations, Count };
constexpr std::size_t kTensorClassCount = static_cast<std::size_t>(TensorClass::Count);

using DtypeTable = std::array<Dtype, kTensorClassCount>;
// Per-class overrides; Dtype::None in an override slot means "keep the recipe's choice"
// except for MasterWeights, where an explicit override of "none" is tracked separately.
struct DtypeOverrides {
    std::array<std::optional<Dtype>, kTensorClassCount> slot{};
};

enum LoraTarget : uint32_t {
    LoraQ = 1u << 0,
    LoraK = 1u << 1,
    LoraV = 1u << 2,
    LoraO = 1u << 3,
    LoraGate = 1u << 4,
    LoraUp = 1u << 5,
    LoraDown = 1u << 6,
    LoraAllLinear = 0x7Fu,
};

struct LoraSpec {
    int64_t rank = 8;
    uint32_t targets = LoraQ | LoraV;
    double dropout = 0.0; // PEFT LoraConfig default
    // Adapters on every routed expert's MLP too (PEFT's "all-linear" matches experts that are
    // nn.Linear modules, as Mixtral's); false: on the shared and dense MLPs only.
    bool experts = true;
};

// training.profile: explicit values for behaviours a framework profile otherwise decides.
struct ProfileOverrides {
    std::optional<bool> adapters_fp32;
    std::optional<bool> kbit_upcast_fp32;
    std::optional<bool> kbit_quantized_from_fp16;
    std::optional<bool> quantized_head;
    std::optional<bool> checkpoint_offload;
    std::optional<bool> fp32_grad_buffer;
    std::optional<bool> root_unit_gathered;
    std::optional<bool> hf_adafactor;
    std::optional<double> reduce_bucket_elements;
    std::optional<int64_t> nccl_groups;
};

// training.quantization: the bitsandbytes 4-bit format of a quantized base (qlora, int4).
struct QuantizationSpec {
    QuantType quant_type = QuantType::Nf4;
    bool double_quant = true; // nested quantization of the absmax constants
};

struct TrainingSpec {
    Framework framework = Framework::Pytorch;
    ProfileOverrides profile;
    QuantizationSpec quantization;
    // bitsandbytes paged optimizer: states in CUDA managed memory, outside PyTorch's allocator.
    bool paged_optimizer = false;
    // Distinct batch shapes the allocator sees (variable-length batches); 1 = fixed padding.
    int64_t distinct_shapes = 1;
    Method method = Method::Full;
    Recipe precision = Recipe::Bf16Mixed;
    Accounting accounting = Accounting::Realistic;
    Optimizer optimizer = Optimizer::AdamW;
    OptimizerImpl optimizer_impl = OptimizerImpl::Foreach;
    int64_t micro_batch = 1;
    int64_t seq_len = 2048;
    int64_t grad_accum = 1;
    Checkpointing checkpointing = Checkpointing::None;
    Attention attention = Attention::Flash;
    Loss loss = Loss::Standard;
    bool optimizer_in_backward = false;
    bool activation_offload = false;
    // zero_grad(set_to_none=True), PyTorch's default since 2.0. False keeps zeroed gradient
    // buffers allocated between steps (PyTorch 1.x and older Trainer versions).
    bool grads_to_none = true;
    LoraSpec lora;
    double trainable_fraction = 1.0; // method=freeze: the top fraction of layers trains
    int64_t galore_rank = 128;
    int64_t new_tokens = 0; // method=inference: tokens generated after the prompt
    DtypeOverrides dtypes;  // per-class overrides of the recipe
    ServingSpec serving;    // method=serving
    RlSpec rl;              // method=dpo|ppo|grpo
};

enum class Sharding { None, Zero1, Zero2, Zero3 };
enum class Offload { None, Optimizer, OptimizerAndParams };

struct ParallelSpec {
    int64_t gpus = 1;
    Sharding sharding = Sharding::None;
    int64_t sharding_factor = 0; // 0 = all data-parallel GPUs (resolved on load)
    int64_t tp = 1;
    int64_t pp = 1;
    bool sequence_parallel = false; // Megatron sequence parallelism (needs tp > 1)
    Offload offload = Offload::None;
    // Expert parallelism: the routed experts of every MoE layer are split over `ep` GPUs of the
    // data-parallel group, tokens travel to them by all-to-all (docs/memory-model.md).
    int64_t ep = 1;
    // Tokens an expert accepts, as a multiple of an even share (DeepSpeed-MoE, GShard); 0 =
    // dropless (Megatron-LM's default): the all-to-all buffers hold exactly the routed tokens.
    double capacity_factor = 0;
};

struct HardwareSpec {
    std::string gpu;                            // preset id, "" = no GPU chosen
    std::optional<double> memory_gib;           // capacity override (GiB = 2^30 bytes)
    std::optional<double> runtime_overhead_gib; // CUDA context + libraries override
    // Caching-allocator slack as a fraction of peak_allocated (reserved - allocated).
    std::optional<double> allocator_reserve_fraction;
};

// A column of the window's Compare view, saved with the plan (the file's `compare` list):
// what it overrides, as plan-file key paths and values in the file's spelling
// ({"training.precision", "int8"}; memplan/scenario.h validates them), and the user's name
// for it ("" = the automatic name).
struct SavedScenario {
    std::string name;
    std::vector<std::pair<std::string, std::string>> overrides;
    bool operator==(const SavedScenario&) const = default;
};

struct Plan {
    int schema_version = 1;
    std::string name;
    ModelSpec model;
    TrainingSpec training;
    ParallelSpec parallelism;
    HardwareSpec hardware;
    // The Compare columns saved with the plan; empty = the default columns for its method.
    std::vector<SavedScenario> compare;
};

} // namespace memplan
