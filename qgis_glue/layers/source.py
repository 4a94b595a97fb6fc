"""QGIS raster layers as engine sources (``inference.segment.sources.RasterSource``).

Built in the main thread, read in the engine's reader thread (DESIGN.md rule 4):

- a plain GDAL file becomes a ``FileSource`` (rasterio opens the file in the reader: faster,
  and the user's layer is never touched);
- anything else (WMS/WMTS, in-memory or VRT rasters, GeoPackage tables) becomes a
  ``ProviderSource``, which clones the layer's provider here and only ever reads the clone,
  from one reader at a time.

Web layers are read in requests aligned to our output grid, each at most ``max_size`` pixels
a side (DESIGN.md rule 5: QGIS's own WMS tiling is not pixel-exact), in the grid's CRS.
"""
from __future__ import annotations

import threading

import numpy as np
from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsDataProvider,
    QgsPointXY,
    QgsProject,
    QgsProviderRegistry,
    QgsRasterBlockFeedback,
    QgsRasterDataProvider,
    QgsRasterLayer,
    QgsRasterProjector,
    QgsRectangle,
)

from ...inference.core.grid import Grid
from ...inference.segment.sources import FileSource, RasterSource, SourceError, SourceInfo, SourceReader
from ..compat import METERS
from ..i18n import tr
from .crs import as_crs, crs_string
from .files import layer_file
from .wms import LogCatcher, check_wms_crs, is_plain_wms, uri_params, with_crs

DEFAULT_MAX_SIZE = 4096  # pixels a side per request; IGN's Géoplateforme allows 10000

_ARGB = (Qgis.DataType.ARGB32, Qgis.DataType.ARGB32_Premultiplied)
_NUMPY = {
    Qgis.DataType.Byte: np.uint8,
    Qgis.DataType.UInt16: np.uint16,
    Qgis.DataType.Int16: np.int16,
    Qgis.DataType.UInt32: np.uint32,
    Qgis.DataType.Int32: np.int32,
    Qgis.DataType.Float32: np.float32,
    Qgis.DataType.Float64: np.float64,
}
_WEB = ("wms", "wcs", "arcgismapserver")  # provider keys whose failed requests are only logged
_RESAMPLING = {
    "nearest": QgsRasterDataProvider.ResamplingMethod.Nearest,
    "bilinear": QgsRasterDataProvider.ResamplingMethod.Bilinear,
    "cubic": QgsRasterDataProvider.ResamplingMethod.Cubic,
}


def source_for_layer(
    layer: QgsRasterLayer,
    crs=None,
    max_size: int = DEFAULT_MAX_SIZE,
    band_count_hint: int | None = None,
) -> RasterSource:
    """The engine source for a raster layer. Main thread only; the result is read in a worker.

    ``crs`` (QgsCoordinateReferenceSystem or string): the output grid's CRS when known, so a WMS
    layer is prepared for it here rather than in the worker. ``band_count_hint``: the highest
    band the caller will ask for; a clear error now beats a failed run later.
    """
    if not layer.isValid():
        where = _safe_source(layer)
        if layer.providerType() == "wms":
            raise SourceError(tr("the layer {name} is not valid: the server {server} did not answer or lacks it").format(
                name=layer.name(), server=where))
        raise SourceError(tr("the layer {name} is not valid (source: {source})").format(name=layer.name(), source=where))
    src = None
    path = layer_file(layer, ("gdal",))
    if path is not None:
        try:
            src = FileSource(path)
        except SourceError:
            src = None
        # a file without a CRS that the user assigned one in QGIS: only the layer knows it
        if src is not None and not src.info.crs and layer.crs().isValid():
            src = None
    if src is None:
        src = ProviderSource(layer, crs=crs, max_size=max_size)
    if band_count_hint and band_count_hint > src.info.count:
        raise SourceError(tr("the layer {name} has {count} band(s), there is no band {band}").format(
            name=layer.name(), count=src.info.count, band=band_count_hint))
    return src


def _safe_source(layer) -> str:
    key = layer.providerType()
    if key == "wms":
        return uri_params(layer.source()).param("url") or layer.source()
    return layer.source()


