"""The output GeoTIFF, written window by window into a hidden temporary file and moved into
place only once complete, so a cancelled or failed run never leaves a half-written raster."""
from __future__ import annotations

import os
import tempfile

import numpy as np

from .grid import Grid
from .style import band_tags, colormap

OVERVIEW_FACTORS = (2, 4, 8, 16, 32, 64)


class OutputError(OSError):
    """The output cannot be written there, with what to do."""


def check_writable(path: str) -> None:
    folder = os.path.dirname(os.path.abspath(path)) or "."
    if not os.path.isdir(folder):
        raise OutputError(f"output folder does not exist: {folder}")
    if not os.access(folder, os.W_OK):
        raise OutputError(f"cannot write in {folder}: choose another output path")
    if os.path.isdir(path):
        raise OutputError(f"output path is a folder: {path}")
    if os.path.exists(path) and not os.access(path, os.W_OK):
        raise OutputError(f"{path} exists and is read-only")


class GeoTiffSink:
    """A single-band uint8 GeoTIFF on ``grid``; ``write(core, array)``, then ``commit()`` or ``discard()``."""

    def __init__(self, path: str, grid: Grid, nodata: int = 0, classes=None, description: str = ""):
        import rasterio

        check_writable(path)
        self.path = path
        self.classes = classes
        folder = os.path.dirname(os.path.abspath(path))
        fd, self.tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".part.tif", dir=folder)
        os.close(fd)
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
        except Exception as e:
            self._remove_tmp()
            raise OutputError(f"cannot create {path}: {e}") from None
        if description:
            self.ds.update_tags(DESCRIPTION=description)
        if classes is not None:
            self.ds.write_colormap(1, colormap(classes))

    def write(self, core: tuple[int, int, int, int], array: np.ndarray) -> None:
        from rasterio.windows import Window

        r, c, h, w = core
        self.ds.write(array, 1, window=Window(c, r, w, h))

    def commit(self, tags: dict[str, str] | None = None) -> str:
        """Colour table, class names, overviews; close and move into place."""
        import rasterio
        from rasterio.enums import Resampling

        try:
            if self.classes is not None:
                self.ds.update_tags(1, **band_tags(self.classes))
            if tags:
                self.ds.update_tags(**tags)
            self.ds.close()
            # overviews from a reopened file: GDAL only sees the palette once it is on disk
            with rasterio.open(self.tmp, "r+") as ds:
                factors = [f for f in OVERVIEW_FACTORS if min(ds.width, ds.height) // f >= 64]
                if factors:
                    categorical = self.classes is not None
                    ds.build_overviews(factors, Resampling.mode if categorical else Resampling.average)
                    ds.update_tags(ns="rio_overview", resampling="mode" if categorical else "average")
            os.replace(self.tmp, self.path)
        except OSError as e:
            self.discard()
            raise OutputError(f"could not finish writing {self.path}: {e}") from None
        except Exception:
            self.discard()
            raise
        return self.path

    def discard(self) -> None:
        try:
            if not self.ds.closed:
                self.ds.close()
        except Exception:
            pass
        self._remove_tmp()

    def _remove_tmp(self) -> None:
        for p in (self.tmp, self.tmp + ".aux.xml", self.tmp + ".ovr"):
            try:
                os.remove(p)
            except FileNotFoundError:
                pass
