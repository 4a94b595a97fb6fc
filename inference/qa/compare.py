"""Compare a reference label raster with a prediction, window by window.

The reference's own grid is the comparison grid. The prediction is read onto it window by window
(``FileSource(...).reader(grid, "nearest")``: a clipped read when it already sits on the grid, a
warped VRT otherwise), so memory depends on the window size, never on the raster size. Both are
turned into codes of one nomenclature (classes.any_label_lut) with 0 = nodata. Optionally only the
pixels inside polygons count (rasterised per window with GDAL, reprojected on the fly).

Outputs: the confusion matrix and metrics (metrics.summarize) and, when asked, a disagreement
GeoTIFF of two bands: band 1 = the reference code where the two differ, band 2 = the predicted code
there, 0 elsewhere (nodata 0), with a ``.qml`` colouring band 1 by reference class.

When one side is a 13-class encoding (flair13, codes 13..19 merged into "other"), the disagreement
layer compares the two after the same merge, so a pool under a 13-class "other" is not flagged.
The confusion matrix keeps the raw codes.

A raster without georeferencing (IGN's baseline PRED_*.tif) is compared pixel for pixel when it has
the other raster's size; place it first (patches.placed_vrt) to compare it on the map.
"""
from __future__ import annotations

import contextlib
import logging
import os
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ..core.cancel import CancelToken, raise_if_cancelled
from ..core.classes import ENCODING_TITLES, LABEL_ENCODINGS, any_label_lut, code_colours, code_names, nomenclature
from ..core.errors import FlairError
from ..core.grid import Grid
from ..core.messages import say
from ..core.raster import canonical_crs, gdal_exceptions, open_quietly
from ..labels.style import qml
from ..segment.commit import OutputSet
from ..segment.sources import FileSource
from .metrics import ConfusionAccumulator, n_codes, summarize

log = logging.getLogger(__name__)


class CompareError(FlairError, ValueError):
    """The two rasters cannot be compared as asked, with the reason."""


@dataclass
class CompareParams:
    reference: str
    reference_encoding: str
    prediction: str
    prediction_encoding: str
    reference_band: int = 1
    prediction_band: int = 1
    within: str | None = None  # polygon file (any OGR format); only pixels inside them count
    within_layer: str | None = None  # layer name in ``within`` (default: the first)
    disagreement: str | None = None  # output GeoTIFF path, or None
    window: int = 1024


@dataclass
class CompareResult:
    summary: dict  # metrics.summarize(...) plus the inputs, see compare()
    matrix: np.ndarray
    grid: Grid
    georeferenced: bool
    disagreement: str | None = None
    warnings: list[str] = field(default_factory=list)


def raster_grid(path: str) -> tuple[Grid, bool]:
    """The grid of a raster and whether it is georeferenced (a CRS or a non-identity transform)."""
    with open_quietly(path) as ds:
        t = ds.transform
        georef = ds.crs is not None or not t.is_identity
        if not georef:
            return Grid("", 0.0, float(ds.height), 1.0, ds.width, ds.height), False
        if t.b or t.d or t.e >= 0:
            raise CompareError.say("{path} is not a north-up raster; warp it to a north-up grid first", path=path)
        if abs(abs(t.e) - t.a) > 1e-6 * t.a:
            raise CompareError.say("{path} has non-square pixels ({width} x {height}); resample it first", path=path,
                                   width=t.a, height=-t.e)
        return Grid(canonical_crs(ds.crs), t.c, t.f, t.a, ds.width, ds.height), True


def _codes(raw: np.ndarray, valid: np.ndarray, lut: np.ndarray, unknown: set[int], skip0: bool,
           odd_out: list | None = None) -> np.ndarray:
    """Stored values -> codes (0 where invalid); values with no class go into ``unknown`` (and
    their mask into ``odd_out``)."""
    v = raw.astype(np.int64)
    big = v > 255
    codes = lut[np.clip(v, 0, 255)]
    codes[~valid | big | (v < 0)] = 0
    odd = valid & (codes == 0)
    if skip0:
        odd &= v != 0
    if odd.any():
        unknown.update(int(x) for x in np.unique(v[odd])[:50])
    if odd_out is not None:
        odd_out.append(odd)
    return codes


