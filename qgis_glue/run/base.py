"""The one QgsTask skeleton of the plugin (segment, QA comparison, model conversion).

DESIGN.md's QGIS rules: an exception escaping ``QgsTask.run()`` aborts QGIS, so the worker's
failure is kept on the task's outcome and reported from ``finished()`` on the main thread; a task
cancelled before it started (QGIS then never calls ``run()``) ends as "cancelled", not as a
failure without a reason. ``finished()`` is the task front end's one top-level handler.
"""
from __future__ import annotations

import logging
import traceback

from qgis.core import QgsTask

from ..errors import user_message

log = logging.getLogger(__name__)

# QGIS 3.26+ can keep a task out of its own notifications (the plugin says how it ended)
_FLAGS = QgsTask.Flag.CanCancel | getattr(QgsTask.Flag, "Silent", QgsTask.Flag(0))


def record_failure(outcome, error: BaseException, cancelled: bool) -> None:
    """Keep a worker-thread failure on ``outcome`` (``.error``, ``.details``, ``.cancelled``);
    a failure raised because the run was cancelled counts as the cancel."""
    if cancelled:
        outcome.cancelled = True
    else:
        outcome.error = user_message(error)
        outcome.details = traceback.format_exc()


class FlairTask(QgsTask):
    """Subclasses set ``cancel_errors`` (the engine exceptions that mean "cancelled") and implement
    ``work()`` (worker thread), which fills ``self.outcome``; ``succeeded()`` (main thread) runs
    before the callback when ``work()`` returned. ``on_finished(outcome)`` runs on the main thread.

    ``outcome`` is any object with ``error``, ``details`` and ``cancelled`` attributes.
    """

    cancel_errors: tuple[type[BaseException], ...] = ()

    def __init__(self, description: str, outcome, on_finished):
        super().__init__(description, _FLAGS)
        self.outcome = outcome
        self._on_finished = on_finished

    # -- worker thread --------------------------------------------------------------------------
    def work(self) -> None:
        raise NotImplementedError

    def run(self) -> bool:
        try:
            self.work()
            return True
        except self.cancel_errors:
            # a cancel is not a failure: returning False would make QGIS add its own "Task failed"
            # to the plugin's one "Cancelled" message
            self.outcome.cancelled = True
            return True
        except BaseException as e:  # noqa: BLE001 - an exception escaping run() aborts QGIS (rule 1)
            record_failure(self.outcome, e, self.isCanceled())
        return self.outcome.cancelled

    # -- main thread ----------------------------------------------------------------------------
    def succeeded(self) -> None:
        """Main-thread follow-up of a successful ``work()`` (e.g. remember a new model)."""

    def finished(self, ok: bool) -> None:
        outcome = self.outcome
        if not ok and outcome.error is None:
            outcome.cancelled = True  # cancelled, possibly before run() ever started
        try:
            if ok and not outcome.cancelled:
                self.succeeded()
            self._on_finished(outcome)
        except RuntimeError as e:
            # the widget that asked was closed meanwhile: its C++ object is gone
            if "deleted" not in str(e):
                log.exception("handling the end of %s failed", self.description())
        except Exception:  # noqa: BLE001 - the task front end's one top-level handler: log, never raise into QGIS
            log.exception("handling the end of %s failed", self.description())
