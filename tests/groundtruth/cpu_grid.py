#!/usr/bin/env python3
"""Write the CPU-trace grid: small plans that `measure.py --device cpu` traces in a few seconds.

    python3 cpu_grid.py OUTDIR

Shapes are small (hidden 64-1024, 2-8 layers) so two shared CPU cores trace the grid in well
under an hour, with real vocabulary sizes (32000, 50257, 151936) where the loss matters. The
sweeps cover what decides a peak on any device: full / LoRA (targets, rank, dropout) / freeze;
fp32, bf16-mixed (autocast), bf16-pure; AdamW foreach and loop, SGD, SGD-momentum; activation
checkpointing; eager attention; standard and chunked loss; gradient accumulation 1 and 4;
zero_grad to None or not; tied and untied embeddings; gated and plain MLPs; GQA; generation
with a KV cache. A few plans that torch 1.13 on the CPU cannot run (flash attention, fp16,
Adafactor, fused AdamW) are kept so that the results show them as skipped, with the reason.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Iterator

import grid

LLAMA, GPT2 = grid.LLAMA, grid.GPT2

CPU_SHAPES = {
    # LLaMA-style, 4 layers, hidden 256, LLaMA's 32000 vocabulary (the head is most of it)
    "cpu-llama-h256": {**LLAMA, "layers": 4, "hidden": 256, "ffn": 688, "heads": 4, "kv_heads": 4, "vocab": 32000},
    # grouped-query attention (4 query heads per kv head)
    "cpu-llama-gqa-h512": {**LLAMA, "layers": 4, "hidden": 512, "ffn": 1376, "heads": 8, "kv_heads": 2,
                           "vocab": 32000},
    # GPT-2 style: plain GELU MLP, layernorm, biases, learned positions, tied, GPT-2's vocabulary
    "cpu-gpt2-h256": {**GPT2, "layers": 4, "hidden": 256, "ffn": 1024, "heads": 4, "kv_heads": 4},
    # wide and shallow: the layers dominate
    "cpu-llama-h1024": {**LLAMA, "layers": 2, "hidden": 1024, "ffn": 2752, "heads": 16, "kv_heads": 16,
                        "vocab": 8192},
    # narrow and deep: the loss dominates
    "cpu-llama-h64-l8": {**LLAMA, "layers": 8, "hidden": 64, "ffn": 172, "heads": 2, "kv_heads": 2, "vocab": 32000},
    # Qwen2's 151936 vocabulary, qkv bias, tied
    "cpu-qwen-h256": {**LLAMA, "layers": 2, "hidden": 256, "ffn": 704, "heads": 4, "kv_heads": 2, "vocab": 151936,
                      "bias": "qkv", "tied_embeddings": True},
    # tied LLaMA
    "cpu-llama-h256-tied": {**LLAMA, "layers": 4, "hidden": 256, "ffn": 688, "heads": 4, "kv_heads": 4,
                            "vocab": 32000, "tied_embeddings": True},
}
grid.SHAPES.update(CPU_SHAPES)

BASE = {"attention": "eager", "micro_batch": 2, "seq_len": 128}
MAIN_SHAPES = ("cpu-llama-h256", "cpu-llama-gqa-h512", "cpu-gpt2-h256")
PRECISIONS = ("fp32", "bf16-mixed", "bf16-pure")


def plan(shape: str, **training) -> dict:
    return grid.make_plan(shape, **{**BASE, **training})


def model_state_sweep() -> Iterator[dict]:
    """Weights, gradients, optimizer states and their step temporaries."""
    for shape in ("cpu-llama-h256", "cpu-llama-gqa-h512", "cpu-gpt2-h256", "cpu-llama-h1024", "cpu-llama-h64-l8"):
        for precision in PRECISIONS:
            for optimizer, impl in (("adamw", "foreach"), ("adamw", "loop"), ("sgd", "foreach"),
                                    ("sgd-momentum", "foreach"), ("sgd-momentum", "loop")):
                yield plan(shape, precision=precision, optimizer=optimizer, optimizer_impl=impl)


def activation_sweep() -> Iterator[dict]:
    """Batch x sequence, with and without checkpointing, standard and chunked loss."""
    for shape in ("cpu-llama-h256", "cpu-gpt2-h256"):
        for precision in ("fp32", "bf16-mixed"):
            for micro_batch, seq_len in ((1, 32), (1, 512), (4, 128), (2, 1024)):
                for checkpointing in ("none", "full"):
                    yield plan(shape, precision=precision, micro_batch=micro_batch, seq_len=seq_len,
                               checkpointing=checkpointing)
    for shape in ("cpu-llama-h256", "cpu-qwen-h256", "cpu-llama-h64-l8", "cpu-gpt2-h256"):
        for precision in PRECISIONS:
            for loss in ("standard", "chunked"):
                yield plan(shape, precision=precision, loss=loss, seq_len=256)
            yield plan(shape, precision=precision, loss="chunked", seq_len=256, checkpointing="full")


def adapter_sweep() -> Iterator[dict]:
    """LoRA: targets, rank, dropout 0 and 0.1; freezing the bottom layers."""
    for shape in MAIN_SHAPES:
        for precision in ("fp32", "bf16-mixed"):
            for targets in (["q", "v"], ["q", "k", "v", "o"], "all-linear"):
                for rank in (8, 64):
                    for dropout in (0.0, 0.1):
                        yield plan(shape, method="lora", precision=precision, seq_len=256,
                                   lora={"rank": rank, "targets": targets, "dropout": dropout})
        yield plan(shape, method="lora", precision="bf16-pure", seq_len=256,
                   lora={"rank": 16, "targets": "all-linear", "dropout": 0.1})
        for precision in ("fp32", "bf16-mixed"):
            for fraction in (0.25, 0.5):
                yield plan(shape, method="freeze", precision=precision, trainable_fraction=fraction, seq_len=256)


def step_sweep() -> Iterator[dict]:
    """Gradient accumulation and gradients kept between steps (zero_grad to zero, not None)."""
    for shape in ("cpu-llama-h256", "cpu-gpt2-h256", "cpu-llama-h256-tied"):
        for precision in ("fp32", "bf16-mixed"):
            for optimizer in ("adamw", "sgd-momentum"):
                for grad_accum in (1, 4):
                    for grads_to_none in (True, False):
                        yield plan(shape, precision=precision, optimizer=optimizer, grad_accum=grad_accum,
                                   grads_to_none=grads_to_none, micro_batch=1)


def inference_sweep() -> Iterator[dict]:
    """Generation with a static KV cache: prompt and generated lengths, batch."""
    for shape in ("cpu-llama-h256", "cpu-llama-gqa-h512", "cpu-gpt2-h256", "cpu-llama-h1024"):
        for precision in ("fp32", "bf16-pure"):
            for micro_batch, seq_len, new_tokens in ((1, 256, 32), (4, 512, 16), (8, 64, 0)):
                yield plan(shape, method="inference", precision=precision, micro_batch=micro_batch,
                           seq_len=seq_len, new_tokens=new_tokens)


def untraceable_sweep() -> Iterator[dict]:
    """Plans torch 1.13 on the CPU cannot run: reported as skipped, never approximated."""
    for shape in ("cpu-llama-h256", "cpu-gpt2-h256"):
        yield plan(shape, attention="flash")
        yield plan(shape, precision="fp16-mixed")
        yield plan(shape, optimizer="adafactor")
        yield plan(shape, optimizer_impl="fused")


def depth_sweep() -> Iterator[dict]:
    """Checkpointing and accumulation on the deep narrow and the wide shallow shapes."""
    for shape in ("cpu-llama-h64-l8", "cpu-llama-h1024"):
        for precision in PRECISIONS:
            yield plan(shape, precision=precision, checkpointing="full", seq_len=256)
            yield plan(shape, precision=precision, optimizer="sgd-momentum", grad_accum=4, grads_to_none=False)


def all_plans() -> list[dict]:
    sweeps = (model_state_sweep(), activation_sweep(), adapter_sweep(), step_sweep(), inference_sweep(),
              untraceable_sweep(), depth_sweep())
    plans, seen = [], set()
    for sweep in sweeps:
        for p in sweep:
            key = json.dumps({"model": p["model"], "training": p["training"]}, sort_keys=True)
            if key not in seen:
                seen.add(key)
                plans.append(p)
    return plans


def write_grid(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, p in enumerate(all_plans(), 1):
        path = out_dir / f"{index:04d}-{p['name']}.memplan.json"
        path.write_text(json.dumps(p, indent=2) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the CPU-trace plan grid for measure.py --device cpu.")
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args(argv)
    paths = write_grid(args.out_dir)
    print(f"wrote {len(paths)} plans to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