class _Polygons:
    """Rasterises a polygon layer onto windows of the grid (GDAL reprojects when CRSs differ)."""

    @gdal_exceptions()
    def __init__(self, path: str, layer: str | None, grid: Grid):
        from osgeo import ogr, osr

        self.ds = ogr.Open(path)
        if self.ds is None:
            raise CompareError.say("cannot open polygon file {path}", path=path)
        self.layer = self.ds.GetLayerByName(layer) if layer else self.ds.GetLayer(0)
        if self.layer is None:
            raise CompareError.say("no layer {layer!r} in {path}", layer=layer, path=path)
        if not grid.crs:
            raise CompareError.say("polygons need a georeferenced reference raster")
        self.srs = osr.SpatialReference()
        self.srs.SetFromUserInput(grid.crs)
        self.srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        self.grid = grid

    @gdal_exceptions()
    def mask(self, r0: int, c0: int, h: int, w: int) -> np.ndarray:
        from osgeo import gdal

        g = self.grid
        mem = gdal.GetDriverByName("MEM").Create("", w, h, 1, gdal.GDT_Byte)
        mem.SetGeoTransform((g.x0 + c0 * g.res, g.res, 0.0, g.y0 - r0 * g.res, 0.0, -g.res))
        mem.SetProjection(self.srs.ExportToWkt())
        gdal.RasterizeLayer(mem, [1], self.layer, burn_values=[1])
        return mem.GetRasterBand(1).ReadAsArray().astype(bool)


class _PixelReader:
    """Reads a raster pixel for pixel (no georeferencing to place it by)."""

    def __init__(self, path: str):
        self.ds = open_quietly(path)
        self.nodata = self.ds.nodata

    def read(self, rows, cols, bands):
        from rasterio.windows import Window

        (r0, r1), (c0, c1) = rows, cols
        a = self.ds.read(bands, window=Window(c0, r0, c1 - c0, r1 - r0)).astype(np.float32)
        valid = np.ones(a.shape[1:], bool) if self.nodata is None else ~np.all(a == self.nodata, axis=0)
        return a, valid

    def close(self):
        self.ds.close()


# one sentence each: "reference" and "prediction" are words of the sentence, not values (French puts them after)
UNKNOWN_ENCODING = {"reference": "unknown reference encoding {encoding!r}; use one of {choices}",
                    "prediction": "unknown prediction encoding {encoding!r}; use one of {choices}"}


def _check_encoding(enc: str, what: str) -> None:
    if enc not in LABEL_ENCODINGS:
        raise CompareError.say(UNKNOWN_ENCODING[what], encoding=enc, choices=", ".join(LABEL_ENCODINGS))


def _reduce_other(codes: np.ndarray) -> np.ndarray:
    return np.where(codes >= 13, np.uint8(19), codes).astype(np.uint8)


def compare(params: CompareParams, progress: Callable[[int, int], None] | None = None,
            cancel: CancelToken | None = None) -> CompareResult:
    """Stream the pair window by window; see the module docstring."""
    p = params
    nom = _check_encodings(p)
    grid, georef, reader, warnings = _open_prediction(p)
    try:
        if not georef:
            warnings.append(say("the reference has no georeferencing: areas are in pixels, not m²"))
        elif _is_geographic(grid.crs):
            warnings.append(say("the reference CRS is geographic: areas in m² are wrong; use a projected CRS"))
        polygons = _Polygons(p.within, p.within_layer, grid) if p.within else None
        tally = _Tally(p, nom)
        _stream(p, grid, georef, reader, polygons, tally, progress, cancel)
    finally:
        reader.close()
    if tally.unknown_ref:
        warnings.append(say("reference values {values} are not classes of {title}; they were counted as nodata "
                            "(check the encoding)", values=sorted(tally.unknown_ref),
                            title=ENCODING_TITLES[p.reference_encoding]))
    if tally.unknown_pred:
        warnings.append(say("prediction values {values} are not classes of {title}: {pixels} pixels over the "
                            "reference's classes hold them and were counted as errors (check {encoding_option})",
                            values=sorted(tally.unknown_pred), title=ENCODING_TITLES[p.prediction_encoding],
                            pixels=int(tally.invalid_by_ref.sum()), encoding_option="--pred-encoding"))
    for w in warnings:
        log.warning(w)
    summary = summarize(tally.acc.matrix, grid.res ** 2 if georef else 1.0, nom, tally.invalid_by_ref)
    summary.update({
        "reference": os.path.abspath(p.reference), "prediction": os.path.abspath(p.prediction),
        "reference_encoding": p.reference_encoding, "prediction_encoding": p.prediction_encoding,
        "within": os.path.abspath(p.within) if p.within else None,
        "georeferenced": georef, "crs": grid.crs, "resolution": grid.res,
        "width": grid.width, "height": grid.height, "warnings": warnings,
        "disagreement": os.path.abspath(p.disagreement) if p.disagreement else None,
    })
    return CompareResult(summary, tally.acc.matrix, grid, georef, p.disagreement, warnings)


