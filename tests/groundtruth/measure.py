#!/usr/bin/env python3
"""Ground-truth GPU memory measurements for memplan plan files.

Reads plan files (the contract in shared/plan-format.md), builds the model the plan describes
with random weights in plain PyTorch, runs a few training steps (or a generation) on one GPU
and records what the CUDA caching allocator and the driver report, so that the planner's
predictions can be compared with reality.

The file has two halves:

* plan reading (pure Python, no torch): parsing, preset merging, defaults, validation,
  recipe resolution, analytic parameter counts and the --dry-run description;
* measurement (imports torch lazily): the model, the precision recipes, LoRA, the optimizers,
  the training and generation loops, and the memory probes.

By default every plan runs in a fresh worker process, so each measurement starts from a clean
CUDA context and allocator, and a per-plan --timeout is possible.

Run `measure.py --help`; tests/groundtruth/README.md explains the output.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import gc
import importlib.util
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import types
from pathlib import Path
from typing import Any, Callable, Iterable

RESULT_SCHEMA_VERSION = 1
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PRESETS_DIR = REPO_ROOT / "presets"

# ---------------------------------------------------------------------------------------------
# Allowed values: the contract's, and the extensions memplan's own plan reader accepts
# (core/memplan/plan_json.cpp, model_json.cpp); a plan the planner reads, this script reads.
# ---------------------------------------------------------------------------------------------

METHODS = ("full", "lora", "qlora", "freeze", "galore", "inference")
PRECISIONS = ("fp32", "fp16-mixed", "bf16-mixed", "bf16-pure", "fp8-mixed", "int8", "int4")
OPTIMIZERS = ("adamw", "adamw-8bit", "adafactor", "sgd", "sgd-momentum", "lion")
OPTIMIZER_IMPLS = ("foreach", "fused", "loop")
CHECKPOINTING = ("none", "selective", "full")
ATTENTION = ("eager", "flash")
LOSSES = ("standard", "chunked")
ACCOUNTING = ("realistic", "textbook")
SHARDING = ("none", "zero1", "zero2", "zero3")
OFFLOAD = ("none", "optimizer", "optimizer+params")
MLP_KINDS = ("gated", "plain")
NORMS = ("rmsnorm", "layernorm")
BIASES = ("none", "qkv", "all")
POSITIONS = ("rope", "learned", "alibi")
DTYPES = ("none", "fp32", "fp16", "bf16", "fp8", "int8", "nf4")
TENSOR_CLASSES = ("weights", "gradients", "master_weights", "optimizer_states", "activations")

ATTENTION_LINEARS = ("q", "k", "v", "o")
MLP_LINEARS = ("gate", "up", "down")
LORA_TARGETS = ATTENTION_LINEARS + MLP_LINEARS

MAX_COUNT = 2**31 - 1  # any count (batch, sequence, vocabulary) must fit a C int
MAX_WIDTH = 10_000_000
MAX_PARAMS = 1e15

# The optimizers GaLore provides, by memplan optimizer name (galore_torch class names).
GALORE_OPTIMIZERS = {"adamw": "GaLoreAdamW", "adamw-8bit": "GaLoreAdamW8bit", "adafactor": "GaLoreAdafactor"}

# Defaults for omitted keys: the planner's (core/memplan/plan.h), so that a plan means the same
# run to both. The grid spells out every key anyway.
MODEL_DEFAULTS = {
    "name": None,
    "layers": 32, "hidden": 4096, "ffn": 11008, "heads": 32, "kv_heads": 32, "head_dim": 128, "vocab": 32000,
    "tied_embeddings": False,
    "mlp": "gated",
    "experts": 1,
    "experts_per_token": 1,
    "lm_head": True,
    "norm": "rmsnorm",
    "bias": "none",
    "lm_head_bias": False,
    "position": "rope",
    "max_position": 4096,
    "type_vocab": 0,
    "pooler": False,
    "parallel_attention": False,
    "dropout": 0.0,
}
SHAPE_KEYS = tuple(k for k in MODEL_DEFAULTS if k != "name")
LORA_DEFAULTS = {"rank": 8, "targets": ("q", "v"), "dropout": 0.0}
TRAINING_DEFAULTS = {
    "method": "full",
    "precision": "bf16-mixed",
    "accounting": "realistic",
    "optimizer": "adamw",
    "optimizer_impl": "foreach",
    "micro_batch": 1,
    "seq_len": 2048,
    "grad_accum": 1,
    "checkpointing": "none",
    "attention": "flash",
    "loss": "standard",
    "optimizer_in_backward": False,
    "activation_offload": False,
    "grads_to_none": True,
    "lora": LORA_DEFAULTS,
    "trainable_fraction": 1.0,
    "galore_rank": 128,
    "new_tokens": 0,
    "dtypes": {},
}
PARALLELISM_DEFAULTS = {"gpus": 1, "sharding": "none", "sharding_factor": None, "tp": 1, "pp": 1,
                        "sequence_parallel": False, "offload": "none"}
HARDWARE_DEFAULTS = {"gpu": None, "memory_gib": None, "runtime_overhead_gib": None, "allocator_reserve_fraction": None}

# PyTorch AMP's layout in memplan's terms: the training.dtypes override that makes the planner
# count what torch.autocast runs (fp32 weights and gradients, no separate master copy).
AMP_DTYPES = {"weights": "fp32", "gradients": "fp32", "master_weights": "none"}


# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------


class PlanError(ValueError):
    """A plan that breaks the contract; the message names the file and the key's path."""

    def __init__(self, file: str | os.PathLike, key: str, message: str):
        self.file = str(file)
        self.key = key
        super().__init__(f"{self.file}: {key}: {message}" if key else f"{self.file}: {message}")


class Unmeasurable(Exception):
    """A valid plan this script cannot run here (reported as status "skipped")."""


@dataclasses.dataclass(frozen=True)
class Where:
    """The file and key path a value came from, so that errors can name both."""

    file: str
    path: str = ""

    def child(self, key: str) -> "Where":
        return Where(self.file, f"{self.path}.{key}" if self.path else key)

    def fail(self, message: str):
        raise PlanError(self.file, self.path, message)


# ---------------------------------------------------------------------------------------------
# Field validators: each takes (value, where) and returns the checked value or raises PlanError
# ---------------------------------------------------------------------------------------------

Validator = Callable[[Any, Where], Any]


def _show(value: Any) -> str:
    return json.dumps(value) if not isinstance(value, float) or math.isfinite(value) else str(value)


def int_field(minimum: int, maximum: int = MAX_COUNT) -> Validator:
    def check(value, where):
        if isinstance(value, bool) or not isinstance(value, int):
            where.fail(f"must be an integer, got {_show(value)}")
        if not minimum <= value <= maximum:
            where.fail(f"must be between {minimum} and {maximum}, got {value}")
        return value

    return check


def number_field(minimum: float, maximum: float, *, min_inclusive=True, max_inclusive=True) -> Validator:
    def check(value, where):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            where.fail(f"must be a finite number, got {_show(value)}")
        low_ok = value >= minimum if min_inclusive else value > minimum
        high_ok = value <= maximum if max_inclusive else value < maximum
        if not (low_ok and high_ok):
            lo, hi = "[" if min_inclusive else "(", "]" if max_inclusive else ")"
            where.fail(f"must be in {lo}{minimum}, {maximum}{hi}, got {value}")
        return float(value)

    return check


def bool_field(value, where):
    if not isinstance(value, bool):
        where.fail(f"must be true or false, got {_show(value)}")
    return value


def str_field(value, where):
    if not isinstance(value, str) or not value:
        where.fail(f"must be a non-empty string, got {_show(value)}")
    return value


def choice_field(choices: Iterable[str]) -> Validator:
    choices = tuple(choices)

    def check(value, where):
        if value not in choices:
            where.fail(f"must be one of {', '.join(choices)}; got {_show(value)}")
        return value

    return check


def lora_targets_field(value, where):
    if value == "all-linear":
        return LORA_TARGETS
    if not isinstance(value, list) or not value:
        where.fail(f'must be a non-empty list of {" ".join(LORA_TARGETS)} or "all-linear"')
    for index, item in enumerate(value):
        if item not in LORA_TARGETS:
            where.child(str(index)).fail(f"must be one of {', '.join(LORA_TARGETS)}; got {_show(item)}")
    if len(set(value)) != len(value):
        where.fail("lists a target twice")
    return tuple(t for t in LORA_TARGETS if t in value)


def object_field(fields: dict[str, Validator], defaults: dict[str, Any] | None = None) -> Validator:
    """A nested object: unknown keys are errors, known ones are checked, missing ones defaulted."""

    def check(value, where):
        checked = validate_section(value, fields, where)
        return {**(defaults or {}), **checked}

    return check


def validate_section(data: Any, fields: dict[str, Validator], where: Where) -> dict[str, Any]:
    if not isinstance(data, dict):
        where.fail(f"must be an object, got {_show(data)}")
    checked = {}
    for key, value in data.items():
        if key not in fields:
            where.child(key).fail(f"unknown key (known: {', '.join(fields)})")
        checked[key] = fields[key](value, where.child(key))
    return checked


def params_field(value, where):
    """model.params is a number (7e9 is fine), stored as an integer count."""
    return int(number_field(1e3, MAX_PARAMS)(value, where))


def dtypes_field(value, where):
    """training.dtypes: per tensor class overrides of the recipe; only master_weights may be none."""
    checked = validate_section(value, {key: choice_field(DTYPES) for key in TENSOR_CLASSES}, where)
    for key, dtype in checked.items():
        if dtype == "none" and key != "master_weights":
            where.child(key).fail('only master_weights may be "none"')
    return checked


LORA_FIELDS = {"rank": int_field(1, 1_000_000), "targets": lora_targets_field,
               "dropout": number_field(0.0, 0.99)}

MODEL_FIELDS: dict[str, Validator] = {
    "preset": str_field,
    "params": params_field,
    "name": str_field,
    "layers": int_field(1, 100_000),
    "hidden": int_field(1, MAX_WIDTH),
    "ffn": int_field(1, MAX_WIDTH),
    "heads": int_field(1, MAX_WIDTH),
    "kv_heads": int_field(1, MAX_WIDTH),
    "head_dim": int_field(1, MAX_WIDTH),
    "vocab": int_field(1, 100_000_000),
    "tied_embeddings": bool_field,
    "mlp": choice_field(MLP_KINDS),
    "experts": int_field(1, 100_000),
    "experts_per_token": int_field(1, 100_000),
    "lm_head": bool_field,
    "norm": choice_field(NORMS),
    "bias": choice_field(BIASES),
    "lm_head_bias": bool_field,
    "position": choice_field(POSITIONS),
    "max_position": int_field(1, 1_000_000_000),
    "type_vocab": int_field(0, 100_000_000),
    "pooler": bool_field,
    "parallel_attention": bool_field,
    "dropout": number_field(0.0, 0.99),
    # KV-cache layout for serving plans; a traced training step does not depend on them.
    "sliding_window": int_field(0, 1_000_000_000),
    "sliding_window_pattern": int_field(0, 100_000),
    "kv_lora_rank": int_field(0, MAX_WIDTH),
    "qk_rope_head_dim": int_field(0, MAX_WIDTH),
    # Architectures the planner models and this script does not build (multi-head latent
    # attention, shared experts, dense first layers of a MoE): a plan that sets them is refused
    # with the key named, never measured with a stand-in.
    "q_lora_rank": int_field(0, MAX_WIDTH),
    "qk_nope_head_dim": int_field(0, MAX_WIDTH),
    "v_head_dim": int_field(0, MAX_WIDTH),
    "shared_ffn": int_field(0, MAX_WIDTH),
    "dense_layers": int_field(0, 1_000_000),
    "dense_ffn": int_field(0, MAX_WIDTH),
}
NOT_BUILT_KEYS = ("q_lora_rank", "qk_nope_head_dim", "v_head_dim", "shared_ffn", "dense_layers", "dense_ffn")

