"""A run described by plain data (so it can travel to Dask workers), and one block of it run
into a file with the pipeline's own reader, session and code mapping."""
from __future__ import annotations

import json
import os
import socket
import tempfile
import time
from dataclasses import asdict, dataclass

import numpy as np

from ..core.grid import Grid
from ..models.card import CardOverrides, ModelCard
from ..models.session import ModelInfo, Session, available_providers, read_model_info
from ..segment.pipeline import Cancelled, CancelToken, SegmentParams, _region_mask, plan_grid
from ..segment.sources import FileSource
from ..segment.stack import BandStack, StackReader, build_stack
from .blocks import DEFAULT_BLOCK, Block, plan_blocks


class ScaleError(ValueError):
    """A block run cannot go on; says why and what to do (finished blocks are kept)."""


@dataclass
class ScaleJob:
    model: str
    sources: list[tuple[str | None, str, int | None]]  # (role|None, path, band|None): files only
    output: str
    overrides: CardOverrides | None = None
    tile: int | None = None
    margin: int | None = None
    batch: int | None = None
    resolution: float | None = None
    extent: tuple[float, float, float, float] | None = None
    crs: str | None = None
    confidence: bool = False
    device: str = "auto"
    threads: int = 0
    polygons: list[dict] | None = None
    block: int = DEFAULT_BLOCK
    report: bool = True
    # how, not what: these change no pixel, so they are not part of the fingerprint
    readers: int = 0  # reader processes per worker (0: read in the worker's own thread)
    io_binding: bool | None = None  # None: on GPUs; True also on CPU (tests)

    @classmethod
    def from_params(cls, params: SegmentParams, block: int = DEFAULT_BLOCK) -> ScaleJob:
        """The job of a pipeline run whose sources are all files (what Dask workers can open)."""
        if params.stitch != "crop":
            raise ScaleError("Dask runs crop tiles only; choose the crop stitching, or run in QGIS's process")
        sources = []
        for role, src, band in params.sources:
            path = getattr(src, "path", None)
            if not isinstance(src, FileSource) or not path:
                raise ScaleError(f"{src.info.name} is not a raster file, so Dask workers cannot read it; "
                                 "save it as a GeoTIFF first, or run in QGIS's process")
            sources.append((role, path, band))
        return cls(model=params.model, sources=sources, output=params.output, overrides=params.overrides,
                   tile=params.tile, margin=params.margin, batch=params.batch, resolution=params.resolution,
                   extent=params.extent, crs=params.crs, confidence=params.confidence, device=params.device,
                   threads=params.threads, polygons=params.polygons, block=block, report=params.report)

    def params(self) -> SegmentParams:
        cache: dict[str, FileSource] = {}
        entries = []
        for role, path, band in self.sources:
            if path not in cache:
                cache[path] = FileSource(path)
            entries.append((role, cache[path], band))
        return SegmentParams(
            model=self.model, sources=entries, output=self.output, overrides=self.overrides,
            tile=self.tile, margin=self.margin, batch=self.batch, resolution=self.resolution,
            extent=self.extent, crs=self.crs, stitch="crop", confidence=self.confidence,
            device=self.device, threads=self.threads, polygons=self.polygons,
        )

    def overrides_dict(self) -> dict | None:
        return None if self.overrides is None else {k: v for k, v in asdict(self.overrides).items() if v is not None}


@dataclass
class Plan:
    """What the run covers, worked out the way ``pipeline.segment`` does it."""

    job: ScaleJob
    params: SegmentParams
    info: ModelInfo
    card: ModelCard
    stack: BandStack
    grid: Grid
    tile: int
    margin: int
    blocks: list[Block]


def make_plan(job: ScaleJob) -> Plan:
    params = job.params()
    info = read_model_info(job.model, job.overrides, keep_graph=True)
    card = info.card
    stack = build_stack(card, params.sources)
    grid = plan_grid(params, card, stack)
    tile = job.tile or info.height or card.tile
    margin = card.margin if job.margin is None else job.margin
    if info.height and (tile != info.height or tile != info.width):
        raise ValueError(f"this model only takes {info.height}x{info.width} tiles; use --tile {info.height}")
    return Plan(job, params, info, card, stack, grid, tile, margin, plan_blocks(grid, tile, margin, job.block))


