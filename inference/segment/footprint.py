"""Which tiles lie over imagery: a tile that touches no source's footprint is skipped without
being read or materialised, so a 10 km extent around a 50 m image costs what the image costs.
"""
from __future__ import annotations

import math

Rect = tuple[int, int, int, int]  # grid rows [r0, r1) x cols [c0, c1)


def footprints(sources, grid) -> list[Rect] | None:
    """Each source's extent in grid pixels (rounded outward, clipped to the grid).

    None when a footprint cannot be placed (no CRS, a failed transform): then nothing is skipped
    on that account and the reader's validity masks decide, as before."""
    from rasterio.errors import CRSError
    from rasterio.warp import transform_bounds

    rects = []
    for s in sources:
        b = s.info.bounds
        if s.info.crs and grid.crs and s.info.crs != grid.crs:
            try:
                b = transform_bounds(s.info.crs, grid.crs, *b, densify_pts=21)
            except (CRSError, ValueError):
                return None
        elif bool(s.info.crs) != bool(grid.crs):
            return None
        c0 = math.floor((b[0] - grid.x0) / grid.res) - 1  # one pixel of slack for resampling
        c1 = math.ceil((b[2] - grid.x0) / grid.res) + 1
        r0 = math.floor((grid.y0 - b[3]) / grid.res) - 1
        r1 = math.ceil((grid.y0 - b[1]) / grid.res) + 1
        r0, c0 = max(r0, 0), max(c0, 0)
        r1, c1 = min(r1, grid.height), min(c1, grid.width)
        rects.append((r0, c0, r1, c1))
    return rects


def touches(rects: list[Rect] | None, rows: tuple[int, int], cols: tuple[int, int], all_needed: bool = True) -> bool:
    """Whether the window can hold a valid pixel: it meets every footprint (an output pixel needs
    every input; ``all_needed``) or, with ``all_needed=False``, any of them."""
    if rects is None:
        return True
    hits = [r0 < rows[1] and rows[0] < r1 and c0 < cols[1] and cols[0] < c1 for r0, c0, r1, c1 in rects]
    return all(hits) if all_needed else any(hits)


def tiles_over(rects: list[Rect] | None, windows, tile: int, grid) -> int:
    """How many of the windows' tiles (clipped to the grid) meet every footprint: those the run reads."""
    return sum(1 for w in windows if touches(rects, (w.row.start, min(w.row.start + tile, grid.height)),
                                             (w.col.start, min(w.col.start + tile, grid.width))))


__all__ = ["footprints", "tiles_over", "touches"]
