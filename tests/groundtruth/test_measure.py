"""Tests of measure.py's plan reading and of grid.py; they need no torch and no GPU.

    cd tests/groundtruth && python3 -m unittest -v test_measure
"""

from __future__ import annotations

import collections
import contextlib
import copy
import io
import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import grid  # noqa: E402
import measure  # noqa: E402
from measure import PlanError, Unmeasurable  # noqa: E402

# The contract's example, with the preset left out (its shape is given in full).
CONTRACT_EXAMPLE = {
    "schema_version": 1,
    "name": "Llama-2-7B LoRA on one 4090",
    "model": {
        "params": 6738415616,
        "layers": 32, "hidden": 4096, "ffn": 11008,
        "heads": 32, "kv_heads": 32, "head_dim": 128, "vocab": 32000,
        "tied_embeddings": False, "mlp": "gated", "experts": 1, "experts_per_token": 1, "lm_head": True,
    },
    "training": {
        "method": "lora", "precision": "bf16-mixed", "accounting": "realistic", "optimizer": "adamw",
        "micro_batch": 4, "seq_len": 2048, "grad_accum": 1, "checkpointing": "full", "attention": "flash",
        "loss": "standard", "optimizer_in_backward": False, "activation_offload": False,
        "lora": {"rank": 8, "targets": ["q", "v"]}, "trainable_fraction": 0.25, "galore_rank": 128, "new_tokens": 0,
    },
    "parallelism": {"gpus": 1, "sharding": "none", "sharding_factor": 1, "tp": 1, "pp": 1, "offload": "none"},
    "hardware": {"gpu": "rtx-4090", "memory_gib": 24, "runtime_overhead_gib": 1.0},
}

SMALL_MODEL = {"layers": 2, "hidden": 64, "heads": 4, "kv_heads": 4, "head_dim": 16, "ffn": 128, "vocab": 100}
PRESETS = HERE.parent.parent / "presets"


def with_key(data: dict, path: str, value) -> dict:
    """A deep copy of data with the dotted path set to value."""
    data = copy.deepcopy(data)
    measure.apply_overrides(data, [(path, value)], "test")
    return data


class TempDirTest(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self._tmp.name)

    def tearDown(self):
        self._tmp.cleanup()

    def write(self, name: str, data) -> Path:
        path = self.dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
        return path


class DefaultsTest(unittest.TestCase):
    def test_omitted_keys_take_the_planners_defaults(self):
        plan = measure.plan_from_json({"schema_version": 1}, "p.json")
        m, t, p = plan.model, plan.training, plan.parallelism
        self.assertEqual((m.layers, m.hidden, m.ffn, m.heads, m.kv_heads, m.head_dim, m.vocab),
                         (32, 4096, 11008, 32, 32, 128, 32000))  # core/memplan/plan.h
        self.assertEqual((m.mlp, m.norm, m.bias, m.position, m.max_position), ("gated", "rmsnorm", "none", "rope", 4096))
        self.assertEqual((m.tied_embeddings, m.lm_head, m.lm_head_bias, m.type_vocab, m.pooler, m.dropout),
                         (False, True, False, 0, False, 0.0))
        self.assertEqual((t.method, t.precision, t.optimizer, t.optimizer_impl, t.micro_batch, t.seq_len),
                         ("full", "bf16-mixed", "adamw", "foreach", 1, 2048))
        self.assertEqual((t.grad_accum, t.grads_to_none, t.trainable_fraction, t.new_tokens, t.dtypes),
                         (1, True, 1.0, 0, {}))
        self.assertEqual(t.lora, measure.LoraConfig(rank=8, targets=("q", "v"), dropout=0.0))
        self.assertEqual(p, measure.ParallelismConfig(1, "none", None, 1, 1, False, "none"))
        self.assertIsNone(plan.hardware.gpu)

    def test_planner_extensions_are_read(self):
        model = {**SMALL_MODEL, "name": "tiny", "lm_head_bias": True, "type_vocab": 2, "pooler": True,
                 "lm_head": False, "position": "learned", "max_position": 512, "norm": "layernorm"}
        training = {"optimizer_impl": "fused", "grads_to_none": False, "seq_len": 512,
                    "lora": {"dropout": 0.05}, "dtypes": {"weights": "fp32", "master_weights": "none"}}
        plan = measure.plan_from_json({"model": model, "training": training, "parallelism": {"sequence_parallel": False},
                                       "hardware": {"allocator_reserve_fraction": 0.05}}, "p.json")
        self.assertEqual((plan.model.name, plan.model.type_vocab, plan.model.pooler), ("tiny", 2, True))
        self.assertEqual((plan.training.optimizer_impl, plan.training.grads_to_none), ("fused", False))
        self.assertEqual(plan.training.lora.dropout, 0.05)
        self.assertEqual(plan.training.dtypes, {"weights": "fp32", "master_weights": "none"})
        self.assertEqual(plan.hardware.allocator_reserve_fraction, 0.05)

    def test_contract_example_builds_the_dataclasses(self):
        plan = measure.plan_from_json(CONTRACT_EXAMPLE, "example.json")
        self.assertEqual(plan.name, "Llama-2-7B LoRA on one 4090")
        self.assertEqual(plan.model.params, 6738415616)
        self.assertEqual(plan.training.lora.targets, ("q", "v"))
        self.assertEqual(plan.training.checkpointing, "full")
        self.assertEqual(plan.hardware, measure.HardwareConfig("rtx-4090", 24.0, 1.0, None))
        self.assertEqual(plan.to_json()["training"]["micro_batch"], 4)
        json.dumps(plan.to_json())  # serialisable for the result file

    def test_all_linear_expands_to_every_target(self):
        data = with_key({"model": SMALL_MODEL}, "training.lora", {"targets": "all-linear"})
        lora = measure.plan_from_json(data, "p.json").training.lora
        self.assertEqual(lora, measure.LoraConfig(rank=8, targets=measure.LORA_TARGETS, dropout=0.0))


