"""Processing algorithm flair:segment — the dock's run, without the dock.

Layers are turned into engine sources in ``prepareAlgorithm`` (main thread in the GUI; DESIGN.md
rule 4), the engine runs in ``processAlgorithm`` (Processing's worker thread), cancelling
through the feedback object.
"""
from __future__ import annotations

import os

from qgis.core import (
    QgsProcessing,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingOutputFile,
    QgsProcessingOutputRasterLayer,
    QgsProcessingOutputString,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterBand,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsRectangle,
)

from ...inference.core.cancel import Cancelled, CancelToken
from ...inference.scale.mosaic import is_mosaic
from ...inference.segment.params import confidence_path
from ...inference.segment.pipeline import segment
from ...inference.segment.report import format_areas
from ..engine_words import DEVICE_LABELS, STITCH_LABELS
from ..engine_words import band as band_word
from ..errors import EXPECTED, processing_words, said_here, user_message
from ..i18n import number, tr
from ..icons import icon
from ..run.naming import confidence_name, result_name
from ..styling.confidence import ResultStyler
from .base import FlairAlgorithm, feedback_progress

# the engine's values, in the order of their labels in the enums (said as the dock says them)
STITCH = tuple(STITCH_LABELS)
DEVICES = tuple(DEVICE_LABELS)


def choices(values: tuple[str, ...], labels: dict[str, str]) -> list[str]:
    return [tr(labels[v]) for v in values]


def assign_roles(roles, rgb, nir, nir_band, ndsm, ndsm_band, dsm, dtm) -> tuple[dict, list[str]]:
    """role -> (layer, band) for the model's roles from the algorithm's layer parameters, and the
    names of given layers the model does not use. Raises QgsProcessingException naming what is missing."""
    from ..layers.prefill import is_web_colour

    inputs: dict = {}
    used: set = set()
    missing = []
    for role, band in (("R", 1), ("G", 2), ("B", 3)):
        if role in roles:
            if rgb is None:
                missing.append(tr("{band} (set RGB)").format(band=band_word(role)))
            else:
                inputs[role] = (rgb, band)
                used.add("RGB")
    if "NIR" in roles:
        if nir is not None:
            inputs["NIR"] = (nir, nir_band or 1)
            used.add("NIR")
        elif rgb is not None and rgb.bandCount() >= 4 and not is_web_colour(rgb):
            inputs["NIR"] = (rgb, 4)
        else:
            missing.append(tr("{band} (set NIR, e.g. the IRC ortho, band 1)").format(band=band_word("NIR")))
    if "NDSM" in roles:
        if ndsm is not None:
            inputs["NDSM"] = (ndsm, ndsm_band or 1)
            used.add("NDSM")
        elif dsm is not None and dtm is not None:
            inputs["DSM"], inputs["DTM"] = (dsm, 1), (dtm, 1)
            used |= {"DSM", "DTM"}
        else:
            missing.append(tr("{band} (set NDSM, or both DSM and DTM)").format(band=band_word("NDSM")))
    for role, layer in (("DSM", dsm), ("DTM", dtm)):
        if role in roles:
            if layer is None:
                missing.append(band_word(role))
            else:
                inputs[role] = (layer, 1)
                used.add(role)
    if missing:
        raise QgsProcessingException(tr("the model takes {bands}; no layer given for {missing}").format(
            bands=", ".join(band_word(r) for r in roles), missing=tr("; ").join(missing)))
    given = {"RGB": rgb, "NIR": nir, "NDSM": ndsm, "DSM": dsm, "DTM": dtm}
    unused = [k for k, v in given.items() if v is not None and k not in used]
    return inputs, unused


