"""Run a script inside the real QGIS desktop under Xvfb, with this repository as the plugin.

Used by the screenshot scripts: ``qgis`` starts under ``xvfb-run`` with a throw-away profile in
which this repository is the installed plugin ``flair_qgis``, and runs ``script`` (``--code``).
"""
from __future__ import annotations

import os
import shutil
import subprocess
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


def sample_project(names: dict[str, str]):
    """Inside QGIS: a project in EPSG:2154 saved in FLAIR_WORK with the Montpellier sample files
    ``names`` (file stem -> layer name) loaded; returns the project and the layers by file stem."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsProject, QgsRasterLayer

    data = os.path.join(os.environ["FLAIR_ROOT"], "data", "montpellier")
    project = QgsProject.instance()
    project.setCrs(QgsCoordinateReferenceSystem("EPSG:2154"))
    project.setFileName(os.path.join(os.environ["FLAIR_WORK"], "montpellier.qgz"))
    project.write()
    layers = {}
    for file, name in names.items():
        layers[file] = QgsRasterLayer(os.path.join(data, file + ".tif"), name)
        project.addMapLayer(layers[file])
    return project, layers
