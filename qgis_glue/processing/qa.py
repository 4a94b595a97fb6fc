"""Processing algorithms of the QA tools: ``flair:evaluate`` (metrics, reports, disagreement,
hotspots) and ``flair:hotspots`` (hotspots of an existing disagreement raster). Headless, thread-safe:
they read files, never layers of the project."""
from __future__ import annotations

import json
import os

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterVectorDestination,
    QgsProcessingParameterVectorLayer,
)

from ...inference.core.cancel import CancelToken
from ...inference.core.classes import LABEL_ENCODINGS
from ...inference.labels.guess import EncodingUnknown, require_encoding
from ..errors import parameter_named, processing_words, said_here, user_message
from ..i18n import tr
from ..icons import icon
from ..styling.labels import layer_path
from .base import FlairAlgorithm
from .inputs import encoding_labels

GUESS_LABEL = "Guess from the values and the file name"  # translated where the QA panel says it


def _encoding(alg, parameters, name, context, path) -> str:
    i = alg.parameterAsEnum(parameters, name, context)
    if i > 0:
        return LABEL_ENCODINGS[i - 1]
    try:
        return require_encoding(path, name=os.path.splitext(os.path.basename(path))[0], titles=True).encoding
    except EncodingUnknown as e:
        raise QgsProcessingException(user_message(e, processing_words(), encoding_option=parameter_named(
            alg.parameterDefinition(name).description()))) from None


def _file(alg, parameters, name, context) -> str:
    layer = alg.parameterAsRasterLayer(parameters, name, context)
    path = layer_path(layer) if layer is not None else None
    if path is None:
        raise QgsProcessingException(tr("{parameter}: a raster file is needed (save the layer as a GeoTIFF first)")
                                     .format(parameter=name.lower()))
    return path


