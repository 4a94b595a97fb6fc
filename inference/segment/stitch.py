"""Blend stitching: overlapping tiles' probabilities averaged with a smooth window.

Windows arrive in raster order. Every pixel row above the current window row's start
can no longer receive contributions, so it is final: the stitcher keeps only one band of
``tile`` rows across the grid (C x tile x width float32) and emits full-width strips.
Memory therefore grows with the grid's width, not its area.
"""
from __future__ import annotations

import numpy as np

from ..core.grid import Grid, Window


def blend_weights(tile: int, floor: float = 1e-3) -> np.ndarray:
    """Separable Hann window over the tile, floored so edge pixels still count."""
    i = np.arange(tile, dtype=np.float64)
    w1 = np.sin(np.pi * (i + 0.5) / tile) ** 2
    return np.maximum(np.outer(w1, w1), floor).astype(np.float32)


class BlendStitcher:
    def __init__(self, grid: Grid, tile: int, lut: np.ndarray, nodata: int = 0):
        self.grid = grid
        self.tile = tile
        self.lut = lut
        self.nodata = nodata
        self.weights = blend_weights(tile)
        self.base = 0
        self.acc: np.ndarray | None = None
        self.valid = np.zeros((tile, grid.width), dtype=bool)
        self.seen = np.zeros((tile, grid.width), dtype=bool)

    def _shift_to(self, row: int):
        """Finalise rows [base, row) and move the band to start at ``row``."""
        n = row - self.base
        if n <= 0:
            return
        out = self._finalise(n)
        keep = self.tile - n
        if keep > 0:
            self.acc[:, :keep] = self.acc[:, n:]
            self.valid[:keep] = self.valid[n:]
            self.seen[:keep] = self.seen[n:]
        self.acc[:, max(keep, 0):] = 0
        self.valid[max(keep, 0):] = False
        self.seen[max(keep, 0):] = False
        self.base = row
        yield from out

    def _finalise(self, n: int):
        n = min(n, self.grid.height - self.base)
        if n <= 0 or self.acc is None:
            return []
        codes = self.lut[np.argmax(self.acc[:, :n], axis=0)]
        codes[~(self.valid[:n] & self.seen[:n])] = self.nodata
        return [((self.base, 0, n, self.grid.width), codes)]

    def add(self, w: Window, out: dict | None, valid: np.ndarray | None):
        """Accumulate one window; yields (core, codes) strips that became final."""
        if out is None:  # skipped: only blend runs read every window, so there is none
            return
        probs = out["probs"]
        if self.acc is None:
            self.acc = np.zeros((probs.shape[0], self.tile, self.grid.width), dtype=np.float32)
        yield from self._shift_to(w.row.start)
        h, wd = valid.shape
        r = w.row.start - self.base
        c0 = w.col.start
        self.acc[:, r : r + h, c0 : c0 + wd] += probs[:, :h, :wd] * self.weights[:h, :wd]
        self.valid[r : r + h, c0 : c0 + wd] = valid
        self.seen[r : r + h, c0 : c0 + wd] = True

    def flush_all(self):
        yield from self._finalise(self.tile)
