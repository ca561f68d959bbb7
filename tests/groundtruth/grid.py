#!/usr/bin/env python3
"""Write a grid of small memplan plan files for measure.py.

    python3 grid.py OUTDIR [--bnb | --no-bnb] [--galore | --no-galore]

The grid is a set of sweeps rather than one full product, each sweep varying the knobs that
matter for one part of the memory (model states, activations, adapters, generation):
LLaMA-style and GPT-2-style shapes of about 50M to 1.5B parameters, every precision recipe a
single GPU can run, the optimizers, micro-batch 1-16, sequence 128-4096, eager and flash
attention, checkpointing, LoRA ranks and targets, gradient accumulation, optimizer-in-backward
and generation. Every plan spells out every key, so no default of either side can matter.
Mixed-precision plans that train base weights carry training.dtypes = PyTorch AMP's layout
(fp32 weights and gradients, no master copy), which is what measure.py runs, so the planner
evaluates the same thing. Plans needing bitsandbytes (adamw-8bit, int8/int4, qlora) or galore_torch are written only
when those packages are importable here, unless forced with --bnb / --galore.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any, Iterator

HARDWARE = {"gpu": "h100-sxm-80gb"}

LLAMA = {"mlp": "gated", "norm": "rmsnorm", "bias": "none", "position": "rope", "tied_embeddings": False}
GPT2 = {"mlp": "plain", "norm": "layernorm", "bias": "all", "position": "learned", "tied_embeddings": True,
        "vocab": 50257}

# name -> shape. The parameter counts in the comments are the analytic ones (measure.model_params).
SHAPES: dict[str, dict[str, Any]] = {
    # ~58M: a small LLaMA
    "llama-58m": {**LLAMA, "layers": 8, "hidden": 512, "ffn": 1408, "heads": 8, "kv_heads": 8, "vocab": 32000},
    # ~125M, grouped-query attention
    "llama-125m": {**LLAMA, "layers": 12, "hidden": 768, "ffn": 2048, "heads": 12, "kv_heads": 4, "vocab": 32000},
    # ~340M, tied embeddings
    "llama-340m": {**LLAMA, "layers": 24, "hidden": 1024, "ffn": 2816, "heads": 16, "kv_heads": 16, "vocab": 32000,
                   "tied_embeddings": True},
    # TinyLlama-1.1B's shape
    "llama-1.1b": {**LLAMA, "layers": 22, "hidden": 2048, "ffn": 5632, "heads": 32, "kv_heads": 4, "vocab": 32000},
    # Qwen2-1.5B's shape: 152k vocabulary, qkv bias, tied
    "qwen2-1.5b": {**LLAMA, "layers": 28, "hidden": 1536, "ffn": 8960, "heads": 12, "kv_heads": 2, "vocab": 151936,
                   "bias": "qkv", "tied_embeddings": True},
    # the GPT-2 family (124M, 355M, 774M, 1.5B)
    "gpt2-124m": {**GPT2, "layers": 12, "hidden": 768, "ffn": 3072, "heads": 12, "kv_heads": 12},
    "gpt2-355m": {**GPT2, "layers": 24, "hidden": 1024, "ffn": 4096, "heads": 16, "kv_heads": 16},
    "gpt2-774m": {**GPT2, "layers": 36, "hidden": 1280, "ffn": 5120, "heads": 20, "kv_heads": 20},
    "gpt2-1.5b": {**GPT2, "layers": 48, "hidden": 1600, "ffn": 6400, "heads": 25, "kv_heads": 25},
    # variants for the model extensions
    "moe-4x-small": {**LLAMA, "layers": 8, "hidden": 512, "ffn": 1408, "heads": 8, "kv_heads": 8, "vocab": 32000,
                     "experts": 4, "experts_per_token": 2},
    "gptj-style-160m": {**LLAMA, "layers": 12, "hidden": 768, "ffn": 3072, "heads": 12, "kv_heads": 12,
                        "vocab": 50400, "mlp": "plain", "norm": "layernorm", "parallel_attention": True},
    "alibi-160m": {**LLAMA, "layers": 12, "hidden": 768, "ffn": 3072, "heads": 16, "kv_heads": 16, "vocab": 50257,
                   "mlp": "plain", "norm": "layernorm", "bias": "all", "position": "alibi"},
    "gpt2-124m-dropout": {**GPT2, "layers": 12, "hidden": 768, "ffn": 3072, "heads": 12, "kv_heads": 12,
                          "dropout": 0.1},
    # BERT-base as an encoder (no lm_head; token types, pooler; 109,482,240 like BertModel)
    "bert-base": {**GPT2, "layers": 12, "hidden": 768, "ffn": 3072, "heads": 12, "kv_heads": 12, "vocab": 30522,
                  "tied_embeddings": True, "lm_head": False, "type_vocab": 2, "pooler": True, "max_position": 512,
                  "dropout": 0.1},
}

TRAINING_BASE = {
    "method": "full", "precision": "bf16-mixed", "accounting": "realistic", "optimizer": "adamw",
    "optimizer_impl": "foreach", "micro_batch": 4, "seq_len": 512, "grad_accum": 1, "checkpointing": "none",
    "attention": "flash", "loss": "standard", "optimizer_in_backward": False, "activation_offload": False,
    "grads_to_none": True, "lora": {"rank": 8, "targets": ["q", "v"], "dropout": 0.0}, "trainable_fraction": 0.25,
    "galore_rank": 128, "new_tokens": 0, "dtypes": {},
}

# PyTorch AMP in memplan's terms (measure.AMP_DTYPES): what measure.py runs for the mixed recipes.
AMP_DTYPES = {"weights": "fp32", "gradients": "fp32", "master_weights": "none"}


def model_keys(shape_name: str, seq_len: int, new_tokens: int) -> dict[str, Any]:
    """The full model object: shape plus every optional key spelled out."""
    shape = SHAPES[shape_name]
    model = {
        "layers": shape["layers"], "hidden": shape["hidden"], "ffn": shape["ffn"], "heads": shape["heads"],
        "kv_heads": shape["kv_heads"], "head_dim": shape["hidden"] // shape["heads"], "vocab": shape["vocab"],
        "tied_embeddings": shape["tied_embeddings"], "mlp": shape["mlp"],
        "experts": shape.get("experts", 1), "experts_per_token": shape.get("experts_per_token", 1),
        "lm_head": shape.get("lm_head", True), "norm": shape["norm"], "bias": shape["bias"], "lm_head_bias": False,
        "position": shape["position"], "max_position": shape.get("max_position", 4096),
        "type_vocab": shape.get("type_vocab", 0), "pooler": shape.get("pooler", False),
        "parallel_attention": shape.get("parallel_attention", False), "dropout": shape.get("dropout", 0.0),
    }
    if shape["position"] == "learned" and "max_position" not in shape:  # GPT-2's 1024, or what the sweep needs
        model["max_position"] = max(1024, seq_len + new_tokens)
    return model


def make_plan(shape_name: str, **training: Any) -> dict[str, Any]:
    unknown = set(training) - set(TRAINING_BASE)
    if unknown:
        raise KeyError(f"unknown training keys {sorted(unknown)}")
    train = {**TRAINING_BASE, **training}
    if train["precision"] in ("bf16-mixed", "fp16-mixed") and train["method"] in ("full", "freeze", "galore"):
        train["dtypes"] = dict(AMP_DTYPES)
    return {
        "schema_version": 1,
        "name": plan_slug(shape_name, train),
        "model": model_keys(shape_name, train["seq_len"], train["new_tokens"]),
        "training": train,
        "parallelism": {"gpus": 1, "sharding": "none", "sharding_factor": 1, "tp": 1, "pp": 1, "offload": "none"},
        "hardware": dict(HARDWARE),
    }


def plan_slug(shape_name: str, t: dict[str, Any]) -> str:
    """A file-name-safe summary of what differs between plans."""
    parts = [shape_name, t["method"], t["precision"]]
    if t["method"] == "inference":
        parts += [f"mb{t['micro_batch']}", f"s{t['seq_len']}", f"new{t['new_tokens']}", t["attention"]]
        return "-".join(parts)
    parts += [t["optimizer"], f"mb{t['micro_batch']}", f"s{t['seq_len']}", t["attention"], f"ckpt-{t['checkpointing']}"]
    if t["optimizer_impl"] != "foreach":
        parts.append(t["optimizer_impl"])
    if not t["grads_to_none"]:
        parts.append("keepgrads")
    if t["grad_accum"] > 1:
        parts.append(f"ga{t['grad_accum']}")
    if t["loss"] != "standard":
        parts.append(f"loss-{t['loss']}")
    if t["optimizer_in_backward"]:
        parts.append("oib")
    if t["activation_offload"]:
        parts.append("actoffload")
    if t["method"] in ("lora", "qlora"):
        targets = t["lora"]["targets"]
        parts.append(f"r{t['lora']['rank']}-" + ("all" if targets == "all-linear" else "".join(targets)))
        if t["lora"]["dropout"]:
            parts.append(f"drop{t['lora']['dropout']:g}")
    if t["method"] == "freeze":
        parts.append(f"top{t['trainable_fraction']:g}")
    if t["method"] == "galore":
        parts.append(f"rank{t['galore_rank']}")
    return "-".join(parts)


# ---------------------------------------------------------------------------------------------
# The sweeps
# ---------------------------------------------------------------------------------------------

DENSE_SHAPES = ("llama-58m", "llama-125m", "llama-340m", "llama-1.1b", "qwen2-1.5b",
                "gpt2-124m", "gpt2-355m", "gpt2-774m", "gpt2-1.5b")
PRECISIONS = ("fp32", "bf16-mixed", "fp16-mixed", "bf16-pure")


def model_state_sweep(bnb: bool) -> Iterator[dict]:
    """Weights, gradients and optimizer states: every shape x precision x optimizer."""
    optimizers = ["adamw", "sgd", "sgd-momentum", "adafactor"] + (["adamw-8bit"] if bnb else [])
    for shape in DENSE_SHAPES:
        for precision in PRECISIONS:
            for optimizer in optimizers:
                yield make_plan(shape, precision=precision, optimizer=optimizer, micro_batch=2, seq_len=512)


def activation_sweep() -> Iterator[dict]:
    """Activations: batch x sequence x attention x checkpointing on three small shapes."""
    for shape in ("llama-125m", "gpt2-124m", "llama-340m"):
        for micro_batch in (1, 4, 16):
            for seq_len in (128, 1024, 4096):
                for attention in ("eager", "flash"):
                    for checkpointing in ("none", "full"):
                        yield make_plan(shape, micro_batch=micro_batch, seq_len=seq_len, attention=attention,
                                        checkpointing=checkpointing)


def recompute_and_loss_sweep() -> Iterator[dict]:
    """Selective recomputation and the chunked loss, where the 152k vocabulary makes logits large."""
    for shape in ("qwen2-1.5b", "llama-1.1b"):
        for micro_batch in (1, 4):
            for seq_len in (1024, 2048):
                for loss in ("standard", "chunked"):
                    yield make_plan(shape, micro_batch=micro_batch, seq_len=seq_len, loss=loss)
                for attention in ("eager", "flash"):
                    yield make_plan(shape, micro_batch=micro_batch, seq_len=seq_len, attention=attention,
                                    checkpointing="selective")


def adapter_sweep(bnb: bool, galore: bool) -> Iterator[dict]:
    """LoRA (ranks, targets), QLoRA, freezing and GaLore."""
    for shape in ("llama-125m", "llama-1.1b", "gpt2-355m"):
        for precision in ("fp32", "bf16-mixed", "bf16-pure"):
            for rank in (8, 64):
                for targets in (["q", "v"], "all-linear"):
                    yield make_plan(shape, method="lora", precision=precision, micro_batch=4, seq_len=1024,
                                    lora={"rank": rank, "targets": targets, "dropout": 0.0})
        yield make_plan(shape, method="lora", micro_batch=4, seq_len=1024,
                        lora={"rank": 16, "targets": "all-linear", "dropout": 0.1})
        for fraction in (0.25, 0.5):
            yield make_plan(shape, method="freeze", trainable_fraction=fraction, micro_batch=4, seq_len=1024)
        if bnb:
            for precision in ("int4", "int8"):
                yield make_plan(shape, method="qlora", precision=precision, micro_batch=4, seq_len=1024,
                                lora={"rank": 16, "targets": "all-linear", "dropout": 0.0})
    if galore:
        for shape in ("llama-125m", "llama-1.1b"):
            for optimizer_in_backward in (False, True):
                yield make_plan(shape, method="galore", precision="bf16-pure", galore_rank=128,
                                optimizer_in_backward=optimizer_in_backward)


def step_sweep() -> Iterator[dict]:
    """Gradient accumulation, the optimizer stepping inside backward, the optimizer's
    implementation (foreach / fused / loop temporaries) and gradients kept between steps."""
    for shape in ("llama-340m", "gpt2-124m", "llama-1.1b"):
        for precision in ("bf16-mixed", "bf16-pure"):
            for optimizer in ("adamw", "sgd-momentum"):
                for grad_accum, in_backward in ((1, False), (4, False), (1, True)):
                    yield make_plan(shape, precision=precision, optimizer=optimizer, grad_accum=grad_accum,
                                    optimizer_in_backward=in_backward)
                for optimizer_impl in ("fused", "loop"):
                    yield make_plan(shape, precision=precision, optimizer=optimizer, optimizer_impl=optimizer_impl)
                yield make_plan(shape, precision=precision, optimizer=optimizer, grads_to_none=False)


def inference_sweep(bnb: bool) -> Iterator[dict]:
    """Generation: weights plus KV cache, prompt and generated lengths, batch."""
    precisions = ("fp32", "fp16-mixed", "bf16-pure") + (("int8", "int4") if bnb else ())
    for shape in ("llama-125m", "llama-1.1b", "qwen2-1.5b", "gpt2-355m", "gpt2-1.5b"):
        for precision in precisions:
            for micro_batch, seq_len, new_tokens in ((1, 512, 128), (8, 2048, 256), (16, 128, 0)):
                yield make_plan(shape, method="inference", precision=precision, micro_batch=micro_batch,
                                seq_len=seq_len, new_tokens=new_tokens)
        yield make_plan(shape, method="inference", precision="bf16-pure", micro_batch=4, seq_len=1024,
                        new_tokens=64, attention="eager")


def extension_sweep() -> Iterator[dict]:
    """Mixture of experts, parallel attention, ALiBi, dropout, an encoder, activation offload, lion."""
    for shape in ("moe-4x-small", "gptj-style-160m", "alibi-160m", "gpt2-124m-dropout", "bert-base"):
        for attention in ("eager", "flash"):
            for checkpointing in ("none", "full"):
                yield make_plan(shape, attention=attention, checkpointing=checkpointing, micro_batch=8, seq_len=512)
    for shape in ("llama-340m", "gpt2-355m"):
        yield make_plan(shape, activation_offload=True, micro_batch=8, seq_len=1024)
        yield make_plan(shape, optimizer="lion")


def all_plans(bnb: bool, galore: bool) -> list[dict]:
    """Every plan of the grid, in a fixed order, without duplicates."""
    sweeps = (model_state_sweep(bnb), activation_sweep(), recompute_and_loss_sweep(), adapter_sweep(bnb, galore),
              step_sweep(), inference_sweep(bnb), extension_sweep())
    plans, seen = [], set()
    for sweep in sweeps:
        for plan in sweep:
            key = json.dumps({"model": plan["model"], "training": plan["training"]}, sort_keys=True)
            if key not in seen:
                seen.add(key)
                plans.append(plan)
    return plans


def write_grid(out_dir: Path, bnb: bool, galore: bool) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, plan in enumerate(all_plans(bnb, galore), 1):
        path = out_dir / f"{index:04d}-{plan['name']}.memplan.json"
        path.write_text(json.dumps(plan, indent=2) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def _available(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a grid of memplan plan files for measure.py.")
    parser.add_argument("out_dir", type=Path, help="directory to write the plans into (created if needed)")
    parser.add_argument("--bnb", action=argparse.BooleanOptionalAction, default=None,
                        help="include plans needing bitsandbytes (default: when it is importable)")
    parser.add_argument("--galore", action=argparse.BooleanOptionalAction, default=None,
                        help="include plans needing galore_torch (default: when it is importable)")
    args = parser.parse_args(argv)
    bnb = _available("bitsandbytes") if args.bnb is None else args.bnb
    galore = _available("galore_torch") if args.galore is None else args.galore
    paths = write_grid(args.out_dir, bnb, galore)
    print(f"wrote {len(paths)} plans to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
