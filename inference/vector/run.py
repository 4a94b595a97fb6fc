"""``vectorize``: a label raster -> one styled GeoPackage layer of land-cover polygons (a coverage).

The chain: checks (``checks.py``) -> codes (the label encoding mapped onto FLAIR codes, nodata 0)
-> sieve to the minimum mapping unit (``sieve.py``) -> polygons by windows, joined and simplified as
a coverage (``polygonize.py``) -> GeoPackage with fields ``code``, ``class``, ``area_m2``,
``confidence`` and its QGIS style embedded (QGIS opens it categorised by code), staged and swapped
in (``segment/commit.py``). No ``.qml`` is written beside it: ``OUT.qml`` would be the style of a
label raster ``OUT.tif`` next to it.

Defaults, chosen on FLAIR maps at 0.2 m (docs/polygons.md has the figures):

- minimum mapping unit ``DEFAULT_MMU_PX`` = 4 pixels (0.16 m^2 at 0.2 m): lone pixels, pairs and
  triples go (noise: no object of the nomenclature is smaller than a 2 x 2 block at 0.2 m), while
  the class areas of a whole map move by less than 3 % even on FLAIR#1's speckled baseline
  predictions (1 m^2 moved agricultural land by 5 %); OCS GE's units (50 to 2,500 m^2) are given
  with ``--mmu`` / ``--mmu-class`` when wanted;
- simplification ``DEFAULT_SIMPLIFY_PX`` = 1 pixel (the peers' rule of thumb): the staircase of
  pixel edges goes, shapes stay (areas move by a fraction of a pixel along each boundary).
"""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..core.cancel import CancelToken
from ..core.classes import code_colours, code_names, nomenclature
from ..core.raster import gdal_exceptions
from ..segment.commit import OutputSet
from .checks import LabelsInfo, check_inputs

log = logging.getLogger(__name__)

DEFAULT_MMU_PX = 4
DEFAULT_SIMPLIFY_PX = 1.0
DEFAULT_LAYER = "landcover"


@dataclass
class VectorParams:
    labels: str
    output: str  # .gpkg
    mmu_m2: float | None = None  # None: DEFAULT_MMU_PX pixels; 0: keep every patch
    mmu_class: dict[int, float] = field(default_factory=dict)  # FLAIR code -> its own MMU in m^2
    simplify_m: float | None = None  # None: one pixel; 0: exact pixel edges
    encoding: str | None = None  # None: guessed (refused when ambiguous)
    band: int = 1
    confidence: str | None = None  # a confidence raster on the same grid (ours: max prob x 255)
    layer: str = DEFAULT_LAYER
    lang: str = "en"
    window: int = 1024


@dataclass
class VectorResult:
    output: str
    layer: str
    polygons: int
    areas_m2: dict[int, float]  # code -> area of its polygons
    names: dict[int, str]
    mmu_px: int
    simplify_px: float
    encoding: str
    seconds: float
    notes: list[str] = field(default_factory=list)


def mmu_thresholds(p: VectorParams, pixel_area: float) -> tuple[int, dict[int, int]]:
    """(minimum patch size in pixels, code -> its own) from the parameters."""
    from .sieve import mmu_pixels

    if p.mmu_m2 is None:
        px = DEFAULT_MMU_PX
    else:
        px = mmu_pixels(p.mmu_m2, pixel_area)
    return px, {c: mmu_pixels(m, pixel_area) for c, m in p.mmu_class.items()}


