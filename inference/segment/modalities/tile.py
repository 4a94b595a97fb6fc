"""Every modality of a multi-source model read on its own grid over the same tile.

A tile is a square of ground (the model's tile at its reference resolution). Each modality is
read over exactly that square at the *card's* resolution for it (10.24 m Sentinel, 1.6 m SPOT,
0.2 m aerial), so its array has the card's fixed size whatever the file's own pixel size;
files need to cover the area, not to share one extent or grid (MULTISOURCE.md §5).
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np

from ...core.errors import InputError
from ...core.grid import Grid
from ...core.messages import Said, say
from ...models.card import ModelCard
from ...models.modalities import Modality, short_name
from ..checks import is_geographic
from ..sources import FileSource, RasterSource, SourceError
from .timeseries import Series, SeriesError, average, clear_dates, encode_dates, flair2_clear_dates, open_series

WARN_RES_RATIO = 2.0  # a file this much coarser or finer than the card's resolution: say so
MAX_RES_RATIO = 8.0  # beyond this the model would see another kind of image: refuse


class ModalityError(InputError):
    """A modality's input cannot be used; the message names the modality and what to do."""


@dataclass
class ModalityInput:
    """One modality's sources: (name, band) per band fed (images), or a series; ``sources`` by name
    (a file's path, or a front end's source's own name)."""

    modality: Modality
    bands: list[tuple[str, int]] = field(default_factory=list)
    series: Series | None = None
    sources: dict[str, RasterSource] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{short_name(self.modality.name)} ({self.modality.name})"

    def files(self) -> list[str]:
        """The files read (not a front end's other sources: web layers)."""
        if self.series is not None:
            return [self.series.path] + ([self.series.mask] if self.series.mask else [])
        return sorted({n for n, _ in self.bands if self.is_file(n)})

    def is_file(self, name: str) -> bool:
        return isinstance(self.sources.get(name), FileSource)


def _source(inp: ModalityInput, given: str | RasterSource) -> str:
    """Open ``given`` once (a file) or take it as it is (a front end's source); its name here."""
    if isinstance(given, RasterSource):
        name = getattr(given, "path", None) or given.info.name
        while inp.sources.get(name, given) is not given:  # two layers of one name
            name += "'"
        inp.sources[name] = given
        return name
    if given not in inp.sources:
        try:
            inp.sources[given] = FileSource(given)
        except SourceError as e:
            raise ModalityError.say("{label}: {error}", label=inp.label,
                                    error=e.said if e.said is not None else str(e)) from None
    return given


def image_input(mod: Modality, spec: str | RasterSource | dict[str, tuple[str | RasterSource, int]]
                ) -> ModalityInput:
    """``spec``: one file (or source) holding the modality's bands in IGN's order (AERIAL_RGBI =
    R,G,B,NIR; DEM_ELEV = DSM,DTM), or {fed band or DSM/DTM: (path or source, 1-based band)} for
    bands spread over files (the command line's PATH:BAND is read in ``cli/multisource.named_inputs``)."""
    inp = ModalityInput(mod)
    if not isinstance(spec, dict):
        if mod.derive == "dsm_minus_dtm":
            inp.bands = [(spec, 1), (spec, 2)]
        else:
            inp.bands = [(spec, b) for b in mod.source_bands]
    else:
        wanted = ("DSM", "DTM") if mod.derive == "dsm_minus_dtm" else mod.bands
        missing = [b for b in wanted if b not in spec]
        if missing:
            raise ModalityError.say("{label}: no file for band(s) {bands}; give {bands_option}",
                                    label=f"{short_name(mod.name)} ({mod.name})", bands=", ".join(missing),
                                    bands_option=", ".join(f"{short_name(mod.name)}.{b}=FILE[:BAND]" for b in missing))
        inp.bands = [tuple(spec[b]) for b in wanted]
    inp.bands = [(_source(inp, given), band) for given, band in inp.bands]
    for path, band in inp.bands:
        count = inp.sources[path].info.count
        if band < 1:
            raise ModalityError.say("{label}: {path}:{band}: bands are numbered from 1 (the file's first band is 1)",
                                    label=inp.label, path=path, band=band)
        if band > count:
            raise ModalityError.say("{label}: {path} has {count} band(s), there is no band {band} (the model reads "
                                    "{bands})", label=inp.label, path=path, count=count, band=band,
                                    bands=", ".join(mod.bands))
    return inp


