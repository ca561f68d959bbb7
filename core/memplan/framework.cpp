#include "memplan/framework.h"

#include <array>

namespace memplan {

namespace {

// Sources, read at these commits (file:line):
//   transformers 0114da0, peft 5d602fd, trl f2cd577, torchtune bd2a0fc, litgpt 2685705,
//   ms-swift 3602360, LLaMA-Factory ff6d4d1, axolotl 067b021, unsloth 015bdef,
//   DeepSpeed 38327e0, Megatron-LM d98e8a6, PyTorch main (torch/distributed/fsdp).
// docs/memory-model.md "Framework profiles" lists the same table with what each entry does.

constexpr std::string_view kPeftAdapters =
    "peft src/peft/tuners/tuners_utils.py:2657 cast_adapter_dtype (autocast_adapter_dtype=True, "
    "peft_model.py:156): adapter weights cast to fp32";
// peft src/peft/utils/other.py:205-209 prepare_model_for_kbit_training: every fp16/bf16
// parameter that is not Params4bit is cast to fp32 (the kbit upcast the profiles select).
constexpr std::string_view kHfHead =
    "transformers src/transformers/integrations/bitsandbytes.py get_keys_to_not_convert: the "
    "output embedding (lm_head) stays in 16 bit";
constexpr std::string_view kHfOptim =
    "transformers src/transformers/training_args.py default_optim = \"adamw_torch_fused\" when "
    "is_torch_greater_or_equal_than_2_8 (\"adamw_torch\", foreach, before); the H200 Trainer "
    "runs (torch 2.11, transformers 5.17) built fused AdamW";
constexpr std::string_view kHfLoss =
    "transformers src/transformers/loss/loss_utils.py ForCausalLMLoss: logits.float() over the "
    "whole vocabulary";
// optim="adafactor" builds transformers' own Adafactor (trainer.py get_optimizer_cls_and_kwargs
// OptimizerNames.ADAFACTOR), whose step loops over the parameters in fp32.
constexpr std::string_view kHfAdafactor =
    "transformers src/transformers/optimization.py Adafactor.step: per parameter, grad.float() "
    "and p.float() for 16-bit parameters, states .to(grad) in fp32";
// torch/nn/parallel/distributed.py DistributedDataParallel: the reducer's buckets hold a copy
// of every gradient (gradient_as_bucket_view=False).
constexpr std::string_view kOneProcessGroup =
    "torch.distributed: one default process group, one NCCL communicator per device";

constexpr FrameworkProfile base(Framework f) {
    FrameworkProfile p;
    p.id = f;
    p.optimizerImpl = {OptimizerImpl::Foreach, "torch/optim/adamw.py: foreach is the CUDA default"};
    p.loss = {Loss::Standard, kHfLoss};
    p.checkpointing = {Checkpointing::None, "torch.utils.checkpoint is opt-in"};
    p.loraDropout = {0.0, "peft src/peft/tuners/lora/config.py LoraConfig.lora_dropout = 0.0"};
    p.adaptersFp32 = {true, kPeftAdapters};
    p.kbitUpcastFp32 = {false, "plain PyTorch/PEFT without prepare_model_for_kbit_training"};
    p.quantizedHead = {false, kHfHead};
    p.kbitQuantizedFromFp16 = {
        false, "bitsandbytes >= 0.43 bitsandbytes/nn/modules.py:182 Params4bit._quantize quantizes "
               "the weight in its own dtype (commit dcfb6f81); up to 0.42, modules.py:156 "
               "Params4bit.cuda cast it with .half() first"};
    p.checkpointOffload = {false, "torch.utils.checkpoint keeps layer inputs on the device"};
    p.fp32GradBuffer = {false, "torch autograd: gradients in the parameter's dtype"};
    p.rootUnitGathered = {false, "no FSDP2 root unit"};
    p.hfAdafactor = {false, "torch/optim/_adafactor.py: torch.optim.Adafactor steps in the "
                            "parameter's dtype"};
    p.fusedSoftmax16 = {false,
                        "transformers models/llama/modeling_llama.py eager_attention_forward: "
                        "softmax(attn_weights, dim=-1, dtype=torch.float32).to(query.dtype)"};
    p.fusedQkv = {false, "transformers models/llama/modeling_llama.py LlamaAttention: q_proj, "
                         "k_proj and v_proj are separate nn.Linear modules"};
    p.fusedAttentionRepeatsKv = {
        true, "model code that expands grouped K/V heads before F.scaled_dot_product_attention "
              "(memplan's GPU grid model tests/groundtruth/measure.py Attention.forward "
              "repeat_kv; transformers' sdpa path whenever it passes an attention mask)"};
    p.vViewOfFusedQkv = {false, "separate q_proj, k_proj and v_proj: V is v_proj's own output"};
    p.loraQkvZeroPad = {false, "one adapter per projection: no padding to a fused width"};
    p.chunkedLossKeepsLogits = {false,
                                "a fused linear + cross-entropy (Liger, TRL chunked_nll, torchtune "
                                "LinearCrossEntropyLoss): each chunk's logits die with the chunk"};
    p.kvCachePreallocated = {
        true, "a static cache sized for prompt + new tokens before the prompt runs (memplan's "
              "GPU grid model tests/groundtruth/measure.py KVCache; gpt-fast style loops)"};
    p.reduceBucketElems = {5e8, "deepspeed/runtime/zero/config.py:109 reduce_bucket_size 5e8"};
    p.ncclGroups = {1, kOneProcessGroup};
    return p;
}

constexpr FrameworkProfile hfTrainer(Framework f) {
    FrameworkProfile p = base(f);
    p.optimizerImpl = {OptimizerImpl::Fused, kHfOptim};
    p.hfAdafactor = {true, kHfAdafactor};
    p.kvCachePreallocated = {
        false, "transformers src/transformers/cache_utils.py DynamicLayer.update: generate()'s "
               "default DynamicCache grows each layer by torch.cat([keys, key_states], dim=-2)"};
    p.fusedAttentionRepeatsKv = {
        false, "transformers src/transformers/integrations/sdpa_attention.py use_gqa_in_sdpa: "
               "torch >= 2.5 and no attention mask (causal training without padding) passes "
               "enable_gqa to SDPA instead of repeat_kv copies"};
    p.kbitUpcastFp32 = {true, "transformers Trainer + PEFT QLoRA recipe: " // the PEFT QLoRA docs
                              "prepare_model_for_kbit_training; see peft other.py:205-209"};
    return p;
}

constexpr std::array<FrameworkProfile, 13> makeTable() {
    std::array<FrameworkProfile, 13> t{};
    t[0] = base(Framework::Pytorch);

    t[1] = hfTrainer(Framework::HfTrainer);

    t[2] = hfTrainer(Framework::Trl);
    t[2].loss = {Loss::Chunked, "trl trl/trainer/sft_config.py:107-116,334-336 loss_type defaults "
                                "to chunked_nll (lm_head + loss per checkpointed token chunk)"};
    t[2].checkpointing = {
        Checkpointing::Full,
        "trl trl/trainer/sft_config.py:135 gradient_checkpointing defaults to True"};
    t[2].kbitUpcastFp32 = {false, "trl trl/trainer/sft_trainer.py:976 quantized models are not "
                                  "passed through prepare_model_for_kbit_training"};

    t[3] = base(Framework::Torchtune);
    t[3].optimizerImpl = {
        OptimizerImpl::Fused,
        "torchtune recipes/configs/llama2/7B_lora_single_device.yaml:61 fused: True"};
    t[3].loss = {Loss::Chunked, "torchtune recipes/configs/llama2/7B_lora_single_device.yaml:69 "
                                "LinearCrossEntropyLoss, cross_entropy_loss.py:36 8 chunks"};
    t[3].checkpointing = {Checkpointing::Full, "torchtune recipes/configs/llama2/"
                                               "7B_lora_single_device.yaml:91 "
                                               "enable_activation_checkpointing: True"};
    t[3].loraDropout = {0.0, "torchtune recipes/configs/llama2/7B_lora_single_device.yaml:29"};
    t[3].rootUnitGathered = {true, "torchtune torchtune/training/_distributed.py:714 "
                                   "fully_shard(model) wraps the root with FSDP2 after the layers"};
    t[3].reduceBucketElems = {0, "torchtune shards with FSDP2: one parameter group at a time"};
    t[3].adaptersFp32 = {false, "torchtune recipes/configs/llama2/7B_lora_single_device.yaml:88 "
                                "dtype: bf16 (the whole model, adapters included)"};

    t[4] = base(Framework::Litgpt);
    t[4].loss = {Loss::Chunked, "litgpt litgpt/finetune/lora.py:355 lm_head_chunk_size=128; "
                                "litgpt/utils.py:302-305 chunked_cross_entropy chunk_size 128"};
    t[4].fusedQkv = {true, "litgpt litgpt/model.py:394 one qkv nn.Linear; litgpt/lora.py:405 "
                           "LoRAQKVLinear applies lora_dropout(x) once for q, k and v"};
    t[4].loraDropout = {0.05, "litgpt litgpt/finetune/lora.py:58 lora_dropout: float = 0.05"};
    t[4].chunkedLossKeepsLogits = {
        true, "litgpt litgpt/finetune/lora.py:355-359: logits = model(input_ids, "
              "lm_head_chunk_size=128) is a list of 128-token chunks that stays in scope through "
              "fabric.backward; litgpt/utils.py chunked_cross_entropy runs cross_entropy on each "
              "chunk in the logits' dtype, and its log_softmax keeps its output"};
    t[4].vViewOfFusedQkv = {
        true, "litgpt litgpt/model.py:479-499 q, k, v = qkv.split(...); v.view().transpose(): "
              "q and k are replaced by RoPE'd copies (torch.cat, lines 512-513), V stays a view "
              "of the qkv output, and the attention kernel that saves V keeps all of it alive"};
    t[4].loraQkvZeroPad = {
        true, "litgpt litgpt/lora.py:326 LoRAQKVLinear.zero_pad: result.index_copy_(-1, "
              "lora_ind, source=x) unless q, k and v are all adapted; PyTorch "
              "tools/autograd/derivatives.yaml index_copy: the source's gradient formula names "
              "`source`, so autograd keeps it"};
    t[4].adaptersFp32 = {false, "litgpt litgpt/finetune/lora.py:148 bf16-true: every weight, "
                                "adapters included, in bf16"};
    t[4].kvCachePreallocated = {
        true, "litgpt litgpt/generate/base.py: model.set_kv_cache(batch_size, max_seq_length = "
              "prompt + max_new_tokens) before the prompt's forward pass"};
    t[4].kbitQuantizedFromFp16 = {
        true, "lightning src/lightning/fabric/plugins/precision/bitsandbytes.py (003e307) "
              "_Linear4bit._quantize_weight: weight.contiguous().to(device='cuda', "
              "dtype=torch.half) before quantize_4bit, so the quant state's dtype is fp16; "
              "bitsandbytes 57cfbcb (Oct 2023) functional.py:908 dequantize_4bit allocates the "
              "state's dtype, autograd/_functions.py:516 and :547 cast it .to(A.dtype)"};
    t[4].quantizedHead = {true, "litgpt litgpt/finetune/lora.py:149 BitsandbytesPrecision; "
                                "lightning/fabric/plugins/precision/bitsandbytes.py "
                                "_convert_layers replaces every nn.Linear, lm_head included"};

    t[5] = hfTrainer(Framework::MsSwift);
    t[5].checkpointing = {Checkpointing::Full,
                          "ms-swift swift/trainers/arguments.py:134 gradient_checkpointing = True"};
    t[5].loraDropout = {0.05, "ms-swift swift/arguments/tuner_args.py:135 lora_dropout = 0.05"};
    t[5].kbitUpcastFp32 = {false, "ms-swift swift/pipelines/train/tuner.py:195 Swift.prepare_model "
                                  "adds the adapters; ms-swift never calls "
                                  "prepare_model_for_kbit_training"};

    t[6] = hfTrainer(Framework::LlamaFactory);
    t[6].loraDropout = {0.0, "LLaMA-Factory src/llamafactory/hparams/finetuning_args.py:73-74"};
    t[6].kbitUpcastFp32 = {false, "LLaMA-Factory src/llamafactory/hparams/model_args.py:153 "
                                  "upcast_layernorm defaults to False; adapter.py:337-348 casts "
                                  "only trainable parameters to fp32"};

    t[7] = hfTrainer(Framework::Axolotl);
    t[7].loraDropout = {0.0, "axolotl src/axolotl/utils/schemas/peft.py:80 lora_dropout 0.0"};
    t[7].kbitUpcastFp32 = {true, "axolotl src/axolotl/loaders/model.py:1015-1023 "
                                 "prepare_model_for_kbit_training for lora/qlora on 4/8-bit bases"};

    t[8] = hfTrainer(Framework::Unsloth);
    t[8].loss = {Loss::Chunked, "unsloth unsloth/models/llama.py:1468-1497 unsloth_fused_ce_loss "
                                "(linear + cross-entropy fused, chunked)"};
    t[8].checkpointing = {Checkpointing::Full, "unsloth unsloth/models/llama.py:3079 "
                                               "use_gradient_checkpointing = \"unsloth\""};
    t[8].checkpointOffload = {true, "unsloth unsloth/models/_utils.py:37 "
                                    "Unsloth_Offloaded_Gradient_Checkpointer: checkpointed hidden "
                                    "states copied to host memory"};
    t[8].kbitUpcastFp32 = {false, "unsloth unsloth/models/llama.py:3599 patch_peft_model prepares "
                                  "the model; unsloth does not call peft's "
                                  "prepare_model_for_kbit_training"};

    t[9] = base(Framework::Deepspeed);
    t[9].optimizerImpl = {OptimizerImpl::Fused,
                          "DeepSpeed deepspeed/ops/adam/fused_adam.py:18 FusedAdam for Adam/AdamW"};
    t[9].reduceBucketElems = {
        5e8, "DeepSpeed deepspeed/runtime/zero/config.py:109 reduce_bucket_size 5e8"};

    t[10] = base(Framework::Fsdp1);
    t[10].reduceBucketElems = {0, "torch/distributed/fsdp/fully_sharded_data_parallel.py: one "
                                  "FlatParameter per unit is reduce-scattered at a time"};

    t[11] = base(Framework::Fsdp2);
    t[11].reduceBucketElems = {0, "torch/distributed/fsdp/_fully_shard/_fsdp_param_group.py: "
                                  "one parameter group reduce-scattered at a time"};
    t[11].rootUnitGathered = {true,
                              "torch/distributed/fsdp/_fully_shard/_fsdp_state.py _lazy_init: "
                              "root post_forward_mesh_info = None (no reshard after forward)"};

    t[12] = base(Framework::Megatron);
    t[12].optimizerImpl = {
        OptimizerImpl::Fused,
        "Megatron-LM megatron/core/optimizer/__init__.py:14-20 TE/Apex FusedAdam as Adam"};
    t[12].fusedSoftmax16 = {true, "Megatron-LM megatron/core/fusions/fused_softmax.py "
                                  "FusedScaleMaskSoftmax: scale, mask and softmax in one 16-bit "
                                  "kernel that keeps its 16-bit output (Korthikanti et al. 2022)"};
    t[12].fp32GradBuffer = {true, "Megatron-LM megatron/training/arguments.py:1216 "
                                  "accumulate_allreduce_grads_in_fp32 = True with bf16"};
    t[12].reduceBucketElems = {4e7, "Megatron-LM megatron/core/distributed/"
                                    "distributed_data_parallel.py:134 bucket_size = "
                                    "max(40000000, 1000000 * dp)"};
    t[12].ncclGroups = {4, "Megatron-LM megatron/core/parallel_state.py:39-47 data, tensor, "
                           "pipeline and embedding groups each hold a communicator"};
    return t;
}

constexpr std::array<FrameworkProfile, 13> kProfiles = makeTable();

} // namespace

const FrameworkProfile& profileOf(Framework f) {
    for (const auto& p : kProfiles)
        if (p.id == f)
            return p;
    return kProfiles[0];
}

ResolvedProfile resolveProfile(const Plan& plan) {
    const FrameworkProfile& p = profileOf(plan.training.framework);
    const ProfileOverrides& o = plan.training.profile;
    ResolvedProfile r;
    r.id = p.id;
    r.adaptersFp32 = o.adapters_fp32.value_or(p.adaptersFp32.value);
    r.kbitUpcastFp32 = o.kbit_upcast_fp32.value_or(p.kbitUpcastFp32.value);
    r.quantizedHead = o.quantized_head.value_or(p.quantizedHead.value);
    r.kbitQuantizedFromFp16 = o.kbit_quantized_from_fp16.value_or(p.kbitQuantizedFromFp16.value);
    r.checkpointOffload = o.checkpoint_offload.value_or(p.checkpointOffload.value);
    r.fp32GradBuffer = o.fp32_grad_buffer.value_or(p.fp32GradBuffer.value);
    r.rootUnitGathered = o.root_unit_gathered.value_or(p.rootUnitGathered.value);
    r.hfAdafactor = o.hf_adafactor.value_or(p.hfAdafactor.value);
    r.fusedSoftmax16 = p.fusedSoftmax16.value;
    r.fusedQkv = p.fusedQkv.value;
    r.fusedAttentionRepeatsKv = p.fusedAttentionRepeatsKv.value;
    r.vViewOfFusedQkv = p.vViewOfFusedQkv.value;
    r.loraQkvZeroPad = p.loraQkvZeroPad.value;
    r.chunkedLossKeepsLogits = p.chunkedLossKeepsLogits.value;
    r.kvCachePreallocated = p.kvCachePreallocated.value;
    r.reduceBucketElems = o.reduce_bucket_elements.value_or(p.reduceBucketElems.value);
    r.ncclGroups = o.nccl_groups.value_or(p.ncclGroups.value);
    return r;
}

void applyFrameworkDefaults(Plan& plan, Framework f) {
    const FrameworkProfile& p = profileOf(f);
    TrainingSpec& t = plan.training;
    t.framework = f;
    t.optimizer_impl = p.optimizerImpl.value;
    t.loss = p.loss.value;
    t.checkpointing = p.checkpointing.value;
    t.lora.dropout = p.loraDropout.value;
    t.profile = ProfileOverrides{};
}

} // namespace memplan
