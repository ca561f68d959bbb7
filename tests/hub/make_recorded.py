#!/usr/bin/env python3
"""Writes the recorded Hub files that tst_hub serves (tests/data/hub), by hand from shapes:
config.json, model.safetensors.index.json and each shard's header as PATH.header (the 8-byte
length and the JSON; hub_server.py pads the data with zeros). Run it again after a change:

    python3 tests/hub/make_recorded.py tests/data/hub
"""
import json
import os
import shutil
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from safetensors_header import header_and_data_size  # noqa: E402

OUT = sys.argv[1]


def header_bytes(tensors):
    return header_and_data_size(tensors, compact=True)[0]


def write_repo(repo, config, shards, revision="main", extra=None):
    base = os.path.join(OUT, repo, revision)
    os.makedirs(base, exist_ok=True)
    with open(os.path.join(base, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    if len(shards) == 1:
        with open(os.path.join(base, "model.safetensors.header"), "wb") as f:
            f.write(header_bytes(shards[0]))
    else:
        weight_map = {}
        for i, tensors in enumerate(shards):
            name = "model-%05d-of-%05d.safetensors" % (i + 1, len(shards))
            with open(os.path.join(base, name + ".header"), "wb") as f:
                f.write(header_bytes(tensors))
            weight_map.update({t[0]: name for t in tensors})
        with open(os.path.join(base, "model.safetensors.index.json"), "w") as f:
            json.dump({"metadata": {"total_size": 0}, "weight_map": weight_map}, f, indent=1)
    for name, text in (extra or {}).items():
        with open(os.path.join(OUT, repo, name), "w") as f:
            f.write(text)


def llama_layer(i, h, ffn, q, kv, experts=0):
    p = "model.layers.%d." % i
    t = [(p + "self_attn.q_proj.weight", "BF16", [q, h]),
         (p + "self_attn.k_proj.weight", "BF16", [kv, h]),
         (p + "self_attn.v_proj.weight", "BF16", [kv, h]),
         (p + "self_attn.o_proj.weight", "BF16", [h, q])]
    if experts:
        t.append((p + "block_sparse_moe.gate.weight", "BF16", [experts, h]))
        for e in range(experts):
            x = p + "block_sparse_moe.experts.%d." % e
            t += [(x + "w1.weight", "BF16", [ffn, h]), (x + "w2.weight", "BF16", [h, ffn]),
                  (x + "w3.weight", "BF16", [ffn, h])]
    else:
        t += [(p + "mlp.gate_proj.weight", "BF16", [ffn, h]),
              (p + "mlp.up_proj.weight", "BF16", [ffn, h]),
              (p + "mlp.down_proj.weight", "BF16", [h, ffn])]
    return t + [(p + "input_layernorm.weight", "BF16", [h]),
                (p + "post_attention_layernorm.weight", "BF16", [h])]


shutil.rmtree(OUT, ignore_errors=True)

# A two-layer Llama in two shards (tiny, every code path of a sharded import).
tiny = {"model_type": "llama", "architectures": ["LlamaForCausalLM"], "num_hidden_layers": 2,
        "hidden_size": 16, "intermediate_size": 32, "num_attention_heads": 2,
        "num_key_value_heads": 2, "vocab_size": 50, "max_position_embeddings": 128,
        "tie_word_embeddings": False, "rms_norm_eps": 1e-5, "torch_dtype": "bfloat16"}
tiny_shards = [[("model.embed_tokens.weight", "BF16", [50, 16])] + llama_layer(0, 16, 32, 16, 16),
               llama_layer(1, 16, 32, 16, 16) + [("model.norm.weight", "BF16", [16]),
                                                 ("lm_head.weight", "BF16", [50, 16])]]
write_repo("memplan-test/tiny-llama", tiny, tiny_shards)
write_repo("memplan-test/tiny-llama", tiny, tiny_shards, revision="v1.0")
write_repo("memplan-test/gated-llama", tiny, tiny_shards, extra={".gated": "hf_memplan_test_token\n"})

# Mixtral-8x7B's shapes (mistralai/Mixtral-8x7B-v0.1 config.json) in three shards; the first
# header is larger than the first 64 KiB range, so it takes a second range request.
mixtral = json.load(open(os.path.join(os.path.dirname(__file__), "..", "data", "hf",
                                      "mixtral-8x7b", "config.json")))
layers = [llama_layer(i, 4096, 14336, 4096, 1024, experts=8) for i in range(32)]
shards = [[("model.embed_tokens.weight", "BF16", [32000, 4096])] + sum(layers[:24], []),
          sum(layers[24:31], []),
          layers[31] + [("model.norm.weight", "BF16", [4096]), ("lm_head.weight", "BF16", [32000, 4096])]]
write_repo("memplan-test/mixtral-8x7b", mixtral, shards)

# Error cases: a repository without config.json, one that never answers, a bad header.
os.makedirs(os.path.join(OUT, "memplan-test/no-config/main"), exist_ok=True)
open(os.path.join(OUT, "memplan-test/no-config/main/README.md"), "w").write("no config\n")
os.makedirs(os.path.join(OUT, "memplan-test/stall/main"), exist_ok=True)
open(os.path.join(OUT, "memplan-test/stall/.stall"), "w").write("")
write_repo("memplan-test/bad-header", tiny, [[("a", "BF16", [4])]])
bad = json.dumps({"a": {"dtype": "BF16", "shape": [4], "data_offsets": [0, 8]},
                  "b": {"dtype": "BF16", "shape": [4], "data_offsets": [4, 12]}}).encode()
open(os.path.join(OUT, "memplan-test/bad-header/main/model.safetensors.header"), "wb").write(
    struct.pack("<Q", len(bad)) + bad)
