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

if os.environ.get("FLAIR_ROOT"):  # inside QGIS (--code): this folder is not on the path
    sys.path.insert(0, os.path.join(os.environ["FLAIR_ROOT"], "scripts"))
from qgis_desktop import dock_screenshot, launch, main, quit_qgis  # noqa: E402

STAGE = "FLAIR_SCREENSHOT_OUT"
SIZE = (1600, 960)


def inside_qgis() -> None:
    """Runs in QGIS's Python (qgis --code)."""
    from flair_qgis.qgis_glue.i18n import tr
    from qgis.PyQt.QtCore import QTimer
    from qgis.PyQt.QtWidgets import QApplication, QDialog, QPushButton
    from qgis.utils import iface

    out = os.environ[STAGE]

    def show(project, group):
        for node in group.findLayers():
            node.setExpanded(node.itemVisibilityChecked())
        shown = next(n for n in group.findLayers() if n.itemVisibilityChecked())  # the land cover (under the confidence)
        return project.mapLayersByName(shown.name())[0]

    def then(project):
        # the bar's "Show more" window: where the files are and the class areas
        more = [b for b in iface.messageBar().findChildren(QPushButton) if b.text() == tr("Show more")]
        if more:
            more[0].click()
        QTimer.singleShot(1000, lambda: show_more(project))

    def show_more(project):
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
        if windows:
            windows[-1].grab().save(out.replace(".png", "_show_more.png"))
            windows[-1].close()
        quit_qgis(project)

    dock_screenshot(out, SIZE, show, then)


if __name__ == "__main__":
    main(STAGE, inside_qgis, lambda out, _: launch(__file__, STAGE, out, SIZE, "flair-screenshot-"),
         os.path.join("docs", "screenshot.png"))
