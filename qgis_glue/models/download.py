"""QGIS side of "Get FLAIR models": download through QGIS's network stack, convert in a QgsTask.

- :class:`ModelDownload` fetches a URL with ``QgsNetworkAccessManager``, so the user's proxy,
  SSL and authentication settings apply (an ``authcfg`` id can be given too). Bytes go to
  ``DEST.part``; a cancelled or interrupted transfer keeps it and the next start resumes it with
  an HTTP Range request; the file is renamed to DEST only after the engine's checks
  (``inference.models.download.finalize``: size, SHA-256 where known), which delete a corrupt file.
- :class:`ConvertTask` runs ``inference.convert.run.convert`` in a worker thread (DESIGN.md's QGIS
  rules: everything caught in ``run()``, results handed over in ``finished()``).
- :func:`converter_missing` says, before anything starts, whether torch / smp are missing and
  the exact commands that install them into *this* QGIS's Python (never run by the plugin).
"""
from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass

from qgis.core import QgsApplication, QgsNetworkAccessManager, QgsSettings
from qgis.PyQt.QtCore import QObject, QTimer, QUrl, pyqtSignal
from qgis.PyQt.QtNetwork import QNetworkReply, QNetworkRequest

from ...inference.core.cancel import Cancelled, CancelToken
from ...inference.models.catalogue import CatalogueEntry, checkpoint_path, default_cache_dir, load_catalogue, onnx_path
from ...inference.models.download import (
    USER_AGENT,
    DownloadError,
    finalize,
    mb,
    parse_content_range,
    part_path,
    require_https,
    resume_offset,
    sha256_file,
)
from ...inference.models.published import Published, api_url, interpret
from ..deps import externally_managed, python_executable, where_to_run
from ..errors import user_message
from ..i18n import tr
from ..run.base import FlairTask

CACHE_KEY = "flair/models_cache"


def cache_dir() -> str:
    """The model cache folder: the user's choice, else ``<QGIS profile>/flair/models``."""
    value = QgsSettings().value(CACHE_KEY, "")
    if value:
        return str(value)
    profile = QgsApplication.qgisSettingsDirPath()
    return os.path.join(profile, "flair", "models") if profile else default_cache_dir()


def set_cache_dir(path: str) -> None:
    QgsSettings().setValue(CACHE_KEY, path)


def catalogue(path: str | None = None):
    return load_catalogue(path)


# ---------------------------------------------------------------------------------------------
# Converter dependencies


def converter_missing() -> str | None:
    """None when torch and smp can be imported here; else what to install, and how, as text."""
    missing = [name for mod, name in (("torch", "torch"), ("segmentation_models_pytorch", "segmentation-models-pytorch"),
                                      ("safetensors", "safetensors"), ("onnxscript", "onnxscript"))
               if importlib.util.find_spec(mod) is None]
    if not missing:
        return None
    return install_message(missing)


def converter_commands(platform: str = sys.platform) -> str:
    """The commands (one a line, ready to copy) that install the converter's packages into this
    QGIS's Python."""
    from ...inference.convert.arch import install_hint

    hint = install_hint(python_executable(platform))
    if externally_managed(platform):
        hint = hint.replace(" --user ", " --user --break-system-packages ")
    return hint


def needs_torch(entry: CatalogueEntry) -> bool:
    """Whether turning this catalogue entry into an ONNX model needs PyTorch (the catalogue says,
    per model: IGN's convolutional models have a torch-free converter)."""
    return bool(entry.needs_torch)


def torch_here() -> bool:
    return importlib.util.find_spec("torch") is not None


def install_message(missing: list[str], platform: str = sys.platform) -> str:
    python = python_executable(platform)
    hint = converter_commands(platform)
    where = where_to_run(platform)
    return tr("Converting IGN's checkpoints needs {packages} in QGIS's Python ({python}); the plugin never "
              "installs packages itself.\n{where}\n{hint}\nthen start QGIS again. (PyTorch is only needed to "
              "convert; the converted model runs without it.)").format(packages=", ".join(missing), python=python,
                                                                        where=where, hint=hint)