def _check_encodings(p: CompareParams) -> str:
    """The nomenclature both rasters are compared in."""
    _check_encoding(p.reference_encoding, "reference")
    _check_encoding(p.prediction_encoding, "prediction")
    nom = nomenclature(p.reference_encoding)
    if nomenclature(p.prediction_encoding) != nom:
        raise CompareError.say("cannot compare {reference} with {prediction}: crop types and land cover are different "
                               "nomenclatures", reference=ENCODING_TITLES[p.reference_encoding],
                               prediction=ENCODING_TITLES[p.prediction_encoding])
    return nom


def _open_prediction(p: CompareParams):
    """The comparison grid (the reference's), whether it is georeferenced, a reader of the
    prediction on it, and the warnings so far."""

    warnings: list[str] = []
    grid, georef = raster_grid(p.reference)
    _, pred_georef = raster_grid(p.prediction)
    with open_quietly(p.prediction) as pds:
        pred_shape = (pds.height, pds.width)
        if not 1 <= p.prediction_band <= pds.count:
            raise CompareError.say("{path} has no band {band}", path=p.prediction, band=p.prediction_band)
    if georef and pred_georef:
        return grid, georef, FileSource(p.prediction).reader(grid, resampling="nearest"), warnings
    if pred_shape == (grid.height, grid.width):
        warnings.append(say("one raster has no georeferencing: compared pixel for pixel (same size)"))
        return grid, georef, _PixelReader(p.prediction), warnings
    raise CompareError.say("{path} has no georeferencing and the two rasters differ in size; place it first (for "
                           "FLAIR baseline predictions: from the dataset's metadata JSON)",
                           path=p.prediction if georef else p.reference)


class _Tally:
    """The confusion counts and what the disagreement layer needs, window after window."""

    def __init__(self, p: CompareParams, nom: str):
        self.p = p
        self.acc = ConfusionAccumulator(n_codes(nom))
        # prediction pixels holding a value that is no class, per reference code: errors, not nodata
        self.invalid_by_ref = np.zeros(n_codes(nom), np.int64)
        self.ref_lut, self.pred_lut = any_label_lut(p.reference_encoding), any_label_lut(p.prediction_encoding)
        self.merge = nom == "flair" and "flair13" in (p.reference_encoding, p.prediction_encoding)
        self.unknown_ref: set[int] = set()
        self.unknown_pred: set[int] = set()
        self.present: set[int] = set()

    def add(self, raw_ref, ref_nodata, raw_pred, pred_valid, inside):
        """Count one window; returns (reference codes, predicted codes)."""
        p = self.p
        rvalid = np.ones(raw_ref.shape, bool) if ref_nodata is None else raw_ref != ref_nodata
        rc = _codes(raw_ref, rvalid, self.ref_lut, self.unknown_ref, p.reference_encoding == "flair19")
        odd: list = []
        pc = _codes(np.rint(raw_pred), pred_valid, self.pred_lut, self.unknown_pred, p.prediction_encoding == "flair19",
                    odd)
        self.acc.add(rc, pc, inside)
        wrong = odd[0] & (rc > 0) if inside is None else odd[0] & (rc > 0) & inside
        if wrong.any():
            self.invalid_by_ref += np.bincount(rc[wrong].astype(np.int64), minlength=len(self.invalid_by_ref))
        return rc, pc

    def disagreement(self, rc, pc, inside) -> np.ndarray:
        a, b = (_reduce_other(rc), _reduce_other(pc)) if self.merge else (rc, pc)
        differ = (a != b) & (rc > 0) & (pc > 0)
        if inside is not None:
            differ &= inside
        d = np.zeros((2,) + rc.shape, np.uint8)
        d[0][differ], d[1][differ] = rc[differ], pc[differ]
        self.present.update(int(v) for v in np.unique(d[0]) if v)
        return d