def series_input(mod: Modality, path: str, dates: str | None = None, mask: str | None = None) -> ModalityInput:
    try:
        series = open_series(mod.name, path, len(mod.bands), dates, mask)
    except SeriesError as e:
        label = f"{short_name(mod.name)} ({mod.name})"
        if e.said is None or "modality" not in e.said.values:
            raise ModalityError.say("{label}: {error}", label=label,
                                    error=e.said if e.said is not None else str(e).removeprefix(mod.name + ": ")) from None
        raise ModalityError.say(e.said.template, **{**e.said.values, "modality": label}) from None
    inp = ModalityInput(mod, series=series)
    for f in {p for p, _ in series.frames} | ({mask} if mask else set()):
        _source(inp, f)
    return inp


def input_problems(card: ModelCard, inputs: dict[str, ModalityInput], bounds, crs: str, lang: str = "en"
                   ) -> dict[str, tuple[list[str], list[str]]]:
    """Per modality: (errors, warnings) about its files against the area ``bounds`` (coverage) and
    the card (resolution). The dock shows them on each row (coverage in ``lang``); ``check_inputs``
    refuses the errors."""
    out: dict[str, tuple[list[str], list[str]]] = {}
    xmin, ymin, xmax, ymax = bounds
    for inp in inputs.values():
        mod = inp.modality
        errors, warnings = out.setdefault(mod.name, ([], []))
        if inp.series is not None and inp.series.warning:
            warning = inp.series.warning
            warnings.append(say(warning.template, lang, **{**warning.values, "modality": inp.label})
                            if isinstance(warning, Said) and "modality" in warning.values
                            else f"{inp.label}: {warning.removeprefix(mod.name + ': ')}")
        xmin, ymin, xmax, ymax = _needed(card, mod, bounds)
        for path, src in inp.sources.items():
            info = src.info
            if is_geographic(info.crs) and (mod.kind == "image" or is_geographic(crs)):
                errors.append(say("{label}: {path} is in degrees ({crs}): reproject it to Lambert-93 (EPSG:2154)",
                                  lang, label=inp.label, path=path, crs=_crs_name(info.crs)))
                continue
            try:
                (bx0, by0, bx1, by1), res = in_area_crs(info, crs)
            except ValueError as e:
                errors.append(say("{label}: {path}'s CRS cannot be brought to the area's ({error}); reproject it to "
                                  "the area's CRS", lang, label=inp.label, path=path, error=str(e)))
                continue
            # less than one of the file's pixels short is no gap: its edge pixels reach over it
            tol = 0.999 * res
            gaps = {"west": bx0 - xmin, "east": xmax - bx1, "south": by0 - ymin, "north": ymax - by1}
            if max(gaps.values()) > tol:
                errors.append(_not_covered(inp.label, path, gaps, tol, (bx0, by0, bx1, by1), (xmin, ymin, xmax, ymax),
                                           xmax - bounds[2], mod.context_m, lang))
            if path == (inp.series.mask if inp.series else None):
                continue
            ratio = max(res / mod.resolution_m, mod.resolution_m / res)
            said = {"label": inp.label, "path": path, "res": float(res), "expected": float(mod.resolution_m)}
            if ratio > MAX_RES_RATIO:
                errors.append(say("{label}: {path} has {res:.4g} m pixels, far from the {expected:g} m the model "
                                  "was trained on; give the right product", lang, **said))
            elif ratio > WARN_RES_RATIO:
                warnings.append(say("{label}: {path} has {res:.4g} m pixels, the model expects {expected:g} m: it "
                                    "is resampled, results may suffer", lang, **said))
    return out