# ---------------------------------------------------------------------------------------------
# Download


def _attr(name: str):
    return getattr(QNetworkRequest.Attribute, name)


class ModelDownload(QObject):
    """One download through QGIS's network stack. Signals are emitted in the main thread."""

    progress = pyqtSignal(object, object)  # bytes done, bytes expected (or None)
    finished = pyqtSignal(bool, str)  # ok, the file's path or the reason it failed

    def __init__(self, url: str, dest: str, sha256: str | None = None, size: int | None = None,
                 authcfg: str | None = None, parent=None):
        super().__init__(parent)
        self.url, self.dest, self.sha256, self.size, self.authcfg = url, dest, sha256, size, authcfg
        self._reply = None
        self._file = None
        self._offset = 0
        self._done = 0
        self._total = None
        self._cancelled = False
        self._restarted = False
        self.was_cancelled = False
        self.resumed_from = 0
        self.http_status: int | None = None  # the server's last answer (404: the address may be wrong)

    @property
    def running(self) -> bool:
        return self._reply is not None

    def start(self) -> None:
        os.makedirs(os.path.dirname(os.path.abspath(self.dest)), exist_ok=True)
        if os.path.isfile(self.dest) and (not self.sha256 or sha256_file(self.dest) == self.sha256.lower()):
            QTimer.singleShot(0, lambda: self.finished.emit(True, self.dest))
            return
        try:
            require_https(self.url)  # as the engine's downloads: QGIS's network stack opens file:// too
        except DownloadError as e:
            refused = user_message(e)
            QTimer.singleShot(0, lambda: self.finished.emit(False, refused))
            return
        self._cancelled = False
        self._offset = resume_offset(self.dest)
        self.resumed_from = self._offset
        self._done, self._total, self._file = self._offset, None, None
        req = QNetworkRequest(QUrl(self.url))
        req.setRawHeader(b"User-Agent", USER_AGENT.encode())
        if self._offset:
            req.setRawHeader(b"Range", f"bytes={self._offset}-".encode())
        req.setAttribute(_attr("RedirectPolicyAttribute"), QNetworkRequest.RedirectPolicy.NoLessSafeRedirectPolicy)
        if self.authcfg:
            QgsApplication.authManager().updateNetworkRequest(req, self.authcfg)
        reply = QgsNetworkAccessManager.instance().get(req)
        if self.authcfg:
            QgsApplication.authManager().updateNetworkReply(reply, self.authcfg)
        self._reply = reply
        reply.readyRead.connect(self._on_ready)
        reply.downloadProgress.connect(self._on_progress)
        reply.finished.connect(self._on_finished)

    def cancel(self) -> None:
        if self._reply is not None:
            self._cancelled = True
            self._reply.abort()

    # -- reply handlers -------------------------------------------------------------------------
    def _status(self) -> int:
        value = self._reply.attribute(_attr("HttpStatusCodeAttribute"))
        return int(value) if value is not None else 0

    def _header(self, name: bytes) -> str | None:
        value = bytes(self._reply.rawHeader(name)).decode("latin-1")
        return value or None

    def _open_part(self) -> bool:
        """Decide, on the first bytes, whether to append (a honoured Range) or start over."""
        status = self._status()
        if status >= 400:
            return False
        if self._offset:
            cr = parse_content_range(self._header(b"Content-Range")) if status == 206 else None
            if status == 206 and cr and cr[0] == self._offset:
                self._total = cr[1]
            elif status == 206:  # a range we did not ask for: start again from zero
                self._restart_from_zero()
                return False
            else:  # the server ignored Range and sends the whole file
                self._offset = 0
                self._done = 0
        if self._total is None:
            length = self._header(b"Content-Length")
            self._total = self._offset + int(length) if length and length.isdigit() else None
        self._file = open(part_path(self.dest), "ab" if self._offset else "wb")
        return True

    def _restart_from_zero(self) -> None:
        self._restarted = True
        reply, self._reply = self._reply, None
        reply.finished.disconnect(self._on_finished)
        reply.abort()
        reply.deleteLater()
        try:
            os.remove(part_path(self.dest))
        except OSError:
            pass
        QTimer.singleShot(0, self.start)

    def _on_ready(self) -> None:
        if self._reply is None:
            return
        if self._file is None and not self._open_part():
            if self._reply is not None:
                self._reply.readAll()  # an error page: not our file
            return
        data = bytes(self._reply.readAll())
        self._file.write(data)
        self._done += len(data)

    def _on_progress(self, received: int, total: int) -> None:
        if self._reply is None or self._status() >= 400:
            return
        expected = self._total or (self._offset + total if total > 0 else None)
        self.progress.emit(self._offset + received, expected)

    def _on_finished(self) -> None:
        reply = self._reply
        if reply is None:
            return
        if reply.bytesAvailable():
            self._on_ready()
        self._reply = None
        if self._file is not None:
            self._file.close()
            self._file = None
        status = int(reply.attribute(_attr("HttpStatusCodeAttribute")) or 0)
        self.http_status = status or None
        error = reply.error()
        reason = str(reply.attribute(_attr("HttpReasonPhraseAttribute")) or "")
        error_text = reply.errorString()
        reply.deleteLater()
        if self._cancelled:
            self.was_cancelled = True
            return self.finished.emit(False, tr("download cancelled after {size}; it resumes from there next time")
                                      .format(size=mb(self._done)))
        if status == 416 and self._offset and not self._restarted:
            self._restarted = True
            try:
                os.remove(part_path(self.dest))
            except OSError:
                pass
            return self.start()
        if status >= 400:
            host = QUrl(self.url).host() or self.url
            return self.finished.emit(False, tr("the server {host} answered {status} {reason} for {url}").format(
                host=host, status=status, reason=reason, url=self.url).replace("  ", " "))
        if error != QNetworkReply.NetworkError.NoError:
            if self._done > 0:
                return self.finished.emit(False, tr(
                    "the transfer was interrupted after {done} of {total} ({error}); download again to resume it").format(
                    done=mb(self._done), total=mb(self._total), error=error_text))
            return self.finished.emit(False, tr("cannot download {url}: {error} (check the network or proxy settings)")
                                      .format(url=self.url, error=error_text))
        if self._total is not None and self._done < self._total:
            return self.finished.emit(False, tr(
                "the transfer was interrupted after {done} of {total}; download again to resume it").format(
                done=mb(self._done), total=mb(self._total)))
        if not os.path.isfile(part_path(self.dest)):
            open(part_path(self.dest), "wb").close()  # an empty file
        try:
            finalize(self.dest, self.sha256, self.size if self.size is not None else self._total)
        except DownloadError as e:
            return self.finished.emit(False, user_message(e))
        self.finished.emit(True, self.dest)


