"""One segmentation run, for every model, from parameters to styled GeoTIFFs: check and plan
(``prepare``: bands by role, or a multi-source model's named inputs), open the model, stream the
tiles (stream.py), then commit each task's map, its style and the run's report.

The dock, Processing, the CLI and the benchmarks all call ``segment(params, progress, cancel)``.
"""
from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, replace

import numpy as np

from ..core.cancel import CancelToken
from ..core.errors import InputError
from ..labels.style import classes_for, sidecar_texts
from ..models.session import ModelInfo, Session, describe_model
from .checks import check_numbers, check_output_path, output_files
from .commit import OutputSet, check_free_space
from .footprint import footprints, tiles_over
from .modalities.named import NamedRun, prepare_named
from .modalities.values import check_values
from .params import SegmentParams, SegmentResult, TaskMap, confidence_path, report_path
from .plan import plan_grid
from .report import report_text
from .sink import GeoTiffSink, check_writable
from .sources import SourceError
from .stack import build_stack
from .stream import RunPlan, Sinks, run_stream

log = logging.getLogger(__name__)


@dataclass
class Prepared:
    """A run decided before a pixel is read, by ``prepare``: what ``segment`` and a block run
    (scale/) share, so that both check, plan and commit the same way, for every model."""

    info: ModelInfo
    run: RunPlan  # the stream's plan: grid, windows, tile, code tables, footprints, reader
    margin: int
    maps: list[TaskMap]  # one per task, class pixels still empty
    notes: list[str]
    report: str | None
    named: NamedRun | None = None  # a multi-source model's named inputs

    def files(self, output: str) -> list[str]:
        """Every file the run may write or replace, staged and swapped in together."""
        if self.named is None:
            return output_files(output)
        return [f for m in self.maps for f in (m.output, m.qml, m.output + ".aux.xml", confidence_path(m.output))
                ] + [report_path(output)]

    def stale(self, output: str) -> tuple[str, ...]:
        """An earlier run's confidence rasters or report beside the new maps would describe other maps."""
        return tuple(p for p in (*(confidence_path(m.output) for m in self.maps if m.confidence is None),
                                 *(() if self.report else (report_path(output),))))


def prepare(params: SegmentParams, info: ModelInfo | None = None) -> Prepared:
    """The checks made before a pixel is read (numbers, output paths, folder, model, inputs and
    their values) and the plan of the run, for any model: a single-source model's bands by role,
    or a multi-source model's named inputs (modalities/named.py)."""
    check_numbers(params.tile, params.margin, params.batch, params.resolution, params.threads)
    if params.stitch not in ("crop", "blend"):
        raise InputError.say("{stitch_option} must be crop or blend, not {stitch!r}", stitch=params.stitch,
                             stitch_option="--stitch")
    check_output_path(params.output, input_paths(params), params.model)
    check_writable(params.output)
    info = info or describe_model(params.model, params.overrides)  # any model: its graph kept for the session
    notes: list[str] = list(params.notes)
    report = report_path(params.output) if params.report else None
    if not info.card.is_multisource:
        if params.inputs:
            raise InputError.say("{name} is a single-source model: give its bands by role (R=FILE ...), not named "
                                 "inputs ({inputs})", name=os.path.basename(params.model),
                                 inputs=", ".join(params.inputs))
        plan, margin = plan_run(params, info, notes)
        card = plan.card
        m = TaskMap("", "land cover", params.output, confidence_path(params.output) if params.confidence else None,
                    os.path.splitext(params.output)[0] + ".qml", classes_for(card.class_names, params.lang))
        return Prepared(info, plan, margin, [m], notes, report)
    plan, maps, named = prepare_named(params, info.card, notes)
    for w in notes:
        log.warning(w)
    for target in [m for t in maps for m in (t.output, t.confidence)] + [report]:
        if target:  # never over an input, a sidecar of one, the model; a missing folder said before any tile
            check_output_path(target, named.files(), params.model)
            check_writable(target)
    return Prepared(info, plan, plan.card.margin, maps, notes, report, named)