NOT_COVERED = "{label}: {path} does not cover the whole area{around}: it misses {gaps}; give a file that covers it"
OUTSIDE = "{label}: {path} lies outside the area{around}; give a file that covers it"


def _not_covered(label, path, gaps, tol, file_box, area_box, around_m, context_m, lang) -> str:
    """Where the file falls short of the area, in metres per side (not two 7-digit coordinate ranges)."""
    around = say(" plus {metres:.0f} m around it (the model's {context:g} m context square around each tile)",
                 lang, metres=float(around_m), context=float(context_m)) if context_m else ""
    (bx0, by0, bx1, by1), (xmin, ymin, xmax, ymax) = file_box, area_box
    if bx1 <= xmin or bx0 >= xmax or by1 <= ymin or by0 >= ymax:
        return say(OUTSIDE, lang, label=label, path=path, around=around)
    sides = ", ".join(say("{metres:.1f} m on the " + side, lang, metres=float(gap))
                      for side, gap in gaps.items() if gap > tol)
    return say(NOT_COVERED, lang, label=label, path=path, around=around, gaps=sides)


def _crs_name(crs: str) -> str:
    from rasterio.crs import CRS
    from rasterio.errors import CRSError

    try:
        epsg = CRS.from_user_input(crs).to_epsg()
    except CRSError:
        epsg = None
    return f"EPSG:{epsg}" if epsg else say("a geographic CRS")


def in_area_crs(info, crs: str) -> tuple[tuple[float, float, float, float], float]:
    """A file's bounds in the area's CRS and its pixel size there (metres when the area's CRS is):
    a file in another CRS is warped on read, but must still cover the area at the card's scale."""
    if not info.crs or not crs or info.crs == crs:
        return tuple(info.bounds), info.res
    from rasterio.errors import CRSError
    from rasterio.warp import transform_bounds

    bx0, by0, bx1, by1 = info.bounds
    try:
        tx0, ty0, tx1, ty1 = transform_bounds(info.crs, crs, bx0, by0, bx1, by1, densify_pts=21)
    except CRSError as e:
        raise ValueError(str(e)) from None
    # SourceInfo has one (x) pixel size; pixels count along each side, in the file's units
    nx, ny = max(1.0, (bx1 - bx0) / info.res), max(1.0, (by1 - by0) / info.res)
    return (tx0, ty0, tx1, ty1), math.sqrt((tx1 - tx0) / nx * (ty1 - ty0) / ny)


def _needed(card: ModelCard, mod: Modality, bounds) -> tuple[float, float, float, float]:
    """The ground a modality must cover: the area, or for a context modality the squares centred on
    its tiles (the first tile starts a margin before the area; the last may end a stride past it,
    which read_tile checks per tile)."""
    if not mod.context_m:
        return tuple(bounds)
    grow = max(0.0, mod.context_m / 2 - (card.tile / 2 - card.margin) * card.resolution_m)
    xmin, ymin, xmax, ymax = bounds
    return xmin - grow, ymin - grow, xmax + grow, ymax + grow


def check_inputs(card: ModelCard, inputs: dict[str, ModalityInput], bounds, crs: str) -> list[str]:
    """Refuse a missing modality, one that does not cover ``bounds`` or whose pixels are far from
    the card's; returns warnings (resolution more than 2x off)."""
    missing = [m for m in card.modalities if m.required and m.name not in inputs]
    if missing:
        raise ModalityError.say("the model needs {names}; give {inputs_option}",
                                names=", ".join(f"{short_name(m.name)} ({m.name})" for m in missing),
                                inputs_option=" ".join(f"{short_name(m.name)}=FILE" for m in missing))
    problems = input_problems(card, inputs, bounds, crs)
    errors = [e for errs, _ in problems.values() for e in errs]
    if errors:  # said again in the front end's language where it can
        first = errors[0]
        raise ModalityError.say(first.template, **first.values) if isinstance(first, Said) else ModalityError(first)
    if is_geographic(crs):  # the files' own messages above name the culprit; this is the fallback
        raise ModalityError.say("the area is in degrees ({crs}): reproject the reference modality's file to "
                                "Lambert-93 (EPSG:2154)", crs=_crs_name(crs))
    return [w for _, warns in problems.values() for w in warns]


