"""The three-stage stream: a reader thread fills batches of normalised tiles, the calling thread
runs ONNX Runtime (which releases the GIL), and a writer thread crops (or blends), maps indices to
FLAIR codes and writes. Bounded queues between them keep memory flat whatever the area.
"""
from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..core.cancel import Cancelled, CancelToken
from ..core.grid import Grid, Window
from ..models.card import ModelCard
from ..models.head import centre_offset
from ..models.session import Session
from . import estimate
from .estimate import RunEstimate
from .footprint import touches
from .params import Progress
from .sink import GeoTiffSink, OutputError, disk_full
from .stack import BandStack, StackReader
from .stitch import BlendStitcher

log = logging.getLogger(__name__)
_DONE = object()
SKIPPED_PER_ITEM = 64  # windows per queue item at most (skipped ones carry no pixels)


@dataclass
class RunPlan:
    """What the stream runs, decided before it starts."""
    stack: BandStack
    card: ModelCard
    grid: Grid
    windows: list[Window]
    tile: int
    batch: int
    luts: list[np.ndarray]  # per task of the model, in the card's order: output index -> stored code
    nodata: tuple[int, ...] = (0,)  # per task: the stored nodata value
    stitch: str = "crop"
    polygons: list[dict] | None = None
    rects: list | None = None  # the sources' footprints in grid pixels (footprint.py); None: unknown
    tiles_to_run: int = 0  # windows over imagery in the whole run (the estimate counts these)
    tiles_total: int = 0  # windows in the whole run (a block's stream sees only its own windows)
    out_size: tuple[int, int] | None = None  # the model's output per tile when smaller (valid convs)
    # another reader: a multi-source model's named inputs (segment/modalities/named.py), reader processes (scale/feed.py)
    open_reader: Callable[[], StackReader] | None = None


@dataclass
class StreamResult:
    counts: list[dict[int, int]]  # per task, in the card's order: pixels per stored code (nodata included)
    estimate: RunEstimate | None


@dataclass
class Sinks:
    """One task's sinks: its labels and, when asked, its confidence (the stream takes one per task)."""
    labels: GeoTiffSink
    confidence: GeoTiffSink | None
    output: str  # the path the user asked for, named in messages


def run_stream(plan: RunPlan, session: Session, sinks: list[Sinks], progress=None,
               cancel: CancelToken | None = None, confirm=None) -> StreamResult:
    """Run every window of ``plan``: the pixel counts per code, and the estimate made on the first
    tiles (``confirm(estimate)`` is asked when it projects a long run; False cancels)."""
    st = _Stream(plan, session, sinks, progress, cancel or CancelToken(), confirm)
    counts = st.run()
    return StreamResult(counts, st.estimate)