TRAINING_FIELDS: dict[str, Validator] = {
    "method": choice_field(METHODS),
    "precision": choice_field(PRECISIONS),
    "accounting": choice_field(ACCOUNTING),
    "optimizer": choice_field(OPTIMIZERS),
    "optimizer_impl": choice_field(OPTIMIZER_IMPLS),
    "micro_batch": int_field(1, 1_000_000),
    "seq_len": int_field(1, 100_000_000),
    "grad_accum": int_field(1, 1_000_000),
    "checkpointing": choice_field(CHECKPOINTING),
    "attention": choice_field(ATTENTION),
    "loss": choice_field(LOSSES),
    "optimizer_in_backward": bool_field,
    "activation_offload": bool_field,
    "grads_to_none": bool_field,
    "lora": object_field(LORA_FIELDS, LORA_DEFAULTS),
    "trainable_fraction": number_field(0.0, 1.0, min_inclusive=False),
    "galore_rank": int_field(1, 1_000_000),
    "new_tokens": int_field(0, 100_000_000),
    "dtypes": dtypes_field,
}

PARALLELISM_FIELDS: dict[str, Validator] = {
    "gpus": int_field(1, 10_000_000),
    "sharding": choice_field(SHARDING),
    "sharding_factor": int_field(1, 10_000_000),
    "tp": int_field(1, 1_000_000),
    "pp": int_field(1, 1_000_000),
    "sequence_parallel": bool_field,
    "offload": choice_field(OFFLOAD),
}

HARDWARE_FIELDS: dict[str, Validator] = {
    "gpu": str_field,
    "memory_gib": number_field(0.0, 1e6, min_inclusive=False),
    "runtime_overhead_gib": number_field(0.0, 1e4),
    "allocator_reserve_fraction": number_field(0.0, 10.0),
}

TOP_FIELDS = ("schema_version", "name", "model", "training", "parallelism", "hardware")


# ---------------------------------------------------------------------------------------------
# The resolved plan
# ---------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ModelConfig:
    layers: int
    hidden: int
    ffn: int
    heads: int
    kv_heads: int
    head_dim: int
    vocab: int
    tied_embeddings: bool
    mlp: str
    experts: int
    experts_per_token: int
    lm_head: bool
    norm: str
    bias: str
    lm_head_bias: bool
    position: str
    max_position: int
    type_vocab: int
    pooler: bool
    parallel_attention: bool
    dropout: float
    name: str | None = None
    preset: str | None = None
    params: int | None = None  # as stated by the plan or preset; informational


@dataclasses.dataclass(frozen=True)
class LoraConfig:
    rank: int
    targets: tuple[str, ...]
    dropout: float = 0.0


@dataclasses.dataclass(frozen=True)
class TrainingConfig:
    method: str
    precision: str
    accounting: str
    optimizer: str
    optimizer_impl: str
    micro_batch: int
    seq_len: int
    grad_accum: int
    checkpointing: str
    attention: str
    loss: str
    optimizer_in_backward: bool
    activation_offload: bool
    grads_to_none: bool
    lora: LoraConfig
    trainable_fraction: float
    galore_rank: int
    new_tokens: int
    dtypes: dict[str, str]  # training.dtypes overrides, as given


@dataclasses.dataclass(frozen=True)
class ParallelismConfig:
    gpus: int
    sharding: str
    sharding_factor: int | None  # None: all data-parallel GPUs
    tp: int
    pp: int
    sequence_parallel: bool
    offload: str


@dataclasses.dataclass(frozen=True)
class HardwareConfig:
    gpu: str | None
    memory_gib: float | None
    runtime_overhead_gib: float | None
    allocator_reserve_fraction: float | None


@dataclasses.dataclass(frozen=True)
class Plan:
    path: str
    name: str | None
    model: ModelConfig
    training: TrainingConfig
    parallelism: ParallelismConfig
    hardware: HardwareConfig

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data.pop("path")
        return data


# ---------------------------------------------------------------------------------------------
# Reading plans
# ---------------------------------------------------------------------------------------------


