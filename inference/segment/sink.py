"""The output GeoTIFF, written window by window into the hidden staged file the run's OutputSet
names (commit.py), finished there (colour table, class names, overviews) and swapped into place by
the OutputSet only once every file of the run is complete and read back."""
from __future__ import annotations

import os
import tempfile

import numpy as np

from ..core.grid import Grid
from ..core.raster import gdal_errors
from ..labels.style import band_tags, colormap
from .commit import OutputError

OVERVIEW_FACTORS = (2, 4, 8, 16, 32, 64)


def check_writable(path: str) -> None:
    folder = os.path.dirname(os.path.abspath(path)) or "."
    if not os.path.isdir(folder):
        raise OutputError.say("output folder does not exist: {folder}", folder=folder)
    if not os.access(folder, os.W_OK) or not _can_create_in(folder):
        raise OutputError.say("cannot write in {folder}: choose another output path", folder=folder)
    if os.path.isdir(path):
        raise OutputError.say("output path is a folder: {path}", path=path)
    # mode bits too: root may write anything, but a file marked read-only is not to be replaced
    if os.path.exists(path) and (not os.access(path, os.W_OK) or not os.stat(path).st_mode & 0o222):
        raise OutputError.say("{path} exists and is read-only; make it writable or choose another output path",
                              path=path)


def disk_full(path: str, error: BaseException) -> OutputError:
    """Writing ``path`` failed mid-run (``error``): most often a full disk, and nothing was replaced."""
    return OutputError.say("could not write {path}: {reason}. Is the disk full? Nothing was replaced; free some space "
                           "or choose another folder.", path=path, reason=str(error))


def _can_create_in(folder: str) -> bool:
    """Whether a file can really be created there: permission bits do not tell (root passes them in
    /proc, on a read-only mount, in a full quota), and a refused write must not be reported later
    as a lack of free space."""
    try:
        fd, probe = tempfile.mkstemp(prefix=".flair-probe-", dir=folder)
    except OSError:
        return False
    os.close(fd)
    os.remove(probe)
    return True