class PresetTest(TempDirTest):
    def write_preset(self, preset_id: str, model: dict, **extra):
        self.write(f"presets/models/{preset_id}.json",
                   {"schema_version": 1, "id": preset_id, "source": "test", "model": model, **extra})

    def test_preset_supplies_the_shape_and_plan_keys_override(self):
        self.write_preset("tiny", {**SMALL_MODEL, "ffn": 128, "tied_embeddings": True}, published_params=12345)
        data = {"model": {"preset": "tiny", "layers": 5}}
        plan = measure.plan_from_json(data, "p.json", self.dir / "presets")
        self.assertEqual((plan.model.layers, plan.model.hidden, plan.model.ffn), (5, 64, 128))
        self.assertTrue(plan.model.tied_embeddings)
        self.assertEqual((plan.model.preset, plan.model.params), ("tiny", 12345))

    def test_missing_preset_is_a_clear_error(self):
        with self.assertRaises(PlanError) as caught:
            measure.plan_from_json({"model": {"preset": "llama-2-7b"}}, "p.json", self.dir / "presets")
        self.assertEqual((caught.exception.file, caught.exception.key), ("p.json", "model.preset"))
        self.assertIn("llama-2-7b.json does not exist", str(caught.exception))

    def test_bad_preset_id_is_rejected(self):
        with self.assertRaises(PlanError) as caught:
            measure.plan_from_json({"model": {"preset": "../secrets"}}, "p.json", self.dir / "presets")
        self.assertEqual(caught.exception.key, "model.preset")

    def test_error_inside_a_preset_names_the_preset_file(self):
        self.write_preset("broken", {**SMALL_MODEL, "layerz": 3})
        with self.assertRaises(PlanError) as caught:
            measure.plan_from_json({"model": {"preset": "broken"}}, "p.json", self.dir / "presets")
        self.assertTrue(caught.exception.file.endswith("broken.json"))
        self.assertEqual(caught.exception.key, "model.layerz")

    def test_load_plan_reads_the_file_and_applies_overrides(self):
        self.write_preset("tiny", SMALL_MODEL)
        path = self.write("p.memplan.json", {"schema_version": 1, "model": {"preset": "tiny"}})
        plan = measure.load_plan(path, self.dir / "presets", [("training.micro_batch", 8)])
        self.assertEqual((plan.path, plan.training.micro_batch), (str(path), 8))


