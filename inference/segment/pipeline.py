"""The streaming segmentation pipeline: read -> infer -> write, overlapped.

A reader thread fills batches of normalised tiles, the calling thread runs ONNX Runtime
(which releases the GIL), and a writer thread crops (or blends), maps indices to FLAIR
codes and writes. Bounded queues between them keep memory flat whatever the area.
"""
from __future__ import annotations

import logging
import os
import queue
import threading
import time
from dataclasses import dataclass, field

import numpy as np

from ..core.grid import Grid, Window
from ..labels.style import classes_for, write_sidecars
from ..models.card import CardOverrides, ModelCard
from ..models.session import ModelInfo, Session, read_model_info
from .sink import GeoTiffSink, OutputError, check_writable
from .sources import RasterSource, SourceError
from .stack import BandStack, StackReader, build_stack
from .stitch import BlendStitcher

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """The run was cancelled; nothing was written."""


class CancelToken:
    def __init__(self):
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


@dataclass
class Progress:
    done: int
    total: int
    tiles_per_s: float
    eta_s: float | None
    device: str


@dataclass
class SegmentParams:
    model: str
    sources: list[tuple[str | None, RasterSource, int | None]]  # (role|None, source, band|None)
    output: str
    overrides: CardOverrides | None = None
    tile: int | None = None
    margin: int | None = None
    batch: int | None = None
    resolution: float | None = None  # metres; default: the model's
    extent: tuple[float, float, float, float] | None = None  # in the output CRS
    crs: str | None = None  # default: the first source's
    stitch: str = "crop"
    confidence: bool = False
    device: str = "auto"
    threads: int = 0
    report: bool = True
    polygons: list[dict] | None = None  # GeoJSON geometries in the output CRS; outside is nodata


@dataclass
class SegmentResult:
    output: str
    confidence: str | None
    report: str | None
    qml: str
    grid: Grid
    card: ModelCard
    device: str
    tiles: int
    seconds: float
    class_pixels: dict[int, int] = field(default_factory=dict)
    stack: dict[str, str] = field(default_factory=dict)

    @property
    def class_areas_m2(self) -> dict[int, float]:
        px = self.grid.res * self.grid.res
        return {c: n * px for c, n in self.class_pixels.items()}


def confidence_path(output: str) -> str:
    return os.path.splitext(output)[0] + "_confidence.tif"


def report_path(output: str) -> str:
    return os.path.splitext(output)[0] + "_report.json"


def plan_grid(params: SegmentParams, card: ModelCard, stack: BandStack) -> Grid:
    """The output grid: the chosen CRS, extent and resolution (model's by default)."""
    from rasterio.warp import transform_bounds

    first = stack.sources[stack.roles[card.roles[0]].source] if card.roles[0] in stack.roles else stack.sources[0]
    crs = params.crs or first.info.crs
    res = params.resolution or card.resolution_m
    crss = {s.info.crs for s in stack.sources}
    if not crs:
        if len(crss) > 1 or params.extent is None and not first.info.crs:
            raise SourceError(
                f"{first.info.name} has no CRS, so the sources cannot be placed together; "
                "assign a CRS to the file or pass --crs"
            )
    if "" in crss and len(crss) > 1:
        nameless = [s.info.name for s in stack.sources if not s.info.crs]
        raise SourceError(
            f"{', '.join(nameless)} has no CRS while other sources have one; assign it a CRS first"
        )

    def bounds_in(src) -> tuple[float, float, float, float]:
        if not src.info.crs or src.info.crs == crs:
            return src.info.bounds
        try:
            return transform_bounds(src.info.crs, crs, *src.info.bounds, densify_pts=21)
        except Exception as e:
            raise SourceError(f"cannot transform {src.info.name} from its CRS to {crs}: {e}") from None

    if params.extent is not None:
        extent = params.extent
        inside = []
        for s in stack.sources:
            b = bounds_in(s)
            if extent[0] < b[2] and extent[2] > b[0] and extent[1] < b[3] and extent[3] > b[1]:
                inside.append(s)
        if not inside:
            raise SourceError(
                f"the extent {extent} lies outside every input ({first.info.name} covers "
                f"{tuple(round(v, 2) for v in bounds_in(first))} in {crs}); pick an extent over the imagery"
            )
    else:
        extent = bounds_in(first)
    return Grid.covering(crs, extent, res)


def _region_mask(polygons, grid: Grid, rows, cols) -> np.ndarray:
    from affine import Affine
    from rasterio.features import geometry_mask

    h, w = rows[1] - rows[0], cols[1] - cols[0]
    t = grid.transform * Affine.translation(cols[0], rows[0])
    return geometry_mask(polygons, out_shape=(h, w), transform=t, invert=True)


