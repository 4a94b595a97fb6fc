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
    """A piece of a polygon cut by window edges: its code, geometry in pixel coordinates, pixel
    count, confidence sum, and its boundary segments on window edges (cut, code, lo, hi)."""

    code: int
    geometry: shapely.Polygon
    pixels: int
    confidence_sum: float | None
    bounds: tuple[float, float, float, float]
    cuts: np.ndarray | None = None  # rows (cut key, lo, hi): the piece's edges along window edges


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
        gdal.PushErrorHandler("CPLQuietErrorHandler")  # "no spatial reference": pixel space on both sides
        try:
            gdal.RasterizeLayer(idr, [1], layer, options=["ATTRIBUTE=i"])
        finally:
            gdal.PopErrorHandler()
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
    return _drop_lone_collinear(shapely.coverage_simplify(dense, tolerance, simplify_boundary=False))


def _drop_lone_collinear(geoms: np.ndarray) -> np.ndarray:
    """Remove the corners ``segmentize`` added on the free boundary (nodata and raster edges): a
    vertex where the ring runs straight on and that no other polygon has. A straight-through vertex
    that another polygon shares is a node (a neighbour's boundary ends there) and stays."""
    rings, poly_of_ring = shapely.get_rings(geoms, return_index=True)
    xy, ring_of = shapely.get_coordinates(rings, return_index=True)
    last = np.r_[ring_of[1:] != ring_of[:-1], True]  # each ring's closing vertex (= its first)
    xy, ring_of = xy[~last], ring_of[~last]
    start = np.r_[0, np.flatnonzero(ring_of[1:] != ring_of[:-1]) + 1]
    count = np.diff(np.r_[start, len(ring_of)])
    pos = np.arange(len(ring_of)) - np.repeat(start, count)
    n = np.repeat(count, count)
    base = np.repeat(start, count)
    prev = xy[base + (pos - 1) % n]
    nxt = xy[base + (pos + 1) % n]
    cross = (xy[:, 0] - prev[:, 0]) * (nxt[:, 1] - xy[:, 1]) - (xy[:, 1] - prev[:, 1]) * (nxt[:, 0] - xy[:, 0])
    key = xy[:, 0].astype(np.int64) * (1 << 31) + xy[:, 1].astype(np.int64)
    _, inverse, shared = np.unique(key, return_inverse=True, return_counts=True)
    keep = (cross != 0) | (shared[inverse] > 1)
    if keep.all():
        return geoms
    xy, ring_of = xy[keep], ring_of[keep]
    first = np.r_[True, ring_of[1:] != ring_of[:-1]]
    closed_xy = np.insert(xy, np.flatnonzero(np.r_[first[1:], True]) + 1, xy[first], axis=0)
    closed_ring = np.insert(ring_of, np.flatnonzero(np.r_[first[1:], True]) + 1, ring_of[first])
    new_rings = shapely.linearrings(closed_xy, indices=closed_ring)
    return shapely.polygons(new_rings, indices=poly_of_ring[np.unique(ring_of)])


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


def _cut_segments(geoms: list, window: int, width: int, height: int) -> list[np.ndarray]:
    """For each polygon, its boundary segments lying on window edges, as rows (cut, lo, hi): a
    vertical edge x = X has cut X, a horizontal edge y = Y has cut -Y - 1; lo..hi along the edge.
    Two pieces of one code whose segments on one cut overlap lie on either side of it: one polygon."""
    rings, poly_of_ring = shapely.get_rings(np.array(geoms, dtype=object), return_index=True)
    xy, ring_of = shapely.get_coordinates(rings, return_index=True)
    same_ring = ring_of[1:] == ring_of[:-1]
    a, b = xy[:-1][same_ring], xy[1:][same_ring]
    owner = poly_of_ring[ring_of[:-1][same_ring]]
    vert = (a[:, 0] == b[:, 0]) & (a[:, 0] % window == 0) & (a[:, 0] > 0) & (a[:, 0] < width)
    horiz = (a[:, 1] == b[:, 1]) & (a[:, 1] % window == 0) & (a[:, 1] > 0) & (a[:, 1] < height)
    cut = np.where(vert, a[:, 0], -a[:, 1] - 1)
    lo = np.where(vert, np.minimum(a[:, 1], b[:, 1]), np.minimum(a[:, 0], b[:, 0]))
    hi = np.where(vert, np.maximum(a[:, 1], b[:, 1]), np.maximum(a[:, 0], b[:, 0]))
    sel = vert | horiz
    rows = np.stack([cut[sel], lo[sel], hi[sel]], axis=1)
    owner = owner[sel]
    order = np.argsort(owner, kind="stable")
    rows, owner = rows[order], owner[order]
    bounds = np.searchsorted(owner, np.arange(len(geoms) + 1))
    return [rows[bounds[i]: bounds[i + 1]] for i in range(len(geoms))]