class ValidationTest(TempDirTest):
    BASE = {"schema_version": 1, "model": dict(SMALL_MODEL), "training": {}, "parallelism": {}}

    def assert_rejected(self, data, key: str, fragment: str = ""):
        with self.assertRaises(PlanError) as caught:
            measure.plan_from_json(data, "plan.json")
        error = caught.exception
        self.assertEqual((error.file, error.key), ("plan.json", key), str(error))
        self.assertTrue(str(error).startswith(f"plan.json: {key}: "), str(error))
        self.assertIn(fragment, str(error))

    def test_unknown_keys_are_named_with_their_path(self):
        for path in ("extra", "model.layerz", "training.batch", "training.lora.alpha", "parallelism.zero",
                     "hardware.vram"):
            with self.subTest(path=path):
                self.assert_rejected(with_key(self.BASE, path, 1), path, "unknown key")

    def test_bad_values_are_named_with_their_path(self):
        cases = [
            ("training.micro_batch", 0, "between"),
            ("training.micro_batch", True, "integer"),
            ("training.micro_batch", 2.5, "integer"),
            ("training.seq_len", "2048", "integer"),
            ("training.precision", "fp64", "must be one of"),
            ("training.method", "LoRA", "must be one of"),
            ("training.optimizer_in_backward", 1, "true or false"),
            ("training.trainable_fraction", 0, "must be in"),
            ("training.lora.rank", 0, "between"),
            ("training.lora.targets", "all", "list"),
            ("training.lora.targets", [], "list"),
            ("training.lora.targets", ["q", "q"], "twice"),
            ("training.lora.dropout", 1.0, "must be in"),
            ("training.optimizer_impl", "multi-tensor", "must be one of"),
            ("training.dtypes.weights", "none", "only master_weights"),
            ("training.dtypes.weights", "fp64", "must be one of"),
            ("training.dtypes.moments", "fp32", "unknown key"),
            ("hardware.allocator_reserve_fraction", 11, "must be in"),
            ("model.params", 7.5e20, "must be in"),
            ("model.layers", 10**20, "between"),
            ("model.hidden", -64, "between"),
            ("model.dropout", 1.0, "must be in"),
            ("model.mlp", "swiglu", "must be one of"),
            ("model.kv_heads", 3, "must divide heads"),
            ("model.experts_per_token", 2, "must not exceed"),
            ("model.head_dim", 4096, "implausibly large"),
            ("hardware.memory_gib", -1, "must be in"),
            ("hardware.gpu", "", "non-empty"),
            ("parallelism.sharding", "fsdp", "must be one of"),
            ("schema_version", 2, "must be 1"),
            ("name", 7, "string"),
        ]
        for path, value, fragment in cases:
            with self.subTest(path=path, value=value):
                self.assert_rejected(with_key(self.BASE, path, value), path, fragment)

    def test_bad_lora_target_is_named_by_index(self):
        data = with_key(self.BASE, "training.lora.targets", ["q", "qkv"])
        self.assert_rejected(data, "training.lora.targets.1", "must be one of")

    def test_sharding_factor_above_gpus(self):
        data = with_key(with_key(self.BASE, "parallelism.gpus", 2), "parallelism.sharding_factor", 4)
        self.assert_rejected(data, "parallelism.sharding_factor", "above the GPU count")

    def test_cross_section_rules(self):
        cases = [
            ({"parallelism.gpus": 6, "parallelism.tp": 4}, "parallelism.gpus", "tp x pp"),
            ({"parallelism.gpus": 4, "parallelism.pp": 4}, "parallelism.pp", "more pipeline stages"),
            ({"parallelism.gpus": 8, "parallelism.tp": 2, "parallelism.sharding_factor": 3},
             "parallelism.sharding_factor", "data-parallel degree 4"),
            ({"parallelism.gpus": 3, "parallelism.tp": 3}, "parallelism.tp", "must divide the heads"),
            ({"training.method": "lora", "training.lora.rank": 65}, "training.lora.rank", "larger than the hidden"),
        ]
        for changes, key, fragment in cases:
            data = self.BASE
            for path, value in changes.items():
                data = with_key(data, path, value)
            with self.subTest(key=key):
                self.assert_rejected(data, key, fragment)

    def test_params_alone_is_not_a_shape(self):
        self.assert_rejected({"model": {"params": 7e9}}, "model.params", "needs the shape")

    def test_learned_positions_must_cover_the_sequence(self):
        data = with_key(with_key(self.BASE, "model.position", "learned"), "model.max_position", 1024)
        data = with_key(data, "training.seq_len", 1024)
        data = with_key(data, "training.new_tokens", 1)
        self.assert_rejected(data, "training.seq_len", "1025 tokens exceed the learned position table")

    def test_odd_head_dim_with_rope(self):
        self.assert_rejected(with_key(self.BASE, "model.head_dim", 15), "model.head_dim", "even")

    def test_sections_must_be_objects(self):
        self.assert_rejected(with_key(self.BASE, "training", [1]), "training", "object")

    def test_strict_json(self):
        cases = {
            "nan.json": '{"model": {"layers": NaN}}',
            "dup.json": '{"model": {"layers": 2, "layers": 3}}',
            "broken.json": '{"model": ',
        }
        for name, text in cases.items():
            with self.subTest(name=name), self.assertRaises(PlanError) as caught:
                measure.load_plan(self.write(name, text))
            self.assertIn(name, str(caught.exception))


class OverrideTest(unittest.TestCase):
    def test_parse_override(self):
        self.assertEqual(measure.parse_override("training.micro_batch=8"), ("training.micro_batch", 8))
        self.assertEqual(measure.parse_override("training.precision=bf16-pure"), ("training.precision", "bf16-pure"))
        self.assertEqual(measure.parse_override("training.lora.targets=[\"q\"]"), ("training.lora.targets", ["q"]))
        with self.assertRaises(ValueError):
            measure.parse_override("training.micro_batch")

    def test_override_cannot_descend_into_a_value(self):
        with self.assertRaises(PlanError) as caught:
            measure.apply_overrides({"training": {"seq_len": 4}}, [("training.seq_len.x", 1)], "p.json")
        self.assertEqual(caught.exception.key, "training.seq_len")


