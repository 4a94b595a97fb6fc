"""Synthetic inputs for a FLAIR#2 U-T&T run over the Montpellier sample (data/montpellier).

FLAIR#2's own data is not on these machines, so this writes, in EPSG:2154 around the bundled
ortho (origin 770549.8, 6277600.2, 50.4 m square):

- ``aerial5.tif``: FLAIR's 5-band aerial layout, uint8 R, G, B, NIR, elevation at 0.2 m; the
  elevation band is the height above ground (dhm_50cm) x 5, clipped to 255 (presumed to be
  FLAIR's encoding of its elevation band: verify on IGN's data);
- ``s2.tif``: a Sentinel-2-like stack at 10 m (FLAIR#2's super-areas are at the native 10 m),
  uint16 reflectance x 10000, ten bands per date, date-major, ``YYYYMMDD Bk`` band
  descriptions; it covers the ortho plus 260 m on each side, enough for the 400 m context
  square around every tile; ``s2_dates.txt`` lists its 12 dates (the 14th of each month of
  2021), ``s2_mask.tif`` is its (snow, cloud) mask with April overcast;
- ``s2_short.tif``: the same series covering only the ortho plus 60 m: too small for the
  context, so a run must refuse it.

Built in well under a second. ``python tests/engine/utt_data.py OUT_DIR`` writes the set.
"""
from __future__ import annotations

import datetime as dt
import os
import sys

import numpy as np
from multisource_data import MONTPELLIER, ORIGIN, S2_BANDS, SIDE, _block_mean, _read_ortho

S2_RES = 10.0
WIDE_M, SHORT_M = 260.0, 60.0
DATES = tuple(dt.date(2021, m, 14) for m in range(1, 13))
CLOUDY = 3  # April: overcast on the whole series


def _aerial5(out: str) -> None:
    import rasterio
    from rasterio.crs import CRS
    from rasterio.transform import from_origin
    from rasterio.warp import Resampling, reproject

    rgb, nir = _read_ortho()
    height = np.zeros(rgb.shape[1:], np.float32)
    transform = from_origin(*ORIGIN, 0.2, 0.2)
    with rasterio.open(os.path.join(MONTPELLIER, "dhm_50cm.tif")) as f:
        reproject(f.read(1), height, src_transform=f.transform, src_crs=f.crs, src_nodata=f.nodata,
                  dst_transform=transform, dst_crs=f.crs, dst_nodata=0, resampling=Resampling.bilinear)
    bands = np.concatenate([rgb, nir[None], (height * 5).clip(0, 255)[None]]).round().astype(np.uint8)
    with rasterio.open(out, "w", driver="GTiff", width=bands.shape[2], height=bands.shape[1], count=5, dtype="uint8",
                       crs=CRS.from_epsg(2154), transform=transform) as f:
        f.write(bands)
        for i, name in enumerate(("R", "G", "B", "NIR", "ELEV"), 1):
            f.set_band_description(i, name)


def _s2(out: str, around_m: float, mask: str | None = None) -> None:
    """A 10 m series over the ortho plus ``around_m`` each side, on a grid of whole 10 m."""
    import rasterio
    from rasterio.crs import CRS
    from rasterio.transform import from_origin

    x0 = np.floor((ORIGIN[0] - around_m) / S2_RES) * S2_RES
    y0 = np.ceil((ORIGIN[1] + around_m) / S2_RES) * S2_RES
    n = int(np.ceil((ORIGIN[0] + SIDE + around_m - x0) / S2_RES))
    rgb, nir = _read_ortho()
    k = int(S2_RES / 0.2)
    r, g, b, ir = (_block_mean(c, k) / 255.0 for c in (rgb[0], rgb[1], rgb[2], nir))
    col, row = int(round((ORIGIN[0] - x0) / S2_RES)), int(round((y0 - ORIGIN[1]) / S2_RES))
    base = np.empty((4, n, n), np.float32)
    yy, xx = np.mgrid[0:n, 0:n]
    for i, c in enumerate((b, g, r, ir)):  # around the ortho: its mean colour with a gentle texture
        base[i] = c.mean() * (1 + 0.1 * np.sin(xx / 3.0) * np.cos(yy / 4.0))
        base[i, row:row + c.shape[0], col:col + c.shape[1]] = c
    b, g, r, ir = base * np.array([0.12, 0.14, 0.16, 0.45], np.float32)[:, None, None] + 0.02
    stack = []
    for d in DATES:
        season = np.cos(2 * np.pi * (d.timetuple().tm_yday - 135) / 365.0)
        nir_d = ir * (1 + 0.25 * season)
        refl = np.stack([b, g, r, r + (nir_d - r) * 0.35, r + (nir_d - r) * 0.75, r + (nir_d - r) * 0.9, nir_d,
                         nir_d * 1.02, 0.25 + 0 * r, 0.18 + 0 * r]).clip(0.001, 0.9)
        stack.append(np.round(refl * 10000).astype(np.uint16))
    with rasterio.open(out, "w", driver="GTiff", width=n, height=n, count=10 * len(DATES), dtype="uint16",
                       crs=CRS.from_epsg(2154), transform=from_origin(x0, y0, S2_RES, S2_RES)) as f:
        f.write(np.concatenate(stack))
        for i, d in enumerate(DATES):
            for j, band in enumerate(S2_BANDS):
                f.set_band_description(10 * i + j + 1, f"{d:%Y%m%d} {band}")
    if mask:  # (snow, cloud) 0..100 per date; CLOUDY is overcast everywhere
        m = np.zeros((len(DATES), 2, n, n), np.uint16)
        m[CLOUDY, 1] = 100
        with rasterio.open(mask, "w", driver="GTiff", width=n, height=n, count=2 * len(DATES), dtype="uint16",
                           crs=CRS.from_epsg(2154), transform=from_origin(x0, y0, S2_RES, S2_RES)) as f:
            f.write(m.reshape(-1, n, n))


def make_utt_sample(out_dir: str) -> dict[str, str]:
    """Write the set into ``out_dir``; returns {name: path}."""
    os.makedirs(out_dir, exist_ok=True)
    paths = {name: os.path.join(out_dir, f"{name}.tif") for name in ("aerial5", "s2", "s2_short")}
    _aerial5(paths["aerial5"])
    paths["s2_mask"] = os.path.join(out_dir, "s2_mask.tif")
    _s2(paths["s2"], WIDE_M, paths["s2_mask"])
    _s2(paths["s2_short"], SHORT_M)
    paths["s2_dates"] = os.path.join(out_dir, "s2_dates.txt")
    with open(paths["s2_dates"], "w") as f:
        f.write("".join(f"{d:%Y%m%d}\n" for d in DATES))
    return paths


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    for k, v in make_utt_sample(sys.argv[1] if len(sys.argv) > 1 else "utt_sample").items():
        print(f"{k:<9} {v}")
