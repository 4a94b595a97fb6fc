"""The safe output: every file of a run is written under a hidden name beside its target,
checked, read back, and only then swapped in, so what the user had is never lost.

A run's files (the map, its ``.qml``, its ``.aux.xml``, the ``_report.json``, the
``_confidence.tif``) are staged as ``.NAME.<pid>-<hex>.flair-part<ext>`` in the output folder
(same filesystem, so ``os.replace`` is atomic). ``OutputSet.commit`` then

1. reads each staged raster back block by block (a truncated or unreadable GeoTIFF, which GDAL
   may leave behind on a full disk without raising, fails here) and, when the caller knows them,
   compares its pixel counts with those it wrote;
2. reads each staged text file back and compares it with what was written;
3. gives the files ordinary permissions (0666 less the umask: ``mkstemp`` makes them 0600);
4. with SIGINT/SIGTERM held back, moves every previous file aside (``.NAME.<pid>-<hex>.flair-old``;
   an earlier run's file this run made none of too) then every new one in, and removes the previous ones; a failure puts each back as it was. Where a
   front end holds the previous files open it lets go of them for the moment (``set_let_go``).

Windows refuses to rename a file another program has open (a layer in QGIS, a viewer, an antivirus
scan for a moment): each rename is retried there for a few seconds, and a file still in use stops
the swap with its name before anything changed. Moving all aside first is what makes that so.

Until step 4 the previous files are untouched; a failure or a cancel removes the staged files
(``discard``), and a run killed outright (SIGKILL, power cut) leaves staged files that the next
run to the same output removes (``remove_leftovers``: only those whose process is gone), as it
does a run's scratch files (``OutputSet.scratch``); a previous file moved aside by a run killed
in the middle of its swap is put back when its target is missing.
"""
from __future__ import annotations

import contextlib
import logging
import os
import re
import secrets
import shutil
import signal
import threading
import time

import numpy as np

from ..core.errors import FlairError
from ..core.raster import gdal_errors

log = logging.getLogger(__name__)

PART = ".flair-part"
# GDAL's own sidecars of a staged raster (PAM statistics, external overviews, masks)
_GDAL_SIDECARS = (".aux.xml", ".ovr", ".msk")
# Deflate ratios the estimate assumes. Measured on the bundled Montpellier demo (252 x 252 px, with
# overviews and headers): the label map 3.8x smaller than its raw bytes, the confidence raster 1.2x
# (noisy). Larger maps of real land cover compress better; these keep the estimate on the safe side
# without refusing runs that would fit several times over. Overviews add a third.
LABEL_RATIO = 3.0
CONFIDENCE_RATIO = 1.2
OVERVIEW_FACTOR = 4.0 / 3.0
SLACK_BYTES = 64 << 10  # headers, sidecars, the report
# outputs whose files were swapped in by this process: a front end told of a signal that arrived
# during the swap (held back until it ended) can say the result is complete rather than discarded
COMMITTED: set[str] = set()
ASIDE = ".flair-old"
# Windows (see above): how long a file in use is waited for before the run says so
WINDOWS = os.name == "nt"
IN_USE_WAIT_S = 5.0
# what a front end holding the previous files open does around the swap (set_let_go)
_let_go = contextlib.nullcontext


class OutputError(FlairError, OSError):
    """The output cannot be written there, with what to do."""


