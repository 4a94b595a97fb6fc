"""Processing algorithm flair:segment_multisource — a multi-source FLAIR-HUB model (schema-2 card)
over raster layers: aerial, elevation, SPOT and Sentinel time series, one styled raster per task.
flair:segment's run with other inputs: the same preparation, run, loading and polygons.

Each modality is a raster LAYER parameter (a loaded layer or a file path, from ``qgis_process``
too) that must be backed by a file GDAL reads: the engine reads each modality on its own grid from
the files. A time series may instead be a folder of dated rasters (``S2_FOLDER``…); its dates
file and mask are file parameters. EXTENT (any CRS) limits the run to a rectangle. Layers become
the engine's typed inputs in the main thread (``prepare_inputs``).
"""
from __future__ import annotations

import os

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputFile,
    QgsProcessingOutputMultipleLayers,
    QgsProcessingOutputString,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsRectangle,
)

from ...inference.models.card import card_of_model
from ...inference.segment.modalities.metadata import needs as metadata_needs
from ...inference.segment.modalities.named import FILTERS
from ...inference.segment.modalities.timeseries import AVERAGES
from ...inference.segment.params import ImageInput, MetadataInput, SeriesInput
from ...inference.segment.sources import RasterSource
from ..engine_words import CHOICES, DEVICE_LABELS, STITCH_LABELS
from ..i18n import QT_TR_NOOP, tr
from ..layers.files import layer_file
from ..layers.source import source_for_layer
from ..run.request import is_web_layer
from .segment import DEVICES, STITCH, SegmentAlgorithm, choices

# labels are translated where shown (tr), so a French QGIS shows them in French. Short: QGIS 3.22's
# dialog does not wrap them, and one long label made the whole parameter panel scroll sideways at
# its default size; what they leave out is in the help beside them.
SERIES = ("S2", "S1A", "S1D")
SERIES_NAMES = {"S2": QT_TR_NOOP("Sentinel-2"), "S1A": QT_TR_NOOP("Sentinel-1 asc."),
                "S1D": QT_TR_NOOP("Sentinel-1 desc.")}
IMAGES = (("DEM", QT_TR_NOOP("Elevation (DSM, DTM bands)")), ("SPOT", QT_TR_NOOP("SPOT 6-7 (R, G, B, NIR)")))
META = (("META_DATE", "date", QT_TR_NOOP("Aerial date (YYYY-MM-DD)")),
        ("META_TIME", "time", QT_TR_NOOP("Aerial time (HH:MM)")),
        ("META_CAMERA", "camera", QT_TR_NOOP("Aerial camera")),
        ("META_ALTITUDE", "altitude", QT_TR_NOOP("Ground altitude (m)")))