class FilesTest(TempDirTest):
    def test_directory_scan_takes_plans_only_sorted(self):
        for name in ("b.memplan.json", "a.json", "b.measured.json", "notes.txt", "sub/c.json"):
            self.write(name, {})
        found = measure.collect_plan_paths([self.dir])
        self.assertEqual([p.name for p in found], ["a.json", "b.memplan.json"])

    def test_explicit_files_and_exclusions(self):
        plan, result = self.write("x.json", {}), self.write("x.measured.json", {})
        self.assertEqual(measure.collect_plan_paths([plan, result]), [plan])
        self.assertEqual(measure.collect_plan_paths([self.dir], exclude=[plan]), [])
        with self.assertRaises(FileNotFoundError):
            measure.collect_plan_paths([self.dir / "missing.json"])

    def test_measured_path_naming(self):
        self.assertEqual(measure.measured_path("d/run.memplan.json"), Path("d/run.measured.json"))
        self.assertEqual(measure.measured_path("d/run.json"), Path("d/run.measured.json"))
        self.assertEqual(measure.measured_path("/abs/x.y.json"), Path("/abs/x.y.measured.json"))

    def test_write_json_replaces_atomically(self):
        target = self.dir / "out.json"
        measure.write_json(target, {"a": 1})
        measure.write_json(target, {"a": 2})
        self.assertEqual(json.loads(target.read_text()), {"a": 2})
        self.assertEqual([p.name for p in self.dir.iterdir()], ["out.json"])


def training(**keys) -> measure.TrainingConfig:
    return measure.plan_from_json({"model": SMALL_MODEL, "training": keys}, "p.json").training


class RecipeTest(unittest.TestCase):
    def test_training_recipes(self):
        fp32 = measure.resolve_recipe(training(precision="fp32"))
        self.assertEqual((fp32.trainable_dtype, fp32.autocast_dtype, fp32.grad_scaler), ("float32", None, False))
        amp = measure.resolve_recipe(training(precision="bf16-mixed"))
        self.assertEqual((amp.trainable_dtype, amp.autocast_dtype), ("float32", "bfloat16"))
        self.assertIn("amp: fp32 weights+grads, bf16 activations", amp.layout)
        fp16 = measure.resolve_recipe(training(precision="fp16-mixed"))
        self.assertEqual((fp16.autocast_dtype, fp16.grad_scaler), ("float16", True))
        pure = measure.resolve_recipe(training(precision="bf16-pure"))
        self.assertEqual((pure.trainable_dtype, pure.frozen_dtype, pure.autocast_dtype), ("bfloat16", "bfloat16", None))

    def test_frozen_weights_follow_the_weight_dtype(self):
        lora = measure.resolve_recipe(training(method="lora", precision="bf16-mixed"))
        self.assertEqual((lora.frozen_dtype, lora.adapter_dtype, lora.note), ("bfloat16", "float32", None))
        amp_lora = measure.resolve_recipe(training(method="lora", precision="bf16-mixed", dtypes={"weights": "fp32"}))
        self.assertEqual(amp_lora.frozen_dtype, "float32")
        pure_lora = measure.resolve_recipe(training(method="lora", precision="bf16-pure"))
        self.assertEqual((pure_lora.frozen_dtype, pure_lora.adapter_dtype), ("bfloat16", "float32"))

    def test_amp_is_flagged_unless_the_plan_asks_for_it(self):
        default = measure.resolve_recipe(training(precision="bf16-mixed"))
        self.assertIn("fp32 master copy", default.note)
        amp = measure.resolve_recipe(training(precision="bf16-mixed", dtypes=measure.AMP_DTYPES))
        self.assertIsNone(amp.note)
        self.assertEqual((amp.trainable_dtype, amp.frozen_dtype, amp.autocast_dtype), ("float32", "float32", "bfloat16"))

    def test_dtype_overrides_other_than_the_run_layout_are_skipped(self):
        for keys in ({"precision": "bf16-mixed", "dtypes": {"activations": "fp32"}},
                     {"precision": "bf16-pure", "dtypes": {"master_weights": "fp32"}},
                     {"precision": "fp32", "dtypes": {"weights": "bf16"}},
                     {"method": "inference", "dtypes": {"weights": "fp32"}}):
            with self.subTest(**{k: str(v) for k, v in keys.items()}), self.assertRaises(Unmeasurable):
                measure.resolve_recipe(training(**keys))
        same = measure.resolve_recipe(training(precision="bf16-pure", dtypes={"optimizer_states": "bf16"}))
        self.assertEqual(same.trainable_dtype, "bfloat16")

    def test_quantized_recipes(self):
        qlora = measure.resolve_recipe(training(method="qlora", precision="bf16-mixed"))
        self.assertEqual((qlora.quant_bits, qlora.adapter_dtype, qlora.compute_dtype), (4, "float32", "bfloat16"))
        lora8 = measure.resolve_recipe(training(method="lora", precision="int8"))
        self.assertEqual((lora8.quant_bits, lora8.autocast_dtype), (8, "bfloat16"))
        infer4 = measure.resolve_recipe(training(method="inference", precision="int4"))
        self.assertEqual((infer4.quant_bits, infer4.trainable_dtype), (4, None))

    def test_inference_recipes(self):
        for precision, dtype in (("fp32", "float32"), ("fp16-mixed", "float16"), ("bf16-mixed", "bfloat16"),
                                 ("bf16-pure", "bfloat16")):
            recipe = measure.resolve_recipe(training(method="inference", precision=precision))
            self.assertEqual((recipe.frozen_dtype, recipe.compute_dtype, recipe.autocast_dtype), (dtype, dtype, None))

    def test_unrunnable_recipes(self):
        for keys in ({"precision": "fp8-mixed"}, {"precision": "int8"}, {"method": "freeze", "precision": "int4"}):
            with self.subTest(**keys), self.assertRaises(Unmeasurable):
                measure.resolve_recipe(training(**keys))


