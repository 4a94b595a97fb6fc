"""The project's layers let go of the files a run replaces, for the moment of the swap.

QGIS keeps a layer's file open, and Windows refuses to replace a file a program has open: re-running
to the same output (what the dock does by default) failed there once the whole area was done. The
engine calls ``released(paths)`` around its swap, or around a child process that writes them
(``inference.segment.commit.set_let_go``): each layer reading one of ``paths`` is pointed at
nothing, its style kept, and pointed back once the new files are in (or the previous ones are
back), so it shows the new map in the same place, in the style written with it. A vector layer's
provider is reloaded first: that closes the connections QGIS's OGR pool keeps to its file.
"""
from __future__ import annotations

import contextlib
import logging
import threading

from qgis.core import QgsDataProvider, QgsMapLayerStyle, QgsProject
from qgis.PyQt.QtCore import QObject, pyqtSignal, pyqtSlot

from ...inference.segment import commit
from .files import layer_file, same_file

log = logging.getLogger(__name__)

# how long a run waits for QGIS's main thread (where layers live) before swapping without its help
WAIT_S = 10.0


class _Call:
    """A function for the main thread, which the calling thread may give up waiting for."""

    def __init__(self, fn):
        self.fn, self.lock, self.done, self.abandoned, self.result = fn, threading.Lock(), threading.Event(), False, None

    def run(self) -> None:
        with self.lock:
            try:
                if not self.abandoned:
                    self.result = self.fn()
            except Exception:  # noqa: BLE001 - the swap goes on, and says so if a file stays held
                log.exception("could not let the layers go of their files, or take them back")
            finally:
                self.done.set()


class _MainThread(QObject):
    """Lives in the main thread; a call emitted from a worker thread is queued to it."""

    calls = pyqtSignal(object)

    def __init__(self):
        super().__init__()
        self.calls.connect(self._run)

    @pyqtSlot(object)
    def _run(self, call: _Call) -> None:
        call.run()


_main: _MainThread | None = None


def in_main_thread(fn, wait_s: float = WAIT_S):
    """``fn()`` run in the main thread, from any thread; None if it did not run within ``wait_s``."""
    if threading.current_thread() is threading.main_thread():
        return fn()
    if _main is None:  # the plugin was unloaded meanwhile: never touch layers from this thread
        return None
    call = _Call(fn)
    _main.calls.emit(call)
    if not call.done.wait(wait_s):
        with call.lock:
            call.abandoned = not call.done.is_set()
        if call.abandoned:
            log.warning("QGIS's main thread was busy for %.0f s; the run's files were swapped without it", wait_s)
            return None
    return call.result


def let_go(paths: list[str], project: QgsProject | None = None) -> list:
    """Point the project's layers reading one of ``paths`` at nothing (main thread); returns what
    ``take_back`` needs to restore them."""
    held = []
    for layer in (project or QgsProject.instance()).mapLayers().values():
        path = layer_file(layer)
        if path and any(same_file(path, p) for p in paths):
            style = QgsMapLayerStyle()
            style.readFromLayer(layer)
            provider = layer.providerType()
            held.append((layer, layer.source(), provider, style))  # before: taken back whatever happens next
            try:
                if provider == "ogr":
                    layer.dataProvider().reloadData()  # drops the pool's connections to the file
                layer.setDataSource("", layer.name(), provider, QgsDataProvider.ProviderOptions())
            except Exception:  # noqa: BLE001 - one layer QGIS refused: the swap says so if its file stays held
                log.exception("could not let %s go of its file", layer.name())
    return held


def take_back(held: list) -> None:
    """The layers ``let_go`` emptied read their files again (the new ones): in the style the run
    wrote with them (a map's ``.qml``, the GeoPackage's own: the new classes, which may not be the
    previous ones), else in their own."""
    for layer, source, provider, style in held:
        try:
            layer.setDataSource(source, layer.name(), provider, QgsDataProvider.ProviderOptions())
            if not layer.loadDefaultStyle()[1]:
                style.writeToLayer(layer)
            layer.triggerRepaint()
        except RuntimeError:  # the layer was deleted meanwhile
            pass
        except Exception:  # noqa: BLE001 - the others are still taken back
            log.exception("could not point %s back at its file", source)


@contextlib.contextmanager
def released(paths: list[str]):
    held = in_main_thread(lambda: let_go(paths)) or []
    try:
        yield
    finally:
        if held:
            in_main_thread(lambda: take_back(held))


def install() -> None:
    """From the main thread, when the plugin starts: the engine lets QGIS's layers go around its swaps."""
    global _main
    _main = _MainThread()
    commit.set_let_go(released)


def uninstall() -> None:
    global _main
    commit.set_let_go(None)
    _main = None