def umask() -> int:
    """The process umask, read without changing it where /proc tells it (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    old = os.umask(0o022)  # elsewhere: set and restore (not thread-safe, but brief)
    os.umask(old)
    return old


def ordinary_mode() -> int:
    return 0o666 & ~umask()


def staged_name(final: str, token: str) -> str:
    """The hidden name a target is written under; keeps the extension (GDAL picks drivers by it)."""
    folder, name = os.path.split(os.path.abspath(final))
    ext = os.path.splitext(name)[1]
    return os.path.join(folder, f".{name}.{token}{PART}{ext}")


_STAGED = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-[0-9a-f]+(?P<kind>" + re.escape(PART) + "|"
                     + re.escape(ASIDE) + ")")
# the sink's names before this module existed: .NAME.XXXXXXXX.part.tif (mkstemp)
_OLD_PART = re.compile(r"^\.(?P<name>.+)\.[A-Za-z0-9_]{8}\.part\.tif")


def alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if WINDOWS:  # os.kill(pid, 0) there sends Ctrl+C (CTRL_C_EVENT is 0), or fails
        import ctypes

        return alive_windows(pid, ctypes.WinDLL("kernel32", use_last_error=True), ctypes.get_last_error)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def alive_windows(pid: int, kernel32, last_error) -> bool:
    """Whether process ``pid`` runs, through the Win32 API (``kernel32``; a fake one in tests)."""
    import ctypes

    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return last_error() == 5  # ERROR_ACCESS_DENIED: it runs, as another user
    try:
        code = ctypes.c_ulong()
        return not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)) or code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def set_let_go(factory) -> None:
    """What the process does around each swap: ``factory(paths)`` is a context manager entered
    before the previous files at ``paths`` are replaced and left after (QGIS's layers reading them
    let go of them, then read the new files: qgis_glue/layers/let_go.py). None: nothing."""
    global _let_go
    _let_go = factory or contextlib.nullcontext


def let_go(paths: list[str]):
    """The context in which this process holds none of ``paths`` open (see ``set_let_go``): around
    a swap, or around a child process that writes them."""
    return _let_go(list(paths))


def remove_leftovers(finals: list[str]) -> list[str]:
    """Remove hidden staged files (or folders) of ``finals`` left by runs that are no longer running."""
    removed = []
    by_folder: dict[str, set[str]] = {}
    for f in finals:
        folder, name = os.path.split(os.path.abspath(f))
        by_folder.setdefault(folder, set()).add(name)
    for folder, names in by_folder.items():
        try:
            entries = os.listdir(folder)
        except OSError:
            continue
        for entry in entries:
            if not entry.startswith("."):
                continue
            m = _STAGED.match(entry)
            if m and m.group("name") in names and not alive(int(m.group("pid"))):
                pass
            elif not m and (m2 := _OLD_PART.match(entry)) and m2.group("name") in names:
                pass
            else:
                continue
            path = os.path.join(folder, entry)
            final = os.path.join(folder, m.group("name")) if m else ""
            if m and m.group("kind") == ASIDE and not os.path.lexists(final):
                os.replace(path, final)  # killed mid-swap: the user's previous file goes back
                log.warning("put back %s, moved aside by an interrupted run", final)
                continue
            try:  # a folder: scale/mosaic.py's COG blocks
                shutil.rmtree(path) if os.path.isdir(path) and not os.path.islink(path) else os.remove(path)
                removed.append(path)
            except FileNotFoundError:
                pass
            except OSError as e:
                log.warning("could not remove the leftover %s: %s", path, e)
    if removed:
        log.info("removed %d hidden file(s) left by an interrupted run: %s", len(removed), ", ".join(removed))
    return removed


def estimate_bytes(width: int, height: int, confidence: bool = False) -> int:
    """Bytes the run's files may take on disk (see the ratios above)."""
    px = float(width) * float(height)
    need = px / LABEL_RATIO * OVERVIEW_FACTOR
    if confidence:
        need += px / CONFIDENCE_RATIO * OVERVIEW_FACTOR
    return int(need) + SLACK_BYTES


def free_bytes(folder: str) -> int:
    return shutil.disk_usage(folder).free


def check_free_space(output: str, width: int, height: int, confidence: bool = False) -> int:
    """Refuse, with the numbers, a run whose files cannot fit; returns the estimate."""
    folder = os.path.dirname(os.path.abspath(output))
    need = estimate_bytes(width, height, confidence)
    free = free_bytes(folder)
    if need > free:
        raise OutputError.say(
            "{output}: the result needs about {need:.1f} MB ({width} x {height} px"
            + (" plus the confidence raster" if confidence else "")
            + ") and only {free:.1f} MB is free in {folder}. Free some space, choose another folder, or cover "
            "a smaller area ({extent_option}).", output=output, need=need / 1e6, width=width, height=height,
            free=free / 1e6, folder=folder, extent_option="--extent")
    return need


