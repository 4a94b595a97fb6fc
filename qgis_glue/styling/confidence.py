"""The confidence raster (max class probability × 255) as a 0-100 % colour ramp with a legend,
so it reads as a confidence and is never mistaken for the land-cover map. Main thread only."""
from __future__ import annotations

import os

from qgis.core import (
    QgsColorRampLegendNodeSettings,
    QgsColorRampShader,
    QgsProcessingLayerPostProcessorInterface,
    QgsRasterLayer,
    QgsRasterShader,
    QgsSingleBandPseudoColorRenderer,
    QgsVectorLayer,
)
from qgis.PyQt.QtGui import QColor

# low confidence stands out (red), high recedes (pale): the places to check first are the red ones
STOPS = ((0, "#d7191c"), (25, "#fdae61"), (50, "#ffffbf"), (75, "#a6d96a"), (100, "#1a9641"))


def style_confidence(layer: QgsRasterLayer) -> QgsSingleBandPseudoColorRenderer:
    """Band 1 (0..255 = 0..100 %) coloured by the ramp, the legend in percent; the style is also
    saved beside the file (.qml) so it opens the same way anywhere."""
    items = [QgsColorRampShader.ColorRampItem(p * 255.0 / 100.0, QColor(c), f"{p} %") for p, c in STOPS]
    ramp = QgsColorRampShader(0.0, 255.0)
    ramp.setColorRampType(QgsColorRampShader.Type.Interpolated)
    ramp.setColorRampItemList(items)
    legend = QgsColorRampLegendNodeSettings()  # the Layers panel's ramp: 0 % .. 100 %, not 0 .. 255
    legend.setMinimumLabel(items[0].label)
    legend.setMaximumLabel(items[-1].label)
    ramp.setLegendSettings(legend)
    shader = QgsRasterShader()
    shader.setRasterShaderFunction(ramp)
    renderer = QgsSingleBandPseudoColorRenderer(layer.dataProvider(), 1, shader)
    renderer.setClassificationMin(0.0)
    renderer.setClassificationMax(255.0)
    layer.setRenderer(renderer)
    if os.path.isfile(layer.source()):
        layer.saveDefaultStyle()
    layer.triggerRepaint()
    layer.emitStyleChanged()
    return renderer


def is_confidence_file(path: str) -> bool:
    return os.path.splitext(path)[0].endswith("_confidence")


class ResultStyler(QgsProcessingLayerPostProcessorInterface):
    """Processing's hook for the layers it loads: the confidence layer gets its ramp (the land
    cover opens styled from the .qml the engine wrote beside it); polygons get the style the
    engine embedded in their GeoPackage, which Processing's loading does not read."""

    # Processing owns (and deletes) each post-processor: one per layer, never shared. Python
    # keeps the wrappers too, or the C++ side would call the base class's empty method.
    _alive: list = []

    @classmethod
    def create(cls) -> ResultStyler:
        styler = cls()
        cls._alive = cls._alive[-15:] + [styler]
        return styler

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        if isinstance(layer, QgsRasterLayer) and is_confidence_file(layer.source()):
            style_confidence(layer)
        elif isinstance(layer, QgsVectorLayer):
            layer.loadDefaultStyle()
            layer.triggerRepaint()
