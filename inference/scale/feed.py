"""Tiles read and normalised in separate processes, so that a fast device is not starved.

One CPU core reads and normalises about 100 tiles of 512 px a second (docs/benchmark.md); a
data-centre GPU runs thousands. ``ProcessFeed`` keeps N child processes, each with its own GDAL
handles and ``StackReader`` built from the plain ``ScaleJob``; for a block, ``reader()`` gives the
stream (segment/stream.py) a reader that asks them for the block's windows a few ahead, in the
order the stream reads them. The reading code is the pipeline's own, so the tiles are the same
arrays its single reader thread makes.
"""
from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from ..segment.stack import StackReader
from .job import ScaleJob, make_plan

_STATE: dict = {}


def _init(job: ScaleJob) -> None:
    plan = make_plan(job)
    plan.info.proto = None  # readers never run the model: drop the parsed graph
    named = plan.named  # a multi-source model's tiles come back with the dates they fed
    _STATE["read"] = named.reader().read_dated if named is not None else StackReader(plan.stack, plan.card,
                                                                                     plan.grid).read


def _read(rows, cols):
    return _STATE["read"](rows, cols)


class ProcessFeed:
    def __init__(self, job: ScaleJob, processes: int, ahead: int | None = None):
        # spawn, not fork: the parent holds ONNX Runtime's and GDAL's threads, which fork would copy mid-state
        self.pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_init, initargs=(job,))
        self.ahead = ahead or 2 * processes

    def reader(self, windows, tile: int, grid, note=None) -> _FeedReader:
        """``note(dates)``: hears the dates each tile of a multi-source model fed (named.TileReader.note)."""
        spans = [((w.row.start, min(w.row.start + tile, grid.height)), (w.col.start, min(w.col.start + tile, grid.width)))
                 for w in windows]
        return _FeedReader(self, spans, note)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class _FeedReader:
    """``read(rows, cols)`` like a StackReader, served from reads submitted ahead in window order.
    The stream skips windows over no imagery without reading them; their reads are dropped."""

    def __init__(self, feed: ProcessFeed, spans: list, note=None):
        self.feed, self.spans, self.note = feed, spans, note
        self.futures: dict = {}
        self.next = 0  # index of the next span to submit

    def _top_up(self, upto: int) -> None:
        while self.next < len(self.spans) and self.next <= upto:
            span = self.spans[self.next]
            if span not in self.futures:
                self.futures[span] = self.feed.pool.submit(_read, *span)
            self.next += 1

    def read(self, rows, cols):
        key = (tuple(rows), tuple(cols))
        at = self.spans.index(key, 0) if key in self.spans else None
        if at is not None:
            for span in [s for s in self.futures if self.spans.index(s) < at]:
                self.futures.pop(span).cancel()  # skipped by the stream
            self._top_up(at + self.feed.ahead)
        future = self.futures.pop(key, None) or self.feed.pool.submit(_read, *key)
        got = future.result()
        if self.note is not None:
            self.note(got[2])
        return got[:2]

    def close(self) -> None:
        for f in self.futures.values():
            f.cancel()
        self.futures.clear()
