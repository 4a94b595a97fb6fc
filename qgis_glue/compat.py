"""The QGIS APIs this plugin uses that were renamed between QGIS 3.22 and QGIS 3.30+/4 (Qt6).

Each name is picked once, here, from what the running QGIS has: the new name where it exists
(QGIS 4 keeps only that one), else the 3.22 one. Everything else in the glue and ui/ imports these
names from this module and never spells the old ones.
"""
from __future__ import annotations

from qgis.core import Qgis, QgsMapLayerProxyModel, QgsVectorFileWriter


def _pick(new_holder, new_name: str, old):
    new = getattr(new_holder, new_name, None)
    return new if new is not None else old


def _old(module_attr: str, enum: str | None = None):
    """``qgis.core.<module_attr>[.<enum>]`` when QGIS still has it (3.22), else None."""
    from qgis import core

    holder = getattr(core, module_attr, None)
    return getattr(holder, enum, None) if holder is not None and enum else holder


# QgsMapLayerType -> Qgis.LayerType (3.30)
LayerType = _pick(Qgis, "LayerType", _old("QgsMapLayerType"))
# QgsUnitTypes.DistanceUnit -> Qgis.DistanceUnit (3.30); members lost their "Distance" prefix
DistanceUnit = _pick(Qgis, "DistanceUnit", _old("QgsUnitTypes", "DistanceUnit"))
# QgsWkbTypes.GeometryType -> Qgis.GeometryType (3.30); members lost their "Geometry" suffix
GeometryType = _pick(Qgis, "GeometryType", _old("QgsWkbTypes", "GeometryType"))
# QgsMapLayerProxyModel.Filter -> Qgis.LayerFilter (3.34)
LayerFilter = _pick(Qgis, "LayerFilter", QgsMapLayerProxyModel.Filter)

# (enum values may be 0, so no `a or b` here)
METERS = DistanceUnit.Meters if hasattr(DistanceUnit, "Meters") else DistanceUnit.DistanceMeters
POLYGON = GeometryType.Polygon if hasattr(GeometryType, "Polygon") else GeometryType.PolygonGeometry
RASTER_LAYER = LayerType.RasterLayer if hasattr(LayerType, "RasterLayer") else LayerType.Raster
RASTER_FILTER = LayerFilter.RasterLayer
POLYGON_FILTER = LayerFilter.PolygonLayer


def write_vector_file(layer, path: str, options) -> tuple[bool, str]:
    """Save ``layer`` with ``options`` (QgsVectorFileWriter.SaveVectorOptions): (ok, error text).
    writeAsVectorFormatV2 is gone in QGIS 4; V3 (3.20+) is the same call."""
    from qgis.core import QgsCoordinateTransformContext

    write = getattr(QgsVectorFileWriter, "writeAsVectorFormatV3", None) or QgsVectorFileWriter.writeAsVectorFormatV2
    result = write(layer, path, QgsCoordinateTransformContext(), options)
    return result[0] == QgsVectorFileWriter.WriterError.NoError, result[1]


def distance_unit_name(unit) -> str:
    """"m", "°", ... for a CRS's map units (QgsUnitTypes.toAbbreviatedString, kept in QGIS 4)."""
    from qgis.core import QgsUnitTypes

    return QgsUnitTypes.toAbbreviatedString(unit)
