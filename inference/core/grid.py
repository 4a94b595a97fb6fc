"""The output grid and the tile windows that cover it."""
from __future__ import annotations

import math
from dataclasses import dataclass

from affine import Affine

from .errors import InputError


@dataclass(frozen=True)
class AxisWindow:
    """One tile along one axis: read [start, start + tile), keep [core_start, core_end)."""

    start: int
    core_start: int
    core_end: int


def axis_windows(size: int, tile: int, margin: int) -> list[AxisWindow]:
    """Cover ``size`` pixels with windows of ``tile`` pixels keeping only their centres.

    stride s = tile - 2*margin (must be > 0). Windows start at k*s for every k with
    k*s + tile < size, then one last window at size - tile, shifted inward so that no
    window runs past the raster and the output is never shrunk. Each window keeps its
    centre: the first keeps from 0, the last up to ``size``, and every other one
    [start + margin, start + tile - margin) except that a core begins where the previous
    one ended. The shifted last window's core therefore begins at least ``margin`` pixels
    inside it (the previous start p obeys p + s + tile >= size).

    If size <= tile there is a single window at 0 (the reader pads it to ``tile``).
    """
    if tile <= 0 or margin < 0:
        raise InputError.say("tile must be > 0 and margin >= 0 (got tile={tile}, margin={margin})", tile=tile,
                             margin=margin)
    stride = tile - 2 * margin
    if stride <= 0:
        raise InputError.say("margin {margin} is too large for tile {tile}: the tile must be more than twice the "
                             "margin", margin=margin, tile=tile)
    if size <= 0:
        return []
    if size <= tile:
        return [AxisWindow(0, 0, size)]
    starts = list(range(0, size - tile, stride))
    starts.append(size - tile)
    out = []
    core_start = 0
    for i, start in enumerate(starts):
        core_end = size if i == len(starts) - 1 else start + tile - margin
        out.append(AxisWindow(start, core_start, core_end))
        core_start = core_end
    return out


@dataclass(frozen=True)
class Window:
    """A tile on the output grid: the read window and the part of it that is kept."""

    row: AxisWindow
    col: AxisWindow
    tile: int

    @property
    def core(self) -> tuple[int, int, int, int]:
        """(row_off, col_off, height, width) of the kept part, in grid pixels."""
        return (
            self.row.core_start,
            self.col.core_start,
            self.row.core_end - self.row.core_start,
            self.col.core_end - self.col.core_start,
        )


@dataclass(frozen=True)
class Grid:
    """A north-up pixel grid: CRS (any string rasterio accepts), origin, pixel size, shape."""

    crs: str
    x0: float
    y0: float
    res: float
    width: int
    height: int

    @property
    def transform(self) -> Affine:
        return Affine(self.res, 0.0, self.x0, 0.0, -self.res, self.y0)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        return (self.x0, self.y0 - self.height * self.res, self.x0 + self.width * self.res, self.y0)

    def windows(self, tile: int, margin: int) -> list[Window]:
        rows = axis_windows(self.height, tile, margin)
        cols = axis_windows(self.width, tile, margin)
        return [Window(r, c, tile) for r in rows for c in cols]

    @classmethod
    def covering(cls, crs: str, bounds: tuple[float, float, float, float], res: float) -> Grid:
        """The grid of pixel size ``res`` snapped to multiples of ``res`` that covers ``bounds``."""
        xmin, ymin, xmax, ymax = bounds
        if not (xmax > xmin and ymax > ymin):
            raise InputError.say("empty extent {bounds}", bounds=bounds)
        if res <= 0:
            raise InputError.say("resolution must be positive (got {res})", res=res)
        eps = 1e-6
        x0 = math.floor(xmin / res + eps) * res
        y0 = math.ceil(ymax / res - eps) * res
        x1 = math.ceil(xmax / res - eps) * res
        y1 = math.floor(ymin / res + eps) * res
        width = max(1, int(round((x1 - x0) / res)))
        height = max(1, int(round((y0 - y1) / res)))
        return cls(crs, round(x0, 9), round(y0, 9), res, width, height)
