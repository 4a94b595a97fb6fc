"""Codes -> whole polygons, window by window, as a coverage (no gaps, no overlaps).

For each window of ``window`` x ``window`` pixels (its *core*) we read the core plus a one-pixel
*halo* ring taken from the neighbouring windows, and trace it with GDAL (4-connectivity, nodata
masked) in pixel coordinates. Halo pixels are traced as polygons of their own (value + HALO x side), so
the points where a class boundary meets the window edge, on either side of it, are nodes of the
window's coverage; the neighbouring window, tracing the same two pixel rows with the roles swapped,
finds exactly the same nodes. Then

1. every polygon gets a vertex at each pixel corner of its boundary (``segmentize``: GDAL drops
   collinear corners, which a coverage needs wherever a neighbour's boundary ends);
2. ``shapely.coverage_simplify`` simplifies each edge between two nodes once, for both polygons
   that share it (Visvalingam-Whyatt, ``tolerance`` in pixels; 0 only drops collinear corners),
   leaving the coverage's free boundary exact: nodata edges and the outer edge of the halo;
3. the halo polygons are dropped; a core polygon that reaches a window edge is *open* and waits
   for its neighbours across that edge; the others are whole and are yielded at once.

After each row of windows the open polygons are joined (same code, a common edge of positive
length across a window edge) with ``coverage_union``; the ones that do not reach the next row are
whole and yielded. Memory holds one row of windows and the polygons still open, never the map.
Coordinates stay integers (pixel corners) until a polygon is whole, so joins are exact; the
grid's transform then places it in the CRS.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import shapely
from osgeo import gdal, ogr

from ..core.cancel import CancelToken
from .grid import CodeGrid, windows

HALO = 1 << 20  # halo pixels are traced as value + HALO * side (codes stay below it)
DEFAULT_WINDOW = 1024


@dataclass
class Patch:
    """One whole polygon: its code, geometry (in the grid's CRS once yielded), exact pixel count and
    the sum of its confidence values (None when no confidence raster was given)."""

    code: int
    geometry: shapely.Polygon
    pixels: int
    confidence_sum: float | None = None

    @property
    def confidence(self) -> float | None:
        """Mean confidence of the patch's pixels, in the confidence raster's units."""
        return None if self.confidence_sum is None else self.confidence_sum / self.pixels


@dataclass
class _Open:
    code: int
    geometry: shapely.Polygon
    pixels: int
    confidence_sum: float | None
    bounds: tuple[float, float, float, float]


def _trace(values: np.ndarray, x0: int, y0: int, with_ids: bool):
    """GDAL's polygons of ``values`` (int32, 0 masked) placed at pixel offset (x0, y0): a list of
    (value, polygon) and, with ``with_ids``, the raster of each pixel's polygon index (-1: none)."""
    h, w = values.shape
    mem = gdal.GetDriverByName("MEM").Create("", w, h, 1, gdal.GDT_Int32)
    mem.SetGeoTransform((x0, 1, 0, y0, 0, 1))
    band = mem.GetRasterBand(1)
    band.WriteArray(values)
    mask = gdal.GetDriverByName("MEM").Create("", w, h, 1, gdal.GDT_Byte)
    mask.GetRasterBand(1).WriteArray((values != 0).astype(np.uint8))
    src = ogr.GetDriverByName("Memory").CreateDataSource("")
    layer = src.CreateLayer("p", geom_type=ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("v", ogr.OFTInteger))
    layer.CreateField(ogr.FieldDefn("i", ogr.OFTInteger))
    gdal.Polygonize(band, mask.GetRasterBand(1), layer, 0, [])
    out = []
    for k, f in enumerate(layer):
        out.append((f.GetField(0), bytes(f.GetGeometryRef().ExportToWkb())))
        if with_ids:
            f.SetField(1, k)
            layer.SetFeature(f)
    ids = None
    if with_ids:
        idr = gdal.GetDriverByName("MEM").Create("", w, h, 1, gdal.GDT_Int32)
        idr.SetGeoTransform((x0, 1, 0, y0, 0, 1))
        idr.GetRasterBand(1).Fill(-1)
        gdal.RasterizeLayer(idr, [1], layer, options=["ATTRIBUTE=i"])
        ids = idr.GetRasterBand(1).ReadAsArray()
    vals = np.array([v for v, _ in out], dtype=np.int64)
    geoms = shapely.from_wkb([g for _, g in out]) if out else np.empty(0, dtype=object)
    return vals, geoms, ids


def _simplify(geoms: np.ndarray, tolerance: float) -> np.ndarray:
    """A coverage of pixel polygons simplified edge by edge; its free boundary stays exact."""
    if len(geoms) == 0:
        return geoms
    dense = shapely.segmentize(geoms, 1.0)
    dense = shapely.transform(dense, np.round)  # exactly on pixel corners, so shared edges match
    return shapely.coverage_simplify(dense, tolerance, simplify_boundary=False)


def _window(grid: CodeGrid, read, r0: int, h: int, c0: int, w: int, tolerance: float,
            conf_read) -> list[_Open]:
    """The core polygons of one window, simplified, with exact pixel counts and confidence sums."""
    hr0, hc0 = max(0, r0 - 1), max(0, c0 - 1)
    hr1, hc1 = min(grid.height, r0 + h + 1), min(grid.width, c0 + w + 1)
    codes = read(hr0, hc0, hr1 - hr0, hc1 - hc0).astype(np.int32)
    # halo pixels: value + HALO * side (1..3 above, 4 and 5 beside, 6..8 below), so each side and
    # each corner is a polygon of its own and the window's corners are nodes the simplification keeps
    rows = np.ones(codes.shape[0], np.int32)
    rows[: r0 - hr0] = 0
    rows[r0 - hr0 + h:] = 2
    cols = np.ones(codes.shape[1], np.int32)
    cols[: c0 - hc0] = 0
    cols[c0 - hc0 + w:] = 2
    side = np.array([[1, 2, 3], [4, 0, 5], [6, 7, 8]], np.int32)[rows[:, None], cols[None, :]]
    codes = np.where(codes == 0, 0, codes + side * HALO)
    vals, geoms, ids = _trace(codes, hc0, hr0, conf_read is not None)
    pixels = shapely.area(geoms)
    sums = None
    if conf_read is not None:
        conf = conf_read(hr0, hc0, hr1 - hr0, hc1 - hc0).astype(np.float64)
        sel = ids >= 0
        sums = np.bincount(ids[sel], weights=conf[sel], minlength=len(vals))
    simple = _simplify(geoms, tolerance)
    out = []
    for k in np.flatnonzero(vals < HALO):
        out.append(_Open(int(vals[k]), simple[k], int(round(pixels[k])),
                         None if sums is None else float(sums[k]), tuple(geoms[k].bounds)))
    return out


def _touches(b: tuple[float, float, float, float], x0: int, x1: int, y0: int, y1: int,
             width: int, height: int) -> bool:
    """Does a polygon with exact bounds ``b`` reach an edge of the window shared with another?"""
    return (b[0] == x0 > 0) or (b[2] == x1 < width) or (b[1] == y0 > 0) or (b[3] == y1 < height)


def _join(pending: list[_Open]) -> list[_Open]:
    """Join open polygons of the same code that share an edge of positive length."""
    if len(pending) < 2:
        return pending
    geoms = np.array([p.geometry for p in pending], dtype=object)
    codes = np.array([p.code for p in pending])
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="intersects")
    keep = (a < b) & (codes[a] == codes[b])
    a, b = a[keep], b[keep]
    if len(a):
        shared = shapely.length(shapely.intersection(geoms[a], geoms[b])) > 0
        a, b = a[shared], b[shared]
    parent = list(range(len(pending)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in zip(a.tolist(), b.tolist()):
        ri, rj = root(i), root(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = {}
    for i in range(len(pending)):
        groups.setdefault(root(i), []).append(i)
    out = []
    for members in groups.values():
        if len(members) == 1:
            out.append(pending[members[0]])
            continue
        parts = [pending[i] for i in members]
        geom = shapely.coverage_union_all([p.geometry for p in parts])
        if not geom.is_valid:  # a ring that touches itself at a corner: written as shell + hole
            geom = shapely.make_valid(geom, method="structure")
        bounds = (min(p.bounds[0] for p in parts), min(p.bounds[1] for p in parts),
                  max(p.bounds[2] for p in parts), max(p.bounds[3] for p in parts))
        conf = None if parts[0].confidence_sum is None else sum(p.confidence_sum for p in parts)
        out.append(_Open(parts[0].code, geom, sum(p.pixels for p in parts), conf, bounds))
    return out


def _whole(o: _Open, grid: CodeGrid) -> Iterator[Patch]:
    geom = grid.to_crs(np.array([o.geometry], dtype=object))[0]
    for part in shapely.get_parts(geom):  # a join is one polygon; guard against a multi anyway
        yield Patch(o.code, part, o.pixels, o.confidence_sum)


def polygonize(grid: CodeGrid, tolerance_px: float = 0.0, window: int = DEFAULT_WINDOW,
               confidence: CodeGrid | None = None, cancel: CancelToken | None = None,
               read=None, progress=None) -> Iterator[Patch]:
    """Whole polygons of ``grid``'s codes (0 = nodata never becomes a polygon), in its CRS.

    ``tolerance_px``: the coverage simplification's tolerance in pixels (0: exact, the polygons'
    area per code equals the pixel area). ``confidence``: a raster on the same grid whose values
    are summed per polygon (``Patch.confidence``). ``read(row, col, h, w)`` replaces reading
    ``grid``'s file (codes computed on the fly); ``progress(done, total)`` is called per window."""
    read = read or grid.read
    conf_read = confidence.read if confidence is not None else None
    rows, cols = windows(grid.height, window), windows(grid.width, window)
    total, done = len(rows) * len(cols), 0
    pending: list[_Open] = []
    for r0, h in rows:
        for c0, w in cols:
            if cancel is not None:
                cancel.check()
            for o in _window(grid, read, r0, h, c0, w, tolerance_px, conf_read):
                if _touches(o.bounds, c0, c0 + w, r0, r0 + h, grid.width, grid.height):
                    pending.append(o)
                else:
                    yield from _whole(o, grid)
            done += 1
            if progress is not None:
                progress(done, total)
        joined = _join(pending)
        pending = []
        bottom = r0 + h
        for o in joined:
            if o.bounds[3] == bottom < grid.height:
                pending.append(o)
            else:
                yield from _whole(o, grid)
    for o in pending:  # none: the last row has no bottom edge to wait on
        yield from _whole(o, grid)
