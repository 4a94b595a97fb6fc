"""A multi-source run in the background: ``run_multisource`` in a worker thread (files only, no
layers touched there), then, in the main thread, one styled layer per task added to the FLAIR
group. The skeleton is base.FlairTask's: nothing escapes ``run()``, ``finished()`` hands a plain outcome on."""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from qgis.core import QgsApplication, QgsProject, QgsRasterLayer
from qgis.PyQt.QtCore import QObject, pyqtSignal

from ...inference.core.cancel import Cancelled, CancelToken
from ...inference.segment.modalities.run import MultiResult, run_multisource
from ...inference.segment.params import Progress
from ..i18n import language, tr
from ..layers.files import layer_file, same_file
from ..layers.tree import add_to_group
from .base import FlairTask
from .request import RequestError
from .result import GROUP

log = logging.getLogger(__name__)


@dataclass
class MultiOutcome:
    result: MultiResult | None = None
    error: str | None = None
    details: str | None = None
    cancelled: bool = False
    layers: list | None = None

    @property
    def ok(self) -> bool:
        return self.result is not None


class MultiSourceTask(FlairTask):
    cancel_errors = (Cancelled,)

    # Emitted from the worker with an inference.segment.params.Progress; Qt queues it to the main thread.
    progress_info = pyqtSignal(object)

    def __init__(self, model: str, sources: dict, output: str, ts_filter: str, ts_average: str, on_finished,
                 extent=None, device: str = "auto"):
        super().__init__(f"Segment with FLAIR (multi-source) → {output}", MultiOutcome(), on_finished)
        self.args = (model, sources, output, ts_filter, ts_average, extent, device)
        self.token = CancelToken(poll=self.isCanceled)

    def work(self) -> None:  # worker thread
        model, sources, output, ts_filter, ts_average, extent, device = self.args
        self.outcome.result = run_multisource(model, sources, output, ts_filter=ts_filter, ts_average=ts_average,
                                              extent=extent, say=log.info, cancel=self.token, device=device,
                                              lang=language(), progress=self._progress)

    def cancel(self) -> None:
        self.token.cancel()
        super().cancel()

    def _progress(self, p: Progress) -> None:
        self.setProgress(100.0 * p.done / p.total if p.total else 0.0)
        self.progress_info.emit(p)


def add_task_layers(result: MultiResult, project: QgsProject, names: dict[str, str] | None = None
                    ) -> list[QgsRasterLayer]:
    """One layer per task (styled by the .qml written beside it), at the top of the FLAIR group,
    named ``names[task]`` (default: the file's name). A layer of the same file is replaced, so a
    re-run does not leave a stale copy in the Layers panel."""
    layers = []
    for task, path in result.outputs.items():
        for old in [lyr for lyr in project.mapLayers().values()
                    if (f := layer_file(lyr, ("gdal",))) and same_file(f, path)]:
            project.removeMapLayer(old.id())
        layer = QgsRasterLayer(path, (names or {}).get(task) or os.path.splitext(os.path.basename(path))[0], "gdal")
        if not layer.isValid():
            raise OSError(f"QGIS cannot open the output {path}")
        layer.setAbstract(f"FLAIR multi-source output for {task}. Run report: {result.report}")
        add_to_group(project, layer, GROUP)
        layers.append(layer)
    return layers


class MultiSourceController(QObject):
    finished = pyqtSignal(object)  # MultiOutcome
    progress = pyqtSignal(object)  # inference.segment.params.Progress

    def __init__(self, project: QgsProject, parent=None):
        super().__init__(parent)
        self.project = project
        self.task: MultiSourceTask | None = None
        self.names: dict[str, str] | None = None

    @property
    def running(self) -> bool:
        return self.task is not None

    def start(self, model: str, sources: dict, output: str, ts_filter: str, ts_average: str, extent=None,
              names: dict[str, str] | None = None, device: str = "auto") -> MultiSourceTask:
        """``extent``: (xmin, ymin, xmax, ymax) in the first modality's CRS, None for its whole extent;
        ``names``: the layer name of each task's result."""
        if self.task is not None:
            raise RequestError(tr("a FLAIR run is already going on; cancel it first"))
        self.names = names
        self.task = MultiSourceTask(model, sources, output, ts_filter, ts_average, self._finished, extent, device)
        self.task.progress_info.connect(self.progress)  # queued: emitted in the worker, received here
        QgsApplication.taskManager().addTask(self.task)
        return self.task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _finished(self, outcome: MultiOutcome) -> None:
        self.task = None
        if outcome.ok:
            try:
                outcome.layers = add_task_layers(outcome.result, self.project, self.names)
            except OSError as e:
                outcome.error, outcome.result = f"the run finished but its output could not be added: {e}", None
        self.finished.emit(outcome)
