"""What a finished run puts in front of the user: the styled layer in a "FLAIR" group and a
message with where the file is and the class areas. Main thread only."""
from __future__ import annotations

import html
import os

from qgis.core import QgsProject, QgsRasterLayer, QgsVectorLayer

from ...inference.segment.modalities.run import MultiResult
from ...inference.segment.params import SegmentResult
from ...inference.segment.report import area_rows, format_areas
from ..i18n import number, tr
from ..layers.files import layer_file, same_file
from ..layers.tree import add_to_group
from ..styling.confidence import style_confidence
from ..styling.flair import load_style
from .messages import table_html
from .naming import confidence_name

GROUP = "FLAIR"


def add_result_layers(result: SegmentResult, project: QgsProject | None = None,
                      name: str | None = None) -> list[QgsRasterLayer]:
    """The land-cover layer (styled, legend limited to the classes present) and, if written,
    the confidence layer above it (0-100 % ramp, unticked), at the top of the "FLAIR" group. Layers of the
    project that show an earlier result written to the same files are replaced, not duplicated."""
    project = project or QgsProject.instance()
    name = name or os.path.splitext(os.path.basename(result.output))[0]
    removed = _remove_layers_of(project, [p for p in (result.output, result.confidence) if p])
    layer = QgsRasterLayer(result.output, name, "gdal")
    if not layer.isValid():
        raise OSError(f"QGIS cannot open the output {result.output}")
    layer.setAbstract(f"FLAIR land cover by {result.card.name}, {result.grid.res:g} m, on {result.device}. "
                      f"Run report: {result.report or 'none'}")
    load_style(layer, qml_path=result.qml)  # the style the engine wrote beside the map
    layers = [layer]
    add_to_group(project, layer, GROUP, visible=removed.get(result.output, True))
    if result.confidence:
        conf = QgsRasterLayer(result.confidence, confidence_name(name), "gdal")
        if conf.isValid():
            style_confidence(conf)
            # above the opaque map, so that ticking it shows it; off until the user ticks it
            add_to_group(project, conf, GROUP, visible=removed.get(result.confidence, False))
            layers.append(conf)
    return layers


def add_task_layers(result: MultiResult, project: QgsProject, names: dict[str, str] | None = None
                    ) -> list[QgsRasterLayer]:
    """A multi-source model's results: one layer per task (styled by the .qml written beside it),
    named ``names[task]`` (default: the file's name), and its confidence layer when written, as
    ``add_result_layers`` adds a single-source map."""
    layers = []
    for task, path in result.outputs.items():
        name = (names or {}).get(task) or os.path.splitext(os.path.basename(path))[0]
        removed = _remove_layers_of(project, [p for p in (path, result.confidence.get(task)) if p])
        layer = QgsRasterLayer(path, name, "gdal")
        if not layer.isValid():
            raise OSError(f"QGIS cannot open the output {path}")
        layer.setAbstract(f"FLAIR multi-source output for {task} on {result.device}. Run report: {result.report}")
        load_style(layer, qml_path=os.path.splitext(path)[0] + ".qml")
        add_to_group(project, layer, GROUP, visible=removed.get(path, True))
        layers.append(layer)
        if task in result.confidence:
            conf = QgsRasterLayer(result.confidence[task], confidence_name(name), "gdal")
            if conf.isValid():
                style_confidence(conf)
                add_to_group(project, conf, GROUP, visible=removed.get(result.confidence[task], False))
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
        raise OSError(f"QGIS cannot open the polygons {result.output}")
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


def summary(result: SegmentResult | MultiResult, top: int = 2) -> str:
    """One short line for the message bar (one line even beside the docks): the largest classes;
    where the files are is behind "Show more"."""
    if isinstance(result, MultiResult):
        return tr("{maps} map(s) ready in {seconds}").format(maps=len(result.outputs), seconds=_seconds(result.seconds))
    rows = sorted(area_rows(result), key=lambda r: -r["area_m2"])
    parts = ", ".join(f"{r['name']} {r['percent']:.0f} %" for r in rows[:top])
    return tr("Land cover ready in {seconds}: {classes}").format(seconds=_seconds(result.seconds),
                                                                 classes=parts or tr("no class"))


def details(result: SegmentResult) -> str:
    """Plain text for the log: the files and the class areas."""
    if isinstance(result, MultiResult):
        return "\n".join([f"{task}: {path}" for task, path in {**result.outputs, **{
            f"{t} confidence": p for t, p in result.confidence.items()}}.items()] + [f"Run report: {result.report}"])
    lines = [f"Output: {result.output}"]
    if result.confidence:
        lines.append(f"Confidence: {result.confidence}")
    if result.report:
        lines.append(f"Run report: {result.report}")
    lines += list(getattr(result, "notes", None) or [])  # what the run decided for the user (e.g. the area cut to the imagery)
    lines += ["", format_areas(result)]
    return "\n".join(lines)


def details_html(result: SegmentResult) -> str:
    """Behind "Show more": where the files are, and the class areas as an aligned table."""
    if isinstance(result, MultiResult):
        return "<pre>" + html.escape(details(result)) + "</pre>"
    g = result.grid
    files = [tr("Land cover: {path}").format(path=result.output)]
    if result.confidence:
        files.append(tr("Confidence: {path}").format(path=result.confidence))
    if result.report:
        files.append(tr("Run report: {path}").format(path=result.report))
    files.append(tr("{width} × {height} pixels at {res} m, {tiles} tile(s) on {device}").format(
        width=g.width, height=g.height, res=f"{g.res:g}", tiles=result.tiles, device=result.device))
    files += list(getattr(result, "notes", None) or [])  # e.g. the area cut to where there is imagery
    rows = [[r["code"], r["name"], _area(r["area_m2"]), number(r["area_m2"]), number(r["percent"])]
            for r in sorted(area_rows(result), key=lambda r: -r["pixels"])]
    total = sum(r["area_m2"] for r in area_rows(result))
    rows.append(["", tr("classified"), _area(total), number(total), number(100) if total else ""])
    nodata = result.class_pixels.get(0, 0) * g.res**2
    if nodata:
        rows.append([0, tr("nodata"), _area(nodata), number(nodata), ""])
    return table_html([tr("code"), tr("class"), tr("area"), tr("area m²"), "%"], rows, {0, 2, 3, 4}, "\n".join(files))


def _seconds(s: float) -> str:
    return f"{number(s)} s" if s < 60 else f"{int(s // 60)} min {int(s % 60):02d} s"


def _area(m2: float) -> str:
    if m2 >= 1e6:
        return f"{number(m2 / 1e6, 2)} km²"
    if m2 >= 1e4:
        return f"{number(m2 / 1e4, 2)} ha"
    return f"{m2:.0f} m²"
