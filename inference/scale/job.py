"""A run described by plain data, so it can travel to Dask workers, and its plan in blocks."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..core.errors import FlairError
from ..core.grid import Grid
from ..models.card import CardOverrides, ModelCard
from ..models.session import ModelInfo, read_model_info
from ..segment.checks import check_numbers, check_output_path
from ..segment.modalities.run import MultiPlan, prepare_multisource
from ..segment.params import SegmentParams
from ..segment.pipeline import input_paths, plan_run
from ..segment.sink import check_writable
from ..segment.sources import FileSource
from ..segment.stack import BandStack
from ..segment.stream import RunPlan
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
    # a multi-source model: its named inputs ({modality: {"path"|"dates"|"mask"|band: value}, "META": {...}})
    # instead of ``sources``, and how its series are read
    named: dict[str, dict] | None = None
    ts_filter: str = "auto"
    ts_average: str = "none"
    lang: str = "en"
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
    """What the run covers, worked out by the pipeline's own planning (``pipeline.plan_run``)."""

    job: ScaleJob
    params: SegmentParams
    info: ModelInfo
    run: RunPlan  # the single-process run's plan: grid, windows, tile, code table, footprints
    margin: int
    blocks: list[Block]
    notes: list[str]
    multi: MultiPlan | None = field(default=None, repr=False)  # a multi-source model's run

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
    """The checks ``pipeline.segment`` (or ``run_multisource``) makes before reading a pixel, then
    its plan, in blocks."""
    if job.block < 1:
        raise ScaleError(f"--block {job.block}: the block size must be a positive number of pixels "
                         f"(default {DEFAULT_BLOCK})")
    if job.named is not None:
        mp = prepare_multisource(job.model, job.named, job.output, ts_filter=job.ts_filter,
                                 ts_average=job.ts_average, extent=job.extent, confidence=job.confidence,
                                 lang=job.lang, say=lambda _: None)
        if mp.run.windows != mp.grid.windows(mp.run.tile, mp.card.margin):
            raise ScaleError(f"{mp.card.name} takes a series of any size, so its tiles here are moved inside the "
                             "series instead of padded, which blocks cannot follow: run it without --workers, "
                             "--scheduler or --block")
        return Plan(job, None, mp.info, mp.run, mp.card.margin,
                    plan_blocks(mp.grid, mp.run.tile, mp.card.margin, job.block), mp.warnings, mp)
    params = job.params()
    check_numbers(params.tile, params.margin, params.batch, params.resolution, params.threads)
    check_output_path(params.output, input_paths(params), params.model)
    check_writable(params.output)
    info = read_model_info(job.model, job.overrides, keep_graph=True)
    notes: list[str] = []
    run, margin = plan_run(params, info, notes)
    return Plan(job, params, info, run, margin, plan_blocks(run.grid, run.tile, margin, job.block), notes)
