"""Helpers for the QGIS tier.

The repository root is the plugin folder; a symlink ``<tmp>/flair_qgis -> repo`` puts it on
``sys.path`` as the package ``flair_qgis``, exactly as it sits in a QGIS profile's plugins folder.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DATA = os.path.join(ROOT, "data", "montpellier")
PACKAGE = "flair_qgis"

PLUGINS_DIR = tempfile.mkdtemp(prefix="flair-plugins-")
os.symlink(ROOT, os.path.join(PLUGINS_DIR, PACKAGE))
sys.path.insert(0, PLUGINS_DIR)


def remove_plugins_dir() -> None:
    shutil.rmtree(PLUGINS_DIR, ignore_errors=True)


def wait_until(predicate, timeout: float = 60.0) -> bool:
    """Process Qt events until ``predicate()`` holds (the task manager runs tasks in threads)."""
    from qgis.core import QgsApplication

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        QgsApplication.processEvents()
        if predicate():
            return True
        time.sleep(0.01)
    QgsApplication.processEvents()
    return predicate()


def files_in(folder) -> list[str]:
    return sorted(os.listdir(folder))


def flush_deletes() -> None:
    """Run pending deleteLater()s, as QGIS's event loop would after a plugin unloads."""
    from qgis.core import QgsApplication
    from qgis.PyQt.QtCore import QEvent

    QgsApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QgsApplication.processEvents()


QGIS_PROCESS = shutil.which("qgis_process.bin") or shutil.which("qgis_process")


def qgis_process(tmp_path, algorithm: str, params: dict):
    """Run ``algorithm`` under qgis_process with this repository as the enabled plugin, in a
    throw-away profile; returns the CompletedProcess. qgis_process links the system GEOS like the
    desktop: shapely is on its path (as it is for a user), so a shapely call there shows."""
    import subprocess

    import shapely

    env = dict(os.environ, QGIS_PLUGINPATH=PLUGINS_DIR, QT_QPA_PLATFORM="offscreen",
               QGIS_CUSTOM_CONFIG_PATH=str(tmp_path / "profile"),
               PYTHONPATH=os.path.dirname(os.path.dirname(shapely.__file__)))
    subprocess.run([QGIS_PROCESS, "plugins", "enable", PACKAGE], env=env, capture_output=True, text=True,
                   timeout=60)
    return subprocess.run([QGIS_PROCESS, "run", algorithm, "--", *(f"{k}={v}" for k, v in params.items())],
                          env=env, capture_output=True, text=True, timeout=120)


def recording_feedback():
    """A Processing feedback that keeps what an algorithm says: ``errors``, ``warnings``, ``infos``,
    and all of them in order in ``said``."""
    from qgis.core import QgsProcessingFeedback

    class Recording(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.errors, self.warnings, self.infos, self.said = [], [], [], []

        def reportError(self, error, fatalError=False):  # noqa: N802, N803
            self.errors.append(error)
            self.said.append(error)

        def pushWarning(self, text):  # noqa: N802
            self.warnings.append(text)
            self.said.append(text)

        def pushInfo(self, text):  # noqa: N802
            self.infos.append(text)
            self.said.append(text)

    return Recording()
