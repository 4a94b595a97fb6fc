"""The background task that runs the engine (DESIGN.md's QGIS rules 1-4), for every model.

The caller builds ``SegmentParams`` in the main thread (``request.build_params``: provider
clones and files only), the task runs ``inference.segment.pipeline.segment`` in a worker thread
and ``finished()`` (main thread) hands a plain ``Outcome`` to a callback before QGIS deletes the
task object (the skeleton: ``base.FlairTask``). The task itself never touches layers or the
project. With ``polygons`` it then vectorises each map it wrote (``inference/vector``): the maps
are kept whatever happens to the polygons, which fail or are cancelled on their own.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from qgis.PyQt.QtCore import pyqtSignal

from ...inference.core.cancel import Cancelled, CancelToken
from ...inference.core.errors import FlairError
from ...inference.models.session import ModelInfo
from ...inference.segment.params import Progress, SegmentParams, SegmentResult
from ...inference.segment.pipeline import segment
from ..errors import user_message
from .base import FlairTask


@dataclass
class Outcome:
    """How a run ended: exactly one of result / error / cancelled."""

    params: SegmentParams
    result: SegmentResult | None = None
    error: str | None = None
    details: str | None = None  # traceback for the message log
    cancelled: bool = False
    polygons: list = field(default_factory=list)  # inference.vector.run.VectorResult, one per map
    polygons_error: str | None = None  # the maps are there, their polygons are not (why)

    @property
    def ok(self) -> bool:
        return self.result is not None


@dataclass
class PolygonsRequest:
    """"Also write polygons": where, and the minimum mapping unit (None: the default)."""

    output: str
    mmu_m2: float | None = None


def polygons_path(output: str) -> str:
    """The polygons written beside a map: OUT.tif -> OUT.gpkg."""
    return os.path.splitext(output)[0] + ".gpkg"


def write_polygons(result: SegmentResult, params: SegmentParams, polygons: PolygonsRequest, progress,
                   cancel: CancelToken) -> list:
    """Each map of ``result`` as a GeoPackage of polygons, vectorised in a child Python (QGIS holds
    another GEOS): ``polygons.output`` for a run with one map; with several, one each, named with
    the map's own suffix (OUT_lpis.gpkg for run_lpis.tif)."""
    from ...inference.vector.child import vectorize_in_child as vectorize
    from ...inference.vector.run import VectorParams

    stem, base = os.path.splitext(polygons.output)[0], os.path.splitext(params.output)[0]
    done = []
    for m in result.maps:
        own = os.path.splitext(m.output)[0]
        path = polygons.output if len(result.maps) == 1 else (
            stem + (own[len(base):] if own.startswith(base) else f"_{m.task}") + ".gpkg")
        done.append(vectorize(VectorParams(labels=m.output, output=path, mmu_m2=polygons.mmu_m2,
                                           encoding=None if m.task else "flair19", confidence=m.confidence,
                                           lang=params.lang), progress=progress, cancel=cancel))
    return done


class SegmentTask(FlairTask):
    # Emitted from the worker with an inference.segment.pipeline.Progress; Qt queues it to the main thread.
    progress_info = pyqtSignal(object)
    cancel_errors = (Cancelled,)

    def __init__(self, params: SegmentParams, on_finished, description: str = "Segment with FLAIR",
                 info: ModelInfo | None = None, polygons: PolygonsRequest | None = None):
        super().__init__(description, Outcome(params), on_finished)
        self.params = params
        self.polygons = polygons
        self.info = info  # the model as the dock read it; None: the engine reads it
        self._token = CancelToken(poll=self.isCanceled)  # also set by the task manager's ✕

    def work(self) -> None:  # worker thread
        self.outcome.result = segment(self.params, progress=self._progress, cancel=self._token, info=self.info)
        if self.polygons is None:
            return
        try:
            self.outcome.polygons = write_polygons(self.outcome.result, self.params, self.polygons,
                                                   lambda d, t: self.setProgress(100.0 * d / t), self._token)
        except Cancelled:
            self.outcome.polygons_error = "cancelled"
        except (FlairError, OSError, ValueError) as e:
            self.outcome.polygons_error = user_message(e)

    def _progress(self, p: Progress) -> None:
        self.setProgress(100.0 * p.done / p.total if p.total else 0.0)
        self.progress_info.emit(p)

    def cancel(self) -> None:
        self._token.cancel()
        super().cancel()