@contextlib.contextmanager
def signals_held():
    """Hold SIGINT/SIGTERM back for the duration (main thread only), then act on them.

    The swap replaces several files; a signal between two replacements would leave a new map
    beside an old style. Elsewhere than the main thread Python delivers no signals to us."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    got: list[int] = []
    previous = {}
    for s in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(s) is None:  # a handler installed from C (an embedding app): leave it be
            continue
        try:
            previous[s] = signal.signal(s, lambda n, _f: got.append(n))
        except (ValueError, OSError):
            pass
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)
        if got:
            signal.raise_signal(got[0])


def verify_raster(path: str, shape: tuple[int, int], counts: dict[int, int] | None = None,
                  label: str | None = None) -> None:
    """Reopen a finished GeoTIFF and read every block back; compare pixel counts when given."""
    import rasterio

    name = label or path
    try:
        with rasterio.open(path) as ds:
            if (ds.height, ds.width) != tuple(shape):
                raise OutputError.say("{name} came back {width} x {height} px instead of {want_width} x "
                                      "{want_height}", name=name, width=ds.width, height=ds.height,
                                      want_width=shape[1], want_height=shape[0])
            hist = np.zeros(256, np.int64)
            for _, win in ds.block_windows(1):
                hist += np.bincount(ds.read(1, window=win).ravel(), minlength=256)[:256]
            if ds.overviews(1):  # the smallest level read back proves the overview chain is whole
                f = ds.overviews(1)[-1]
                ds.read(1, out_shape=(max(1, ds.height // f), max(1, ds.width // f)))
    except OutputError:  # the size above: said as it is, not inside "could not be read back"
        raise
    except (*gdal_errors(), OSError) as e:
        raise OutputError.say("{name} could not be read back after writing ({error}); is the disk full? The "
                              "previous files were kept.", name=name, error=str(e)) from None
    if counts is not None:
        want = np.zeros(256, np.int64)
        for c, n in counts.items():
            want[c] = n
        if not np.array_equal(hist, want):
            raise OutputError.say("{name} read back differs from what was written; is the disk failing? The "
                                  "previous files were kept.", name=name)


def _fsync(path: str) -> None:
    fd = os.open(path, os.O_RDWR)  # Windows flushes only a handle open for writing (else EBADF)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class OutputSet:
    """The staged files of one run; ``temp(final)`` names one, ``commit()`` swaps them all in.

    Use as a context manager: leaving it by an exception (a failure, Ctrl+C) discards them."""

    def __init__(self, finals: list[str], remove_on_commit: tuple[str, ...] = ()):
        self.finals = [os.path.abspath(f) for f in finals]
        self.remove_on_commit = tuple(os.path.abspath(f) for f in remove_on_commit)
        self.token = f"{os.getpid()}-{secrets.token_hex(4)}"
        self.staged: dict[str, str] = {}
        self.texts: dict[str, str] = {}
        self.rasters: dict[str, tuple[tuple[int, int], dict[int, int] | None]] = {}
        self.committed = False
        self.scratch_files: list[str] = []
        remove_leftovers(self.finals + list(self.remove_on_commit))

    def scratch(self, what: str, ext: str = ".tif") -> str:
        """A hidden scratch file beside the first target, removed when the set is left; named as the
        staged files are (the process id in it), so a killed run's is removed by the next run."""
        folder, name = os.path.split(self.finals[0])
        self.scratch_files.append(os.path.join(folder, f".{name}.{self.token}{len(self.scratch_files)}{PART}.{what}{ext}"))
        return self.scratch_files[-1]

    def temp(self, final: str) -> str:
        final = os.path.abspath(final)
        if final not in self.staged:
            self.staged[final] = staged_name(final, self.token)
        return self.staged[final]

    def write_text(self, final: str, text: str) -> str:
        tmp = self.temp(final)
        try:
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(text)
        except OSError as e:
            raise OutputError.say("could not write {final}: {reason}. Nothing was replaced; free some space or "
                                  "choose another folder.", final=final, reason=str(e.strerror or e)) from None
        self.texts[os.path.abspath(final)] = text  # keyed as staged is: `-o map.tif` in the current folder
        return tmp

    def expect_raster(self, final: str, shape: tuple[int, int], counts: dict[int, int] | None = None) -> None:
        """Declare a staged raster to be verified before the swap."""
        self.rasters[os.path.abspath(final)] = (shape, counts)

    def verify(self) -> None:
        for final, (shape, counts) in self.rasters.items():
            verify_raster(self.staged[final], shape, counts, label=final)
        for final, text in self.texts.items():
            try:
                with open(self.staged[final], encoding="utf-8") as f:
                    back = f.read()
            except OSError as e:
                raise OutputError.say("{final} could not be read back: {error}", final=final, error=str(e)) from None
            if back != text:
                raise OutputError.say("{final} came back different from what was written; is the disk full?",
                                      final=final)

    def commit(self) -> list[str]:
        """Verify, set ordinary permissions, swap in; the previous files survive any failure before."""
        missing = [f for f, t in self.staged.items() if not os.path.exists(t)]
        if missing:
            raise OutputError.say("the staged file for {final} disappeared; nothing was replaced", final=missing[0])
        self.verify()
        mode = ordinary_mode()
        try:
            for tmp in self.staged.values():
                os.chmod(tmp, mode)
                _fsync(tmp)
        except OSError as e:
            raise OutputError.say("could not finish the files in {folder}: {error}",
                                  folder=os.path.dirname(self.finals[0]), error=str(e)) from None
        stale = [f for f in self.remove_on_commit if f not in self.staged]
        with signals_held(), let_go([*self.staged, *stale]):
            done = self._swap(stale)
            self.committed = True
            COMMITTED.update(done)
        for tmp in self.staged.values():  # GDAL's sidecars of the staged name, if it made any
            _remove(tmp)
        return done

    def _swap(self, stale: list[str]) -> list[str]:
        """Every previous file aside (and ``stale`` ones, which describe another map: removed with
        them), then every new one in; on any failure, each as it was."""
        aside: dict[str, str] = {}
        placed: list[str] = []
        final = ""
        try:
            for final in [*self.staged, *stale]:
                if os.path.lexists(final):
                    aside[final] = staged_name(final, self.token).replace(PART, ASIDE)
                    _patiently(final, aside[final])
            for final, tmp in self.staged.items():
                _patiently(tmp, final)
                placed.append(final)
        except OSError as e:
            for back in [*self.staged, *stale]:
                if back in aside and os.path.lexists(aside[back]):
                    os.replace(aside[back], back)
                elif back in placed:
                    os.remove(back)  # there was none before
            raise OutputError.say("could not replace {final}: {reason}. It may be open in another program (a "
                                  "layer in QGIS, a viewer): close it or choose another file. Nothing was replaced.",
                                  final=final, reason=str(e.strerror or e)) from None
        for old in aside.values():
            _remove(old, "")
        return placed

    def discard(self) -> None:
        if self.committed:
            return
        for tmp in self.staged.values():
            _remove(tmp, "")

    def __enter__(self) -> OutputSet:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None or not self.committed:
            self.discard()
        for path in self.scratch_files:
            _remove(path, "")


def _patiently(src: str, dst: str) -> None:
    """``os.replace(src, dst)``, retried for IN_USE_WAIT_S where a file in use refuses it (Windows:
    a layer's renderer closing, an antivirus scan); any other error at once."""
    deadline = time.monotonic() + (IN_USE_WAIT_S if WINDOWS else 0)
    while True:
        try:
            return os.replace(src, dst)
        except PermissionError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.25)


def _remove(path: str, *suffixes: str) -> None:
    """``path + suffix`` for each suffix and GDAL's sidecars of ``path``, those that are there."""
    for suffix in suffixes + _GDAL_SIDECARS:
        try:
            os.remove(path + suffix)
        except FileNotFoundError:
            pass
        except OSError as e:  # still open (Windows): not worth hiding the run's own error; a later run removes it
            log.warning("could not remove %s: %s", path + suffix, e)


__all__ = ["OutputError", "OutputSet", "check_free_space", "estimate_bytes", "remove_leftovers",
           "staged_name", "verify_raster", "alive", "ordinary_mode", "signals_held", "set_let_go", "let_go"]
