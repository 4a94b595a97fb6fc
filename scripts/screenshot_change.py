"""docs/change_qgis.png: the real QGIS desktop under Xvfb with the change layer of a land-take run, and
the HTML report it wrote (for docs/change_report.png, taken with a headless browser).

Run from the repository root:  .venv/bin/python scripts/screenshot_change.py [OUT.png] [--report REPORT.html]

Same approach as scripts/screenshot_qa.py. The Montpellier sample has one date only, so the second
vintage is *simulated*: the sample is segmented with the built-in model (``python -m inference
demo``, the "2021" map) and a "2024" map is made from it by hand: two houses built on grass, a
swimming pool, a garden shed under 50 m² and a building demolished back to grass. Two made-up
zones split the tile. Inside QGIS the file loads the ortho, opens the QA panel's Change tab, runs
it like a user clicking "Measure change", saves a picture of the main window and copies the report.
"""
from __future__ import annotations

import os
import shutil
import sys

if os.environ.get("FLAIR_ROOT"):  # inside QGIS (--code): this folder is not on the path
    sys.path.insert(0, os.path.join(os.environ["FLAIR_ROOT"], "scripts"))
from qgis_desktop import ROOT, after_task, demo_map, launch, main, new_project, quit_qgis, sample_layer, start_plugin  # noqa: E402

STAGE = "FLAIR_SCREENSHOT_CHANGE_OUT"
SIZE = (1600, 1100)


def make_pair(root: str, work: str) -> tuple[str, str, str]:
    """The demo map as BEFORE, an edited copy as AFTER, and two zones splitting the tile."""
    import numpy as np
    import rasterio
    from osgeo import ogr, osr

    src, profile, a = demo_map(root, work)
    with rasterio.open(src) as ds:
        bounds = ds.bounds
    after = a.copy()
    after[20:60, 150:200] = 1  # a house of 40 x 50 px = 80 m² at 0.2 m
    after[70:90, 200:235] = 3  # its drive
    after[180:225, 30:80] = 1  # another house, 90 m²
    after[185:205, 90:115] = 13  # a swimming pool, 20 m²: under the 50 m² threshold
    after[120:140, 10:30] = 1  # a garden shed, 16 m²: under 50 m²
    built = np.argwhere(a == 1)
    if len(built):  # the largest building block near the centre goes back to grass
        r, c = built[len(built) // 2]
        after[max(0, r - 15):r + 15, max(0, c - 15):c + 15][a[max(0, r - 15):r + 15, max(0, c - 15):c + 15] == 1] = 10
    paths = []
    profile.update(compress="lzw")
    for name, data in (("landcover_2021.tif", a), ("landcover_2024.tif", after)):
        path = os.path.join(work, name)
        with rasterio.open(path, "w", **profile) as ds:
            ds.write(data, 1)
        paths.append(path)
    zones = os.path.join(work, "communes.gpkg")
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(zones)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    layer = ds.CreateLayer("communes", srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("INSEE_COM", ogr.OFTString))
    mid = (bounds.left + bounds.right) / 2
    for code, x0, x1 in (("34172", bounds.left, mid), ("34129", mid, bounds.right)):
        g = ogr.CreateGeometryFromWkt(f"POLYGON(({x0} {bounds.bottom},{x1} {bounds.bottom},{x1} {bounds.top},"
                                      f"{x0} {bounds.top},{x0} {bounds.bottom}))")
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetGeometry(g)
        f.SetField("INSEE_COM", code)
        layer.CreateFeature(f)
    ds = None
    return paths[0], paths[1], zones


def launch_change(out: str, report: str | None) -> int:
    def prepare(work: str) -> dict:
        before, after, zones = make_pair(ROOT, work)
        return {"FLAIR_CHANGE_BEFORE": before, "FLAIR_CHANGE_AFTER": after, "FLAIR_CHANGE_ZONES": zones,
                "FLAIR_CHANGE_REPORT": os.path.abspath(report) if report else ""}

    return launch(__file__, STAGE, out, SIZE, "flair-screenshot-change-", prepare, also=report)


def inside_qgis() -> None:
    """Runs in QGIS's Python (qgis --code)."""
    import qgis.utils
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsFillSymbol,
        QgsRasterLayer,
        QgsVectorLayer,
    )
    from qgis.PyQt.QtCore import QTimer

    out, work = os.environ[STAGE], os.environ["FLAIR_WORK"]
    iface = qgis.utils.iface
    project = new_project("montpellier_change.qgz")
    ortho = sample_layer("ortho_rgb_20cm", "BD ORTHO RGB")
    before = QgsRasterLayer(os.environ["FLAIR_CHANGE_BEFORE"], "land cover 2021")
    after = QgsRasterLayer(os.environ["FLAIR_CHANGE_AFTER"], "land cover 2024 (simulated)")
    zones = QgsVectorLayer(os.environ["FLAIR_CHANGE_ZONES"] + "|layername=communes", "communes", "ogr")
    project.addMapLayers([ortho, before, after, zones])
    project.setCrs(QgsCoordinateReferenceSystem("EPSG:2154"))
    zones.renderer().setSymbol(QgsFillSymbol.createSimple(
        {"color": "0,0,0,0", "outline_color": "30,30,30,255", "outline_width": "0.8", "outline_style": "dash"}))
    root_node = project.layerTreeRoot()
    for layer in (before, after):
        node = root_node.findLayer(layer.id())
        node.setExpanded(False)
        node.setItemVisibilityChecked(False)
    main_window, plugin = start_plugin(SIZE)
    panel = plugin.qa.show_panel()
    panel.setMinimumWidth(520)
    tab = panel.change
    tab.open_url = lambda url: None  # no browser inside Xvfb: the report is copied out instead
    canvas = iface.mapCanvas()
    extent = ortho.extent()

    def arrange(outcome):
        if os.environ.get("FLAIR_CHANGE_REPORT"):
            shutil.copy(outcome.result.files["report"], os.environ["FLAIR_CHANGE_REPORT"])
        for layer in project.mapLayers().values():
            node = root_node.findLayer(layer.id())
            if node is not None and layer not in (before, after):
                node.setExpanded(isinstance(layer, QgsVectorLayer) and layer is not zones)
        node = root_node.findLayer(zones.id())  # the zone boundary above the change layer
        root_node.insertChildNode(0, node.clone())
        root_node.removeChildNode(node)
        canvas.setExtent(extent.buffered(1))
        canvas.refreshAllLayers()
        QTimer.singleShot(4000, shoot)

    def shoot():
        print("shooting", file=sys.stderr, flush=True)
        canvas.waitWhileRendering()
        main_window.grab().save(out)
        quit_qgis(project)

    def run():
        print("running", file=sys.stderr, flush=True)
        project.setCrs(QgsCoordinateReferenceSystem("EPSG:2154"))
        canvas.setExtent(extent.buffered(1))
        panel.tabs.setCurrentWidget(tab)
        tab.before.setLayer(before)
        tab.after.setLayer(after)
        tab.zones.setLayer(zones)
        tab.field.setField("INSEE_COM")
        tab.output.setFilePath(os.path.join(work, "out", "montpellier_2021_2024.gpkg"))
        os.makedirs(os.path.join(work, "out"), exist_ok=True)
        done = after_task(tab, arrange, "change")
        QTimer.singleShot(500, lambda: (tab.run_button.click(), QTimer.singleShot(500, done)))

    QTimer.singleShot(2500, run)


if __name__ == "__main__":
    main(STAGE, inside_qgis, launch_change, os.path.join("docs", "change_qgis.png"), "--report")
