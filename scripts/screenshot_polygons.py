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

if os.environ.get("FLAIR_ROOT"):  # inside QGIS (--code): this folder is not on the path
    sys.path.insert(0, os.path.join(os.environ["FLAIR_ROOT"], "scripts"))
from qgis_desktop import dock_on_sample, launch, main, quit_qgis, run_over_ortho  # noqa: E402

STAGE = "FLAIR_POLYGONS_SCREENSHOT_OUT"
SIZE = (1600, 960)


def inside_qgis() -> None:
    """Runs in QGIS's Python (qgis --code)."""
    import qgis.utils
    from qgis.core import QgsApplication, QgsRectangle, QgsVectorLayer
    from qgis.PyQt.QtCore import QTimer

    out = os.environ[STAGE]
    iface = qgis.utils.iface
    project, layers, main_window, dock = dock_on_sample(SIZE)
    dock.output_box.polygons.setChecked(True)
    root_node = project.layerTreeRoot()
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
        main_window.grab().save(out)
        quit_qgis(project)

    QTimer.singleShot(2500, lambda: run_over_ortho(dock, project, ortho, finished))


if __name__ == "__main__":
    main(STAGE, inside_qgis, lambda out, _: launch(__file__, STAGE, out, SIZE, "flair-polygons-screenshot-"),
         os.path.join("docs", "polygons_screenshot.png"))