class EvaluateAlgorithm(FlairAlgorithm):
    REF, REF_ENC, PRED, PRED_ENC, WITHIN = "REFERENCE", "REFERENCE_ENCODING", "PREDICTION", "PREDICTION_ENCODING", "WITHIN"
    MIN_AREA, REPORT, DISAGREEMENT, HOTSPOTS = "MIN_AREA", "REPORT", "DISAGREEMENT", "HOTSPOTS"

    def name(self):
        return "evaluate"

    def displayName(self):  # noqa: N802
        return tr("Compare reference and prediction (FLAIR metrics)")

    def shortHelpString(self):  # noqa: N802
        return tr("Compares two label rasters on the reference's grid (the prediction is resampled, nearest), "
                "optionally inside polygons. Reports the confusion matrix, per-class IoU, precision, recall, F1, "
                "areas, overall accuracy and the mIoU of the FLAIR challenge protocol (13 classes, 'other' "
                "excluded, absent classes skipped) and over all classes present. Writes an HTML report (with "
                "the confusion heatmap) and CSV tables beside it; optionally the disagreement raster (band 1: "
                "reference class where they differ, band 2: predicted class) and the hotspots GeoPackage.")

    def icon(self):
        return icon("style.svg")

    def createInstance(self):  # noqa: N802
        return EvaluateAlgorithm()

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer(self.REF, tr("Reference (annotation) raster")))
        self.addParameter(QgsProcessingParameterEnum(self.REF_ENC, tr("Reference values are"), encoding_labels(tr(GUESS_LABEL)), defaultValue=0))
        self.addParameter(QgsProcessingParameterRasterLayer(self.PRED, tr("Predicted raster")))
        self.addParameter(QgsProcessingParameterEnum(self.PRED_ENC, tr("Predicted values are"), encoding_labels(tr(GUESS_LABEL)), defaultValue=0))
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.WITHIN, tr("Only inside these polygons"), [QgsProcessing.SourceType.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_AREA, tr("Smallest hotspot (m²)"), QgsProcessingParameterNumber.Type.Double, 10.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterFileDestination(self.REPORT, tr("HTML report"), "HTML files (*.html)"))
        self.addParameter(QgsProcessingParameterRasterDestination(self.DISAGREEMENT, tr("Disagreement raster"), optional=True))
        self.addParameter(QgsProcessingParameterVectorDestination(
            self.HOTSPOTS, tr("Hotspots"), QgsProcessing.SourceType.TypeVectorPolygon, optional=True,
            createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber("MIOU", tr("mIoU (FLAIR protocol)")))
        self.addOutput(QgsProcessingOutputNumber("MIOU_FULL", tr("mIoU (all classes present)")))
        self.addOutput(QgsProcessingOutputNumber("OA", tr("Overall accuracy")))
        self.addOutput(QgsProcessingOutputString("JSON", tr("All metrics as JSON")))

    def process(self, parameters, context, feedback):
        from ...inference.qa.compare import CompareParams
        from ..qa.tasks import QaJob, run_job

        ref, pred = _file(self, parameters, self.REF, context), _file(self, parameters, self.PRED, context)
        ref_enc = _encoding(self, parameters, self.REF_ENC, context, ref)
        pred_enc = _encoding(self, parameters, self.PRED_ENC, context, pred)
        within = layer = None
        if parameters.get(self.WITHIN):
            within, layer = self.parameterAsCompatibleSourceLayerPathAndLayerName(
                parameters, self.WITHIN, context, ["gpkg", "shp"], "gpkg", feedback)
            layer = layer or None
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        dis = self.parameterAsOutputLayer(parameters, self.DISAGREEMENT, context) or None
        hot = self.parameterAsOutputLayer(parameters, self.HOTSPOTS, context) or None
        if hot and not hot.lower().endswith(".gpkg"):
            hot = os.path.splitext(hot)[0] + ".gpkg"
        if hot and not dis:
            dis = os.path.splitext(hot)[0] + "_disagreement.tif"
        job = QaJob(CompareParams(ref, ref_enc, pred, pred_enc, within=within, within_layer=layer, disagreement=dis),
                    os.path.splitext(report)[0], hot, self.parameterAsDouble(parameters, self.MIN_AREA, context))
        out = run_job(job, feedback.setProgress, CancelToken(poll=feedback.isCanceled))
        s = out.summary
        parameter = parameter_named(self.parameterDefinition(self.PRED_ENC).description())
        for w in s.get("warnings", []):  # in QGIS's language, naming the parameter to check
            feedback.pushWarning(said_here(w, processing_words(), encoding_option=parameter))
        from ...inference.qa.report import format_text, to_json

        feedback.pushInfo(format_text(s))
        result = {self.REPORT: out.files.get("html"), "MIOU": s["miou"], "MIOU_FULL": s["miou_full"], "OA": s["oa"],
                  "JSON": json.dumps(to_json(s), ensure_ascii=False)}
        if dis:
            result[self.DISAGREEMENT] = dis
        if hot:
            result[self.HOTSPOTS] = hot
        return result


class HotspotsAlgorithm(FlairAlgorithm):
    INPUT, MIN_AREA, NOMENCLATURE, OUTPUT = "INPUT", "MIN_AREA", "NOMENCLATURE", "OUTPUT"

    def name(self):
        return "hotspots"

    def displayName(self):  # noqa: N802
        return tr("Disagreement hotspots")

    def shortHelpString(self):  # noqa: N802
        return tr("Connected regions of a disagreement raster (from 'Compare reference and prediction') above a "
                "minimum area, largest first, with reference class, most frequent predicted class and area. "
                "The GeoPackage has review fields (review, comment, reviewed_at) for the QA panel.")

    def icon(self):
        return icon("style.svg")

    def createInstance(self):  # noqa: N802
        return HotspotsAlgorithm()

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer(self.INPUT, tr("Disagreement raster (2 bands)")))
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_AREA, tr("Smallest hotspot (m²)"), QgsProcessingParameterNumber.Type.Double, 10.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterEnum(self.NOMENCLATURE, tr("Classes"), ["FLAIR land cover", "LPIS crop types"],
                                                     defaultValue=0))
        self.addParameter(QgsProcessingParameterVectorDestination(
            self.OUTPUT, tr("Hotspots"), QgsProcessing.SourceType.TypeVectorPolygon))

    def process(self, parameters, context, feedback):
        from ...inference.qa.hotspots import find_hotspots

        src = _file(self, parameters, self.INPUT, context)
        out = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        if not out.lower().endswith(".gpkg"):
            out = os.path.splitext(out)[0] + ".gpkg"
        nom = ("flair", "lpis")[self.parameterAsEnum(parameters, self.NOMENCLATURE, context)]
        res = find_hotspots(src, out, self.parameterAsDouble(parameters, self.MIN_AREA, context), nom,
                            progress=lambda d, t: feedback.setProgress(100.0 * d / t),
                            cancel=CancelToken(poll=feedback.isCanceled))
        feedback.pushInfo(tr("{n} hotspots ({m} regions before the area filter)").format(n=res.count, m=res.regions_seen))
        return {self.OUTPUT: f"{out}|layername=hotspots"}


def qa_algorithms() -> list[QgsProcessingAlgorithm]:
    return [EvaluateAlgorithm(), HotspotsAlgorithm()]
