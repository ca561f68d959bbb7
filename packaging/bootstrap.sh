#!/usr/bin/env bash
# One-command set-up on a fresh Debian 12 machine.
#   packaging/bootstrap.sh run    install what is missing, build, start the planner
#   packaging/bootstrap.sh test   install what is missing, build, run the whole test suite
# Extra arguments after `run` go to the planner (e.g. a plan file).
set -euo pipefail

mode=${1:-run}
shift || true
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${MEMPLAN_BUILD_DIR:-$root/build/release}
jobs=${MEMPLAN_JOBS:-$(nproc)}

# Debian packages the build, the tests and the screenshots need.
packages=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qt6-translations-l10n libqt6svg6 libqt6network6 libqt6opengl6-dev libgl-dev nlohmann-json3-dev
  xvfb xauth fonts-dejavu-core fonts-noto-cjk
  python3 desktop-file-utils appstream dpkg-dev file
  clang libclang-rt-14-dev
)
# The test path also traces PyTorch steps on the CPU (CTest label `trace`): Debian's PyTorch for
# /usr/bin/python3, and OpenBLAS so that its matmuls do not fall back to the reference BLAS.
test_packages=(python3-torch libopenblas0-pthread)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

install_missing() {
  local missing=()
  for p in "${packages[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then
    say "All $((${#packages[@]} + $#)) Debian packages are present"
    return
  fi
  say "Installing ${#missing[@]} missing Debian packages: ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "error: not root and sudo is missing; install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build() {
  say "Configuring and building in $build_dir"
  cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release
  cmake --build "$build_dir" -j "$jobs"
}

case "$mode" in
  run)
    install_missing
    build
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      say "Starting the planner"
      exec "$build_dir/app/gui/memplan" "$@"
    fi
    say "No display found (DISPLAY and WAYLAND_DISPLAY are unset), so the window cannot open here."
    echo "The planner window needs a desktop session; on this machine you can:"
    echo "  render the window to a picture:  $build_dir/app/gui/memplan --screenshot shot.png presets/examples/llama-2-7b-lora-4090.memplan.json"
    echo "  use the command line:            $build_dir/app/cli/memplan-cli eval presets/examples/llama-2-7b-lora-4090.memplan.json"
    echo
    "$build_dir/app/cli/memplan-cli" eval "$root/presets/examples/llama-2-7b-lora-4090.memplan.json"
    ;;
  test)
    install_missing "${test_packages[@]}"
    build
    say "Running the test suite"
    cd "$build_dir"
    QT_QPA_PLATFORM=offscreen ctest --output-on-failure --no-tests=error -j "$jobs"
    ;;
  *)
    echo "usage: $0 run|test" >&2
    exit 2
    ;;
esac
