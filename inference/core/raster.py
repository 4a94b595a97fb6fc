"""Raster helpers every capability shares: opening files (quietly, for un-georeferenced label
rasters), the errors GDAL raises, writing a CRS as the string the rest of the engine compares and
stores, the values a label band holds, and GDAL's Python exceptions for a block of engine code
(``gdal_exceptions``: never process-wide).

rasterio is imported inside the functions: the QGIS plugin imports the engine when it loads, and
must still load (and say what to install) in a QGIS Python without rasterio.
"""
from __future__ import annotations

import contextlib
import re
import threading
import warnings

import numpy as np

# rasterio's NotGeoreferencedWarning: IGN's baseline predictions (PRED_*.tif) have no
# georeferencing on purpose and every caller checks for it. The filter is set once, at import (in
# the main thread), because warnings.catch_warnings() is not thread-safe and readers run in workers.
warnings.filterwarnings("ignore", message="Dataset has no geotransform")

SAMPLE_PIXELS = 4_000_000  # values_present reads a decimated copy beyond this size


def gdal_errors() -> tuple[type[BaseException], ...]:
    """What reading or writing a raster can raise besides OSError: catch these, not Exception."""
    from rasterio._err import CPLE_BaseError  # GDAL's own errors as rasterio raises them
    from rasterio.errors import RasterioError

    return (RasterioError, CPLE_BaseError)


_gdal_lock = threading.Lock()
_gdal = {"blocks": 0, "switched": []}  # engine blocks running now (any thread); modules the first one switched


@contextlib.contextmanager
def gdal_exceptions():
    """``osgeo.gdal`` and ``osgeo.ogr`` raise inside the block (also a decorator: ``@gdal_exceptions()``);
    the process's own mode comes back after it, also on an error. ``UseExceptions()`` is process-wide
    (GDAL 3.6 has no per-thread ``ExceptionMgr``): in QGIS it would change QGIS's own Python and every
    other plugin, so the engine never calls it outside such a block. Blocks nest and run in several
    threads: the first to start switches exceptions on, the last to end switches them back, so no
    block loses them while another ends. Other threads see exceptions while a block runs, hence
    blocks around the calls that use GDAL, not whole runs."""
    from osgeo import gdal, ogr

    with _gdal_lock:
        if not _gdal["blocks"]:
            _gdal["switched"] = [m for m in (gdal, ogr) if not m.GetUseExceptions()]
            for m in _gdal["switched"]:
                m.UseExceptions()
        _gdal["blocks"] += 1
    try:
        yield
    finally:
        with _gdal_lock:
            _gdal["blocks"] -= 1
            for m in reversed([] if _gdal["blocks"] else _gdal["switched"]):  # GDAL 3.6 stacks their handlers
                with contextlib.suppress(RuntimeError):  # another handler went above ours meanwhile: left on
                    m.DontUseExceptions()


def open_quietly(path: str):
    """``rasterio.open`` for reading, without the NotGeoreferencedWarning (see above)."""
    import rasterio

    return rasterio.open(path)


def canonical_crs(crs) -> str:
    """An authority string for a rasterio CRS when it is one in disguise, else its WKT ("" for none).

    Some IGN files carry a hand-written WKT named "EPSG:2154" with an unknown datum;
    writing that back out would hide the CRS from every GIS, so when the named EPSG code
    projects points to the same place (within a millimetre) we use the code.
    """
    from rasterio.crs import CRS
    from rasterio.errors import CRSError
    from rasterio.warp import transform

    if crs is None:
        return ""
    epsg = crs.to_epsg()
    if epsg:
        return f"EPSG:{epsg}"
    m = re.search(r'(?:PROJCS|PROJCRS|GEOGCS|GEOGCRS)\["EPSG:(\d+)"', crs.to_wkt())
    if m:
        try:
            candidate = CRS.from_epsg(int(m.group(1)))
            xs, ys = transform(crs, candidate, [700000.0, 800000.0], [6600000.0, 6200000.0])
        except (CRSError, *gdal_errors()):
            return crs.to_wkt()
        if abs(xs[0] - 700000.0) < 1e-3 and abs(ys[1] - 6200000.0) < 1e-3:
            return f"EPSG:{candidate.to_epsg()}"
    return crs.to_wkt()


def values_present(path: str, band: int = 1, max_pixels: int = SAMPLE_PIXELS) -> set[int]:
    """The distinct values of a band (nodata excluded). Rasters larger than ``max_pixels`` are read
    decimated (overviews when present), so a class covering only a few pixels may be missed."""
    with open_quietly(path) as ds:
        nodata = ds.nodata
        n = ds.width * ds.height
        seen: set[int] = set()
        if n <= max_pixels:
            for _, win in ds.block_windows(band):
                seen.update(int(v) for v in np.unique(ds.read(band, window=win)))
        else:
            f = (n / max_pixels) ** 0.5
            shape = (max(1, int(ds.height / f)), max(1, int(ds.width / f)))
            seen.update(int(v) for v in np.unique(ds.read(band, out_shape=shape)))
    if nodata is not None and float(nodata).is_integer():
        seen.discard(int(nodata))
    return seen