def segment(
    params: SegmentParams,
    progress=None,
    cancel: CancelToken | None = None,
    info: ModelInfo | None = None,
) -> SegmentResult:
    """Run the model over its inputs and write one styled GeoTIFF per task (see module doc).

    ``info`` is the model as the caller already opened it (the dock reads it to show the card), so
    the file is parsed once per run; without it the model is read here.

    Before a pixel is read: the numbers, the output paths (never an input, a sidecar or the model),
    the folder, the model, each input's value range and the free space are checked (``prepare``).
    Every file of the run is staged under a hidden name and swapped in only once all are complete
    and read back (commit.py): a failure, a cancel or a signal leaves the previous files as they were.
    """
    t_start = time.perf_counter()
    prep = prepare(params, info)
    plan, info = prep.run, prep.info
    # every task's raster is the grid's size: the estimate of one, times the tasks
    check_free_space(params.output, plan.grid.width, plan.grid.height * len(prep.maps), params.confidence)
    session = Session(info, params.device, with_probs=params.stitch == "blend",
                      with_confidence=params.confidence, threads=params.threads)
    if prep.named is None:
        plan.batch = info.batch or params.batch or (4 if session.provider != "CPUExecutionProvider" else 1)
        fit_output(plan, session, info, prep.margin, params.stitch)
    log.info("segmenting %d tiles of %d px (margin %d) on %s", len(plan.windows), plan.tile, prep.margin,
             session.device_name)
    if prep.named is not None:
        reader = prep.named.reader()
        plan.open_reader = lambda: reader  # the dates it fed go to the report
    with OutputSet(prep.files(params.output), remove_on_commit=prep.stale(params.output)) as out:
        sinks = open_sinks(prep, out)
        try:
            stream = run_stream(plan, session, sinks, progress, cancel, params.confirm)
        except BaseException:
            discard_sinks(sinks)
            raise
        device = session.device_name
        # Free ONNX Runtime's weights and buffers before the overviews are built: that step's GDAL
        # block cache then adds to a small process, not to the peak of the inference.
        del session
        finish_sinks(sinks, {"FLAIR_MODEL": plan.card.name, "FLAIR_DEVICE": device})
        result = make_result(prep, params, stream.counts, device, len(plan.windows),
                             time.perf_counter() - t_start, stream.estimate,
                             None if prep.named is None else (reader.used, reader.counts))
        stage_the_rest(out, params, prep, result)
        out.commit()
    return result


def make_result(prep: Prepared, params: SegmentParams, task_counts: list[dict[int, int]], device: str, tiles: int,
                seconds: float, estimate=None, dates=None, cls=SegmentResult, **extra) -> SegmentResult:
    """The run's result from its plan and each task's pixel counts; ``dates``: (dates each series
    fed, how many per tile) of a multi-source run."""
    maps = [replace(m, class_pixels=dict(sorted(c.items()))) for m, c in zip(prep.maps, task_counts)]
    first, plan = maps[0], prep.run
    used, per_tile = dates or ({}, {})
    return cls(
        output=first.output, confidence=first.confidence, report=prep.report, qml=first.qml, grid=plan.grid,
        card=plan.card, device=device, tiles=tiles, seconds=seconds, class_pixels=first.class_pixels,
        stack=plan.stack.describe() if plan.stack is not None else {}, notes=prep.notes, estimate=estimate,
        lang=params.lang, maps=maps, inputs=prep.named.describe(used, per_tile) if prep.named else {},
        dates_used={k: sorted(v) for k, v in used.items()}, **extra)


def stage_the_rest(out: OutputSet, params: SegmentParams, prep: Prepared, result: SegmentResult) -> None:
    """Declare the finished rasters for verification and stage each map's style and PAM, and the
    report, beside them."""
    plan = prep.run
    if prep.named is None:
        check_not_empty(result.class_pixels, plan.stack)
    shape = (plan.grid.height, plan.grid.width)
    texts = {}
    for m in result.maps:
        out.expect_raster(m.output, shape, m.class_pixels)  # read back, pixel counts compared
        if m.confidence:
            out.expect_raster(m.confidence, shape)
        # a task's legend lists the model's own classes; a single-source map's, the classes present
        present = {c for c, n in m.class_pixels.items() if n and c != m.nodata} if not m.task else None
        texts.update(sidecar_texts(m.output, m.classes, present, params.lang))
    if result.report:
        texts[result.report] = report_text(result, params, plan.tile, prep.margin, plan.batch)
    for path, text in texts.items():
        out.write_text(path, text)


def check_not_empty(class_pixels: dict[int, int], stack) -> None:
    """A map with no classified pixel is no map: refused (nothing replaced) rather than written
    as a plausible, empty result."""
    if any(n for code, n in class_pixels.items() if code):
        return
    names = ", ".join(s.info.name for s in stack.sources)
    raise InputError.say("nothing to classify: every pixel of the area is nodata in at least one input ({names}: the "
                         "file's nodata value, NaN, or outside the file). Check the inputs' nodata values and that "
                         "they cover the same area; nothing was written or replaced.", names=names)


def sources_meet(plan: RunPlan) -> None:
    """Sources with no area in common give an empty map: refused before a tile runs, with their extents."""
    if plan.rects is None or plan.tiles_to_run or not plan.windows:
        return
    where = "; ".join(f"{s.info.name}: {tuple(round(v, 1) for v in s.info.bounds)}" for s in plan.stack.sources)
    raise SourceError.say("the inputs have no area in common over the output grid ({where}): an output pixel needs "
                          "every input; give inputs that overlap, or an {extent_option} where they do", where=where,
                          extent_option="--extent")


