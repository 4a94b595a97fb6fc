"""Tile and margin chosen by measurement: how often a tiled run agrees with one whole-image pass
of a trained network, and what each choice costs in km²/h; the same for the int8 model.

``python -m bench.tiles [--out bench_output] [--side 2048] [--train-seconds 240]``

- Network: bench/tiles_train.py (a small U-Net trained for minutes on the sample against the
  baseline's labels; torch runs only in that child process).
- Image: the Montpellier sample's five inputs (R, G, B, NIR, nDSM on the 0.2 m grid) mirrored
  out to ``side`` x ``side`` px, so the network sees real imagery everywhere.
- Reference: the engine with one window covering the whole image (tile = side, margin 0).
- Each (tile, margin): the engine's pipeline (crop stitching); agreement = share of pixels equal
  to the reference; km²/h here = image area / wall time; km²/h large = pipeline tiles/s x the
  core each tile keeps, (tile - 2 margin)², i.e. without the edge windows a small image has.
- Raw no-overlap rate: the bare session on (1, 5, tile, tile) tiles, every pixel kept.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

from .tiles_train import NAME

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONFIGS = ((512, 0), (512, 32), (512, 64), (512, 128), (768, 32), (768, 64),
           (1024, 0), (1024, 32), (1024, 48), (1024, 64), (1024, 128))
RES = 0.2


def ensure_model(out: str, seconds: float, log) -> str:
    path = os.path.join(out, NAME)
    if not os.path.isfile(path):
        log(f"training the small U-Net for {seconds:.0f} s (python -m bench.tiles_train)")
        r = subprocess.run([sys.executable, "-m", "bench.tiles_train", out, str(seconds)], cwd=ROOT,
                           capture_output=True, text=True)
        if r.returncode:
            raise SystemExit(f"training failed:\n{r.stderr[-3000:]}")
        log(r.stdout.strip().splitlines()[-1])
    return path


def ensure_mosaic(out: str, side: int, log) -> str:
    """The sample's five inputs in physical units on the 0.2 m grid, mirrored out to side x side."""
    import rasterio
    from rasterio.transform import from_origin

    path = os.path.join(out, f"sample_mosaic_{side}.tif")
    if os.path.isfile(path):
        return path
    from inference.cli.main import SAMPLE_DIR
    from inference.core.grid import Grid
    from inference.segment.sources import FileSource

    s = SAMPLE_DIR
    rgb, irc, dhm = (FileSource(f"{s}/{n}.tif") for n in ("ortho_rgb_20cm", "ortho_irc_20cm", "dhm_50cm"))
    b = rgb.info.bounds
    grid = Grid.covering(rgb.info.crs, b, RES)
    bands = []
    for src, which in ((rgb, [1, 2, 3]), (irc, [1]), (dhm, [1])):
        r = src.reader(grid)
        data, _ = r.read((0, grid.height), (0, grid.width), which)
        r.close()
        bands.append(data)
    x = np.concatenate(bands).astype(np.float32)
    x = np.pad(x, ((0, 0), (0, side - x.shape[1]), (0, side - x.shape[2])), mode="symmetric")
    log(f"writing {path}: the sample mirrored to {side} x {side} px ({(side * RES) ** 2 / 1e6:.3f} km²)")
    with rasterio.open(path + ".part.tif", "w", driver="GTiff", width=side, height=side, count=5, dtype="float32",
                       crs=grid.crs, transform=from_origin(grid.x0, grid.y0, RES, RES), tiled=True,
                       compress="deflate") as ds:
        ds.write(x)
    os.replace(path + ".part.tif", path)
    return path


def run(model: str, image: str, out: str, tile: int, margin: int, threads: int) -> tuple[np.ndarray, float, int]:
    import rasterio

    from inference.segment.params import SegmentParams
    from inference.segment.pipeline import segment
    from inference.segment.sources import FileSource

    src = FileSource(image)
    entries = [(r, src, i + 1) for i, r in enumerate(("R", "G", "B", "NIR", "NDSM"))]
    t0 = time.perf_counter()
    res = segment(SegmentParams(model=model, sources=entries, output=out, tile=tile, margin=margin,
                                device="cpu", threads=threads, report=False))
    seconds = time.perf_counter() - t0
    with rasterio.open(out) as ds:
        return ds.read(1), seconds, res.tiles


def raw_seconds(model: str, tile: int, threads: int, runs: int = 3) -> float:
    """Median seconds of the bare session on one (1, 5, tile, tile) tile."""
    return raw_pair([model], tile, threads, runs)[0]


def raw_pair(models: list[str], tile: int, threads: int, runs: int = 3) -> list[float]:
    """Median seconds per (1, 5, tile, tile) tile of each model, runs alternating between them so
    that the drifts of a shared machine hit all of them alike."""
    from inference.models.session import Session, read_model_info

    sessions = [Session(read_model_info(m), "cpu", threads=threads) for m in models]
    x = np.random.default_rng(0).standard_normal((1, 5, tile, tile), dtype=np.float32)
    for s in sessions:
        s.run(x)
    times: list[list[float]] = [[] for _ in models]
    for _ in range(runs):
        for i, s in enumerate(sessions):
            t0 = time.perf_counter()
            s.run(x)
            times[i].append(time.perf_counter() - t0)
    return [float(np.median(t)) for t in times]


