"""Block runs measured: one Dask worker against two, and what resuming costs.

``python -m bench.scale [--out bench_output] [--side 2048] [--block 1024]``

On the benchmark's FLAIR-INC U-Net/ResNet-34 (random weights: speed only) and synthetic imagery
(bench/data.py), tile 512, margin 128:

- pipeline: ``pipeline.segment`` in this process (the reference, and the pixels to match);
- blocks, 1 process: ``scale.run.segment_blocks`` without Dask (the price of blocks + assembly);
- Dask, 1 worker and 2 workers (LocalCluster, cores divided between workers): the ratio 2 / 1;
- resume: a run cancelled after half its blocks, then the same run again: its time against an
  uninterrupted block run.
Every output is checked equal to the pipeline's.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

from .data import ensure_raster

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "bench_output"))
    ap.add_argument("--side", type=int, default=2048, help="synthetic image side in px")
    ap.add_argument("--block", type=int, default=1024, help="block size in px")
    a = ap.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    model = subprocess.run([sys.executable, "-m", "bench.model", a.out], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.strip().splitlines()[-1]
    image = ensure_raster(os.path.join(a.out, f"synthetic_{a.side}.tif"), a.side, log)

    import rasterio

    from inference.core.cancel import Cancelled, CancelToken
    from inference.scale.job import ScaleJob
    from inference.scale.run import segment_blocks
    from inference.segment.params import SegmentParams
    from inference.segment.pipeline import segment
    from inference.segment.sources import FileSource

    roles = ("R", "G", "B", "NIR", "NDSM")

    def read(p):
        with rasterio.open(p) as ds:
            return ds.read(1)

    def job(name):
        return ScaleJob.of_files(model=model, sources=[(r, image, i + 1) for i, r in enumerate(roles)],
                        output=os.path.join(a.out, name), tile=512, margin=128, block=a.block, device="cpu")

    def timed(f):
        t0 = time.perf_counter()
        r = f()
        return r, time.perf_counter() - t0

    src = FileSource(image)
    ref, t_pipe = timed(lambda: segment(SegmentParams(
        model=model, sources=[(r, src, i + 1) for i, r in enumerate(roles)], output=os.path.join(a.out, "scale_ref.tif"),
        tile=512, margin=128, device="cpu", report=False)))
    expected = read(ref.output)
    rows = {"pipeline": t_pipe}
    log(f"pipeline {t_pipe:.1f} s, {ref.tiles} tiles")
    res, rows["blocks, 1 process"] = timed(lambda: segment_blocks(job("scale_blocks.tif")))
    same = {"blocks, 1 process": bool(np.array_equal(read(res.output), expected))}
    n_blocks = res.blocks
    for n in (1, 2):
        res, rows[f"dask, {n} worker(s)"] = timed(lambda n=n: segment_blocks(job(f"scale_dask{n}.tif"), workers=n))
        same[f"dask, {n} worker(s)"] = bool(np.array_equal(read(res.output), expected))
        log(f"dask {n}: {rows[f'dask, {n} worker(s)']:.1f} s")
    cancel = CancelToken()
    half = max(1, n_blocks // 2)
    t0 = time.perf_counter()
    try:
        segment_blocks(job("scale_resume.tif"), cancel=cancel,
                       progress=lambda p: p.blocks_done >= half and cancel.cancel())
    except Cancelled:
        pass
    t_first = time.perf_counter() - t0
    res, t_second = timed(lambda: segment_blocks(job("scale_resume.tif")))
    same["interrupted at half + resumed"] = bool(np.array_equal(read(res.output), expected))
    rows["interrupted at half + resumed"] = t_first + t_second
    result = {"side": a.side, "block": a.block, "blocks": n_blocks, "tiles": ref.tiles, "seconds": rows,
              "identical": same, "reused_on_resume": res.blocks_reused, "load": os.getloadavg()}
    result["workers_2_over_1"] = rows["dask, 1 worker(s)"] / rows["dask, 2 worker(s)"]
    result["resume_overhead"] = rows["interrupted at half + resumed"] / rows["blocks, 1 process"] - 1
    result["blocks_overhead"] = rows["blocks, 1 process"] / rows["pipeline"] - 1
    with open(os.path.join(a.out, "scale.json"), "w") as f:
        json.dump(result, f, indent=1)
    print(table(result))
    return 0


def table(r) -> str:
    lines = [f"block runs, {r['side']} x {r['side']} px synthetic, tile 512 margin 128, {r['blocks']} blocks of "
             f"{r['block']} px, {r['tiles']} tiles; load average {r['load'][0]:.1f}"]
    for k, v in r["seconds"].items():
        lines.append(f"  {k:<32} {v:7.1f} s   identical to the pipeline: {r['identical'].get(k, 'reference')}")
    lines.append(f"  workers 2 / 1 speed ratio        {r['workers_2_over_1']:.2f}")
    lines.append(f"  blocks vs pipeline, 1 process    {r['blocks_overhead']:+.1%}")
    lines.append(f"  interrupted + resumed vs whole   {r['resume_overhead']:+.1%} "
                 f"({r['reused_on_resume']} blocks reused)")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
