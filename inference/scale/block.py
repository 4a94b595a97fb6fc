"""One block of a run, segmented into its own GeoTIFF with the pipeline's own reader, session and
code mapping, and the statistics kept in that file's tags."""
from __future__ import annotations

import json
import multiprocessing
import os
import socket
import tempfile
import time
from dataclasses import replace

import numpy as np

from ..core.cancel import CancelToken
from ..core.grid import Grid
from ..models.session import Session, available_providers
from ..segment.pipeline import fit_output
from ..segment.stream import Sinks, run_stream
from .blocks import Block
from .device import GPU, BoundRunner, tensorrt_providers, tune_batch
from .feed import ProcessFeed
from .job import Plan, ScaleError


def _array_sinks(plan: Plan, block: Block) -> list[Sinks]:
    """One array per task (and its confidence when asked), in the order the block file stores them."""
    return [Sinks(_ArraySink(block), _ArraySink(block) if plan.job.confidence else None, plan.job.output)
            for _ in plan.maps]


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
        if plan.named is not None:
            run.batch = 1  # each tile keeps its own dates: one tile per call, as in segment()
        elif plan.info.batch:
            run.batch = plan.info.batch
        elif job.batch:
            run.batch = job.batch
        else:
            run.batch = tune_batch(self.runner.run, len(plan.card.inputs), run.tile) if on_gpu else 1
        fit_output(run, self.session, plan.info, plan.margin, "crop")
        self.feed = None
        if job.readers:
            if multiprocessing.current_process().daemon:
                raise ScaleError.say("--readers cannot start reader processes inside this Dask worker (its process "
                                     "is daemonic): start the workers with the Dask setting "
                                     "distributed.worker.daemon: false, or drop --readers")
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
        reader = plan.named.reader() if plan.named is not None else None  # it counts the dates fed
        if self.feed is not None:
            run.open_reader = lambda: self.feed.reader(block.windows, run.tile, run.grid, reader and reader.note)
        elif reader is not None:
            run.open_reader = lambda: reader
        sinks = _array_sinks(plan, block)
        seen = [0]

        def progress(p):
            if on_tiles is not None:
                on_tiles(p.done - seen[0])
            seen[0] = p.done

        done = run_stream(run, self.runner, sinks, progress, cancel)
        stats = {
            "block": block.index,
            "tiles": block.tiles,
            "seconds": round(time.perf_counter() - t0, 3),
            "worker": worker_name(),
            "device": self.session.device_name,
            "batch": run.batch,
            "counts": [{str(k): int(n) for k, n in c.items()} for c in done.counts],  # per task
        }
        if reader is not None:  # what the run's report says of a multi-source run, per block
            stats["dates"] = {k: sorted(d.isoformat() for d in v) for k, v in reader.used.items()}
            stats["dates_per_tile"] = reader.counts
        arrays = [s.array for t in sinks for s in (t.labels, t.confidence) if s is not None]
        write_block(path, plan.grid, block, arrays, stats)
        return stats


def worker_name() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):  # not inside a Dask worker
        return f"{socket.gethostname()} pid {os.getpid()}"


def write_block(path: str, grid: Grid, block: Block, bands: list[np.ndarray], stats: dict) -> None:
    """A georeferenced GeoTIFF of the block's codes (and confidence; per task for a multi-task
    model), statistics in its tags."""
    import rasterio
    from affine import Affine

    r, c, h, w = block.core
    folder = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".tif", dir=folder)
    os.close(fd)
    try:
        with rasterio.open(
            tmp, "w", driver="GTiff", width=w, height=h, count=len(bands), dtype="uint8",
            crs=grid.crs or None, transform=grid.transform * Affine.translation(c, r), nodata=0,
            compress="deflate", tiled=w >= 256 and h >= 256,
        ) as ds:
            for i, band in enumerate(bands, 1):
                ds.write(band, i)
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