class SkipTest(unittest.TestCase):
    @staticmethod
    def plan(**sections) -> measure.Plan:
        return measure.plan_from_json({"model": SMALL_MODEL, **sections}, "p.json")

    def test_runnable_plan_is_not_skipped(self):
        self.assertIsNone(measure.skip_reason(self.plan(), have=lambda name: False))

    def test_multi_gpu_and_sharded_plans_are_skipped(self):
        cases = [({"gpus": 2}, "one GPU"), ({"sharding": "zero3"}, "FSDP"), ({"offload": "optimizer"}, "offload")]
        for parallelism, fragment in cases:
            with self.subTest(**parallelism):
                self.assertIn(fragment, measure.skip_reason(self.plan(parallelism=parallelism)))

    def test_packages(self):
        eight_bit = self.plan(training={"optimizer": "adamw-8bit"})
        self.assertIn("bitsandbytes", measure.skip_reason(eight_bit, have=lambda name: False))
        self.assertIsNone(measure.skip_reason(eight_bit, have=lambda name: True))
        qlora = self.plan(training={"method": "qlora"})
        self.assertIn("bitsandbytes", measure.skip_reason(qlora, have=lambda name: False))
        galore = self.plan(training={"method": "galore"})
        self.assertIn("galore_torch", measure.skip_reason(galore, have=lambda name: False))
        self.assertIsNone(measure.skip_reason(galore, have=lambda name: True))
        galore_sgd = self.plan(training={"method": "galore", "optimizer": "sgd"})
        self.assertIn("no sgd", measure.skip_reason(galore_sgd, have=lambda name: True))

    def test_recipe_and_step_conflicts(self):
        cases = [
            ({"precision": "fp8-mixed"}, "fp8"),
            ({"optimizer_in_backward": True, "grad_accum": 4}, "grad_accum"),
            ({"optimizer_in_backward": True, "precision": "fp16-mixed"}, "GradScaler"),
        ]
        for keys, fragment in cases:
            with self.subTest(**keys):
                self.assertIn(fragment, measure.skip_reason(self.plan(training=keys)))