def segment(
    params: SegmentParams,
    progress=None,
    cancel: CancelToken | None = None,
    info: ModelInfo | None = None,
) -> SegmentResult:
    """Run the model over the sources and write the classified GeoTIFF (see module doc)."""
    t_start = time.perf_counter()
    cancel = cancel or CancelToken()
    info = info or read_model_info(params.model, params.overrides, keep_graph=True)
    card = info.card
    stack = build_stack(card, params.sources)
    grid = plan_grid(params, card, stack)
    tile = params.tile or info.height or card.tile
    margin = card.margin if params.margin is None else params.margin
    if info.height and (tile != info.height or tile != info.width):
        raise ValueError(
            f"this model only takes {info.height}x{info.width} tiles; use --tile {info.height}"
        )
    if params.stitch not in ("crop", "blend"):
        raise ValueError(f"stitch must be crop or blend, not {params.stitch!r}")
    check_writable(params.output)
    windows = grid.windows(tile, margin)
    session = Session(
        info,
        params.device,
        with_probs=params.stitch == "blend",
        with_confidence=params.confidence,
        threads=params.threads,
    )
    batch = params.batch or (4 if session.provider != "CPUExecutionProvider" else 1)
    if info.batch:
        batch = info.batch
    classes = classes_for(card.class_names)
    lut = np.zeros(256, np.uint8)
    lut[: card.n_classes] = card.class_codes
    log.info("segmenting %d tiles of %d px (margin %d) on %s", len(windows), tile, margin, session.device_name)

    sink = GeoTiffSink(params.output, grid, classes=classes, description=f"FLAIR codes from {card.name}")
    conf_sink = None
    try:
        if params.confidence:
            conf_sink = GeoTiffSink(confidence_path(params.output), grid, description="max class probability x 255")
        counts = _run(params, session, stack, card, grid, windows, tile, batch, lut, sink, conf_sink, progress, cancel)
    except BaseException:
        sink.discard()
        if conf_sink is not None:
            conf_sink.discard()
        raise
    present = {c for c, n in counts.items() if n and c}
    seconds = time.perf_counter() - t_start
    device = session.device_name
    # Free ONNX Runtime's weights and buffers before the overviews are built: that step's GDAL
    # block cache then adds to a small process, not to the peak of the inference.
    del session
    tags = {"FLAIR_MODEL": card.name, "FLAIR_DEVICE": device}
    try:
        sink.commit(tags)
        if conf_sink is not None:
            conf_sink.commit()
    except BaseException:
        for p in (params.output, confidence_path(params.output)):
            if conf_sink is not None or p == params.output:
                _remove(p)
        raise
    qml_path = write_sidecars(params.output, classes, present)
    result = SegmentResult(
        output=params.output,
        confidence=confidence_path(params.output) if params.confidence else None,
        report=None,
        qml=qml_path,
        grid=grid,
        card=card,
        device=device,
        tiles=len(windows),
        seconds=seconds,
        class_pixels=counts,
        stack=stack.describe(),
    )
    if params.report:
        from .report import write_report

        result.report = write_report(result, params, tile, margin, batch)
    return result


def _remove(path: str) -> None:
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


_DONE = object()