def _pairs(pieces: list[_Open]) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs of pieces of one code whose segments on one window edge overlap (length > 0)."""
    n = [len(p.cuts) for p in pieces]
    if sum(n) == 0:
        return np.empty(0, int), np.empty(0, int)
    rows = np.concatenate([p.cuts for p in pieces])
    who = np.repeat(np.arange(len(pieces)), n)
    code = np.repeat([p.code for p in pieces], n)
    order = np.lexsort((rows[:, 1], code, rows[:, 0]))
    rows, who, code = rows[order], who[order], code[order]
    first, second = [], []
    k = 1
    while k < len(rows):
        same = (rows[k:, 0] == rows[:-k, 0]) & (code[k:] == code[:-k])
        over = same & (rows[k:, 1] < rows[:-k, 2])  # sorted by lo: the later starts before the earlier ends
        if not over.any():
            break
        first.append(who[:-k][over])
        second.append(who[k:][over])
        k += 1
    if not first:
        return np.empty(0, int), np.empty(0, int)
    return np.concatenate(first), np.concatenate(second)


class _Groups:
    """Union-find over the open pieces: which pieces make one polygon."""

    def __init__(self):
        self.parent: dict[int, int] = {}

    def root(self, i: int) -> int:
        self.parent.setdefault(i, i)
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        ri, rj = self.root(i), self.root(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)

    def forget(self, ids) -> None:
        for i in ids:
            self.parent.pop(i, None)


def _merge(parts: list[_Open]) -> _Open:
    if len(parts) == 1:
        return parts[0]
    geom = shapely.coverage_union_all([p.geometry for p in parts])
    if not geom.is_valid:  # a ring that touches itself at a corner: written as shell + hole
        geom = shapely.make_valid(geom, method="structure")
    conf = None if parts[0].confidence_sum is None else sum(p.confidence_sum for p in parts)
    return _Open(parts[0].code, geom, sum(p.pixels for p in parts), conf, (0, 0, 0, 0))


def _place(done: list[_Open], grid: CodeGrid) -> list[Patch]:
    """Whole polygons, placed in the grid's CRS all at once (one call, not one per polygon)."""
    if not done:
        return []
    geoms = grid.to_crs(np.array([o.geometry for o in done], dtype=object))
    out = []
    multi = shapely.get_type_id(geoms) != 3
    for o, g, m in zip(done, geoms, multi):
        if m:  # a join is one polygon; guard against a multi anyway
            out.extend(Patch(o.code, part, o.pixels, o.confidence_sum) for part in shapely.get_parts(g))
        else:
            out.append(Patch(o.code, g, o.pixels, o.confidence_sum))
    return out


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
    pending: dict[int, _Open] = {}  # open pieces by id, until their polygon is whole
    groups = _Groups()
    next_id = 0
    for r0, h in rows:
        new: dict[int, _Open] = {}
        whole: list[_Open] = []
        for c0, w in cols:
            if cancel is not None:
                cancel.check()
            for o in _window(grid, read, r0, h, c0, w, tolerance_px, conf_read):
                if _touches(o.bounds, c0, c0 + w, r0, r0 + h, grid.width, grid.height):
                    new[next_id] = o
                    next_id += 1
                else:
                    whole.append(o)
            done += 1
            if progress is not None:
                progress(done, total)
        if new:
            segs = _cut_segments([o.geometry for o in new.values()], window, grid.width, grid.height)
            for o, sg in zip(new.values(), segs):
                o.cuts = sg
        # joins happen on this row's vertical edges and its top edge: only those segments take part
        here = {i: o for i, o in pending.items() if (o.cuts[:, 0] == -r0 - 1).any()}
        here.update(new)
        pending.update(new)
        ids = list(here)
        a, b = _pairs([here[i] for i in ids])
        for i, j in zip(a.tolist(), b.tolist()):
            groups.join(ids[i], ids[j])
        bottom = -(r0 + h) - 1
        members: dict[int, list[int]] = {}
        for i in pending:
            members.setdefault(groups.root(i), []).append(i)
        for ms in members.values():
            if r0 + h < grid.height and any((pending[i].cuts[:, 0] == bottom).any() for i in ms):
                continue  # reaches the next row: not whole yet
            whole.append(_merge([pending[i] for i in ms]))
            for i in ms:
                del pending[i]
            groups.forget(ms)
        yield from _place(whole, grid)
