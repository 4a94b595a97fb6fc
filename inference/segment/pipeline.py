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
from ..labels.style import classes_for, write_sidecars
from ..models.session import ModelInfo, Session, read_model_info
from .params import SegmentParams, SegmentResult, confidence_path
from .plan import plan_grid
from .report import write_report
from .sink import GeoTiffSink, check_writable
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
    """
    t_start = time.perf_counter()
    info = info or read_model_info(params.model, params.overrides, keep_graph=True)
    plan, margin = _plan(params, info)
    check_writable(params.output)
    session = Session(info, params.device, with_probs=params.stitch == "blend",
                      with_confidence=params.confidence, threads=params.threads)
    plan.batch = info.batch or params.batch or (4 if session.provider != "CPUExecutionProvider" else 1)
    log.info("segmenting %d tiles of %d px (margin %d) on %s", len(plan.windows), plan.tile, margin,
             session.device_name)
    sinks = _open_sinks(params, plan)
    try:
        counts = run_stream(plan, session, sinks, progress, cancel)
    except BaseException:
        _discard(sinks)
        raise
    device = session.device_name
    # Free ONNX Runtime's weights and buffers before the overviews are built: that step's GDAL
    # block cache then adds to a small process, not to the peak of the inference.
    del session
    _commit(params, sinks, {"FLAIR_MODEL": plan.card.name, "FLAIR_DEVICE": device})
    present = {c for c, n in counts.items() if n and c}
    result = SegmentResult(
        output=params.output,
        confidence=confidence_path(params.output) if params.confidence else None,
        report=None,
        qml=write_sidecars(params.output, classes_for(plan.card.class_names), present),
        grid=plan.grid,
        card=plan.card,
        device=device,
        tiles=len(plan.windows),
        seconds=time.perf_counter() - t_start,
        class_pixels=counts,
        stack=plan.stack.describe(),
    )
    if params.report:
        result.report = write_report(result, params, plan.tile, margin, plan.batch)
    return result


def _plan(params: SegmentParams, info: ModelInfo) -> tuple[RunPlan, int]:
    card = info.card
    stack = build_stack(card, params.sources)
    grid = plan_grid(params, card, stack)
    tile = params.tile or info.height or card.tile
    margin = card.margin if params.margin is None else params.margin
    if info.height and (tile != info.height or tile != info.width):
        raise InputError(f"this model only takes {info.height}x{info.width} tiles; use --tile {info.height}")
    if params.stitch not in ("crop", "blend"):
        raise InputError(f"stitch must be crop or blend, not {params.stitch!r}")
    lut = np.zeros(256, np.uint8)
    lut[: card.n_classes] = card.class_codes
    plan = RunPlan(stack=stack, card=card, grid=grid, windows=grid.windows(tile, margin), tile=tile, batch=1,
                   lut=lut, stitch=params.stitch, polygons=params.polygons)
    return plan, margin


def _open_sinks(params: SegmentParams, plan: RunPlan) -> Sinks:
    labels = GeoTiffSink(params.output, plan.grid, classes=classes_for(plan.card.class_names),
                         description=f"FLAIR codes from {plan.card.name}")
    conf = None
    if params.confidence:
        try:
            conf = GeoTiffSink(confidence_path(params.output), plan.grid, description="max class probability x 255")
        except BaseException:
            labels.discard()
            raise
    return Sinks(labels, conf, params.output)


def _discard(sinks: Sinks) -> None:
    sinks.labels.discard()
    if sinks.confidence is not None:
        sinks.confidence.discard()


def _commit(params: SegmentParams, sinks: Sinks, tags: dict) -> None:
    try:
        sinks.labels.commit(tags)
        if sinks.confidence is not None:
            sinks.confidence.commit()
    except BaseException:
        for p in (params.output, confidence_path(params.output)):
            if sinks.confidence is not None or p == params.output:
                _remove(p)
        raise


def _remove(path: str) -> None:
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


__all__ = ["segment"]
