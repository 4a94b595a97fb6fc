"""docs/dock_<width>_<lang>.png: the Segment dock as QGIS shows it at its default dock width
(300 px) and at 450 px, in English and in French (a French QGIS: locale/userLocale = fr).

Run from the repository root:  .venv/bin/python scripts/screenshot_dock.py [OUT_DIR]

For each language ``qgis`` starts under ``xvfb-run`` (scripts/qgis_desktop.py) with a throw-away
profile set to that language; inside, the Montpellier sample is loaded, the dock opened, and the
dock is grabbed floating at each width.
"""
from __future__ import annotations

import os
import sys

STAGE = "FLAIR_DOCK_SHOTS"
SIZE = (1400, 1000)
WIDTHS = (300, 450)
LANGS = ("en", "fr")


def _profile(lang: str):
    def prepare(work: str) -> dict:
        folder = os.path.join(work, "profiles", "default", "QGIS")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "QGIS3.ini"), "w", encoding="utf-8") as f:
            f.write(f"[locale]\nuserLocale={lang}\noverrideFlag=true\n")
        return {STAGE: os.path.abspath(OUT), "FLAIR_SHOT_LANG": lang}
    return prepare


def launch(out_dir: str) -> int:
    from qgis_desktop import run_in_qgis

    global OUT
    OUT = out_dir
    os.makedirs(out_dir, exist_ok=True)
    rc = 0
    for lang in LANGS:
        rc |= run_in_qgis(__file__, SIZE, f"flair-dock-{lang}-", _profile(lang))
    written = [os.path.join(out_dir, f"dock_{w}_{lang}.png") for lang in LANGS for w in WIDTHS]
    missing = [p for p in written if not os.path.isfile(p)]
    if missing:
        print(f"not written: {', '.join(missing)}", file=sys.stderr)
        return 1
    print("wrote " + ", ".join(written))
    return rc


def inside_qgis() -> None:
    """Runs in QGIS's Python (qgis --code)."""
    import qgis.utils
    from qgis.core import QgsApplication
    from qgis.PyQt.QtCore import QTimer
    from qgis.PyQt.QtWidgets import QApplication

    out, root = os.environ[STAGE], os.environ["FLAIR_ROOT"]
    lang = os.environ["FLAIR_SHOT_LANG"]
    iface = qgis.utils.iface
    sys.path.insert(0, os.path.join(root, "scripts"))  # QGIS runs this file with --code
    from qgis_desktop import sample_project

    project, _ = sample_project({"ortho_rgb_20cm": "BD ORTHO RGB", "ortho_irc_20cm": "BD ORTHO IRC",
                                 "dhm_50cm": "LiDAR HD height above ground"})
    iface.mainWindow().resize(*SIZE)
    iface.mainWindow().show()
    qgis.utils.loadPlugin("flair_qgis")
    qgis.utils.startPlugin("flair_qgis")
    dock = qgis.utils.plugins["flair_qgis"].show_dock()

    def shoot(widths):
        if not widths:
            project.clear()
            QTimer.singleShot(500, lambda: QgsApplication.exit(0))
            return
        width = widths[0]
        dock.setFloating(True)
        dock.resize(width, 900)
        QApplication.processEvents()
        QTimer.singleShot(800, lambda: (dock.grab().save(os.path.join(out, f"dock_{width}_{lang}.png")),
                                        shoot(widths[1:])))

    QTimer.singleShot(2500, lambda: shoot(list(WIDTHS)))


OUT = "docs"
if __name__ == "__main__":
    if os.environ.get(STAGE) and "qgis" in sys.modules:
        inside_qgis()
    else:
        sys.exit(launch(sys.argv[1] if len(sys.argv) > 1 else "docs"))
