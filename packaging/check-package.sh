#!/usr/bin/env bash
# Builds the Debian package from a configured build directory, validates the desktop and
# AppStream files, installs the package into a scratch root and runs the installed tools.
#   packaging/check-package.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?build dir}" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
app_id=org.memplan.Memplan
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

echo "== validating desktop entry and AppStream metainfo"
desktop-file-validate "$here/$app_id.desktop"
appstreamcli validate --no-net "$here/$app_id.metainfo.xml"

echo "== building the package"
(cd "$build" && cpack -G DEB -B "$scratch/out" >/dev/null)
deb=$(ls "$scratch"/out/memplan_*.deb)
echo "built $(basename "$deb") ($(du -h "$deb" | cut -f1))"
dpkg-deb --info "$deb" | grep -E 'Package|Version|Depends' || true

echo "== installing into a scratch root"
dpkg-deb -x "$deb" "$scratch/root"
for f in usr/bin/memplan usr/bin/memplan-cli \
         usr/share/applications/$app_id.desktop usr/share/metainfo/$app_id.metainfo.xml \
         usr/share/icons/hicolor/scalable/apps/$app_id.svg \
         usr/share/icons/hicolor/256x256/apps/$app_id.png \
         usr/share/memplan/presets/models/llama-2-7b.json \
         usr/share/memplan/presets/gpus/h100-sxm-80gb.json; do
  [ -e "$scratch/root/$f" ] || { echo "missing in package: $f" >&2; exit 1; }
done
desktop-file-validate "$scratch/root/usr/share/applications/$app_id.desktop"

echo "== running the installed tools"
# The installed CLI must find its presets next to itself (../share/memplan/presets), not in
# the source tree: hide the development paths.
env -u MEMPLAN_PRESET_DIR "$scratch/root/usr/bin/memplan-cli" --version
env -u MEMPLAN_PRESET_DIR "$scratch/root/usr/bin/memplan-cli" eval \
    "$scratch/root/usr/share/memplan/presets/examples/llama-2-7b-lora-4090.memplan.json" --json \
  | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["per_gpu"]["total"] > 0; print("eval from the installed files: total", d["per_gpu"]["total"], "bytes")'
# Hide the installed presets: the installed CLI must then fail, not fall back to the source
# tree it was built from (a build folder others can write to could plant presets there).
mv "$scratch/root/usr/share/memplan/presets" "$scratch/presets-hidden"
if [ ! -d /usr/share/memplan/presets ]; then
  if out=$(env -u MEMPLAN_PRESET_DIR "$scratch/root/usr/bin/memplan-cli" presets 2>&1); then
    echo "the installed memplan-cli found presets outside its install: $out" >&2
    exit 1
  fi
  case "$out" in
    *"no bundled preset directory found"*) ;;
    *) echo "unexpected error from the installed memplan-cli: $out" >&2; exit 1 ;;
  esac
  echo "installed memplan-cli ignores the build tree's presets"
fi
mv "$scratch/presets-hidden" "$scratch/root/usr/share/memplan/presets"
echo "package OK"