class ParameterCountTest(unittest.TestCase):
    """Published parameter counts of real models, from the shape alone."""

    def count(self, **model) -> int:
        data = {"model": model, "training": {"seq_len": 512}}  # within BERT's 512 positions
        return measure.model_params(measure.plan_from_json(data, "p.json").model)

    def test_published_counts(self):
        gpt2 = dict(layers=12, hidden=768, ffn=3072, heads=12, kv_heads=12, head_dim=64, vocab=50257, mlp="plain",
                    norm="layernorm", bias="all", position="learned", tied_embeddings=True, max_position=1024)
        self.assertEqual(self.count(**gpt2), 124_439_808)
        bert = {**gpt2, "vocab": 30522, "max_position": 512, "type_vocab": 2, "pooler": True, "lm_head": False}
        self.assertEqual(self.count(**bert), 109_482_240)  # BertModel (bert-base-uncased)
        self.assertEqual(self.count(layers=32, hidden=4096, ffn=11008, heads=32, vocab=32000), 6_738_415_616)
        self.assertEqual(self.count(layers=22, hidden=2048, ffn=5632, heads=32, kv_heads=4, head_dim=64, vocab=32000),
                         1_100_048_384)  # TinyLlama-1.1B
        self.assertEqual(self.count(layers=28, hidden=1536, ffn=8960, heads=12, kv_heads=2, head_dim=128,
                                    vocab=151936, bias="qkv", tied_embeddings=True), 1_543_714_304)  # Qwen2-1.5B

    @unittest.skipUnless((PRESETS / "models").is_dir(), "no presets/models in this checkout")
    def test_bundled_presets_match_their_published_counts(self):
        for path in sorted((PRESETS / "models").glob("*.json")):
            preset = json.loads(path.read_text(encoding="utf-8"))
            with self.subTest(preset=preset["id"]):
                built_by_planner_only = [k for k in measure.NOT_BUILT_KEYS if preset["model"].get(k)]
                if built_by_planner_only:
                    # measure.py refuses what it cannot build, naming the key.
                    with self.assertRaisesRegex(measure.PlanError, built_by_planner_only[0]):
                        measure.plan_from_json({"model": {"preset": preset["id"]}}, "p.json", PRESETS)
                    continue
                plan = measure.plan_from_json({"model": {"preset": preset["id"]}, "training": {"seq_len": 128}},
                                              "p.json", PRESETS)
                published = preset["published_params"]
                self.assertLess(abs(measure.model_params(plan.model) - published) / published, 1e-4)

    def test_trainable_counts(self):
        plan = measure.plan_from_json(CONTRACT_EXAMPLE, "p.json")
        self.assertEqual(measure.trainable_params(plan.model, plan.training), 4_194_304)  # PEFT's figure
        self.assertEqual(measure.total_params(plan.model, plan.training), 6_738_415_616 + 4_194_304)
        freeze = with_key(CONTRACT_EXAMPLE, "training.method", "freeze")
        plan = measure.plan_from_json(freeze, "p.json")
        expected = 8 * measure.layer_params(plan.model) + 4096 + 32000 * 4096  # top 8 layers, norm, head
        self.assertEqual(measure.trainable_params(plan.model, plan.training), expected)
        inference = measure.plan_from_json(with_key(CONTRACT_EXAMPLE, "training.method", "inference"), "p.json")
        self.assertEqual(measure.trainable_params(inference.model, inference.training), 0)

    def test_trained_layer_count(self):
        self.assertEqual(measure.trained_layer_count(32, 0.25), 8)
        self.assertEqual(measure.trained_layer_count(2, 0.01), 1)
        self.assertEqual(measure.trained_layer_count(5, 0.5), 3)


class CommandLineTest(TempDirTest):
    def run_main(self, *argv):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = measure.main(list(argv))
        return status, out.getvalue(), err.getvalue()

    def test_dry_run_describes_each_plan(self):
        self.write("a.memplan.json", CONTRACT_EXAMPLE)
        self.write("b.json", with_key(CONTRACT_EXAMPLE, "parallelism.gpus", 8))
        status, out, err = self.run_main("--dry-run", str(self.dir))
        self.assertEqual(status, 0, err)
        self.assertIn("32 layers, hidden 4096", out)
        self.assertIn("6,742,609,920 total, 4,194,304 trainable", out)
        self.assertIn("amp: fp32 weights+grads, bf16 activations", out)
        self.assertIn("action:   measure (3 steps, 1 warm-up)", out)
        self.assertIn("skip: parallelism.gpus is 8", out)
        self.assertIn("2 valid, 0 invalid", out)
        self.assertFalse(list(self.dir.glob("*.measured.json")), "a dry run writes nothing")

    def test_dry_run_reports_invalid_plans_and_fails(self):
        self.write("good.json", CONTRACT_EXAMPLE)
        bad = self.write("bad.json", with_key(CONTRACT_EXAMPLE, "training.optimizer", "adam"))
        status, out, err = self.run_main("--dry-run", "--set", "training.micro_batch=2", str(self.dir))
        self.assertEqual(status, 2)
        self.assertIn(f"{bad}: training.optimizer: must be one of", err)
        self.assertIn("micro_batch 2", out)

    def test_missing_path(self):
        status, _, err = self.run_main("--dry-run", str(self.dir / "nope"))
        self.assertEqual(status, 2)
        self.assertIn("nope", err)

    @unittest.skipIf(measure.package_available("torch"), "torch is installed here")
    def test_measuring_without_torch_says_so(self):
        self.write("a.json", CONTRACT_EXAMPLE)
        status, _, err = self.run_main(str(self.dir))
        self.assertEqual(status, 2)
        self.assertIn("needs PyTorch", err)

    def test_worker_command_forwards_every_option(self):
        args = measure.parse_args(["--steps", "5", "--warmup", "2", "--device", "cuda:1", "--set", "training.seq_len=64",
                                   "--loss-chunks", "4", "x"])
        options = measure.options_from_args(args)
        command = measure.worker_command(Path("x.json"), Path("r.json"), options)
        worker_args = measure.parse_args(command[2:])
        self.assertEqual(measure.options_from_args(worker_args), options)
        self.assertEqual(worker_args.worker_result, Path("r.json"))

    def test_bad_step_counts_are_usage_errors(self):
        with contextlib.redirect_stderr(io.StringIO()), self.assertRaises(SystemExit):
            measure.parse_args(["--steps", "1", "--warmup", "1", "x"])

    def test_import_does_not_load_torch(self):
        code = "import sys, measure, grid; print('torch' in sys.modules)"
        out = subprocess.run([sys.executable, "-c", code], cwd=HERE, capture_output=True, text=True, check=True)
        self.assertEqual(out.stdout.strip(), "False")


