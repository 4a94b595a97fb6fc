"""The change raster -> the ``change`` layer: one polygon per changed patch, with its fields.

GDAL polygonises the change raster (one id per transition, statuses and zone; 0 = unchanged;
4-connected, so every polygon is valid and exact: no simplification, the polygons add up to the
matrix) into a hidden scratch GeoPackage, reading it scanline by scanline: memory follows the
raster's width and the polygons open at once, not its area. Each polygon is then written with its
decoded fields through ``inference/vector``'s ``GpkgWriter`` (staged, the style embedded, read back
and counted), by its OGR path; its area is its whole number of pixels times the pixel area. With a
minimum mapping unit, smaller change patches are left out of the layer (not merged into a
neighbour, which would give them another transition's fields); the matrix and the balance still
count every pixel.

Why not ``inference/vector``'s windowed polygons: every step of them (tracing, the joins across
window edges, the coverage simplification) is a shapely call, and inside the QGIS desktop shapely's
own GEOS meets the GEOS QGIS is linked with and crashes QGIS (``vector/child.py``). Change needs
none of it (no simplification: GDAL's one pass over the whole raster is already exact and whole),
so it runs in the QGIS process with GDAL/OGR only, the GDAL QGIS itself uses.
"""
from __future__ import annotations

from ..core.cancel import CancelToken, raise_if_cancelled
from ..core.classes import CLASS_BY_CODE, class_label
from ..core.raster import gdal_exceptions
from ..segment.commit import OutputError
from ..vector.gpkg import TRANSACTION, Field, GpkgWriter
from .params import LAYER
from .tally import unpack

FIELDS = (Field("code_before", "int"), Field("code_after", "int"), Field("class_before", "str"),
          Field("class_after", "str"), Field("artif_before", "int"), Field("artif_after", "int"),
          Field("area_m2", "real"), Field("zone", "str"))


@gdal_exceptions()
def write_layer(change_tif: str, scratch: str, staged: str, target: str, keys: list[int], n_zones: int,
                zone_names: list[str] | None, lang: str, mmu_px: int = 0, cancel: CancelToken | None = None,
                style_qml: str | None = None) -> int:
    """Polygonise ``change_tif`` (through the raw layer of a GeoPackage ``scratch``, which the caller
    removes) into the layer ``change`` of a new GeoPackage ``staged`` (``target``: the name the user
    chose, for messages), ``style_qml`` embedded; returns the number of polygons, read back."""
    from osgeo import gdal, ogr

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
        fields = [f for f in FIELDS if f.name != "zone" or zone_names]
        writer = GpkgWriter(staged, LAYER, src.GetSpatialRef().ExportToWkt(), fields, target=target,
                            description="FLAIR land take")
        try:
            _copy(raw, writer, keys, n_zones, zone_names, lang, pixel_area, mmu_px, cancel)
            writer.close(style_qml)
        except BaseException:
            writer.abort()
            raise
        sds = src = None
    except RuntimeError as e:
        raise OutputError.say("could not write the change polygons into {target}: {reason}. Nothing was replaced; "
                              "is the disk full?", target=target, reason=str(e)) from None
    return writer.count


def _cancel_callback(cancel: CancelToken | None):
    def callback(_complete, _message, _data):
        return 0 if cancel is not None and cancel.cancelled else 1
    return callback


def _copy(raw, writer: GpkgWriter, keys, n_zones: int, zone_names, lang: str, pixel_area: float, mmu_px: int,
          cancel) -> None:
    names = {c: class_label(k, lang) for c, k in CLASS_BY_CODE.items()}
    geoms, rows = [], []
    raw.ResetReading()
    for feat in raw:
        geom = feat.GetGeometryRef()
        pixels = round(geom.GetArea() / pixel_area)  # a union of whole pixels
        if pixels < mmu_px:
            continue
        before, after, ab, aa, zone = unpack(keys[feat.GetField("v") - 1], n_zones)
        geoms.append(geom.Clone())
        rows.append({"code_before": before, "code_after": after, "class_before": names.get(before, str(before)),
                     "class_after": names.get(after, str(after)), "artif_before": ab, "artif_after": aa,
                     "area_m2": pixels * pixel_area,
                     "zone": zone_names[zone - 1] if zone_names and zone else None})
        if len(rows) == TRANSACTION:
            writer.add_ogr(geoms, rows)
            geoms, rows = [], []
            raise_if_cancelled(cancel)
    writer.add_ogr(geoms, rows)
