"""A raster of integer codes seen as a grid: its size, where its pixels are, and windows of it.

Polygons are traced in pixel coordinates (column, row: integers, so joins across windows are
exact) and placed in the CRS only at the end with ``to_crs``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.errors import InputError
from ..core.raster import canonical_crs, gdal_errors, open_quietly


@dataclass(frozen=True)
class CodeGrid:
    """Band ``band`` of ``path``: codes, 0 = nodata (the file's own nodata is read as 0 too).

    ``lut`` (optional, 256 or 65536 entries) maps a stored value to its code, e.g. a 0-based
    encoding onto FLAIR codes; values the LUT maps to 0 are nodata."""

    path: str
    width: int
    height: int
    transform: tuple[float, float, float, float, float, float]  # GDAL order: x0, dx, 0, y0, 0, dy
    crs: str
    band: int = 1
    nodata: float | None = None
    lut: np.ndarray | None = None

    @classmethod
    def open(cls, path: str, band: int = 1, lut: np.ndarray | None = None) -> CodeGrid:
        try:
            with open_quietly(path) as ds:
                gt = ds.transform.to_gdal()
                return cls(path, ds.width, ds.height, tuple(gt), canonical_crs(ds.crs), band, ds.nodata, lut)
        except (*gdal_errors(), OSError) as e:
            raise InputError.say("cannot open {path} as a raster ({error})", path=path,
                                 error=str(e).splitlines()[0]) from None

    @property
    def pixel_area(self) -> float:
        return abs(self.transform[1] * self.transform[5])

    def read(self, row: int, col: int, h: int, w: int) -> np.ndarray:
        """Codes of the window (uint8/uint16/int32 as stored), nodata and unknown values as 0."""
        from rasterio.windows import Window

        with open_quietly(self.path) as ds:
            a = ds.read(self.band, window=Window(col, row, w, h))
        return self.codes(a)

    def codes(self, a: np.ndarray) -> np.ndarray:
        nd = self.nodata
        if nd is not None and float(nd).is_integer() and int(nd) != 0:
            a = np.where(a == int(nd), 0, a)
        if self.lut is not None:
            a = self.lut[np.clip(a, 0, len(self.lut) - 1)]
        return a

    def to_crs(self, geoms: np.ndarray) -> np.ndarray:
        """Pixel coordinates (column, row) -> the grid's CRS (no rotation: refused when opened)."""
        import shapely  # here, not at the top: the plugin reaches this module's checks without it

        x0, dx, _, y0, _, dy = self.transform
        scale = np.array([dx, dy])
        offset = np.array([x0, y0])
        return shapely.transform(geoms, lambda xy: xy * scale + offset)


def windows(size: int, step: int) -> list[tuple[int, int]]:
    """(start, length) of consecutive windows of ``step`` pixels along an axis of ``size``."""
    return [(s, min(step, size - s)) for s in range(0, size, step)]