def _stream(p: CompareParams, grid: Grid, georef: bool, reader, polygons, tally: _Tally, progress, cancel) -> None:
    """Read both rasters window by window into ``tally``, writing the disagreement layer and its
    style when asked (staged hidden and swapped in at the end, as segment's outputs: commit.OutputSet)."""
    import rasterio
    from rasterio.windows import Window

    ref = open_quietly(p.reference)
    finals = [p.disagreement, os.path.splitext(p.disagreement)[0] + ".qml"] if p.disagreement else []
    with ref, contextlib.ExitStack() as stack:
        if not 1 <= p.reference_band <= ref.count:
            raise CompareError.say("{path} has no band {band}", path=p.reference, band=p.reference_band)
        if finals:
            staged = stack.enter_context(OutputSet(finals))
            out = stack.enter_context(rasterio.open(staged.temp(p.disagreement), "w",
                                                    **_disagreement_profile(grid, georef, ref)))
            out.set_band_description(1, "reference class where the two differ")
            out.set_band_description(2, "predicted class where the two differ")
        step = max(64, int(p.window))
        wins = [(r, c) for r in range(0, grid.height, step) for c in range(0, grid.width, step)]
        for i, (r0, c0) in enumerate(wins):
            raise_if_cancelled(cancel)
            h, w = min(step, grid.height - r0), min(step, grid.width - c0)
            raw = ref.read(p.reference_band, window=Window(c0, r0, w, h))
            praw, pvalid = reader.read((r0, r0 + h), (c0, c0 + w), [p.prediction_band])
            inside = polygons.mask(r0, c0, h, w) if polygons else None
            rc, pc = tally.add(raw, ref.nodata, praw[0], pvalid, inside)
            if finals:
                out.write(tally.disagreement(rc, pc, inside), window=Window(c0, r0, w, h))
            if progress is not None:
                progress(i + 1, len(wins))
        if not tally.acc.matrix[1:, 1:].sum():  # metrics over nothing are no metrics: say why, write nothing
            within = say(" inside {within}", within=p.within) if p.within else ""
            raise CompareError.say("{reference} and {prediction} have no pixel to compare{within}: they do not overlap, "
                                   "or one of them is nodata wherever the other has data. Check that both cover the "
                                   "same area (and their nodata values); nothing was written.",
                                   reference=p.reference, prediction=p.prediction, within=within)
        if finals:
            out.close()
            staged.expect_raster(p.disagreement, (grid.height, grid.width))
            staged.write_text(finals[1], _style(nomenclature(p.reference_encoding), tally.present))
            staged.commit()


def _is_geographic(crs: str) -> bool:
    try:
        from rasterio.crs import CRS
        from rasterio.errors import CRSError

        return bool(CRS.from_user_input(crs).is_geographic)
    except CRSError:
        return False


def _disagreement_profile(grid: Grid, georef: bool, ref) -> dict:
    prof = {
        "driver": "GTiff", "width": grid.width, "height": grid.height, "count": 2, "dtype": "uint8",
        "nodata": 0, "tiled": True, "blockxsize": 256, "blockysize": 256, "compress": "deflate",
        "interleave": "band", "BIGTIFF": "IF_SAFER",
    }
    if georef:
        prof.update(crs=ref.crs, transform=ref.transform)
    return prof


def _style(nomenclature_name: str, present: set[int]) -> str:
    """The ``.qml`` colouring band 1 (the reference class) of a disagreement raster."""
    names, colours = code_names(nomenclature_name), code_colours(nomenclature_name)
    return qml([(c, names[c], colours[c]) for c in sorted(names)], present)
