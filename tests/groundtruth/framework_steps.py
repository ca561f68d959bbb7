#!/usr/bin/env python3
"""Measure real framework training steps on one CUDA GPU: transformers' Trainer with PEFT, and
the GaLore paper's own training loop (transformers' Llama, torch Adam, transformers Adafactor).

Unlike measure.py, which builds its models itself, this runs the frameworks' own code, so its
readings are ground truth for the framework profiles (`training.framework`). It needs torch,
transformers, peft and accelerate; nothing is downloaded (models are built from a config with
random weights, the data are random token ids).

    python3 framework_steps.py --list
    python3 framework_steps.py CASE OUT.json      # one case per process: clean peak counters
    python3 framework_steps.py --all OUTDIR [N [CASE...]]   # every case (or those named), N at a time

Each case records the peak of torch.cuda.max_memory_allocated / max_memory_reserved over the
steps after the first (the first creates the optimizer state), the allocation after loading,
the parameter counts, and every setting the frameworks chose on their own (optimizer class,
attention implementation, checkpointing kwargs), so that a memplan plan can be written from
what really ran.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

# LLaMA-1B as in the GaLore repository's configs/llama_1b.json.
GALORE_1B = dict(hidden_size=2048, intermediate_size=5461, num_hidden_layers=24,
                 num_attention_heads=32, num_key_value_heads=32, vocab_size=32000,
                 max_position_embeddings=1024, tie_word_embeddings=False)
# TinyLlama-1.1B's shape (TinyLlama/TinyLlama-1.1B-intermediate-step-1431k-3T config.json).
TINYLLAMA = dict(hidden_size=2048, intermediate_size=5632, num_hidden_layers=22,
                 num_attention_heads=32, num_key_value_heads=4, vocab_size=32000,
                 max_position_embeddings=2048, tie_word_embeddings=False)

# Qwen2.5-0.5B's shape (Qwen/Qwen2.5-0.5B config.json): tied embeddings, a 151,936-word
# vocabulary, q/k/v biases, two KV heads.
QWEN25_05B = dict(arch="qwen2", hidden_size=896, intermediate_size=4864, num_hidden_layers=24,
                  num_attention_heads=14, num_key_value_heads=2, vocab_size=151936,
                  max_position_embeddings=32768, tie_word_embeddings=True)

CASES = {
    # GaLore Table 11's runs, in the repository's torchrun_main.py loop (bf16 model, batch 1 x 256).
    "galore1b-adam": dict(kind="galore", shape=GALORE_1B, optimizer="adam", mb=1, seq=256),
    "galore1b-adafactor": dict(kind="galore", shape=GALORE_1B, optimizer="adafactor", mb=1, seq=256),
    "galore1b-adafactor-layerwise": dict(kind="galore", shape=GALORE_1B, optimizer="adafactor",
                                         layerwise=True, mb=1, seq=256),
    # transformers Trainer (+ PEFT LoRA), its defaults unless named here.
    "trainer-lora-qv-fp32base-mb4-s512": dict(kind="trainer", shape=TINYLLAMA, lora=["q_proj", "v_proj"],
                                             mb=4, seq=512, ckpt=False, dtype="float32"),
    "trainer-lora-qv-fp32base-mb4-s512-ckpt": dict(kind="trainer", shape=TINYLLAMA, lora=["q_proj", "v_proj"],
                                                  mb=4, seq=512, ckpt=True, dtype="float32"),
    "trainer-lora-all-bf16base-mb4-s1024-ckpt": dict(kind="trainer", shape=TINYLLAMA, lora="all-linear",
                                                    mb=4, seq=1024, ckpt=True, dtype="bfloat16"),
    "trainer-full-fp32-mb2-s512": dict(kind="trainer", shape=TINYLLAMA, lora=None, mb=2, seq=512,
                                       ckpt=False, dtype="float32"),
    "trainer-full-fp32-mb2-s512-ckpt-eager": dict(kind="trainer", shape=TINYLLAMA, lora=None, mb=2, seq=512,
                                                  ckpt=True, dtype="float32", attn="eager"),
    # Second lease: shapes and settings none of the above used.
    "trainer-adafactor-full-fp32-mb2-s512": dict(kind="trainer", shape=TINYLLAMA, lora=None, mb=2, seq=512,
                                                 ckpt=False, dtype="float32", optim="adafactor"),
    "trainer-lora-qv-fp32base-mb2-s2048-ckpt-eager": dict(kind="trainer", shape=TINYLLAMA, lora=["q_proj", "v_proj"],
                                                         mb=2, seq=2048, ckpt=True, dtype="float32", attn="eager"),
    "trainer-full-bf16-mb4-s1024-ga4": dict(kind="trainer", shape=TINYLLAMA, lora=None, mb=4, seq=1024,
                                            ckpt=False, dtype="bfloat16", grad_accum=4),
    "trainer-lora-qv-fp32base-mb8-s512-ga2-dropout0.1": dict(kind="trainer", shape=TINYLLAMA, lora=["q_proj", "v_proj"],
                                                            mb=8, seq=512, ckpt=False, dtype="float32",
                                                            grad_accum=2, lora_dropout=0.1),
    "trainer-qwen0.5b-lora-all-bf16base-mb4-s1024-ckpt": dict(kind="trainer", shape=QWEN25_05B, lora="all-linear",
                                                             mb=4, seq=1024, ckpt=True, dtype="bfloat16"),
    "trainer-qwen0.5b-full-fp32-mb2-s1024": dict(kind="trainer", shape=QWEN25_05B, lora=None, mb=2, seq=1024,
                                                 ckpt=False, dtype="float32"),
    "trainer-qwen0.5b-full-fp32-mb4-s1024-ckpt": dict(kind="trainer", shape=QWEN25_05B, lora=None, mb=4, seq=1024,
                                                      ckpt=True, dtype="float32"),
    "galore1b-adam-layerwise": dict(kind="galore", shape=GALORE_1B, optimizer="adam", layerwise=True, mb=1, seq=256),
}


def versions():
    import torch
    import transformers
    out = {"torch": torch.__version__, "transformers": transformers.__version__,
           "gpu": torch.cuda.get_device_name(0)}
    try:
        import peft
        out["peft"] = peft.__version__
    except ImportError:
        pass
    return out


def build_model(shape, dtype, attn):
    import torch
    shape = dict(shape)
    if shape.pop("arch", "llama") == "qwen2":
        from transformers import Qwen2Config as Config, Qwen2ForCausalLM as Model
    else:
        from transformers import LlamaConfig as Config, LlamaForCausalLM as Model
    cfg = Config(**shape)
    cfg._attn_implementation = attn
    torch.manual_seed(0)
    model = Model(cfg)
    return model.to(device="cuda", dtype=getattr(torch, dtype))


def counts(model):
    total = sum(p.numel() for p in model.parameters())
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return {"params": total, "trainable_params": trainable}


def step_record(torch, step):
    torch.cuda.synchronize()
    rec = {"step": step, "peak_allocated": torch.cuda.max_memory_allocated(),
           "peak_reserved": torch.cuda.max_memory_reserved(), "allocated": torch.cuda.memory_allocated()}
    torch.cuda.reset_peak_memory_stats()
    return rec


def run_galore(case):
    """torchrun_main.py's loop: loss = model(**batch, labels=labels).loss; backward; step; zero_grad."""
    import torch
    import transformers
    model = build_model(case["shape"], "bfloat16", case.get("attn", "sdpa"))
    result = {"after_load_allocated": torch.cuda.memory_allocated(), **counts(model)}
    params = [p for p in model.parameters() if p.requires_grad]

    def make(ps):
        if case["optimizer"] == "adam":
            return torch.optim.Adam(ps, lr=1e-4, weight_decay=0.0)
        # torchrun_main.py: beta1 0.0 becomes None; relative_step/scale_parameter/warmup_init off.
        return transformers.optimization.Adafactor(ps, lr=1e-4, eps=(1e-30, 1e-3), clip_threshold=1.0,
                                                   decay_rate=-0.8, beta1=None, weight_decay=0.0,
                                                   relative_step=False, scale_parameter=False,
                                                   warmup_init=False)

    if case.get("layerwise"):
        # torchrun_main.py's per-layer mode: one optimizer per parameter, stepped from a hook.
        per_param = {p: make([p]) for p in params}

        def hook(p):
            per_param[p].step()
            per_param[p].zero_grad()
        for p in params:
            p.register_post_accumulate_grad_hook(hook)
        optimizer = None
    else:
        optimizer = make(params)
    result["optimizer"] = type(per_param[params[0]] if optimizer is None else optimizer).__name__
    result["attn_implementation"] = model.config._attn_implementation
    g = torch.Generator().manual_seed(0)
    ids = torch.randint(0, case["shape"]["vocab_size"], (case["mb"], case["seq"]), generator=g).cuda()
    steps = []
    torch.cuda.reset_peak_memory_stats()
    for step in range(1, 4):
        loss = model(input_ids=ids, labels=ids.clone()).loss
        loss.backward()
        if optimizer is not None:
            optimizer.step()
            optimizer.zero_grad()
        steps.append(step_record(torch, step))
    result["steps"] = steps
    return result