def km2h(px: float, seconds: float) -> float:
    return px * RES * RES / 1e6 / seconds * 3600 if seconds else 0.0


def int8_model(model: str, image: str, out: str, log, name: str = "") -> str:
    import rasterio

    from inference.convert.quant import quantize_int8
    from inference.models.card import ModelCard
    from inference.segment.stack import encode

    path = os.path.join(out, name or NAME.replace(".onnx", "_int8.onnx"))
    if os.path.isfile(path):
        return path
    from inference.models.session import read_model_info

    card: ModelCard = read_model_info(model).card
    with rasterio.open(image) as ds:  # eight 256 px calibration tiles, normalised as the engine does
        x = ds.read(window=((0, 512), (0, 1024))).astype(np.float32)
    for c, spec in enumerate(card.inputs):
        x[c] = encode(x[c], spec.encoding)
    x = (x - np.asarray(card.mean, np.float32)[:, None, None]) / np.asarray(card.std, np.float32)[:, None, None]
    tiles = np.stack([x[:, r : r + 256, c : c + 256] for r in (0, 256) for c in (0, 256, 512, 768)])
    log(f"quantising to int8 (static, QDQ, per channel; 8 calibration tiles) -> {path}")
    quantize_int8(model, path, tiles)
    import onnx

    meta = {p.key: p.value for p in onnx.load(model, load_external_data=False).metadata_props}
    proto = onnx.load(path)
    del proto.metadata_props[:]
    for k, v in meta.items():  # the card: the quantiser drops metadata
        p = proto.metadata_props.add()
        p.key, p.value = k, v
    onnx.save(proto, path)
    return path