class SegmentAlgorithm(FlairAlgorithm):
    MODEL, RGB, NIR, NIR_BAND, NDSM, NDSM_BAND, DSM, DTM = (
        "MODEL", "RGB", "NIR", "NIR_BAND", "NDSM", "NDSM_BAND", "DSM", "DTM")
    EXTENT, POLYGONS, RESOLUTION, CRS, CONFIDENCE = "EXTENT", "POLYGONS", "RESOLUTION", "CRS", "CONFIDENCE"
    TILE, MARGIN, BATCH, STITCH, DEVICE, OUTPUT = "TILE", "MARGIN", "BATCH", "STITCH", "DEVICE", "OUTPUT"
    RESCALE = "RESCALE"
    WORKERS, SCHEDULER = "WORKERS", "SCHEDULER"
    VECTORS, VECTORS_MMU = "VECTORS", "VECTORS_MMU"

    def name(self) -> str:
        return "segment"

    def displayName(self) -> str:  # noqa: N802
        return tr("Segment with FLAIR")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Classifies aerial imagery into the FLAIR land-cover classes (codes 1..19, 0 = nodata) with an "
            "ONNX model, and writes a styled GeoTIFF (.qml beside it), an optional confidence raster "
            "(max probability x 255) and a JSON run report.\n\n"
            "Model: an .onnx file with a FLAIR model card; empty = the built-in spectral-and-height baseline "
            "(R, G, B, NIR, NDSM; a transparent stand-in, not a trained FLAIR network).\n"
            "Inputs: only those the model takes are used. RGB fills R, G, B from bands 1-3 (band 4 fills NIR "
            "if no NIR layer is given); NIR: e.g. the BD ORTHO IRC layer, band 1; NDSM: height above ground "
            "in metres, or give DSM and DTM instead. Web (WMS/WMTS) layers work; give them an extent.\n"
            "Area: the whole first input, or EXTENT, or only the tiles touching POLYGONS (nodata elsewhere).\n"
            "Resolution: 0 = the model's (0.2 m for FLAIR).\n"
            "Polygons: optionally also the map as a GeoPackage of land-cover polygons (as flair:vectorize "
            "writes them; minimum mapping unit empty: 4 pixels)."
        )

    def icon(self):
        return icon("flair.svg")

    def createInstance(self):  # noqa: N802
        return SegmentAlgorithm()

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(
            self.MODEL, tr("ONNX model (empty: built-in baseline)"), extension="onnx", optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(self.RGB, tr("RGB imagery (R, G, B = bands 1, 2, 3)"), optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(self.NIR, tr("Near-infrared (e.g. BD ORTHO IRC)"), optional=True))
        self.addParameter(QgsProcessingParameterBand(self.NIR_BAND, tr("NIR band"), 1, self.NIR, optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(self.NDSM, tr("Height above ground, metres (nDSM)"), optional=True))
        self.addParameter(QgsProcessingParameterBand(self.NDSM_BAND, tr("nDSM band"), 1, self.NDSM, optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(self.DSM, tr("DSM (with DTM, stands for nDSM)"), optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(self.DTM, tr("DTM"), optional=True))
        self.addParameter(QgsProcessingParameterExtent(self.EXTENT, tr("Extent (empty: the whole first input)"), optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.POLYGONS, tr("Only where these polygons are"), [QgsProcessing.SourceType.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.RESOLUTION, tr("Resolution in metres (0: the model's)"), QgsProcessingParameterNumber.Type.Double, 0.0,
            optional=True, minValue=0.0))
        self.addParameter(QgsProcessingParameterBoolean(self.CONFIDENCE, tr("Also write a confidence raster"), False))
        advanced = [
            QgsProcessingParameterCrs(self.CRS, tr("Output CRS (empty: the first input's)"), optional=True),
            QgsProcessingParameterNumber(self.TILE, tr("Tile size in pixels (0: the model's)"),
                                         QgsProcessingParameterNumber.Type.Integer, 0, optional=True, minValue=0),
            QgsProcessingParameterNumber(self.MARGIN, tr("Tile margin in pixels (-1: the model's)"),
                                         QgsProcessingParameterNumber.Type.Integer, -1, optional=True, minValue=-1),
            QgsProcessingParameterNumber(self.BATCH, tr("Tiles per batch (0: automatic)"),
                                         QgsProcessingParameterNumber.Type.Integer, 0, optional=True, minValue=0),
            QgsProcessingParameterEnum(self.STITCH, tr("Stitching"), choices(STITCH, STITCH_LABELS), defaultValue=0),
            QgsProcessingParameterEnum(self.DEVICE, tr("Device"), choices(DEVICES, DEVICE_LABELS), defaultValue=0),
            QgsProcessingParameterBoolean(self.RESCALE, tr("Rescale 16-bit or 0..1 imagery to 0..255"), False),
        ]
        self.add_advanced(advanced)
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT, tr("Land cover")))
        self.addParameter(QgsProcessingParameterNumber(
            self.VECTORS_MMU, tr("Polygons: minimum mapping unit (m², empty: 4 pixels)"),
            QgsProcessingParameterNumber.Type.Double, optional=True, minValue=0.0))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.VECTORS, tr("Also write polygons"), tr("GeoPackage (*.gpkg)"), optional=True,
            createByDefault=False))
        self.addOutput(QgsProcessingOutputVectorLayer("POLYGONS_LAYER", tr("Polygons layer")))
        self.addOutput(QgsProcessingOutputRasterLayer("CONFIDENCE_RASTER", tr("Confidence")))
        self.addOutput(QgsProcessingOutputFile("REPORT", tr("Run report (JSON)")))
        self.addOutput(QgsProcessingOutputString("DEVICE_USED", tr("Device that ran the model")))

    def add_advanced(self, parameters: list) -> None:
        """``parameters`` and Dask's (issue 12: blocks on local worker processes or an existing
        cluster; file inputs only), under Advanced."""
        for p in [*parameters, QgsProcessingParameterNumber(
                self.WORKERS, tr("Dask: local worker processes (0: run in QGIS)"),
                QgsProcessingParameterNumber.Type.Integer, 0, optional=True, minValue=0),
                QgsProcessingParameterString(self.SCHEDULER, tr("Dask: scheduler address or file (tcp://host:8786)"),
                                             optional=True)]:
            p.setFlags(p.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
            self.addParameter(p)

    # -- main thread ------------------------------------------------------------------------------
    def prepare_inputs(self, parameters, context, feedback) -> bool:
        from .. import deps
        from ..models.info import builtin_model_path, read_info
        from ..run.request import RunRequest

        missing = deps.check()
        if missing:
            raise QgsProcessingException(deps.instructions(missing))
        model = self.parameterAsFile(parameters, self.MODEL, context) or builtin_model_path()
        info, problem = read_info(model, words=processing_words())
        if info is None:
            raise QgsProcessingException(problem)
        layer = lambda name: self.parameterAsRasterLayer(parameters, name, context)  # noqa: E731
        inputs, unused = assign_roles(
            info.card.roles, layer(self.RGB), layer(self.NIR), self.parameterAsInt(parameters, self.NIR_BAND, context),
            layer(self.NDSM), self.parameterAsInt(parameters, self.NDSM_BAND, context), layer(self.DSM), layer(self.DTM))
        for name in unused:
            feedback.pushWarning(tr("{name} is not used: the model takes {roles}").format(
                name=name, roles=", ".join(info.card.roles)))
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        if os.path.splitext(output)[1].lower() not in (".tif", ".tiff", ".vrt"):
            raise QgsProcessingException(tr("the output must be a GeoTIFF (.tif) or a mosaic of blocks (.vrt), not "
                                            "{file}").format(file=output))
        crs = self.parameterAsCrs(parameters, self.CRS, context)
        request = RunRequest(
            model=model, inputs=inputs, output=output, crs=crs if crs.isValid() else None,
            resolution=self.parameterAsDouble(parameters, self.RESOLUTION, context) or None,
            confidence=self.parameterAsBool(parameters, self.CONFIDENCE, context),
            tile=self.parameterAsInt(parameters, self.TILE, context) or None,
            margin=_margin(self.parameterAsInt(parameters, self.MARGIN, context)),
            batch=self.parameterAsInt(parameters, self.BATCH, context) or None,
            stitch=STITCH[self.parameterAsEnum(parameters, self.STITCH, context)],
            device=DEVICES[self.parameterAsEnum(parameters, self.DEVICE, context)],
            rescale=self.parameterAsBool(parameters, self.RESCALE, context),
        )
        if parameters.get(self.EXTENT) not in (None, ""):
            extent_crs = self.parameterAsExtentCrs(parameters, self.EXTENT, context)
            request.extent = QgsRectangle(self.parameterAsExtent(parameters, self.EXTENT, context, extent_crs))
            request.extent_crs = extent_crs
        source = self.parameterAsSource(parameters, self.POLYGONS, context)
        if source is not None:
            request.polygons = [f.geometry() for f in source.getFeatures() if f.hasGeometry()]
            request.polygons_crs = source.sourceCrs()
            if not request.polygons:
                raise QgsProcessingException(tr("the polygon layer has no polygons to run over"))
        # Processing's worker thread runs process() with a context of its own, whose layers to load
        # replace those of the dialog's (registered in parameterAsOutputLayer): process() registers
        # them again, or the toolbox dialog, batch mode and models would load nothing
        load = context.layerToLoadOnCompletionDetails(output).project if context.willLoadLayerOnCompletion(
            output) else None
        return self._prepare(request, parameters, context, info, load)

    def _prepare(self, request, parameters, context, info, load_into) -> bool:
        """What ``process()`` runs, built here in the main thread (any model): the engine's
        parameters, the polygons asked for, the project the results load into (None: none)."""
        from ..run.request import build_params

        self._params = build_params(request, context.project())
        self._vectors = self._polygons_request(parameters, context, request.output)
        self._info, self._imagery, self._load_into = info, request.imagery_name(), load_into
        return True

    def _polygons_request(self, parameters, context, output: str):
        """The "Also write polygons" file (None: not asked for), refused now if it cannot be written."""
        from ...inference.core.errors import FlairError
        from ...inference.vector.checks import check_output
        from ..run.task import PolygonsRequest

        path = self.parameterAsFileOutput(parameters, self.VECTORS, context)
        if not path:
            return None
        try:
            check_output(path, [output])
        except FlairError as e:
            raise QgsProcessingException(user_message(e, processing_words())) from e
        mmu = parameters.get(self.VECTORS_MMU)
        return PolygonsRequest(path, None if mmu in (None, "") else
                               self.parameterAsDouble(parameters, self.VECTORS_MMU, context))

    # -- Processing's worker thread ---------------------------------------------------------------
    def process(self, parameters, context, feedback):
        params = self._params
        progress = feedback_progress(feedback)

        workers = self.parameterAsInt(parameters, self.WORKERS, context)
        scheduler = self.parameterAsString(parameters, self.SCHEDULER, context).strip()
        cancel = CancelToken(poll=feedback.isCanceled if feedback else None)
        if workers or scheduler or is_mosaic(params.output):  # NAME.vrt: a mosaic of blocks, as on the command line
            from ...inference.scale.job import ScaleJob  # Dask is optional: loaded only when asked for
            from ...inference.scale.run import segment_blocks

            result = segment_blocks(ScaleJob.from_params(params), workers=workers or None,
                                    scheduler=scheduler or None, progress=progress,
                                    cancel=cancel,
                                    on_note=lambda note: feedback.pushInfo(said_here(note, processing_words())))
        else:
            result = segment(params, progress=progress, cancel=cancel, info=self._info)
        for note in result.notes:  # what the run decided for the user (e.g. the area cut to the imagery)
            feedback.pushWarning(said_here(note, processing_words()))
        names = [result_name(self._imagery, params.model, m.task) for m in result.maps]
        for m, name in zip(result.maps, names):
            feedback.pushInfo(tr("wrote {file} on {device} in {seconds} s").format(
                file=m.output, device=result.device, seconds=number(result.seconds)) + "\n" + format_areas(result, m))
            self._load(context, m.output, name, self.OUTPUT)
            if m.confidence and os.path.isfile(m.confidence):
                self._load(context, m.confidence, confidence_name(name), "CONFIDENCE_RASTER")
        polygons = self._polygons(result, context, feedback, names) if self._vectors is not None else []
        return {
            self.OUTPUT: result.output,
            "TASK_RASTERS": [m.output for m in result.maps],
            self.VECTORS: self._vectors.output if polygons else None,
            "POLYGONS_LAYER": polygons[0] if polygons else None,
            "CONFIDENCE_RASTER": result.confidence or (confidence_path(result.output) if params.confidence else None),
            "REPORT": result.report,
            "DEVICE_USED": result.device,
        }

    def _load(self, context, path: str, name: str, output: str) -> None:
        if self._load_into is not None:
            details = QgsProcessingContext.LayerDetails(name, self._load_into, output)
            details.setPostProcessor(ResultStyler.create())
            context.addLayerToLoadOnCompletion(path, details)

    def _polygons(self, result, context, feedback, names: list[str]) -> list[str]:
        """Vectorise the finished maps as the dock does; the maps stay whatever happens to their
        polygons. Returns the layers' URIs."""
        from ..run.task import write_polygons

        try:
            done = write_polygons(result, self._params, self._vectors, lambda d, t: feedback.setProgress(100.0 * d / t),
                                  CancelToken(poll=feedback.isCanceled))
        except Cancelled:  # not "nothing was written": the maps are
            raise QgsProcessingException(tr("The land cover is there, but not its polygons: {error}").format(
                error=tr("cancelled"))) from None
        except EXPECTED as e:
            raise QgsProcessingException(tr("The land cover is there, but not its polygons: {error}").format(
                error=user_message(e, processing_words()))) from None
        uris = []
        for r, name in zip(done, names):
            feedback.pushInfo(tr("{n} polygons (minimum mapping unit {mmu} px, simplified at {tol} px) in {s} s").format(
                n=r.polygons, mmu=r.mmu_px, tol=number(r.simplify_px, None), s=number(r.seconds)))
            uris.append(f"{r.output}|layername={r.layer}")
            if context.project() is not None:  # loaded with the raster, as the GUI loads it
                self._load(context, uris[-1], tr("{name} polygons").format(name=name), "POLYGONS_LAYER")
        return uris


def _margin(value: int) -> int | None:
    return None if value is None or value < 0 else value
