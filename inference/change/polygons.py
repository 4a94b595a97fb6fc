"""The change raster -> the ``change`` layer: one polygon per changed patch, with its fields.

The polygons machinery of ``inference/vector`` does the drawing: the change raster (one id per
transition, statuses and zone; 0 = unchanged) is polygonised window by window with the patches
joined across window edges (4-connected, exact: no simplification, so the polygons add up to the
matrix), then written into the staged GeoPackage with the transition style embedded (QGIS opens it
styled). Each polygon's area is its exact pixel count times the pixel area. With a minimum
mapping unit, smaller change patches are left out of the layer (not merged into a neighbour, which
would give them another transition's fields); the matrix and the balance still count every pixel.
"""
from __future__ import annotations

from ..core.cancel import CancelToken
from ..core.classes import CLASS_BY_CODE, class_label
from ..vector.gpkg import Field, GpkgWriter
from ..vector.grid import CodeGrid
from ..vector.polygonize import polygonize
from .params import LAYER
from .tally import unpack

FIELDS = [Field("code_before", "int"), Field("code_after", "int"), Field("class_before", "str"),
          Field("class_after", "str"), Field("artif_before", "int"), Field("artif_after", "int"),
          Field("area_m2", "real")]


def write_layer(change_tif: str, staged: str, target: str, keys: list[int], n_zones: int,
                zone_names: list[str] | None, lang: str, qml: str, mmu_px: int = 0, window: int = 1024,
                cancel: CancelToken | None = None) -> int:
    """Polygonise ``change_tif`` into the layer ``change`` of a new GeoPackage ``staged``; returns the count."""
    grid = CodeGrid.open(change_tif)
    names = {c: class_label(k, lang) for c, k in CLASS_BY_CODE.items()}
    fields = FIELDS + ([Field("zone", "str")] if zone_names else [])
    writer = GpkgWriter(staged, LAYER, grid.crs, fields, target=target, description="FLAIR land take")
    try:
        for patch in polygonize(grid, 0.0, window, cancel=cancel):
            if patch.pixels < mmu_px:
                continue
            before, after, ab, aa, zone = unpack(keys[patch.code - 1], n_zones)
            values = {"code_before": before, "code_after": after, "class_before": names.get(before, str(before)),
                      "class_after": names.get(after, str(after)), "artif_before": ab, "artif_after": aa,
                      "area_m2": patch.pixels * grid.pixel_area}
            if zone_names:
                values["zone"] = zone_names[zone - 1] if zone else None
            writer.add(patch.geometry, values)
        writer.close(style_qml=qml, style_name="FLAIR change")
    except BaseException:
        writer.abort()
        raise
    return writer.count
