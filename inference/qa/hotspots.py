"""Hotspots: connected regions of disagreement, largest first, as a GeoPackage layer to review.

Input: a disagreement raster from compare.compare (band 1 = reference code where the maps differ,
band 2 = predicted code there, 0 elsewhere). A hotspot is a 4-connected region of pixels that
disagree *with the same reference class* (so each has one reference class); its predicted class is
the most frequent one inside it, with its share. Regions smaller than ``min_area_m2`` are dropped.

How, with bounded memory:
1. a binary "disagrees" raster is written window by window and GDAL's sieve filter removes regions
   smaller than the minimum (so millions of one-pixel specks never become polygons);
2. GDAL polygonizes band 1 under that mask into a temporary GeoPackage (both GDAL steps work on
   scanlines; their memory grows with the raster width and the number of regions open at once);
3. each polygon of at least the minimum area gets its predicted class from band 2, read over its
   own bounding box only; the kept ones are written sorted by area.
Limits: step 3 reads each hotspot's bounding box at once (a hotspot the size of a département would
need that much memory), and the sort holds one (area, id) pair per kept hotspot.

The output layer ``hotspots`` carries the review fields (``review``, ``comment``, ``reviewed_at``)
so the GeoPackage itself is the review store; a table ``qa_info`` records what was compared.
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..core.cancel import CancelToken, raise_if_cancelled
from ..core.classes import code_names
from ..core.errors import InputError
from ..core.raster import gdal_exceptions
from ..segment.commit import OutputSet

log = logging.getLogger(__name__)

LAYER = "hotspots"
INFO_TABLE = "qa_info"
REVIEW_CHOICES = ("annotation wrong", "prediction wrong", "ambiguous", "fine")
FIELDS = (  # name, OGR type name, width
    ("rank", "Integer", 0), ("ref_code", "Integer", 0), ("ref_class", "String", 40),
    ("pred_code", "Integer", 0), ("pred_class", "String", 40), ("pred_share", "Real", 0),
    ("area_m2", "Real", 0), ("pixels", "Integer64", 0),
    ("review", "String", 20), ("comment", "String", 0), ("reviewed_at", "String", 25),
)


@dataclass
class HotspotsResult:
    path: str
    layer: str
    count: int
    regions_seen: int


@gdal_exceptions()
def find_hotspots(disagreement: str, output: str, min_area_m2: float = 10.0,
                  nomenclature_name: str = "flair", info: dict | None = None,
                  progress: Callable[[int, int], None] | None = None,
                  cancel: CancelToken | None = None) -> HotspotsResult:
    """Write the hotspots of ``disagreement`` into the GeoPackage ``output`` (replaced if present)."""
    from osgeo import gdal, ogr

    src = gdal.Open(disagreement)
    if src is None or src.RasterCount < 2:
        raise InputError.say("{path} is not a two-band disagreement raster from 'evaluate'", path=disagreement)
    gt = src.GetGeoTransform()
    px_area = abs(gt[1] * gt[5]) or 1.0
    min_px = max(1, int(np.ceil(min_area_m2 / px_area - 1e-9)))
    names = code_names(nomenclature_name)
    # the scratch files are hidden beside the output, removed at the end or, after a kill, by the next run
    with OutputSet([output]) as staged:
        mask_path = staged.scratch("mask")
        _binary_mask(src, mask_path, min_px, cancel)
        mask_ds = gdal.Open(mask_path)
        poly_path = staged.scratch("regions", ".gpkg")
        pdrv = ogr.GetDriverByName("GPKG")
        pds = pdrv.CreateDataSource(poly_path)
        srs = src.GetSpatialRef()
        players = pds.CreateLayer("regions", srs=srs, geom_type=ogr.wkbPolygon)
        players.CreateField(ogr.FieldDefn("ref_code", ogr.OFTInteger))
        pds.StartTransaction()
        try:
            gdal.Polygonize(src.GetRasterBand(1), mask_ds.GetRasterBand(1), players, 0, [],
                            callback=_gdal_cancel(cancel))
        except RuntimeError:
            raise_if_cancelled(cancel)
            raise
        pds.CommitTransaction()
        mask_ds = None
        kept = []
        seen = players.GetFeatureCount()
        players.ResetReading()
        for f in players:
            code = f.GetField(0)
            g = f.GetGeometryRef()
            area = g.GetArea()
            if code and area / px_area >= min_px - 1e-6:
                kept.append((area, f.GetFID()))
        kept.sort(key=lambda t: (-t[0], t[1]))
        out = pdrv.CreateDataSource(staged.temp(output))  # hidden beside the output, swapped in whole
        try:
            count = _write_hotspots(out, players, kept, src, gt, names, progress, cancel)
            _write_info(out, {"disagreement": os.path.abspath(disagreement), "min_area_m2": min_area_m2,
                              "nomenclature": nomenclature_name, **(info or {})})
        finally:
            out = None
        pds = None
        staged.commit()
    return HotspotsResult(output, LAYER, count, seen)


def _write_hotspots(out, players, kept, src, gt, names, progress, cancel) -> int:
    from osgeo import ogr

    srs = src.GetSpatialRef()
    band2 = src.GetRasterBand(2)
    layer = out.CreateLayer(LAYER, srs=srs, geom_type=ogr.wkbPolygon, options=["FID=fid"])
    for name, typ, width in FIELDS:
        fd = ogr.FieldDefn(name, getattr(ogr, "OFT" + typ))
        if width:
            fd.SetWidth(width)
        layer.CreateField(fd)
    defn = layer.GetLayerDefn()
    out.StartTransaction()
    for rank, (area, fid) in enumerate(kept, 1):
        if rank % 64 == 0:
            raise_if_cancelled(cancel)
        f = players.GetFeature(fid)
        g = f.GetGeometryRef()
        ref_code = f.GetField(0)
        pred_code, share, npx = _majority(band2, gt, g, src.RasterXSize, src.RasterYSize)
        o = ogr.Feature(defn)
        o.SetGeometry(g)
        vals = {"rank": rank, "ref_code": ref_code, "ref_class": names.get(ref_code, str(ref_code)),
                "pred_code": pred_code, "pred_class": names.get(pred_code, str(pred_code)),
                "pred_share": round(share, 4), "area_m2": round(area, 4), "pixels": npx}
        for k, v in vals.items():
            o.SetField(k, v)
        layer.CreateFeature(o)
        if progress is not None:
            progress(rank, len(kept))
    out.CommitTransaction()
    return len(kept)


def _gdal_cancel(cancel: CancelToken | None):
    if cancel is None:
        return None

    def cb(_complete, _msg, _data):
        return 0 if cancel.cancelled else 1

    return cb


def _binary_mask(src, path: str, min_px: int, cancel) -> None:
    """1 where band 1 is non-zero, regions under ``min_px`` pixels sieved away (GDAL, streamed)."""
    from osgeo import gdal

    w, h = src.RasterXSize, src.RasterYSize
    drv = gdal.GetDriverByName("GTiff")
    ds = drv.Create(path, w, h, 1, gdal.GDT_Byte, ["TILED=YES", "COMPRESS=DEFLATE", "BIGTIFF=IF_SAFER"])
    ds.SetGeoTransform(src.GetGeoTransform())
    if src.GetProjection():
        ds.SetProjection(src.GetProjection())
    b1, out = src.GetRasterBand(1), ds.GetRasterBand(1)
    step = 1024
    for r in range(0, h, step):
        raise_if_cancelled(cancel)
        rows = min(step, h - r)
        out.WriteArray((b1.ReadAsArray(0, r, w, rows) > 0).astype(np.uint8), 0, r)
    if min_px > 1:
        # Regions below the threshold take their largest neighbour's value: specks vanish (0),
        # small holes inside a disagreement are filled (1) and are dropped again by band 1 being 0.
        gdal.SieveFilter(out, None, out, min_px, 4)
    out.FlushCache()
    ds = None


def _majority(band2, gt, geom, width: int, height: int) -> tuple[int, float, int]:
    """Most frequent predicted code inside ``geom`` (read over its bounding box), its share, pixels."""
    xmin, xmax, ymin, ymax = geom.GetEnvelope()
    cols = sorted(((xmin - gt[0]) / gt[1], (xmax - gt[0]) / gt[1]))
    rows = sorted(((ymax - gt[3]) / gt[5], (ymin - gt[3]) / gt[5]))  # either sign of gt[5]
    c0, c1 = max(0, int(np.floor(cols[0] + 1e-6))), min(width, int(np.ceil(cols[1] - 1e-6)))
    r0, r1 = max(0, int(np.floor(rows[0] + 1e-6))), min(height, int(np.ceil(rows[1] - 1e-6)))
    w, h = max(1, c1 - c0), max(1, r1 - r0)
    pred = band2.ReadAsArray(c0, r0, w, h)
    from affine import Affine
    from rasterio.features import geometry_mask

    t = Affine(gt[1], 0.0, gt[0] + c0 * gt[1], 0.0, gt[5], gt[3] + r0 * gt[5])
    shape = json.loads(geom.ExportToJson())
    inside = ~geometry_mask([shape], out_shape=(h, w), transform=t) & (pred > 0)
    vals = pred[inside]
    if not vals.size:
        return 0, 0.0, 0
    counts = np.bincount(vals.astype(np.int64))
    code = int(counts.argmax())
    return code, float(counts[code]) / vals.size, int(vals.size)


def _write_info(ds, info: dict) -> None:
    from osgeo import ogr

    layer = ds.CreateLayer(INFO_TABLE, geom_type=ogr.wkbNone)
    layer.CreateField(ogr.FieldDefn("key", ogr.OFTString))
    layer.CreateField(ogr.FieldDefn("value", ogr.OFTString))
    for k, v in info.items():
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetField("key", str(k))
        f.SetField("value", "" if v is None else str(v))
        layer.CreateFeature(f)


def read_info(path: str) -> dict:
    """The ``qa_info`` table of a hotspots GeoPackage as a dict (empty if absent)."""
    from osgeo import ogr

    ds = ogr.Open(path)
    if ds is None:
        return {}
    layer = ds.GetLayerByName(INFO_TABLE)
    return {f.GetField("key"): f.GetField("value") for f in layer} if layer is not None else {}


def read_hotspots(path: str) -> list[dict]:
    """All hotspots (attributes and bounding box), in rank order. For tests and the CLI."""
    from osgeo import ogr

    ds = ogr.Open(path)
    layer = ds.GetLayerByName(LAYER)
    rows = []
    for f in layer:
        d = {k: f.GetField(k) for k, _, _ in FIELDS}
        d["fid"] = f.GetFID()
        d["bbox"] = f.GetGeometryRef().GetEnvelope()  # xmin, xmax, ymin, ymax
        rows.append(d)
    return sorted(rows, key=lambda d: d["rank"])
