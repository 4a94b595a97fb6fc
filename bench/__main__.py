"""python -m bench [--quick]: raw ONNX Runtime vs the streaming pipeline, memory vs area, tile sweep.

See docs/benchmark.md for what each number means.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time

from . import measure
from .data import RES, ensure_raster, side_px

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SWEEP = ((512, 128), (768, 128), (1024, 128), (1024, 192))
TARGET_RATIO = 0.9
TARGET_RSS = 1.10


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = ""
    try:
        mem = f", {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.1f} GiB RAM"
    except (ValueError, OSError):
        pass
    import onnxruntime

    return f"{cpu}, {os.cpu_count()} cores{mem}; Python {platform.python_version()}, onnxruntime {onnxruntime.__version__}"


def _km2(side: int) -> float:
    return (side * RES) ** 2 / 1e6


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small areas, one round (about 3 minutes)")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench_output"))
    ap.add_argument("--area", type=float, help="the smaller area in km² (default 0.5, quick 0.1)")
    ap.add_argument("--rounds", type=int, help="raw/pipeline rounds, interleaved (default 3, quick 1)")
    ap.add_argument("--threads", type=int, default=0, help="ONNX Runtime intra-op threads (0: its default)")
    ap.add_argument("--no-sweep", action="store_true", help="skip the tile/margin sweep")
    ap.add_argument("--max-wait", type=float, default=30.0,
                    help="seconds to wait, before each measurement, for other processes to go quiet")
    a = ap.parse_args(argv)
    area = a.area or (0.1 if a.quick else 0.5)
    rounds = a.rounds or (1 if a.quick else 3)
    os.makedirs(a.out, exist_ok=True)
    t_start = time.perf_counter()
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731

    model = subprocess.run([sys.executable, "-m", "bench.model", a.out], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.strip().splitlines()[-1]
    side = side_px(area)
    small = ensure_raster(os.path.join(a.out, f"synthetic_{side}px.tif"), side, log)
    large = ensure_raster(os.path.join(a.out, f"synthetic_{2 * side}px.tif"), 2 * side, log)
    out_tif = os.path.join(a.out, "landcover.tif")
    foreign: list[float] = []

    def quiet():
        measure.wait_quiet(a.max_wait)

    def raw(tile):
        quiet()
        r = measure.raw(model, tile, 1, runs=5, threads=a.threads)
        foreign.append(r["foreign_cores"])
        log(f"  raw {tile}: {r['tiles_per_s']:.3f} tiles/s (other processes: {r['foreign_cores']:.2f} cores)")
        return r

    def pipe(raster, tile, margin):
        quiet()
        p = measure.pipeline(model, raster, out_tif, tile, margin, 1, threads=a.threads)
        foreign.append(p["foreign_cores"])
        log(f"  pipeline {tile}/{margin} on {p['km2']:.2f} km²: {p['tiles_per_s']:.3f} tiles/s, "
            f"{p['km2_per_h']:.1f} km²/h, peak RSS {p['rss_peak_mb']:.0f} MB "
            f"(other processes: {p['foreign_cores']:.2f} cores)")
        return p

    # 1. raw vs pipeline at 512/128, batch 1, interleaved so that drifts of the machine hit both
    log(f"speed: {rounds} round(s) of raw session and pipeline, tile 512 margin 128")
    raws, pipes = [], []
    for _ in range(rounds):
        raws.append(raw(512))
        pipes.append(pipe(small, 512, 128))
    raw_tps = measure.median([t for r in raws for t in (1 / x for x in r["times"])])
    pipe_tps = measure.median([p["tiles_per_s"] for p in pipes])
    # 2. memory: the same run over 4x the area
    log("memory: 4x the area")
    big = pipe(large, 512, 128)
    rss_small = measure.median([p["rss_peak_mb"] for p in pipes])
    # 3. tile/margin sweep on the smaller area
    sweep = []
    if not a.no_sweep:
        log("tile/margin sweep")
        for tile, margin in SWEEP:
            if (tile, margin) == (512, 128):
                r_tps, p = raw_tps, min(pipes, key=lambda p: abs(p["tiles_per_s"] - pipe_tps))
            else:
                r_tps, p = raw(tile)["tiles_per_s"], pipe(small, tile, margin)
            core = (tile - 2 * margin) ** 2 * RES**2 / 1e6  # km² kept per tile, away from the edges
            sweep.append(dict(tile=tile, margin=margin, kept=(tile - 2 * margin) ** 2 / tile**2,
                              raw_tiles_per_s=r_tps, pipe_tiles_per_s=p["tiles_per_s"], tiles=p["tiles"],
                              km2_per_h=p["km2_per_h"], km2_per_h_large=p["tiles_per_s"] * core * 3600,
                              rss_peak_mb=p["rss_peak_mb"]))

    p0 = pipes[0]
    results = dict(
        machine=_machine(), quick=a.quick, threads=a.threads, model=os.path.basename(model),
        area_km2=p0["km2"], grid=f"{p0['width']} x {p0['height']} px", rounds=rounds,
        raw_tiles_per_s=raw_tps, pipeline_tiles_per_s=pipe_tps, ratio=pipe_tps / raw_tps,
        round_ratios=[p["tiles_per_s"] / r["tiles_per_s"] for r, p in zip(raws, pipes)],
        km2_per_h=measure.median([p["km2_per_h"] for p in pipes]),
        rss_small_mb=rss_small, rss_large_mb=big["rss_peak_mb"], rss_ratio=big["rss_peak_mb"] / rss_small,
        large_km2=big["km2"], large_tiles_per_s=big["tiles_per_s"], large_km2_per_h=big["km2_per_h"],
        sweep=sweep, foreign_cores_mean=sum(foreign) / len(foreign), foreign_cores_max=max(foreign),
        raw=raws, pipelines=pipes + [big], seconds=time.perf_counter() - t_start,
    )
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    print(report(results))
    return 0


def _ok(good: bool) -> str:
    return "OK" if good else "MISSED"


def report(r: dict) -> str:
    lines = [
        "FLAIR engine benchmark: U-Net/ResNet34 (FLAIR-INC architecture, random weights), 5 bands, 0.2 m",
        f"machine: {r['machine']}",
        "",
        f"speed, tile 512 margin 128 batch 1, {r['area_km2']:.2f} km² ({r['grid']}), {r['rounds']} round(s)",
        f"  raw session       {r['raw_tiles_per_s']:6.3f} tiles/s  (median of {sum(x['runs'] for x in r['raw'])} runs)",
        f"  pipeline          {r['pipeline_tiles_per_s']:6.3f} tiles/s  (median of {r['rounds']} end-to-end runs)",
        f"  pipeline / raw    {r['ratio']:6.3f}          target >= {TARGET_RATIO}  {_ok(r['ratio'] >= TARGET_RATIO)}"
        f"   (per round: {', '.join(f'{x:.3f}' for x in r['round_ratios'])})",
        f"  throughput        {r['km2_per_h']:6.1f} km²/h    (grid area / wall time)",
        "memory, peak RSS of a fresh process running segment()",
        f"  {r['area_km2']:5.2f} km²        {r['rss_small_mb']:6.0f} MB",
        f"  {r['large_km2']:5.2f} km²        {r['rss_large_mb']:6.0f} MB     "
        f"({r['large_tiles_per_s']:.3f} tiles/s, {r['large_km2_per_h']:.1f} km²/h)",
        f"  ratio 4x / 1x     {r['rss_ratio']:6.3f}          target <= {TARGET_RSS}  {_ok(r['rss_ratio'] <= TARGET_RSS)}",
    ]
    if r["sweep"]:
        lines += [
            f"tile / margin sweep, {r['area_km2']:.2f} km², batch 1",
            "  tile margin  kept  raw tiles/s  pipe tiles/s  tiles  km²/h  km²/h large area  peak RSS MB",
        ]
        for s in r["sweep"]:
            lines.append(
                f"  {s['tile']:4d} {s['margin']:6d}  {s['kept']:4.0%}  {s['raw_tiles_per_s']:11.3f}  "
                f"{s['pipe_tiles_per_s']:12.3f}  {s['tiles']:5d}  {s['km2_per_h']:5.1f}  "
                f"{s['km2_per_h_large']:16.1f}  {s['rss_peak_mb']:11.0f}"
            )
    lines += [
        f"other processes used {r['foreign_cores_mean']:.2f} cores on average during the measurements "
        f"(max {r['foreign_cores_max']:.2f}){'  <- numbers disturbed' if r['foreign_cores_max'] > 0.15 else ''}",
        f"benchmark time {r['seconds'] / 60:.1f} min",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
