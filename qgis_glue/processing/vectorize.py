"""Processing algorithm flair:vectorize — a label raster as a GeoPackage of land-cover polygons
(minimum mapping unit, shared boundaries simplified once), loaded styled when the run ends."""
from __future__ import annotations

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterBand,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
)

from ...inference.core.cancel import CancelToken
from ..i18n import language, number, tr
from ..icons import icon
from ..styling.confidence import ResultStyler
from ..styling.labels import layer_path
from .base import FlairAlgorithm
from .inputs import encoding_labels, label_raster


def parse_mmu_class(text: str) -> dict[int, float]:
    """"1=50, 13=20" -> {1: 50.0, 13: 20.0} (the Processing field's syntax, parsed here once)."""
    out = {}
    for item in (text or "").replace(";", ",").split(","):
        if not item.strip():
            continue
        code, sep, m2 = item.partition("=")
        try:
            c, v = int(code), float(m2)
        except ValueError:
            c, v = 0, -1.0
        if not sep or c < 1 or v < 0:
            raise QgsProcessingException(tr("Per-class minimum mapping units are CODE=M2 pairs separated by "
                                            "commas, e.g. 1=50, 13=20; got “{item}”").format(item=item.strip()))
        out[c] = v
    return out


class VectorizeAlgorithm(FlairAlgorithm):
    INPUT, ENCODING, BAND, MMU, MMU_CLASS, SIMPLIFY = "INPUT", "ENCODING", "BAND", "MMU", "MMU_CLASS", "SIMPLIFY"
    CONFIDENCE, LAYER, OUTPUT = "CONFIDENCE", "LAYER", "OUTPUT"

    def name(self) -> str:
        return "vectorize"

    def displayName(self) -> str:  # noqa: N802
        return tr("Land cover as polygons")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Turns a label raster into a GeoPackage of land-cover polygons: patches smaller than the minimum "
            "mapping unit (8-connected) are merged into their largest neighbour, then each boundary shared by "
            "two polygons is simplified once, so the polygons keep covering the map without gaps or overlaps. "
            "Fields: code, class, area_m2 and, with a confidence raster, confidence (mean %). Leave the minimum "
            "mapping unit empty for the default (4 pixels) and the tolerance empty for one pixel; 0 and 0 give "
            "the exact pixel edges. Nodata never becomes a polygon."
        )

    def icon(self):
        return icon("flair.svg")

    def createInstance(self):  # noqa: N802
        return VectorizeAlgorithm()

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer(self.INPUT, tr("Label raster")))
        self.addParameter(QgsProcessingParameterEnum(self.ENCODING, tr("Its values are"), encoding_labels(),
                                                     defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            self.MMU, tr("Minimum mapping unit (m², empty: 4 pixels)"),
            QgsProcessingParameterNumber.Type.Double, optional=True, minValue=0.0))
        self.addParameter(QgsProcessingParameterString(
            self.MMU_CLASS, tr("Per-class minimum mapping units (CODE=M2, …)"), optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.SIMPLIFY, tr("Simplification tolerance (m, empty: one pixel)"),
            QgsProcessingParameterNumber.Type.Double, optional=True, minValue=0.0))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.CONFIDENCE, tr("Confidence raster (optional)"), optional=True))
        band = QgsProcessingParameterBand(self.BAND, tr("Band"), 1, self.INPUT, optional=True)
        layer = QgsProcessingParameterString(self.LAYER, tr("Layer name"), defaultValue="landcover")
        for p in (band, layer):
            p.setFlags(p.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
            self.addParameter(p)
        self.addParameter(QgsProcessingParameterFileDestination(self.OUTPUT, tr("Polygons"),
                                                                tr("GeoPackage (*.gpkg)")))
        self.addOutput(QgsProcessingOutputVectorLayer("POLYGONS", tr("Polygons layer")))

    def prepare_inputs(self, parameters, context, feedback) -> bool:
        from ...inference.vector.run import VectorParams

        band = self.parameterAsInt(parameters, self.BAND, context) or 1
        _, path, encoding = label_raster(self, parameters, context, feedback, band)
        conf = self.parameterAsRasterLayer(parameters, self.CONFIDENCE, context)
        conf_path = layer_path(conf) if conf is not None else None
        if conf is not None and conf_path is None:
            raise QgsProcessingException(tr("the confidence layer {name} is not a raster file").format(name=conf.name()))
        self._params = VectorParams(
            labels=path, output=self.parameterAsFileOutput(parameters, self.OUTPUT, context),
            mmu_m2=self._optional(parameters, self.MMU, context),
            mmu_class=parse_mmu_class(self.parameterAsString(parameters, self.MMU_CLASS, context)),
            simplify_m=self._optional(parameters, self.SIMPLIFY, context), encoding=encoding, band=band,
            confidence=conf_path, layer=self.parameterAsString(parameters, self.LAYER, context) or "landcover",
            lang=language())
        return True

    def _optional(self, parameters, name, context) -> float | None:
        value = parameters.get(name)
        return None if value is None or value == "" else self.parameterAsDouble(parameters, name, context)

    def process(self, parameters, context, feedback):
        from ...inference.vector.child import vectorize_in_child as vectorize  # QGIS holds another GEOS

        token = CancelToken(poll=feedback.isCanceled)
        r = vectorize(self._params, progress=lambda d, t: feedback.setProgress(100.0 * d / t), cancel=token)
        feedback.pushInfo(tr("{n} polygons (minimum mapping unit {mmu} px, simplified at {tol} px) in {s} s").format(
            n=r.polygons, mmu=r.mmu_px, tol=number(r.simplify_px, None), s=number(r.seconds)))
        uri = f"{r.output}|layername={r.layer}"
        if context.project() is not None:
            details = QgsProcessingContext.LayerDetails(tr("{name} polygons").format(name=r.layer),
                                                        context.project(), "POLYGONS")
            details.setPostProcessor(ResultStyler.create())  # the style embedded in the GeoPackage
            context.addLayerToLoadOnCompletion(uri, details)
        return {self.OUTPUT: r.output, "POLYGONS": uri}