class ProviderSource(RasterSource):
    """A layer read through a clone of its QGIS provider (see module doc).

    WMS providers give one ARGB32 band: it is offered as bands 1, 2, 3 = the image's red,
    green and blue (so an IRC layer's band 1 is NIR), alpha 0 = nodata.
    """

    def __init__(self, layer: QgsRasterLayer, crs=None, max_size: int = DEFAULT_MAX_SIZE):
        provider = layer.dataProvider()
        if provider is None or not provider.isValid():
            raise SourceError(tr("the layer {name} has no valid data provider").format(name=layer.name()))
        if max_size < 1:
            raise ValueError(f"max_size must be >= 1 (got {max_size})")
        self.max_size = int(max_size)
        self.key = provider.name()
        self.uri = provider.dataSourceUri()
        self.url = _safe_source(layer)
        self.layer_crs = QgsCoordinateReferenceSystem(layer.crs())
        self.argb = provider.dataType(1) in _ARGB
        if not self.argb:
            for b in range(1, provider.bandCount() + 1):
                if provider.dataType(b) not in _NUMPY:
                    raise SourceError(tr("{name} band {band}: data type {type} cannot be read").format(
                        name=layer.name(), band=b, type=provider.dataType(b)))
        ext = self.layer_extent = QgsRectangle(layer.extent())
        self.info = SourceInfo(
            name=layer.name(),
            crs=crs_string(self.layer_crs),
            bounds=(ext.xMinimum(), ext.yMinimum(), ext.xMaximum(), ext.yMaximum()),
            count=3 if self.argb else provider.bandCount(),
            res=_native_res(layer, provider),
        )
        self.context = QgsProject.instance().transformContext()  # a copy, safe in any thread
        self._providers = [(self.layer_crs, provider.clone())]
        self._lock = threading.Lock()
        if crs is not None:
            self.provider_for(as_crs(crs))

    def provider_for(self, crs: QgsCoordinateReferenceSystem):
        """(provider, reproject): a provider answering in ``crs``, or the layer's own clone and
        True when QGIS must reproject it (non-WMS layers; nearest neighbour)."""
        for c, p in self._providers:
            if c == crs or (c == self.layer_crs and _same_place(crs, c, self.layer_extent, self.context)):
                return p, False
        if not is_plain_wms(self.key, self.uri):
            return self._providers[0][1], True
        if not crs.authid():
            raise SourceError(tr("a WMS can only be asked for a CRS with an authority code, not {crs}").format(
                crs=crs.description()))
        check_wms_crs(self.uri, crs.authid())
        p = QgsProviderRegistry.instance().createProvider(
            "wms", with_crs(self.uri, crs.authid()), QgsDataProvider.ProviderOptions()
        )
        if p is None or not p.isValid():
            raise SourceError(tr("cannot open {name} from {source} in {crs}").format(
                name=self.info.name, source=self.url, crs=crs.authid()))
        self._providers.append((QgsCoordinateReferenceSystem(crs), p))
        return p, False

    def reader(self, grid: Grid, resampling: str = "bilinear") -> ProviderReader:
        return ProviderReader(self, grid, resampling)


def _same_place(a, b, extent: QgsRectangle, context) -> bool:
    """Whether CRS a and b give the same coordinates (1 mm) over ``extent`` (in b): a hand-written
    WKT named "EPSG:2154" (the IGN Montpellier files) is EPSG:2154 for our purposes."""
    if a.isGeographic() != b.isGeographic() or extent.isEmpty():
        return False
    tol = 1e-8 if b.isGeographic() else 1e-3
    try:
        t = QgsCoordinateTransform(b, a, context)
        for x, y in ((extent.xMinimum(), extent.yMinimum()), (extent.xMaximum(), extent.yMaximum())):
            p = t.transform(QgsPointXY(x, y))
            if abs(p.x() - x) > tol or abs(p.y() - y) > tol:
                return False
    except QgsCsException:  # a point that does not transform: not the same place
        return False
    return True


def _native_res(layer, provider) -> float:
    if provider.xSize() > 0:
        return layer.extent().width() / provider.xSize()
    # web layers have no native size: BD ORTHO's 20 cm is the best guess (the engine picks the
    # grid's resolution from the model anyway)
    if layer.crs().mapUnits() == METERS:
        return 0.2
    return 0.2 / 111320.0 if layer.crs().isGeographic() else 0.2