def _run(params, session, stack, card, grid, windows, tile, batch, lut, sink, conf_sink, progress, cancel):
    """The three-stage loop; returns pixel counts per FLAIR code."""
    q_in: queue.Queue = queue.Queue(maxsize=2)
    q_out: queue.Queue = queue.Queue(maxsize=2)
    errors: list[BaseException] = []
    stop = threading.Event()

    def put(q, item):
        while not stop.is_set():
            try:
                q.put(item, timeout=0.1)
                return True
            except queue.Full:
                pass
        return False

    def reader():
        try:
            sr = StackReader(stack, card, grid)
            try:
                todo: list = []
                for w in windows:
                    if stop.is_set():
                        return
                    rows = (w.row.start, min(w.row.start + tile, grid.height))
                    cols = (w.col.start, min(w.col.start + tile, grid.width))
                    x, valid = sr.read(rows, cols)
                    if params.polygons:
                        valid &= _region_mask(params.polygons, grid, rows, cols)
                    r, c, h, wd = w.core
                    core_valid = valid[r - rows[0] : r - rows[0] + h, c - cols[0] : c - cols[0] + wd]
                    if not core_valid.any() and params.stitch == "crop":
                        todo.append((w, None, valid))  # nothing to run: stays nodata
                    else:
                        if x.shape[1] < tile or x.shape[2] < tile:
                            x = np.pad(x, ((0, 0), (0, tile - x.shape[1]), (0, tile - x.shape[2])))
                        todo.append((w, x, valid))
                    if sum(1 for t in todo if t[1] is not None) == batch:
                        if not put(q_in, todo):
                            return
                        todo = []
                if todo:
                    put(q_in, todo)
            finally:
                sr.close()
        except BaseException as e:  # handed to the caller's thread
            errors.append(e)
            stop.set()
        finally:
            put(q_in, _DONE)

    counts = np.zeros(256, np.int64)
    stitcher = BlendStitcher(grid, tile, lut) if params.stitch == "blend" else None

    def writer():
        try:
            while True:
                try:
                    item = q_out.get(timeout=0.1)
                except queue.Empty:
                    if stop.is_set():
                        break
                    continue
                if item is _DONE or stop.is_set():
                    break
                for w, out, valid in item:
                    _write_one(w, out, valid, grid, lut, sink, conf_sink, counts, stitcher)
            if stitcher is not None and not stop.is_set():
                for core, codes in stitcher.flush_all():
                    _emit(core, codes, sink, counts)
        except OSError as e:
            errors.append(OutputError(
                f"could not write {params.output}: {e}. Is the disk full? Nothing was kept; free some "
                "space or choose another folder."))
            stop.set()
        except BaseException as e:
            errors.append(e)
            stop.set()

    threads = [threading.Thread(target=reader, name="flair-reader", daemon=True),
               threading.Thread(target=writer, name="flair-writer", daemon=True)]
    for t in threads:
        t.start()
    done = 0
    t0 = time.perf_counter()
    try:
        while True:
            if cancel.cancelled:
                raise Cancelled("cancelled")
            if errors:
                break
            try:
                item = q_in.get(timeout=0.1)
            except queue.Empty:
                continue
            if item is _DONE:
                break
            run_items = [t for t in item if t[1] is not None]
            outs: dict[str, np.ndarray] = {}
            if run_items:
                # one tile: a view, not a copy (np.stack would copy every tile of the batch)
                x = run_items[0][1][None] if len(run_items) == 1 else np.stack([t[1] for t in run_items])
                if x.shape[0] < batch and session.info.batch:
                    x = np.concatenate([x, np.zeros((batch - x.shape[0],) + x.shape[1:], x.dtype)])
                outs = session.run(x)
            k = 0
            packed = []
            for w, xin, valid in item:
                if xin is None:
                    packed.append((w, None, valid))
                else:
                    packed.append((w, {name: a[k] for name, a in outs.items()}, valid))
                    k += 1
            if not put(q_out, packed):
                break
            done += len(item)
            if progress is not None:
                elapsed = time.perf_counter() - t0
                rate = done / elapsed if elapsed > 0 else 0.0
                eta = (len(windows) - done) / rate if rate > 0 else None
                progress(Progress(done, len(windows), rate, eta, session.device_name))
    except BaseException:
        stop.set()
        raise
    finally:
        if not stop.is_set():
            put(q_out, _DONE)
        else:
            try:
                q_out.put_nowait(_DONE)
            except queue.Full:
                pass
        for t in threads:
            t.join(timeout=60)
    if errors:
        raise errors[0]
    if cancel.cancelled:
        raise Cancelled("cancelled")
    return {int(c): int(n) for c, n in enumerate(counts) if n}


def _emit(core, codes, sink, counts):
    sink.write(core, codes)
    counts += np.bincount(codes.ravel(), minlength=256)


def _write_one(w: Window, out, valid, grid: Grid, lut, sink, conf_sink, counts, stitcher):
    r, c, h, wd = w.core
    rows0, cols0 = w.row.start, w.col.start
    sl = (slice(r - rows0, r - rows0 + h), slice(c - cols0, c - cols0 + wd))
    if stitcher is not None:
        for core, codes in stitcher.add(w, out, valid):
            _emit(core, codes, sink, counts)
    else:
        if out is None:
            codes = np.zeros((h, wd), np.uint8)
        else:
            codes = lut[out["labels"][sl]]
            codes[~valid[sl]] = 0
        _emit((r, c, h, wd), codes, sink, counts)
    if conf_sink is not None:
        if out is None:
            conf = np.zeros((h, wd), np.uint8)
        else:
            conf = np.clip(np.rint(out["confidence"][sl] * 255), 1, 255).astype(np.uint8)
            conf[~valid[sl]] = 0
        conf_sink.write((r, c, h, wd), conf)
