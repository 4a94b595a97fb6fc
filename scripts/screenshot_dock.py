"""docs/dock_<width>_<lang>.png: the Segment dock as QGIS shows it at its default dock width
(300 px) and at 450 px, in English and in French (a French QGIS: locale/userLocale = fr), then
docs/dock_changed_300_<lang>.png with advanced settings changed (named under the section).

Run from the repository root:  .venv/bin/python scripts/screenshot_dock.py [--multisource | --utt | --lcl] [OUT_DIR]

For each language ``qgis`` starts under ``xvfb-run`` (scripts/qgis_desktop.py) with a throw-away
profile set to that language; inside, the Montpellier sample is loaded, the dock opened, and the
dock is grabbed floating at each width.

``--multisource`` shoots dock_ms_<width>_<lang>.png instead: the dock with a tiny LC-D-shaped
model (aerial + Sentinel-2, built here by tests/engine/multisource_models.py, which needs torch)
and the synthetic Sentinel-2 set (tests/engine/multisource_data.py), an area drawn on the map;
then dock_ms_problem_300_<lang>.png, the area partly off the aerial layer (said on its row).

``--lcl`` shoots dock_lcl_300_<lang>.png and dock_lcl_dem_300_<lang>.png: a tiny LC-L-shaped model
(aerial, DEM, SPOT, S2, S1 ascending and descending; torch) with the synthetic set loaded as a user
would (s1a.tif, s1d.tif: their rows guessed from the names), the area the whole input layer and the
DEM row given the bundled dsm_50cm with dtm_50cm as its DTM (0.4 m short of the ortho: accepted).

``--utt`` shoots dock_utt_<width>_<lang>.png: a tiny FLAIR#2 U-T&T model trained with aerial
metadata (tests/engine/utt_models.py, torch) on its synthetic set (tests/engine/utt_data.py), the
"Aerial acquisition" group filled in; then dock_utt_missing_300_<lang>.png, the date not given
(Run off, the status line says why) and a Sentinel-2 stack too small for the 400 m context.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile

STAGE = "FLAIR_DOCK_SHOTS"
SIZE = (1400, 1000)
WIDTHS = (300, 450)
LANGS = ("en", "fr")


def _profile(lang: str, extra: dict):
    def prepare(work: str) -> dict:
        folder = os.path.join(work, "profiles", "default", "QGIS")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "QGIS3.ini"), "w", encoding="utf-8") as f:
            f.write(f"[locale]\nuserLocale={lang}\noverrideFlag=true\n")
        return {STAGE: os.path.abspath(OUT), "FLAIR_SHOT_LANG": lang, **extra}
    return prepare


def _multisource_set(folder: str, kind: str = "LC-D", key: str = "FLAIR_SHOT_MS_MODEL") -> dict:
    """The tiny ``kind``-shaped model (LC-D, LC-L) and the synthetic set, made with the test helpers."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sys.path[:0] = [root, os.path.join(root, "tests", "engine")]
    from multisource_data import make_sample
    from multisource_models import converted

    model = os.path.join(folder, f"FLAIR-HUB_{kind}.onnx")
    shutil.copy(converted(kind), model)
    make_sample(os.path.join(folder, "data"))
    return {key: model, "FLAIR_SHOT_MS_DATA": os.path.join(folder, "data")}


