"""One segmentation run, from parameters to a styled GeoTIFF: plan the grid and tiles, open the
model, stream the tiles (stream.py), then commit the output, its style and its report.

The dock, Processing, the CLI and the benchmarks all call ``segment(params, progress, cancel)``.
"""
from __future__ import annotations

import logging
import os
import time

import numpy as np

from ..core.cancel import CancelToken
from ..core.errors import InputError
from ..labels.style import classes_for, sidecar_texts
from ..models.session import ModelInfo, Session, read_model_info
from .checks import check_numbers, check_output_path, check_values, output_files
from .commit import OutputSet, check_free_space
from .footprint import footprints, touches
from .params import SegmentParams, SegmentResult, confidence_path, report_path
from .plan import plan_grid
from .report import report_text
from .sink import GeoTiffSink, check_writable
from .sources import SourceError
from .stack import build_stack
from .stream import RunPlan, Sinks, run_stream

log = logging.getLogger(__name__)


def segment(
    params: SegmentParams,
    progress=None,
    cancel: CancelToken | None = None,
    info: ModelInfo | None = None,
) -> SegmentResult:
    """Run the model over the sources and write the classified GeoTIFF (see module doc).

    ``info`` is the model as the caller already opened it (the dock reads it to show the card), so
    the file is parsed once per run; without it the model is read here.

    Before a pixel is read: the numbers, the output path (never an input, a sidecar or the model),
    the folder, the model, each input's value range and the free space are checked (checks.py).
    Every file of the run is staged under a hidden name and swapped in only once all are complete
    and read back (commit.py): a failure, a cancel or a signal leaves the previous files as they were.
    """
    t_start = time.perf_counter()
    check_numbers(params.tile, params.margin, params.batch, params.resolution, params.threads)
    check_output_path(params.output, input_paths(params), params.model)
    check_writable(params.output)
    info = info or read_model_info(params.model, params.overrides, keep_graph=True)
    notes: list[str] = []
    plan, margin = plan_run(params, info, notes)
    check_free_space(params.output, plan.grid.width, plan.grid.height, params.confidence)
    session = Session(info, params.device, with_probs=params.stitch == "blend",
                      with_confidence=params.confidence, threads=params.threads)
    plan.batch = info.batch or params.batch or (4 if session.provider != "CPUExecutionProvider" else 1)
    fit_output(plan, session, info, margin, params.stitch)
    log.info("segmenting %d tiles of %d px (margin %d) on %s", len(plan.windows), plan.tile, margin,
             session.device_name)
    conf_path = confidence_path(params.output)
    # an earlier run's confidence raster or report beside the new map would describe another map
    stale = tuple(p for p, made in ((conf_path, params.confidence), (report_path(params.output), params.report))
                  if not made)
    with OutputSet(output_files(params.output), remove_on_commit=stale) as out:
        sinks = open_sinks(params, plan, out)
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
        result = SegmentResult(
            output=params.output,
            confidence=conf_path if params.confidence else None,
            report=report_path(params.output) if params.report else None,
            qml=os.path.splitext(params.output)[0] + ".qml",
            grid=plan.grid,
            card=plan.card,
            device=device,
            tiles=len(plan.windows),
            seconds=time.perf_counter() - t_start,
            class_pixels=stream.counts,
            stack=plan.stack.describe(),
            notes=notes,
            estimate=stream.estimate,
            lang=params.lang,
        )
        stage_the_rest(out, params, plan, margin, result)
        out.commit()
    return result


def stage_the_rest(out: OutputSet, params: SegmentParams, plan: RunPlan, margin: int, result: SegmentResult) -> None:
    """Declare the finished rasters for verification and stage the style, PAM and report beside them."""
    check_not_empty(result.class_pixels, plan.stack)
    shape = (plan.grid.height, plan.grid.width)
    out.expect_raster(params.output, shape, result.class_pixels)
    if result.confidence:
        out.expect_raster(result.confidence, shape)
    present = {c for c, n in result.class_pixels.items() if n and c}
    texts = sidecar_texts(params.output, classes_for(plan.card.class_names, params.lang), present, params.lang)
    if result.report:
        texts[result.report] = report_text(result, params, plan.tile, margin, plan.batch)
    for path, text in texts.items():
        out.write_text(path, text)


def check_not_empty(class_pixels: dict[int, int], stack) -> None:
    """A map with no classified pixel is no map: refused (nothing replaced) rather than written
    as a plausible, empty result."""
    if any(n for code, n in class_pixels.items() if code):
        return
    names = ", ".join(s.info.name for s in stack.sources)
    raise InputError(
        f"nothing to classify: every pixel of the area is nodata in at least one input ({names}: the "
        "file's nodata value, NaN, or outside the file). Check the inputs' nodata values and that they "
        "cover the same area; nothing was written or replaced.")