def share_check(out: str, tile: int, margin: int, threads: int, log, side: int = 2048) -> dict:
    """The chosen setting on the FLAIR-INC U-Net/ResNet-34 (speed does not depend on the weights):
    pipeline km²/h over a large area against the bare session with no overlap, raw runs taken
    before and after the pipeline run so that a drift of the machine shows."""
    from inference.segment.params import SegmentParams
    from inference.segment.pipeline import segment
    from inference.segment.sources import FileSource

    from .data import ensure_raster

    big = subprocess.run([sys.executable, "-m", "bench.model", out], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    image = ensure_raster(os.path.join(out, f"synthetic_{side}.tif"), side, log)
    before = raw_seconds(big, tile, threads, runs=3)
    src = FileSource(image)
    t0 = time.perf_counter()
    res = segment(SegmentParams(model=big, sources=[(r, src, i + 1) for i, r in enumerate(("R", "G", "B", "NIR", "NDSM"))],
                                output=os.path.join(out, "tiles_share.tif"), tile=tile, margin=margin, device="cpu",
                                threads=threads, report=False))
    seconds = time.perf_counter() - t0
    after = raw_seconds(big, tile, threads, runs=3)
    raw = km2h(tile * tile, (before + after) / 2)
    large = km2h((tile - 2 * margin) ** 2 * res.tiles, seconds)
    return {"tile": tile, "margin": margin, "raw_seconds": [before, after], "raw_km2h": raw,
            "pipeline_km2h_large": large, "share": large / raw, "tiles": res.tiles, "seconds": seconds}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.tiles", description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "bench_output"))
    ap.add_argument("--side", type=int, default=2048, help="mirrored sample side in px (multiple of 32)")
    ap.add_argument("--train-seconds", type=float, default=240.0)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--no-int8", action="store_true")
    ap.add_argument("--share-only", action="store_true",
                    help="only the ResNet-34 share-of-raw check of the setting chosen in the last tiles.json")
    a = ap.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    if a.share_only:
        with open(os.path.join(a.out, "tiles.json")) as f:
            result = json.load(f)
        d = choose(result["rows"])
        result["share"] = share_check(a.out, d["tile"], d["margin"], a.threads, log)
        with open(os.path.join(a.out, "tiles.json"), "w") as f:
            json.dump(result, f, indent=1)
        print(table(result))
        return 0
    model = ensure_model(a.out, a.train_seconds, log)
    image = ensure_mosaic(a.out, a.side, log)
    t_all = time.perf_counter()
    ref, ref_s, _ = run(model, image, os.path.join(a.out, "tiles_whole.tif"), a.side, 0, a.threads)
    area_px = float(a.side * a.side)
    rows, raw = [], {}
    for tile, margin in CONFIGS:
        if tile not in raw:
            raw[tile] = raw_seconds(model, tile, a.threads)
        got, s, n = run(model, image, os.path.join(a.out, f"tiles_{tile}_{margin}.tif"), tile, margin, a.threads)
        raw_rate = km2h(tile * tile, raw[tile])
        large = km2h((tile - 2 * margin) ** 2 * n, s)
        rows.append({"tile": tile, "margin": margin, "kept": ((tile - 2 * margin) / tile) ** 2,
                     "agreement": float((got == ref).mean()), "tiles": n, "seconds": s,
                     "km2h_here": km2h(area_px, s), "km2h_large": large, "raw_km2h": raw_rate,
                     "of_raw": large / raw_rate})
        log(f"  {tile:5d} {margin:4d}  agreement {rows[-1]['agreement']:.5f}  {large:8.2f} km²/h large")
    result = {"model": model, "image": image, "side": a.side, "whole_seconds": ref_s, "rows": rows,
              "load": os.getloadavg()}
    if not a.no_int8:
        q = int8_model(model, image, a.out, log)
        d = choose(rows)
        got8, s8, _ = run(q, image, os.path.join(a.out, "tiles_int8.tif"), d["tile"], d["margin"], a.threads)
        fp32 = np.asarray(__import__("rasterio").open(os.path.join(a.out, f"tiles_{d['tile']}_{d['margin']}.tif")).read(1))
        result["int8"] = {"tile": d["tile"], "margin": d["margin"], "agreement_whole": float((got8 == ref).mean()),
                          "agreement_fp32_same_tiles": float((got8 == fp32).mean()),
                          "pipeline_speedup": d["seconds"] / s8}
        f32, i8 = raw_pair([model, q], d["tile"], a.threads, runs=7)
        result["int8"]["raw_speedup"] = f32 / i8
        # the speed of int8 on the FLAIR-INC architecture itself (weights do not change speed)
        big = subprocess.run([sys.executable, "-m", "bench.model", a.out], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout.strip().splitlines()[-1]
        big8 = int8_model(big, image, a.out, log, name=os.path.basename(big).replace(".onnx", "_int8.onnx"))
        f32, i8 = raw_pair([big, big8], 512, a.threads, runs=5)
        result["int8"]["resnet34_raw_speedup_512"] = f32 / i8
    d = choose(rows)
    result["share"] = share_check(a.out, d["tile"], d["margin"], a.threads, log)
    result["minutes"] = (time.perf_counter() - t_all) / 60
    with open(os.path.join(a.out, "tiles.json"), "w") as f:
        json.dump(result, f, indent=1)
    print(table(result))
    return 0


PIPELINE_SHARE = 0.88  # pipeline / bare session, 1024 px, ResNet-34: the lowest of three runs here (0.88 to 1.0)


def choose(rows, agreement=0.999, share=0.75) -> dict:
    """The setting to make the default: of those whose kept share of each tile, times what the
    pipeline keeps of the bare session's speed, reaches ``share`` of the no-overlap rate (the
    timings of one run on a shared machine are too noisy to rank by), and that agree >=
    ``agreement`` with the whole-image pass, the one with the widest margin: this network's
    receptive field is smaller than FLAIR-INC's ResNet-34, so the margin it needs is a floor."""
    ok = [r for r in rows if r["agreement"] >= agreement and r["kept"] * PIPELINE_SHARE >= share]
    if ok:
        return max(ok, key=lambda r: (r["margin"], r["kept"]))
    fast = [r for r in rows if r["kept"] * PIPELINE_SHARE >= share] or rows
    return max(fast, key=lambda r: r["agreement"])


def table(result) -> str:
    lines = [f"tiled vs whole-image agreement, {result['side']} x {result['side']} px mirrored sample, "
             f"whole pass {result['whole_seconds']:.1f} s; load average {result['load'][0]:.1f}",
             " tile margin  kept  agreement  tiles  km²/h here  km²/h large  raw km²/h  of raw"]
    for r in result["rows"]:
        lines.append(f"{r['tile']:5d} {r['margin']:6d} {r['kept']:5.0%}  {r['agreement']:9.5f} {r['tiles']:6d}"
                     f" {r['km2h_here']:11.2f} {r['km2h_large']:12.2f} {r['raw_km2h']:10.2f} {r['of_raw']:7.2f}")
    d = choose(result["rows"])
    lines.append(f"chosen: tile {d['tile']} margin {d['margin']} (agreement {d['agreement']:.4%}, keeps "
                 f"{d['kept']:.0%} of each tile; measured {d['of_raw']:.2f} of the raw no-overlap rate)")
    if "share" in result:
        c = result["share"]
        lines.append(f"{c['tile']}/{c['margin']} on the FLAIR-INC U-Net/ResNet-34: pipeline {c['pipeline_km2h_large']:.1f} "
                     f"km²/h over a large area, bare session with no overlap {c['raw_km2h']:.1f} km²/h: "
                     f"{c['share']:.2f} of it (raw {c['raw_seconds'][0]:.2f} s / {c['raw_seconds'][1]:.2f} s per tile "
                     "before / after)")
    if "int8" in result:
        q = result["int8"]
        lines.append(f"int8 at {q['tile']}/{q['margin']}: agreement {q['agreement_whole']:.4%} with the fp32 whole pass, "
                     f"{q['agreement_fp32_same_tiles']:.4%} with fp32 on the same tiles; speed-up: this network raw "
                     f"{q['raw_speedup']:.2f}x, pipeline {q['pipeline_speedup']:.2f}x; FLAIR-INC U-Net/ResNet-34 raw "
                     f"(512 px) {q['resnet34_raw_speedup_512']:.2f}x")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
