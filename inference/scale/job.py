"""A run described by plain data (so it can travel to Dask workers), and one block of it run
into a file with the pipeline's own reader, session and code mapping."""
from __future__ import annotations

import json
import os
import socket
import tempfile
import time
from dataclasses import asdict, dataclass, replace

import numpy as np

from ..core.cancel import CancelToken
from ..core.errors import FlairError
from ..core.grid import Grid
from ..models.card import CardOverrides, ModelCard
from ..models.session import ModelInfo, Session, available_providers, read_model_info
from ..segment.checks import check_numbers, check_output_path
from ..segment.params import SegmentParams
from ..segment.pipeline import _fit_output, _input_paths, _plan
from ..segment.sink import check_writable
from ..segment.sources import FileSource
from ..segment.stack import BandStack
from ..segment.stream import RunPlan, Sinks, run_stream
from .blocks import DEFAULT_BLOCK, Block, plan_blocks


class ScaleError(FlairError, ValueError):
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
    rescale: bool = False
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
                   threads=params.threads, polygons=params.polygons, block=block, report=params.report,
                   rescale=params.rescale)

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
            device=self.device, threads=self.threads, polygons=self.polygons, report=self.report,
            rescale=self.rescale,
        )

    def overrides_dict(self) -> dict | None:
        return None if self.overrides is None else {k: v for k, v in asdict(self.overrides).items() if v is not None}


@dataclass
class Plan:
    """What the run covers, worked out by the pipeline's own planning (``pipeline._plan``)."""

    job: ScaleJob
    params: SegmentParams
    info: ModelInfo
    run: RunPlan  # the single-process run's plan: grid, windows, tile, code table, footprints
    margin: int
    blocks: list[Block]
    notes: list[str]

    @property
    def card(self) -> ModelCard:
        return self.run.card

    @property
    def stack(self) -> BandStack:
        return self.run.stack

    @property
    def grid(self) -> Grid:
        return self.run.grid

    @property
    def tile(self) -> int:
        return self.run.tile


def make_plan(job: ScaleJob) -> Plan:
    """The checks ``pipeline.segment`` makes before reading a pixel, then its plan, in blocks."""
    params = job.params()
    check_numbers(params.tile, params.margin, params.batch, params.resolution, params.threads)
    check_output_path(params.output, _input_paths(params), params.model)
    check_writable(params.output)
    info = read_model_info(job.model, job.overrides, keep_graph=True)
    notes: list[str] = []
    run, margin = _plan(params, info, notes)
    return Plan(job, params, info, run, margin, plan_blocks(run.grid, run.tile, margin, job.block), notes)


class _ArraySink:
    """The stream's sink for one block: its core as an array."""

    def __init__(self, block: Block):
        self.r, self.c, h, w = block.core
        self.array = np.zeros((h, w), np.uint8)

    def write(self, core, array) -> None:
        r, c, h, w = core
        self.array[r - self.r : r - self.r + h, c - self.c : c - self.c + w] = array


class BlockRunner:
    """One process's session for a plan; ``run(block)`` streams the block's windows through the
    pipeline's own reader, session and writer (``stream.run_stream``) and writes the block's file."""

    def __init__(self, plan: Plan, threads: int | None = None):
        from .device import GPU, BoundRunner, tensorrt_providers, tune_batch

        self.plan = plan
        job = plan.job
        providers = None
        if job.device in ("auto", "cuda"):
            available = available_providers()
            if "TensorrtExecutionProvider" in available and "CUDAExecutionProvider" in available:
                providers = tensorrt_providers(job.model, available)
        self.session = Session(plan.info, job.device, with_confidence=job.confidence,
                               threads=job.threads if threads is None else threads, providers=providers)
        on_gpu = self.session.provider in GPU
        bound = job.io_binding if job.io_binding is not None else on_gpu
        self.runner = BoundRunner(self.session) if bound else self.session
        run = plan.run
        if plan.info.batch:
            run.batch = plan.info.batch
        elif job.batch:
            run.batch = job.batch
        else:
            run.batch = tune_batch(self.runner.run, len(plan.card.inputs), run.tile) if on_gpu else 1
        _fit_output(run, self.session, plan.info, plan.margin, "crop")
        self.feed = None
        if job.readers:
            from .feed import ProcessFeed

            self.feed = ProcessFeed(job, job.readers)

    @property
    def batch(self) -> int:
        return self.plan.run.batch

    def close(self) -> None:
        if self.feed is not None:
            self.feed.close()

    def run(self, block: Block, path: str, cancel: CancelToken | None = None, on_tiles=None) -> dict:
        """Segment ``block`` into the GeoTIFF ``path`` (written whole or not at all); its statistics."""
        t0 = time.perf_counter()
        plan = self.plan
        run = replace(plan.run, windows=block.windows)
        if self.feed is not None:
            run.open_reader = lambda: self.feed.reader(block.windows, run.tile, run.grid)
        labels = _ArraySink(block)
        conf = _ArraySink(block) if plan.job.confidence else None
        seen = [0]

        def progress(p):
            if on_tiles is not None:
                on_tiles(p.done - seen[0])
            seen[0] = p.done

        counts = run_stream(run, self.runner, Sinks(labels, conf, plan.job.output), progress, cancel).counts
        stats = {
            "block": block.index,
            "tiles": block.tiles,
            "seconds": round(time.perf_counter() - t0, 3),
            "worker": worker_name(),
            "device": self.session.device_name,
            "batch": run.batch,
            "counts": {str(k): int(n) for k, n in counts.items() if n},
        }
        write_block(path, plan.grid, block, labels.array, None if conf is None else conf.array, stats)
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
