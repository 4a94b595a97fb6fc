"""Measurements, each in a fresh Python process so that it is isolated and its peak memory is its own.

- ``raw``: tiles/s of a bare ``session.run`` on (batch, C, tile, tile) float32 tiles. The session
  is the engine's own (inference.models.session.Session: same session options, same ArgMax head), so
  the only difference from the pipeline is everything around ``run()``. Warm-up runs are
  excluded; the median of the timed runs is kept.
- ``pipeline``: one ``inference.segment.pipeline.segment`` over a GeoTIFF, end to end: opening the model,
  reading, inference, writing, overviews, sidecars (see bench/run_one.py).

Both record how much CPU *other* processes used meanwhile (CpuWatch): on a shared machine a
benchmark is only as good as that number is small.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _machine_busy_s() -> float:
    """CPU seconds used by everything on the machine since boot (all but idle and iowait)."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _own_cpu_s() -> float:
    import resource

    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


class CpuWatch:
    """``foreign_cores``: the average number of cores that other processes (not this one and
    its waited-for children) used while the block ran; 0 on a quiet machine."""

    def __enter__(self):
        self.available = os.path.exists("/proc/stat")
        if self.available:
            self.busy0, self.own0 = _machine_busy_s(), _own_cpu_s()
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.t0
        self.foreign_cores = 0.0
        if self.available and self.wall > 0:
            foreign = (_machine_busy_s() - self.busy0) - (_own_cpu_s() - self.own0)
            self.foreign_cores = max(0.0, foreign / self.wall)
        return False


def wait_quiet(max_wait_s: float, threshold: float = 0.15, sample_s: float = 1.0) -> float:
    """Wait at most ``max_wait_s`` for other processes to use < ``threshold`` cores (over
    ``sample_s``); returns the last load seen."""
    deadline = time.perf_counter() + max_wait_s
    while True:
        with CpuWatch() as c:
            time.sleep(sample_s)
        if c.foreign_cores < threshold or time.perf_counter() >= deadline:
            return c.foreign_cores


def _child(module: str, args: dict) -> dict:
    with CpuWatch() as watch:
        proc = subprocess.run(
            [sys.executable, "-m", module, json.dumps(args)], cwd=ROOT, capture_output=True, text=True
        )
    if proc.returncode != 0:
        raise RuntimeError(f"{module} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["foreign_cores"] = watch.foreign_cores
    return out


def raw(model: str, tile: int, batch: int, runs: int = 5, warmup: int = 1, threads: int = 0) -> dict:
    out = _child("bench.raw", dict(model=model, tile=tile, batch=batch, runs=runs, warmup=warmup, threads=threads))
    out["tiles_per_s"] = batch / out["seconds_per_run"]
    return out


def pipeline(model: str, raster: str, output: str, tile: int, margin: int, batch: int, threads: int = 0) -> dict:
    args = dict(model=model, raster=raster, output=output, tile=tile, margin=margin, batch=batch, threads=threads)
    out = _child("bench.run_one", args)
    out.update(tile=tile, margin=margin, batch=batch)
    out["tiles_per_s"] = out["tiles"] / out["seconds"]
    out["km2"] = out["width"] * out["height"] * out["res"] ** 2 / 1e6
    out["km2_per_h"] = out["km2"] / out["seconds"] * 3600
    return out


def median(values) -> float:
    return statistics.median(values)
