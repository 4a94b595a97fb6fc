"""docs/qa_screenshot.png: the real QGIS desktop under Xvfb with the FLAIR QA panel after a comparison.

Run from the repository root:  .venv/bin/python scripts/screenshot_qa.py [OUT.png] [--catalogue CAT.png]

Same approach as scripts/screenshot.py: ``qgis`` under ``xvfb-run`` with a throw-away profile in which
this repository is the installed plugin ``flair_qgis``, handed this file (``--code``). Before starting
QGIS it segments the Montpellier sample with the built-in model (``python -m inference demo``) and
makes a "reference" from that prediction with a few plausible annotation differences. Inside QGIS the
file loads the ortho, the reference and the prediction, opens the QA panel, runs the comparison like a
user clicking Compare, shows the metrics with the disagreement layer over the imagery, saves a picture
of the main window and, with ``--catalogue``, one of the model catalogue dialog, then quits.
"""
from __future__ import annotations

import os
import sys

if os.environ.get("FLAIR_ROOT"):  # inside QGIS (--code): this folder is not on the path
    sys.path.insert(0, os.path.join(os.environ["FLAIR_ROOT"], "scripts"))
from qgis_desktop import ROOT, after_task, demo_map, launch, main, new_project, quit_qgis, sample_layer, start_plugin  # noqa: E402

STAGE = "FLAIR_SCREENSHOT_QA_OUT"
SIZE = (1600, 1200)


def make_pair(root: str, work: str) -> tuple[str, str]:
    """The demo prediction (FLAIR codes) and a reference that differs from it in a few places."""
    import numpy as np
    import rasterio

    pred, profile, a = demo_map(root, work)
    ref = a.copy()
    h, w = ref.shape
    # an annotator who calls some herbaceous "agricultural land", some trees "brushwood",
    # draws buildings a little larger and forgot a swimming pool
    block = ref[: h // 2, w // 2:]
    block[block == 10] = 11
    block = ref[h // 2:, : w // 3]
    block[block == 7] = 8
    grown = np.zeros_like(ref, bool)
    for dy, dx in ((0, 1), (1, 0), (0, -1), (-1, 0), (1, 1), (-1, -1)):
        grown |= np.roll(np.roll(a == 1, dy, 0), dx, 1)
    ref[grown & (a != 0)] = 1
    ref[ref == 13] = 3
    path = os.path.join(work, "MSK_montpellier.tif")
    profile.update(compress="lzw")
    with rasterio.open(path, "w", **profile) as ds:
        ds.write(ref, 1)
    return path, pred


def launch_qa(out: str, catalogue: str | None) -> int:
    def prepare(work: str) -> dict:
        ref, pred = make_pair(ROOT, work)
        return {"FLAIR_QA_REF": ref, "FLAIR_QA_PRED": pred,
                "FLAIR_QA_CATALOGUE": os.path.abspath(catalogue) if catalogue else ""}

    return launch(__file__, STAGE, out, SIZE, "flair-screenshot-qa-", prepare, also=catalogue)


def inside_qgis() -> None:
    """Runs in QGIS's Python (qgis --code)."""
    import qgis.utils
    from qgis.core import QgsCoordinateReferenceSystem, QgsRasterLayer, QgsRectangle
    from qgis.PyQt.QtCore import QTimer

    out, work = os.environ[STAGE], os.environ["FLAIR_WORK"]
    catalogue_out = os.environ.get("FLAIR_QA_CATALOGUE", "")
    iface = qgis.utils.iface
    project = new_project("montpellier_qa.qgz")
    ortho = sample_layer("ortho_rgb_20cm", "BD ORTHO RGB")
    ref = QgsRasterLayer(os.environ["FLAIR_QA_REF"], "reference annotation")
    pred = QgsRasterLayer(os.environ["FLAIR_QA_PRED"], "FLAIR prediction")
    project.addMapLayers([ortho, pred, ref])
    project.setCrs(QgsCoordinateReferenceSystem("EPSG:2154"))  # the rasters' WKT alone reads as "unknown"
    root_node = project.layerTreeRoot()
    for layer in (ref, pred, ortho):
        node = root_node.findLayer(layer.id())
        node.setExpanded(False)
        if layer is not ortho:
            node.setItemVisibilityChecked(False)
    main_window, plugin = start_plugin(SIZE)
    panel = plugin.qa.show_panel()
    panel.setMinimumWidth(560)
    canvas = iface.mapCanvas()
    extent = ortho.extent()

    def arrange(_outcome):
        panel.tabs.setCurrentIndex(1)  # the metrics, not the review the panel switched to
        for node in root_node.findGroup("FLAIR QA").findLayers():
            node.setExpanded(False)
        canvas.setExtent(QgsRectangle(extent).buffered(1))
        canvas.refreshAllLayers()
        QTimer.singleShot(4000, shoot)

    def shoot():
        canvas.waitWhileRendering()
        main_window.grab().save(out)
        if catalogue_out:
            from flair_qgis.ui.catalogue_dialog import CatalogueDialog

            dialog = CatalogueDialog(main_window)
            dialog.show()
            QTimer.singleShot(1500, lambda: (dialog.grab().save(catalogue_out), dialog.close(), finish()))
        else:
            finish()

    def finish():
        quit_qgis(project)

    def run():
        project.setCrs(QgsCoordinateReferenceSystem("EPSG:2154"))
        canvas.setExtent(QgsRectangle(extent).buffered(1))
        panel.tabs.setCurrentIndex(1)
        panel.ref_layer.setLayer(ref)
        panel.pred_layer.setLayer(pred)
        QTimer.singleShot(500, compare)

    def compare():
        panel.ref_encoding.setCurrentIndex(panel.ref_encoding.findData("flair19"))
        panel.pred_encoding.setCurrentIndex(panel.pred_encoding.findData("flair19"))
        panel.folder.setFilePath(os.path.join(work, "qa"))
        panel.min_area.setValue(5.0)
        panel.compare_button.click()
        QTimer.singleShot(500, after_task(panel, arrange, "comparison"))

    QTimer.singleShot(2500, run)


if __name__ == "__main__":
    main(STAGE, inside_qgis, launch_qa, os.path.join("docs", "qa_screenshot.png"), "--catalogue")
