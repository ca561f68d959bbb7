#!/bin/bash
# Measure both plan grids on one CUDA GPU, as fast as a short machine lease allows.
#
#   bash tests/groundtruth/gpu_run.sh OUTDIR [SHARDS] [SECONDS]
#
# 1. One plan alone first (a sanity check: a broken measure.py stops here, before the grids),
#    which also gives an uncontaminated CUDA-context reading.
# 2. The CPU-trace grid (tests/data/measured/cpu-trace/plans), --steps 2 --warmup 1 as traced
#    on the CPU, so the two devices are compared step for step.
# 3. The GPU grid (grid.py, ~475 plans of 50M-1.1B parameters), default 3 steps.
#
# Each grid runs in SHARDS worker processes side by side, each measuring its plans in-process
# (--in-process). peak_allocated / peak_reserved are per process (the caching allocator's own
# counters), so they are exact despite the neighbours; the device-wide figures (nvidia-smi,
# mem_get_info: `context`, `end`) are NOT, since they count every process on the GPU. An `oom`
# may be caused by the neighbours and is not a reading. Plans still running after SECONDS are
# cut off; each finished plan's result is already on disk beside its plan.
set -u
py=${PYTHON:-python3}
out=${1:?usage: gpu_run.sh OUTDIR [SHARDS] [SECONDS]}
shards=${2:-8}
budget=${3:-420}
extra=${MEMPLAN_MEASURE_ARGS:-}     # e.g. "--device cpu" to try this script without a GPU
limit=${MEMPLAN_GRID_LIMIT:-100000} # plans per grid (a quick try)
grids=${MEMPLAN_GRIDS:-"cpu-grid gpu-grid"}
done_list=${MEMPLAN_DONE:-}           # a file of plan names already measured: not run again
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
export PYTHONUNBUFFERED=1
mkdir -p "$out"
started=$(date +%s)

{ nvidia-smi; "$py" -c 'import torch, sys; print(sys.version); print(torch.__version__, torch.version.cuda, torch.cuda.get_device_name())'; } \
    >"$out/environment.txt" 2>&1
cat "$out/environment.txt"

mkdir -p "$work/cpu-grid" "$work/gpu-grid"
cp "$here"/../data/measured/cpu-trace/plans/*.memplan.json "$work/cpu-grid/"
"$py" "$here/grid.py" "$work/gpu-grid" >/dev/null

first=$(ls "$work/cpu-grid"/*.memplan.json | head -1)
"$py" "$here/measure.py" "$first" $extra --steps 2 --warmup 1 --out "$out/sanity.json" || {
    echo "sanity plan failed: stopping before the grids"; cat "$out/sanity.json" 2>/dev/null; exit 1; }

run_grid() {  # NAME STEP-ARGS... : split the NAME grid into contiguous shards and run them
    local name=$1; shift
    ls "$work/$name"/*.memplan.json | { if [ -n "$done_list" ]; then grep -v -F -f "$done_list"; else cat; fi; } \
        | head -n "$limit" >"$work/$name.list"
    split -n "l/$shards" "$work/$name.list" "$work/$name.shard."
    for list in "$work/$name.shard."??; do
        local left=$(( budget - ($(date +%s) - started) ))
        timeout --signal=INT "$(( left > 10 ? left : 10 ))" \
            "$py" "$here/measure.py" $(cat "$list") --in-process $extra "$@" >"$list.log" 2>&1 &
    done
    wait
    tail -n 3 "$work/$name.shard."*.log
}
case " $grids " in *" cpu-grid "*) run_grid cpu-grid --steps 2 --warmup 1 ;; esac
case " $grids " in *" gpu-grid "*) run_grid gpu-grid ;; esac

# One list per grid, plan order, in the --out format (the plan's path relative to the repo).
"$py" - "$work" "$out" <<'EOF'
import json, sys
from pathlib import Path
work, out = Path(sys.argv[1]), Path(sys.argv[2])
for name, prefix in (("cpu-grid", "tests/data/measured/cpu-trace/plans"), ("gpu-grid", "gpu-grid")):
    results = []
    for plan in sorted((work / name).glob("*.memplan.json")):
        measured = plan.with_name(plan.name.replace(".memplan.json", ".measured.json"))
        try:
            result = json.loads(measured.read_text())
        except (OSError, ValueError):
            result = {"status": "not-run", "reason": "cut off by the lease's time budget"}
        result["plan"] = f"{prefix}/{plan.name}"
        results.append(result)
    (out / f"{name}-cuda.json").write_text(json.dumps(results, indent=1) + "\n")
    counts = {}
    for r in results:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    print(name, counts)
EOF
tar -C "$work" -czf "$out/logs.tar.gz" $(cd "$work" && ls *.log)
echo "total $(( $(date +%s) - started )) s"