class SummaryTest(unittest.TestCase):
    def test_peaks_cover_load_and_steps(self):
        measured = {"after_load_allocated": 10, "after_load_reserved": 20, "steps": [
            {"warmup": True, "peak_allocated": 50, "peak_reserved": 60},
            {"warmup": False, "peak_allocated": 40, "peak_reserved": 64},
        ]}
        measure._summarise_peaks(measured)
        self.assertEqual((measured["peak_allocated"], measured["peak_reserved"]), (50, 64))
        self.assertEqual((measured["steady_peak_allocated"], measured["steady_peak_reserved"]), (40, 64))

    def test_cpu_runs_have_no_figures(self):
        measured = {"after_load_allocated": None, "steps": [{"warmup": True, "peak_allocated": None,
                                                             "peak_reserved": None}]}
        measure._summarise_peaks(measured)
        self.assertIsNone(measured["peak_allocated"])
        self.assertIsNone(measured["steady_peak_allocated"])

    def test_summary_line(self):
        line = measure.summary_line({"status": "ok", "measured": {"peak_allocated": 2**30, "peak_reserved": 2**31,
                                                                   "end": {"nvidia_smi_used": 3 * 2**30},
                                                                   "wall_time_s": 4.0}})
        self.assertIn("peak_allocated 1.00 GiB", line)
        self.assertIn("device used 3.00 GiB", line)
        self.assertEqual(measure.summary_line({"status": "oom", "reason": "CUDA out of memory"}),
                         "oom: CUDA out of memory")


def _torch_with_sdpa() -> bool:
    if not measure.package_available("torch"):
        return False
    import torch.nn.functional

    return hasattr(torch.nn.functional, "scaled_dot_product_attention")


@unittest.skipUnless(_torch_with_sdpa(), "needs torch >= 2.0 (runs the measurement half on the CPU)")
class TorchSmokeTest(TempDirTest):
    """Where torch is installed: tiny plans run end to end on the CPU (no memory figures there)."""

    TINY = {"layers": 2, "hidden": 64, "heads": 4, "kv_heads": 2, "head_dim": 16, "ffn": 128, "vocab": 256}

    def measure(self, model=None, **training):
        data = {"schema_version": 1, "model": {**self.TINY, **(model or {})},
                "training": {"micro_batch": 2, "seq_len": 16, **training}}
        plan = measure.plan_from_json(data, "tiny.json")
        return measure.measure_plan(plan, measure.Options(steps=2, device="cpu"))

    def test_tiny_plans_run(self):
        cases = [
            {"precision": "fp32"},
            {"precision": "fp32", "attention": "eager", "checkpointing": "full", "loss": "chunked"},
            {"precision": "bf16-pure", "method": "lora", "lora": {"targets": "all-linear"}},
            {"precision": "fp32", "method": "freeze", "optimizer": "sgd-momentum", "grad_accum": 2,
             "trainable_fraction": 0.5, "grads_to_none": False, "optimizer_impl": "loop"},
            {"precision": "bf16-mixed", "method": "lora", "lora": {"rank": 4, "dropout": 0.1}},
            {"precision": "fp32", "method": "inference", "new_tokens": 3},
            {"precision": "fp32", "model": {"lm_head": False, "type_vocab": 2, "pooler": True, "mlp": "plain",
                                            "norm": "layernorm", "bias": "all", "dropout": 0.1}},
            {"precision": "fp32", "model": {"experts": 4, "experts_per_token": 2, "position": "alibi",
                                            "parallel_attention": True, "tied_embeddings": True}},
        ]
        for training in cases:
            with self.subTest(**{k: str(v) for k, v in training.items()}):
                result = self.measure(**training)
                self.assertEqual(result["status"], "ok", result.get("reason"))
                m = result["measured"]
                self.assertEqual((m["params_total"], m["params_trainable"]),
                                 (m["params_expected_total"], m["params_expected_trainable"]))
                self.assertEqual(len(m["steps"]), 2)


