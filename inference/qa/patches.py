"""FLAIR dataset folders: find the patches, their images, masks and predictions (shared FLAIR.md §8).

Layouts:
- FLAIR#1/#2: ``<root>/D0xx_YYYY/Z<n>_<XX>/img/IMG_<id>.tif`` with ``.../msk/MSK_<id>.tif`` (codes
  1..19) and a metadata JSON keyed by ``IMG_<id>`` (domain, zone, patch_centroid_x/y in EPSG:2154,
  date, ...). The root may sit a few folders above the domains.
- FLAIR-HUB: ``<DOM>-<YEAR>_<MODALITY>/<ROI>/<DOM>-<YEAR>_<MODALITY>_<ROI>_<row>-<col>.tif``; the image
  is AERIAL_RGBI, the mask AERIAL_LABEL-COSIA (FLAIR-HUB order, 0-based), ALL_LABEL-LPIS is kept as an
  extra label.

Predictions live in a separate folder: ``PRED_<id>.tif`` for FLAIR#1 (IGN's baseline files: 13-class
0-based and *not georeferenced*), or any file whose name holds the FLAIR-HUB patch name. A patch
found only as a prediction with a metadata entry is listed too (no image, no mask).

Placing a raster without georeferencing: top-left corner = (centroid_x - w*0.1, centroid_y + h*0.1),
0.2 m pixels, EPSG:2154 (for 512 px: centroid -/+ 51.2 m), written as a small VRT beside nothing the
user owns (a cache folder of the caller's choosing).
"""
from __future__ import annotations

import glob
import json
import os
import re
from dataclasses import dataclass, field

from ..core.errors import InputError
from ..core.raster import gdal_exceptions, open_quietly

PATCH_RES = 0.2
PATCH_CRS = "EPSG:2154"  # inferred from the metadata centroids (FLAIR.md §3)
HUB_DIR = re.compile(r"^(D\d{3})-(\w+?)_(.+)$")
HUB_IMAGE, HUB_MASK, HUB_LPIS = "AERIAL_RGBI", "AERIAL_LABEL-COSIA", "ALL_LABEL-LPIS"
FLAIR1_ID = re.compile(r"^(?:IMG|MSK|PRED)_(\d+)\.tiff?$", re.IGNORECASE)


@dataclass
class Patch:
    id: str  # "IMG_061946" (FLAIR#1) or "D004-2021_<ROI>_<row>-<col>" (FLAIR-HUB)
    layout: str  # "flair1" | "flair-hub"
    domain: str = ""
    zone: str = ""
    date: str = ""
    image: str | None = None  # bands R, G, B, NIR[, E]
    mask: str | None = None
    mask_encoding: str | None = None
    prediction: str | None = None
    prediction_encoding: str | None = None  # a suggestion; the caller may guess or ask
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)  # extra labels: name -> (path, encoding)
    centroid: tuple[float, float] | None = None


@dataclass
class Dataset:
    root: str
    layout: str
    patches: list[Patch]
    metadata: str | None = None


def detect_layout(root: str) -> str:
    """'flair1' or 'flair-hub' (raises ValueError if neither is found under ``root``)."""
    for dirpath, dirnames, filenames in _walk(root, 4):
        if any(HUB_DIR.match(d) and d.split("_", 1)[1] in (HUB_IMAGE, HUB_MASK) for d in dirnames):
            return "flair-hub"
        if os.path.basename(dirpath) == "img" and any(FLAIR1_ID.match(f) for f in filenames):
            return "flair1"
    raise InputError.say("{root} holds neither a FLAIR#1 (D0xx_YYYY/Z*/img/IMG_*.tif) nor a FLAIR-HUB "
                         "(<DOM>-<YEAR>_AERIAL_RGBI/...) dataset", root=root)


def _walk(root: str, depth: int):
    base = root.rstrip(os.sep).count(os.sep)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        yield dirpath, dirnames, filenames
        if dirpath.count(os.sep) - base >= depth:
            dirnames[:] = []


def find_metadata(root: str) -> str | None:
    """A FLAIR#1 metadata JSON under ``root`` (keys ``IMG_<id>``), if any."""
    for dirpath, _, filenames in _walk(root, 3):
        for f in sorted(filenames):
            if f.lower().endswith(".json") and "metadata" in f.lower():
                return os.path.join(dirpath, f)
    return None


def load_metadata(path: str) -> dict[str, dict]:
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if not isinstance(data, dict):
        raise InputError.say("{path} is not a FLAIR metadata JSON (an object keyed by IMG_<id>)", path=path)
    return data


def open_dataset(root: str, metadata: str | None = None, predictions: str | None = None) -> Dataset:
    """List the patches of a FLAIR#1 or FLAIR-HUB folder, with predictions from ``predictions``."""
    layout = detect_layout(root)
    if layout == "flair1":
        metadata = metadata or find_metadata(root) or (find_metadata(predictions) if predictions else None)
        patches = _flair1_patches(root, load_metadata(metadata) if metadata else {}, predictions)
    else:
        patches = _hub_patches(root, predictions)
    return Dataset(root, layout, patches, metadata)