class BlockRunner:
    """One process's session and reader for a plan; ``run(block)`` writes the block's file."""

    def __init__(self, plan: Plan, threads: int | None = None):
        self.plan = plan
        job = plan.job
        from .device import GPU, BoundRunner, tensorrt_providers, tune_batch

        providers = None
        if job.device in ("auto", "cuda"):
            available = available_providers()
            if "TensorrtExecutionProvider" in available and "CUDAExecutionProvider" in available:
                providers = tensorrt_providers(job.model, available)
        self.session = Session(plan.info, job.device, with_confidence=job.confidence,
                               threads=job.threads if threads is None else threads, providers=providers)
        on_gpu = self.session.provider in GPU
        bound = job.io_binding if job.io_binding is not None else on_gpu
        self._infer = BoundRunner(self.session).run if bound else self.session.run
        if plan.info.batch:
            self.batch = plan.info.batch
        elif job.batch:
            self.batch = job.batch
        else:
            self.batch = tune_batch(self._infer, len(plan.card.inputs), plan.tile) if on_gpu else 1
        self.lut = np.zeros(256, np.uint8)
        self.lut[: plan.card.n_classes] = plan.card.class_codes
        self.feed = None
        self.reader = None
        if job.readers:
            from .feed import ProcessFeed

            self.feed = ProcessFeed(job, job.readers)
        else:
            self.reader = StackReader(plan.stack, plan.card, plan.grid)

    def close(self) -> None:
        if self.reader is not None:
            self.reader.close()
        if self.feed is not None:
            self.feed.close()

    def _tiles(self, windows):
        """(window, rows, cols, x, valid) for each window, read here or by the reader processes."""
        grid, tile = self.plan.grid, self.plan.tile
        spans = [((w.row.start, min(w.row.start + tile, grid.height)), (w.col.start, min(w.col.start + tile, grid.width)))
                 for w in windows]
        if self.feed is not None:
            for w, (rows, cols), (x, valid) in zip(windows, spans, self.feed.read(spans)):
                yield w, rows, cols, x, valid
            return
        for w, (rows, cols) in zip(windows, spans):
            x, valid = self.reader.read(rows, cols)
            if self.plan.job.polygons:
                valid &= _region_mask(self.plan.job.polygons, grid, rows, cols)
            yield w, rows, cols, x, valid

    def run(self, block: Block, path: str, cancel: CancelToken | None = None, on_tiles=None) -> dict:
        """Segment ``block`` into the GeoTIFF ``path`` (written whole or not at all); its statistics."""
        t0 = time.perf_counter()
        plan, grid, tile = self.plan, self.plan.grid, self.plan.tile
        br, bc, bh, bw = block.core
        codes = np.zeros((bh, bw), np.uint8)
        conf = np.zeros((bh, bw), np.uint8) if plan.job.confidence else None
        pending: list = []

        def flush():
            run_items = [t for t in pending if t[1] is not None]
            if run_items:
                x = run_items[0][1][None] if len(run_items) == 1 else np.stack([t[1] for t in run_items])
                if x.shape[0] < self.batch and plan.info.batch:
                    x = np.concatenate([x, np.zeros((self.batch - x.shape[0],) + x.shape[1:], x.dtype)])
                outs = self._infer(x)
            k = 0
            for w, xin, valid in pending:
                r, c, h, wd = w.core
                sl = (slice(r - w.row.start, r - w.row.start + h), slice(c - w.col.start, c - w.col.start + wd))
                dst = (slice(r - br, r - br + h), slice(c - bc, c - bc + wd))
                if xin is None:
                    continue  # stays nodata
                v = valid[sl]
                out = self.lut[outs["labels"][k][sl]]
                out[~v] = 0
                codes[dst] = out
                if conf is not None:
                    cf = np.clip(np.rint(outs["confidence"][k][sl] * 255), 1, 255).astype(np.uint8)
                    cf[~v] = 0
                    conf[dst] = cf
                k += 1
            if on_tiles is not None:
                on_tiles(len(pending))
            pending.clear()

        for w, rows, cols, x, valid in self._tiles(block.windows):
            if cancel is not None and cancel.cancelled:
                raise Cancelled("cancelled")
            r, c, h, wd = w.core
            if not valid[r - rows[0] : r - rows[0] + h, c - cols[0] : c - cols[0] + wd].any():
                pending.append((w, None, valid))
            else:
                if x.shape[1] < tile or x.shape[2] < tile:
                    x = np.pad(x, ((0, 0), (0, tile - x.shape[1]), (0, tile - x.shape[2])))
                pending.append((w, x, valid))
            if sum(1 for t in pending if t[1] is not None) == self.batch:
                flush()
        if pending:
            flush()
        counts = np.bincount(codes.ravel(), minlength=256)
        stats = {
            "block": block.index,
            "tiles": block.tiles,
            "seconds": round(time.perf_counter() - t0, 3),
            "worker": worker_name(),
            "device": self.session.device_name,
            "batch": self.batch,
            "counts": {str(i): int(n) for i, n in enumerate(counts) if n},
        }
        write_block(path, grid, block, codes, conf, stats)
        return stats


def worker_name() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):  # not inside a Dask worker
        return f"{socket.gethostname()} pid {os.getpid()}"


def write_block(path: str, grid: Grid, block: Block, codes: np.ndarray, conf, stats: dict) -> None:
    """A georeferenced GeoTIFF of the block's codes (and confidence), statistics in its tags."""
    import rasterio
    from affine import Affine

    r, c, h, w = block.core
    folder = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".tif", dir=folder)
    os.close(fd)
    try:
        with rasterio.open(
            tmp, "w", driver="GTiff", width=w, height=h, count=1 if conf is None else 2, dtype="uint8",
            crs=grid.crs or None, transform=grid.transform * Affine.translation(c, r), nodata=0,
            compress="deflate", tiled=w >= 256 and h >= 256,
        ) as ds:
            ds.write(codes, 1)
            if conf is not None:
                ds.write(conf, 2)
            ds.update_tags(FLAIR_BLOCK=json.dumps(stats))
        os.replace(tmp, path)
    except BaseException:
        try:
            os.remove(tmp)
        except FileNotFoundError:
            pass
        raise


def read_block_stats(path: str) -> dict | None:
    """The statistics of a finished block file, or None if it is not a readable block."""
    import rasterio
    from rasterio.errors import RasterioIOError

    try:
        with rasterio.open(path) as ds:
            return json.loads(ds.tags().get("FLAIR_BLOCK", "null"))
    except (RasterioIOError, json.JSONDecodeError):
        return None
