"""Paletted FLAIR styles on QGIS raster layers (main thread only: this touches layers)."""
from __future__ import annotations

from qgis.core import QgsPalettedRasterRenderer, QgsRasterLayer
from qgis.PyQt.QtGui import QColor

from ...inference.labels.style import classes_for
from ..i18n import language


def palette(classes: list[tuple[int, str, str]], present: set[int] | None = None):
    """QgsPalettedRasterRenderer classes for (value, name, colour), limited to ``present``."""
    return [
        QgsPalettedRasterRenderer.Class(value, QColor(colour), name)
        for value, name, colour in classes
        if present is None or value in present
    ]


def set_paletted(layer: QgsRasterLayer, band: int, classes: list[tuple[int, str, str]],
                 present: set[int] | None = None) -> QgsPalettedRasterRenderer:
    """The one paletted renderer of the plugin: ``band`` of ``layer`` coloured and named by
    ``classes``, the legend limited to ``present`` (all classes when None)."""
    renderer = QgsPalettedRasterRenderer(layer.dataProvider(), band, palette(classes, present))
    layer.setRenderer(renderer)
    layer.triggerRepaint()
    layer.emitStyleChanged()
    return renderer


def apply_flair_style(
    layer: QgsRasterLayer,
    classes: list[tuple[int, str, str]] | None = None,
    present: set[int] | None = None,
) -> QgsPalettedRasterRenderer:
    """Style band 1 of ``layer`` with the FLAIR palette and class names; the legend lists only
    the ``present`` values (all classes when None). 0 stays nodata (transparent)."""
    return set_paletted(layer, 1, classes if classes is not None else classes_for(lang=language()), present)


def legend_labels(layer: QgsRasterLayer) -> list[str]:
    """The class names the layer's legend shows (for messages and tests)."""
    renderer = layer.renderer()
    if not isinstance(renderer, QgsPalettedRasterRenderer):
        return []
    return [c.label for c in renderer.classes()]
