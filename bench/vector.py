"""Polygons: what vectorising costs next to segmenting the same area (``python -m bench.vector``).

- **Labels**: real FLAIR output, not a synthetic pattern: the twelve FLAIR#1 baseline predictions of
  ``data/flair1_toy`` (512 x 512 px each, 13 classes mapped onto FLAIR codes) tiled, every other one
  mirrored, into a ``--side`` x ``--side`` px GeoTIFF at 0.2 m (4096 px: 0.67 km^2).
- **Vectorise**: ``inference.vector.run.vectorize`` with the defaults (minimum mapping unit 4 px,
  simplification 1 px), then with ``--mmu 50`` (the OCS GE built-up unit), each in a fresh process:
  wall time and peak resident memory (VmHWM, as bench/run_one.py reads it).
- **Segment**: the same area (``--segment-side``, by default the same side) segmented with the
  engine's defaults (tile 512, margin 128, batch 1, CPU) by the benchmark model of ``python -m
  bench`` (FLAIR-INC U-Net/ResNet-34, random weights) over synthetic 5-band imagery, in a fresh
  process. When ``--segment-side`` is smaller, its time is scaled by the area (segmenting is linear
  in the area: see docs/benchmark.md).
- **Ratio** vectorise / segment (target <= 1/4) and the load of other processes during each run.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import subprocess
import sys
import time

import numpy as np

from . import measure
from .data import ensure_raster
from .run_one import _maxrss_mb

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOY = os.path.join(ROOT, "data", "flair1_toy")


def ensure_labels(path: str, side: int) -> str:
    import rasterio
    from rasterio.transform import from_origin

    from inference.core.classes import label_lut

    if os.path.isfile(path):
        with rasterio.open(path) as ds:
            if ds.width == side:
                return path
    lut = label_lut("flair13")
    preds = [lut[rasterio.open(f).read(1)] for f in sorted(glob.glob(os.path.join(TOY, "PRED_*.tif")))]
    n = -(-side // 512)
    profile = dict(driver="GTiff", width=side, height=side, count=1, dtype="uint8", crs="EPSG:2154",
                   transform=from_origin(770000.0, 6280000.0, 0.2, 0.2), nodata=0, tiled=True,
                   compress="deflate")
    with rasterio.open(path + ".part.tif", "w", **profile) as ds:
        for i in range(n):
            row = np.concatenate([preds[(i * n + j) % len(preds)][:, :: (-1 if (i + j) % 2 else 1)]
                                  for j in range(n)], axis=1)[:, :side]
            h = min(512, side - i * 512)
            ds.write(row[:h], 1, window=rasterio.windows.Window(0, i * 512, side, h))
    os.replace(path + ".part.tif", path)
    return path


def one(args: dict) -> dict:
    """One vectorize in this (fresh) process."""
    from inference.vector.run import VectorParams, vectorize

    t0 = time.perf_counter()
    r = vectorize(VectorParams(args["labels"], args["output"], mmu_m2=args.get("mmu")))
    return {"seconds": time.perf_counter() - t0, "polygons": r.polygons, "rss_peak_mb": _maxrss_mb(),
            "mmu_px": r.mmu_px}


def vectorise(labels: str, output: str, mmu: float | None = None) -> dict:
    with measure.CpuWatch() as watch:
        proc = subprocess.run([sys.executable, "-m", "bench.vector", "--one",
                               json.dumps({"labels": labels, "output": output, "mmu": mmu})],
                              cwd=ROOT, capture_output=True, text=True)
    if proc.returncode:
        raise RuntimeError(f"vectorize failed:\n{proc.stderr[-4000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["foreign_cores"] = watch.foreign_cores
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.vector", description=__doc__.splitlines()[0])
    ap.add_argument("--side", type=int, default=4096, help="label raster side in pixels (default 4096)")
    ap.add_argument("--segment-side", type=int, help="side of the segmented area (default: --side)")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench_output"))
    ap.add_argument("--max-wait", type=float, default=30.0)
    ap.add_argument("--one", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.one:
        print(json.dumps(one(json.loads(a.one))))
        return 0
    os.makedirs(a.out, exist_ok=True)
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    labels = ensure_labels(os.path.join(a.out, f"flair1_labels_{a.side}px.tif"), a.side)
    gpkg = os.path.join(a.out, "polygons.gpkg")
    measure.wait_quiet(a.max_wait)
    v = vectorise(labels, gpkg)
    log(f"  vectorise (defaults): {v['seconds']:.1f} s, {v['polygons']} polygons, peak {v['rss_peak_mb']:.0f} MB")
    measure.wait_quiet(a.max_wait)
    v50 = vectorise(labels, gpkg, mmu=50.0)
    log(f"  vectorise --mmu 50: {v50['seconds']:.1f} s, {v50['polygons']} polygons, peak {v50['rss_peak_mb']:.0f} MB")
    model = subprocess.run([sys.executable, "-m", "bench.model", a.out], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.strip().splitlines()[-1]
    seg_side = a.segment_side or a.side
    image = ensure_raster(os.path.join(a.out, f"synthetic_{seg_side}px.tif"), seg_side, log)
    measure.wait_quiet(a.max_wait)
    s = measure.pipeline(model, image, os.path.join(a.out, "landcover.tif"), 512, 128, 1)
    scale = (a.side / seg_side) ** 2
    seg_s = s["seconds"] * scale
    log(f"  segment {seg_side} px: {s['seconds']:.1f} s" + (f" (x {scale:g} for {a.side} px)" if scale != 1 else ""))
    ratio = v["seconds"] / seg_s
    print(f"polygons, {a.side} x {a.side} px label raster ({(a.side * 0.2) ** 2 / 1e6:.2f} km² at 0.2 m, "
          f"FLAIR#1 baseline predictions)")
    print(f"  vectorise, defaults     {v['seconds']:7.1f} s  {v['polygons']:7d} polygons  peak {v['rss_peak_mb']:5.0f} MB"
          f"  (other processes: {v['foreign_cores']:.2f} cores)")
    print(f"  vectorise, --mmu 50     {v50['seconds']:7.1f} s  {v50['polygons']:7d} polygons  peak "
          f"{v50['rss_peak_mb']:5.0f} MB  target < 1536 MB  {'OK' if v50['rss_peak_mb'] < 1536 else 'MISSED'}")
    print(f"  segment, same area      {seg_s:7.1f} s  (tile 512, margin 128, batch 1, {s['device']}"
          f"{f', measured on {seg_side} px x {scale:g}' if scale != 1 else ''}; other processes: "
          f"{s['foreign_cores']:.2f} cores)")
    print(f"  vectorise / segment     {ratio:7.3f}    target <= 0.25  {'OK' if ratio <= 0.25 else 'MISSED'}")
    with open(os.path.join(a.out, "vector_results.json"), "w") as f:
        json.dump({"vectorise": v, "vectorise_mmu50": v50, "segment": s, "segment_scaled_s": seg_s,
                   "ratio": ratio}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
