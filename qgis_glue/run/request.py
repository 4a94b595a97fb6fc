"""What a user asked for (layers, model, area, output) and its translation into engine parameters.

``RunRequest`` is the plain object the dock and the Processing algorithm both fill.
``build_params`` turns it into ``inference.segment.pipeline.SegmentParams``; it reads QGIS layers, so it
runs in the main thread (DESIGN.md rule 4: providers are cloned here, read later in the worker).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsRasterLayer,
    QgsRectangle,
)

from ...inference.models.card import CardOverrides
from ...inference.models.session import ModelInfo
from ...inference.segment.checks import output_crs
from ...inference.segment.modalities.named import area_of, build_inputs
from ...inference.segment.params import ImageInput, SegmentParams
from ...inference.segment.sink import check_writable
from ..i18n import language, tr
from ..layers.crs import as_crs, crs_string
from ..layers.source import source_for_layer

EXTENT_MODES = ("layer", "canvas", "drawn", "polygons")


class RequestError(ValueError):
    """The choices cannot make a run; the message says what to change."""


@dataclass
class RunRequest:
    model: str
    # role -> (layer, 1-based band). NDSM may be replaced by DSM and DTM entries.
    inputs: dict[str, tuple[QgsRasterLayer, int]]
    output: str
    extent: QgsRectangle | None = None  # None: the whole first input layer
    extent_crs: QgsCoordinateReferenceSystem | None = None
    polygons: list[QgsGeometry] = field(default_factory=list)  # run only over these
    polygons_crs: QgsCoordinateReferenceSystem | None = None
    crs: QgsCoordinateReferenceSystem | None = None  # output CRS; default: the first input's
    resolution: float | None = None  # metres; default: the model's
    confidence: bool = False
    tile: int | None = None
    margin: int | None = None
    batch: int | None = None
    stitch: str = "crop"
    device: str = "auto"
    rescale: bool = False  # 16-bit or 0..1 imagery mapped onto the 0..255 the model expects
    overrides: CardOverrides | None = None
    lang: str | None = None  # class names' language; None: QGIS's ("fr" or "en")
    vectorize: bool = False  # also write the map as polygons (OUT.gpkg beside OUT.tif)
    vector_mmu: float | None = None  # their minimum mapping unit in m^2; None: the engine's default
    # the model as the dock already read it (with these overrides): the run does not parse it again
    model_info: ModelInfo | None = None
    # a multi-source model: its card and named inputs (ImageInput, SeriesInput, MetadataInput of
    # inference.segment.params, keyed by the card's modality name) instead of ``inputs``
    card: object | None = None
    named: dict | None = None
    ts_filter: str = "auto"
    ts_average: str = "none"
    imagery: str = ""  # the imagery's name, for the results' names; default: the first input layer's

    def imagery_name(self) -> str:
        return self.imagery or (next(iter(self.inputs.values()))[0].name() if self.inputs else "")


WEB = ("wms", "wcs", "arcgismapserver", "xyz")  # provider keys of layers served over the web


def is_web_layer(layer: QgsRasterLayer) -> bool:
    return layer.providerType() in WEB


def _to(crs_from, crs_to, project, near: QgsRectangle | None = None):
    """The transform between two CRS, or None when they place points within a millimetre of each
    other (the same CRS, or e.g. a hand-written WKT of EPSG:2154 against EPSG:2154)."""
    if crs_from == crs_to or not crs_from.isValid():
        return None
    xform = QgsCoordinateTransform(crs_from, crs_to, project.transformContext())
    if near is not None and not near.isEmpty():
        try:
            for p in (near.center(), QgsPointXY(near.xMinimum(), near.yMinimum())):
                q = xform.transform(p)
                if abs(q.x() - p.x()) > 1e-3 or abs(q.y() - p.y()) > 1e-3:
                    return xform
            return None
        except QgsCsException:  # cannot tell: transform to be safe
            return xform
    return xform


def _extent_in(request: RunRequest, crs, project) -> tuple[float, float, float, float] | None:
    rect = None
    if request.polygons:
        rect = QgsRectangle()
        rect.setMinimal()
        for g in request.polygons:
            rect.combineExtentWith(g.boundingBox())
        src_crs = request.polygons_crs or crs
    elif request.extent is not None:
        rect, src_crs = request.extent, request.extent_crs or crs
    if rect is None:
        return None
    return rect_in(rect, src_crs, crs, project)


def rect_in(rect: QgsRectangle, rect_crs, crs, project) -> tuple[float, float, float, float]:
    """``rect`` (in ``rect_crs``; None: already in ``crs``) as (xmin, ymin, xmax, ymax) in ``crs``."""
    if rect.isEmpty():
        raise RequestError(tr("the chosen area is empty"))
    xform = _to(rect_crs or crs, crs, project, rect)
    if xform is not None:
        rect = xform.transformBoundingBox(rect)
    return (rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum())


def _polygons_in(request: RunRequest, crs, project) -> list[dict] | None:
    if not request.polygons:
        return None
    src_crs = request.polygons_crs or crs
    near = QgsRectangle()
    near.setMinimal()
    for g in request.polygons:
        near.combineExtentWith(g.boundingBox())
    xform = _to(src_crs, crs, project, near)
    out = []
    for g in request.polygons:
        g = QgsGeometry(g)
        if xform is not None:
            g.transform(xform)
        if not g.isEmpty():
            out.append(json.loads(g.asJson()))
    if not out:
        raise RequestError(tr("the polygon layer has no polygons to run over"))
    return out


def build_params(request: RunRequest, project: QgsProject | None = None) -> SegmentParams:
    """Main thread only. Raises RequestError with what to change."""
    project = project or QgsProject.instance()
    check_writable(request.output)
    if request.named is not None:
        return _named_params(request, project)
    if not request.inputs:
        raise RequestError(tr("no input layers chosen"))
    first_layer = next(iter(request.inputs.values()))[0]
    if is_web_layer(first_layer):
        _needs_an_area(request, first_layer.name())
    # one source per layer, asked for as many bands as any role uses
    hints: dict[str, int] = {}
    for role, (layer, band) in request.inputs.items():
        if not layer.isValid():
            raise RequestError(tr("{role}: the layer {name} is not valid (is its file still there?)").format(
                role=role, name=layer.name()))
        hints[layer.id()] = max(hints.get(layer.id(), 0), band)
    sources: dict = {}
    first_crs = crs_string(first_layer.crs()) if first_layer.crs().isValid() else ""
    e = first_layer.extent()
    bounds = (e.xMinimum(), e.yMinimum(), e.xMaximum(), e.yMaximum())
    if request.crs is None and first_layer.providerType() == "gdal":
        # a file: the engine reads its CRS from the file itself (the layer's may be a look-alike WKT)
        sources[first_layer.id()] = source_for_layer(first_layer, band_count_hint=hints[first_layer.id()])
        first_crs, bounds = sources[first_layer.id()].info.crs, sources[first_layer.id()].info.bounds
    if first_crs and first_layer.crs().isValid():  # where a metric CRS is to be picked: the area's, if any
        bounds = _extent_in(request, first_layer.crs(), project) or bounds
    # the engine decides (the same policy as the command line's): here only what the user chose; a
    # metric CRS it picks is said in the result's notes, as the command line's run says it
    notes: list[str] = []
    crs_text = output_crs(crs_string(request.crs) if request.crs is not None and request.crs.isValid() else None,
                          first_crs, bounds, crs_string(project.crs()) if project.crs().isValid() else "",
                          option=tr("the output CRS"), name=first_layer.name(), notes=notes)
    crs = as_crs(crs_text)
    entries = []
    for role, (layer, band) in request.inputs.items():
        if layer.id() not in sources:
            sources[layer.id()] = source_for_layer(layer, crs=crs, band_count_hint=hints[layer.id()])
        entries.append((role, sources[layer.id()], band))
    return SegmentParams(
        model=request.model,
        sources=entries,
        output=request.output,
        overrides=request.overrides,
        tile=request.tile or None,
        margin=request.margin,
        batch=request.batch or None,
        resolution=request.resolution or None,
        extent=_extent_in(request, crs, project),
        crs=crs_text,
        stitch=request.stitch,
        confidence=request.confidence,
        device=request.device,
        polygons=_polygons_in(request, crs, project),
        lang=request.lang or language(),
        notes=notes,
        rescale=request.rescale,
    )


def _needs_an_area(request: RunRequest, name: str) -> None:
    """A web layer is read over an area, never whole (a country)."""
    if request.extent is None and not request.polygons:
        raise RequestError(tr(
            "{name} is a web layer covering a whole country: choose the current map view, "
            "draw an area or pick polygons as the area to segment"
        ).format(name=name))


def _named_params(request: RunRequest, project: QgsProject) -> SegmentParams:
    """A multi-source model's run: its named inputs as typed, the area in the first input's CRS (the
    engine's choice), and only the options its card leaves open (tiles and resolution are the card's)."""
    web = [g.info.name for i in request.named.values() if isinstance(i, ImageInput) for g in i.given()
           if getattr(g, "key", "") in WEB]
    if web:
        _needs_an_area(request, web[0])
    crs = as_crs(area_of(request.card, build_inputs(request.card, request.named), None)[0])
    return SegmentParams(model=request.model, sources=[], output=request.output, inputs=request.named,
                         ts_filter=request.ts_filter, ts_average=request.ts_average,
                         extent=_extent_in(request, crs, project), polygons=_polygons_in(request, crs, project),
                         stitch=request.stitch, confidence=request.confidence, device=request.device,
                         lang=request.lang or language())
