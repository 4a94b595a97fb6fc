"""One GeoPackage layer written through the system GDAL/OGR (the GDAL QGIS uses; no pyogrio or
fiona wheel bringing another GDAL into the process), under a staged hidden name.

``GpkgWriter(staged, layer, crs, fields)``: ``add(geometry, values)`` for each polygon, then
``close()``, which commits the last transaction, embeds the QGIS style (table ``layer_styles``, the
one QGIS reads as a layer's default style), reopens the file and checks that every feature is
there. ``add_ogr`` takes OGR geometries instead of shapely ones: that path runs no shapely (GEOS)
call, so it is safe inside the QGIS process (land-take change writes its polygons through it; see
``child.py`` for why shapely is not). The caller's ``OutputSet`` (``segment/commit.py``) swaps it in with the ``.qml`` beside it;
any OGR failure (a full disk, a read-only folder) is an ``OutputError`` naming the target.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass

from osgeo import ogr, osr

from ..core.raster import gdal_exceptions
from ..segment.commit import OutputError

TRANSACTION = 20_000  # features per transaction (a GeoPackage is SQLite: one commit per feature is slow)
KINDS = {"int": ogr.OFTInteger, "int64": ogr.OFTInteger64, "real": ogr.OFTReal, "str": ogr.OFTString}


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # "int", "int64", "real" or "str"
    width: int = 0
    precision: int = 0


def spatial_ref(crs: str) -> osr.SpatialReference:
    srs = osr.SpatialReference()
    srs.SetFromUserInput(crs)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


class GpkgWriter:
    """Polygons into layer ``layer`` of a new GeoPackage at ``path`` (the staged name; ``target`` is
    the name the user chose, used in messages)."""

    @gdal_exceptions()
    def __init__(self, path: str, layer: str, crs: str, fields: list[Field], target: str | None = None,
                 description: str = ""):  # crs: anything OGR reads (EPSG:2154, WKT)
        self.path, self.target, self.layer_name = path, target or path, layer
        self.count, self.description = 0, description
        try:
            self.ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
            self.layer = self.ds.CreateLayer(layer, srs=spatial_ref(crs), geom_type=ogr.wkbPolygon,
                                             options=["FID=fid", "GEOMETRY_NAME=geom", f"DESCRIPTION={description}"])
            for f in fields:
                fd = ogr.FieldDefn(f.name, KINDS[f.kind])
                if f.width:
                    fd.SetWidth(f.width)
                if f.precision:
                    fd.SetPrecision(f.precision)
                self.layer.CreateField(fd)
            self.defn = self.layer.GetLayerDefn()
            self.ds.StartTransaction()
        except RuntimeError as e:
            self.abort()
            raise self._error(e) from None

    def _error(self, e: BaseException) -> OutputError:
        return OutputError.say("could not write {target} ({error}); is the disk full or the folder read-only? "
                               "Nothing was replaced.", target=self.target, error=str(e))

    def add(self, geometry, values: dict) -> None:
        self.add_many([geometry], [values])

    def add_many(self, geometries, values: list[dict]) -> None:
        """shapely polygons with their field values (a value of None leaves the field null)."""
        import numpy as np
        import shapely  # here: add_ogr's callers (the QGIS process) must never load it

        wkbs = shapely.to_wkb(np.asarray(geometries, dtype=object))
        self.add_ogr((ogr.CreateGeometryFromWkb(wkb) for wkb in wkbs), values)

    @gdal_exceptions()
    def add_ogr(self, geometries, values: list[dict]) -> None:
        """OGR polygons with their field values; no shapely call."""
        index = {}
        try:
            for geom, vals in zip(geometries, values):
                f = ogr.Feature(self.defn)
                f.SetGeometry(geom)
                for k, v in vals.items():
                    if v is not None:
                        i = index.get(k)
                        if i is None:
                            i = index[k] = self.defn.GetFieldIndex(k)
                        f.SetField(i, v)
                self.layer.CreateFeature(f)
                self.count += 1
                if self.count % TRANSACTION == 0:
                    self.ds.CommitTransaction()
                    self.ds.StartTransaction()
        except RuntimeError as e:
            raise self._error(e) from None

    @gdal_exceptions()
    def close(self, style_qml: str | None = None, style_name: str = "FLAIR") -> None:
        """Commit, embed the style, close, reopen and count the features."""
        try:
            self.ds.CommitTransaction()
            if style_qml is not None:
                _embed_style(self.ds, self.layer_name, style_qml, style_name, self.description)
            self.ds.FlushCache()
            self.ds = self.layer = None
            back = ogr.Open(self.path)
            n = back.GetLayerByName(self.layer_name).GetFeatureCount()
            back = None
        except RuntimeError as e:
            raise self._error(e) from None
        if n != self.count:
            raise OutputError.say("{target} came back with {count} polygons instead of {written}; is the disk full? "
                                  "Nothing was replaced.", target=self.target, count=n, written=self.count)

    def abort(self) -> None:
        """Close without checking (the caller's OutputSet removes the staged file). Closing a
        GeoPackage on a full disk fails again, and that failure is already being reported: the
        close is called here, where its error can be dropped, not left to the destructor (which
        could only print it) nor to stderr."""
        from osgeo import gdal

        ds, self.ds, self.layer = getattr(self, "ds", None), None, None
        if ds is None:
            return
        gdal.PushErrorHandler("CPLQuietErrorHandler")
        try:
            with contextlib.suppress(RuntimeError):
                ds.Destroy()  # SWIG disowns before closing: no second close from __del__
        finally:
            gdal.PopErrorHandler()


def _embed_style(ds, layer: str, qml: str, name: str, description: str) -> None:
    """The table QGIS reads a GeoPackage layer's default style from (its own schema)."""
    t = ds.CreateLayer("layer_styles", geom_type=ogr.wkbNone)
    for fname, kind in (("f_table_catalog", ogr.OFTString), ("f_table_schema", ogr.OFTString),
                        ("f_table_name", ogr.OFTString), ("f_geometry_column", ogr.OFTString),
                        ("styleName", ogr.OFTString), ("styleQML", ogr.OFTString),
                        ("styleSLD", ogr.OFTString), ("useAsDefault", ogr.OFTInteger),
                        ("description", ogr.OFTString), ("owner", ogr.OFTString), ("ui", ogr.OFTString),
                        ("update_time", ogr.OFTDateTime)):
        fd = ogr.FieldDefn(fname, kind)
        if fname == "useAsDefault":
            fd.SetSubType(ogr.OFSTBoolean)
        t.CreateField(fd)
    f = ogr.Feature(t.GetLayerDefn())
    for k, v in (("f_table_catalog", ""), ("f_table_schema", ""), ("f_table_name", layer),
                 ("f_geometry_column", "geom"), ("styleName", name), ("styleQML", qml), ("styleSLD", ""),
                 ("useAsDefault", 1), ("description", description), ("owner", "")):
        f.SetField(k, v)
    t.CreateFeature(f)
