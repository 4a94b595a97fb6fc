"""The three-stage stream: a reader thread fills batches of normalised tiles, the calling thread
runs ONNX Runtime (which releases the GIL), and a writer thread crops (or blends), maps indices to
FLAIR codes and writes. Bounded queues between them keep memory flat whatever the area.
"""
from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass

import numpy as np

from ..core.cancel import CancelToken
from ..core.grid import Grid, Window
from ..models.card import ModelCard
from ..models.session import Session
from .params import Progress
from .sink import GeoTiffSink, OutputError
from .stack import BandStack, StackReader
from .stitch import BlendStitcher

_DONE = object()


@dataclass
class RunPlan:
    """What the stream runs, decided before it starts."""
    stack: BandStack
    card: ModelCard
    grid: Grid
    windows: list[Window]
    tile: int
    batch: int
    lut: np.ndarray  # output index -> FLAIR code
    stitch: str = "crop"
    polygons: list[dict] | None = None


@dataclass
class Sinks:
    labels: GeoTiffSink
    confidence: GeoTiffSink | None
    output: str  # the path the user asked for, named in messages


def run_stream(plan: RunPlan, session: Session, sinks: Sinks, progress=None,
               cancel: CancelToken | None = None) -> dict[int, int]:
    """Run every window of ``plan``; returns pixel counts per FLAIR code (0 = nodata)."""
    return _Stream(plan, session, sinks, progress, cancel or CancelToken()).run()


