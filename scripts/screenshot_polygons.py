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
from qgis_desktop import dock_screenshot, launch, main  # noqa: E402

STAGE = "FLAIR_POLYGONS_SCREENSHOT_OUT"
SIZE = (1600, 960)


def inside_qgis() -> None:
    """Runs in QGIS's Python (qgis --code)."""
    from qgis.core import QgsVectorLayer

    def show(project, group):
        polygons = None
        for node in group.findLayers():
            is_vector = isinstance(node.layer(), QgsVectorLayer)
            node.setItemVisibilityChecked(is_vector)
            node.setExpanded(is_vector)
            if is_vector:
                polygons = node.layer()
        polygons.setOpacity(0.65)
        return polygons

    dock_screenshot(os.environ[STAGE], SIZE, show, polygons=True)


if __name__ == "__main__":
    main(STAGE, inside_qgis, lambda out, _: launch(__file__, STAGE, out, SIZE, "flair-polygons-screenshot-"),
         os.path.join("docs", "polygons_screenshot.png"))
