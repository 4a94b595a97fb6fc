"""Synthetic 5-band uint8 imagery (R, G, B, NIR, E) on the FLAIR grid: EPSG:2154, 0.2 m, tiled.

The content is a smooth random texture with fine noise (so compression and reading cost
something, as with real imagery); the model's speed on CPU does not depend on it.
"""
from __future__ import annotations

import os

import numpy as np

RES = 0.2
X0, Y0 = 770000.0, 6280000.0  # Montpellier area, Lambert-93
BLOCK = 256


def side_px(km2: float) -> int:
    """Side in pixels of a square of ``km2`` at 0.2 m, rounded to whole blocks."""
    side_m = (km2 * 1e6) ** 0.5
    return max(BLOCK, int(round(side_m / RES / BLOCK)) * BLOCK)


def _texture(rng: np.random.Generator, n: int = 2048) -> np.ndarray:
    coarse = rng.integers(0, 256, size=(5, n // 32, n // 32)).astype(np.float32)
    smooth = np.repeat(np.repeat(coarse, 32, axis=1), 32, axis=2)
    k = np.ones(9, np.float32) / 9
    for axis in (1, 2):
        smooth = np.apply_along_axis(lambda v: np.convolve(np.concatenate([v[-4:], v, v[:4]]), k, "valid"), axis, smooth)
    noise = rng.normal(0, 12, size=smooth.shape).astype(np.float32)
    return np.clip(smooth + noise, 0, 255).astype(np.uint8)


def ensure_raster(path: str, side: int, log=print) -> str:
    """A ``side`` x ``side`` px GeoTIFF at ``path`` (reused when it already has that size)."""
    import rasterio
    from rasterio.errors import RasterioError
    from rasterio.transform import from_origin
    from rasterio.windows import Window

    if os.path.isfile(path):
        try:
            with rasterio.open(path) as ds:
                if ds.width == side and ds.height == side and ds.count == 5:
                    return path
        except (OSError, RasterioError):  # unreadable: written again below
            pass
    log(f"writing synthetic imagery {path} ({side} x {side} px, {(side * RES) ** 2 / 1e6:.2f} km²)")
    rng = np.random.default_rng(side)
    tex = _texture(rng)
    n = tex.shape[1]
    profile = dict(
        driver="GTiff", width=side, height=side, count=5, dtype="uint8", crs="EPSG:2154",
        transform=from_origin(X0, Y0, RES, RES), tiled=True, blockxsize=BLOCK, blockysize=BLOCK,
        compress="deflate", predictor=2, zlevel=1, interleave="pixel", photometric="minisblack",
    )
    tmp = path + ".part.tif"
    with rasterio.open(tmp, "w", **profile) as ds:
        for r0 in range(0, side, BLOCK):
            h = min(BLOCK, side - r0)
            shift = int(rng.integers(0, n))
            rows = (np.arange(r0, r0 + h) + shift) % n
            cols = (np.arange(side) + 7 * r0) % n
            ds.write(tex[:, rows][:, :, cols], window=Window(0, r0, side, h))
    os.replace(tmp, path)
    return path