def _utt_set(folder: str) -> dict:
    """The tiny U-T&T model with metadata and its synthetic set, made with the test helpers."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sys.path[:0] = [root, os.path.join(root, "tests", "engine")]
    from utt_data import make_utt_sample
    from utt_models import ENCODER, TILE, checkpoint

    from inference.convert.multisource.utt_convert import convert_utt

    ckpt, model = os.path.join(folder, "utt.safetensors"), os.path.join(folder, "my-flair2-utt.onnx")
    checkpoint(ckpt, metadata=True, seed=3)
    convert_utt(ckpt, model, TILE, 32, encoder=ENCODER, say=lambda _: None, check_t=(2,))
    make_utt_sample(os.path.join(folder, "data"))
    return {"FLAIR_SHOT_UTT_MODEL": model, "FLAIR_SHOT_MS_DATA": os.path.join(folder, "data")}


def launch(out_dir: str, multisource: bool = False, utt: bool = False, lcl: bool = False) -> int:
    from qgis_desktop import run_in_qgis

    global OUT
    OUT = out_dir
    os.makedirs(out_dir, exist_ok=True)
    rc = 0
    folder = tempfile.mkdtemp(prefix="flair-ms-shots-") if multisource or utt or lcl else None
    try:
        extra = (_multisource_set(folder, "LC-L", "FLAIR_SHOT_LCL_MODEL") if lcl else _utt_set(folder) if utt
                 else _multisource_set(folder) if multisource else {})
        for lang in LANGS:
            rc |= run_in_qgis(__file__, SIZE, f"flair-dock-{lang}-", _profile(lang, extra))
    finally:
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
    prefix = "dock_utt" if utt else "dock_ms" if multisource else "dock"
    written = [os.path.join(out_dir, f"{prefix}_{w}_{lang}.png") for lang in LANGS for w in WIDTHS] if not lcl else []
    written += [os.path.join(out_dir, f"dock_changed_300_{lang}.png") for lang in LANGS
                if not multisource and not utt and not lcl]
    written += [os.path.join(out_dir, f"dock_lcl{part}_300_{lang}.png") for lang in LANGS for part in ("", "_dem")
                if lcl]
    written += [os.path.join(out_dir, f"dock_ms_problem_300_{lang}.png") for lang in LANGS if multisource and not utt]
    written += [os.path.join(out_dir, f"dock_utt_missing_300_{lang}.png") for lang in LANGS if utt]
    missing = [p for p in written if not os.path.isfile(p)]
    if missing:
        print(f"not written: {', '.join(missing)}", file=sys.stderr)
        return 1
    print("wrote " + ", ".join(written))
    return rc


def inside_qgis() -> None:
    """Runs in QGIS's Python (qgis --code)."""
    import qgis.utils
    from qgis.core import QgsApplication, QgsRectangle
    from qgis.PyQt.QtCore import QTimer
    from qgis.PyQt.QtWidgets import QApplication, QScrollArea

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
    shots = [(f"dock_{w}_{lang}.png", w, None) for w in WIDTHS]
    # then advanced settings kept from an earlier run (tile and stitching changed): named, still 300 px
    shots.append((f"dock_changed_300_{lang}.png", 300, lambda: _changed_settings(dock)))
    if os.environ.get("FLAIR_SHOT_MS_MODEL"):
        _multisource_dock(dock, project, iface)
        shots = [(f"dock_ms_{w}_{lang}.png", w, None) for w in WIDTHS]
        # then a problem on its row: the drawn area reaches 50 m east of the ortho
        shots.append((f"dock_ms_problem_300_{lang}.png", 300, lambda: dock.area_box.set_drawn(
            QgsRectangle(770560, 6277570, 770650, 6277590), project.crs())))
    elif os.environ.get("FLAIR_SHOT_LCL_MODEL"):
        _lcl_dock(dock, project)
        shots = [(f"dock_lcl_300_{lang}.png", 300, None), (f"dock_lcl_dem_300_{lang}.png", 300, None)]
    elif os.environ.get("FLAIR_SHOT_UTT_MODEL"):
        _utt_dock(dock, project)
        shots = [(f"dock_utt_{w}_{lang}.png", w, None) for w in WIDTHS]
        shots.append((f"dock_utt_missing_300_{lang}.png", 300, lambda: _utt_problems(dock, project)))

    def shoot(shots):
        if not shots:
            project.clear()
            QTimer.singleShot(500, lambda: QgsApplication.exit(0))
            return
        name, width, before = shots[0]
        if before is not None:
            before()
        dock.setFloating(True)
        dock.resize(width, 900)
        QApplication.processEvents()
        if os.environ.get("FLAIR_SHOT_UTT_MODEL"):  # the aerial acquisition group is what these shots are for
            dock.findChild(QScrollArea).ensureWidgetVisible(dock.metadata_box, 0, 0)
        if name.startswith("dock_lcl_dem"):  # the DEM row and its DTM picker
            dock.findChild(QScrollArea).ensureWidgetVisible(dock.modalities_box.row("DEM").dtm, 0, 120)
        if name.startswith("dock_changed"):  # the output section, where the changed settings are named
            bar = dock.findChild(QScrollArea).verticalScrollBar()
            bar.setValue(bar.maximum())
        QTimer.singleShot(800, lambda: (dock.grab().save(os.path.join(out, name)), shoot(shots[1:])))

    QTimer.singleShot(2500, lambda: shoot(shots))


def _changed_settings(dock) -> None:
    box = dock.output_box
    box.tile.setValue(64)
    box.stitch.setCurrentIndex(box.stitch.findData("blend"))