class _Stream:
    def __init__(self, plan: RunPlan, session: Session, sinks: list[Sinks], progress, cancel: CancelToken,
                 confirm=None):
        self.plan, self.session, self.tasks = plan, session, sinks
        self.progress, self.cancel, self.confirm = progress, cancel, confirm
        self.estimate: RunEstimate | None = None
        self.q_in: queue.Queue = queue.Queue(maxsize=2)
        self.q_out: queue.Queue = queue.Queue(maxsize=2)
        self.errors: list[BaseException] = []
        self.stop = threading.Event()
        self.nodata = plan.nodata
        self.counts = np.zeros((len(self.tasks), 256), np.int64)
        self.stitchers = [BlendStitcher(plan.grid, plan.tile, lut, nodata) for lut, nodata in zip(plan.luts, self.nodata)
                          ] if plan.stitch == "blend" else None

    def run(self) -> list[dict[int, int]]:
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
        return [{int(c): int(n) for c, n in enumerate(counts) if n} for counts in self.counts]

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
            self.errors.append(e if stage != self._write or isinstance(e, OutputError) else
                               disk_full(self.tasks[0].output, e))
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
        sr = p.open_reader() if p.open_reader is not None else StackReader(p.stack, p.card, p.grid)
        try:
            todo: list = []
            n_run = 0
            for w in p.windows:
                if self.stop.is_set():
                    return
                item = self._read_one(sr, w)
                todo.append(item)
                n_run += item[1] is not None
                # skipped tiles are handed on in groups too: they carry nothing, and the writer and
                # the progress then follow them instead of a list growing over a 10 km extent
                if n_run == p.batch or len(todo) >= SKIPPED_PER_ITEM:
                    if not self._put(self.q_in, todo):
                        return
                    todo, n_run = [], 0
            if todo:
                self._put(self.q_in, todo)
        finally:
            sr.close()

    def _read_one(self, sr: StackReader, w: Window):
        """(window, input tile or None when nothing in its core is valid, validity mask)."""
        p = self.plan
        rows = (w.row.start, min(w.row.start + p.tile, p.grid.height))
        cols = (w.col.start, min(w.col.start + p.tile, p.grid.width))
        if p.stitch == "crop" and not touches(p.rects, rows, cols):
            return (w, None, None)  # over no imagery: not read, not materialised, stays nodata
        x, valid = sr.read(rows, cols)
        if p.polygons:
            valid &= _region_mask(p.polygons, p.grid, rows, cols)
        r, c, h, wd = w.core
        core_valid = valid[r - rows[0]: r - rows[0] + h, c - cols[0]: c - cols[0] + wd]
        if not core_valid.any() and p.stitch == "crop":
            return (w, None, None)  # nothing to run: stays nodata
        if isinstance(x, dict):  # named inputs (multi-source): each read whole, at its own size
            return (w, x, valid)
        if x.shape[1] < p.tile or x.shape[2] < p.tile:
            x = np.pad(x, ((0, 0), (0, p.tile - x.shape[1]), (0, p.tile - x.shape[2])))
        return (w, x, valid)

    # -- stage 2: infer (the calling thread) --------------------------------------------------
    def _infer(self) -> None:
        done, total, t0 = 0, len(self.plan.windows), time.perf_counter()
        self._ran = 0
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
            if self.estimate is None:
                self._estimate(time.perf_counter() - t0)
            if self.progress is not None:
                elapsed = time.perf_counter() - t0
                rate = done / elapsed if elapsed > 0 else 0.0
                eta = (total - done) / rate if rate > 0 else None
                self.progress(Progress(done, total, rate, eta, self.session.device_name))

    def _estimate(self, elapsed: float) -> None:
        """After the first tiles: the projection, said (and asked) when the run will be long."""
        if not self._ran or (self._ran < estimate.MEASURE_TILES and elapsed < estimate.MEASURE_S):
            return
        g, p = self.plan.grid, self.plan
        self.estimate = est = RunEstimate(
            area_km2=g.width * g.height * g.res * g.res / 1e6, tiles=p.tiles_total or len(p.windows),
            tiles_to_run=p.tiles_to_run or len(p.windows), seconds_per_tile=elapsed / self._ran,
            device=self.session.device_name)
        key = (self.tasks[0].output, id(g))  # the blocks of one run share its grid: said once, not per block
        if est.long and key not in estimate.SAID:
            estimate.SAID.add(key)
            log.warning(est.message())
            if self.confirm is not None and not self.confirm(est):
                raise Cancelled("declined after the estimate; nothing was written or replaced")

    def _run_batch(self, item: list) -> list:
        run_items = [t for t in item if t[1] is not None]
        if run_items and isinstance(run_items[0][1], dict):
            return self._run_named(item)
        outs: dict[str, np.ndarray] = {}
        if run_items:
            # one tile: a view, not a copy (np.stack would copy every tile of the batch)
            x = run_items[0][1][None] if len(run_items) == 1 else np.stack([t[1] for t in run_items])
            batch = self.plan.batch
            if x.shape[0] < batch and self.session.info.batch:
                x = np.concatenate([x, np.zeros((batch - x.shape[0],) + x.shape[1:], x.dtype)])
            outs = self.session.run(x)
            self._ran += len(run_items)
            if self.plan.out_size is not None:
                outs = {name: _centre(a, self.plan.tile) for name, a in outs.items()}
        packed, k = [], 0
        for w, xin, valid in item:
            if xin is None:
                packed.append((w, None, valid))
            else:
                if self.plan.out_size is not None:
                    valid = valid & self._predicted()[: valid.shape[0], : valid.shape[1]]
                packed.append((w, [{name: a[k] for name, a in outs.items()}], valid))
                k += 1
        return packed

    def _run_named(self, item: list) -> list:
        """Tiles of named inputs run one by one (each keeps its own dates); per task, the outputs of
        a model that answers on a coarser grid (series-only models) brought to the tile, nearest."""
        packed = []
        for w, feeds, valid in item:
            if feeds is None:
                packed.append((w, None, valid))
                continue
            outs = self.session.run_tasks(feeds)
            self._ran += 1
            packed.append((w, [{name: _nearest(a[0], self.plan.tile) for name, a in task.items()} for task in outs],
                           valid))
        return packed

    def _predicted(self) -> np.ndarray:
        """The pixels of a tile a smaller (valid-convolution) output covers, centred."""
        if not hasattr(self, "_pred_mask"):
            t = self.plan.tile
            oh, ow = self.plan.out_size
            m = np.zeros((t, t), bool)
            m[centre_offset(t, oh): centre_offset(t, oh) + oh, centre_offset(t, ow): centre_offset(t, ow) + ow] = True
            self._pred_mask = m
        return self._pred_mask

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
        if self.stitchers is not None and not self.stop.is_set():
            for k, stitcher in enumerate(self.stitchers):
                for core, codes in stitcher.flush_all():
                    self._emit(k, core, codes)

    def _emit(self, k: int, core, codes) -> None:
        self.tasks[k].labels.write(core, codes)
        self.counts[k] += np.bincount(codes.ravel(), minlength=256)

    def _write_one(self, w: Window, outs, valid) -> None:
        for k, sinks in enumerate(self.tasks):
            self._write_task(k, sinks, w, None if outs is None else outs[k], valid)

    def _write_task(self, k: int, sinks: Sinks, w: Window, out, valid) -> None:
        r, c, h, wd = w.core
        sl = (slice(r - w.row.start, r - w.row.start + h), slice(c - w.col.start, c - w.col.start + wd))
        if self.stitchers is not None:
            for core, codes in self.stitchers[k].add(w, out, valid):
                self._emit(k, core, codes)
        else:
            if out is None:
                codes = np.full((h, wd), self.nodata[k], np.uint8)
            else:
                codes = self.plan.luts[k][out["labels"][sl]]
                codes[~valid[sl]] = self.nodata[k]
            self._emit(k, (r, c, h, wd), codes)
        if sinks.confidence is not None:
            if out is None:
                conf = np.zeros((h, wd), np.uint8)
            else:
                conf = np.clip(np.rint(out["confidence"][sl] * 255), 1, 255).astype(np.uint8)
                conf[~valid[sl]] = 0
            sinks.confidence.write((r, c, h, wd), conf)


def _centre(a: np.ndarray, tile: int) -> np.ndarray:
    """A batch of smaller per-pixel outputs (N, [C,] h, w) placed in the middle of ``tile`` x ``tile``."""
    h, w = a.shape[-2:]
    top, left = centre_offset(tile, h), centre_offset(tile, w)
    pad = [(0, 0)] * (a.ndim - 2) + [(top, tile - h - top), (left, tile - w - left)]
    return np.pad(a, pad)


def _nearest(a: np.ndarray, tile: int) -> np.ndarray:
    """A per-pixel output ([C,] n, n) over the tile's ground on ``tile`` x ``tile`` px, nearest."""
    n = a.shape[-1]
    if n == tile:
        return a
    idx = (np.arange(tile) * n) // tile
    return a[..., idx, :][..., idx]


def _region_mask(polygons, grid: Grid, rows, cols) -> np.ndarray:
    from affine import Affine
    from rasterio.features import geometry_mask

    h, w = rows[1] - rows[0], cols[1] - cols[0]
    t = grid.transform * Affine.translation(cols[0], rows[0])
    return geometry_mask(polygons, out_shape=(h, w), transform=t, invert=True)


__all__ = ["RunPlan", "Sinks", "StreamResult", "run_stream"]
