"""Tiles read and normalised in separate processes, so that a fast device is not starved.

One CPU core reads and normalises about 100 tiles of 512 px a second (docs/benchmark.md); a
data-centre GPU runs thousands. ``ProcessFeed`` spreads the reading of a block's windows over
N child processes (each with its own GDAL handles and ``StackReader``, built from the plain
``ScaleJob``) and hands the tiles back in window order, a bounded number ahead. The reading code
is the pipeline's own, so the tiles are the same arrays a single reader makes.
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from concurrent.futures import ProcessPoolExecutor

from ..segment.pipeline import _region_mask
from ..segment.stack import StackReader
from .job import ScaleJob, make_plan

_STATE: dict = {}


def _init(job: ScaleJob) -> None:
    plan = make_plan(job)
    plan.info.proto = None  # readers never run the model: drop the parsed graph
    _STATE["plan"] = plan
    _STATE["reader"] = StackReader(plan.stack, plan.card, plan.grid)


def _read(rows, cols):
    plan = _STATE["plan"]
    x, valid = _STATE["reader"].read(rows, cols)
    if plan.job.polygons:
        valid &= _region_mask(plan.job.polygons, plan.grid, rows, cols)
    return x, valid


class ProcessFeed:
    def __init__(self, job: ScaleJob, processes: int, ahead: int | None = None):
        # spawn, not fork: the parent holds ONNX Runtime's and GDAL's threads, which fork would copy mid-state
        self.pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_init, initargs=(job,))
        self.ahead = ahead or 2 * processes

    def read(self, spans):
        """(rows, cols) spans -> (x, valid) for each, in order."""
        pending: deque = deque()
        it = iter(spans)
        for span in it:
            pending.append(self.pool.submit(_read, *span))
            if len(pending) >= self.ahead:
                break
        while pending:
            result = pending.popleft().result()
            nxt = next(it, None)
            if nxt is not None:
                pending.append(self.pool.submit(_read, *nxt))
            yield result

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