class _Stream:
    def __init__(self, plan: RunPlan, session: Session, sinks: Sinks, progress, cancel: CancelToken):
        self.plan, self.session, self.sinks = plan, session, sinks
        self.progress, self.cancel = progress, cancel
        self.q_in: queue.Queue = queue.Queue(maxsize=2)
        self.q_out: queue.Queue = queue.Queue(maxsize=2)
        self.errors: list[BaseException] = []
        self.stop = threading.Event()
        self.counts = np.zeros(256, np.int64)
        self.stitcher = BlendStitcher(plan.grid, plan.tile, plan.lut) if plan.stitch == "blend" else None

    def run(self) -> dict[int, int]:
        threads = [threading.Thread(target=self._guarded, args=(self._read,), name="flair-reader", daemon=True),
                   threading.Thread(target=self._guarded, args=(self._write,), name="flair-writer", daemon=True)]
        for t in threads:
            t.start()
        try:
            self._infer()
        except BaseException:
            self.stop.set()
            raise
        finally:
            self._finish(threads)
        if self.errors:
            raise self.errors[0]
        self.cancel.check()
        return {int(c): int(n) for c, n in enumerate(self.counts) if n}

    # -- plumbing -------------------------------------------------------------------------
    def _put(self, q: queue.Queue, item) -> bool:
        while not self.stop.is_set():
            try:
                q.put(item, timeout=0.1)
                return True
            except queue.Full:
                pass
        return False

    def _guarded(self, stage) -> None:
        """A worker thread's failure is handed to the caller's thread, which re-raises it."""
        try:
            stage()
        except OSError as e:
            self.errors.append(e if stage != self._write else OutputError(
                f"could not write {self.sinks.output}: {e}. Is the disk full? Nothing was kept; free some "
                "space or choose another folder."))
            self.stop.set()
        except BaseException as e:  # noqa: BLE001 (re-raised in the caller's thread by run())
            self.errors.append(e)
            self.stop.set()
        finally:
            if stage == self._read:
                self._put(self.q_in, _DONE)

    def _finish(self, threads) -> None:
        if not self.stop.is_set():
            self._put(self.q_out, _DONE)
        else:
            try:
                self.q_out.put_nowait(_DONE)
            except queue.Full:
                pass
        for t in threads:
            t.join(timeout=60)

    # -- stage 1: read ------------------------------------------------------------------------
    def _read(self) -> None:
        p = self.plan
        sr = StackReader(p.stack, p.card, p.grid)
        try:
            todo: list = []
            for w in p.windows:
                if self.stop.is_set():
                    return
                todo.append(self._read_one(sr, w))
                if sum(1 for t in todo if t[1] is not None) == p.batch:
                    if not self._put(self.q_in, todo):
                        return
                    todo = []
            if todo:
                self._put(self.q_in, todo)
        finally:
            sr.close()

    def _read_one(self, sr: StackReader, w: Window):
        """(window, input tile or None when nothing in its core is valid, validity mask)."""
        p = self.plan
        rows = (w.row.start, min(w.row.start + p.tile, p.grid.height))
        cols = (w.col.start, min(w.col.start + p.tile, p.grid.width))
        x, valid = sr.read(rows, cols)
        if p.polygons:
            valid &= _region_mask(p.polygons, p.grid, rows, cols)
        r, c, h, wd = w.core
        core_valid = valid[r - rows[0]: r - rows[0] + h, c - cols[0]: c - cols[0] + wd]
        if not core_valid.any() and p.stitch == "crop":
            return (w, None, valid)  # nothing to run: stays nodata
        if x.shape[1] < p.tile or x.shape[2] < p.tile:
            x = np.pad(x, ((0, 0), (0, p.tile - x.shape[1]), (0, p.tile - x.shape[2])))
        return (w, x, valid)

    # -- stage 2: infer (the calling thread) --------------------------------------------------
    def _infer(self) -> None:
        done, total, t0 = 0, len(self.plan.windows), time.perf_counter()
        while True:
            self.cancel.check()
            if self.errors:
                return
            try:
                item = self.q_in.get(timeout=0.1)
            except queue.Empty:
                continue
            if item is _DONE:
                return
            if not self._put(self.q_out, self._run_batch(item)):
                return
            done += len(item)
            if self.progress is not None:
                elapsed = time.perf_counter() - t0
                rate = done / elapsed if elapsed > 0 else 0.0
                eta = (total - done) / rate if rate > 0 else None
                self.progress(Progress(done, total, rate, eta, self.session.device_name))

    def _run_batch(self, item: list) -> list:
        run_items = [t for t in item if t[1] is not None]
        outs: dict[str, np.ndarray] = {}
        if run_items:
            # one tile: a view, not a copy (np.stack would copy every tile of the batch)
            x = run_items[0][1][None] if len(run_items) == 1 else np.stack([t[1] for t in run_items])
            batch = self.plan.batch
            if x.shape[0] < batch and self.session.info.batch:
                x = np.concatenate([x, np.zeros((batch - x.shape[0],) + x.shape[1:], x.dtype)])
            outs = self.session.run(x)
        packed, k = [], 0
        for w, xin, valid in item:
            if xin is None:
                packed.append((w, None, valid))
            else:
                packed.append((w, {name: a[k] for name, a in outs.items()}, valid))
                k += 1
        return packed

    # -- stage 3: write -----------------------------------------------------------------------
    def _write(self) -> None:
        while True:
            try:
                item = self.q_out.get(timeout=0.1)
            except queue.Empty:
                if self.stop.is_set():
                    return
                continue
            if item is _DONE or self.stop.is_set():
                break
            for w, out, valid in item:
                self._write_one(w, out, valid)
        if self.stitcher is not None and not self.stop.is_set():
            for core, codes in self.stitcher.flush_all():
                self._emit(core, codes)

    def _emit(self, core, codes) -> None:
        self.sinks.labels.write(core, codes)
        self.counts += np.bincount(codes.ravel(), minlength=256)

    def _write_one(self, w: Window, out, valid) -> None:
        r, c, h, wd = w.core
        sl = (slice(r - w.row.start, r - w.row.start + h), slice(c - w.col.start, c - w.col.start + wd))
        if self.stitcher is not None:
            for core, codes in self.stitcher.add(w, out, valid):
                self._emit(core, codes)
        else:
            if out is None:
                codes = np.zeros((h, wd), np.uint8)
            else:
                codes = self.plan.lut[out["labels"][sl]]
                codes[~valid[sl]] = 0
            self._emit((r, c, h, wd), codes)
        if self.sinks.confidence is not None:
            if out is None:
                conf = np.zeros((h, wd), np.uint8)
            else:
                conf = np.clip(np.rint(out["confidence"][sl] * 255), 1, 255).astype(np.uint8)
                conf[~valid[sl]] = 0
            self.sinks.confidence.write((r, c, h, wd), conf)


def _region_mask(polygons, grid: Grid, rows, cols) -> np.ndarray:
    from affine import Affine
    from rasterio.features import geometry_mask

    h, w = rows[1] - rows[0], cols[1] - cols[0]
    t = grid.transform * Affine.translation(cols[0], rows[0])
    return geometry_mask(polygons, out_shape=(h, w), transform=t, invert=True)


__all__ = ["RunPlan", "Sinks", "run_stream"]