def _flair1_patches(root: str, meta: dict, predictions: str | None) -> list[Patch]:
    found: dict[str, Patch] = {}
    for dirpath, _, filenames in os.walk(root):
        if os.path.basename(dirpath) != "img":
            continue
        zone_dir = os.path.dirname(dirpath)
        for f in filenames:
            m = FLAIR1_ID.match(f)
            if not m or not f.upper().startswith("IMG_"):
                continue
            pid = f"IMG_{m.group(1)}"
            msk = os.path.join(zone_dir, "msk", f"MSK_{m.group(1)}" + os.path.splitext(f)[1])
            found[pid] = Patch(pid, "flair1", zone=os.path.basename(zone_dir),
                               domain=os.path.basename(os.path.dirname(zone_dir)),
                               image=os.path.join(dirpath, f),
                               mask=msk if os.path.exists(msk) else None,
                               mask_encoding="flair19" if os.path.exists(msk) else None)
    if predictions:
        for path in sorted(glob.glob(os.path.join(predictions, "**", "PRED_*.tif*"), recursive=True)):
            m = FLAIR1_ID.match(os.path.basename(path))
            if not m:
                continue
            pid = f"IMG_{m.group(1)}"
            if pid not in found and pid in meta:
                found[pid] = Patch(pid, "flair1")
            if pid in found:
                found[pid].prediction, found[pid].prediction_encoding = path, "flair13"
    for pid, p in found.items():
        md = meta.get(pid)
        if md:
            p.domain = md.get("domain", p.domain)
            p.zone = md.get("zone", p.zone)
            p.date = " ".join(v for v in (md.get("date", ""), md.get("time", "")) if v)
            if "patch_centroid_x" in md and "patch_centroid_y" in md:
                p.centroid = (float(md["patch_centroid_x"]), float(md["patch_centroid_y"]))
    return sorted(found.values(), key=lambda p: (p.domain, p.zone, p.id))


def _hub_patches(root: str, predictions: str | None) -> list[Patch]:
    found: dict[str, Patch] = {}
    for dirpath, dirnames, _ in _walk(root, 3):
        for d in dirnames:
            m = HUB_DIR.match(d)
            if not m or m.group(3) not in (HUB_IMAGE, HUB_MASK, HUB_LPIS):
                continue
            dom, year, modality = m.groups()
            for path in sorted(glob.glob(os.path.join(dirpath, d, "*", f"{d}_*.tif"))):
                rest = os.path.splitext(os.path.basename(path))[0][len(d) + 1:]
                if "_" not in rest:
                    continue
                roi, rc = rest.rsplit("_", 1)
                pid = f"{dom}-{year}_{roi}_{rc}"
                p = found.setdefault(pid, Patch(pid, "flair-hub", domain=f"{dom}-{year}", zone=roi, date=year))
                if modality == HUB_IMAGE:
                    p.image = path
                elif modality == HUB_MASK:
                    p.mask, p.mask_encoding = path, "flair-hub"
                else:
                    p.labels["LPIS"] = (path, "lpis")
    if predictions:
        files = sorted(glob.glob(os.path.join(predictions, "**", "*.tif*"), recursive=True))
        for p in found.values():
            dom_year, tail = p.domain, p.id[len(p.domain) + 1:]
            for f in files:
                stem = os.path.basename(f)
                if dom_year in stem and tail in stem and HUB_IMAGE not in stem and HUB_MASK not in stem:
                    p.prediction = f
                    break
    return sorted(found.values(), key=lambda p: (p.domain, p.zone, p.id))


def is_georeferenced(path: str) -> bool:
    with open_quietly(path) as ds:
        return ds.crs is not None and not ds.transform.is_identity


def patch_bounds(centroid: tuple[float, float], width: int = 512, height: int = 512,
                 res: float = PATCH_RES) -> tuple[float, float, float, float]:
    """(xmin, ymin, xmax, ymax) of a patch of ``width`` x ``height`` pixels around its centroid."""
    cx, cy = centroid
    return (cx - width * res / 2, cy - height * res / 2, cx + width * res / 2, cy + height * res / 2)


@gdal_exceptions()
def placed_vrt(raster: str, centroid: tuple[float, float], out_dir: str, crs: str = PATCH_CRS,
               res: float = PATCH_RES) -> str:
    """A VRT in ``out_dir`` giving ``raster`` (left untouched) the patch georeferencing."""
    from osgeo import gdal

    src = gdal.Open(raster)
    xmin, ymin, xmax, ymax = patch_bounds(centroid, src.RasterXSize, src.RasterYSize, res)
    os.makedirs(out_dir, exist_ok=True)
    out = os.path.join(out_dir, os.path.splitext(os.path.basename(raster))[0] + "_placed.vrt")
    from osgeo import osr

    srs = osr.SpatialReference()
    srs.SetFromUserInput(crs)
    vrt = gdal.Translate(out, src, format="VRT")
    vrt.SetProjection(srs.ExportToWkt())
    vrt.SetGeoTransform((xmin, res, 0.0, ymax, 0.0, -res))  # exact, no float drift from bounds
    vrt = None
    return out


def displayable_prediction(patch: Patch, cache_dir: str) -> tuple[str | None, str]:
    """The prediction as a georeferenced path (placed from the metadata if it has no
    georeferencing), and how it was placed; (None, reason) if it cannot be placed."""
    if not patch.prediction:
        return None, "no prediction"
    if is_georeferenced(patch.prediction):
        return patch.prediction, "georeferenced"
    if patch.centroid:
        return placed_vrt(patch.prediction, patch.centroid, cache_dir), "placed from the metadata JSON"
    if patch.image and is_georeferenced(patch.image):
        import rasterio

        with rasterio.open(patch.image) as ds:
            b = ds.bounds
            res = ds.transform.a
        c = ((b.left + b.right) / 2, (b.bottom + b.top) / 2)
        return placed_vrt(patch.prediction, c, cache_dir, crs=ds.crs.to_string(), res=res), \
            "placed on its image"
    return None, "no georeferencing and no metadata entry to place it"
