"""Progress of a block run: tiles (the pipeline's unit) and blocks (the unit of resume)."""
from __future__ import annotations

import time
from dataclasses import dataclass

from ..segment.params import Progress


@dataclass
class BlockProgress(Progress):
    blocks_done: int = 0
    blocks_total: int = 0


class Meter:
    """Counts tiles and blocks; the rate counts only this run's tiles, not reused ones."""

    def __init__(self, tiles_total: int, blocks_total: int, tiles_reused: int, blocks_reused: int,
                 device: str, callback=None):
        self.total, self.blocks_total = tiles_total, blocks_total
        self.reused, self.done, self.blocks_done = tiles_reused, 0, blocks_reused
        self.device, self.callback = device, callback
        self.t0 = time.perf_counter()

    def tiles(self, n: int) -> None:
        self.done += n
        self._emit()

    def block(self, tiles: int = 0) -> None:
        """A block finished; ``tiles``: its tiles, when they were not counted one batch at a time."""
        self.blocks_done += 1
        self.done += tiles
        self._emit()

    def _emit(self) -> None:
        if self.callback is None:
            return
        elapsed = time.perf_counter() - self.t0
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = self.total - self.reused - self.done
        eta = left / rate if rate > 0 else None
        self.callback(BlockProgress(self.reused + self.done, self.total, rate, eta, self.device,
                                    self.blocks_done, self.blocks_total))