def sources_meet(plan: RunPlan) -> None:
    """Sources with no area in common give an empty map: refused before a tile runs, with their extents."""
    if plan.rects is None or plan.tiles_to_run or not plan.windows:
        return
    where = "; ".join(f"{s.info.name} covers {tuple(round(v, 1) for v in s.info.bounds)}" for s in plan.stack.sources)
    raise SourceError(f"the inputs have no area in common over the output grid ({where}): an output pixel needs "
                      "every input; give inputs that overlap, or an --extent where they do")


def input_paths(params: SegmentParams) -> list[str]:
    """The files of the sources (front ends' own sources, e.g. WMS layers, have none)."""
    return [p for p in {getattr(src, "path", None) for _, src, _ in params.sources} if isinstance(p, str)]


def plan_run(params: SegmentParams, info: ModelInfo, notes: list[str]) -> tuple[RunPlan, int]:
    card = info.card
    stack = build_stack(card, params.sources)
    _check_values(params, card, stack, notes)
    grid = plan_grid(params, card, stack, notes)
    tile = params.tile or info.height or card.tile
    margin = card.margin if params.margin is None else params.margin
    check_numbers(tile=tile, margin=margin)  # the card's, or one given against the card's
    if info.height and (tile != info.height or tile != info.width):
        raise InputError(f"this model only takes {info.height}x{info.width} tiles; use --tile {info.height}")
    if params.stitch not in ("crop", "blend"):
        raise InputError(f"stitch must be crop or blend, not {params.stitch!r}")
    lut = np.zeros(256, np.uint8)
    lut[: card.n_classes] = card.class_codes
    windows = grid.windows(tile, margin)
    rects = footprints(stack.sources, grid)
    plan = RunPlan(stack=stack, card=card, grid=grid, windows=windows, tile=tile, batch=1,
                   lut=lut, stitch=params.stitch, polygons=params.polygons, rects=rects,
                   tiles_to_run=sum(1 for w in windows if touches(rects, *_extent(w, tile, grid))),
                   tiles_total=len(windows))
    sources_meet(plan)
    return plan, margin


def _extent(w, tile: int, grid) -> tuple[tuple[int, int], tuple[int, int]]:
    return ((w.row.start, min(w.row.start + tile, grid.height)), (w.col.start, min(w.col.start + tile, grid.width)))


def _check_values(params: SegmentParams, card, stack, notes: list[str]) -> None:
    """Each role's values against what the card expects (checks.check_values): refused, or
    rescaled when the user asked (the factor goes to the stack reader)."""
    encodings = {i.role: i.encoding for i in card.inputs}
    for role, b in stack.roles.items():
        src = stack.sources[b.source]
        path = getattr(src, "path", None)
        if (role not in encodings and role not in ("DSM", "DTM")) or not isinstance(path, str):
            continue  # front ends' own sources are checked by them
        label = f"{role}: {path} band {b.band}"
        factor = check_values(label, path, b.band, role, encodings.get(role, "float32"), params.rescale)
        if factor != 1.0:
            stack.factors[role] = factor
            notes.append(f"{label} rescaled to 0..255 (x {factor:.6g}) as asked (--rescale)")


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
        raise InputError(f"{name} gives {oh} x {ow} px for a {tile} px tile; only outputs the size of the "
                         "input or smaller (valid convolutions) can be placed on the map")
    need = max(tile - oh - (tile - oh) // 2, tile - ow - (tile - ow) // 2)
    if margin < need:
        raise InputError(f"{name} gives {oh} x {ow} px for a {tile} px tile ({need} px lost on each side), "
                         f"so the margin (--margin {margin}) must be at least {need}: use --margin {need} or more")
    if stitch == "blend":
        raise InputError(f"{name} gives less than its input ({oh} x {ow} px for {tile} px); --stitch blend "
                         "needs the whole tile: use --stitch crop")
    plan.out_size = (oh, ow)
    log.info("%s gives %d x %d px per %d px tile: centred, the margin covers the %d px lost", name, oh, ow,
             tile, need)


def open_sinks(params: SegmentParams, plan: RunPlan, out: OutputSet) -> Sinks:
    labels = GeoTiffSink(params.output, plan.grid, out.temp(params.output),
                         classes=classes_for(plan.card.class_names, params.lang),
                         description=f"FLAIR codes from {plan.card.name}")
    conf = None
    if params.confidence:
        try:
            path = confidence_path(params.output)
            conf = GeoTiffSink(path, plan.grid, out.temp(path), description="max class probability x 255")
        except BaseException:
            labels.discard()
            raise
    return Sinks(labels, conf, params.output)


def discard_sinks(sinks: Sinks) -> None:
    for task in sinks.tasks():
        task.labels.discard()
        if task.confidence is not None:
            task.confidence.discard()


def finish_sinks(sinks: Sinks, tags: dict) -> None:
    try:
        for task in sinks.tasks():
            task.labels.finish(tags)
            if task.confidence is not None:
                task.confidence.finish()
    except BaseException:
        discard_sinks(sinks)
        raise


__all__ = ["segment"]
