"""What a finished run puts in front of the user: the styled layer in a "FLAIR" group and a
message with where the file is and the class areas. Main thread only."""
from __future__ import annotations

import os

from qgis.core import Qgis, QgsLayerTreeGroup, QgsProject, QgsRasterLayer

from ...inference.labels.style import classes_for
from ...inference.segment.params import SegmentResult
from ...inference.segment.report import area_rows, format_areas
from ..styling.flair import apply_flair_style

GROUP = "FLAIR"


def flair_group(project: QgsProject) -> QgsLayerTreeGroup:
    root = project.layerTreeRoot()
    group = root.findGroup(GROUP)
    if group is None:
        group = root.insertGroup(0, GROUP)
    return group


def add_result_layers(result: SegmentResult, project: QgsProject | None = None) -> list[QgsRasterLayer]:
    """The land-cover layer (styled, legend limited to the classes present) and, if written,
    the confidence layer (hidden), at the top of the "FLAIR" group."""
    project = project or QgsProject.instance()
    name = os.path.splitext(os.path.basename(result.output))[0]
    layer = QgsRasterLayer(result.output, name, "gdal")
    if not layer.isValid():
        raise OSError(f"QGIS cannot open the output {result.output}")
    layer.setAbstract(f"FLAIR land cover by {result.card.name}, {result.grid.res:g} m, on {result.device}. "
                      f"Run report: {result.report or 'none'}")
    present = {c for c, n in result.class_pixels.items() if c and n}
    apply_flair_style(layer, classes_for(result.card.class_names), present)
    layers = [layer]
    group = flair_group(project)
    if result.confidence:
        conf = QgsRasterLayer(result.confidence, f"{name} confidence", "gdal")
        if conf.isValid():
            project.addMapLayer(conf, False)
            node = group.insertLayer(0, conf)
            node.setItemVisibilityChecked(False)
            node.setExpanded(False)
            layers.append(conf)
    project.addMapLayer(layer, False)
    group.insertLayer(0, layer)
    return layers


def summary(result: SegmentResult, top: int = 4) -> str:
    """One line: where the file is, its size, and the largest classes."""
    rows = sorted(area_rows(result), key=lambda r: -r["area_m2"])
    g = result.grid
    parts = ", ".join(f"{r['name']} {_area(r['area_m2'])} ({r['percent']:.0f}%)" for r in rows[:top])
    more = f", +{len(rows) - top} more" if len(rows) > top else ""
    tiles = "1 tile" if result.tiles == 1 else f"{result.tiles} tiles"
    return (f"{result.output} — {g.width}×{g.height} px at {g.res:g} m, {tiles} in "
            f"{result.seconds:.1f} s on {result.device}. {parts}{more}")


def details(result: SegmentResult) -> str:
    lines = [f"Output: {result.output}"]
    if result.confidence:
        lines.append(f"Confidence: {result.confidence}")
    if result.report:
        lines.append(f"Run report: {result.report}")
    lines += ["", format_areas(result)]
    return "\n".join(lines)


def _area(m2: float) -> str:
    if m2 >= 1e6:
        return f"{m2 / 1e6:.2f} km²"
    if m2 >= 1e4:
        return f"{m2 / 1e4:.2f} ha"
    return f"{m2:.0f} m²"


def push(bar, title: str, text: str, level=Qgis.MessageLevel.Info, more: str | None = None, duration: int = 0) -> None:
    """A message-bar message, with a "Show more" block when ``more`` is given."""
    if more:
        bar.pushMessage(title, text, more, level, duration)
    else:
        bar.pushMessage(title, text, level, duration)
