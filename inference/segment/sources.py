"""Raster sources read onto the output grid, window by window.

A source knows its CRS, extent and band count (read once, in the caller's thread) and
opens a reader in the thread that reads. File sources use rasterio: a clipped window read
when the file's pixels already sit on the output grid, otherwise a GDAL warped VRT onto
the output grid (bilinear for imagery, nearest for labels). Other front ends (QGIS WMS
layers) provide their own RasterSource with the same two methods.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from ..core.errors import FlairError
from ..core.grid import Grid
from ..core.raster import canonical_crs, gdal_errors


class SourceError(FlairError, ValueError):
    """A source cannot be opened or used, with the reason."""


@dataclass(frozen=True)
class SourceInfo:
    name: str
    crs: str  # WKT or authority string; "" if the raster has none
    bounds: tuple[float, float, float, float]  # in its own CRS
    count: int
    res: float  # native pixel size (x), in CRS units
    alpha: int | None = None  # the band that is an alpha channel (a mask, not a model input)


class RasterSource:
    """Interface: ``info`` (metadata) and ``reader()`` (opened in the reading thread)."""

    info: SourceInfo

    def reader(self, grid: Grid, resampling: str = "bilinear") -> SourceReader:
        raise NotImplementedError


class SourceReader:
    def read(self, rows: tuple[int, int], cols: tuple[int, int], bands: list[int]):
        """Bands (1-based) over grid rows [r0, r1) x cols [c0, c1), the window lying inside
        the grid. Returns (float32 array (len(bands), h, w), bool valid mask (h, w))."""
        raise NotImplementedError

    def close(self) -> None:
        pass


class FileSource(RasterSource):
    def __init__(self, path: str):
        import rasterio
        from rasterio.enums import ColorInterp

        self.path = path
        if os.path.isfile(path) and os.path.getsize(path) == 0:
            raise SourceError.say("{path} is empty (0 bytes); was it copied completely? Export it again.", path=path)
        if os.path.isdir(path) and not path.lower().endswith((".gdb", ".zarr")):
            raise SourceError.say("{path} is a folder, not a raster; give a raster file (or a .vrt of the folder's "
                                  "tiles)", path=path)
        try:
            with rasterio.open(path) as ds:
                t = ds.transform
                alpha = [i + 1 for i, c in enumerate(ds.colorinterp) if c == ColorInterp.alpha]
                alpha = [b for b in alpha if _is_mask(ds, b)]
                self.info = SourceInfo(
                    name=path,
                    crs=canonical_crs(ds.crs),
                    bounds=tuple(ds.bounds),
                    count=ds.count,
                    res=abs(t.a),
                    alpha=alpha[0] if alpha else None,
                )
                self.nodata = ds.nodata
                if t.b != 0 or t.d != 0:
                    raise SourceError.say("{path} is rotated or sheared; warp it to a north-up grid first", path=path)
        except (*gdal_errors(), OSError) as e:
            raise SourceError.say("cannot open raster {path}: {error}. Is it a raster GDAL can read, and whole?",
                                  path=path, error=str(e)) from None

    def reader(self, grid: Grid, resampling: str = "bilinear") -> FileReader:
        return FileReader(self, grid, resampling)


def _is_mask(ds, band: int) -> bool:
    """Whether a band flagged alpha really is a mask (only 0 and 255, as GDAL and QGIS write them).

    GDAL flags the 4th band of any 4-band byte GeoTIFF written without PHOTOMETRIC as alpha, so an
    R, G, B, NIR file often says its NIR is alpha: a band with other values is kept as an input.
    Nine 256 px windows are read, not a decimated whole (which reads every block of a big mosaic)."""
    from rasterio.windows import Window

    w, h = min(256, ds.width), min(256, ds.height)
    for y in sorted({0, (ds.height - h) // 2, ds.height - h}):
        for x in sorted({0, (ds.width - w) // 2, ds.width - w}):
            if not set(np.unique(ds.read(band, window=Window(x, y, w, h))).tolist()) <= {0, 255}:
                return False
    return True


def _on_grid(ds, grid: Grid, crs_equal: bool) -> tuple[int, int] | None:
    """(row, col) offset of the file's pixel (0, 0) on the grid if its pixels are the grid's."""
    t = ds.transform
    if not crs_equal or abs(t.a - grid.res) > 1e-6 * grid.res or abs(-t.e - grid.res) > 1e-6 * grid.res:
        return None
    col = (t.c - grid.x0) / grid.res
    row = (grid.y0 - t.f) / grid.res
    if abs(col - round(col)) > 0.01 or abs(row - round(row)) > 0.01:
        return None
    return int(round(row)), int(round(col))


class FileReader(SourceReader):
    """Reads one file onto the grid.

    GDAL keeps every block a dataset has read in its block cache until the dataset is closed
    (up to GDAL_CACHEMAX, 5 % of RAM by default), so a reader that kept one dataset open for a
    whole run would hold the whole input in memory once the run is big enough. The pipeline
    reads windows row of tiles by row of tiles, so the reader reopens the file (and its warped
    VRT) whenever a read starts on a new row: memory then follows the width of the area, not its
    area, and each block is decoded at most twice (tiles overlap by their margins).
    """

    def __init__(self, source: FileSource, grid: Grid, resampling: str):
        self.path = source.path
        self.grid = grid
        self.resampling = resampling
        self.ds = None
        self.vrt = None
        self._row = None  # the first row of the last read: a new one reopens the file
        self._open()
        self.nodata = self.ds.nodata
        # a file without a CRS is in the output's CRS (--crs, the user's word; plan.py says so)
        crs_equal = source.info.crs == grid.crs or not source.info.crs
        self.offset = _on_grid(self.ds, grid, crs_equal)
        if self.offset is None:
            if not self.ds.crs and not grid.crs:
                self.close()
                raise SourceError.say(
                    "{path} has no CRS and is not on the output grid; assign it a CRS (gdal_edit.py -a_srs EPSG:2154 "
                    "{name}) or pass {crs_option} with the CRS its coordinates are in", path=source.path,
                    name=os.path.basename(source.path), crs_option="--crs")
            self._open_vrt()
        # A pixel is nodata when every band of the file says so: a bright roof at 255 in one
        # band of an RGB ortho whose nodata is 255 is still a roof.
        # A file of more bands (a 5-band stack) is masked on the bands the run reads from it.
        self.mask_bands = list(range(1, self.ds.count + 1)) if self.ds.count <= 4 else []
        self.alpha = source.info.alpha
        if self.alpha:
            self.mask_bands = [b for b in self.mask_bands if b != self.alpha]
        # integer types up to 16 bits and float32 convert to float32 exactly, inside GDAL
        self._exact_f32 = all(np.dtype(d) in _EXACT_IN_F32 for d in self.ds.dtypes)

    def _open(self):
        import rasterio

        self.ds = rasterio.open(self.path)

    def _open_vrt(self):
        from rasterio.enums import Resampling
        from rasterio.vrt import WarpedVRT

        grid = self.grid
        self.vrt = WarpedVRT(
            self.ds,
            src_crs=self.ds.crs or grid.crs,
            crs=grid.crs,
            transform=grid.transform,
            width=grid.width,
            height=grid.height,
            resampling=Resampling[self.resampling],
            add_alpha=self.nodata is None and self.ds.count < 4,
            src_nodata=self.nodata,
            nodata=self.nodata,
        )

    def _reopen(self):
        """Close and reopen, which frees the blocks GDAL cached for the rows left behind."""
        warped = self.vrt is not None
        self.close()
        self._open()
        if warped:
            self._open_vrt()

    def read(self, rows, cols, bands):
        try:
            return self._read(rows, cols, bands)
        except (*gdal_errors(), OSError) as e:
            raise SourceError.say("cannot read {path} ({error}); is the file truncated or damaged? Check it with "
                                  "gdalinfo -checksum, or export it again.", path=self.path,
                                  error=str(e).splitlines()[0] if str(e) else str(e)) from None

    def _read(self, rows, cols, bands):
        from rasterio.windows import Window

        r0, r1 = rows
        c0, c1 = cols
        h, w = r1 - r0, c1 - c0
        if self._row is not None and r0 != self._row:
            self._reopen()
        self._row = r0
        mask_bands = self.mask_bands or list(bands)
        want = sorted(set(bands) | (set(mask_bands) if self.nodata is not None else set())
                      | ({self.alpha} if self.alpha else set()))
        f32 = np.float32 if self._exact_f32 else None
        if self.vrt is not None:
            win = Window(c0, r0, w, h)
            out = _as_f32(self.vrt.read(want, window=win, out_dtype=f32))
            if self.nodata is None and self.vrt.count > self.ds.count:
                valid = self.vrt.read(self.vrt.count, window=win) > 0
            else:
                valid = np.ones((h, w), dtype=bool)
        else:
            orow, ocol = self.offset
            # the part of the request inside the file, in file pixels
            fr0, fc0 = max(r0 - orow, 0), max(c0 - ocol, 0)
            fr1, fc1 = min(r1 - orow, self.ds.height), min(c1 - ocol, self.ds.width)
            if fr1 - fr0 == h and fc1 - fc0 == w:  # all inside the file (the usual case)
                out = _as_f32(self.ds.read(want, window=Window(fc0, fr0, w, h), out_dtype=f32))
                valid = np.ones((h, w), dtype=bool)
            else:
                out = np.zeros((len(want), h, w), dtype=np.float32)
                valid = np.zeros((h, w), dtype=bool)
                if fr1 > fr0 and fc1 > fc0:
                    dr, dc = fr0 + orow - r0, fc0 + ocol - c0
                    block = self.ds.read(want, window=Window(fc0, fr0, fc1 - fc0, fr1 - fr0))
                    out[:, dr : dr + block.shape[1], dc : dc + block.shape[2]] = block
                    valid[dr : dr + block.shape[1], dc : dc + block.shape[2]] = True
        if self.nodata is not None:
            idx = [want.index(b) for b in mask_bands]
            valid &= ~np.all(out[idx] == np.float32(self.nodata), axis=0)
            if np.isnan(self.nodata):
                valid &= ~np.all(np.isnan(out[idx]), axis=0)
        if self.alpha:  # transparent pixels are outside the imagery (Deepness does the same)
            valid &= out[want.index(self.alpha)] > 0
        if want == list(bands):
            return out, valid
        pick = [want.index(b) for b in bands]
        return out[pick], valid

    def close(self):
        if self.vrt is not None:
            self.vrt.close()
            self.vrt = None
        if self.ds is not None:
            self.ds.close()


_EXACT_IN_F32 = {np.dtype(t) for t in ("uint8", "int8", "uint16", "int16", "float32")}


def _as_f32(a: np.ndarray) -> np.ndarray:
    """float32, converting the way numpy assigns into a float32 array (a no-op if it already is)."""
    return a if a.dtype == np.float32 else a.astype(np.float32)