def _multisource_dock(dock, project, iface) -> None:
    """The Sentinel-2 stack loaded beside the ortho, the LC-D model chosen (its rows guessed from
    the layers), the mask given and a 30 x 20 m area drawn."""
    from qgis.core import QgsRasterLayer, QgsRectangle

    data = os.environ["FLAIR_SHOT_MS_DATA"]
    project.addMapLayer(QgsRasterLayer(os.path.join(data, "s2_stack.tif"), "Sentinel-2 2021"))
    dock.model_box.set_model(os.environ["FLAIR_SHOT_MS_MODEL"])
    dock.modalities_box.row("S2").mask.setFilePath(os.path.join(data, "s2_mask.tif"))
    dock.area_box.set_mode("drawn")
    dock.area_box.set_drawn(QgsRectangle(770560, 6277570, 770590, 6277590), project.crs())


def _lcl_dock(dock, project) -> None:
    """The synthetic S2, S1 (s1a.tif, s1d.tif) and SPOT files and the bundled DSM and DTM loaded as a
    user would, the LC-L model chosen (rows guessed), the DEM row given the DSM with the DTM."""
    from qgis.core import QgsRasterLayer

    data = os.environ["FLAIR_SHOT_MS_DATA"]
    montpellier = os.path.join(os.environ["FLAIR_ROOT"], "data", "montpellier")
    layers = {name: QgsRasterLayer(os.path.join(folder, name + ".tif"), name)
              for folder, names in ((data, ("s2_stack", "s1a", "s1d", "spot")), (montpellier, ("dsm_50cm", "dtm_50cm")))
              for name in names}
    project.addMapLayers(list(layers.values()))
    dock.model_box.set_model(os.environ["FLAIR_SHOT_LCL_MODEL"])
    dock.area_box.set_mode("layer")
    row = dock.modalities_box.row("DEM")
    row.set_layer(layers["dsm_50cm"])
    row.dtm.setLayer(layers["dtm_50cm"])


def _utt_dock(dock, project) -> None:
    """The 5-band aerial and the Sentinel-2 stack loaded, the U-T&T model chosen (rows guessed or
    set), dates and mask given, the aerial acquisition filled in, a 30 x 20 m area drawn."""
    from qgis.core import QgsRasterLayer, QgsRectangle

    data = os.environ["FLAIR_SHOT_MS_DATA"]
    aerial = QgsRasterLayer(os.path.join(data, "aerial5.tif"), "FLAIR aerial 5 bands")
    s2 = QgsRasterLayer(os.path.join(data, "s2.tif"), "Sentinel-2 2021")
    project.addMapLayers([aerial, s2])
    dock.model_box.set_model(os.environ["FLAIR_SHOT_UTT_MODEL"])
    box = dock.modalities_box
    box.row("AERIAL").set_layer(aerial)
    box.row("S2").dates.setFilePath(os.path.join(data, "s2_dates.txt"))
    box.row("S2").mask.setFilePath(os.path.join(data, "s2_mask.tif"))
    box.row("S2").set_layer(s2)
    for key, text in (("date", "2021-06-15"), ("time", "10:30"), ("camera", "UCE-M3-f100-s06"), ("altitude", "40")):
        dock.metadata_box.set_text(key, text)
    dock.area_box.set_mode("drawn")
    dock.area_box.set_drawn(QgsRectangle(770560, 6277570, 770590, 6277590), project.crs())


def _utt_problems(dock, project) -> None:
    """The date cleared and a Sentinel-2 stack that covers only 60 m around the ortho."""
    from qgis.core import QgsRasterLayer

    short = QgsRasterLayer(os.path.join(os.environ["FLAIR_SHOT_MS_DATA"], "s2_short.tif"), "Sentinel-2 (small)")
    project.addMapLayer(short)
    dock.modalities_box.row("S2").set_layer(short)
    dock.metadata_box.set_text("date", "")


OUT = "docs"
if __name__ == "__main__":
    if os.environ.get(STAGE) and "qgis" in sys.modules:
        inside_qgis()
    else:
        args = [a for a in sys.argv[1:] if a not in ("--multisource", "--utt", "--lcl")]
        sys.exit(launch(args[0] if args else "docs", "--multisource" in sys.argv[1:], "--utt" in sys.argv[1:],
                        "--lcl" in sys.argv[1:]))
