#!/usr/bin/env python3
"""Write tests/data/measured/cpu-trace/explained.json: the traced plans that a mechanism memplan
leaves out on purpose applies to, chosen by a rule on the plan and the trace, never by error.

    python3 explain_gaps.py [RESULTS.json]

Each rule is a mechanism of the traced run that is not the GPU run memplan models:
- torch 1.13's foreach AdamW keeps sqrt(v) and sqrt(v) + eps both (two state-sized
  temporaries; torch >= 2.1 adds eps in place): every AdamW-foreach plan whose traced peak is
  the optimizer step.
- CPU dropout keeps its mask in the input's dtype (`input * noise`), CUDA a 1-byte mask: every
  plan with LoRA dropout > 0.
- torch 1.13's autograd input buffer sums two gradients of one tensor out of place even when
  the first is a fresh tensor it alone holds; torch >= 2.0 adds into it in place: every tied
  plan whose head gradient arrives fresh (autocast over fp32 weights, or a chunked loss).
- torch 1.13's CPU bf16 matmul over a strided input holds an fp32 buffer of the output's size:
  a chunked loss computes the head's vocab x hidden gradient so once per chunk, next to the
  running sum.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TRACE_DIR = HERE.parents[1] / "tests" / "data" / "measured" / "cpu-trace"

def tied_head_gradient_fresh(plan: dict) -> bool:
    m, t = plan["model"], plan["training"]
    amp_over_fp32 = t["precision"] in ("fp16-mixed", "bf16-mixed") and t.get("dtypes", {}).get("weights") == "fp32"
    return (m["tied_embeddings"] and m["lm_head"] and t["method"] in ("full", "galore", "freeze")
            and (amp_over_fp32 or t["loss"] == "chunked"))


RULES = [
    ("torch 1.13's foreach AdamW keeps two state-sized temporaries, sqrt(v) and sqrt(v) + eps "
     "(torch/optim/adamw.py lines 418-420 in 1.13); torch >= 2.1 adds eps in place and keeps one, "
     "which memplan counts. Applies where the traced peak is the optimizer step.",
     lambda p, r: p["training"]["optimizer"] == "adamw" and p["training"]["optimizer_impl"] == "foreach"
     and max(r["moments"], key=r["moments"].get) == "optimizer step"),
    ("CPU dropout computes input * noise and keeps the noise in the input's dtype (2 or 4 bytes "
     "per element); CUDA's native_dropout keeps a 1-byte mask, which memplan counts. Applies to "
     "every LoRA plan with lora.dropout > 0.",
     lambda p, r: p["training"]["method"] == "lora" and p["training"]["lora"]["dropout"] > 0),
    ("torch 1.13's autograd input buffer sums the tied embedding's two gradients (the head's "
     "and the lookup's) out of place, three vocab x hidden tensors, even when the head's "
     "gradient is a fresh tensor it alone holds (measured here: two fresh contiguous addends "
     "give a new sum). torch >= 2.0 adds the lookup gradient into such a tensor in place "
     "(torch/csrc/autograd/input_buffer.cpp, can_accumulate_inplace), two tensors, which memplan "
     "counts and the H200 shows. The head's gradient arrives fresh under autocast over fp32 "
     "weights (the cast copy's backward) and under a chunked loss (the chunks' sum). Applies to "
     "every such tied plan.",
     lambda p, r: tied_head_gradient_fresh(p)),
    ("torch 1.13's CPU bf16 matmul, when an input is a strided view, computes into an fp32 "
     "buffer of the output's size before rounding to bf16 (cpu_trace_check.py quirks: the "
     "32000 x 64 weight gradient of a bf16 linear over one token of each sequence peaks at 3x "
     "its size; with a contiguous input, or in fp32, at its own size); cuBLAS writes bf16 "
     "directly, which memplan counts. A chunked loss slices the sequence into such views and "
     "computes the head's vocab x hidden gradient in bf16 once per chunk, next to the running "
     "sum, so the buffer lands on the peak. Applies to every bf16 chunked-loss plan that trains "
     "the head.",
     lambda p, r: p["training"]["loss"] == "chunked" and p["training"]["precision"] in ("bf16-mixed", "bf16-pure")
     and p["training"]["method"] in ("full", "galore", "freeze") and p["model"]["lm_head"]),
]


def main(argv: list[str]) -> int:
    results_path = Path(argv[0]) if argv else TRACE_DIR / "results.json"
    results = [r for r in json.loads(results_path.read_text(encoding="utf-8")) if r["status"] == "ok"]
    out = []
    for mechanism, applies in RULES:
        plans = []
        for r in results:
            plan = json.loads((results_path.parent / "plans" / Path(r["plan"]).name).read_text(encoding="utf-8"))
            if applies(plan, r):
                plans.append(Path(r["plan"]).name.removesuffix(".memplan.json"))
        out.append({"mechanism": mechanism, "plans": plans})
    target = results_path.parent / "explained.json"
    target.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {target}: " + ", ".join(f"{len(x['plans'])} plans" for x in out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