@gdal_exceptions()  # the sieve and polygons too (QGIS runs vectorize in a child process: child.py)
def vectorize(p: VectorParams, progress: Callable[[int, int], None] | None = None,
              cancel: CancelToken | None = None) -> VectorResult:
    """Write ``p.output``; a previous file there stays until the new one is whole and read back."""
    # shapely is imported with these (not when the plugin loads): a QGIS Python without it must
    # still load the plugin and say what to install (qgis_glue/deps.py)
    from . import polygonize as poly
    from .gpkg import GpkgWriter
    from .sieve import sieve_codes
    from .style import vector_qml

    t0 = time.monotonic()
    info: LabelsInfo = check_inputs(p)
    grid = info.grid
    mmu_px, per_code = mmu_thresholds(p, grid.pixel_area)
    simplify_px = DEFAULT_SIMPLIFY_PX if p.simplify_m is None else p.simplify_m / abs(grid.transform[1])
    kind = nomenclature(info.encoding)
    names, colours = code_names(kind, p.lang), code_colours(kind)
    with OutputSet([p.output]) as out:  # its scratch files go with it
        if mmu_px > 1 or any(v > 1 for v in per_code.values()):
            codes = out.scratch("codes")
            write_codes(grid, codes, cancel, max_code=info.max_code)
            sieve_codes(codes, mmu_px, per_code, cancel, scratch=out.scratch("before"))
            grid = poly.CodeGrid.open(codes)
        writer = GpkgWriter(out.temp(p.output), p.layer, grid.crs, fields(), target=p.output,
                            description=f"FLAIR land cover from {os.path.basename(p.labels)}")
        areas: dict[int, float] = {}
        try:
            batch: list = []
            for patch in poly.polygonize(grid, simplify_px, p.window, info.confidence, cancel,
                                         progress=progress):
                batch.append(patch)
                if len(batch) >= BATCH:
                    _write(writer, batch, names, info.confidence_scale, areas)
                    batch = []
            _write(writer, batch, names, info.confidence_scale, areas)
            qml = vector_qml([(c, names.get(c, str(c)), colours.get(c, "#808080")) for c in sorted(areas)])
            writer.close(qml)
        except BaseException:
            writer.abort()
            raise
        if cancel is not None:
            cancel.check()
        out.commit()
    return VectorResult(os.path.abspath(p.output), p.layer, writer.count, areas,
                        {c: names.get(c, str(c)) for c in areas}, mmu_px, simplify_px, info.encoding,
                        time.monotonic() - t0, info.notes)


BATCH = 4096  # polygons handed to the writer at once


def _write(writer, patches: list, names: dict[int, str], scale: float, areas: dict[int, float]) -> None:
    """Polygons with their fields into the GeoPackage; ``areas`` adds up each code's area."""
    import shapely

    if not patches:
        return
    geoms = [pt.geometry for pt in patches]
    area = shapely.area(geoms)
    rows = []
    for pt, a in zip(patches, area.tolist()):
        areas[pt.code] = areas.get(pt.code, 0.0) + a
        conf = pt.confidence
        rows.append({"code": pt.code, "class": names.get(pt.code, str(pt.code)), "area_m2": round(a, 3),
                     "confidence": None if conf is None else round(conf * scale, 2)})
    writer.add_many(geoms, rows)


@gdal_exceptions()
def write_codes(grid, path: str, cancel: CancelToken | None = None, rows: int = 1024,
                max_code: int = 255) -> None:
    """The grid's codes (after its LUT and nodata) as a tiled GeoTIFF, nodata 0, window by window."""
    from osgeo import gdal

    from .gpkg import spatial_ref

    dtype = gdal.GDT_Byte if max_code <= 255 else gdal.GDT_UInt16 if max_code <= 65535 else gdal.GDT_Int32
    ds = gdal.GetDriverByName("GTiff").Create(path, grid.width, grid.height, 1, dtype,
                                              ["TILED=YES", "COMPRESS=DEFLATE", "ZLEVEL=1", "BIGTIFF=IF_SAFER"])
    ds.SetGeoTransform(grid.transform)
    ds.SetSpatialRef(spatial_ref(grid.crs))
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(0)
    for r in range(0, grid.height, rows):
        if cancel is not None:
            cancel.check()
        h = min(rows, grid.height - r)
        band.WriteArray(grid.read(r, 0, h, grid.width), 0, r)
    ds.FlushCache()
    ds = None


def fields():
    """The layer's fields (``gpkg.Field``)."""
    from .gpkg import Field

    return [Field("code", "int"), Field("class", "str", 64), Field("area_m2", "real"),
            Field("confidence", "real")]