def run_trainer(case):
    import torch
    from transformers import Trainer, TrainerCallback, TrainingArguments
    model = build_model(case["shape"], case["dtype"], case.get("attn", "sdpa"))
    result = {"after_load_allocated": torch.cuda.memory_allocated()}
    if case["lora"] is not None:
        from peft import LoraConfig, get_peft_model
        dropout = case.get("lora_dropout", 0.05)
        lcfg = LoraConfig(r=16, lora_alpha=32, lora_dropout=dropout, target_modules=case["lora"],
                          task_type="CAUSAL_LM")
        model = get_peft_model(model, lcfg)
        result["lora"] = {"r": 16, "alpha": 32, "dropout": dropout, "targets": case["lora"]}
    result.update(counts(model))

    class Tokens(torch.utils.data.Dataset):
        def __init__(self, n, seq, vocab):
            self.ids = torch.randint(0, vocab, (n, seq), generator=torch.Generator().manual_seed(0))
            # every step takes micro_batch x gradient_accumulation_steps rows

        def __len__(self):
            return len(self.ids)

        def __getitem__(self, i):
            x = self.ids[i]
            return {"input_ids": x, "labels": x.clone(), "attention_mask": torch.ones_like(x)}

    steps = []

    class Peak(TrainerCallback):
        def on_step_begin(self, args, state, control, **kw):
            if state.global_step == 0:
                torch.cuda.reset_peak_memory_stats()

        def on_step_end(self, args, state, control, **kw):
            steps.append(step_record(torch, state.global_step))

    extra = {"optim": case["optim"]} if "optim" in case else {}
    args = TrainingArguments(output_dir="/tmp/framework_steps", per_device_train_batch_size=case["mb"],
                             gradient_accumulation_steps=case.get("grad_accum", 1), **extra,
                             max_steps=3, learning_rate=1e-4, bf16=True,
                             gradient_checkpointing=case["ckpt"], save_strategy="no", report_to="none",
                             logging_strategy="no", dataloader_num_workers=0, disable_tqdm=True)
    rows = 4 * case["mb"] * case.get("grad_accum", 1)
    trainer = Trainer(model=model, args=args, train_dataset=Tokens(rows, case["seq"], case["shape"]["vocab_size"]),
                      callbacks=[Peak()])
    trainer.train()
    result["steps"] = steps
    result["optimizer"] = type(trainer.optimizer.optimizer if hasattr(trainer.optimizer, "optimizer")
                               else trainer.optimizer).__name__
    result["optim_arg"] = str(args.optim)
    result["gradient_checkpointing_kwargs"] = args.gradient_checkpointing_kwargs
    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    result["attn_implementation"] = base.config._attn_implementation
    result["optimizer_defaults"] = {k: (v if isinstance(v, (int, float, bool, str, type(None))) else str(v))
                                    for k, v in trainer.optimizer.defaults.items()}
    return result


