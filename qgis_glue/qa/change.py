"""Land take between two vintages in QGIS: the engine's ``change`` as a task, and its result as a
styled layer (main thread only for the layer).

The job holds file paths only (collected in the main thread); the worker never touches layers or
the project; ``add_change_layer`` loads the ``change`` layer of the GeoPackage with the ``.qml`` the
engine wrote beside it (the style is decided once, in the engine).
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from qgis.core import QgsProcessingLayerPostProcessorInterface, QgsProject, QgsVectorLayer

from ...inference.change.params import LAYER, ChangeParams, ChangeResult
from ...inference.change.run import change
from ...inference.core.cancel import Cancelled, CancelToken
from ..i18n import tr
from ..run.base import FlairTask


@dataclass
class ChangeOutcome:
    params: ChangeParams
    result: ChangeResult | None = None
    error: str | None = None
    details: str | None = None
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return self.result is not None and self.error is None and not self.cancelled


class ChangeTask(FlairTask):
    cancel_errors = (Cancelled,)

    def __init__(self, params: ChangeParams, on_finished, description: str = "FLAIR land take"):
        super().__init__(description, ChangeOutcome(params), on_finished)
        self.params = params

    def work(self) -> None:  # worker thread
        self.outcome.result = change(self.params, lambda d, t: self.setProgress(100.0 * d / t),
                                     CancelToken(poll=self.isCanceled))


def change_layer(gpkg: str, name: str | None = None) -> QgsVectorLayer:
    """The ``change`` layer of a change GeoPackage, styled by transition (main thread)."""
    layer = QgsVectorLayer(f"{gpkg}|layername={LAYER}", name or os.path.splitext(os.path.basename(gpkg))[0], "ogr")
    if not layer.isValid():
        raise OSError(tr("QGIS could not open the layer {layer} of {file}").format(layer=LAYER, file=gpkg))
    style_change_layer(layer, gpkg)
    return layer


def style_change_layer(layer: QgsVectorLayer, gpkg: str) -> None:
    """Load the ``.qml`` the engine wrote beside the GeoPackage (the style is decided there)."""
    qml = os.path.splitext(gpkg)[0] + ".qml"
    if os.path.isfile(qml):
        message, ok = layer.loadNamedStyle(qml)
        if not ok:
            raise OSError(tr("QGIS could not load the style {file}: {reason}").format(file=qml, reason=message))
        layer.triggerRepaint()


def add_change_layer(gpkg: str, project: QgsProject | None = None, name: str | None = None) -> QgsVectorLayer:
    layer = change_layer(gpkg, name)
    (project or QgsProject.instance()).addMapLayer(layer)
    return layer


class ChangeStyler(QgsProcessingLayerPostProcessorInterface):
    """Processing's hook for the change layer it loads: the engine's transition style."""

    _alive: list = []  # Processing owns each post-processor; Python must keep its wrapper too

    @classmethod
    def create(cls, gpkg: str) -> ChangeStyler:
        styler = cls()
        styler.gpkg = gpkg
        cls._alive = cls._alive[-15:] + [styler]
        return styler

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        if isinstance(layer, QgsVectorLayer):
            style_change_layer(layer, self.gpkg)
