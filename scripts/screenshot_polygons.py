"""docs/polygons_screenshot.png: the land-cover polygons over the orthophoto in the real QGIS
desktop under Xvfb (as scripts/screenshot.py, with the dock's "Also write polygons" ticked).

Run from the repository root:  .venv/bin/python scripts/screenshot_polygons.py [OUT.png]

The dock runs the built-in model over the Montpellier sample with polygons; when the task ends the
raster is hidden and the polygons (styled by the engine's embedded style, at 65 % opacity) are
shown over the ortho, their attribute form beside them, and the main window is saved.
"""
from __future__ import annotations

import os
import sys

STAGE = "FLAIR_POLYGONS_SCREENSHOT_OUT"
SIZE = (1600, 960)


def launch(out: str) -> int:
    from qgis_desktop import run_in_qgis

    rc = run_in_qgis(__file__, SIZE, "flair-polygons-screenshot-", lambda work: {STAGE: os.path.abspath(out)})
    if not os.path.isfile(out):
        print("no screenshot was written", file=sys.stderr)
        return 1
    print(f"wrote {out}")
    return rc


def inside_qgis() -> None:
    """Runs in QGIS's Python (qgis --code)."""
    import qgis.utils
    from qgis.core import QgsApplication, QgsRectangle, QgsVectorLayer
    from qgis.PyQt.QtCore import QTimer

    out, root = os.environ[STAGE], os.environ["FLAIR_ROOT"]
    iface = qgis.utils.iface
    sys.path.insert(0, os.path.join(root, "scripts"))  # QGIS runs this file with --code
    from qgis_desktop import sample_project

    project, layers = sample_project({"ortho_rgb_20cm": "BD ORTHO RGB", "ortho_irc_20cm": "BD ORTHO IRC",
                                      "dhm_50cm": "Height above ground (LiDAR HD)"})
    root_node = project.layerTreeRoot()
    for file in ("ortho_irc_20cm", "dhm_50cm"):
        node = root_node.findLayer(layers[file].id())
        node.setItemVisibilityChecked(False)
        node.setExpanded(False)
    root_node.findLayer(layers["ortho_rgb_20cm"].id()).setExpanded(False)
    main = iface.mainWindow()
    main.resize(*SIZE)
    main.showMaximized()

    qgis.utils.loadPlugin("flair_qgis")
    qgis.utils.startPlugin("flair_qgis")
    plugin = qgis.utils.plugins["flair_qgis"]
    dock = plugin.show_dock()
    dock.setMinimumWidth(430)
    dock.output_box.confidence.setChecked(True)
    dock.output_box.polygons.setChecked(True)
    canvas = iface.mapCanvas()
    ortho = layers["ortho_rgb_20cm"].extent()

    def finished(outcome):
        if not outcome.ok:
            print("FLAIR run failed:", outcome.error, file=sys.stderr)
            QgsApplication.exit(1)
            return
        group = root_node.findGroup("FLAIR")
        polygons = None
        for node in group.findLayers():
            is_vector = isinstance(node.layer(), QgsVectorLayer)
            node.setItemVisibilityChecked(is_vector)
            node.setExpanded(is_vector)
            if is_vector:
                polygons = node.layer()
        polygons.setOpacity(0.65)
        iface.layerTreeView().setCurrentLayer(polygons)
        canvas.setExtent(QgsRectangle(ortho).buffered(1))
        canvas.refreshAllLayers()
        QTimer.singleShot(4000, shoot)

    def shoot():
        canvas.waitWhileRendering()
        main.grab().save(out)
        # empty the project first: QGIS 3.22 crashes when torn down by exit() with layers still loaded
        iface.layerTreeView().setCurrentLayer(None)
        project.clear()
        QTimer.singleShot(500, lambda: QgsApplication.exit(0))

    def run():
        canvas.setExtent(QgsRectangle(ortho).buffered(1))
        # a drawn area over most of the ortho, so the result sits on the imagery it came from
        dock.area_box.set_mode("drawn")
        area = QgsRectangle(ortho.xMinimum() + 16, ortho.yMinimum(), ortho.xMaximum(), ortho.yMaximum() - 10)
        dock.area_box.set_drawn(area, project.crs())
        dock.controller.finished.connect(finished)
        dock.run_button.click()

    QTimer.singleShot(2500, run)


if __name__ == "__main__":
    if os.environ.get(STAGE) and "qgis" in sys.modules:
        inside_qgis()
    else:
        sys.exit(launch(sys.argv[1] if len(sys.argv) > 1 else os.path.join("docs", "polygons_screenshot.png")))