class MultiSourceAlgorithm(SegmentAlgorithm):
    AERIAL, AERIAL_IRC, TS_FILTER, TS_AVERAGE = "AERIAL", "AERIAL_IRC", "TS_FILTER", "TS_AVERAGE"

    def name(self) -> str:
        return "segment_multisource"

    def displayName(self) -> str:  # noqa: N802
        return tr("Segment with a multi-source model (FLAIR-HUB, FLAIR#2 U-T&T)")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Runs a converted FLAIR-HUB multi-source model (aerial, elevation, SPOT, Sentinel-2/-1 time "
            "series) and writes one styled GeoTIFF per task: OUTPUT_landcover.tif (FLAIR codes) and/or "
            "OUTPUT_lpis.tif (LPIS crop types), optionally their confidence rasters and polygons (one "
            "GeoPackage per map), plus OUTPUT_report.json listing each modality, its files and the dates "
            "used.\n\n"
            "Give only the modalities the model needs (its card in the Segment with FLAIR dock lists them). "
            "Aerial: an R,G,B,NIR file, or an IRC file (NIR, R, G). A time series is a GeoTIFF of "
            "date-major band groups; its dates come from the dates file (one YYYYMMDD per line), else "
            "from its band descriptions; the optional mask (snow, cloud per date) filters cloudy dates "
            "per tile. Each modality is a raster layer (or a file path) backed by a file; a web or "
            "in-memory layer must first be saved as a GeoTIFF. A time series may instead be a folder of "
            "dated rasters (S2_FOLDER, S1A_FOLDER, S1D_FOLDER; dates from the file names). Elevation is one "
            "2-band layer (DEM: DSM, DTM) or two layers (DSM and DTM). EXTENT (any CRS) limits the run to a "
            "rectangle; empty: the first modality's whole extent. Each layer has to cover the area.\n\n"
            "FLAIR#2 U-T&T models trained with aerial metadata also need META_DATE, META_TIME, META_CAMERA and "
            "META_ALTITUDE (the images' acquisition, e.g. from the BD ORTHO's metadata: date YYYY-MM-DD, time "
            "HH:MM, camera e.g. UCE-M3-f100-s06, ground altitude in metres); other models ignore them."
        )

    def createInstance(self):  # noqa: N802
        return MultiSourceAlgorithm()

    def initAlgorithm(self, config=None):  # noqa: N802
        file, raster = QgsProcessingParameterFile, QgsProcessingParameterRasterLayer
        self.addParameter(file(self.MODEL, tr("Multi-source ONNX model"), extension="onnx"))
        self.addParameter(raster(self.AERIAL, tr("Aerial R, G, B, NIR"), optional=True))
        self.addParameter(raster(self.AERIAL_IRC, tr("Aerial IRC (NIR, R, G)"), optional=True))
        for key, label in IMAGES:
            self.addParameter(raster(key, tr(label), optional=True))
        self.addParameter(raster("DSM", tr("Elevation: DSM layer"), optional=True))
        self.addParameter(raster("DTM", tr("Elevation: DTM layer"), optional=True))
        for key in SERIES:
            name = tr(SERIES_NAMES[key])
            self.addParameter(raster(key, tr("{name} series").format(name=name), optional=True))
            self.addParameter(file(f"{key}_FOLDER", tr("{name} as a folder")
                                   .format(name=name), behavior=QgsProcessingParameterFile.Behavior.Folder,
                                   optional=True))
            self.addParameter(file(f"{key}_DATES", tr("{name} dates file").format(name=name), optional=True))
            self.addParameter(file(f"{key}_MASK", tr("{name} cloud mask").format(name=name), optional=True))
        self.addParameter(QgsProcessingParameterEnum(self.TS_FILTER, tr("Drop cloudy dates (needs a mask)"),
                                                     choices(FILTERS, CHOICES), defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum(self.TS_AVERAGE, tr("Average each series"),
                                                     choices(AVERAGES, CHOICES), defaultValue=0))
        for key, _, label in META:
            if key == "META_ALTITUDE":
                self.addParameter(QgsProcessingParameterNumber(
                    key, tr(label), QgsProcessingParameterNumber.Type.Double, optional=True))
            else:
                self.addParameter(QgsProcessingParameterString(key, tr(label), optional=True))
        self.add_advanced([QgsProcessingParameterEnum(self.DEVICE, tr("Device"), choices(DEVICES, DEVICE_LABELS),
                                                      defaultValue=0),
                           QgsProcessingParameterEnum(self.STITCH, tr("Stitching"), choices(STITCH, STITCH_LABELS),
                                                      defaultValue=0)])
        self.addParameter(QgsProcessingParameterExtent(
            self.EXTENT, tr("Extent"), optional=True))
        self.addParameter(QgsProcessingParameterBoolean(self.CONFIDENCE, tr("Also write a confidence raster"), False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, tr("Output name"), "GeoTIFF (*.tif)"))
        self.addParameter(QgsProcessingParameterNumber(
            self.VECTORS_MMU, tr("Polygons: minimum unit (m²)"),  # empty: 4 pixels; short, see above
            QgsProcessingParameterNumber.Type.Double, optional=True, minValue=0.0))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.VECTORS, tr("Also write polygons"), tr("GeoPackage (*.gpkg)"), optional=True,
            createByDefault=False))
        self.addOutput(QgsProcessingOutputMultipleLayers("TASK_RASTERS", tr("One raster per task")))
        self.addOutput(QgsProcessingOutputVectorLayer("POLYGONS_LAYER", tr("Polygons layer")))
        self.addOutput(QgsProcessingOutputFile("REPORT", tr("Run report")))
        self.addOutput(QgsProcessingOutputString("DEVICE_USED", tr("Device that ran the model")))

    def _layer_input(self, parameters, key: str, context):
        """The file behind a raster layer parameter ("" when not given); the aerial imagery's may be a
        web layer (IGN's BD ORTHO WMS), given as the engine's source of it; another layer without a
        file is refused, saying what to do."""
        layer = self.parameterAsRasterLayer(parameters, key, context)
        if layer is None:
            return ""
        path = layer_file(layer, ("gdal",))
        if path is None and key in (self.AERIAL, self.AERIAL_IRC) and is_web_layer(layer):
            return source_for_layer(layer)
        if path is None:
            raise QgsProcessingException(tr(
                "{key}: the layer {name} is not a file (a web, in-memory or database layer); multi-source "
                "models read files: save it as a GeoTIFF and give that").format(key=key, name=layer.name()))
        return path

    def _inputs(self, parameters, context) -> dict:
        """The named inputs given (ImageInput, SeriesInput), by the card's modality name."""
        def value(key: str) -> str:
            if key.endswith(("_DATES", "_MASK")):
                return self.parameterAsFile(parameters, key, context)
            folder = self.parameterAsFile(parameters, f"{key}_FOLDER", context) if key in SERIES else ""
            return self._layer_input(parameters, key, context) or folder

        named: dict = {}
        aerial, irc = value(self.AERIAL), value(self.AERIAL_IRC)  # once: a web layer's source clones its provider
        if aerial:
            named["AERIAL_RGBI"] = ImageInput(aerial)
        elif irc:
            named["AERIAL_RGBI"] = ImageInput(bands={"NIR": (irc, 1), "R": (irc, 2), "G": (irc, 3)})
        for key, full in (("DEM", "DEM_ELEV"), ("SPOT", "SPOT_RGBI")):
            if value(key):
                named[full] = ImageInput(value(key))
        if not value("DEM") and (value("DSM") or value("DTM")):  # the engine names the one missing
            named["DEM_ELEV"] = ImageInput(bands={k: (value(k), 1) for k in ("DSM", "DTM") if value(k)})
        for key, full in zip(SERIES, ("SENTINEL2_TS", "SENTINEL1-ASC_TS", "SENTINEL1-DESC_TS")):
            if value(key):
                named[full] = SeriesInput(value(key), value(f"{key}_DATES") or None, value(f"{key}_MASK") or None)
        return named

    def _metadata(self, parameters, context, card) -> dict[str, str] | None:
        """META_* as the engine's META.KEY values, for a model that needs them (refused by parameter
        name when one is missing); None for other models, which ignore them."""
        info = metadata_needs(card)
        if not info:
            return None
        out, missing = {}, []
        for key, name, _ in META:
            given = parameters.get(key) not in (None, "")
            if key == "META_ALTITUDE":
                text = f"{self.parameterAsDouble(parameters, key, context):g}" if given else ""
            else:
                text = self.parameterAsString(parameters, key, context).strip() if given else ""
            if text:
                out[name] = text
            elif name in info["needs"]:
                missing.append(key)
        if missing:
            raise QgsProcessingException(tr(
                "this model was trained with aerial metadata: give {keys} (the aerial images' acquisition, "
                "e.g. from the BD ORTHO's metadata)").format(keys=", ".join(missing)))
        return out

    def prepare_inputs(self, parameters, context, feedback) -> bool:
        """Main thread: layers to the engine's typed inputs, then flair:segment's preparation."""
        from ..run.request import RunRequest

        model = self.parameterAsFile(parameters, self.MODEL, context)
        card = card_of_model(model)
        if card is None:
            raise QgsProcessingException(tr("{file} is not a multi-source model: run it with “Segment with FLAIR”")
                                         .format(file=model))
        named = {k: v for k, v in self._inputs(parameters, context).items() if k in {m.name for m in card.modalities}}
        meta = self._metadata(parameters, context, card)
        if meta is not None:
            named["META"] = MetadataInput(meta)
        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if os.path.splitext(output)[1].lower() not in (".tif", ".tiff", ".vrt"):
            raise QgsProcessingException(tr("the output must be a GeoTIFF (.tif) or a mosaic of blocks (.vrt), not "
                                            "{file}").format(file=output))
        first = next((v for k, v in named.items() if k != "META"), None)
        given = first.given()[0] if isinstance(first, ImageInput) else getattr(first, "path", "") or ""
        request = RunRequest(
            model=model, inputs={}, output=output, card=card, named=named,
            imagery=given.info.name if isinstance(given, RasterSource) else
            os.path.splitext(os.path.basename(given.rstrip("/\\")))[0],
            ts_filter=FILTERS[self.parameterAsEnum(parameters, self.TS_FILTER, context)],
            ts_average=AVERAGES[self.parameterAsEnum(parameters, self.TS_AVERAGE, context)],
            confidence=self.parameterAsBool(parameters, self.CONFIDENCE, context),
            stitch=STITCH[self.parameterAsEnum(parameters, self.STITCH, context)],
            device=DEVICES[self.parameterAsEnum(parameters, self.DEVICE, context)])
        if parameters.get(self.EXTENT) not in (None, ""):
            request.extent_crs = self.parameterAsExtentCrs(parameters, self.EXTENT, context)
            request.extent = QgsRectangle(self.parameterAsExtent(parameters, self.EXTENT, context, request.extent_crs))
        return self._prepare(request, parameters, context, None, context.project())