@dataclass
class TileRead:
    inputs: dict[str, np.ndarray]  # ONNX input name -> array (with batch axis)
    valid: np.ndarray  # bool (tile, tile) on the reference grid: where every modality given has data
    dates: dict[str, list[dt.date]]  # series -> dates fed for this tile


def _window(card: ModelCard, mod: Modality, x0: float, y0: float) -> tuple[float, float, float]:
    """Top-left corner and width of what ``mod`` is read over for the tile at (x0, y0)."""
    size_m = card.tile * card.resolution_m
    if not mod.context_m:
        return x0, y0, size_m
    return x0 + (size_m - mod.context_m) / 2, y0 - (size_m - mod.context_m) / 2, mod.context_m


def _tile_grid(crs: str, x0: float, y0: float, size_m: float, res: float) -> Grid:
    px = int(round(size_m / res))
    return Grid(crs, x0, y0, size_m / px, px, px)


def _read(inp: ModalityInput, path: str, grid: Grid, bands: list[int], resampling: str = "bilinear"):
    reader = inp.sources[path].reader(grid, resampling)
    try:
        return reader.read((0, grid.height), (0, grid.width), bands)
    finally:
        reader.close()


def _snap(inp: ModalityInput, mod: Modality, crs: str, x: float, y: float) -> tuple[float, float]:
    """Move a context square onto the file's own pixels when they are the card's size, as FLAIR#2
    crops whole pixels of its super-areas (no resampling); otherwise leave it centred."""
    info = next(iter(inp.sources.values())).info
    res = mod.resolution_m
    if (info.crs and crs and info.crs != crs) or abs(info.res - res) > 1e-6 * res:
        return x, y
    bx0, _, _, by1 = info.bounds
    return bx0 + round((x - bx0) / res) * res, by1 - round((by1 - y) / res) * res


def _read_image(inp: ModalityInput, grid: Grid, px: int) -> tuple[np.ndarray, np.ndarray]:
    mod = inp.modality
    out = np.empty((len(inp.bands), px, px), np.float32)
    ok = np.ones((px, px), bool)
    for i, (path, band) in enumerate(inp.bands):
        a, v = _read(inp, path, grid, [band])
        out[i], ok = a[0], ok & v
    ok &= np.isfinite(out).all(axis=0)  # NaN / inf is no value: never a class
    if mod.derive == "dsm_minus_dtm":
        out[1] = out[0] - out[1]
    if mod.mean is not None:
        out = (out - np.asarray(mod.mean, np.float32)[:, None, None]) / np.asarray(mod.std, np.float32)[:, None, None]
    out[:, ~ok] = 0
    return out, ok


