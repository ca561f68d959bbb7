#include "memplan/names.h"

namespace memplan {

#define MEMPLAN_NAMES(Enum, ...)                                                                   \
    std::span<const NameEntry<Enum>> names(Enum) {                                                 \
        static constexpr NameEntry<Enum> table[] = {__VA_ARGS__};                                  \
        return table;                                                                              \
    }

MEMPLAN_NAMES(MlpKind, {MlpKind::Gated, "gated", "Gated (SwiGLU/GeGLU)"},
              {MlpKind::Plain, "plain", "Plain (GELU)"})
MEMPLAN_NAMES(NormKind, {NormKind::RmsNorm, "rmsnorm", "RMSNorm"},
              {NormKind::LayerNorm, "layernorm", "LayerNorm"})
MEMPLAN_NAMES(BiasKind, {BiasKind::None, "none", "No biases"}, {BiasKind::Qkv, "qkv", "QKV biases"},
              {BiasKind::All, "all", "All linear biases"})
MEMPLAN_NAMES(PositionKind, {PositionKind::Rope, "rope", "RoPE"},
              {PositionKind::Learned, "learned", "Learned positions"},
              {PositionKind::Alibi, "alibi", "ALiBi"})
MEMPLAN_NAMES(Method, {Method::Full, "full", "Full fine-tuning"}, {Method::Lora, "lora", "LoRA"},
              {Method::Qlora, "qlora", "QLoRA"}, {Method::Freeze, "freeze", "Freeze lower layers"},
              {Method::Galore, "galore", "GaLore"}, {Method::Inference, "inference", "Inference"},
              {Method::Serving, "serving", "Serving (vLLM)"}, {Method::Dpo, "dpo", "DPO"},
              {Method::Ppo, "ppo", "PPO"}, {Method::Grpo, "grpo", "GRPO"})
MEMPLAN_NAMES(KvCacheDtype, {KvCacheDtype::Auto, "auto", "Model dtype"},
              {KvCacheDtype::Fp8, "fp8", "FP8"})
MEMPLAN_NAMES(All2AllBackend,
              {All2AllBackend::AllgatherReducescatter, "allgather_reducescatter",
               "All-gather / reduce-scatter"},
              {All2AllBackend::DeepepHighThroughput, "deepep_high_throughput",
               "DeepEP high-throughput"},
              {All2AllBackend::DeepepLowLatency, "deepep_low_latency", "DeepEP low-latency"})
MEMPLAN_NAMES(ReferenceMode, {ReferenceMode::Model, "model", "Reference model"},
              {ReferenceMode::None, "none", "No reference"},
              {ReferenceMode::Precomputed, "precomputed", "Precomputed log-probs"})
MEMPLAN_NAMES(ModelRole, {ModelRole::Policy, "policy", "Policy"},
              {ModelRole::Reference, "reference", "Reference"},
              {ModelRole::Critic, "critic", "Critic"}, {ModelRole::Reward, "reward", "Reward"},
              {ModelRole::Rollout, "rollout", "Rollout engine"})
MEMPLAN_NAMES(Recipe, {Recipe::Fp32, "fp32", "FP32"},
              {Recipe::Fp16Mixed, "fp16-mixed", "FP16 mixed"},
              {Recipe::Bf16Mixed, "bf16-mixed", "BF16 mixed"},
              {Recipe::Bf16Pure, "bf16-pure", "BF16 pure"},
              {Recipe::Fp8Mixed, "fp8-mixed", "FP8 mixed"}, {Recipe::Int8, "int8", "INT8"},
              {Recipe::Int4, "int4", "INT4"})
MEMPLAN_NAMES(Accounting, {Accounting::Realistic, "realistic", "Realistic"},
              {Accounting::Textbook, "textbook", "Textbook"})
MEMPLAN_NAMES(Optimizer, {Optimizer::AdamW, "adamw", "AdamW"},
              {Optimizer::AdamW8bit, "adamw-8bit", "AdamW 8-bit"},
              {Optimizer::Adafactor, "adafactor", "Adafactor"}, {Optimizer::Sgd, "sgd", "SGD"},
              {Optimizer::SgdMomentum, "sgd-momentum", "SGD with momentum"},
              {Optimizer::Lion, "lion", "Lion"})
MEMPLAN_NAMES(Checkpointing, {Checkpointing::None, "none", "None"},
              {Checkpointing::Selective, "selective", "Selective"},
              {Checkpointing::Full, "full", "Full"})
MEMPLAN_NAMES(Attention, {Attention::Eager, "eager", "Eager"},
              {Attention::Flash, "flash", "Flash / SDPA"})
MEMPLAN_NAMES(Loss, {Loss::Standard, "standard", "Standard"}, {Loss::Chunked, "chunked", "Chunked"})
MEMPLAN_NAMES(OptimizerImpl, {OptimizerImpl::Foreach, "foreach", "foreach (multi-tensor)"},
              {OptimizerImpl::Fused, "fused", "fused"},
              {OptimizerImpl::Loop, "loop", "per-parameter loop"})
MEMPLAN_NAMES(Framework, {Framework::Pytorch, "pytorch", "Plain PyTorch"},
              {Framework::HfTrainer, "hf-trainer", "Hugging Face Trainer + PEFT"},
              {Framework::Trl, "trl", "TRL"}, {Framework::Torchtune, "torchtune", "torchtune"},
              {Framework::Litgpt, "litgpt", "LitGPT"}, {Framework::MsSwift, "ms-swift", "ms-swift"},
              {Framework::LlamaFactory, "llama-factory", "LLaMA-Factory"},
              {Framework::Axolotl, "axolotl", "Axolotl"},
              {Framework::Unsloth, "unsloth", "Unsloth"},
              {Framework::Deepspeed, "deepspeed", "DeepSpeed ZeRO"},
              {Framework::Fsdp1, "fsdp1", "PyTorch FSDP1"},
              {Framework::Fsdp2, "fsdp2", "PyTorch FSDP2"},
              {Framework::Megatron, "megatron", "Megatron-LM"})
MEMPLAN_NAMES(Verdict, {Verdict::Fits, "fits", "fits"},
              {Verdict::FitsUnless, "fits-unless", "fits unless"},
              {Verdict::DoesNotFit, "does-not-fit", "does not fit"})
MEMPLAN_NAMES(QuantType, {QuantType::Nf4, "nf4", "NF4"}, {QuantType::Fp4, "fp4", "FP4"})
MEMPLAN_NAMES(Dtype, {Dtype::None, "none", "none"}, {Dtype::Fp32, "fp32", "fp32"},
              {Dtype::Fp16, "fp16", "fp16"}, {Dtype::Bf16, "bf16", "bf16"},
              {Dtype::Fp8, "fp8", "fp8"}, {Dtype::Int8, "int8", "int8"}, {Dtype::Nf4, "nf4", "nf4"})
MEMPLAN_NAMES(TensorClass, {TensorClass::Weights, "weights", "Weights"},
              {TensorClass::Gradients, "gradients", "Gradients"},
              {TensorClass::MasterWeights, "master_weights", "Master weights"},
              {TensorClass::OptimizerStates, "optimizer_states", "Optimizer states"},
              {TensorClass::Activations, "activations", "Activations"})
MEMPLAN_NAMES(Sharding, {Sharding::None, "none", "None (DDP)"},
              {Sharding::Zero1, "zero1", "ZeRO-1"},
              {Sharding::Zero2, "zero2", "ZeRO-2 / FSDP SHARD_GRAD_OP"},
              {Sharding::Zero3, "zero3", "ZeRO-3 / FSDP FULL_SHARD"})
MEMPLAN_NAMES(Offload, {Offload::None, "none", "None"},
              {Offload::Optimizer, "optimizer", "Optimizer to CPU"},
              {Offload::OptimizerAndParams, "optimizer+params", "Optimizer and parameters to CPU"})
MEMPLAN_NAMES(Component, {Component::Weights, "weights", "Weights"},
              {Component::Gradients, "gradients", "Gradients"},
              {Component::OptimizerStates, "optimizer_states", "Optimizer states"},
              {Component::Activations, "activations", "Activations"},
              {Component::Other, "other", "Other"},
              {Component::RuntimeOverhead, "runtime_overhead", "Runtime overhead"})
MEMPLAN_NAMES(Segment, {Segment::Weights, "weights", "Weights"},
              {Segment::Gradients, "gradients", "Gradients"},
              {Segment::OptimizerStates, "optimizer_states", "Optimizer states"},
              {Segment::Activations, "activations", "Activations"},
              {Segment::KvCache, "kv_cache", "KV cache"},
              {Segment::CudaGraphs, "cuda_graphs", "CUDA graphs"},
              {Segment::NonTorch, "non_torch", "Non-torch memory"},
              {Segment::Other, "other", "Other"},
              {Segment::RuntimeOverhead, "runtime_overhead", "Runtime overhead"})
MEMPLAN_NAMES(Phase, {Phase::Forward, "forward", "Forward"}, {Phase::Loss, "loss", "Loss"},
              {Phase::Backward, "backward", "Backward"},
              {Phase::OptimizerStep, "optimizer_step", "Optimizer step"},
              {Phase::Prefill, "prefill", "Prefill"}, {Phase::Decode, "decode", "Decode"},
              {Phase::Rollout, "rollout", "Rollout"}, {Phase::Scoring, "scoring", "Scoring"},
              {Phase::Serving, "serving", "Serving"})

#undef MEMPLAN_NAMES

} // namespace memplan
