"""python -m bench.change [--area KM2]: land take between two vintages against segmenting one.

Prints how long ``inference.change.run.change`` takes on a pair of synthetic FLAIR maps of an
area, beside the time ``segment`` takes on one vintage of the same area at default settings (the
bench's FLAIR-INC U-Net, ``bench/model.py``, at the catalogue's FLAIR-INC default tile 1024 and
margin 32, batch 1: the faster of the defaults, so the stricter comparison), the ratio (target:
at most 1/5), and the peak memory of change on the area and on 4 times the area (flat is the
target). Each run is a fresh process (``python -m bench.change --child JSON``) with GDAL's default
block cache (the engine closes the change raster after each row of windows, so the cache does not
keep what was written).

The maps: 0.2 m, Lambert-93, codes 1..19 with nodata 0 declared; blocks of land cover 6 to 40 m
wide with buildings (5 to 25 m) scattered over them; AFTER is BEFORE with about 4 % of its blocks
given another class and new buildings added, so thresholds, patches across windows and polygons
all cost what they cost on a real pair.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np

from . import measure
from .data import BLOCK, RES, X0, Y0, ensure_raster, side_px
from .run_one import _maxrss_mb

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = 0.2
TILE, MARGIN = 1024, 32  # inference/models/catalogue.json: FLAIR-INC's default


def _blocky(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    cell = 64  # 12.8 m blocks, then buildings on top
    coarse = rng.choice([2, 3, 4, 5, 6, 7, 8, 10, 11, 12], size=(h // cell + 1, w // cell + 1),
                        p=[.12, .18, .05, .03, .08, .12, .08, .18, .1, .06]).astype(np.uint8)
    out = np.repeat(np.repeat(coarse, cell, 0), cell, 1)[:h, :w].copy()
    for _ in range(h * w // 6000):
        r, c = rng.integers(0, h - 130), rng.integers(0, w - 130)
        bh, bw = rng.integers(25, 125, 2)
        out[r:r + bh, c:c + bw] = rng.choice([1, 1, 1, 13, 18])
    return out


def write_pair(folder: str, side: int, seed: int = 0) -> tuple[str, str]:
    """BEFORE and AFTER maps, ``side`` x ``side`` px, written strip by strip (reused when present)."""
    import rasterio
    from rasterio.transform import from_origin
    from rasterio.windows import Window

    paths = (os.path.join(folder, f"before_{side}.tif"), os.path.join(folder, f"after_{side}.tif"))
    if all(os.path.isfile(p) for p in paths):
        return paths
    profile = dict(driver="GTiff", width=side, height=side, count=1, dtype="uint8", crs="EPSG:2154", nodata=0,
                   transform=from_origin(X0, Y0, RES, RES), tiled=True, blockxsize=BLOCK, blockysize=BLOCK,
                   compress="deflate")
    rng = np.random.default_rng(seed)
    strip = 1024
    with rasterio.open(paths[0] + ".part.tif", "w", **profile) as b, \
            rasterio.open(paths[1] + ".part.tif", "w", **profile) as a:
        for r0 in range(0, side, strip):
            h = min(strip, side - r0)
            before = _blocky(rng, h, side)
            after = before.copy()
            changed = _blocky(rng, h, side)
            mask = np.repeat(np.repeat(rng.random((h // 256 + 1, side // 256 + 1)) < 0.04, 256, 0), 256, 1)[:h, :side]
            after[mask] = changed[mask]
            b.write(before, 1, window=Window(0, r0, side, h))
            a.write(after, 1, window=Window(0, r0, side, h))
    for p in paths:
        os.replace(p + ".part.tif", p)
    return paths


def _children_cpu_s() -> float:
    """CPU seconds (user + system) of the finished child processes: compares work on a busy machine."""
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def child(args: dict) -> None:
    from inference.change.params import ChangeParams
    from inference.change.run import change

    t0 = time.perf_counter()
    r = change(ChangeParams(args["before"], args["after"], args["output"]))
    print(json.dumps({"seconds": time.perf_counter() - t0, "polygons": r.polygons, "rss_peak_mb": _maxrss_mb(),
                      "artificialisation_ha": r.zones[-1]["artificialisation_ha"]}))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.change", description=__doc__.splitlines()[0])
    ap.add_argument("--area", type=float, default=0.25, help="the area in km² (default 0.25; memory also at 4x)")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench_output"))
    ap.add_argument("--no-segment", action="store_true", help="skip the segmentation run (no torch needed)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        child(json.loads(a.child))
        return 0
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    os.makedirs(a.out, exist_ok=True)
    side = side_px(a.area)
    runs = {}
    for s in (side, 2 * side):
        before, after = write_pair(a.out, s)
        measure.wait_quiet(30.0)
        runs[s] = _run_change(a.out, before, after, s)
        log(f"change {s} x {s} px: {runs[s]['seconds']:.1f} s, {runs[s]['polygons']} polygons, "
            f"peak {runs[s]['rss_peak_mb']:.0f} MB")
    seg = None
    if not a.no_segment:
        from .model import ensure_model

        model = ensure_model(a.out, log)
        raster = ensure_raster(os.path.join(a.out, f"bench_{side}.tif"), side, log)
        measure.wait_quiet(30.0)
        cpu0 = _children_cpu_s()
        seg = measure.pipeline(model, raster, os.path.join(a.out, f"bench_{side}_out.tif"), TILE, MARGIN, 1)
        seg["cpu_s"] = _children_cpu_s() - cpu0
    km2 = (side * RES) ** 2 / 1e6
    c = runs[side]
    print(f"land take (python -m bench.change), {km2:.2f} km² ({side} x {side} px at {RES} m)")
    print(f"  change              {c['seconds']:7.1f} s   ({km2 / c['seconds'] * 3600:7.1f} km²/h, "
          f"{c['polygons']} change polygons)")
    if seg is not None:
        ratio = c["seconds"] / seg["seconds"]
        print(f"  segment one vintage {seg['seconds']:7.1f} s   ({seg['km2_per_h']:7.1f} km²/h, tile {TILE} margin {MARGIN} "
              f"batch 1, {seg['device']})")
        print(f"  change / segment    {ratio:7.3f}     target <= {TARGET}  {'OK' if ratio <= TARGET else 'MISSED'}"
              f"   (CPU time: change {c['cpu_s']:.1f} s, segment {seg['cpu_s']:.1f} s, "
              f"ratio {c['cpu_s'] / seg['cpu_s']:.3f})")
        print(f"  other processes used {c['foreign_cores']:.2f} cores during change, "
              f"{seg['foreign_cores']:.2f} during segment")
    big = runs[2 * side]
    print(f"  peak memory         {c['rss_peak_mb']:7.0f} MB on {km2:.2f} km², {big['rss_peak_mb']:.0f} MB on "
          f"{4 * km2:.2f} km² (x{big['rss_peak_mb'] / c['rss_peak_mb']:.2f})")
    return 0


def _run_change(folder: str, before: str, after: str, side: int) -> dict:
    """One change run in a fresh process (its own peak memory)."""
    import subprocess

    args = json.dumps({"before": before, "after": after, "output": os.path.join(folder, f"change_{side}.gpkg")})
    cpu0 = _children_cpu_s()
    with measure.CpuWatch() as watch:
        proc = subprocess.run([sys.executable, "-m", "bench.change", "--child", args], cwd=ROOT,
                              capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"bench.change --child failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out.update(cpu_s=_children_cpu_s() - cpu0, foreign_cores=watch.foreign_cores)
    return out


if __name__ == "__main__":
    sys.exit(main())