class GridTest(TempDirTest):
    def test_grid_plans_are_valid_and_varied(self):
        paths = grid.write_grid(self.dir, bnb=True, galore=True)
        self.assertTrue(200 <= len(paths) <= 800, len(paths))
        self.assertEqual(len({p.name for p in paths}), len(paths))
        self.assertEqual(sorted(paths), measure.collect_plan_paths([self.dir]))
        seen = {"precision": set(), "optimizer": set(), "method": set(), "attention": set(), "checkpointing": set(),
                "micro_batch": set(), "seq_len": set(), "grad_accum": set(), "optimizer_in_backward": set()}
        for path in paths:
            raw = json.loads(path.read_text())
            self.assertEqual(set(raw["training"]), set(measure.TRAINING_FIELDS), path.name)
            self.assertEqual(set(raw["model"]), set(measure.SHAPE_KEYS), path.name)
            plan = measure.load_plan(path)
            self.assertIsNone(measure.skip_reason(plan, have=lambda name: True), path.name)
            self.assertIsNone(measure.resolve_recipe(plan.training).note, path.name)  # planner counts what runs
            params = measure.model_params(plan.model)
            self.assertTrue(45e6 <= params <= 1.6e9, f"{path.name}: {params}")
            for key, values in seen.items():
                values.add(getattr(plan.training, key))
        self.assertEqual(seen["precision"], {"fp32", "bf16-mixed", "fp16-mixed", "bf16-pure", "int8", "int4"})
        self.assertEqual(seen["optimizer"], {"adamw", "sgd", "sgd-momentum", "adafactor", "adamw-8bit", "lion"})
        self.assertEqual(seen["method"], {"full", "lora", "qlora", "freeze", "galore", "inference"})
        self.assertEqual(seen["attention"], {"eager", "flash"})
        self.assertEqual(seen["checkpointing"], {"none", "selective", "full"})
        self.assertTrue({1, 16} <= seen["micro_batch"] and {128, 4096} <= seen["seq_len"])
        self.assertEqual(seen["grad_accum"], {1, 4})
        self.assertEqual(seen["optimizer_in_backward"], {False, True})

    def test_grid_without_optional_packages(self):
        plans = grid.all_plans(bnb=False, galore=False)
        for plan in plans:
            t = plan["training"]
            self.assertNotIn(t["optimizer"], ("adamw-8bit",))
            self.assertNotIn(t["precision"], ("int8", "int4"))
            self.assertNotIn(t["method"], ("qlora", "galore"))

    def test_grid_command_line(self):
        with contextlib.redirect_stdout(io.StringIO()) as out:
            self.assertEqual(grid.main([str(self.dir / "g"), "--no-bnb", "--no-galore"]), 0)
        self.assertIn("wrote", out.getvalue())
        self.assertTrue(list((self.dir / "g").glob("0001-*.memplan.json")))


class CpuGridTest(TempDirTest):
    """The CPU-trace grid (cpu_grid.py): large enough, valid, and covering issue 11's list."""

    def test_cpu_grid_covers_the_list(self):
        import cpu_grid

        paths = cpu_grid.write_grid(self.dir)
        self.assertGreaterEqual(len(paths), 300)
        seen = collections.defaultdict(set)
        for path in paths:
            plan = measure.load_plan(path)
            t, m = plan.training, plan.model
            self.assertIsNone(measure.skip_reason(plan, have=lambda name: True), path.name)
            self.assertTrue(64 <= m.hidden <= 1024 and 2 <= m.layers <= 8, path.name)
            self.assertTrue(32 <= t.seq_len <= 1024, path.name)
            for key in ("method", "precision", "optimizer", "optimizer_impl", "checkpointing", "attention", "loss",
                        "grad_accum", "grads_to_none"):
                seen[key].add(getattr(t, key))
            seen["dropout"].add(t.lora.dropout > 0 if t.method == "lora" else None)
            seen["tied"].add(m.tied_embeddings)
            seen["mlp"].add(m.mlp)
            seen["gqa"].add(m.kv_heads < m.heads)
            seen["vocab"].add(m.vocab)
        self.assertLessEqual({"full", "lora", "freeze", "inference"}, seen["method"])
        self.assertLessEqual({"fp32", "bf16-mixed", "fp16-mixed", "bf16-pure"}, seen["precision"])
        self.assertLessEqual({"adamw", "sgd", "sgd-momentum", "adafactor"}, seen["optimizer"])
        self.assertLessEqual({"foreach", "loop", "fused"}, seen["optimizer_impl"])
        self.assertEqual({"none", "full"}, seen["checkpointing"])
        self.assertEqual({"eager", "flash"}, seen["attention"])
        self.assertEqual({"standard", "chunked"}, seen["loss"])
        self.assertEqual({1, 4}, seen["grad_accum"])
        self.assertEqual({True, False}, seen["grads_to_none"])
        self.assertLessEqual({True, False}, seen["dropout"])
        self.assertEqual({True, False}, seen["tied"])
        self.assertEqual({"gated", "plain"}, seen["mlp"])
        self.assertEqual({True, False}, seen["gqa"])
        self.assertLessEqual({32000, 50257, 151936}, seen["vocab"])

if __name__ == "__main__":
    unittest.main()
