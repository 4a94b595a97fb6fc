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
