"""Between the engine's CRS strings (an authority id such as "EPSG:2154", or WKT) and QGIS CRS
objects: the one conversion both ways, with one way of failing."""
from __future__ import annotations

import re

from qgis.core import QgsCoordinateReferenceSystem

from ...inference.segment.sources import SourceError
from ..i18n import tr

_AUTHORITY_ID = re.compile(r"^[A-Za-z]+:\S+$")


def crs_string(crs: QgsCoordinateReferenceSystem) -> str:
    """The engine's CRS string: the authority id, else WKT."""
    return crs.authid() or crs.toWkt()


def as_crs(crs) -> QgsCoordinateReferenceSystem:
    """A valid QGIS CRS from a QGIS CRS or an engine CRS string; SourceError when QGIS does not
    know it (an empty string included)."""
    if isinstance(crs, QgsCoordinateReferenceSystem):
        out = QgsCoordinateReferenceSystem(crs)
    elif _AUTHORITY_ID.match(crs or ""):
        out = QgsCoordinateReferenceSystem(crs)
    else:
        out = QgsCoordinateReferenceSystem.fromWkt(crs or "")
    if not out.isValid():
        shown = str(crs)[:80] if crs else "(none)"
        raise SourceError(tr("QGIS does not know the coordinate reference system {crs}").format(crs=shown))
    return out