class PublishedLookup(QObject):
    """Ask Hugging Face's API, through QGIS's network stack, for the size and SHA-256 it publishes
    for a file the catalogue has no checksum for; ``finished(Published)`` in the main thread.
    Never fails: an unreachable API gives a Published without them, saying why."""

    finished = pyqtSignal(object)

    def __init__(self, entry: CatalogueEntry, template: str | None, parent=None):
        super().__init__(parent)
        self.entry, self.url = entry, api_url(entry, template)
        self._reply = None

    @property
    def running(self) -> bool:
        return self._reply is not None

    def start(self) -> None:
        if not self.url:
            QTimer.singleShot(0, lambda: self.finished.emit(Published(None, None, "no Hugging Face API address")))
            return
        try:
            require_https(self.url)
        except DownloadError as e:
            refused = interpret(self.entry, None, None, str(e))
            QTimer.singleShot(0, lambda: self.finished.emit(refused))
            return
        req = QNetworkRequest(QUrl(self.url))
        req.setRawHeader(b"User-Agent", USER_AGENT.encode())
        req.setRawHeader(b"Accept", b"application/json")
        req.setAttribute(_attr("RedirectPolicyAttribute"), QNetworkRequest.RedirectPolicy.NoLessSafeRedirectPolicy)
        self._reply = QgsNetworkAccessManager.instance().get(req)
        self._reply.finished.connect(self._on_finished)

    def cancel(self) -> None:
        if self._reply is not None:
            self._reply.abort()

    def _on_finished(self) -> None:
        reply, self._reply = self._reply, None
        if reply is None:
            return
        status = int(reply.attribute(_attr("HttpStatusCodeAttribute")) or 0)
        body = bytes(reply.readAll())
        error = None if status else (reply.errorString() or "no answer")
        reply.deleteLater()
        self.finished.emit(interpret(self.entry, status or None, body, error))


