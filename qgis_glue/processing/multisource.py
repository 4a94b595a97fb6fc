"""Processing algorithm flair:segment_multisource — a multi-source FLAIR-HUB model (schema-2 card)
over files: aerial, elevation, SPOT and Sentinel time series, one styled raster per task.

Files only (no layers): the engine reads each modality on its own grid from the files, and a time
series needs its dates file and mask beside it. The engine runs in Processing's worker thread and
cancels through the feedback object.
"""
from __future__ import annotations

import os

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputFile,
    QgsProcessingOutputMultipleLayers,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
)

from ...inference.core.cancel import CancelToken
from ...inference.multisource.run import FILTERS, open_model, run_multisource
from ...inference.multisource.timeseries import AVERAGES
from ..i18n import tr
from ..icons import icon
from .base import FlairAlgorithm

SERIES = ("S2", "S1A", "S1D")
IMAGES = (("DEM", "Elevation: DSM, DTM (2 bands, metres)"), ("SPOT", "SPOT 6-7 (R, G, B, NIR)"))


class MultiSourceAlgorithm(FlairAlgorithm):
    MODEL, AERIAL, AERIAL_IRC, TS_FILTER, TS_AVERAGE, OUTPUT = (
        "MODEL", "AERIAL", "AERIAL_IRC", "TS_FILTER", "TS_AVERAGE", "OUTPUT")

    def name(self) -> str:
        return "segment_multisource"

    def displayName(self) -> str:  # noqa: N802
        return tr("Segment with a multi-source FLAIR-HUB model")

    def shortHelpString(self) -> str:  # noqa: N802
        return (
            "Runs a converted FLAIR-HUB multi-source model (aerial, elevation, SPOT, Sentinel-2/-1 time "
            "series) and writes one styled GeoTIFF per task: OUTPUT_landcover.tif (FLAIR codes) and/or "
            "OUTPUT_lpis.tif (LPIS crop types), plus OUTPUT_report.txt listing each modality, its files "
            "and the dates used.\n\n"
            "Give only the modalities the model needs (`python -m inference info MODEL` lists them). "
            "Aerial: an R,G,B,NIR file, or an IRC file (NIR, R, G). A time series is a GeoTIFF of "
            "date-major band groups; its dates come from the dates file (one YYYYMMDD per line), else "
            "from its band descriptions; the optional mask (snow, cloud per date) filters cloudy dates "
            "per tile. Each file only has to cover the area of the first image modality."
        )

    def icon(self):
        return icon("flair.svg")

    def createInstance(self):  # noqa: N802
        return MultiSourceAlgorithm()

    def initAlgorithm(self, config=None):  # noqa: N802
        file = QgsProcessingParameterFile
        self.addParameter(file(self.MODEL, "Multi-source ONNX model", extension="onnx"))
        self.addParameter(file(self.AERIAL, "Aerial R, G, B, NIR", optional=True))
        self.addParameter(file(self.AERIAL_IRC, "Aerial IRC (NIR, R, G), instead of R, G, B, NIR", optional=True))
        for key, label in IMAGES:
            self.addParameter(file(key, label, optional=True))
        for key in SERIES:
            name = {"S2": "Sentinel-2", "S1A": "Sentinel-1 ascending", "S1D": "Sentinel-1 descending"}[key]
            self.addParameter(file(key, f"{name} time series", optional=True))
            self.addParameter(file(f"{key}_DATES", f"{name} dates file", optional=True))
            self.addParameter(file(f"{key}_MASK", f"{name} snow/cloud mask", optional=True))
        self.addParameter(QgsProcessingParameterEnum(self.TS_FILTER, "Drop cloudy dates (per tile, needs a mask)",
                                                     list(FILTERS), defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum(self.TS_AVERAGE, "Average each series", list(AVERAGES),
                                                     defaultValue=0))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, "Output name (each task adds _landcover / _lpis)", "GeoTIFF (*.tif)"))
        self.addOutput(QgsProcessingOutputMultipleLayers("TASK_RASTERS", "One raster per task"))
        self.addOutput(QgsProcessingOutputFile("REPORT", "Run report"))

    def _sources(self, parameters, context) -> dict[str, dict]:
        value = lambda key: self.parameterAsFile(parameters, key, context)  # noqa: E731
        sources: dict[str, dict] = {}
        if value(self.AERIAL):
            sources["AERIAL_RGBI"] = {"path": value(self.AERIAL)}
        elif value(self.AERIAL_IRC):
            irc = value(self.AERIAL_IRC)
            sources["AERIAL_RGBI"] = {"NIR": f"{irc}:1", "R": f"{irc}:2", "G": f"{irc}:3"}
        for key, full in (("DEM", "DEM_ELEV"), ("SPOT", "SPOT_RGBI")):
            if value(key):
                sources[full] = {"path": value(key)}
        for key, full in zip(SERIES, ("SENTINEL2_TS", "SENTINEL1-ASC_TS", "SENTINEL1-DESC_TS")):
            if value(key):
                sources[full] = {"path": value(key)}
                for part in ("DATES", "MASK"):
                    if value(f"{key}_{part}"):
                        sources[full][part.lower()] = value(f"{key}_{part}")
        return sources

    def process(self, parameters, context, feedback):
        model = self.parameterAsFile(parameters, self.MODEL, context)
        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if os.path.splitext(output)[1].lower() not in (".tif", ".tiff"):
            raise QgsProcessingException(tr("the output must be a GeoTIFF (.tif), not {file}").format(file=output))
        _, card = open_model(model)
        sources = {k: v for k, v in self._sources(parameters, context).items()
                   if k in {m.name for m in card.modalities}}
        result = run_multisource(
            model, sources, output, ts_filter=FILTERS[self.parameterAsEnum(parameters, self.TS_FILTER, context)],
            ts_average=AVERAGES[self.parameterAsEnum(parameters, self.TS_AVERAGE, context)],
            say=feedback.pushInfo, cancel=CancelToken(poll=feedback.isCanceled))
        rasters = list(result.outputs.values())
        for task, path in result.outputs.items():
            feedback.pushInfo(f"wrote {path} ({task})")
            context.addLayerToLoadOnCompletion(
                path, context.LayerDetails(os.path.splitext(os.path.basename(path))[0], context.project(), "raster"))
        return {"TASK_RASTERS": rasters, "REPORT": result.report, self.OUTPUT: output}
