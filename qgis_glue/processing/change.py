"""Processing algorithm ``flair:change``: land take between two vintages (change polygons, transition
matrix, balance per zone). Headless and thread-safe: it reads files, never the project's layers;
zones given as a layer of another kind than a file are saved to a GeoPackage by Processing."""
from __future__ import annotations

import os

from qgis.core import (
    QgsProcessing,
    QgsProcessingContext,
    QgsProcessingOutputFile,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterVectorDestination,
    QgsProcessingParameterVectorLayer,
)

from ...inference.change.params import LAYER, ChangeParams
from ...inference.change.rule import DEFAULT_RULE, read_rule
from ...inference.change.run import change
from ...inference.core.cancel import CancelToken
from ...inference.core.classes import LABEL_ENCODINGS
from ..errors import processing_words, said_here
from ..i18n import QT_TR_NOOP, language, number, tr
from ..icons import icon
from ..qa.change import ChangeStyler
from .base import FlairAlgorithm
from .inputs import encoding_labels
from .qa import GUESS_LABEL, _file


def _encoding(alg, parameters, name, context) -> str | None:
    i = alg.parameterAsEnum(parameters, name, context)
    return LABEL_ENCODINGS[i - 1] if i > 0 else None


class ChangeAlgorithm(FlairAlgorithm):
    BEFORE, BEFORE_ENC, AFTER, AFTER_ENC = "BEFORE", "BEFORE_ENCODING", "AFTER", "AFTER_ENCODING"
    ZONES, FIELD, ARTIF, MMU, OUTPUT = "ZONES", "ZONE_FIELD", "ARTIF_TABLE", "MMU", "OUTPUT"

    def name(self):
        return "change"

    def displayName(self):  # noqa: N802
        return tr("Land take between two vintages (change, ZAN balance)")

    def shortHelpString(self):  # noqa: N802
        return tr(
            "Compares two FLAIR land-cover maps of the same area at two dates. The later map is read onto the "
            "earlier one's grid (nearest) over their common area; nodata in either is left out. Writes a "
            "GeoPackage whose layer 'change' holds one polygon per changed patch (classes before and after, "
            "whether each is artificialised, area, zone), the transition matrix and the balance per zone in "
            "hectares (CSV) and an HTML report. A pixel is artificialised when its class is marked so and its "
            "patch reaches the class's threshold (décret n° 2023-1096: buildings, pools and greenhouses "
            "50 m², pervious and impervious surfaces 2,500 m²; a CSV code,artificialised,threshold_m2 "
            "replaces the table). The figures are an estimate to check, not the legal OCS GE measure.")

    def icon(self):
        return icon("style.svg")

    def createInstance(self):  # noqa: N802
        return ChangeAlgorithm()

    def initAlgorithm(self, config=None):  # noqa: N802
        choices = encoding_labels(tr(GUESS_LABEL))
        self.addParameter(QgsProcessingParameterRasterLayer(self.BEFORE, tr("Land cover before (earlier vintage)")))
        self.addParameter(QgsProcessingParameterEnum(self.BEFORE_ENC, tr("Its values are"), choices, defaultValue=0))
        self.addParameter(QgsProcessingParameterRasterLayer(self.AFTER, tr("Land cover after (later vintage)")))
        self.addParameter(QgsProcessingParameterEnum(self.AFTER_ENC, tr("Its values are "), choices, defaultValue=0))
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.ZONES, tr("Zones (communes, ...)"), [QgsProcessing.SourceType.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterField(self.FIELD, tr("Field naming each zone"), None, self.ZONES,
                                                      optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.ARTIF, tr("Artificialisation table (CSV code,artificialised,threshold_m2)"),
            extension="csv", optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.MMU, tr("Smallest change polygon drawn (m², 0 = every patch)"),
            QgsProcessingParameterNumber.Type.Double, 0.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterVectorDestination(
            self.OUTPUT, tr("Change polygons (GeoPackage)"), QgsProcessing.SourceType.TypeVectorPolygon))
        self.addOutput(QgsProcessingOutputFile("REPORT", tr("HTML report")))
        self.addOutput(QgsProcessingOutputFile("TRANSITIONS", tr("Transition matrix (CSV, hectares)")))
        self.addOutput(QgsProcessingOutputFile("ZONES_TABLE", tr("Balance per zone (CSV, hectares)")))
        for key, label in (("ARTIFICIALISATION_HA", QT_TR_NOOP("Artificialisation (ha)")),
                           ("RENATURATION_HA", QT_TR_NOOP("Renaturation (ha)")),
                           ("NET_HA", QT_TR_NOOP("Net artificialisation (ha)"))):
            self.addOutput(QgsProcessingOutputNumber(key, tr(label)))

    def prepare_inputs(self, parameters, context, feedback) -> bool:
        # Processing's worker context does not carry the dialog's layers to load: decide here, add there
        self._load = context.willLoadLayerOnCompletion(self.parameterAsOutputLayer(parameters, self.OUTPUT, context))
        return True

    def process(self, parameters, context, feedback):
        before, after = _file(self, parameters, self.BEFORE, context), _file(self, parameters, self.AFTER, context)
        zones = layer = field = None
        if parameters.get(self.ZONES):
            zones, layer = self.parameterAsCompatibleSourceLayerPathAndLayerName(
                parameters, self.ZONES, context, ["gpkg", "shp"], "gpkg", feedback)
            layer = layer or None
            fields = self.parameterAsFields(parameters, self.FIELD, context)
            field = fields[0] if fields else None
        table = self.parameterAsFile(parameters, self.ARTIF, context)
        asked = output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        if not output.lower().endswith(".gpkg"):
            output = os.path.splitext(output)[0] + ".gpkg"
        mmu = self.parameterAsDouble(parameters, self.MMU, context)
        params = ChangeParams(before=before, after=after, output=output,
                              encoding=_encoding(self, parameters, self.BEFORE_ENC, context),
                              encoding_after=_encoding(self, parameters, self.AFTER_ENC, context),
                              zones=zones, zones_layer=layer, zone_field=field,
                              rule=read_rule(table) if table else DEFAULT_RULE, mmu_m2=mmu or None, lang=language())
        r = change(params, lambda d, t: feedback.setProgress(100.0 * d / t), CancelToken(poll=feedback.isCanceled))
        for w in r.warnings:  # the engine's, in QGIS's language, naming this algorithm's parameters
            feedback.pushWarning(said_here(w, processing_words()))
        total = r.zones[-1]
        feedback.pushInfo(tr("{n} change polygons; artificialisation {a} ha, renaturation {r} ha, net {net} ha").format(
            n=r.polygons, a=number(total["artificialisation_ha"], 4), r=number(total["renaturation_ha"], 4),
            net=number(total["net_ha"], 4)))
        uri = f"{output}|layername={LAYER}"
        if getattr(self, "_load", False):
            # in place of the layer Processing registered for the output (one layer, styled)
            loads = context.layersToLoadOnCompletion()
            previous = loads.pop(asked, None)
            context.setLayersToLoadOnCompletion(loads)
            name = previous.name if previous is not None and previous.name else os.path.basename(output)[:-5]
            details = QgsProcessingContext.LayerDetails(name, context.project(), self.OUTPUT)
            details.setPostProcessor(ChangeStyler.create(output))
            context.addLayerToLoadOnCompletion(uri, details)
        return {self.OUTPUT: uri, "REPORT": r.files["report"], "TRANSITIONS": r.files["transitions"],
                "ZONES_TABLE": r.files["zones"], "ARTIFICIALISATION_HA": total["artificialisation_ha"],
                "RENATURATION_HA": total["renaturation_ha"], "NET_HA": total["net_ha"]}
