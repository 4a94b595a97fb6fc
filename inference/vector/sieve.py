"""The minimum mapping unit: patches smaller than it merged into their largest neighbour.

GDAL's sieve does the work (``gdal.SieveFilter``, 8-connectivity: a patch is a set of pixels of one
code connected by edges or corners): it reads the raster by scanlines and keeps a table per patch,
so its memory grows with the number of patches, not with the area. Nodata (0) is masked: it is
never merged into, never filled, and a patch surrounded by nodata alone stays.

Per-code minimum sizes: GDAL's sieve has one threshold, so the distinct thresholds run as passes,
smallest first; after each pass, pixels of codes whose own minimum is below that pass's threshold
are put back as they were (those patches were already judged by their own pass). A patch merged in
a pass goes to the neighbour GDAL chooses in that pass.
"""
from __future__ import annotations

import math

import numpy as np
from osgeo import gdal

from ..core.cancel import CancelToken

BLOCK_ROWS = 512


def mmu_pixels(mmu_m2: float, pixel_area_m2: float) -> int:
    """Pixels a patch needs to reach ``mmu_m2`` (a patch of exactly the MMU stays)."""
    if mmu_m2 <= 0:
        return 0
    return max(1, math.ceil(mmu_m2 / pixel_area_m2 - 1e-9))


def _progress_cb(cancel: CancelToken | None):
    def cb(_complete, _message, _data):
        return 0 if cancel is not None and cancel.cancelled else 1
    return cb


def sieve_codes(path: str, mmu_px: int, per_code_px: dict[int, int] | None = None,
                cancel: CancelToken | None = None, scratch: str | None = None) -> None:
    """Sieve band 1 of the GeoTIFF ``path`` (codes, nodata 0 declared) in place.

    ``mmu_px``: the minimum patch size in pixels for every code; ``per_code_px``: code -> its own
    minimum (0 keeps every patch of that code). ``scratch``: a path for the copy kept between
    passes (needed only with per-code minima)."""
    per_code_px = dict(per_code_px or {})
    thresholds = sorted({t for t in [mmu_px, *per_code_px.values()] if t > 1})
    if not thresholds:
        return
    ds = gdal.Open(path, gdal.GA_Update)
    band = ds.GetRasterBand(1)
    if len(thresholds) == 1 and all(v == mmu_px for v in per_code_px.values()):
        _sieve(band, thresholds[0], cancel)
        ds.FlushCache()
        return
    lut = np.full(1 << 16, mmu_px, np.int64)
    for code, t in per_code_px.items():
        lut[code] = t
    copy = gdal.GetDriverByName("GTiff").CreateCopy(scratch, ds, options=["TILED=YES", "COMPRESS=DEFLATE",
                                                                          "ZLEVEL=1"])
    before = copy.GetRasterBand(1)
    for t in thresholds:
        _sieve(band, t, cancel)
        for r in range(0, ds.RasterYSize, BLOCK_ROWS):
            h = min(BLOCK_ROWS, ds.RasterYSize - r)
            old = before.ReadAsArray(0, r, ds.RasterXSize, h)
            new = band.ReadAsArray(0, r, ds.RasterXSize, h)
            back = (lut[old] < t) & (new != old)
            new[back] = old[back]
            band.WriteArray(new, 0, r)
            before.WriteArray(new, 0, r)
    ds.FlushCache()
    copy = None  # noqa: F841 - closes the scratch copy before the caller removes it


def _sieve(band, threshold: int, cancel: CancelToken | None) -> None:
    gdal.SieveFilter(band, band.GetMaskBand(), band, threshold, 8, callback=_progress_cb(cancel))
    if cancel is not None:
        cancel.check()
