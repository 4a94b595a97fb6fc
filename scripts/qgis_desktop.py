"""Run a script inside the real QGIS desktop under Xvfb, with this repository as the plugin.

Used by the screenshot scripts: ``qgis`` starts under ``xvfb-run`` with a throw-away profile in
which this repository is the installed plugin ``flair_qgis``, and runs ``script`` (``--code``).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_in_qgis(script: str, size: tuple[int, int], prefix: str, prepare=None) -> int:
    """``prepare(work)`` may make files in the throw-away folder and returns extra environment
    variables for the script; FLAIR_ROOT and FLAIR_WORK are always set. Returns QGIS's exit code."""
    work = tempfile.mkdtemp(prefix=prefix)
    try:
        plugins = os.path.join(work, "plugins")
        os.makedirs(plugins)
        os.symlink(ROOT, os.path.join(plugins, "flair_qgis"))
        import onnxruntime  # the QGIS process finds the engine's packages where this Python has them

        env = dict(os.environ, **{
            "FLAIR_ROOT": ROOT, "FLAIR_WORK": work, "QGIS_PLUGINPATH": plugins,
            "PYTHONPATH": os.pathsep.join([os.path.dirname(os.path.dirname(onnxruntime.__file__)),
                                           os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        }, **(prepare(work) if prepare else {}))
        env.pop("QT_QPA_PLATFORM", None)
        cmd = ["xvfb-run", "-a", "-s", f"-screen 0 {size[0]}x{size[1]}x24", "qgis", "--nologo",
               "--noversioncheck", "--profiles-path", work, "--code", os.path.abspath(script)]
        return subprocess.run(cmd, env=env, timeout=300).returncode
    finally:
        shutil.rmtree(work, ignore_errors=True)


def new_project(name: str):
    """Inside QGIS: the project, in EPSG:2154, saved as ``name`` in FLAIR_WORK."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsProject

    project = QgsProject.instance()
    project.setCrs(QgsCoordinateReferenceSystem("EPSG:2154"))
    project.setFileName(os.path.join(os.environ["FLAIR_WORK"], name))
    project.write()
    return project


def sample_layer(file: str, name: str):
    """Inside QGIS: the Montpellier sample file ``file`` (its stem) as a raster layer ``name``."""
    from qgis.core import QgsRasterLayer

    return QgsRasterLayer(os.path.join(os.environ["FLAIR_ROOT"], "data", "montpellier", file + ".tif"), name)


def sample_project(names: dict[str, str]):
    """Inside QGIS: a project in EPSG:2154 saved in FLAIR_WORK with the Montpellier sample files
    ``names`` (file stem -> layer name) loaded; returns the project and the layers by file stem."""
    project = new_project("montpellier.qgz")
    layers = {}
    for file, name in names.items():
        layers[file] = sample_layer(file, name)
        project.addMapLayer(layers[file])
    return project, layers


def launch(script: str, stage: str, out: str, size: tuple[int, int], prefix: str, prepare=None,
           also: str | None = None) -> int:
    """Start QGIS on ``script`` with ``stage`` naming the picture ``out`` (``prepare(work)`` may add
    variables, as in ``run_in_qgis``); say what was written (``also``: a second file, when made)."""
    def env(work: str) -> dict:
        return {stage: os.path.abspath(out), **(prepare(work) if prepare else {})}

    rc = run_in_qgis(script, size, prefix, env)
    if not os.path.isfile(out):
        print("no screenshot was written", file=sys.stderr)
        return 1
    print(f"wrote {out}" + (f" and {also}" if also and os.path.isfile(also) else ""))
    return rc


def main(stage: str, inside_qgis, launch_outside, default_out: str, option: str | None = None) -> None:
    """A screenshot script's entry point: inside QGIS (``stage`` set, qgis loaded) run
    ``inside_qgis()``, printing any failure and quitting QGIS; outside, ``launch_outside(OUT, VALUE)``
    with ``[OUT.png] [option VALUE]`` from the command line."""
    if os.environ.get(stage) and "qgis" in sys.modules:
        try:
            inside_qgis()
        except Exception:  # noqa: BLE001 - a script run inside QGIS: print any failure, then quit QGIS
            import traceback

            from qgis.core import QgsApplication

            traceback.print_exc()
            QgsApplication.exit(1)
        return
    args = sys.argv[1:]
    value = None
    if option and option in args:
        i = args.index(option)
        value = args[i + 1]
        del args[i:i + 2]
    sys.exit(launch_outside(args[0] if args else default_out, value))


def demo_map(root: str, work: str):
    """The Montpellier sample segmented with the built-in model (``python -m inference demo``):
    (its path, rasterio profile, codes)."""
    import rasterio

    demo = os.path.join(work, "demo")
    subprocess.run([sys.executable, "-m", "inference", "demo", "--out", demo], cwd=root, check=True,
                   stdout=subprocess.DEVNULL)
    path = os.path.join(demo, "montpellier_landcover.tif")
    with rasterio.open(path) as ds:
        return path, ds.profile, ds.read(1)


def start_plugin(size: tuple[int, int]):
    """Inside QGIS: the main window maximised at ``size``, the plugin loaded and started."""
    import qgis.utils

    main_window = qgis.utils.iface.mainWindow()
    main_window.resize(*size)
    main_window.showMaximized()
    qgis.utils.loadPlugin("flair_qgis")
    qgis.utils.startPlugin("flair_qgis")
    return main_window, qgis.utils.plugins["flair_qgis"]


def dock_on_sample(size: tuple[int, int]):
    """Inside QGIS: the Montpellier sample (RGB shown; IRC and heights loaded, hidden), the plugin
    started and its dock open, confidence ticked; returns (project, layers, main window, dock)."""
    project, layers = sample_project({"ortho_rgb_20cm": "BD ORTHO RGB", "ortho_irc_20cm": "BD ORTHO IRC",
                                      "dhm_50cm": "Height above ground (LiDAR HD)"})
    root_node = project.layerTreeRoot()
    for file in ("ortho_irc_20cm", "dhm_50cm"):
        node = root_node.findLayer(layers[file].id())
        node.setItemVisibilityChecked(False)
        node.setExpanded(False)
    root_node.findLayer(layers["ortho_rgb_20cm"].id()).setExpanded(False)
    main_window, plugin = start_plugin(size)
    dock = plugin.show_dock()
    dock.setMinimumWidth(430)
    dock.output_box.confidence.setChecked(True)
    return project, layers, main_window, dock


def run_over_ortho(dock, project, ortho, finished) -> None:
    """Inside QGIS: the dock runs over most of the ortho (a drawn area, so the result sits on the
    imagery it came from) like a user clicking Run; ``finished(outcome)`` when the task ends."""
    from qgis.core import QgsRectangle
    from qgis.utils import iface

    iface.mapCanvas().setExtent(QgsRectangle(ortho).buffered(1))
    dock.area_box.set_mode("drawn")
    area = QgsRectangle(ortho.xMinimum() + 16, ortho.yMinimum(), ortho.xMaximum(), ortho.yMaximum() - 10)
    dock.area_box.set_drawn(area, project.crs())
    dock.controller.finished.connect(finished)
    dock.run_button.click()


def after_task(holder, then, what: str):
    """Inside QGIS: a callback that waits until ``holder`` (the QA panel or its Change tab) has no task
    running, then calls ``then(outcome)``; a failed run is printed and quits QGIS with status 1."""
    from qgis.core import QgsApplication
    from qgis.PyQt.QtCore import QTimer

    def poll():
        if holder.task is not None:
            QTimer.singleShot(300, poll)
            return
        outcome = holder.last_outcome
        if outcome is None or not outcome.ok:
            print(f"FLAIR {what} failed:", outcome and outcome.error, file=sys.stderr)
            QgsApplication.exit(1)
            return
        then(outcome)

    return poll


def quit_qgis(project) -> None:
    """Inside QGIS: empty the project first (QGIS 3.22 crashes when torn down by exit() with layers
    still loaded), then quit."""
    from qgis.core import QgsApplication
    from qgis.PyQt.QtCore import QTimer
    from qgis.utils import iface

    iface.layerTreeView().setCurrentLayer(None)
    project.clear()
    QTimer.singleShot(500, lambda: QgsApplication.exit(0))


def dock_screenshot(out: str, size: tuple[int, int], show, then=None, polygons: bool = False) -> None:
    """Inside QGIS: the dock runs over the sample (``polygons``: with "Also write polygons"); when it
    ends, ``show(project, flair_group)`` arranges the result and returns the layer to select, the
    main window is saved to ``out`` and ``then(project)`` (default: quit) follows."""
    from qgis.core import QgsApplication, QgsRectangle
    from qgis.PyQt.QtCore import QTimer
    from qgis.utils import iface

    project, layers, main_window, dock = dock_on_sample(size)
    if polygons:
        dock.output_box.polygons.setChecked(True)
    canvas = iface.mapCanvas()
    ortho = layers["ortho_rgb_20cm"].extent()

    def finished(outcome):
        if not outcome.ok:
            print("FLAIR run failed:", outcome.error, file=sys.stderr)
            QgsApplication.exit(1)
            return
        iface.layerTreeView().setCurrentLayer(show(project, project.layerTreeRoot().findGroup("FLAIR")))
        canvas.setExtent(QgsRectangle(ortho).buffered(1))
        canvas.refreshAllLayers()
        QTimer.singleShot(4000, shoot)

    def shoot():
        canvas.waitWhileRendering()
        main_window.grab().save(out)
        (then or quit_qgis)(project)

    QTimer.singleShot(2500, lambda: run_over_ortho(dock, project, ortho, finished))
