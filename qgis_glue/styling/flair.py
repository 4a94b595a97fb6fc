"""The engine's styles loaded on QGIS raster layers (main thread only: this touches layers)."""
from __future__ import annotations

from qgis.core import QgsPalettedRasterRenderer, QgsRasterLayer
from qgis.PyQt.QtXml import QDomDocument

from ...inference.labels.style import classes_for, qml
from ..i18n import language, tr


def load_style(layer: QgsRasterLayer, qml_text: str | None = None, qml_path: str | None = None) -> None:
    """Put the engine's style on ``layer``: the ``.qml`` it wrote beside the raster, or the same
    text (``labels.style.qml``) for a layer whose folder cannot take a sidecar. The style is decided
    once, in the engine; QGIS only loads it."""
    if qml_path is not None:
        message, ok = layer.loadNamedStyle(qml_path)
    else:
        doc = QDomDocument()
        doc.setContent(qml_text)
        ok, message = layer.importNamedStyle(doc)
    if not ok:
        if qml_path is not None:
            raise OSError(tr("QGIS could not load the style {file}: {reason}").format(file=qml_path, reason=message))
        raise OSError(tr("QGIS could not load the style for {name}: {reason}").format(name=layer.name(), reason=message))
    layer.triggerRepaint()
    layer.emitStyleChanged()


def apply_flair_style(
    layer: QgsRasterLayer,
    classes: list[tuple[int, str, str]] | None = None,
    present: set[int] | None = None,
    band: int = 1,
) -> None:
    """Style ``band`` of ``layer`` with the FLAIR palette and class names (any encoding's
    ``classes``); the legend lists only the ``present`` values (all classes when None). 0 stays
    nodata (transparent)."""
    classes = classes if classes is not None else classes_for(lang=language())
    load_style(layer, qml(classes, present, band))


def legend_labels(layer: QgsRasterLayer) -> list[str]:
    """The class names the layer's legend shows (for messages and tests)."""
    renderer = layer.renderer()
    if not isinstance(renderer, QgsPalettedRasterRenderer):
        return []
    return [c.label for c in renderer.classes()]
