"""A run described by plain data, so it can travel to Dask workers, and its plan in blocks."""
from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, replace

from ..core.errors import FlairError
from ..core.grid import Grid
from ..models.card import ModelCard
from ..segment.params import ImageInput, SegmentParams, SeriesInput
from ..segment.pipeline import Prepared, prepare
from ..segment.sources import FileSource, RasterSource
from ..segment.stack import BandStack
from .blocks import DEFAULT_BLOCK, Block, plan_blocks


class ScaleError(FlairError, ValueError):
    """A block run cannot go on; says why and what to do (finished blocks are kept)."""


@dataclass
class ScaleJob:
    """The run's own ``SegmentParams`` (every source a file, no callback: what Dask workers can
    open) and how its blocks run. Every field of the run is the parameters' (``job.model``,
    ``job.output``...): nothing is copied field by field."""

    params: SegmentParams
    block: int = DEFAULT_BLOCK
    # how, not what: these change no pixel, so they are not part of the fingerprint
    readers: int = 0  # reader processes per worker (0: read in the worker's own thread)
    io_binding: bool | None = None  # None: on GPUs; True also on CPU (tests)

    def __getattr__(self, name: str):
        if name == "params":  # not yet set (unpickling)
            raise AttributeError(name)
        return getattr(self.params, name)

    def __setattr__(self, name: str, value) -> None:
        if name in ScaleJob.__dataclass_fields__:
            object.__setattr__(self, name, value)
        else:  # the run's own field
            setattr(self.params, name, value)

    @classmethod
    def from_params(cls, params: SegmentParams, block: int = DEFAULT_BLOCK, readers: int = 0,
                    io_binding: bool | None = None) -> ScaleJob:
        """The job of a pipeline run whose sources are all files (what Dask workers can open)."""
        if params.stitch != "crop":
            raise ScaleError.say("Dask runs crop tiles only; choose {stitch_option:crop}, or run without {workers_option}",
                                 stitch_option="--stitch", workers_option="--workers")
        given = [g for i in (params.inputs or {}).values() if isinstance(i, ImageInput) for g in i.given()
                 if isinstance(g, RasterSource)]  # a front end's web layer
        for src in [s for _, s, _ in params.sources] + given:
            if not isinstance(src, FileSource) or not getattr(src, "path", None):
                raise ScaleError.say("{name} is not a raster file, so Dask workers cannot read it; save it as a "
                                     "GeoTIFF first, or run without {workers_option}", name=src.info.name,
                                     workers_option="--workers")
        return cls(replace(params, confirm=None), block, readers, io_binding)

    @classmethod
    def of_files(cls, model: str, sources: list[tuple[str | None, str, int | None]], output: str, **kw) -> ScaleJob:
        """A job from file paths: ``sources`` as (role, path, band); ``kw`` any SegmentParams field, or
        block, readers, io_binding."""
        how = {k: kw.pop(k) for k in list(kw) if k in cls.__dataclass_fields__}
        opened: dict[str, FileSource] = {}
        for _, path, _ in sources:
            if path not in opened:
                opened[path] = FileSource(path)
        return cls.from_params(SegmentParams(model, [(r, opened[p], b) for r, p, b in sources], output, **kw), **how)

    def files(self) -> list[tuple[str | None, str, int | None]]:
        """(role, path, band) of each single-source band."""
        return [(role, src.path, band) for role, src, band in self.params.sources]

    def absolute(self) -> ScaleJob:
        """The job with every path absolute: workers resolve paths from their own working folder."""
        p, cache = self.params, {}
        for _, src, _ in p.sources:
            cache.setdefault(src.path, src if os.path.isabs(src.path) else FileSource(os.path.abspath(src.path)))
        inputs = None if p.inputs is None else {k: _absolute(v) for k, v in p.inputs.items()}
        return replace(self, params=replace(
            p, model=os.path.abspath(p.model), output=os.path.abspath(p.output), inputs=inputs,
            sources=[(role, cache[src.path], band) for role, src, band in p.sources]))

    def overrides_dict(self) -> dict | None:
        return None if self.overrides is None else {k: v for k, v in asdict(self.overrides).items() if v is not None}


def _absolute(given):
    def ab(path):  # a path, or a file a front end opened (FileSource)
        return os.path.abspath(path if isinstance(path, str) else path.path)

    if isinstance(given, ImageInput):
        return ImageInput(given.path and ab(given.path),
                          given.bands and {k: (ab(p), b) for k, (p, b) in given.bands.items()})
    if isinstance(given, SeriesInput):
        return SeriesInput(ab(given.path), given.dates and ab(given.dates), given.mask and ab(given.mask))
    return given


@dataclass
class Plan(Prepared):
    """What the run covers, worked out by the pipeline's own preparation (``pipeline.prepare``:
    the single-process run's plan, maps and named inputs), in blocks."""

    job: ScaleJob | None = None
    blocks: list[Block] = field(default_factory=list)

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

    def check_blocks(self) -> None:
        """Refuse a run whose tiles are moved off the regular windows (a series-only model's, inside
        its series), which blocks cannot follow."""
        if self.moved:
            raise ScaleError.say("{name} takes a series of any size, so its tiles here are moved inside the series "
                                 "instead of padded, which blocks cannot follow: run it without {workers_option}, "
                                 "{scheduler_option} or {block_option}", name=self.card.name,
                                 workers_option="--workers", scheduler_option="--scheduler", block_option="--block")

    @property
    def moved(self) -> bool:
        return self.run.windows != self.grid.windows(self.tile, self.margin)


def make_plan(job: ScaleJob) -> Plan:
    """The checks ``pipeline.segment`` makes before reading a pixel and its plan (``prepare``, for
    every model), in blocks."""
    if job.block < 1:
        raise ScaleError.say("{block_option:{block}}: the block size must be a positive number of pixels (default "
                             "{default})", block_option="--block", block=job.block, default=DEFAULT_BLOCK)
    prep = prepare(job.params)
    return Plan(**vars(prep), job=job, blocks=plan_blocks(prep.run.grid, prep.run.tile, prep.margin, job.block))
