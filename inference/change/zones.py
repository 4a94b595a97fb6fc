"""Zones (communes, EPCI, ...): a polygon layer and a field, rasterised onto the windows.

The polygons are reprojected once into the grid's CRS (OGR) and kept in an in-memory layer with
the index of their zone; each window burns them at pixel centres (GDAL ``RasterizeLayer``). Polygons
with the same field value are one zone (a commune in several parts). Where zones overlap, the
polygon drawn last wins the pixel. Refused: a file OGR cannot open, no such layer, a missing field
(the fields are listed), and zones that miss the rasters.
"""
from __future__ import annotations

import logging

import numpy as np

from ..core.errors import InputError
from ..core.grid import Grid
from ..core.messages import Said, say
from ..core.raster import gdal_exceptions

log = logging.getLogger(__name__)

MAX_ZONES = 800_000  # the change raster packs the zone into 32 bits beside the transition


class Zones:
    @gdal_exceptions()
    def __init__(self, path: str, layer: str | None, field: str, grid: Grid):
        from osgeo import ogr, osr

        try:
            self._src = ogr.Open(path)
        except RuntimeError as e:
            raise InputError.say("cannot open the zones {path}: {reason}", path=path, reason=str(e)) from None
        if self._src is None:
            raise InputError.say("cannot open the zones {path}: not a vector file OGR reads", path=path)
        src = self._src.GetLayerByName(layer) if layer else self._src.GetLayer(0)
        if src is None:
            raise InputError.say("no layer {layer} in the zones {path}", layer=repr(layer), path=path)
        defn = src.GetLayerDefn()
        fields = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
        if not field or field not in fields:
            raise InputError.say("the zones {path} have no field {field}; their fields: {fields}. Name the field "
                                 "that identifies each zone (e.g. the commune's INSEE code).", path=path,
                                 field=repr(field), fields=", ".join(fields) or say("none"))
        self.grid = grid
        self.warnings: list[Said] = []
        dst = osr.SpatialReference()
        dst.SetFromUserInput(grid.crs)
        dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        self.srs = dst
        transform = self._transform(src, dst, path)
        self._mem = ogr.GetDriverByName("Memory").CreateDataSource("zones")
        self.layer = self._mem.CreateLayer("zones", dst, ogr.wkbMultiPolygon)
        self.layer.CreateField(ogr.FieldDefn("zidx", ogr.OFTInteger))
        self.names: list[str] = []  # index - 1 -> zone name
        self._copy(src, field, transform)
        self._check_overlap(path)

    def _transform(self, src, dst, path):
        from osgeo import osr

        srs = src.GetSpatialRef()
        # a GeoPackage written without a CRS says "Undefined geographic SRS" (srs_id 0): no CRS either
        if srs is None or (srs.GetName() or "").startswith("Undefined"):
            self.warnings.append(say("the zones {path} have no CRS: taken to be the rasters' CRS", path=path))
            return None
        srs = srs.Clone()
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        if srs.IsSame(dst):
            return None
        try:
            return osr.CoordinateTransformation(srs, dst)
        except RuntimeError as e:
            raise InputError.say("the zones {path} cannot be reprojected into the rasters' CRS: {reason}", path=path,
                                 reason=str(e)) from None

    def _copy(self, src, field: str, transform) -> None:
        from osgeo import ogr

        index: dict[str, int] = {}
        src.ResetReading()
        for feat in src:
            geom = feat.GetGeometryRef()
            if geom is None or geom.IsEmpty():
                continue
            geom = geom.Clone()
            if transform is not None and geom.Transform(transform) != 0:
                raise InputError.say("a zone could not be reprojected into the rasters' CRS")
            name = feat.GetField(field)
            name = "" if name is None else str(name)
            if name not in index:
                index[name] = len(index) + 1
                self.names.append(name)
            out = ogr.Feature(self.layer.GetLayerDefn())
            out.SetGeometry(geom)
            out.SetField("zidx", index[name])
            self.layer.CreateFeature(out)
        if len(index) > MAX_ZONES:
            raise InputError.say("{count} zones: at most {most} can be balanced at once; split the area",
                                 count=len(index), most=MAX_ZONES)

    def _check_overlap(self, path: str) -> None:
        g = self.grid
        x0, y0, x1, y1 = g.x0, g.y0 - g.height * g.res, g.x0 + g.width * g.res, g.y0
        if not self.names:
            raise InputError.say("the zones {path} hold no polygon", path=path)
        minx, maxx, miny, maxy = self.layer.GetExtent()
        if maxx <= x0 or minx >= x1 or maxy <= y0 or miny >= y1:
            raise InputError.say("the zones {path} miss the rasters: no zone lies over the area both vintages cover. "
                                 "Check that they are zones of this area (and their CRS).", path=path)

    @gdal_exceptions()
    def window(self, r0: int, c0: int, h: int, w: int) -> np.ndarray:
        """Each pixel's zone index (1..n, 0 = outside every zone) over a window of the grid."""
        from osgeo import gdal

        g = self.grid
        mem = gdal.GetDriverByName("MEM").Create("", w, h, 1, gdal.GDT_Int32)
        mem.SetGeoTransform((g.x0 + c0 * g.res, g.res, 0.0, g.y0 - r0 * g.res, 0.0, -g.res))
        mem.SetProjection(self.srs.ExportToWkt())
        gdal.RasterizeLayer(mem, [1], self.layer, options=["ATTRIBUTE=zidx"])
        return mem.GetRasterBand(1).ReadAsArray().astype(np.int64)

    def close(self) -> None:
        self._mem = self._src = self.layer = None
