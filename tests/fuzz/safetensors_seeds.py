#!/usr/bin/env python3
"""Writes a seed corpus for fuzz_safetensors: small well-formed files of each weight format
(plain, GPTQ, bitsandbytes 4-bit, fp8, MXFP4) into the folder given; prints the folder."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from safetensors_header import header_and_data_size  # noqa: E402

SEEDS = {
    "plain": [("w", "BF16", [4, 8]), ("b", "F32", [8])],
    "gptq": [("l.qweight", "I32", [1, 8]), ("l.qzeros", "I32", [1, 1]), ("l.scales", "F16", [1, 8]),
             ("l.g_idx", "I32", [8])],
    "bnb4": [("l.weight", "U8", [32, 1]), ("l.weight.absmax", "F32", [2]),
             ("l.weight.quant_state.bitsandbytes__nf4", "U8", [10])],
    "fp8": [("l.weight", "F8_E4M3", [8, 8]), ("l.weight_scale_inv", "F32", [1, 1])],
    "mxfp4": [("e.w_blocks", "U8", [2, 4, 16]), ("e.w_scales", "U8", [2, 4])],
}


def write(path, tensors):
    header, size = header_and_data_size(tensors)
    with open(path, "wb") as f:
        f.write(header + bytes(size))


out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for seed, tensors in SEEDS.items():
    write(os.path.join(out, seed + ".safetensors"), tensors)
print(out)
