"""The background task that runs the engine (DESIGN.md's QGIS rules 1-4).

The caller builds ``SegmentParams`` in the main thread (``request.build_params``: provider
clones and files only), the task runs ``inference.segment.pipeline.segment`` in a worker thread (or,
for a multi-source model, the engine call it is given, with the same progress and cancel) and
``finished()`` (main thread) hands a plain ``Outcome`` to a callback before QGIS deletes the task
object (the skeleton: ``base.FlairTask``). The task itself never touches layers or the project.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from qgis.PyQt.QtCore import pyqtSignal

from ...inference.core.cancel import Cancelled, CancelToken
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

    @property
    def ok(self) -> bool:
        return self.result is not None


class SegmentTask(FlairTask):
    # Emitted from the worker with an inference.segment.pipeline.Progress; Qt queues it to the main thread.
    progress_info = pyqtSignal(object)
    cancel_errors = (Cancelled,)

    def __init__(self, params: SegmentParams | None, on_finished, description: str = "Segment with FLAIR",
                 info: ModelInfo | None = None, engine: Callable | None = None):
        super().__init__(description, Outcome(params), on_finished)
        self.params = params
        self.info = info  # the model as the dock read it; None: the engine reads it
        self.engine = engine  # engine(progress, cancel) -> result: a multi-source run; None: segment(params)
        self._token = CancelToken(poll=self.isCanceled)  # also set by the task manager's ✕

    def work(self) -> None:  # worker thread
        if self.engine is not None:
            self.outcome.result = self.engine(self._progress, self._token)
        else:
            self.outcome.result = segment(self.params, progress=self._progress, cancel=self._token, info=self.info)

    def _progress(self, p: Progress) -> None:
        self.setProgress(100.0 * p.done / p.total if p.total else 0.0)
        self.progress_info.emit(p)

    def cancel(self) -> None:
        self._token.cancel()
        super().cancel()