class ProviderReader(SourceReader):
    """Reads one ProviderSource onto one grid, in the thread that created it."""

    def __init__(self, source: ProviderSource, grid: Grid, resampling: str):
        if not source._lock.acquire(blocking=False):
            raise SourceError(tr("{name} is already being read by another run").format(name=source.info.name))
        self.source, self.grid = source, grid
        self.catcher = None
        try:
            gcrs = as_crs(grid.crs)
            provider, reproject = source.provider_for(gcrs)
            self.input = provider
            self.projector = None
            if reproject:
                self.projector = QgsRasterProjector()
                self.projector.setInput(provider)
                self.projector.setCrs(source.layer_crs, gcrs, source.context)
                self.projector.setPrecision(QgsRasterProjector.Precision.Exact)
                self.input = self.projector
            caps = provider.providerCapabilities()
            if not source.argb and caps & QgsRasterDataProvider.ProviderCapability.ProviderHintCanPerformProviderResampling:
                method = _RESAMPLING.get(resampling, _RESAMPLING["bilinear"])
                provider.enableProviderResampling(True)
                provider.setZoomedInResamplingMethod(method)
                provider.setZoomedOutResamplingMethod(method)
            self.bounds = self._bounds_in_grid(provider, gcrs, reproject)
            self.catcher = LogCatcher(warnings=source.key in _WEB)
        except BaseException:
            source._lock.release()
            raise

    def _bounds_in_grid(self, provider, gcrs, reproject) -> QgsRectangle | None:
        """The source's extent in the grid CRS, to skip requests that cannot hit it."""
        ext = provider.extent()
        if not reproject:
            return ext
        try:
            return QgsCoordinateTransform(self.source.layer_crs, gcrs, self.source.context).transformBoundingBox(ext)
        except QgsCsException:  # no bounds known: every request is sent
            return None

    def read(self, rows, cols, bands):
        g, step = self.grid, self.source.max_size
        (r0, r1), (c0, c1) = rows, cols
        out = np.zeros((len(bands), r1 - r0, c1 - c0), np.float32)
        valid = np.zeros((r1 - r0, c1 - c0), bool)
        for r in range(r0, r1, step):
            for c in range(c0, c1, step):
                rr, cc = min(r + step, r1), min(c + step, c1)
                rect = QgsRectangle(g.x0 + c * g.res, g.y0 - rr * g.res, g.x0 + cc * g.res, g.y0 - r * g.res)
                if self.bounds is not None and not self.bounds.intersects(rect):
                    continue  # stays nodata, no request
                data, ok = self._fetch(rect, cc - c, rr - r, bands)
                out[:, r - r0 : rr - r0, c - c0 : cc - c0] = data
                valid[r - r0 : rr - r0, c - c0 : cc - c0] = ok
        return out, valid

    def _block(self, band, rect, w, h):
        feedback = QgsRasterBlockFeedback()
        self.catcher.active = True
        try:
            block = self.input.block(band, rect, w, h, feedback)
        finally:
            self.catcher.active = False
        problems = self.catcher.take() + list(feedback.errors())
        if problems or block is None or not block.isValid() or block.width() != w or block.height() != h:
            why = problems[0] if problems else tr("no data came back")
            raise SourceError(tr("cannot read {name} from {source}: {reason}").format(
                name=self.source.info.name, source=self.source.url, reason=why))
        return block

    def _fetch(self, rect, w, h, bands):
        if self.source.argb:
            block = self._block(1, rect, w, h)
            # DESIGN.md rule 2: data() does not copy; `block` stays alive until the copy is made
            argb = np.frombuffer(block.data(), np.uint32, count=w * h).reshape(h, w).copy()
            rgb, ok = decode_argb(argb, block.dataType() == Qgis.DataType.ARGB32_Premultiplied)
            return rgb[[b - 1 for b in bands]], ok
        data = np.empty((len(bands), h, w), np.float32)
        nodata = np.ones((h, w), bool)  # nodata only where every requested band says so
        for i, b in enumerate(bands):
            block = self._block(b, rect, w, h)
            raw = np.frombuffer(block.data(), _NUMPY[block.dataType()], count=w * h).reshape(h, w)
            nodata &= _nodata_mask(block, raw)
            data[i] = raw  # copies (and converts) while `block` is alive
        return data, ~nodata

    def close(self):
        if self.catcher is not None:
            self.catcher.close()
            self.catcher = None
            self.projector = None
            self.source._lock.release()


def decode_argb(argb: np.ndarray, premultiplied: bool = False):
    """uint32 0xAARRGGBB pixels (QImage ARGB32; bytes B, G, R, A in little-endian memory) ->
    (float32 (3, h, w) R, G, B; bool valid = alpha > 0)."""
    rgb = np.stack([(argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF]).astype(np.float32)
    alpha = (argb >> 24).astype(np.float32)
    if premultiplied:
        part = (alpha > 0) & (alpha < 255)
        rgb[:, part] = np.minimum(255.0, np.rint(rgb[:, part] * 255.0 / alpha[part]))
    return rgb, alpha > 0


def _nodata_mask(block, raw: np.ndarray) -> np.ndarray:
    if not block.hasNoData():
        return np.zeros(raw.shape, bool)
    if block.hasNoDataValue():  # QGIS writes the value into every nodata pixel
        v = block.noDataValue()
        return np.isnan(raw) if np.isnan(v) else raw == v
    # nodata bitmap only (no value: outside the raster, user nodata ranges): per pixel, rare
    n = raw.size
    return np.fromiter((block.isNoData(i) for i in range(n)), bool, count=n).reshape(raw.shape)
