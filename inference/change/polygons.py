"""The change raster -> the ``change`` layer: one polygon per changed patch, with its fields.

GDAL polygonises the change raster (4-connected, so every polygon is valid; each packed value is
one transition with its statuses and zone) into a hidden scratch GeoPackage, reading it scanline by
scanline; memory follows the raster's width and the polygons open at once, not its area. Each
polygon is then written into the staged output with its decoded fields and its area. With a
minimum mapping unit, GDAL's sieve first merges smaller change patches into their largest
neighbour (often "unchanged", where they disappear); the matrix and the balance still count
every pixel.
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

FIELDS = ("code_before", "code_after", "class_before", "class_after", "artif_before", "artif_after",
          "area_m2", "zone")


class PolygonError(FlairError, OSError):
    """The change layer could not be written, with what to do."""


def sieve(path: str, mmu_px: int) -> None:
    """Merge change patches smaller than ``mmu_px`` pixels into their largest neighbour, in place."""
    from osgeo import gdal

    ds = gdal.Open(path, gdal.GA_Update)
    band = ds.GetRasterBand(1)
    gdal.SieveFilter(band, None, band, mmu_px, 8)
    ds = None


def write_layer(change_tif: str, gpkg: str, srs_wkt: str, zone_names: list[str] | None, lang: str,
                cancel: CancelToken | None = None) -> int:
    """Polygonise ``change_tif`` into the layer ``change`` of a new GeoPackage ``gpkg``; returns the count."""
    from osgeo import gdal, ogr, osr

    gdal.UseExceptions()
    n_zones = len(zone_names) if zone_names else 0
    srs = osr.SpatialReference()
    srs.ImportFromWkt(srs_wkt)
    folder = os.path.dirname(os.path.abspath(gpkg))
    fd, scratch = tempfile.mkstemp(prefix=".flair-change-", suffix=".gpkg", dir=folder)
    os.close(fd)
    os.remove(scratch)
    try:
        src = gdal.Open(change_tif)
        band = src.GetRasterBand(1)
        sds = ogr.GetDriverByName("GPKG").CreateDataSource(scratch)
        raw = sds.CreateLayer("raw", srs, ogr.wkbPolygon)
        raw.CreateField(ogr.FieldDefn("v", ogr.OFTInteger))
        raw.StartTransaction()
        gdal.Polygonize(band, band, raw, 0, [], callback=_cancel_callback(cancel))
        raw.CommitTransaction()
        src = None
        raise_if_cancelled(cancel)
        out = ogr.GetDriverByName("GPKG").CreateDataSource(gpkg)
        layer = out.CreateLayer(LAYER, srs, ogr.wkbPolygon, options=["SPATIAL_INDEX=YES"])
        _fields(layer, n_zones > 0)
        count = _copy(raw, layer, n_zones, zone_names, lang, cancel)
        out = sds = None
        return count
    except RuntimeError as e:
        raise PolygonError(f"could not write the change polygons into {gpkg}: {e}. Nothing was replaced; "
                           "is the disk full?") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(scratch)


def _cancel_callback(cancel: CancelToken | None):
    def callback(_complete, _message, _data):
        return 0 if cancel is not None and cancel.cancelled else 1
    return callback


def _fields(layer, zones: bool) -> None:
    from osgeo import ogr

    for name in FIELDS:
        if name == "zone" and not zones:
            continue
        kind = ogr.OFTString if name in ("class_before", "class_after", "zone") else ogr.OFTInteger
        if name == "area_m2":
            kind = ogr.OFTReal
        layer.CreateField(ogr.FieldDefn(name, kind))


def _copy(raw, layer, n_zones: int, zone_names, lang: str, cancel) -> int:
    from osgeo import ogr

    names = {c: class_label(k, lang) for c, k in CLASS_BY_CODE.items()}
    defn = layer.GetLayerDefn()
    layer.StartTransaction()
    count = 0
    raw.ResetReading()
    for feat in raw:
        before, after, ab, aa, zone = unpack(feat.GetField("v"), n_zones)
        geom = feat.GetGeometryRef()
        out = ogr.Feature(defn)
        out.SetGeometry(geom)
        out.SetField("code_before", before)
        out.SetField("code_after", after)
        out.SetField("class_before", names.get(before, str(before)))
        out.SetField("class_after", names.get(after, str(after)))
        out.SetField("artif_before", ab)
        out.SetField("artif_after", aa)
        out.SetField("area_m2", geom.GetArea())
        if n_zones:
            out.SetField("zone", zone_names[zone - 1] if zone else None)
        layer.CreateFeature(out)
        count += 1
        if count % 20000 == 0:
            layer.CommitTransaction()
            raise_if_cancelled(cancel)
            layer.StartTransaction()
    layer.CommitTransaction()
    return count


def count_features(gpkg: str) -> int:
    """Read the written layer back: its feature count (a truncated file fails here)."""
    from osgeo import ogr

    try:
        ds = ogr.Open(gpkg)
        layer = ds.GetLayerByName(LAYER) if ds is not None else None
        if layer is None:
            raise PolygonError(f"{gpkg} has no layer {LAYER} after writing; is the disk full?")
        return layer.GetFeatureCount()
    except RuntimeError as e:
        raise PolygonError(f"{gpkg} could not be read back after writing ({e}); is the disk full?") from None
