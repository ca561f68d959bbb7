#!/usr/bin/env bash
# Regenerates the pictures in docs/images/ with the program itself, so the user guide shows
# the current window. Usage: docs/tools/make_screenshots.sh BUILD_DIR
set -euo pipefail
build=${1:?build dir}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
memplan="$build/app/gui/memplan"
plan="$root/presets/examples/llama-2-7b-lora-4090.memplan.json"
out="$root/docs/images"
mkdir -p "$out"
export QT_QPA_PLATFORM=offscreen
"$memplan" --screenshot "$out/main-window.png" "$plan"
for view in timeline compare sweep; do
  "$memplan" --screenshot "$out/$view.png" --view "$view" "$plan"
done
serving="$root/docs/examples/serving-llama-3.1-8b-h100.memplan.json"
"$memplan" --screenshot "$out/serving.png" "$serving"
"$memplan" --screenshot "$out/serving-sweep.png" --view sweep "$serving"
LC_ALL=zh_CN.UTF-8 LANG=zh_CN.UTF-8 "$memplan" --screenshot "$out/per-gpu-zh_CN.png" "$plan"
"$memplan" --export-chart "$out/export-compare.png" --compare fp32,bf16-mixed,int8 --size 1600x1000 \
  --title "Llama 2 7B LoRA on one RTX 4090: FP32 vs BF16 vs INT8" "$plan"
echo "wrote $(ls "$out" | wc -l) images to $out"
