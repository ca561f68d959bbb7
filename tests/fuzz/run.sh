#!/usr/bin/env bash
# Runs every fuzz target for a bounded time with a seed corpus made from the bundled files.
#   tests/fuzz/run.sh BUILD_DIR SECONDS_PER_TARGET
# Exits non-zero when a target finds a crash, a leak or a sanitizer error.
set -euo pipefail
build=${1:?build dir}
seconds=${2:-30}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

seed() { # seed TARGET FILES...
  local dir="$work/corpus-$1"; shift
  mkdir -p "$dir"
  for f in "$@"; do cp "$f" "$dir/$(basename "$(dirname "$f")")-$(basename "$f")"; done
  echo "$dir"
}

# Preset seeds are renamed to the file name the preset targets write (model.json / gpu.json),
# with the id rewritten to match, so they load.
preset_seed() { # preset_seed KIND
  local dir="$work/corpus-$1-preset"; mkdir -p "$dir"
  for f in "$root"/presets/"$1"s/*.json; do
    sed -E '0,/"id": *"[^"]*"/s//"id": "'"$1"'"/' "$f" > "$dir/$(basename "$f")"
  done
  echo "$dir"
}

declare -A corpus
corpus[fuzz_plan]=$(seed plan "$root"/presets/examples/*.json "$root"/tests/data/plans/*.json 2>/dev/null || true)
corpus[fuzz_plan_file]=${corpus[fuzz_plan]}
corpus[fuzz_set_override]=$(mkdir -p "$work/corpus-set" && printf 'training.micro_batch=8' > "$work/corpus-set/a" &&
  printf 'parallelism.sharding=zero3\nparallelism.sharding_factor=4' > "$work/corpus-set/b" && echo "$work/corpus-set")
corpus[fuzz_hf_config]=$(seed hf "$root"/tests/data/hf/*/config.json)
corpus[fuzz_safetensors]=$(python3 "$root/tests/fuzz/safetensors_seeds.py" "$work/corpus-safetensors")
corpus[fuzz_model_preset]=$(preset_seed model)
corpus[fuzz_gpu_preset]=$(preset_seed gpu)

status=0
for target in fuzz_plan fuzz_plan_file fuzz_set_override fuzz_hf_config fuzz_safetensors \
              fuzz_model_preset fuzz_gpu_preset; do
  exe=$(find "$build" -type f -name "$target" -perm -u+x | head -n 1)
  [ -n "$exe" ] || { echo "missing fuzz target $target in $build" >&2; exit 2; }
  echo "== $target for ${seconds}s"
  if ! MEMPLAN_PRESET_DIR="$root/presets" ASAN_OPTIONS=detect_leaks=1 \
       "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
       -artifact_prefix="$work/$target-" "${corpus[$target]}" 2>"$work/$target.log"; then
    echo "FAILED: $target" >&2
    tail -n 60 "$work/$target.log" >&2
    status=1
  fi
  grep -E 'stat::number_of_executed_units|Done [0-9]+ runs' "$work/$target.log" | tail -n 2
done
exit $status