def run_case(name, out):
    case = CASES[name]
    started = time.time()
    record = {"case": name, "setup": {k: v for k, v in case.items()}}
    try:
        record.update(versions())
        record.update(run_galore(case) if case["kind"] == "galore" else run_trainer(case))
        after = record["steps"][1:]
        record["peak_allocated"] = max(s["peak_allocated"] for s in after)
        record["peak_reserved"] = max(s["peak_reserved"] for s in after)
        record["status"] = "ok"
    except Exception as error:  # a failed case is a result too: say what failed
        import traceback
        record["status"] = "error"
        record["reason"] = "".join(traceback.format_exception_only(type(error), error)).strip()
        record["traceback"] = traceback.format_exc()[-4000:]
    record["seconds"] = round(time.time() - started, 1)
    Path(out).write_text(json.dumps(record, indent=1) + "\n")
    print(name, record["status"], record.get("peak_allocated", record.get("reason")), flush=True)


def run_all(outdir, parallel=2, names=None):
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    pending = list(names or CASES)
    running = []
    while pending or running:
        while pending and len(running) < parallel:
            name = pending.pop(0)
            running.append(subprocess.Popen([sys.executable, __file__, name, str(outdir / f"{name}.json")]))
        running[0].wait()
        running = [p for p in running if p.poll() is None]


if __name__ == "__main__":
    if sys.argv[1:2] == ["--list"]:
        print("\n".join(CASES))
    elif sys.argv[1:2] == ["--all"]:
        run_all(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 2, sys.argv[4:])
    else:
        run_case(sys.argv[1], sys.argv[2])
