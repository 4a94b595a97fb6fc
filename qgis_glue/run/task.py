"""The background task that runs the engine (DESIGN.md's QGIS rules 1-4).

The caller builds ``SegmentParams`` in the main thread (``request.build_params``: provider
clones and files only), the task runs ``inference.segment.pipeline.segment`` in a worker thread (or,
for a multi-source model, the engine call it is given, with the same progress and cancel) and
``finished()`` (main thread) hands a plain ``Outcome`` to a callback before QGIS deletes the task
object (the skeleton: ``base.FlairTask``). The task itself never touches layers or the project.
With ``polygons`` it then vectorises the map it wrote (``inference/vector``): the map is kept
whatever happens to the polygons, which fail or are cancelled on their own.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable

from qgis.PyQt.QtCore import pyqtSignal

from ...inference.core.cancel import Cancelled, CancelToken
from ...inference.core.errors import FlairError
from ...inference.models.session import ModelInfo
from ...inference.segment.modalities.run import MultiResult
from ...inference.segment.params import Progress, SegmentParams, SegmentResult
from ...inference.segment.pipeline import segment
from .base import FlairTask


@dataclass
class Outcome:
    """How a run ended: exactly one of result / error / cancelled."""

    params: SegmentParams | None  # None: a multi-source run
    result: SegmentResult | MultiResult | None = None
    error: str | None = None
    details: str | None = None  # traceback for the message log
    cancelled: bool = False
    polygons: object | None = None  # inference.vector.run.VectorResult
    polygons_error: str | None = None  # the map is there, its polygons are not (why)

    @property
    def ok(self) -> bool:
        return self.result is not None


@dataclass
class PolygonsRequest:
    """The dock's "Also write polygons": where, and the minimum mapping unit (None: the default)."""

    output: str
    mmu_m2: float | None = None


def polygons_path(output: str) -> str:
    """The polygons written beside a map: OUT.tif -> OUT.gpkg."""
    return os.path.splitext(output)[0] + ".gpkg"


class SegmentTask(FlairTask):
    # Emitted from the worker with an inference.segment.pipeline.Progress; Qt queues it to the main thread.
    progress_info = pyqtSignal(object)
    cancel_errors = (Cancelled,)

    def __init__(self, params: SegmentParams | None, on_finished, description: str = "Segment with FLAIR",
                 info: ModelInfo | None = None, engine: Callable | None = None,
                 polygons: PolygonsRequest | None = None):
        super().__init__(description, Outcome(params), on_finished)
        self.params = params
        self.polygons = polygons
        self.info = info  # the model as the dock read it; None: the engine reads it
        self.engine = engine  # engine(progress, cancel) -> result: a multi-source run; None: segment(params)
        self._token = CancelToken(poll=self.isCanceled)  # also set by the task manager's ✕

    def work(self) -> None:  # worker thread
        if self.engine is not None:
            self.outcome.result = self.engine(self._progress, self._token)
            return
        self.outcome.result = segment(self.params, progress=self._progress, cancel=self._token, info=self.info)
        if self.polygons is not None:
            self._vectorize(self.outcome.result)

    def _vectorize(self, result: SegmentResult) -> None:
        from ...inference.vector.child import vectorize_in_child as vectorize  # QGIS holds another GEOS
        from ...inference.vector.run import VectorParams

        p = VectorParams(labels=result.output, output=self.polygons.output, mmu_m2=self.polygons.mmu_m2,
                         encoding="flair19", confidence=result.confidence, lang=self.params.lang)
        try:
            self.outcome.polygons = vectorize(p, progress=lambda d, t: self.setProgress(100.0 * d / t),
                                              cancel=self._token)
        except Cancelled:
            self.outcome.polygons_error = "cancelled"
        except (FlairError, OSError, ValueError) as e:
            self.outcome.polygons_error = str(e)

    def _progress(self, p: Progress) -> None:
        self.setProgress(100.0 * p.done / p.total if p.total else 0.0)
        self.progress_info.emit(p)

    def cancel(self) -> None:
        self._token.cancel()
        super().cancel()
