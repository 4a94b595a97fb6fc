"""What a finished run puts in front of the user: the styled layer in a "FLAIR" group and a
message with where the file is and the class areas. Main thread only."""
from __future__ import annotations

import os

from qgis.core import QgsProject, QgsRasterLayer, QgsVectorLayer

from ...inference.segment.params import SegmentResult
from ...inference.segment.report import area_rows, format_areas
from ..errors import said_here
from ..i18n import number, tr
from ..layers.files import layer_file, same_file
from ..layers.tree import add_to_group
from ..styling.confidence import style_confidence
from ..styling.flair import load_style
from .messages import table_html
from .naming import confidence_name, map_title, result_name

GROUP = "FLAIR"


def add_result_layers(result: SegmentResult, project: QgsProject | None = None, imagery: str = "",
                      model: str = "") -> list[QgsRasterLayer]:
    """Each map of the run (one per task of the model) styled by the .qml the engine wrote beside it
    (the model's own classes, the legend limited to those present), named for what it holds, the
    imagery and the model, and, if written, its confidence layer above it (0-100 % ramp, unticked),
    at the top of the "FLAIR" group. Layers of the project that show an earlier result written to
    the same files are replaced, not duplicated."""
    project = project or QgsProject.instance()
    layers = []
    for m in result.maps:
        name = result_name(imagery, model, m.task)
        removed = _remove_layers_of(project, [p for p in (m.output, m.confidence) if p])
        layer = QgsRasterLayer(m.output, name, "gdal")
        if not layer.isValid():
            raise OSError(tr("QGIS cannot open the output {file}").format(file=m.output))
        layer.setAbstract(f"FLAIR {m.title} by {result.card.name}, {result.grid.res:g} m, on {result.device}. "
                          f"Run report: {result.report or 'none'}")
        load_style(layer, qml_path=m.qml)
        add_to_group(project, layer, GROUP, visible=removed.get(m.output, True))
        layers.append(layer)
        if m.confidence:
            conf = QgsRasterLayer(m.confidence, confidence_name(name), "gdal")
            if conf.isValid():
                style_confidence(conf)
                # above the opaque map, so that ticking it shows it; off until the user ticks it
                add_to_group(project, conf, GROUP, visible=removed.get(m.confidence, False))
                layers.append(conf)
    return layers


def add_polygon_layer(result, project: QgsProject | None = None, name: str | None = None) -> QgsVectorLayer:
    """The polygons of a run (``inference.vector.run.VectorResult``), styled by the style the engine
    embedded in the GeoPackage, above the raster in the "FLAIR" group (replacing an earlier one)."""
    project = project or QgsProject.instance()
    name = name or os.path.splitext(os.path.basename(result.output))[0]
    removed = _remove_layers_of(project, [result.output], ("ogr",))
    layer = QgsVectorLayer(f"{result.output}|layername={result.layer}", tr("{name} polygons").format(name=name), "ogr")
    if not layer.isValid():
        raise OSError(tr("QGIS cannot open the polygons {file}").format(file=result.output))
    add_to_group(project, layer, GROUP, visible=removed.get(result.output, True))
    return layer


def _remove_layers_of(project: QgsProject, paths: list[str], providers=("gdal",)) -> dict[str, bool]:
    """Remove the project's layers reading one of ``paths``; returns path -> whether it was shown."""
    shown: dict[str, bool] = {}
    root = project.layerTreeRoot()
    for layer in list(project.mapLayers().values()):
        path = layer_file(layer, providers)
        match = next((p for p in paths if path and same_file(path, p)), None)
        if match is not None:
            node = root.findLayer(layer.id())
            shown[match] = shown.get(match, False) or bool(node and node.isVisible())
            project.removeMapLayer(layer.id())
    return shown


def summary(result: SegmentResult, top: int = 2) -> str:
    """One short line for the message bar (one line even beside the docks): the first map's largest
    classes; where the files are is behind "Show more"."""
    rows = sorted(area_rows(result), key=lambda r: -r["area_m2"])
    parts = ", ".join(f"{r['name']} {r['percent']:.0f} %" for r in rows[:top]) or tr("no class")
    if len(result.maps) == 1 and map_title(result.maps[0].task) == tr("Land cover"):
        return tr("Land cover ready in {seconds}: {classes}").format(seconds=_seconds(result.seconds), classes=parts)
    return tr("{maps} map(s) ready in {seconds}: {classes}").format(maps=len(result.maps),
                                                                    seconds=_seconds(result.seconds), classes=parts)


def details(result: SegmentResult) -> str:
    """Plain text for the log: the files and each map's class areas."""
    lines = []
    for m in result.maps:
        lines.append(f"Output: {m.output}")
        if m.confidence:
            lines.append(f"Confidence: {m.confidence}")
    if result.report:
        lines.append(f"Run report: {result.report}")
    lines += list(result.notes)  # what the run decided for the user, in the log's English like the rest
    for m in result.maps:
        lines += ["", format_areas(result, m)]
    return "\n".join(lines)


def details_html(result: SegmentResult) -> str:
    """Behind "Show more": where the files are, and each map's class areas as an aligned table."""
    g = result.grid
    files = []
    for m in result.maps:
        files.append(tr("{title}: {path}").format(title=map_title(m.task), path=m.output))
        if m.confidence:
            files.append(tr("Confidence: {path}").format(path=m.confidence))
    if result.report:
        files.append(tr("Run report: {path}").format(path=result.report))
    files.append(tr("{width} × {height} pixels at {res} m, {tiles} tile(s) on {device}").format(
        width=g.width, height=g.height, res=f"{g.res:g}", tiles=result.tiles, device=result.device))
    # e.g. the area cut to where there is imagery; naming the dock's fields, not the command line's --crs
    files += [said_here(n) for n in result.notes]
    return "".join(_areas_html(result, m, "\n".join(files) if i == 0 else map_title(m.task))
                   for i, m in enumerate(result.maps))


def _areas_html(result: SegmentResult, m, intro: str) -> str:
    rows = [[r["code"], r["name"], _area(r["area_m2"]), number(r["area_m2"]), number(r["percent"])]
            for r in sorted(area_rows(result, m), key=lambda r: -r["pixels"])]
    total = sum(r["area_m2"] for r in area_rows(result, m))
    rows.append(["", tr("classified"), _area(total), number(total), number(100) if total else ""])
    nodata = m.class_pixels.get(m.nodata, 0) * result.grid.res**2
    if nodata:
        rows.append([m.nodata, tr("nodata"), _area(nodata), number(nodata), ""])
    return table_html([tr("code"), tr("class"), tr("area"), tr("area m²"), "%"], rows, {0, 2, 3, 4}, intro)


def _seconds(s: float) -> str:
    return f"{number(s)} s" if s < 60 else f"{int(s // 60)} min {int(s % 60):02d} s"


def _area(m2: float) -> str:
    if m2 >= 1e6:
        return f"{number(m2 / 1e6, 2)} km²"
    if m2 >= 1e4:
        return f"{number(m2 / 1e4, 2)} ha"
    return f"{m2:.0f} m²"