def input_paths(params: SegmentParams) -> list[str]:
    """The files of the sources (front ends' own sources, e.g. WMS layers, have none)."""
    return [p for p in {getattr(src, "path", None) for _, src, _ in params.sources} if isinstance(p, str)]


def plan_run(params: SegmentParams, info: ModelInfo, notes: list[str]) -> tuple[RunPlan, int]:
    card = info.card
    stack = build_stack(card, params.sources)
    warnings, stack.factors = check_values(card, stack, params.rescale)
    notes += warnings
    grid = plan_grid(params, card, stack, notes)
    tile = params.tile or info.height or card.tile
    margin = card.margin if params.margin is None else params.margin
    check_numbers(tile=tile, margin=margin)  # the card's, or one given against the card's
    if info.height and (tile != info.height or tile != info.width):
        raise InputError.say("this model only takes {height}x{width} tiles; use {tile_option:{height}}",
                             height=info.height, width=info.width, tile_option="--tile")
    lut = np.zeros(256, np.uint8)
    lut[: card.n_classes] = card.class_codes
    windows = grid.windows(tile, margin)
    rects = footprints(stack.sources, grid)
    plan = RunPlan(stack=stack, card=card, grid=grid, windows=windows, tile=tile, batch=1,
                   luts=[lut], stitch=params.stitch, polygons=params.polygons, rects=rects,
                   tiles_to_run=tiles_over(rects, windows, tile, grid),
                   tiles_total=len(windows))
    sources_meet(plan)
    return plan, margin


def fit_output(plan: RunPlan, session: Session, info: ModelInfo, margin: int, stitch: str) -> None:
    """Where the model's output sits in its tile. A model with valid convolutions gives less than
    its input (512 -> 484): the output is centred, and the margin must cover what is lost."""
    tile = plan.tile
    if info.same_size:
        return
    oh, ow = session.output_size(tile, len(plan.card.inputs))
    if (oh, ow) == (tile, tile):
        return
    name = os.path.basename(info.path)
    if oh > tile or ow > tile:
        raise InputError.say("{name} gives {oh} x {ow} px for a {tile} px tile; only outputs the size of the input or "
                             "smaller (valid convolutions) can be placed on the map", name=name, oh=oh, ow=ow,
                             tile=tile)
    need = max(tile - oh - (tile - oh) // 2, tile - ow - (tile - ow) // 2)
    if margin < need:
        raise InputError.say("{name} gives {oh} x {ow} px for a {tile} px tile ({need} px lost on each side), so the "
                             "margin ({margin_option:{margin}}) must be at least {need}: use {margin_option:{need}} or "
                             "more", name=name, oh=oh, ow=ow, tile=tile, need=need, margin=margin,
                             margin_option="--margin")
    if stitch == "blend":
        raise InputError.say("{name} gives less than its input ({oh} x {ow} px for {tile} px); {stitch_option:blend} "
                             "needs the whole tile: use {stitch_option:crop}", name=name, oh=oh, ow=ow, tile=tile,
                             stitch_option="--stitch")
    plan.out_size = (oh, ow)
    log.info("%s gives %d x %d px per %d px tile: centred, the margin covers the %d px lost", name, oh, ow,
             tile, need)


def open_sinks(prep: Prepared, out: OutputSet) -> list[Sinks]:
    """One labels sink per task (its own nodata and classes), and a confidence sink each if asked."""
    plan, tasks = prep.run, []
    try:
        for m in prep.maps:
            tasks.append(Sinks(GeoTiffSink(m.output, plan.grid, out.temp(m.output), m.nodata, m.classes,
                                           description=map_description(plan.card.name, m)), None, m.output))
            if m.confidence:
                tasks[-1].confidence = GeoTiffSink(m.confidence, plan.grid, out.temp(m.confidence),
                                                   description="max class probability x 255")
    except BaseException:
        discard_sinks(tasks)
        raise
    return tasks


def map_description(model: str, m: TaskMap) -> str:
    """What a map's raster says it holds (its DESCRIPTION)."""
    return f"FLAIR codes from {model}" if not m.task else f"{model}: {m.task}"


def discard_sinks(sinks: list[Sinks]) -> None:
    for task in sinks:
        task.labels.discard()
        if task.confidence is not None:
            task.confidence.discard()


def finish_sinks(sinks: list[Sinks], tags: dict) -> None:
    try:
        for task in sinks:
            task.labels.finish(tags)
            if task.confidence is not None:
                task.confidence.finish()
    except BaseException:
        discard_sinks(sinks)
        raise


__all__ = ["segment"]