# ---------------------------------------------------------------------------------------------
# Conversion task


@dataclass
class ConvertOutcome:
    entry: CatalogueEntry
    output: str
    result: object | None = None  # inference.convert.run.ConvertResult
    error: str | None = None
    details: str | None = None
    cancelled: bool = False
    missing_deps: bool = False

    @property
    def ok(self) -> bool:
        return self.result is not None


class ConvertTask(FlairTask):
    """Convert a downloaded checkpoint in a worker thread; ``on_finished(ConvertOutcome)`` in the main thread."""

    message = pyqtSignal(str)  # progress lines, queued to the main thread
    cancel_errors = (Cancelled,)

    def __init__(self, entry: CatalogueEntry, checkpoint: str, output: str, on_finished, catalogue=None,
                 tile: int | None = None, deepness: bool = True):
        super().__init__(tr("Converting {model} to ONNX").format(model=entry.id), ConvertOutcome(entry, output),
                         on_finished)
        self.entry, self.checkpoint, self.output = entry, checkpoint, output
        self._catalogue, self._tile, self._deepness = catalogue, tile, deepness

    def work(self) -> None:  # worker thread
        from ...inference.convert.arch import ConverterDepsMissing
        from ...inference.convert.run import ConvertParams, convert  # imports the converter's modules; loaded on use

        try:
            if self.entry.multisource:  # fused model: its own converter, checked against the catalogue's modalities
                from ...inference.convert.install import install_multisource

                self.outcome.result = install_multisource(self.entry, self.checkpoint, self.output, self._tile,
                                                          say=self._log, cancel=CancelToken(poll=self.isCanceled))
                return
            params = ConvertParams(self.checkpoint, self.output, entry=self.entry, catalogue=self._catalogue,
                                   tile=self._tile, deepness=self._deepness)
            self.outcome.result = convert(params, log_fn=self._log, cancel=CancelToken(poll=self.isCanceled))
        except ConverterDepsMissing as e:
            self.outcome.missing_deps = True
            self.outcome.error = converter_missing() or user_message(e)
            raise

    def _log(self, text: str) -> None:
        # the converter reports about six steps: move the task's progress bar along with them
        self.setProgress(min(95.0, self.progress() + 15.0))
        self.message.emit(text)

    def succeeded(self) -> None:
        from .info import remember_model

        remember_model(self.output)  # the dock's model picker lists it from now on


def start_conversion(entry: CatalogueEntry, cache: str, on_finished, catalogue=None, tile: int | None = None,
                     on_message=None) -> ConvertTask:
    task = ConvertTask(entry, checkpoint_path(entry, cache), onnx_path(entry, cache), on_finished,
                       catalogue=catalogue, tile=tile)
    if on_message is not None:
        task.message.connect(on_message)
    QgsApplication.taskManager().addTask(task)
    return task


__all__ = [
    "CACHE_KEY", "ConvertOutcome", "ConvertTask", "ModelDownload", "PublishedLookup", "cache_dir", "catalogue", "converter_commands",
    "converter_missing", "install_message", "needs_torch", "set_cache_dir", "start_conversion", "torch_here",
]
