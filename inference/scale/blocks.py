"""The output grid split into blocks: rectangles of the run's own tile windows.

A block is a run of consecutive tile windows along each axis, so the union of the blocks'
windows is exactly the single-process run's windows: every pixel is predicted by the same
tile at the same place, and the result is identical pixel for pixel however the blocks are
spread over processes. A block reads its windows, i.e. its core plus the model's margin.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..core.grid import AxisWindow, Grid, Window, axis_windows

DEFAULT_BLOCK = 4096  # px a side: ~250 tiles of 512/128, a minute or two of CPU each


@dataclass(frozen=True)
class Block:
    index: int
    rows: tuple[AxisWindow, ...]
    cols: tuple[AxisWindow, ...]
    tile: int

    @property
    def core(self) -> tuple[int, int, int, int]:
        """(row_off, col_off, height, width) of the pixels this block writes."""
        r0, r1 = self.rows[0].core_start, self.rows[-1].core_end
        c0, c1 = self.cols[0].core_start, self.cols[-1].core_end
        return (r0, c0, r1 - r0, c1 - c0)

    @property
    def windows(self) -> list[Window]:
        return [Window(r, c, self.tile) for r in self.rows for c in self.cols]

    @property
    def tiles(self) -> int:
        return len(self.rows) * len(self.cols)


def _group(axis: list[AxisWindow], block: int) -> list[tuple[AxisWindow, ...]]:
    groups: list[tuple[AxisWindow, ...]] = []
    current: list[AxisWindow] = []
    for w in axis:
        current.append(w)
        if current[-1].core_end - current[0].core_start >= block:
            groups.append(tuple(current))
            current = []
    if current:
        groups.append(tuple(current))
    return groups


def plan_blocks(grid: Grid, tile: int, margin: int, block: int = DEFAULT_BLOCK) -> list[Block]:
    """Blocks of about ``block`` px a side (at least one tile), in raster order."""
    if block <= 0:
        raise ValueError(f"block size must be positive (got {block})")
    rows = _group(axis_windows(grid.height, tile, margin), block)
    cols = _group(axis_windows(grid.width, tile, margin), block)
    out = []
    for r in rows:
        for c in cols:
            out.append(Block(len(out), r, c, tile))
    return out
