"""docs/screenshot.png: the real QGIS desktop under Xvfb with the FLAIR dock and a styled result
(and docs/screenshot_show_more.png: the success bar's "Show more" window).

Run from the repository root:  .venv/bin/python scripts/screenshot.py [OUT.png]

It starts ``qgis`` under ``xvfb-run`` with a throw-away profile in which this repository is the
installed plugin ``flair_qgis``, and hands QGIS this same file (``--code``). Inside QGIS the file
loads the Montpellier sample, opens the dock, runs the built-in model through the task manager
like a user clicking Run, then saves a picture of the main window and quits.
"""
from __future__ import annotations

import os
import sys

STAGE = "FLAIR_SCREENSHOT_OUT"
SIZE = (1600, 960)


def launch(out: str) -> int:
    from qgis_desktop import run_in_qgis

    rc = run_in_qgis(__file__, SIZE, "flair-screenshot-", lambda work: {STAGE: os.path.abspath(out)})
    if not os.path.isfile(out):
        print("no screenshot was written", file=sys.stderr)
        return 1
    print(f"wrote {out}")
    return rc


def inside_qgis() -> None:
    """Runs in QGIS's Python (qgis --code)."""
    import qgis.utils
    from qgis.core import QgsApplication, QgsRectangle
    from qgis.PyQt.QtCore import QTimer
    from qgis.PyQt.QtWidgets import QApplication, QDialog, QPushButton

    out, root = os.environ[STAGE], os.environ["FLAIR_ROOT"]
    iface = qgis.utils.iface
    sys.path.insert(0, os.path.join(root, "scripts"))  # QGIS runs this file with --code
    from flair_qgis.qgis_glue.i18n import tr
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
    canvas = iface.mapCanvas()
    ortho = layers["ortho_rgb_20cm"].extent()

    def finished(outcome):
        if not outcome.ok:
            print("FLAIR run failed:", outcome.error, file=sys.stderr)
            QgsApplication.exit(1)
            return
        group = root_node.findGroup("FLAIR")
        for node in group.findLayers():
            node.setExpanded(node.itemVisibilityChecked())
        shown = next(n for n in group.findLayers() if n.itemVisibilityChecked())  # the land cover (under the confidence)
        result = project.mapLayersByName(shown.name())[0]
        iface.layerTreeView().setCurrentLayer(result)
        canvas.setExtent(QgsRectangle(ortho).buffered(1))
        canvas.refreshAllLayers()
        QTimer.singleShot(4000, shoot)

    def shoot():
        canvas.waitWhileRendering()
        main.grab().save(out)
        # then the bar's "Show more" window: where the files are and the class areas
        more = [b for b in iface.messageBar().findChildren(QPushButton) if b.text() == tr("Show more")]
        if more:
            more[0].click()
        QTimer.singleShot(1000, show_more)

    def show_more():
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
        if windows:
            windows[-1].grab().save(out.replace(".png", "_show_more.png"))
            windows[-1].close()
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
        sys.exit(launch(sys.argv[1] if len(sys.argv) > 1 else os.path.join("docs", "screenshot.png")))