class GeoTiffSink:
    """A single-band uint8 GeoTIFF on ``grid``; ``write(core, array)``, then ``commit()`` or ``discard()``.

    Memory stays flat whatever the area. GDAL keeps every block written through a dataset in
    its block cache, dirty, until the dataset is flushed or closed (or the cache, 5 % of RAM by
    default, is full), and rasterio cannot flush. So the sink gathers written rows in a strip
    buffer and hands GDAL only complete rows of blocks (no block is ever written twice, so the
    file never holds superseded copies), and once ``REOPEN_BYTES`` have been handed over it
    closes and reopens the file, which writes those blocks out and frees them. Writes above the
    rows already handed over (not in raster order) go straight to the file.
    """

    REOPEN_BYTES = 16 << 20  # dirty bytes GDAL may hold for us before they are written out
    MAX_BUFFER_BYTES = 256 << 20  # a strip buffer never grows past this (out-of-order writers)

    def __init__(self, path: str, grid: Grid, tmp: str, nodata: int = 0, classes=None, description: str = ""):
        """``path``: the final file (named in messages); ``tmp``: the staged file written here."""
        import rasterio

        self.path = path  # its folder was checked by pipeline.prepare, and the staged file is written there
        self.classes = classes
        self.tmp = tmp
        block = 256 if min(grid.width, grid.height) >= 256 else 16 * max(1, min(grid.width, grid.height) // 16)
        profile = dict(
            driver="GTiff",
            width=grid.width,
            height=grid.height,
            count=1,
            dtype="uint8",
            crs=grid.crs or None,
            transform=grid.transform,
            nodata=nodata,
            compress="deflate",
            predictor=1,
            zlevel=6,
            tiled=block >= 16,
            blockxsize=max(16, block),
            blockysize=max(16, block),
            BIGTIFF="IF_SAFER",
            sparse_ok=True,
        )
        try:
            self.ds = rasterio.open(self.tmp, "w", **profile)
        except (OSError, *gdal_errors()) as e:
            self._remove_tmp()
            raise OutputError.say("cannot create {path}: {error}", path=path, error=str(e)) from None
        if description:
            self.ds.update_tags(DESCRIPTION=description)
        if classes is not None:
            self.ds.write_colormap(1, colormap(classes))
        self.width, self.height = grid.width, grid.height
        self.nodata = nodata
        self.block_rows = self.ds.block_shapes[0][0]
        self._row0 = 0  # rows above it have been handed to GDAL; the buffer starts there
        self._buf = np.empty((0, self.width), np.uint8)
        self._filled = np.empty(0, np.int64)  # pixels written in each buffered row
        self._dirty = 0

    def write(self, core: tuple[int, int, int, int], array: np.ndarray) -> None:
        r, c, h, w = core
        if h <= 0 or w <= 0:
            return
        if r < self._row0:  # rows already handed over: GDAL updates its blocks in place
            self._write_rows(r, np.asarray(array, np.uint8), c)
            return
        if not len(self._buf):
            self._row0 = max(self._row0, r - r % self.block_rows)
        if (r + h - self._row0) * self.width > self.MAX_BUFFER_BYTES:
            self._hand_over(len(self._buf))
            if r < self._row0:
                self._write_rows(r, np.asarray(array, np.uint8), c)
                return
            self._row0 = max(self._row0, r - r % self.block_rows)
            if (r + h - self._row0) * self.width > self.MAX_BUFFER_BYTES:
                self._write_rows(r, np.asarray(array, np.uint8), c)
                return
        need = r + h - self._row0
        if need > len(self._buf):
            grow = need - len(self._buf)
            self._buf = np.concatenate([self._buf, np.full((grow, self.width), self.nodata, np.uint8)])
            self._filled = np.concatenate([self._filled, np.zeros(grow, np.int64)])
        top = r - self._row0
        self._buf[top : top + h, c : c + w] = array
        self._filled[top : top + h] += w
        complete = len(self._filled) if self._filled.min() >= self.width else int(np.argmin(self._filled >= self.width))
        if self._row0 + complete < self.height:
            complete -= complete % self.block_rows
        if complete:
            self._hand_over(complete)

    def _hand_over(self, n: int) -> None:
        """Write the first ``n`` buffered rows to the file; reopen it once enough is dirty."""
        if n <= 0:
            return
        self._write_rows(self._row0, self._buf[:n], 0)
        self._buf = self._buf[n:].copy()
        self._filled = self._filled[n:].copy()
        self._row0 += n
        self._dirty += n * self.width
        if self._dirty >= self.REOPEN_BYTES:
            import rasterio

            self.ds.close()
            self.ds = rasterio.open(self.tmp, "r+")
            self._dirty = 0

    def _write_rows(self, r: int, array: np.ndarray, c: int) -> None:
        from rasterio.windows import Window

        try:
            self.ds.write(array, 1, window=Window(c, r, array.shape[1], array.shape[0]))
        except (*gdal_errors(), OSError) as e:
            raise self._failed(e) from None

    def _failed(self, e: BaseException) -> OutputError:
        return disk_full(self.path, e)

    def finish(self, tags: dict[str, str] | None = None) -> str:
        """Colour table, class names, overviews, closed: the staged file is complete (not moved)."""
        import rasterio

        try:
            self._hand_over(len(self._buf))
            if self.classes is not None:
                self.ds.update_tags(1, **band_tags(self.classes))
            if tags:
                self.ds.update_tags(**tags)
            self.ds.close()
            # overviews from a reopened file: GDAL only sees the palette once it is on disk
            with rasterio.open(self.tmp, "r+") as ds:
                build_overviews(ds, categorical=self.classes is not None)
        except (*gdal_errors(), OSError) as e:
            if isinstance(e, OutputError):
                raise
            raise OutputError.say("could not finish writing {path}: {reason}. Is the disk full? Nothing was replaced; "
                                  "free some space or choose another folder.", path=self.path, reason=str(e)) from None
        return self.tmp

    def discard(self) -> None:
        try:
            if not self.ds.closed:
                self.ds.close()
        except (OSError, *gdal_errors()):  # discarding after a failure: the file is removed anyway
            pass
        self._remove_tmp()

    def _remove_tmp(self) -> None:
        for p in (self.tmp, self.tmp + ".aux.xml", self.tmp + ".ovr"):
            try:
                os.remove(p)
            except FileNotFoundError:
                pass


def build_overviews(ds, categorical: bool) -> None:
    """Mode overviews for class codes (average for other rasters), down to about 64 px."""
    from rasterio.enums import Resampling

    factors = [f for f in OVERVIEW_FACTORS if min(ds.width, ds.height) // f >= 64]
    if factors:
        ds.build_overviews(factors, Resampling.mode if categorical else Resampling.average)
        ds.update_tags(ns="rio_overview", resampling="mode" if categorical else "average")
