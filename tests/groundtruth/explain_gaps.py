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
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TRACE_DIR = HERE.parents[1] / "tests" / "data" / "measured" / "cpu-trace"

RULES = [
    ("torch 1.13's foreach AdamW keeps two state-sized temporaries, sqrt(v) and sqrt(v) + eps "
     "(torch/optim/adamw.py lines 418-420 in 1.13); torch >= 2.1 adds eps in place and keeps one, "
     "which memplan counts. Applies where the traced peak is the optimizer step.",
     lambda t, r: t["optimizer"] == "adamw" and t["optimizer_impl"] == "foreach"
     and max(r["moments"], key=r["moments"].get) == "optimizer step"),
    ("CPU dropout computes input * noise and keeps the noise in the input's dtype (2 or 4 bytes "
     "per element); CUDA's native_dropout keeps a 1-byte mask, which memplan counts. Applies to "
     "every LoRA plan with lora.dropout > 0.",
     lambda t, r: t["method"] == "lora" and t["lora"]["dropout"] > 0),
]


def main(argv: list[str]) -> int:
    results_path = Path(argv[0]) if argv else TRACE_DIR / "results.json"
    results = [r for r in json.loads(results_path.read_text(encoding="utf-8")) if r["status"] == "ok"]
    out = []
    for mechanism, applies in RULES:
        plans = []
        for r in results:
            plan = json.loads((results_path.parent / "plans" / Path(r["plan"]).name).read_text(encoding="utf-8"))
            if applies(plan["training"], r):
                plans.append(Path(r["plan"]).name.removesuffix(".memplan.json"))
        out.append({"mechanism": mechanism, "plans": plans})
    target = results_path.parent / "explained.json"
    target.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {target}: " + ", ".join(f"{len(x['plans'])} plans" for x in out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