def read_json(path: Path, where: Where | None = None) -> Any:
    """Parse strict JSON: NaN/Infinity literals and duplicate keys are errors."""
    where = where or Where(str(path))

    def reject_constant(name):
        where.fail(f"{name} is not valid JSON")

    def no_duplicates(pairs):
        keys = [k for k, _ in pairs]
        for key in keys:
            if keys.count(key) > 1:
                where.fail(f'key "{key}" appears twice in one object')
        return dict(pairs)

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        where.fail(f"cannot read: {exc.strerror or exc}")
    try:
        return json.loads(text, parse_constant=reject_constant, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        where.fail(f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")


def parse_override(text: str) -> tuple[str, Any]:
    """Parse a --set PATH=VALUE argument; VALUE is JSON when it parses as JSON, else a string."""
    path, sep, raw = text.partition("=")
    if not sep or not path.strip():
        raise ValueError(f"--set {text!r}: expected PATH=VALUE, e.g. training.micro_batch=8")
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    return path.strip(), value


def apply_overrides(data: Any, overrides: Iterable[tuple[str, Any]], file: str) -> Any:
    """Set each dotted PATH in the raw plan (objects on the way are created)."""
    for path, value in overrides:
        node = data
        parts = path.split(".")
        for depth, part in enumerate(parts[:-1]):
            if not isinstance(node, dict):
                raise PlanError(file, ".".join(parts[:depth]), "is not an object, cannot --set below it")
            node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise PlanError(file, ".".join(parts[:-1]), "is not an object, cannot --set below it")
        node[parts[-1]] = value
    return data


def load_preset(preset_id: str, presets_dir: Path, where: Where) -> tuple[dict[str, Any], int | None]:
    """Return a bundled model preset's model keys (checked) and its published parameter count."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", preset_id):
        where.fail(f"{_show(preset_id)} is not a valid preset id")
    path = Path(presets_dir) / "models" / f"{preset_id}.json"
    if not path.is_file():
        where.fail(f'no model preset "{preset_id}": {path} does not exist')
    preset_where = Where(str(path))
    data = read_json(path, preset_where)
    if not isinstance(data, dict):
        preset_where.fail("a preset must be a JSON object")
    if data.get("schema_version") != 1:
        preset_where.child("schema_version").fail(f"must be 1, got {_show(data.get('schema_version'))}")
    if "model" not in data:
        preset_where.child("model").fail("missing")
    model = validate_section(data["model"], MODEL_FIELDS, preset_where.child("model"))
    if "preset" in model:
        preset_where.child("model.preset").fail("a preset cannot name another preset")
    published = data.get("published_params")
    if published is not None:
        published = params_field(published, preset_where.child("published_params"))
    return model, published


def complete_model(raw: dict[str, Any], where: Where) -> ModelConfig:
    """Fill omitted keys with the planner's defaults and check the shape's consistency."""
    if "params" in raw and "preset" not in raw and not any(k in raw for k in SHAPE_KEYS):
        where.child("params").fail("measure.py needs the shape (layers, hidden, heads, ...) or a model.preset; "
                                   "it does not derive one from the parameter count")
    for key in NOT_BUILT_KEYS:
        if raw.get(key):
            where.child(key).fail("this architecture (multi-head latent attention, shared experts or "
                                  "dense first layers) is modelled by the planner but not built by measure.py")
    serving_only = ("sliding_window", "sliding_window_pattern", "kv_lora_rank", "qk_rope_head_dim")
    m = ModelConfig(**{**MODEL_DEFAULTS, **{k: v for k, v in raw.items()
                                              if k not in serving_only and k not in NOT_BUILT_KEYS}})
    if m.heads % m.kv_heads:
        where.child("kv_heads").fail(f"must divide heads ({m.heads}), got {m.kv_heads}")
    if m.experts_per_token > m.experts:
        where.child("experts_per_token").fail(f"must not exceed experts ({m.experts})")
    if m.heads * m.head_dim > 64 * m.hidden:
        where.child("head_dim").fail(f"heads x head_dim is implausibly large for hidden {m.hidden}")
    if m.position == "rope" and m.head_dim % 2:
        where.child("head_dim").fail(f"rotary positions need an even head_dim, got {m.head_dim}")
    return m


def check_plan(plan: Plan, where: Where) -> None:
    """Cross-section rules, as the planner's validatePlan has them."""
    p, m, t = plan.parallelism, plan.model, plan.training
    if p.sharding_factor is not None and p.sharding_factor > p.gpus:
        where.child("parallelism.sharding_factor").fail(f"is {p.sharding_factor}, above the GPU count ({p.gpus})")
    if p.gpus % (p.tp * p.pp):
        where.child("parallelism.gpus").fail(f"{p.gpus} GPUs cannot be split into tp x pp = {p.tp * p.pp} groups")
    data_parallel = p.gpus // (p.tp * p.pp)
    if p.sharding_factor is not None and (p.sharding_factor > data_parallel or data_parallel % p.sharding_factor):
        where.child("parallelism.sharding_factor").fail(
            f"must divide the data-parallel degree {data_parallel} (gpus / (tp x pp))")
    if p.pp > m.layers:
        where.child("parallelism.pp").fail(f"more pipeline stages ({p.pp}) than layers ({m.layers})")
    if m.heads % p.tp:
        where.child("parallelism.tp").fail(f"tensor parallel degree {p.tp} must divide the heads ({m.heads})")
    if m.position == "learned" and t.seq_len + t.new_tokens > m.max_position:
        where.child("training.seq_len").fail(
            f"{t.seq_len + t.new_tokens} tokens exceed the learned position table (max_position {m.max_position})")
    if t.method in ("lora", "qlora") and t.lora.rank > m.hidden:
        where.child("training.lora.rank").fail("rank is larger than the hidden size")


def plan_from_json(data: Any, file: str, presets_dir: Path = DEFAULT_PRESETS_DIR) -> Plan:
    """Check a parsed plan and resolve the preset and defaults."""
    top = Where(file)
    if not isinstance(data, dict):
        top.fail("a plan must be a JSON object")
    for key in data:
        if key not in TOP_FIELDS:
            top.child(key).fail(f"unknown key (known: {', '.join(TOP_FIELDS)})")
    if data.get("schema_version", 1) != 1:
        top.child("schema_version").fail(f"must be 1, got {_show(data['schema_version'])}")
    name = str_field(data["name"], top.child("name")) if "name" in data else None

    model = validate_section(data.get("model", {}), MODEL_FIELDS, top.child("model"))
    if "preset" in model:
        preset_model, published = load_preset(model["preset"], presets_dir, top.child("model.preset"))
        if published is not None:
            preset_model.setdefault("params", published)
        model = {**preset_model, **model}
    training = {**TRAINING_DEFAULTS, **validate_section(data.get("training", {}), TRAINING_FIELDS, top.child("training"))}
    training["lora"] = LoraConfig(**training["lora"])
    parallelism = validate_section(data.get("parallelism", {}), PARALLELISM_FIELDS, top.child("parallelism"))
    hardware = validate_section(data.get("hardware", {}), HARDWARE_FIELDS, top.child("hardware"))

    plan = Plan(
        path=file,
        name=name,
        model=complete_model(model, top.child("model")),
        training=TrainingConfig(**training),
        parallelism=ParallelismConfig(**{**PARALLELISM_DEFAULTS, **parallelism}),
        hardware=HardwareConfig(**{**HARDWARE_DEFAULTS, **hardware}),
    )
    check_plan(plan, top)
    return plan


def load_plan(path: str | os.PathLike, presets_dir: Path = DEFAULT_PRESETS_DIR,
              overrides: Iterable[tuple[str, Any]] = ()) -> Plan:
    data = read_json(Path(path))
    apply_overrides(data, overrides, str(path))
    return plan_from_json(data, str(path), presets_dir)


def is_plan_file(path: Path) -> bool:
    return path.name.endswith(".json") and not path.name.endswith(".measured.json")


def collect_plan_paths(arguments: Iterable[str | os.PathLike], exclude: Iterable[Path] = ()) -> list[Path]:
    """Expand the command line: a directory means its plan files (*.json, not recursive, sorted
    by name). Results (*.measured.json) are never plans, even when named (as `dir/*` does)."""
    excluded = {Path(p).resolve() for p in exclude}
    paths: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and is_plan_file(p))
            paths.extend(p for p in found if p.resolve() not in excluded)
        elif path.is_file():
            if is_plan_file(path):
                paths.append(path)
        else:
            raise FileNotFoundError(f"{path}: no such file or directory")
    return paths


def measured_path(plan_path: str | os.PathLike) -> Path:
    """PLAN.memplan.json or PLAN.json -> PLAN.measured.json, in the plan's directory."""
    path = Path(plan_path)
    name = path.name
    for suffix in (".memplan.json", ".json"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return path.with_name(name + ".measured.json")


# ---------------------------------------------------------------------------------------------
# Recipes: which dtype each tensor class gets (pure Python, so --dry-run can show it)
# ---------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Recipe:
    """What a run stores in which dtype. dtype names are torch attribute names
    ("float32", "bfloat16", "float16")."""

    trainable_dtype: str | None  # trainable weights other than LoRA adapters; None: nothing trains
    frozen_dtype: str  # frozen, not quantized weights
    adapter_dtype: str  # LoRA adapters: fp32, as PEFT keeps them
    autocast_dtype: str | None  # torch.autocast around the forward, or None
    grad_scaler: bool
    quant_bits: int | None  # bitsandbytes base weights of the decoder linears
    compute_dtype: str  # activations and KV cache
    layout: str  # a sentence for the output
    note: str | None = None  # where the run differs from what the planner assumes for the plan


HALF = {"fp16-mixed": "float16", "bf16-mixed": "bfloat16", "bf16-pure": "bfloat16"}
SHORT = {"float32": "fp32", "float16": "fp16", "bfloat16": "bf16"}
TORCH_DTYPE = {"fp32": "float32", "fp16": "float16", "bf16": "bfloat16"}


def resolve_recipe(training: TrainingConfig) -> Recipe:
    """Map (method, precision, dtypes) to what the run stores. Raises Unmeasurable for what
    PyTorch cannot run here.

    The mixed recipes run as PyTorch AMP: trainable weights and their gradients in fp32 and
    16-bit activations under torch.autocast. memplan's own default for them is 16-bit weights
    and gradients with an fp32 master copy (the ZeRO paper's count); a plan that sets
    training.dtypes to AMP_DTYPES makes the planner count the AMP layout. Frozen weights are
    stored in the plan's weight dtype: the 16-bit type unless training.dtypes.weights says fp32.
    """
    precision, method = training.precision, training.method
    if precision == "fp8-mixed":
        raise Unmeasurable("fp8-mixed needs Transformer Engine or torchao float8; not measured")
    if method == "inference":
        _require_no_dtypes(training, "inference")
        return _inference_recipe(precision)
    if method == "qlora" or precision in ("int8", "int4"):
        if method not in ("lora", "qlora"):
            raise Unmeasurable(f"{method} training with {precision} weights has no PyTorch recipe "
                               "(quantized weights cannot be trained; use lora or qlora)")
        _require_no_dtypes(training, "quantized bases")
        return _quantized_adapter_recipe(precision)
    if precision in ("fp32", "bf16-pure"):
        dtype = "float32" if precision == "fp32" else "bfloat16"
        own = {"weights": SHORT[dtype], "gradients": SHORT[dtype], "master_weights": "none",
               "optimizer_states": SHORT[dtype], "activations": SHORT[dtype]}
        _require_dtypes_within(training, own)
        layout = ("fp32: weights, grads, optimizer states and activations in fp32" if precision == "fp32" else
                  "pure bf16: weights, grads, optimizer states and activations in bf16, no fp32 master copy")
        return Recipe(dtype, dtype, "float32", None, False, None, dtype, layout)
    return _amp_recipe(training)


def _amp_recipe(training: TrainingConfig) -> Recipe:
    half = HALF[training.precision]
    amp = {**AMP_DTYPES, "optimizer_states": "fp32", "activations": SHORT[half]}
    _require_dtypes_within(training, amp, allowed_weights=("fp32", SHORT[half]))
    frozen = TORCH_DTYPE[training.dtypes.get("weights", SHORT[half])]
    layout = f"amp: fp32 weights+grads, {SHORT[half]} activations"
    if training.method in ("lora", "freeze"):
        layout += f"; frozen weights {SHORT[frozen]}"
    if training.precision == "fp16-mixed":
        layout += "; GradScaler(init_scale=1)"
    note = None
    trains_base = training.method in ("full", "freeze", "galore")
    if trains_base and any(training.dtypes.get(k) != v for k, v in AMP_DTYPES.items()):
        note = (f"memplan counts {training.precision} as {SHORT[half]} weights and gradients plus an fp32 master copy; "
                f"this run is PyTorch AMP. For a like-for-like comparison set training.dtypes to {json.dumps(AMP_DTYPES)}")
    return Recipe("float32", frozen, "float32", half, training.precision == "fp16-mixed", None, half, layout, note)


def _require_no_dtypes(training: TrainingConfig, what: str) -> None:
    if training.dtypes:
        raise Unmeasurable(f"training.dtypes overrides are not measured for {what}")


def _require_dtypes_within(training: TrainingConfig, layout: dict[str, str], allowed_weights=()) -> None:
    """Accept only overrides that describe the layout this script runs."""
    for key, dtype in training.dtypes.items():
        if dtype != layout[key] and not (key == "weights" and dtype in allowed_weights):
            raise Unmeasurable(f"training.dtypes.{key} = {dtype} is not a layout this script runs "
                               f"for {training.precision} (it runs {json.dumps(layout)})")


def _inference_recipe(precision: str) -> Recipe:
    if precision in ("int8", "int4"):
        bits = 8 if precision == "int8" else 4
        kind = "LLM.int8" if bits == 8 else "NF4"
        return Recipe(None, "bfloat16", "float32", None, False, bits, "bfloat16",
                      f"inference: decoder linears {kind} (bitsandbytes), other weights, activations and KV cache bf16")
    dtype = HALF.get(precision, "float32")
    return Recipe(None, dtype, "float32", None, False, None, dtype,
                  f"inference: {SHORT[dtype]} weights, activations and KV cache")


def _quantized_adapter_recipe(precision: str) -> Recipe:
    """QLoRA-style: bitsandbytes base weights, fp32 LoRA adapters trainable."""
    bits = 8 if precision == "int8" else 4
    compute = {"fp32": "float32", "fp16-mixed": "float16"}.get(precision, "bfloat16")
    autocast = compute if precision in ("fp16-mixed", "bf16-mixed", "int8", "int4") else None
    kind = "LLM.int8" if bits == 8 else "NF4"
    layout = (f"quantized base: decoder linears {kind} (bitsandbytes, compute {SHORT[compute]}), "
              f"adapters fp32, other frozen weights {SHORT[compute]}")
    if autocast:
        layout += f", autocast {SHORT[autocast]}"
    return Recipe(None, compute, "float32", autocast, precision == "fp16-mixed", bits, compute, layout)


def package_available(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def skip_reason(plan: Plan, have: Callable[[str], bool] = package_available) -> str | None:
    """Why a valid plan cannot be measured by this script, or None. Checks what can be known
    without importing torch; the worker may still skip for torch-version reasons."""
    p, t = plan.parallelism, plan.training
    if p.gpus != 1:
        return f"parallelism.gpus is {p.gpus}: measure.py measures one GPU"
    if p.tp != 1 or p.pp != 1:
        return "tensor or pipeline parallelism needs several GPUs: measure.py measures one"
    if p.sharding != "none":
        return f"parallelism.sharding {p.sharding} (FSDP/ZeRO) is not measured by this single-process script"
    if p.offload != "none":
        return f"parallelism.offload {p.offload} (DeepSpeed-style CPU offload) is not measured"
    try:
        recipe = resolve_recipe(t)
    except Unmeasurable as exc:
        return str(exc)
    if recipe.quant_bits and not have("bitsandbytes"):
        return f"{t.method} with {recipe.quant_bits}-bit base weights needs the bitsandbytes package"
    if t.method == "inference":
        if not plan.model.lm_head and t.new_tokens > 0:
            return "generation needs an lm_head (model.lm_head is false)"
        return None
    if t.optimizer == "adamw-8bit" and not have("bitsandbytes"):
        return "adamw-8bit needs the bitsandbytes package"
    if t.method == "galore":
        if not have("galore_torch"):
            return "galore needs the galore_torch package"
        if t.optimizer not in GALORE_OPTIMIZERS:
            return f"galore_torch has no {t.optimizer} optimizer"
    if t.optimizer_in_backward and t.grad_accum > 1:
        return "optimizer_in_backward steps during backward, so it cannot accumulate gradients (grad_accum > 1)"
    if t.optimizer_in_backward and recipe.grad_scaler:
        return "optimizer_in_backward cannot unscale fp16 gradients with GradScaler"
    return None


# ---------------------------------------------------------------------------------------------
# Analytic parameter counts (must agree with the PyTorch model below)
# ---------------------------------------------------------------------------------------------


def _linear_params(fan_in: int, fan_out: int, bias: bool) -> int:
    return fan_in * fan_out + (fan_out if bias else 0)


def linear_shapes(m: ModelConfig) -> dict[str, tuple[int, int]]:
    """(in, out) of each named linear of one layer (MLP ones per expert)."""
    shapes = {
        "q": (m.hidden, m.heads * m.head_dim),
        "k": (m.hidden, m.kv_heads * m.head_dim),
        "v": (m.hidden, m.kv_heads * m.head_dim),
        "o": (m.heads * m.head_dim, m.hidden),
        "up": (m.hidden, m.ffn),
        "down": (m.ffn, m.hidden),
    }
    if m.mlp == "gated":
        shapes["gate"] = (m.hidden, m.ffn)
    return shapes


def _linear_has_bias(m: ModelConfig, name: str) -> bool:
    return m.bias == "all" or (m.bias == "qkv" and name in ("q", "k", "v"))


def norm_params(m: ModelConfig) -> int:
    return m.hidden * (2 if m.norm == "layernorm" and m.bias == "all" else 1)


def layer_params(m: ModelConfig) -> int:
    shapes = linear_shapes(m)
    attention = sum(_linear_params(*shapes[n], _linear_has_bias(m, n)) for n in ATTENTION_LINEARS)
    mlp = sum(_linear_params(*shapes[n], _linear_has_bias(m, n)) for n in MLP_LINEARS if n in shapes)
    if m.experts > 1:
        mlp = m.experts * mlp + m.hidden * m.experts  # experts plus the router
    norms = (1 if m.parallel_attention else 2) * norm_params(m)
    return attention + mlp + norms


def head_params(m: ModelConfig) -> int:
    """The vocabulary projection (0 when tied, but its bias counts) and BERT's pooler."""
    head = 0
    if m.lm_head:
        head = (0 if m.tied_embeddings else m.vocab * m.hidden) + (m.vocab if m.lm_head_bias else 0)
    return head + (m.hidden * m.hidden + m.hidden if m.pooler else 0)


def embedding_params(m: ModelConfig) -> int:
    positions = m.max_position if m.position == "learned" else 0
    return (m.vocab + positions + m.type_vocab) * m.hidden


def model_params(m: ModelConfig) -> int:
    """As memplan's param_count.cpp counts them (its final norm is BERT's embedding norm)."""
    return embedding_params(m) + m.layers * layer_params(m) + norm_params(m) + head_params(m)


def lora_params(m: ModelConfig, lora: LoraConfig) -> int:
    shapes = linear_shapes(m)
    per_layer = 0
    for name in lora.targets:
        if name in shapes:
            copies = m.experts if name in MLP_LINEARS else 1
            per_layer += copies * lora.rank * sum(shapes[name])
    return m.layers * per_layer


def total_params(m: ModelConfig, t: TrainingConfig) -> int:
    """Every parameter of the built model, LoRA adapters included."""
    return model_params(m) + (lora_params(m, t.lora) if t.method in ("lora", "qlora") else 0)


def trained_layer_count(layers: int, fraction: float) -> int:
    """freeze: the top ceil(fraction x layers) layers train, as the planner counts them."""
    return max(1, min(layers, math.ceil(fraction * layers - 1e-9)))


def trainable_params(m: ModelConfig, t: TrainingConfig) -> int:
    """What the built model trains. For freeze: whole top layers, the final norm and the head
    (the embedding too when the head is tied to it), as the planner counts them."""
    if t.method == "inference":
        return 0
    if t.method in ("lora", "qlora"):
        return lora_params(m, t.lora)
    if t.method == "freeze":
        head = head_params(m) + (m.vocab * m.hidden if m.lm_head and m.tied_embeddings else 0)
        return trained_layer_count(m.layers, t.trainable_fraction) * layer_params(m) + norm_params(m) + head
    return model_params(m)


# ---------------------------------------------------------------------------------------------
# --dry-run description
# ---------------------------------------------------------------------------------------------


def describe_plan(plan: Plan, options: "Options", have: Callable[[str], bool] = package_available) -> str:
    m, t = plan.model, plan.training
    mlp = "gated-SiLU" if m.mlp == "gated" else "GELU"
    if m.experts > 1:
        mlp += f" x{m.experts} experts (top {m.experts_per_token})"
    extras = [m.norm, {"rope": "rope", "learned": f"learned positions ({m.max_position})", "alibi": "alibi"}[m.position],
              f"bias {m.bias}", "tied" if m.tied_embeddings else "untied"]
    if m.lm_head_bias:
        extras.append("lm_head bias")
    if m.type_vocab:
        extras.append(f"{m.type_vocab} token types")
    if m.pooler:
        extras.append("pooler")
    if not m.lm_head:
        extras.append("no lm_head (encoder)")
    if m.parallel_attention:
        extras.append("parallel attention")
    if m.dropout:
        extras.append(f"dropout {m.dropout:g}")
    lines = [
        f"{plan.path}" + (f"  ({plan.name or m.name})" if plan.name or m.name else ""),
        f"  model:    {m.layers} layers, hidden {m.hidden}, {m.heads} heads ({m.kv_heads} kv, head_dim {m.head_dim}), "
        f"ffn {m.ffn} {mlp}, vocab {m.vocab}, {', '.join(extras)}",
        f"  params:   {total_params(m, t):,} total, {trainable_params(m, t):,} trainable"
        + (f" (plan states {m.params:,})" if m.params else ""),
    ]
    if t.method == "inference":
        lines.append(f"  run:      inference, {t.precision}, micro_batch {t.micro_batch} x prompt {t.seq_len} "
                     f"+ {t.new_tokens} new tokens, attention {t.attention}")
    else:
        extra = f", lora rank {t.lora.rank} on {' '.join(t.lora.targets)}" if t.method in ("lora", "qlora") else ""
        if t.method == "freeze":
            extra = f", top {trained_layer_count(m.layers, t.trainable_fraction)} layers train"
        flags = [name for name in ("optimizer_in_backward", "activation_offload") if getattr(t, name)]
        flags += [] if t.grads_to_none else ["grads kept between steps"]
        lines.append(
            f"  run:      {t.method}{extra}, {t.precision}, {t.optimizer} ({t.optimizer_impl}), "
            f"micro_batch {t.micro_batch} x seq_len {t.seq_len}"
            f" x grad_accum {t.grad_accum}, attention {t.attention}, checkpointing {t.checkpointing}, loss {t.loss}"
            + (", " + ", ".join(flags) if flags else "")
        )
    reason = skip_reason(plan, have)
    if reason is None:
        recipe = resolve_recipe(t)
        lines.append(f"  recipe:   {recipe.layout}")
        if recipe.note:
            lines.append(f"  note:     {recipe.note}")
        lines.append(f"  action:   measure ({options.steps} steps, {options.warmup} warm-up)")
    else:
        lines.append(f"  action:   skip: {reason}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Options shared by the parent and the worker processes
# ---------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Options:
    steps: int = 3
    warmup: int = 1
    device: str = "cuda"
    presets_dir: str = str(DEFAULT_PRESETS_DIR)
    overrides: tuple[tuple[str, Any], ...] = ()
    loss_chunks: int = 0  # 0: ceil(vocab / hidden) chunks, as memplan counts the chunked loss
    lr: float = 1e-5
    seed: int = 0
    threads: int = 1  # CPU: intra-op threads


# ---------------------------------------------------------------------------------------------
# PyTorch: modules (defined lazily so that `import measure` needs no torch)
# ---------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def torch_impl():
    """Import torch and define the model classes on first use.

    The classes subclass torch.nn.Module, so they cannot exist at import time without torch;
    keeping them here lets the plan-reading half (and its tests) run on machines with no torch.
    """
    import torch
    import torch.nn.functional as F
    from torch import nn
    from torch.utils.checkpoint import checkpoint

    class RMSNorm(nn.Module):
        """LLaMA's RMSNorm: normalise in fp32, cast back, scale (as Hugging Face does)."""

        def __init__(self, dim: int, eps: float = 1e-6):
            super().__init__()
            self.weight = nn.Parameter(torch.ones(dim))
            self.eps = eps

        def forward(self, x):
            x32 = x.float()
            x32 = x32 * torch.rsqrt(x32.pow(2).mean(-1, keepdim=True) + self.eps)
            return self.weight * x32.to(x.dtype)

    class LayerNorm(nn.Module):
        """LayerNorm with an optional bias (nn.LayerNorm's bias= needs torch 2.1)."""

        def __init__(self, dim: int, bias: bool, eps: float = 1e-5):
            super().__init__()
            self.weight = nn.Parameter(torch.ones(dim))
            self.bias = nn.Parameter(torch.zeros(dim)) if bias else None
            self.eps = eps

        def forward(self, x):
            return F.layer_norm(x, self.weight.shape, self.weight, self.bias, self.eps)

    def make_norm(m: ModelConfig):
        return RMSNorm(m.hidden) if m.norm == "rmsnorm" else LayerNorm(m.hidden, m.bias == "all")

    def rotary_tables(positions, head_dim: int, base: float = 10000.0):
        inv_freq = 1.0 / base ** (torch.arange(0, head_dim, 2, device=positions.device, dtype=torch.float32) / head_dim)
        angles = torch.outer(positions.float(), inv_freq)
        angles = torch.cat((angles, angles), dim=-1)
        return angles.cos(), angles.sin()

    def apply_rotary(x, cos, sin):
        half = x.shape[-1] // 2
        rotated = torch.cat((-x[..., half:], x[..., :half]), dim=-1)
        return x * cos.to(x.dtype) + rotated * sin.to(x.dtype)

    def alibi_bias(heads: int, q_len: int, kv_len: int, device):
        """(heads, q_len, kv_len) fp32 ALiBi bias with the causal mask folded in as -inf."""
        slopes = torch.tensor([2.0 ** (-8.0 * (i + 1) / heads) for i in range(heads)], device=device)
        q_pos = torch.arange(kv_len - q_len, kv_len, device=device)
        k_pos = torch.arange(kv_len, device=device)
        distance = (k_pos[None, :] - q_pos[:, None]).float()
        bias = slopes[:, None, None] * distance[None]
        return bias.masked_fill(distance[None] > 0, float("-inf"))

    def repeat_kv(x, groups: int):
        """Grouped-query attention: expand kv heads to the query heads (a copy, as HF does)."""
        if groups == 1:
            return x
        b, kv, s, d = x.shape
        return x[:, :, None].expand(b, kv, groups, s, d).reshape(b, kv * groups, s, d)

    def attention_core(q, k, v, *, eager: bool, causal: bool, bias, dropout_p: float):
        """softmax(QK^T/sqrt(d) + mask) V. q: (B,H,Sq,D); k, v: (B,H,Sk,D).
        Sq is either Sk (a full sequence) or 1 (a decode step, which sees every cached key)."""
        q_len, kv_len = q.shape[-2], k.shape[-2]
        if not eager:
            mask = bias.to(q.dtype) if bias is not None else None
            is_causal = causal and bias is None and q_len > 1
            return F.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=dropout_p, is_causal=is_causal)
        scores = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(q.shape[-1]))
        if bias is not None:
            scores = scores + bias.to(scores.dtype)
        elif causal and q_len > 1:
            future = torch.ones(q_len, kv_len, dtype=torch.bool, device=q.device).triu(kv_len - q_len + 1)
            scores = scores.masked_fill(future, float("-inf"))
        probs = F.softmax(scores, dim=-1, dtype=torch.float32).to(q.dtype)  # as HF LLaMA eager
        if dropout_p > 0:
            probs = F.dropout(probs, p=dropout_p, training=True)
        return torch.matmul(probs, v)

    @dataclasses.dataclass
    class ForwardContext:
        rope: tuple | None
        bias: Any
        cache: "KVCache | None"
        start: int

    class KVCache:
        """Static KV cache, preallocated for the prompt plus every new token."""

        def __init__(self, layers, batch, kv_heads, length, head_dim, dtype, device):
            shape = (batch, kv_heads, length, head_dim)
            self.k = [torch.zeros(shape, dtype=dtype, device=device) for _ in range(layers)]
            self.v = [torch.zeros(shape, dtype=dtype, device=device) for _ in range(layers)]

        def update(self, layer: int, k, v, start: int):
            end = start + k.shape[2]
            self.k[layer][:, :, start:end] = k
            self.v[layer][:, :, start:end] = v
            return self.k[layer][:, :, :end], self.v[layer][:, :, :end]

        def nbytes(self) -> int:
            return sum(t.numel() * t.element_size() for t in self.k + self.v)

    class Attention(nn.Module):
        def __init__(self, m: ModelConfig, index: int, eager: bool, selective: bool):
            super().__init__()
            self.m, self.index, self.eager, self.selective = m, index, eager, selective
            for name, (fan_in, fan_out) in linear_shapes(m).items():
                if name in ATTENTION_LINEARS:
                    setattr(self, name, nn.Linear(fan_in, fan_out, bias=_linear_has_bias(m, name)))

        def forward(self, x, ctx: ForwardContext):
            m = self.m
            b, s, _ = x.shape
            q = self.q(x).view(b, s, m.heads, m.head_dim).transpose(1, 2)
            k = self.k(x).view(b, s, m.kv_heads, m.head_dim).transpose(1, 2)
            v = self.v(x).view(b, s, m.kv_heads, m.head_dim).transpose(1, 2)
            if ctx.rope is not None:
                q, k = apply_rotary(q, *ctx.rope), apply_rotary(k, *ctx.rope)
            if ctx.cache is not None:
                k, v = ctx.cache.update(self.index, k, v, ctx.start)
            groups = m.heads // m.kv_heads
            k, v = repeat_kv(k, groups), repeat_kv(v, groups)
            core = functools.partial(attention_core, eager=self.eager, causal=m.lm_head, bias=ctx.bias,
                                     dropout_p=m.dropout if self.training else 0.0)
            if self.selective and self.training and torch.is_grad_enabled():
                out = checkpoint(core, q, k, v, use_reentrant=False)
            else:
                out = core(q, k, v)
            return self.o(out.transpose(1, 2).reshape(b, s, m.heads * m.head_dim))

    class MLP(nn.Module):
        def __init__(self, m: ModelConfig):
            super().__init__()
            self.gated = m.mlp == "gated"
            for name, (fan_in, fan_out) in linear_shapes(m).items():
                if name in MLP_LINEARS:
                    setattr(self, name, nn.Linear(fan_in, fan_out, bias=_linear_has_bias(m, name)))

        def forward(self, x):
            if self.gated:
                return self.down(F.silu(self.gate(x)) * self.up(x))
            return self.down(F.gelu(self.up(x), approximate="tanh"))

    class MoE(nn.Module):
        """Top-k routed experts, looping over experts as Hugging Face Mixtral does."""

        def __init__(self, m: ModelConfig):
            super().__init__()
            self.top_k = m.experts_per_token
            self.router = nn.Linear(m.hidden, m.experts, bias=False)
            self.experts = nn.ModuleList(MLP(m) for _ in range(m.experts))

        def forward(self, x):
            b, s, h = x.shape
            flat = x.reshape(-1, h)
            weights = F.softmax(self.router(flat), dim=-1, dtype=torch.float32)
            top_w, top_i = torch.topk(weights, self.top_k, dim=-1)
            top_w = top_w / top_w.sum(dim=-1, keepdim=True)
            out = torch.zeros_like(flat)
            for index, expert in enumerate(self.experts):
                token, slot = torch.where(top_i == index)
                if token.numel() == 0:
                    continue
                y = expert(flat[token]) * top_w[token, slot, None].to(flat.dtype)
                out = out.index_add(0, token, y.to(out.dtype))
            return out.view(b, s, h)

    class Block(nn.Module):
        def __init__(self, m: ModelConfig, index: int, eager: bool, selective: bool):
            super().__init__()
            self.parallel = m.parallel_attention
            self.dropout = m.dropout
            self.norm1 = make_norm(m)
            self.attn = Attention(m, index, eager, selective)
            self.norm2 = None if m.parallel_attention else make_norm(m)
            self.mlp = MoE(m) if m.experts > 1 else MLP(m)

        def _drop(self, x):
            return F.dropout(x, self.dropout, training=True) if self.dropout and self.training else x

        def forward(self, x, ctx: ForwardContext):
            if self.parallel:  # GPT-J: one norm, attention and MLP side by side
                h = self.norm1(x)
                return x + self._drop(self.attn(h, ctx)) + self._drop(self.mlp(h))
            x = x + self._drop(self.attn(self.norm1(x), ctx))
            return x + self._drop(self.mlp(self.norm2(x)))

    class Transformer(nn.Module):
        """A pre-norm transformer: a LLaMA-style or GPT-2-style decoder, or (lm_head false) a
        bidirectional encoder, depending on the config."""

        def __init__(self, m: ModelConfig, eager: bool, checkpointing: str):
            super().__init__()
            self.m = m
            self.checkpoint_layers = checkpointing == "full"
            self.embed = nn.Embedding(m.vocab, m.hidden)
            self.pos_embed = nn.Embedding(m.max_position, m.hidden) if m.position == "learned" else None
            self.type_embed = nn.Embedding(m.type_vocab, m.hidden) if m.type_vocab else None
            for embedding in (self.embed, self.pos_embed, self.type_embed):
                if embedding is not None:  # HF's init; N(0, 1) would give huge tied logits
                    nn.init.normal_(embedding.weight, std=0.02)
            self.layers = nn.ModuleList(Block(m, i, eager, checkpointing == "selective") for i in range(m.layers))
            self.norm = make_norm(m)
            self.lm_head = None
            if m.lm_head:
                self.lm_head = nn.Linear(m.hidden, m.vocab, bias=m.lm_head_bias)
                if m.tied_embeddings:
                    self.lm_head.weight = self.embed.weight
            self.pooler = nn.Linear(m.hidden, m.hidden) if m.pooler else None

        def forward(self, ids, cache: KVCache | None = None, start: int = 0):
            """Hidden states after the final norm; the loss or the sampler applies the head."""
            m = self.m
            seq = ids.shape[1]
            positions = torch.arange(start, start + seq, device=ids.device)
            x = self.embed(ids)
            if self.pos_embed is not None:
                x = x + self.pos_embed(positions)
            if self.type_embed is not None:  # BERT's token types, all 0 as for one segment
                x = x + self.type_embed(torch.zeros_like(ids))
            if m.dropout and self.training:
                x = F.dropout(x, m.dropout, training=True)
            rope = rotary_tables(positions, m.head_dim) if m.position == "rope" else None
            bias = alibi_bias(m.heads, seq, start + seq, ids.device) if m.position == "alibi" else None
            ctx = ForwardContext(rope, bias, cache, start)
            recompute = self.checkpoint_layers and self.training and torch.is_grad_enabled()
            for layer in self.layers:
                x = checkpoint(layer, x, ctx, use_reentrant=False) if recompute else layer(x, ctx)
            return self.norm(x)

        def pooled(self, hidden):
            """An encoder's sequence summary: the first token, through BERT's pooler if any."""
            first = hidden[:, 0]
            return torch.tanh(self.pooler(first)) if self.pooler is not None else first

    class LoRALinear(nn.Module):
        """A frozen base linear plus a trainable low-rank update, PEFT's layout:
        y = base(x) + B(A(dropout(x)))·scaling, A: (r × in), B: (out × r). Outside autocast the
        input is cast to the adapters' dtype and the update back, as PEFT does."""

        def __init__(self, base, rank: int, dropout: float):
            super().__init__()
            self.base = base
            self.dropout = dropout
            self.lora_A = nn.Parameter(torch.empty(rank, base.in_features))
            self.lora_B = nn.Parameter(torch.zeros(base.out_features, rank))
            nn.init.kaiming_uniform_(self.lora_A, a=math.sqrt(5))
            self.scaling = 2.0  # alpha = 2·rank

        def forward(self, x):
            out = self.base(x)
            if self.dropout and self.training:
                x = F.dropout(x, self.dropout, training=True)
            if x.dtype != self.lora_A.dtype and not torch.is_autocast_enabled():
                x = x.to(self.lora_A.dtype)
            update = F.linear(F.linear(x, self.lora_A), self.lora_B) * self.scaling
            return out + update.to(out.dtype)

    class Lion(torch.optim.Optimizer):
        """Lion (Chen et al. 2023): one momentum state per parameter, sign updates."""

        def __init__(self, params, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
            super().__init__(params, dict(lr=lr, betas=betas, weight_decay=weight_decay))

        @torch.no_grad()
        def step(self, closure=None):
            for group in self.param_groups:
                beta1, beta2 = group["betas"]
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    state = self.state[p]
                    if not state:
                        state["exp_avg"] = torch.zeros_like(p)
                    exp_avg = state["exp_avg"]
                    p.mul_(1 - group["lr"] * group["weight_decay"])
                    update = exp_avg.mul(beta1).add_(p.grad, alpha=1 - beta1).sign_()
                    p.add_(update, alpha=-group["lr"])
                    exp_avg.mul_(beta2).add_(p.grad, alpha=1 - beta2)

    return types.SimpleNamespace(torch=torch, F=F, nn=nn, checkpoint=checkpoint, Transformer=Transformer, KVCache=KVCache,
                      LoRALinear=LoRALinear, Lion=Lion)


# ---------------------------------------------------------------------------------------------
# PyTorch: building the model for a plan
# ---------------------------------------------------------------------------------------------


def _decoder_linears(model, impl):
    """(parent, name, linear) for every q k v o gate up down linear of the decoder layers."""
    found = []
    for layer in model.layers:
        for parent in layer.modules():
            for name, child in parent.named_children():
                if name in LORA_TARGETS and isinstance(child, impl.nn.Linear):
                    found.append((parent, name, child))
    return found


def quantize_linears(model, recipe: Recipe, impl) -> None:
    """Replace the decoder linears by bitsandbytes 8-bit or NF4 layers (quantized on .cuda())."""
    import bitsandbytes as bnb

    torch = impl.torch
    compute = getattr(torch, recipe.compute_dtype)
    for parent, name, linear in _decoder_linears(model, impl):
        has_bias = linear.bias is not None
        if recipe.quant_bits == 4:
            layer = bnb.nn.Linear4bit(linear.in_features, linear.out_features, bias=has_bias,
                                      compute_dtype=compute, quant_type="nf4")
            layer.weight = bnb.nn.Params4bit(linear.weight.data.to(compute), requires_grad=False, quant_type="nf4")
        else:
            layer = bnb.nn.Linear8bitLt(linear.in_features, linear.out_features, bias=has_bias,
                                        has_fp16_weights=False, threshold=6.0)
            layer.weight = bnb.nn.Int8Params(linear.weight.data.to(torch.float16), requires_grad=False,
                                             has_fp16_weights=False)
        if has_bias:
            layer.bias = impl.nn.Parameter(linear.bias.data, requires_grad=False)
        setattr(parent, name, layer)


def select_trainable(model, plan: Plan, impl) -> None:
    """Set requires_grad by method; LoRA methods wrap the targeted linears with adapters."""
    t, m = plan.training, plan.model
    train_all = t.method in ("full", "galore")
    for p in model.parameters():
        p.requires_grad_(train_all)
    if t.method in ("lora", "qlora"):
        for parent, name, linear in _decoder_linears(model, impl):
            if name in t.lora.targets:
                setattr(parent, name, impl.LoRALinear(linear, t.lora.rank, t.lora.dropout))
    elif t.method == "freeze":
        top = trained_layer_count(m.layers, t.trainable_fraction)
        heads = [module for module in (model.lm_head, model.pooler) if module is not None]
        for module in [*model.layers[-top:], model.norm, *heads]:
            for p in module.parameters():
                p.requires_grad_(True)


def apply_dtypes(model, recipe: Recipe, impl) -> None:
    """Cast each parameter in place (ties survive) to its recipe dtype; quantized weights stay."""
    torch = impl.torch
    adapters = {id(p) for module in model.modules() if isinstance(module, impl.LoRALinear)
                for p in (module.lora_A, module.lora_B)}
    for p in model.parameters():
        if type(p) is not impl.nn.Parameter:  # bitsandbytes Params4bit / Int8Params
            continue
        if id(p) in adapters:
            name = recipe.adapter_dtype
        else:
            name = recipe.trainable_dtype if p.requires_grad else recipe.frozen_dtype
        p.data = p.data.to(getattr(torch, name))


def build_model(plan: Plan, recipe: Recipe, device, impl):
    """Random weights are made on the CPU, so that no transient copy touches the GPU allocator."""
    t = plan.training
    model = impl.Transformer(plan.model, eager=t.attention == "eager", checkpointing=t.checkpointing)
    if recipe.quant_bits:
        quantize_linears(model, recipe, impl)
    select_trainable(model, plan, impl)
    apply_dtypes(model, recipe, impl)
    model.to(device)
    model.train(t.method != "inference")
    return model


def count_parameters(model) -> tuple[int, int]:
    """(total, trainable), counting packed quantized storage as its unpacked element count."""
    total = trainable = 0
    for p in model.parameters():
        shape = getattr(getattr(p, "quant_state", None), "shape", None)
        count = math.prod(shape) if shape is not None else p.numel()
        total += count
        trainable += count if p.requires_grad else 0
    return total, trainable


def tensor_bytes(tensors: Iterable) -> int:
    seen, total = set(), 0
    for t in tensors:
        key = (t.device, t.data_ptr())
        if key not in seen:
            seen.add(key)
            total += t.numel() * t.element_size()
    return total


# ---------------------------------------------------------------------------------------------
# PyTorch: optimizers
# ---------------------------------------------------------------------------------------------


def param_groups(model, plan: Plan) -> list[dict[str, Any]]:
    """One group of trainable parameters; for GaLore a second group with its projection keys
    holding the 2-D weights of the decoder linears."""
    named = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    if plan.training.method != "galore":
        return [{"params": [p for _, p in named]}]

    def projected(name, p):
        return p.dim() == 2 and name.rsplit(".", 2)[-2] in LORA_TARGETS

    return [
        {"params": [p for n, p in named if not projected(n, p)]},
        {"params": [p for n, p in named if projected(n, p)], "rank": plan.training.galore_rank,
         "update_proj_gap": 200, "scale": 0.25, "proj_type": "std"},
    ]


def _torch_optimizer(cls, groups, lr: float, optimizer_impl: str, **kwargs):
    """A torch.optim optimizer with training.optimizer_impl: foreach, fused or loop."""
    impl_kwargs = {"foreach": {"foreach": True}, "loop": {"foreach": False}, "fused": {"fused": True}}[optimizer_impl]
    try:
        return cls(groups, lr=lr, **kwargs, **impl_kwargs)
    except (TypeError, RuntimeError) as exc:
        if optimizer_impl == "fused":
            raise Unmeasurable(f"torch.optim.{cls.__name__} has no fused implementation here ({exc})") from exc
        raise


def make_optimizer(plan: Plan, groups: list[dict[str, Any]], options: Options, impl):
    """The plan's optimizer. optimizer_impl applies to the torch.optim ones (adamw, sgd,
    adafactor); bitsandbytes, GaLore and the Lion here have one implementation each."""
    torch, t = impl.torch, plan.training
    name, lr = t.optimizer, options.lr
    groups = [g for g in groups if g["params"]]
    if t.method == "galore":
        import galore_torch

        return getattr(galore_torch, GALORE_OPTIMIZERS[name])(groups, lr=lr)
    if name == "adamw":
        return _torch_optimizer(torch.optim.AdamW, groups, lr, t.optimizer_impl)
    if name in ("sgd", "sgd-momentum"):
        momentum = 0.9 if name == "sgd-momentum" else 0.0
        return _torch_optimizer(torch.optim.SGD, groups, lr, t.optimizer_impl, momentum=momentum)
    if name == "adafactor":
        if not hasattr(torch.optim, "Adafactor"):
            raise Unmeasurable(f"adafactor needs torch.optim.Adafactor (torch >= 2.5); this is torch {torch.__version__}")
        return _torch_optimizer(torch.optim.Adafactor, groups, lr, t.optimizer_impl)
    if name == "adamw-8bit":
        import bitsandbytes as bnb

        return bnb.optim.AdamW8bit(groups, lr=lr)
    if name == "lion":
        return impl.Lion(groups, lr=lr)
    raise Unmeasurable(f"optimizer {name} is not implemented")


def attach_optimizer_in_backward(plan: Plan, groups, options: Options, impl) -> list:
    """One optimizer per parameter, stepped by a post-accumulate-grad hook that then frees the
    gradient, so no full gradient buffer ever exists (torchtune's optimizer_in_bwd)."""
    torch = impl.torch
    if not hasattr(torch.Tensor, "register_post_accumulate_grad_hook"):
        raise Unmeasurable(f"optimizer_in_backward needs torch >= 2.1; this is torch {torch.__version__}")
    optimizers = []
    for group in groups:
        for p in group["params"]:
            optimizer = make_optimizer(plan, [{**group, "params": [p]}], options, impl)

            def step_and_free(param, optimizer=optimizer):
                optimizer.step()
                optimizer.zero_grad(set_to_none=True)

            p.register_post_accumulate_grad_hook(step_and_free)
            optimizers.append(optimizer)
    return optimizers


def optimizer_state_bytes(optimizers, impl) -> int:
    """Bytes of the tensors held directly in optimizer.state (all optimizers together)."""
    torch = impl.torch
    tensors = (v for opt in optimizers for state in opt.state.values() for v in state.values() if torch.is_tensor(v))
    return tensor_bytes(tensors)


# ---------------------------------------------------------------------------------------------
# PyTorch: training and generation
# ---------------------------------------------------------------------------------------------


def random_batch(plan: Plan, device, impl):
    """Random token ids and next-token labels (the last position ignored, as HF shifts them)."""
    torch = impl.torch
    t, m = plan.training, plan.model
    ids = torch.randint(0, m.vocab, (t.micro_batch, t.seq_len), device=device)
    if not m.lm_head:
        return ids, None
    labels = torch.full_like(ids, -100)
    labels[:, :-1] = ids[:, 1:]
    return ids, labels


def make_loss_fn(model, plan: Plan, options: Options, impl):
    torch, F = impl.torch, impl.F
    m = plan.model

    if not m.lm_head:
        # An encoder has no head in memplan's count; a parameter-free loss on the pooled output
        # trains the same weights without adding any.
        return lambda hidden, labels: model.pooled(hidden).float().pow(2).mean()

    def standard(hidden, labels):
        """Hugging Face's: the full logits, upcast to fp32, then cross-entropy."""
        logits = model.lm_head(hidden).float()
        return F.cross_entropy(logits.view(-1, m.vocab), labels.view(-1), ignore_index=-100)

    def chunk_loss_sum(hidden_chunk, label_chunk):
        logits = model.lm_head(hidden_chunk).float()
        return F.cross_entropy(logits.view(-1, m.vocab), label_chunk.reshape(-1), ignore_index=-100, reduction="sum")

    def chunked(hidden, labels):
        """Cross-entropy over sequence chunks; each chunk is recomputed in backward, so only one
        chunk's logits ever exist."""
        wanted = options.loss_chunks or math.ceil(m.vocab / m.hidden)  # chunk logits ~ hidden states
        chunks = min(wanted, hidden.shape[1])
        total = hidden.new_zeros((), dtype=torch.float32)
        for h, y in zip(hidden.chunk(chunks, dim=1), labels.chunk(chunks, dim=1)):
            total = total + impl.checkpoint(chunk_loss_sum, h, y, use_reentrant=False)
        return total / (labels != -100).sum().clamp(min=1)

    return chunked if plan.training.loss == "chunked" else standard


def make_grad_scaler(impl):
    """A GradScaler starting at scale 1: the default 65536 overflows on the first steps of a
    random model, and a skipped step creates no optimizer states, which would hide them from
    a 3-step measurement."""
    torch = impl.torch
    try:
        return torch.amp.GradScaler("cuda", init_scale=1.0)
    except (AttributeError, TypeError):
        return torch.cuda.amp.GradScaler(init_scale=1.0)


# The moments a step is read at, named as the planner names them (core/memplan/model.cpp):
# "end of forward" is what is live when the model body returns the final hidden states; the
# others are the peak of a phase: the head and the loss ("loss forward"), the backward pass
# until the gradient reaches the final hidden states ("start of backward"), the rest of the
# backward pass ("end of backward"), the optimizer step; for generation the prefill and the
# decode steps ("end of generation").
MOMENT_LABELS = ("end of forward", "loss forward", "start of backward", "end of backward", "optimizer step",
                 "prefill", "end of generation")


class _NoKinds:
    """Stands in for the CPU tracer's kind bookkeeping where there is none (GPU runs)."""

    def retag(self, *args, **kwargs):
        return 0


class TrainingSession:
    """One optimizer step = grad_accum micro-batches of forward + backward, then the step."""

    def __init__(self, model, plan: Plan, recipe: Recipe, options: Options, device, impl, probe=None):
        self.model, self.plan, self.recipe, self.device, self.impl = model, plan, recipe, device, impl
        self.probe = probe or _NullProbe()
        self.tracer = self.probe.tracer
        self.kinds = _tracer_kinds() if self.tracer else None
        # Saved-tensor hooks tell saved activations from temporaries, but they change the step a
        # little (1.13 keeps what a hook returns slightly longer), so the CPU tracer runs them in
        # an extra step after the measured ones, used only for the breakdown by kind.
        self.sort_saved = False
        self.loss_fn = make_loss_fn(model, plan, options, impl)
        self.scaler = make_grad_scaler(impl) if recipe.grad_scaler and device.type == "cuda" else None
        groups = param_groups(model, plan)
        if plan.training.optimizer_in_backward:
            self.optimizer = None
            self.optimizers = attach_optimizer_in_backward(plan, groups, options, impl)
        else:
            self.optimizer = make_optimizer(plan, groups, options, impl)
            self.optimizers = [self.optimizer]
        if self.tracer:
            self._watch_gradients()

    def _autocast(self):
        torch, dtype = self.impl.torch, self.recipe.autocast_dtype
        if dtype is None:
            return contextlib.nullcontext()
        return torch.autocast(device_type=self.device.type, dtype=getattr(torch, dtype))

    def _offload(self):
        if not self.plan.training.activation_offload:
            return contextlib.nullcontext()
        return self.impl.torch.autograd.graph.save_on_cpu(pin_memory=self.device.type == "cuda")

    def _saving(self):
        """On the CPU tracer: what autograd saves during the forward becomes "saved activations"
        (the pack hook returns the tensor itself, so nothing is copied or kept longer)."""
        if not self.tracer or not self.sort_saved:
            return contextlib.nullcontext()
        k, tracer = self.kinds, self.tracer
        temps = k.mask(k.FORWARD_TEMP, k.BACKWARD_TEMP)

        def pack(tensor):
            tracer.retag(tensor, k.SAVED, temps)
            return tensor

        return self.impl.torch.autograd.graph.saved_tensors_hooks(pack, lambda tensor: tensor)

    def _classify_states(self):
        """On the CPU tracer: parameters, gradients and optimizer states to their own kinds."""
        if not self.tracer:
            return
        k, tracer = self.kinds, self.tracer
        for p in self.model.parameters():
            tracer.retag(p, k.PARAMETERS)
            if p.grad is not None:
                tracer.retag(p.grad, k.GRADIENTS)
        for optimizer in self.optimizers:
            for state in optimizer.state.values():
                for value in state.values():
                    if self.impl.torch.is_tensor(value):
                        tracer.retag(value, k.OPTIMIZER_STATE)

    def _watch_gradients(self):
        """On the CPU tracer: a gradient becomes a "gradient" when autograd hands it over."""
        k, tracer = self.kinds, self.tracer
        temps = k.mask(k.FORWARD_TEMP, k.BACKWARD_TEMP, k.OTHER)
        for p in self.model.parameters():
            if p.requires_grad:
                p.register_hook(lambda grad: tracer.retag(grad, k.GRADIENTS, temps) and None)

    def _tag(self, name: str) -> int | None:
        return getattr(self.kinds, name) if self.kinds else None

    def _micro_step(self):
        probe = self.probe
        ids, labels = random_batch(self.plan, self.device, self.impl)
        with self._autocast(), self._offload(), self._saving():
            probe.begin_phase(self._tag("FORWARD_TEMP"))
            hidden = self.model(ids)
            probe.end_phase(None)
            probe.mark("end of forward")
            probe.begin_phase()
            loss = self.loss_fn(hidden, labels)
            probe.end_phase("loss forward" if self.plan.model.lm_head else None)
        scaled = loss / self.plan.training.grad_accum
        probe.begin_phase(self._tag("BACKWARD_TEMP"))
        head_label = ["start of backward"]
        if hidden.requires_grad:
            def head_done(grad):  # the gradient has reached the final hidden states
                probe.end_phase(head_label.pop())
                probe.begin_phase()
                head_label.append("end of backward")

            hidden.register_hook(head_done)
        del hidden
        (self.scaler.scale(scaled) if self.scaler else scaled).backward()
        probe.end_phase(head_label.pop())
        self._classify_states()
        return loss.detach()

    def step(self) -> float:
        self._classify_states()
        losses = [self._micro_step() for _ in range(self.plan.training.grad_accum)]
        self.last_step_skipped = False
        if self.optimizer is not None:
            self.probe.begin_phase(self._tag("OPTIMIZER_TEMP"))
            if self.scaler:
                scale = self.scaler.get_scale()
                self.scaler.step(self.optimizer)
                self.scaler.update()
                self.last_step_skipped = self.scaler.get_scale() < scale  # inf/NaN gradients
            else:
                self.optimizer.step()
            self.probe.end_phase("optimizer step")
            self.probe.begin_phase()
            self.optimizer.zero_grad(set_to_none=self.plan.training.grads_to_none)
            self.probe.end_phase(None)
        return float(self.impl.torch.stack(losses).float().mean())

    def extra_measurements(self) -> dict[str, int]:
        return {"optimizer_state_bytes": optimizer_state_bytes(self.optimizers, self.impl)}


class InferenceSession:
    """Prefill the prompt (logits for the last position only, as HF generate does), then
    new_tokens - 1 greedy decode steps, all with a static KV cache."""

    def __init__(self, model, plan: Plan, recipe: Recipe, options: Options, device, impl, probe=None):
        self.model, self.plan, self.recipe, self.device, self.impl = model, plan, recipe, device, impl
        self.kv_cache_bytes = 0
        self.probe = probe
        self.kinds = _tracer_kinds() if probe is not None and probe.tracer else None

    def step(self) -> None:
        torch, m, t = self.impl.torch, self.plan.model, self.plan.training
        ids, _ = random_batch(self.plan, self.device, self.impl)
        probe = self.probe or _NullProbe()
        tracer = probe.tracer
        if tracer:
            for p in self.model.parameters():
                tracer.retag(p, self.kinds.PARAMETERS)
        with torch.no_grad():
            probe.begin_phase(self.kinds.FORWARD_TEMP if self.kinds else None)
            if not m.lm_head:
                self.model.pooled(self.model(ids))
                probe.end_phase("prefill")
                return None
            cache = self.impl.KVCache(m.layers, t.micro_batch, m.kv_heads, t.seq_len + t.new_tokens, m.head_dim,
                                      getattr(torch, self.recipe.compute_dtype), self.device)
            if tracer:
                for tensor in (*cache.k, *cache.v):
                    tracer.retag(tensor, self.kinds.KV_CACHE)
            self.kv_cache_bytes = cache.nbytes()
            token = self.model.lm_head(self.model(ids, cache, 0)[:, -1:]).argmax(-1)
            probe.end_phase("prefill")
            probe.begin_phase()
            for i in range(max(0, t.new_tokens - 1)):
                token = self.model.lm_head(self.model(token, cache, t.seq_len + i)).argmax(-1)
            probe.end_phase("end of generation" if t.new_tokens > 1 else None)
        return None

    def extra_measurements(self) -> dict[str, int]:
        return {"kv_cache_bytes": self.kv_cache_bytes}


def _tracer_kinds():
    import cpu_trace

    return cpu_trace


class _NullProbe:
    """No figures (a plain smoke run)."""

    tracer = None

    def begin_phase(self, tag=None):
        pass

    def end_phase(self, label):
        return 0

    def mark(self, label):
        pass


# ---------------------------------------------------------------------------------------------
# Memory probes and the environment
# ---------------------------------------------------------------------------------------------


def nvidia_smi(query: list[str]) -> list[list[str]] | None:
    """Rows of `nvidia-smi QUERY --format=csv,noheader,nounits`, or None when unavailable."""
    exe = shutil.which("nvidia-smi")
    if not exe:
        return None
    try:
        out = subprocess.run([exe, *query, "--format=csv,noheader,nounits"], capture_output=True, text=True,
                             timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return [[cell.strip() for cell in line.split(",")] for line in out.splitlines() if line.strip()]


def _mib(text: str) -> int | None:
    try:
        return int(float(text) * 2**20)
    except ValueError:
        return None


class MemoryProbe:
    """What the allocator and the driver say. On the GPU: the CUDA caching allocator's
    counters. On the CPU: the allocation tracer (cpu_trace.py), counted from a baseline taken
    before the model exists, so the figures compare with torch.cuda.memory_allocated(); there
    is no reserved or device-wide figure there.

    Besides the step's peak, the probe keeps the peak of each phase of a step (forward, loss,
    backward, optimizer step...): `begin_phase` restarts the phase's high-water mark and
    `end_phase` files it under a moment label. On the GPU the phase mark is the only one
    (reset_peak_memory_stats), so the step's peak is the largest phase peak; the phases cover
    the whole step."""

    def __init__(self, device, impl):
        self.device, self.torch = device, impl.torch
        self.cuda = device.type == "cuda"
        self.uuid = None
        self.tracer = None
        self.baseline = 0
        if self.cuda:
            uuid = getattr(self.torch.cuda.get_device_properties(device), "uuid", None)
            self.uuid = str(uuid) if uuid is not None else None
        elif device.type == "cpu":
            import cpu_trace

            self.tracer = cpu_trace.Tracer()
            gc.collect()
            self.baseline = self.tracer.current()
        self.moments: dict[str, int] = {}
        self.step_peak = 0

    @property
    def traces(self) -> bool:
        return self.cuda or self.tracer is not None

    def reset_peak(self):
        if self.cuda:
            self.torch.cuda.synchronize(self.device)
            self.torch.cuda.reset_peak_memory_stats(self.device)
        elif self.tracer:
            self.tracer.reset_peak()
        self.moments, self.step_peak = {}, self.current()

    def current(self) -> int:
        if self.cuda:
            return self.torch.cuda.memory_allocated(self.device)
        return self.tracer.current() - self.baseline if self.tracer else 0

    def begin_phase(self, tag: int | None = None):
        """Start a phase: new blocks get `tag` (CPU), and the phase's peak starts afresh."""
        if self.cuda:
            self.torch.cuda.synchronize(self.device)
            self.torch.cuda.reset_peak_memory_stats(self.device)
        elif self.tracer:
            if tag is not None:
                self.tracer.set_tag(tag)
            self.tracer.reset_phase_peak()

    def end_phase(self, label: str | None) -> int:
        """The phase's peak, filed under `label` (the larger one when the label repeats, as
        over micro-batches); None files nothing but still counts toward the step's peak."""
        if self.cuda:
            self.torch.cuda.synchronize(self.device)
            peak = self.torch.cuda.max_memory_allocated(self.device)
        elif self.tracer:
            peak = self.tracer.phase_peak() - self.baseline
        else:
            return 0
        self.step_peak = max(self.step_peak, peak)
        if label:
            self.moments[label] = max(self.moments.get(label, 0), peak)
        return peak

    def mark(self, label: str) -> None:
        """File the bytes live now under `label`."""
        if self.traces:
            self.moments[label] = max(self.moments.get(label, 0), self.current())

    def allocator(self) -> dict[str, int | None]:
        if self.tracer:
            peak = self.tracer.peak() - self.baseline
            return {"allocated": self.current(), "reserved": None, "peak_allocated": peak, "peak_reserved": None}
        if not self.cuda:
            return {"allocated": None, "reserved": None, "peak_allocated": None, "peak_reserved": None}
        cuda = self.torch.cuda
        cuda.synchronize(self.device)
        # the phase marks reset the counter, so the step's peak is the largest phase peak
        return {"allocated": cuda.memory_allocated(self.device), "reserved": cuda.memory_reserved(self.device),
                "peak_allocated": max(self.step_peak, cuda.max_memory_allocated(self.device)),
                "peak_reserved": cuda.max_memory_reserved(self.device)}

    def device_used(self) -> dict[str, int | None]:
        """Device-wide used memory (all processes) two ways, and this process's per nvidia-smi."""
        if not self.cuda:
            return {"mem_get_info_used": None, "nvidia_smi_used": None, "nvidia_smi_process_used": None}
        free, total = self.torch.cuda.mem_get_info(self.device)
        return {"mem_get_info_used": total - free, "nvidia_smi_used": self._smi_device_used(),
                "nvidia_smi_process_used": self._smi_process_used()}

    def _smi_row(self, rows):
        if not rows:
            return None
        if self.uuid:
            for row in rows:
                if row[0].endswith(self.uuid):
                    return row
        return rows[0] if len(rows) == 1 else None

    def _smi_device_used(self):
        row = self._smi_row(nvidia_smi(["--query-gpu=uuid,memory.used"]))
        return _mib(row[1]) if row else None

    def _smi_process_used(self):
        rows = nvidia_smi(["--query-compute-apps=pid,used_memory"]) or []
        used = [_mib(r[1]) for r in rows if len(r) > 1 and r[0] == str(os.getpid())]
        return used[0] if used else None  # None where the container hides host pids

    def gpu_info(self) -> dict[str, Any]:
        if not self.cuda:
            return {}
        props = self.torch.cuda.get_device_properties(self.device)
        info = {"gpu_name": props.name, "gpu_total_memory": props.total_memory,
                "compute_capability": f"{props.major}.{props.minor}", "gpu_uuid": self.uuid}
        row = self._smi_row(nvidia_smi(["--query-gpu=uuid,name,driver_version,memory.total"]))
        if row:
            info.update(driver_version=row[2], nvidia_smi_name=row[1], nvidia_smi_total=_mib(row[3]))
        else:
            info["driver_version"] = _pynvml_driver_version()
        return info


def _pynvml_driver_version() -> str | None:
    try:
        import pynvml

        pynvml.nvmlInit()
        version = pynvml.nvmlSystemGetDriverVersion()
        return version.decode() if isinstance(version, bytes) else version
    except Exception:  # optional, any failure just means "unknown"
        return None


def _package_version(name: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def collect_environment(probe: MemoryProbe, impl) -> dict[str, Any]:
    torch = impl.torch
    env = {
        "torch": torch.__version__,
        "cuda": torch.version.cuda,
        "cudnn": torch.backends.cudnn.version() if torch.backends.cudnn.is_available() else None,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "device": str(probe.device),
        "bitsandbytes": _package_version("bitsandbytes"),
        "galore_torch": _package_version("galore-torch"),
        "memplan_commit": _git_commit(),
        "machine": platform.machine(),
        "cpu": _cpu_model(),
    }
    if probe.tracer:
        env["tracer"] = "alloc_trace.c: c10 CPU allocations (posix_memalign/free), 512-byte blocks"
        env["threads"] = torch.get_num_threads()
    env.update(probe.gpu_info())
    return env


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def _git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(REPO_ROOT), "rev-parse", "HEAD"], capture_output=True, text=True,
                             timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


# ---------------------------------------------------------------------------------------------
# Measuring one plan
# ---------------------------------------------------------------------------------------------


def _is_oom(exc: BaseException, torch) -> bool:
    oom_type = getattr(getattr(torch, "cuda", None), "OutOfMemoryError", None)
    message = str(exc).lower()
    return (oom_type is not None and isinstance(exc, oom_type)) or "out of memory" in message \
        or "alloc_failed" in message


def _run_steps(session, probe: MemoryProbe, options: Options, measured: dict, device, torch) -> None:
    steps = measured["steps"] = []
    breakdown_step = probe.tracer is not None and hasattr(session, "sort_saved")
    for index in range(options.steps + breakdown_step):
        if index == options.steps:  # the CPU tracer's extra step: what was live at the peak, by kind
            session.sort_saved = True
        probe.reset_peak()
        started = time.perf_counter()
        loss = session.step()
        if device.type == "cuda":
            torch.cuda.synchronize(device)
        memory = probe.allocator()
        steps.append({"warmup": index < options.warmup, "breakdown": index == options.steps,
                      "time_s": round(time.perf_counter() - started, 4),
                      "loss": loss if loss is not None and math.isfinite(loss) else None,
                      "peak_allocated": memory["peak_allocated"], "peak_reserved": memory["peak_reserved"],
                      "allocated_after": memory["allocated"], "reserved_after": memory["reserved"],
                      "optimizer_step_skipped": getattr(session, "last_step_skipped", False),
                      "moments": dict(probe.moments) if probe.traces else None,
                      "at_peak": probe.tracer.kinds_at_peak(probe.baseline) if probe.tracer else None})
        if index == 0:
            measured["after_first_step_allocated"] = memory["allocated"]
            measured["after_first_step_reserved"] = memory["reserved"]


def _max_or_none(values: Iterable[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def _summarise_peaks(measured: dict) -> None:
    """peak_* over everything since the model was built (the peak counters are reset before
    each step, so the maximum is taken here); steady_* over the steps after the warm-up."""
    steps = [s for s in measured.get("steps", []) if not s.get("breakdown")]
    for kind in ("allocated", "reserved"):
        key = f"peak_{kind}"
        measured[key] = _max_or_none([measured.get(f"after_load_{kind}"), *(s[key] for s in steps)])
        measured[f"steady_{key}"] = _max_or_none(s[key] for s in steps if not s["warmup"])


def device_skip_reason(plan: Plan, recipe: Recipe, device, torch) -> str | None:
    """What this torch cannot run on this device; never replaced by a hand-written stand-in."""
    t = plan.training
    if t.attention == "flash" and not hasattr(torch.nn.functional, "scaled_dot_product_attention"):
        return (f"attention flash needs torch.nn.functional.scaled_dot_product_attention (torch >= 2.0); "
                f"this is torch {torch.__version__}")
    if device.type == "cpu":
        if "float16" in (recipe.autocast_dtype, recipe.compute_dtype, recipe.frozen_dtype, recipe.trainable_dtype):
            return (f"fp16 on the CPU: torch {torch.__version__}'s CPU autocast supports bfloat16 only, and "
                    "its CPU matmuls have no fp16 kernels")
        if t.activation_offload:
            return "activation_offload copies saved tensors to host memory; on the CPU there is no device to leave"
        if recipe.grad_scaler:
            return "GradScaler is CUDA-only in this torch"
    return None


def step_summary(measured: dict) -> tuple[int | None, dict | None, dict | None]:
    """The steady-state step (the largest after the warm-up): its peak, moments and what was live
    at its peak by kind."""
    steps = measured.get("steps", [])
    steady = [s for s in steps if not s["warmup"] and not s.get("breakdown")
              and s.get("peak_allocated") is not None]
    if not steady:
        return None, None, None
    worst = max(steady, key=lambda s: s["peak_allocated"])
    moments: dict[str, int] = {}
    for s in steady:
        for label, value in (s.get("moments") or {}).items():
            moments[label] = max(moments.get(label, 0), value)
    breakdown = [s for s in steps if s.get("breakdown")]
    at_peak = breakdown[-1].get("at_peak") if breakdown else worst.get("at_peak")
    return worst["peak_allocated"], moments or None, at_peak


def measure_plan(plan: Plan, options: Options) -> dict[str, Any]:
    """Measure one plan in this process. Returns the result object (without "plan")."""
    impl = torch_impl()
    torch = impl.torch
    device = torch.device(options.device)
    if device.type == "cuda" and device.index is None:  # torch >= 2.x's cuda.* calls want an index
        device = torch.device("cuda", torch.cuda.current_device())
    measured: dict[str, Any] = {}
    result = {"status": "ok", "reason": None, "recipe": None, "measured": measured, "environment": {}}
    started = time.perf_counter()
    model = session = None
    try:
        recipe = resolve_recipe(plan.training)
        reason = device_skip_reason(plan, recipe, device, torch)
        if reason:
            raise Unmeasurable(reason)
        if device.type == "cpu":
            torch.set_num_threads(options.threads)  # one thread: a deterministic allocation order
        result["recipe"] = dataclasses.asdict(recipe)
        if device.type == "cuda":
            torch.cuda.set_device(device)
            torch.zeros(1, device=device)  # create the context before the baseline
        probe = MemoryProbe(device, impl)
        result["environment"] = collect_environment(probe, impl)
        measured["context"] = probe.device_used()
        torch.manual_seed(options.seed)

        model = build_model(plan, recipe, device, impl)
        measured["params_total"], measured["params_trainable"] = count_parameters(model)
        measured["params_expected_total"] = total_params(plan.model, plan.training)
        measured["params_expected_trainable"] = trainable_params(plan.model, plan.training)
        measured["weights_bytes"] = tensor_bytes(model.parameters())
        gc.collect()
        memory = probe.allocator()
        measured["after_load_allocated"], measured["after_load_reserved"] = memory["allocated"], memory["reserved"]
        probe.reset_peak()

        session_type = InferenceSession if plan.training.method == "inference" else TrainingSession
        session = session_type(model, plan, recipe, options, device, impl, probe)
        _run_steps(session, probe, options, measured, device, torch)
        measured.update(session.extra_measurements())
        measured["end"] = probe.device_used()
    except Unmeasurable as exc:
        result.update(status="skipped", reason=str(exc))
    except Exception as exc:  # an OOM or a bug: record it and let the caller go on
        if _is_oom(exc, torch):
            result.update(status="oom", reason=str(exc).splitlines()[0])
        else:
            result.update(status="error", reason=f"{type(exc).__name__}: {exc}",
                          traceback=traceback.format_exc(limit=8))
        if device.type == "cuda":
            measured["at_failure"] = MemoryProbe(device, impl).allocator()
    finally:
        measured["wall_time_s"] = round(time.perf_counter() - started, 3)
        _summarise_peaks(measured)
        if result["status"] == "ok":
            result["peak_allocated"], result["moments"], result["at_peak"] = step_summary(measured)
        del model, session
        gc.collect()
        if device.type == "cuda":
            torch.cuda.empty_cache()
    return result


# ---------------------------------------------------------------------------------------------
# Driving many plans: worker processes, output files
# ---------------------------------------------------------------------------------------------


def write_json(path: Path, data: Any) -> None:
    """Write through a temporary file and rename, so a crash never leaves half a file."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=2, sort_keys=False)
        out.write("\n")
    os.replace(tmp, path)


def worker_command(plan_path: Path, result_path: Path, options: Options) -> list[str]:
    command = [sys.executable, str(Path(__file__).resolve()), str(plan_path), "--in-process",
               "--worker-result", str(result_path), "--steps", str(options.steps), "--warmup", str(options.warmup),
               "--device", options.device, "--presets", options.presets_dir,
               "--loss-chunks", str(options.loss_chunks), "--lr", repr(options.lr), "--seed", str(options.seed),
               "--threads", str(options.threads)]
    for path, value in options.overrides:
        command += ["--set", f"{path}={json.dumps(value)}"]
    return command


def measure_in_worker(plan_path: Path, options: Options, timeout: float | None) -> dict[str, Any]:
    """Run one plan in a fresh Python process (clean CUDA context and allocator)."""
    with tempfile.TemporaryDirectory(prefix="memplan-measure-") as tmp:
        result_path = Path(tmp) / "result.json"
        try:
            proc = subprocess.run(worker_command(plan_path, result_path, options), capture_output=True, text=True,
                                  timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"status": "error", "reason": f"timed out after {timeout:g} s", "measured": {}}
        if result_path.is_file():
            return json.loads(result_path.read_text(encoding="utf-8"))
        tail = (proc.stderr or proc.stdout or "").strip()[-2000:]
        return {"status": "error", "reason": f"worker exited with status {proc.returncode} and no result: {tail}",
                "measured": {}}


def run_one(plan_path: Path, options: Options, *, in_process: bool, timeout: float | None) -> dict[str, Any]:
    """Validate, decide whether to skip, measure. Invalid plans give status "error"."""
    result: dict[str, Any] = {"plan": str(plan_path)}
    try:
        plan = load_plan(plan_path, Path(options.presets_dir), options.overrides)
    except PlanError as exc:
        return {**result, "status": "error", "reason": str(exc), "measured": {}}
    result.update(name=plan.name, config=plan.to_json())
    reason = skip_reason(plan)
    if reason is not None:
        return {**result, "status": "skipped", "reason": reason, "measured": {}}
    measured = measure_plan(plan, options) if in_process else measure_in_worker(plan_path, options, timeout)
    measured.pop("plan", None)
    measured.pop("name", None)
    measured.pop("config", None)
    return {**result, **measured}


def _gib(value: int | None) -> str:
    return "n/a" if value is None else f"{value / 2**30:.2f} GiB"


def summary_line(result: dict[str, Any]) -> str:
    m = result.get("measured") or {}
    if result["status"] == "ok":
        used = (m.get("end") or {}).get("nvidia_smi_used") or (m.get("end") or {}).get("mem_get_info_used")
        return (f"ok  peak_allocated {_gib(m.get('peak_allocated'))}, peak_reserved {_gib(m.get('peak_reserved'))}, "
                f"device used {_gib(used)}, {m.get('wall_time_s', 0):.1f} s")
    return f"{result['status']}: {result.get('reason')}"


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Measure the GPU memory of memplan plan files with PyTorch (one GPU).",
        epilog="Each plan's result goes to PLAN.measured.json beside it. See tests/groundtruth/README.md.")
    parser.add_argument("paths", nargs="+", help="plan files, or directories of plan files (*.json)")
    parser.add_argument("--dry-run", action="store_true", help="only read and validate; print what would be built")
    parser.add_argument("--out", type=Path, help="also write every result to this file")
    parser.add_argument("--steps", type=int, default=3, help="optimizer steps (or generations) per plan, default 3")
    parser.add_argument("--warmup", type=int, default=1, help="of those, warm-up steps (kept apart as 'steady'), default 1")
    parser.add_argument("--timeout", type=float, help="seconds per plan (worker processes only)")
    parser.add_argument("--in-process", action="store_true", help="measure in this process instead of one worker per plan")
    parser.add_argument("--resume", action="store_true", help="skip plans whose result file already says ok/oom/skipped")
    parser.add_argument("--device", default="cuda",
                        help="cuda (default), cuda:N, or cpu (PyTorch's CPU allocations, traced; see cpu_trace.py)")
    parser.add_argument("--threads", type=int, default=1, help="CPU intra-op threads (default 1: deterministic)")
    parser.add_argument("--presets", default=str(DEFAULT_PRESETS_DIR), help="the presets directory (default: the repo's)")
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE",
                        help="override a plan key in every plan, e.g. training.micro_batch=8")
    parser.add_argument("--loss-chunks", type=int, default=0,
                        help="chunks of the chunked loss; default 0: ceil(vocab / hidden), memplan's chunk size")
    parser.add_argument("--lr", type=float, default=1e-5, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--worker-result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.steps < 1 or not 0 <= args.warmup < args.steps:
        parser.error("need --steps >= 1 and 0 <= --warmup < --steps")
    if args.loss_chunks < 0:
        parser.error("--loss-chunks must be 0 (automatic) or more")
    try:
        args.overrides = tuple(parse_override(text) for text in args.overrides)
    except ValueError as exc:
        parser.error(str(exc))
    return args


def options_from_args(args: argparse.Namespace) -> Options:
    return Options(steps=args.steps, warmup=args.warmup, device=args.device, presets_dir=str(args.presets),
                   overrides=args.overrides, loss_chunks=args.loss_chunks, lr=args.lr, seed=args.seed,
                   threads=args.threads)


def dry_run(paths: list[Path], options: Options, out=None, err=None) -> int:
    """Print what would be built for each plan; 2 when any plan is invalid, else 0."""
    out, err = out or sys.stdout, err or sys.stderr
    invalid = 0
    for path in paths:
        try:
            plan = load_plan(path, Path(options.presets_dir), options.overrides)
        except PlanError as exc:
            print(f"error: {exc}", file=err)
            invalid += 1
            continue
        print(describe_plan(plan, options), file=out)
    print(f"{len(paths) - invalid} valid, {invalid} invalid plan(s)", file=out)
    return 2 if invalid else 0


def _already_done(plan_path: Path) -> bool:
    try:
        previous = json.loads(measured_path(plan_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(previous, dict) and previous.get("status") in ("ok", "oom", "skipped")


def measure_all(paths: list[Path], args: argparse.Namespace, options: Options) -> int:
    """Measure every plan, writing each result beside its plan; 1 if any result is an error."""
    results, errors = [], 0
    for index, path in enumerate(paths, 1):
        if args.resume and _already_done(path):
            result = json.loads(measured_path(path).read_text(encoding="utf-8"))
            print(f"[{index}/{len(paths)}] {path}: done before ({result['status']})", flush=True)
        else:
            result = run_one(path, options, in_process=args.in_process, timeout=args.timeout)
            write_json(measured_path(path), result)
            print(f"[{index}/{len(paths)}] {path}: {summary_line(result)}", flush=True)
        results.append(result)
        errors += result["status"] == "error"
    if args.out:  # a list, one object per plan (the interface outside checks read)
        settings = {k: v for k, v in dataclasses.asdict(options).items() if k != "presets_dir"}
        for result in results:
            result.setdefault("peak_allocated", None)
            result.setdefault("moments", {})
            result["settings"] = settings
        write_json(args.out, results)
    counts = {s: sum(r["status"] == s for r in results) for s in ("ok", "skipped", "oom", "error")}
    print(", ".join(f"{n} {s}" for s, n in counts.items()), flush=True)
    return 1 if errors else 0


def worker_main(args: argparse.Namespace, options: Options) -> int:
    """--worker-result: measure the single given plan and write its result object there."""
    plan = load_plan(args.paths[0], Path(options.presets_dir), options.overrides)
    write_json(args.worker_result, measure_plan(plan, options))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    options = options_from_args(args)
    if args.worker_result:
        if options.device == "cpu":
            import cpu_trace

            cpu_trace.ensure_preloaded()
        return worker_main(args, options)
    try:
        paths = collect_plan_paths(args.paths, exclude=[args.out] if args.out else [])
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.dry_run:
        return dry_run(paths, options)
    if not package_available("torch"):
        print("error: measuring needs PyTorch (pip install torch, or Debian's python3-torch); --dry-run works "
              "without it", file=sys.stderr)
        return 2
    if options.device == "cpu":
        import cpu_trace

        try:
            cpu_trace.ensure_preloaded()  # re-executes this command with the tracer when needed
        except cpu_trace.TracerUnavailable as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    return measure_all(paths, args, options)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `measure.py --dry-run DIR | head`: the reader left, that is fine
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
