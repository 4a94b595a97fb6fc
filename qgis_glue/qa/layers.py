"""Layers the QA tools add to the project, in a "FLAIR QA" group. Main thread only."""
from __future__ import annotations

import os

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFillSymbol,
    QgsProject,
    QgsRasterLayer,
    QgsRendererCategory,
    QgsVectorLayer,
)

from ..i18n import tr
from ..layers import tree
from ..layers.files import same_file, split_source
from ..styling.flair import load_style

GROUP = "FLAIR QA"
REVIEW_COLOURS = {  # outline colour per review mark; unreviewed hotspots are red
    "": "#ff0000", "annotation wrong": "#ff8c00", "prediction wrong": "#d000d0",
    "ambiguous": "#f0e000", "fine": "#00b000",
}


def add_to_group(project: QgsProject, layer, group_name: str = GROUP, top: bool = True):
    tree.add_to_group(project, layer, group_name, top)
    return layer


def add_disagreement_layer(path: str, project: QgsProject) -> QgsRasterLayer:
    """The disagreement raster coloured by reference class (its .qml sidecar), added on top."""
    layer = QgsRasterLayer(path, f"disagreement ({os.path.splitext(os.path.basename(path))[0]})", "gdal")
    if not layer.isValid():
        raise OSError(tr("QGIS cannot open {file}").format(file=path))
    qml = os.path.splitext(path)[0] + ".qml"
    if os.path.exists(qml):
        load_style(layer, qml_path=qml)
    return add_to_group(project, layer)


def style_hotspots(layer: QgsVectorLayer) -> None:
    """Outlines coloured by review mark (unreviewed: red), no fill."""
    cats = []
    for value, colour in REVIEW_COLOURS.items():
        sym = QgsFillSymbol.createSimple({"color": "0,0,0,0", "outline_color": colour, "outline_width": "0.6"})
        cats.append(QgsRendererCategory(value, sym, value or "not reviewed"))
    # coalesce() turns NULL (never reviewed) into '' so the "not reviewed" category matches it
    layer.setRenderer(QgsCategorizedSymbolRenderer("coalesce(\"review\", '')", cats))
    layer.triggerRepaint()


def add_hotspots_layer(layer: QgsVectorLayer, project: QgsProject) -> QgsVectorLayer:
    style_hotspots(layer)
    return add_to_group(project, layer)


def find_layer_by_source(project: QgsProject, path: str):
    """A project layer reading ``path`` (any sublayer), or None."""
    for layer in project.mapLayers().values():
        if same_file(split_source(layer)[0], path):
            return layer
    return None
