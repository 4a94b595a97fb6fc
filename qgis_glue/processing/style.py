"""Processing algorithm flair:style — give a label raster the FLAIR palette and class names.

The file gets its colour table and class names (when it can be updated in place) and a .qml
sidecar (so it opens styled anywhere); a layer of the current project is restyled in
``postProcessAlgorithm`` (main thread), its legend listing only the classes present.
"""
from __future__ import annotations

from qgis.core import (
    QgsProcessingOutputRasterLayer,
    QgsProcessingOutputString,
    QgsProcessingParameterBand,
    QgsProcessingParameterEnum,
    QgsProcessingParameterRasterLayer,
)

from ..i18n import language, tr
from ..icons import icon
from .base import FlairAlgorithm
from .inputs import encoding_labels, label_raster


class StyleAlgorithm(FlairAlgorithm):
    INPUT, ENCODING, BAND, OUTPUT = "INPUT", "ENCODING", "BAND", "OUTPUT"

    def name(self) -> str:
        return "style"

    def displayName(self) -> str:  # noqa: N802
        return tr("Apply FLAIR style")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Styles a single-band label raster with the 19-class FLAIR palette and class names. "
            "Say how its values are encoded: our outputs and FLAIR masks hold codes 1..19; IGN's own "
            "inference tools write 0-based indices, whose order depends on the model family; FLAIR-HUB "
            "LPIS rasters hold 23 crop types. 'Guess' decides only when the values, name or tags leave "
            "one possibility, and otherwise stops and lists the candidates. "
            "Writes the colour table and class names into the file (uint8 GeoTIFF) and a .qml beside it; "
            "a layer of the current project is restyled, with only the classes present in its legend."
        )

    def icon(self):
        return icon("style.svg")

    def createInstance(self):  # noqa: N802
        return StyleAlgorithm()

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer(self.INPUT, tr("Label raster")))
        self.addParameter(QgsProcessingParameterEnum(self.ENCODING, tr("Its values are"), encoding_labels(), defaultValue=0))
        self.addParameter(QgsProcessingParameterBand(self.BAND, tr("Band"), 1, self.INPUT, optional=True))
        self.addOutput(QgsProcessingOutputRasterLayer(self.OUTPUT, tr("Styled raster")))
        self.addOutput(QgsProcessingOutputString("PRESENT", tr("Classes present")))

    def prepare_inputs(self, parameters, context, feedback) -> bool:
        self._band = self.parameterAsInt(parameters, self.BAND, context) or 1
        layer, self._path, self._encoding = label_raster(self, parameters, context, feedback, self._band)
        self._layer_id = layer.id() if context.project() and context.project().mapLayer(layer.id()) else None
        return True

    def process(self, parameters, context, feedback):
        from ...inference.labels.style import style_raster

        done = style_raster(self._path, self._encoding, self._band, language())
        self._present = set(done["present"])
        self._qml = done["qml"]
        if done["unknown"]:
            feedback.pushWarning(tr("values {values} are not classes of the {encoding} encoding: is the encoding right?")
                                 .format(values=done["unknown"], encoding=self._encoding))
        if done["embedded"]:
            feedback.pushInfo(tr("colour table and class names written into the file; style {file}").format(file=done["qml"]))
        else:
            feedback.pushInfo(tr("style {file}").format(file=done["qml"]))
        return {self.OUTPUT: self._path, "PRESENT": ",".join(str(v) for v in done["present"])}

    def postProcessAlgorithm(self, context, feedback):  # noqa: N802
        from ..styling.flair import load_style

        project = context.project()
        layer = project.mapLayer(self._layer_id) if project is not None and self._layer_id else None
        if layer is not None:
            load_style(layer, qml_path=self._qml)  # what style_raster wrote beside the file
        return {self.OUTPUT: self._path, "PRESENT": ",".join(str(v) for v in sorted(self._present))}
