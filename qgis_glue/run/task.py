"""The background task that runs the engine (DESIGN.md's QGIS rules 1-4).

The caller builds ``SegmentParams`` in the main thread (``request.build_params``: provider
clones and files only), the task runs ``inference.segment.pipeline.segment`` in a worker thread and
catches everything, and ``finished()`` (main thread) hands a plain ``Outcome`` to a callback
before QGIS deletes the task object. The task itself never touches layers or the project.
"""
from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass

from qgis.core import QgsTask
from qgis.PyQt.QtCore import pyqtSignal

from ...inference.core.cancel import Cancelled, CancelToken
from ...inference.segment.params import Progress, SegmentParams, SegmentResult
from ...inference.segment.pipeline import segment

log = logging.getLogger(__name__)


def record_failure(outcome, error: BaseException, cancelled: bool) -> None:
    """Keep a worker-thread failure on the task's outcome for ``finished()`` to report: an
    exception escaping ``QgsTask.run()`` aborts QGIS (DESIGN.md rule 1)."""
    if cancelled:
        outcome.cancelled = True
    else:
        outcome.error = str(error) or type(error).__name__
        outcome.details = traceback.format_exc()


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


class SegmentTask(QgsTask):
    # Emitted from the worker with an inference.segment.pipeline.Progress; Qt queues it to the main thread.
    progress_info = pyqtSignal(object)

    def __init__(self, params: SegmentParams, on_finished, description: str = "Segment with FLAIR"):
        super().__init__(description, QgsTask.Flag.CanCancel)
        self.params = params
        self._on_finished = on_finished
        self._token = CancelToken(poll=self.isCanceled)  # also set by the task manager's ✕
        self._outcome = Outcome(params)

    # -- worker thread --------------------------------------------------------------------------
    def run(self) -> bool:
        try:
            self._outcome.result = segment(self.params, progress=self._progress, cancel=self._token)
            return True
        except Cancelled:
            self._outcome.cancelled = True
        except BaseException as e:  # noqa: BLE001 - an escaping exception aborts QGIS (rule 1)
            record_failure(self._outcome, e, self._token.cancelled)
        return False

    def _progress(self, p: Progress) -> None:
        self.setProgress(100.0 * p.done / p.total if p.total else 0.0)
        self.progress_info.emit(p)

    def cancel(self) -> None:
        self._token.cancel()
        super().cancel()

    # -- main thread ----------------------------------------------------------------------------
    def finished(self, ok: bool) -> None:
        outcome = self._outcome
        if not ok and outcome.error is None and not outcome.cancelled:
            outcome.cancelled = True  # cancelled before run() started
        try:
            self._on_finished(outcome)
        except Exception:  # a failing callback must not take QGIS down either
            log.exception("handling the end of the FLAIR run failed")
