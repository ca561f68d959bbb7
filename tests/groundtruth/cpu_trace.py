"""The CPU allocation tracer: builds alloc_trace.c, preloads it, and reads it through ctypes.

c10's CPU allocator takes every tensor's memory from posix_memalign and returns it with free
(c10/core/impl/alloc_cpu.cpp), so a preloaded shim over those two calls sees every tensor
allocation of a step, saved by autograd, kept on a ctx or temporary alike. Figures are rounded
to 512-byte blocks, as the CUDA caching allocator rounds (see alloc_trace.c).

The shim must be loaded before the process starts (LD_PRELOAD); `ensure_preloaded()` re-executes
the current command with it when it is not.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SOURCE = Path(__file__).resolve().with_name("alloc_trace.c")
ENV_LIBRARY = "MEMPLAN_ALLOC_TRACE"  # a prebuilt shim (CMake builds one); else compiled here

# Block kinds (the shim's tags). A new block gets the tag of the phase that allocates it; the
# step driver then moves parameters, gradients, optimizer states and what autograd saves to
# their own kind, so "what was live at the peak" can be told apart.
OTHER, PARAMETERS, GRADIENTS, OPTIMIZER_STATE, SAVED, FORWARD_TEMP, BACKWARD_TEMP, OPTIMIZER_TEMP, \
    KV_CACHE = range(9)
KIND_NAMES = {PARAMETERS: "parameters", GRADIENTS: "gradients", OPTIMIZER_STATE: "optimizer_state",
              SAVED: "saved_activations", KV_CACHE: "kv_cache"}
TEMPORARY_KINDS = (FORWARD_TEMP, BACKWARD_TEMP, OPTIMIZER_TEMP)
ANY_KIND = 0xFFFF


def mask(*kinds: int) -> int:
    return sum(1 << k for k in kinds)


class TracerUnavailable(RuntimeError):
    pass


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    path = Path(base) / "memplan"
    try:
        path.mkdir(parents=True, exist_ok=True)
        return path
    except OSError:
        return Path(tempfile.gettempdir())


def library_path() -> Path:
    """The shim: $MEMPLAN_ALLOC_TRACE when set, else compiled from alloc_trace.c with `cc` into
    the user's cache (named by the source's hash, so an edited source is rebuilt)."""
    given = os.environ.get(ENV_LIBRARY)
    if given:
        path = Path(given)
        if not path.is_file():
            raise TracerUnavailable(f"{ENV_LIBRARY}={given}: no such file")
        return path
    digest = hashlib.sha256(SOURCE.read_bytes()).hexdigest()[:16]
    target = _cache_dir() / f"alloc_trace-{digest}.so"
    if target.is_file():
        return target
    compiler = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if not compiler:
        raise TracerUnavailable("no C compiler (cc) to build the allocation tracer")
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    proc = subprocess.run([compiler, "-O2", "-shared", "-fPIC", "-o", str(tmp), str(SOURCE), "-ldl", "-lpthread"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise TracerUnavailable(f"building {SOURCE.name} failed: {proc.stderr.strip()[-1000:]}")
    os.replace(tmp, target)
    return target


def preloaded() -> bool:
    try:
        return hasattr(ctypes.CDLL(None), "trace_current")
    except OSError:
        return False


def ensure_preloaded() -> None:
    """Re-execute this command with the shim preloaded, unless it already is."""
    if preloaded():
        return
    if os.environ.get("MEMPLAN_TRACE_REEXEC"):
        raise TracerUnavailable("the allocation tracer was preloaded but is not visible (LD_PRELOAD ignored?)")
    lib = library_path()
    env = dict(os.environ, MEMPLAN_TRACE_REEXEC="1")
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):  # one thread: a deterministic allocation order
        env.setdefault(name, "1")
    env["LD_PRELOAD"] = " ".join(filter(None, [str(lib), os.environ.get("LD_PRELOAD")]))
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, [sys.executable, *sys.argv], env)


class Tracer:
    """ctypes view of the preloaded shim."""

    def __init__(self):
        if not preloaded():
            raise TracerUnavailable("the allocation tracer is not preloaded (run through measure.py --device cpu)")
        lib = ctypes.CDLL(None)
        u64 = ctypes.c_uint64
        for name in ("trace_current", "trace_peak", "trace_phase_peak", "trace_live_blocks"):
            getattr(lib, name).restype = u64
        for name in ("trace_kind_at_peak", "trace_kind_live"):
            getattr(lib, name).restype = u64
            getattr(lib, name).argtypes = [ctypes.c_int]
        lib.trace_retag.restype = u64
        lib.trace_retag.argtypes = [ctypes.c_size_t, ctypes.c_uint32, ctypes.c_int]
        lib.trace_set_tag.restype = ctypes.c_int
        lib.trace_set_tag.argtypes = [ctypes.c_int]
        self.lib = lib

    def current(self) -> int:
        return self.lib.trace_current()

    def peak(self) -> int:
        return self.lib.trace_peak()

    def phase_peak(self) -> int:
        return self.lib.trace_phase_peak()

    def reset_peak(self) -> None:
        self.lib.trace_reset_peak()

    def reset_phase_peak(self) -> None:
        self.lib.trace_reset_phase_peak()

    def live_blocks(self) -> int:
        return self.lib.trace_live_blocks()

    def set_tag(self, kind: int) -> int:
        return self.lib.trace_set_tag(kind)

    def retag(self, tensor, kind: int, from_mask: int = ANY_KIND) -> int:
        """Move the block holding `tensor`'s storage to `kind`; returns its bytes (0: not a
        live block of a kind in from_mask)."""
        try:
            ptr = tensor.storage().data_ptr()
        except (RuntimeError, NotImplementedError):
            return 0
        return self.lib.trace_retag(ptr, from_mask, kind) if ptr else 0

    def kinds_at_peak(self, baseline_other: int = 0) -> dict[str, int]:
        """Live bytes by kind at the last peak; `baseline_other` (allocations from before the
        model existed) is taken off the unclassified part."""
        at = [self.lib.trace_kind_at_peak(k) for k in range(16)]
        out = {name: at[k] for k, name in KIND_NAMES.items()}
        out["temporaries"] = sum(at[k] for k in TEMPORARY_KINDS)
        out["other"] = max(0, at[OTHER] - baseline_other)
        return out
