"""The background task that runs the engine (DESIGN.md's QGIS rules 1-4).

The caller builds ``SegmentParams`` in the main thread (``request.build_params``: provider
clones and files only), the task runs ``inference.segment.pipeline.segment`` in a worker thread and
``finished()`` (main thread) hands a plain ``Outcome`` to a callback before QGIS deletes the task
object (the skeleton: ``base.FlairTask``). The task itself never touches layers or the project.
"""
from __future__ import annotations

from dataclasses import dataclass

from qgis.PyQt.QtCore import pyqtSignal

from ...inference.core.cancel import Cancelled, CancelToken
from ...inference.models.session import ModelInfo
from ...inference.segment.params import Progress, SegmentParams, SegmentResult
from ...inference.segment.pipeline import segment
from .base import FlairTask


@dataclass
class Outcome:
    """How a run ended: exactly one of result / error / cancelled."""

    params: SegmentParams
    result: SegmentResult | None = None
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

    def __init__(self, params: SegmentParams, on_finished, description: str = "Segment with FLAIR",
                 info: ModelInfo | None = None):
        super().__init__(description, Outcome(params), on_finished)
        self.params = params
        self.info = info  # the model as the dock read it; None: the engine reads it
        self._token = CancelToken(poll=self.isCanceled)  # also set by the task manager's ✕

    def work(self) -> None:  # worker thread
        self.outcome.result = segment(self.params, progress=self._progress, cancel=self._token, info=self.info)

    def _progress(self, p: Progress) -> None:
        self.setProgress(100.0 * p.done / p.total if p.total else 0.0)
        self.progress_info.emit(p)

    def cancel(self) -> None:
        self._token.cancel()
        super().cancel()
