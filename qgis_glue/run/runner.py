"""Starts runs and reports their end: the link between the dock and the task manager.

One run at a time. ``start(request)`` builds the engine parameters in the main thread and hands a
``SegmentTask`` to QGIS's task manager; when the task ends, the result layers are added (success)
or a message says what went wrong (error, cancel) and nothing is added.
"""
from __future__ import annotations

import logging

from qgis.core import Qgis, QgsApplication, QgsMessageLog, QgsProject
from qgis.PyQt.QtCore import QObject, pyqtSignal

from .request import RunRequest, build_params
from .result import add_result_layers, details, push, summary
from .task import Outcome, SegmentTask

log = logging.getLogger(__name__)
TITLE = "FLAIR"


class RunController(QObject):
    started = pyqtSignal()
    progress = pyqtSignal(object)  # inference.segment.pipeline.Progress
    finished = pyqtSignal(object)  # task.Outcome

    def __init__(self, iface=None, project: QgsProject | None = None, parent=None):
        super().__init__(parent)
        self.iface = iface
        self.project = project or QgsProject.instance()
        self.task: SegmentTask | None = None
        self.last_outcome: Outcome | None = None

    @property
    def running(self) -> bool:
        return self.task is not None

    def start(self, request: RunRequest) -> SegmentTask:
        """Raises RequestError / engine errors (bad choices) before anything runs."""
        if self.task is not None:
            raise RuntimeError("a FLAIR run is already going on; cancel it first")
        params = build_params(request, self.project)
        task = SegmentTask(params, self._finished, description=f"Segment with FLAIR → {params.output}")
        task.progress_info.connect(self.progress)  # queued: emitted in the worker, received here
        self.task = task  # keep the Python object alive while the task manager runs it
        QgsApplication.taskManager().addTask(task)
        self.started.emit()
        return task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _finished(self, outcome: Outcome) -> None:
        self.task = None
        self.last_outcome = outcome
        bar = self.iface.messageBar() if self.iface is not None else None
        if outcome.ok:
            try:
                add_result_layers(outcome.result, self.project)
            except Exception as e:
                outcome.error = f"the run finished but its output could not be added: {e}"
                outcome.result = None
        if outcome.ok:
            text = summary(outcome.result)
            log.info("FLAIR land cover written: %s", details(outcome.result))
            if bar is not None:
                push(bar, TITLE, f"Land cover written to {text}", Qgis.MessageLevel.Success, details(outcome.result))
        elif outcome.cancelled:
            if bar is not None:
                push(bar, TITLE, "Run cancelled; nothing was written or added.", Qgis.MessageLevel.Info, duration=5)
        else:
            QgsMessageLog.logMessage(outcome.details or outcome.error or "", "FLAIR", Qgis.MessageLevel.Critical)
            if bar is not None:
                push(bar, TITLE, f"The run failed: {outcome.error}. Nothing was written or added.",
                     Qgis.MessageLevel.Critical, outcome.details)
        self.finished.emit(outcome)
