"""The change raster -> the ``change`` layer: one polygon per changed patch, with its fields.

GDAL polygonises the change raster (one id per transition, statuses and zone; 0 = unchanged;
4-connected, so every polygon is valid and exact: no simplification, the polygons add up to the
matrix) into a hidden scratch GeoPackage, reading it scanline by scanline: memory follows the
raster's width and the polygons open at once, not its area. Each polygon is then written into the
staged output through OGR with its decoded fields; its area is its whole number of pixels times
the pixel area. With a minimum mapping unit, smaller change patches are left out of the layer (not
merged into a neighbour, which would give them another transition's fields); the matrix and the
balance still count every pixel.

Why not ``inference/vector``'s polygons (windows joined across edges, then shapely's coverage
simplification): inside the QGIS desktop, shapely's own GEOS meets the GEOS QGIS is linked with
and ``coverage_simplify`` crashes QGIS (segmentation fault, seen on QGIS 3.22 / Debian 12 with
shapely 2.1). This path uses GDAL/OGR only, the GDAL QGIS itself uses.
"""
from __future__ import annotations

import contextlib
import os
import tempfile

from ..core.cancel import CancelToken, raise_if_cancelled
from ..core.classes import CLASS_BY_CODE, class_label
from ..core.errors import FlairError
from .params import LAYER
from .tally import unpack

FIELDS = (("code_before", "int"), ("code_after", "int"), ("class_before", "str"), ("class_after", "str"),
          ("artif_before", "int"), ("artif_after", "int"), ("area_m2", "real"), ("zone", "str"))
TRANSACTION = 20_000


class PolygonError(FlairError, OSError):
    """The change layer could not be written, with what to do."""


def write_layer(change_tif: str, staged: str, target: str, keys: list[int], n_zones: int,
                zone_names: list[str] | None, lang: str, mmu_px: int = 0, cancel: CancelToken | None = None) -> int:
    """Polygonise ``change_tif`` into the layer ``change`` of a new GeoPackage ``staged`` (``target``:
    the name the user chose, for messages); returns the number of polygons, read back."""
    from osgeo import gdal, ogr

    gdal.UseExceptions()
    folder = os.path.dirname(os.path.abspath(staged))
    fd, scratch = tempfile.mkstemp(prefix=".flair-change-", suffix=".gpkg", dir=folder)
    os.close(fd)
    os.remove(scratch)
    try:
        src = gdal.Open(change_tif)
        band = src.GetRasterBand(1)
        pixel_area = abs(src.GetGeoTransform()[1] * src.GetGeoTransform()[5])
        sds = ogr.GetDriverByName("GPKG").CreateDataSource(scratch)
        raw = sds.CreateLayer("raw", src.GetSpatialRef(), ogr.wkbPolygon)
        raw.CreateField(ogr.FieldDefn("v", ogr.OFTInteger))
        raw.StartTransaction()
        gdal.Polygonize(band, band, raw, 0, [], callback=_cancel_callback(cancel))
        raw.CommitTransaction()
        raise_if_cancelled(cancel)
        out = ogr.GetDriverByName("GPKG").CreateDataSource(staged)
        layer = out.CreateLayer(LAYER, src.GetSpatialRef(), ogr.wkbPolygon,
                                options=["FID=fid", "GEOMETRY_NAME=geom", "DESCRIPTION=FLAIR land take"])
        kinds = {"int": ogr.OFTInteger, "str": ogr.OFTString, "real": ogr.OFTReal}
        for name, kind in FIELDS:
            if name != "zone" or zone_names:
                layer.CreateField(ogr.FieldDefn(name, kinds[kind]))
        count = _copy(raw, layer, keys, n_zones, zone_names, lang, pixel_area, mmu_px, cancel)
        out = sds = src = None
    except RuntimeError as e:
        raise PolygonError(f"could not write the change polygons into {target}: {e}. Nothing was replaced; "
                           "is the disk full?") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(scratch)
    back = count_features(staged, target)
    if back != count:
        raise PolygonError(f"{target} came back with {back} polygons instead of {count}; is the disk full? "
                           "Nothing was replaced.")
    return count


def _cancel_callback(cancel: CancelToken | None):
    def callback(_complete, _message, _data):
        return 0 if cancel is not None and cancel.cancelled else 1
    return callback


def _copy(raw, layer, keys, n_zones: int, zone_names, lang: str, pixel_area: float, mmu_px: int, cancel) -> int:
    from osgeo import ogr

    names = {c: class_label(k, lang) for c, k in CLASS_BY_CODE.items()}
    defn = layer.GetLayerDefn()
    layer.StartTransaction()
    count = 0
    raw.ResetReading()
    for feat in raw:
        geom = feat.GetGeometryRef()
        pixels = round(geom.GetArea() / pixel_area)  # a union of whole pixels
        if pixels < mmu_px:
            continue
        before, after, ab, aa, zone = unpack(keys[feat.GetField("v") - 1], n_zones)
        out = ogr.Feature(defn)
        out.SetGeometry(geom)
        for name, value in (("code_before", before), ("code_after", after),
                            ("class_before", names.get(before, str(before))),
                            ("class_after", names.get(after, str(after))), ("artif_before", ab),
                            ("artif_after", aa), ("area_m2", pixels * pixel_area)):
            out.SetField(name, value)
        if zone_names and zone:
            out.SetField("zone", zone_names[zone - 1])
        layer.CreateFeature(out)
        count += 1
        if count % TRANSACTION == 0:
            layer.CommitTransaction()
            raise_if_cancelled(cancel)
            layer.StartTransaction()
    layer.CommitTransaction()
    return count


def count_features(gpkg: str, target: str) -> int:
    """Read the written layer back: its feature count (a truncated file fails here)."""
    from osgeo import ogr

    try:
        ds = ogr.Open(gpkg)
        layer = ds.GetLayerByName(LAYER) if ds is not None else None
        if layer is None:
            raise PolygonError(f"{target} has no layer {LAYER} after writing; is the disk full?")
        return layer.GetFeatureCount()
    except RuntimeError as e:
        raise PolygonError(f"{target} could not be read back after writing ({e}); is the disk full?") from None
