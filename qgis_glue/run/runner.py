"""Starts runs and reports their end: the link between the dock and the task manager.

One run at a time, whatever the model. ``start(request)`` builds the engine parameters in the main thread and hands a
``SegmentTask`` to QGIS's task manager; when the task ends, the result layers are added (success)
or a message says what went wrong (error, cancel) and nothing is added.
"""
from __future__ import annotations

import html
import logging

from qgis.core import Qgis, QgsApplication, QgsMessageLog, QgsProject
from qgis.PyQt.QtCore import QObject, pyqtSignal

from ..i18n import tr
from .messages import INFO_SECONDS, SUCCESS_SECONDS, push
from .naming import result_name
from .request import RequestError, RunRequest, build_params
from .result import add_polygon_layer, add_result_layers, details, details_html, summary
from .task import Outcome, PolygonsRequest, SegmentTask, polygons_path

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
        self._imagery = self._model = ""  # what the results are named after

    @property
    def running(self) -> bool:
        return self.task is not None

    def start(self, request: RunRequest) -> SegmentTask:
        """Raises RequestError / engine errors (bad choices) before anything runs."""
        if self.task is not None:
            raise RequestError(tr("a FLAIR run is already going on; cancel it first"))
        params = build_params(request, self.project)
        self._imagery, self._model = request.imagery_name(), request.model
        polygons = None
        if request.vectorize:
            from ...inference.vector.checks import check_output

            polygons = PolygonsRequest(polygons_path(params.output), request.vector_mmu)
            check_output(polygons.output, [])  # a folder or read-only file: said now, not after the run
        task = SegmentTask(params, self._finished, info=request.model_info, polygons=polygons,
                           description=tr("Segment with FLAIR → {name}").format(
                               name=result_name(self._imagery, self._model)))
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
        if outcome.ok:
            try:
                add_result_layers(outcome.result, self.project, self._imagery, self._model)
                for polygons, m in zip(outcome.polygons, outcome.result.maps):
                    add_polygon_layer(polygons, self.project, result_name(self._imagery, self._model, m.task))
            except OSError as e:
                outcome.error = tr("the run finished but QGIS could not open its output: {error}").format(error=e)
                outcome.result = None
        self._tell(outcome)
        self.finished.emit(outcome)

    def _tell(self, outcome: Outcome) -> None:
        bar = self.iface.messageBar() if self.iface is not None else None
        if outcome.ok:
            log.info("FLAIR land cover written: %s", details(outcome.result))
            if bar is not None:
                push(bar, TITLE, summary(outcome.result), Qgis.MessageLevel.Success, details_html(outcome.result),
                     duration=SUCCESS_SECONDS)
                if outcome.polygons_error:
                    push(bar, TITLE, tr("The land cover is there, but not its polygons: {error}").format(
                        error=outcome.polygons_error), Qgis.MessageLevel.Warning)
        elif outcome.cancelled:
            if bar is not None:
                push(bar, TITLE, tr("Cancelled; nothing was written or added."), Qgis.MessageLevel.Info,
                     duration=INFO_SECONDS)
        else:
            QgsMessageLog.logMessage(outcome.details or outcome.error or "", "FLAIR", Qgis.MessageLevel.Critical)
            if bar is not None:
                text = tr("The run failed: {error}. Nothing was written or added.").format(error=outcome.error)
                more = f"<pre>{html.escape(outcome.details)}</pre>" if outcome.details else None
                push(bar, TITLE, text, Qgis.MessageLevel.Critical, more)