def _read_series(inp: ModalityInput, grid: Grid, px: int, ts_filter: str, ts_average: str):
    """(series (T, C, px, px), dates, covered) for one tile, filtered and averaged for it alone."""
    mod, s = inp.modality, inp.series
    c = s.bands
    frames = []
    ok = np.ones((px, px), bool)
    for path in dict.fromkeys(p for p, _ in s.frames):
        firsts = [b for p, b in s.frames if p == path]
        a, v = _read(inp, path, grid, [b + k for b in firsts for k in range(c)])
        frames.append(a.reshape(len(firsts), c, px, px))
        ok &= v
    series = np.concatenate(frames)
    finite = np.isfinite(series).all(axis=(0, 1))  # a NaN on any date: the pixel has no series
    if mod.context_m and not finite.all():
        raise ModalityError.say(
            "{label}: {path} has NaN or infinite values in the model's {context:g} m context around the tile centred "
            "at x {x:.1f}, y {y:.1f}; fill them or declare them as nodata and give a series that covers the context",
            label=inp.label, path=s.path, context=float(mod.context_m), x=grid.x0 + grid.width * grid.res / 2,
            y=grid.y0 - grid.height * grid.res / 2)
    if mod.context_m and not ok.all():
        raise ModalityError.say(
            "{label}: {path} does not cover the model's {context:g} m context around the tile centred at x {x:.1f}, "
            "y {y:.1f}; give a series that covers it", label=inp.label, path=s.path, context=float(mod.context_m),
            x=grid.x0 + grid.width * grid.res / 2, y=grid.y0 - grid.height * grid.res / 2)
    series[:, :, ~(ok & finite)] = 0
    dates = list(s.dates)
    if ts_filter == "auto" and s.mask:
        m, covered = _read(inp, s.mask, grid, [b + k for b in s.mask_bands for k in (0, 1)], "nearest")
        m = m.reshape(len(dates), 2, px, px)
        keep = flair2_clear_dates(m) if mod.series_rules == "flair2" else clear_dates(m, covered=covered)
        if not keep.any():
            raise ModalityError.say(
                "{label}: every date is cloudy or snowy over the tile at x {x:.1f}, y {y:.1f} ({count} dates, mask "
                "{mask}); give clearer dates or {filter_option:off}", label=inp.label, x=grid.x0, y=grid.y0,
                count=len(dates), mask=s.mask, filter_option="--ts-filter")
        series, dates = series[keep], [d for d, k in zip(dates, keep) if k]
    series, dates = average(series, dates, ts_average, mod.series_rules)
    if mod.mean is not None:
        series = (series - np.asarray(mod.mean, np.float32)[:, None, None]) / np.asarray(mod.std, np.float32)[:, None, None]
    return series, dates, ok, finite


def read_tile(card: ModelCard, inputs: dict[str, ModalityInput], crs: str, x0: float, y0: float,
              ts_filter: str = "auto", ts_average: str = "none", metadata=None) -> TileRead:
    """All modalities over the tile whose top-left corner is (x0, y0); nothing carried over from
    any other tile (dates are filtered here, for this tile only). ``metadata`` (metadata.py)
    adds the model's metadata input for the tile centre."""
    size_m = card.tile * card.resolution_m
    arrays: dict[str, np.ndarray] = {}
    used: dict[str, list[dt.date]] = {}
    # where each modality has data (nodata, outside its file, NaN): the output is nodata wherever
    # one of them has none, since the model would otherwise classify zeros fed as values
    masks: list[np.ndarray] = []
    for mod in card.modalities:
        inp = inputs.get(mod.name)
        if inp is None:
            continue
        px = mod.px_at_tile or card.tile
        mx, my, msize = _window(card, mod, x0, y0)
        if mod.context_m:
            mx, my = _snap(inp, mod, crs, mx, my)
        grid = _tile_grid(crs, mx, my, msize, msize / px)
        if inp.series is None:
            out, ok = _read_image(inp, grid, px)
            arrays[mod.name] = out[None]
            masks.append(ok)
        else:
            series, dates, ok, finite = _read_series(inp, grid, px, ts_filter, ts_average)
            if not mod.context_m:  # a context square is refused unless whole (_read_series)
                masks.append(ok & finite)
            arrays[mod.name] = series[None].astype(np.float32)
            arrays[mod.dates_input] = encode_dates(dates, mod.date_rule, mod.ref_date, mod.ref_year or None)[None]
            used[mod.name] = dates
    if metadata is not None:
        arrays[metadata.input] = metadata(x0 + size_m / 2, y0 - size_m / 2)
    valid = np.ones((card.tile, card.tile), bool)
    for m in masks:
        valid &= upsample(m, card.tile)
    return TileRead(arrays, valid, used)


def upsample(mask: np.ndarray, size: int) -> np.ndarray:
    """``mask`` (square) on a ``size`` px grid over the same ground, nearest."""
    if mask.shape[0] == size:
        return mask
    idx = (np.arange(size) * mask.shape[0]) // size
    return mask[idx][:, idx]


__all__ = ["ModalityError", "ModalityInput", "TileRead", "check_inputs", "image_input", "input_problems", "read_tile",
           "series_input", "upsample"]
