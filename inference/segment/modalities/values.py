"""Value ranges of a run's inputs, checked on a sample before any tile runs, because a file in
other units gives a plausible wrong map, not an error. ``check_values`` is the one entry point,
for every model: a single-source model's roles, or a multi-source model's modalities.

Single-source roles (``role_factor``): 8-bit roles refuse 16-bit or 0..1 imagery, or rescale it
when asked (--rescale); heights (NDSM) refuse altitudes; elevation refuses fill values, other
units and centimetres. Multi-source modalities:

- aerial images: 8-bit digital numbers 0..255 (16-bit or 0..1 imagery refused);
- SPOT: digital numbers in the thousands (IGN's means are 433..1137), not 8-bit or 0..1;
- elevation: metres, DSM above DTM over the same pixels (swapped bands refused); units judged
  from the heights above ground and the terrain's steps (centimetres refused), a unit tag other
  than metres (feet) or an untagged fill value (-9999) refused. Untagged feet cannot be told
  from metres by the values (docs/multisource.md);
- Sentinel-2: L2A reflectance x 10000 (0..1 reflectance refused);
- Sentinel-1: IGN's unit is not verified (docs/multisource.md), so negative values (dB) are said,
  not refused.
"""
from __future__ import annotations

import logging
import math
import os
import re
from dataclasses import dataclass

import numpy as np

from ...core.errors import InputError
from ...core.messages import say
from ...core.raster import gdal_errors
from ...models.card import ModelCard
from ...models.modalities import Modality
from .tile import ModalityError, ModalityInput

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ValueSample:
    dtype: str
    lo: float  # 0.5th percentile of the finite, valid values sampled
    hi: float  # 99.5th percentile
    max: float
    min: float
    n: int


def sample_values(path: str, band: int, windows: int = 3, size: int = 256) -> ValueSample | None:
    """A few windows spread over the band (finite values, nodata excluded); None if all empty.

    Also proves the file can be read where the run will read it: a truncated file fails here."""
    try:
        return _sample(path, band, windows, size)
    except (*gdal_errors(), OSError) as e:
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise InputError.say("{path} cannot be read ({reason}); is it truncated or damaged? Check it with "
                             "gdalinfo -checksum, or export it again.", path=path, reason=reason) from None


def _sample(path: str, band: int, windows: int, size: int) -> ValueSample | None:
    import rasterio
    from rasterio.windows import Window

    with rasterio.open(path) as ds:
        nodata = ds.nodatavals[band - 1]
        w, h = min(size, ds.width), min(size, ds.height)
        xs = np.linspace(0, ds.width - w, windows).astype(int)
        ys = np.linspace(0, ds.height - h, windows).astype(int)
        vals = []
        for y in sorted(set(ys)):
            for x in sorted(set(xs)):
                a = ds.read(band, window=Window(int(x), int(y), w, h)).astype(np.float64).ravel()
                a = a[np.isfinite(a)]
                if nodata is not None and not np.isnan(nodata):
                    a = a[a != nodata]
                vals.append(a)
        dtype = ds.dtypes[band - 1]
    v = np.concatenate(vals) if vals else np.empty(0)
    if not v.size:
        return None
    lo, hi = np.percentile(v, [0.5, 99.5])
    return ValueSample(dtype, float(lo), float(hi), float(v.max()), float(v.min()), int(v.size))


LOWEST_M = -1000.0  # below the Dead Sea's shore (-430 m): a fill value (-9999, -32768), not an altitude
TALLEST_M = 300.0  # heights above ground beyond any French building or tree: not metres (centimetres?)
METRE_UNITS = ("", "m", "metre", "metres", "meter", "meters")


def elevation_problem(label: str, path: str, band: int, s: ValueSample, heights: bool = False) -> str | None:
    """Why an elevation band (altitudes, or ``heights`` above ground) cannot be read as metres, in
    the user's terms, or None: a fill value without a nodata tag (the model would read a pit 10 km
    deep), a unit tag other than metres, heights far beyond any building or tree (centimetres)."""
    if s.min <= LOWEST_M:
        # the fill value as the file holds it (gdal_edit.py takes it as typed: no decimal comma)
        return say("{label} holds {fill}, which is no altitude: a fill value for missing data, and the file sets no "
                   "nodata value, so it would be read as a pit {depth:g} m deep. Declare it as nodata (gdal_edit.py "
                   "-a_nodata {fill} {name}) and run again.", label=label, fill=f"{s.min:g}", depth=float(-s.min),
                   name=os.path.basename(path))
    unit = band_unit(path, band)
    if unit.lower() not in METRE_UNITS:
        return say("{label} is in {unit!r} (the file's unit tag), the model expects metres; convert it (e.g. "
                   "gdal_calc.py, x 0.3048 for feet, / 100 for centimetres) and give that file.", label=label,
                   unit=unit)
    if heights and s.hi > TALLEST_M:
        return say("{label} has heights above ground up to {top:.0f} (99.5th percentile), beyond any building or "
                   "tree in metres: centimetres or decimetres? Give the elevation in metres.", label=label,
                   top=float(s.hi))
    return None


def band_unit(path: str, band: int) -> str:
    """The band's unit tag (GDAL unit type), else the vertical CRS's unit, else ""."""
    import rasterio
    from rasterio.errors import CRSError

    with rasterio.open(path) as ds:
        unit = (ds.units[band - 1] or "").strip()
        if not unit and ds.crs is not None:
            try:
                wkt = ds.crs.to_wkt()
            except CRSError:
                wkt = ""
            m = re.search(r'VERT_?C(?:S|RS)\[.*?(?:UNIT|LENGTHUNIT)\["([^"]+)"', wkt)
            unit = m.group(1) if m else ""
    return "m" if unit.lower() in ("metre", "meter", "metres", "meters") else unit


def role_factor(label: str, path: str, band: int, role: str, encoding: str, rescale: bool = False) -> float:
    """The factor the role's values are multiplied by (1.0 normally), or a refusal saying what was
    found and what to do. ``label`` names the source in messages (e.g. ``R: ortho.tif band 1``).

    - 8-bit roles (encoding ``uint8``): values above 255 (16-bit imagery) or floats within 0..1
      are refused; with ``rescale`` they are mapped onto 0..255 (x * 255 / (2^bits - 1) for
      integers, bits from the largest value found; x * 255 for 0..1 floats).
    - heights (roles NDSM): values that start well above the ground are altitudes (a DSM), not
      heights; refused with what to give instead.
    - elevation (NDSM, DSM, DTM): an untagged fill value (-9999), a unit tag other than metres, or
      heights beyond any building (centimetres) are refused (``elevation_problem``).
    """
    s = sample_values(path, band)
    if s is None:
        return 1.0
    if encoding == "uint8":
        if s.min < 0:
            raise InputError.say("{label} holds negative values (down to {min:g}); the model expects 8-bit "
                                 "digital numbers 0..255. Give the raw 8-bit imagery.", label=label, min=s.min)
        if s.max > 255:
            bits = max(9, int(math.ceil(math.log2(s.max + 1))))
            factor = 255.0 / (2**bits - 1)
            if rescale:
                log.warning("%s: %d-bit values (up to %g) rescaled to 0..255 (x %.6g)", label, bits, s.max, factor)
                return factor
            raise InputError.say(
                "{label} holds {bits}-bit values (up to {max:g}, {dtype}); the model expects 8-bit "
                "digital numbers 0..255 and would give a plausible but wrong map. Convert the imagery to "
                "8 bits (e.g. gdal_translate -ot Byte -scale), or ask to rescale ({rescale_option}) 0..{top} "
                "onto 0..255.", label=label, bits=bits, max=s.max, dtype=s.dtype, top=2**bits - 1,
                rescale_option="--rescale")
        if s.dtype.startswith("float") and s.max <= 1.0 and s.hi > 0:
            if rescale:
                log.warning("%s: floats in 0..1 rescaled to 0..255 (x 255)", label)
                return 255.0
            raise InputError.say(
                "{label} holds floats between {min:g} and {max:g}; the model expects 8-bit digital "
                "numbers 0..255 and would give a plausible but wrong map. Multiply by 255 (or give the "
                "8-bit imagery), or ask to rescale ({rescale_option}) here.", label=label, min=s.min, max=s.max,
                rescale_option="--rescale")
    if role in ("NDSM", "DSM", "DTM"):
        # heights that start well above the ground are altitudes: said as such just below
        problem = elevation_problem(label, path, band, s, heights=role == "NDSM" and s.lo <= 20)
        if problem:
            raise InputError.of(problem)
    if role == "NDSM" and s.lo > 20:
        raise InputError.say(
            "{label} starts at {lo:.0f} m (values {lo:.0f}..{hi:.0f}): these look like altitudes "
            "(a DSM), not heights above the ground. Give DSM=<surface model> and DTM=<terrain model> "
            "(NDSM = DSM - DTM), or a height raster.", label=label, lo=s.lo, hi=s.hi)
    return 1.0


HIGHEST_M = 4900.0  # above Mont Blanc: not metres
STEEPEST = 2.0  # a terrain's median slope between neighbouring pixels (63 degrees): not metres


def _label(inp: ModalityInput, path: str, band: int) -> str:
    return say("{label}: {path} band {band}", label=inp.label, path=path, band=band)


def _samples(inp: ModalityInput) -> list[tuple[str, int, ValueSample]]:
    """(path, band, sample) for the bands fed: an image's bands, a series' first date."""
    if inp.series is not None:
        path, first = inp.series.frames[0]
        pairs = [(path, first + k) for k in range(inp.series.bands)]
    else:
        pairs = list(inp.bands)
    out = []
    for path, band in pairs:
        if not inp.is_file(path):  # a front end's web layer: its pictures are 8-bit by nature
            continue
        s = sample_values(path, band)
        if s is not None:
            out.append((path, band, s))
    return out


def _eight_bit(inp: ModalityInput, found) -> None:
    for path, band, s in found:
        what = None
        if s.min < 0 or s.max > 255:
            what = say("values {min:g}..{max:g} ({dtype})", min=float(s.min), max=float(s.max), dtype=s.dtype)
        elif s.dtype.startswith("float") and s.max <= 1.0 and s.hi > 0:
            what = say("floats between {min:g} and {max:g}", min=float(s.min), max=float(s.max))
        if what:
            raise ModalityError.say(
                "{label} holds {what}; the model expects 8-bit digital numbers 0..255 and would give a plausible but "
                "wrong map. Give the 8-bit imagery (e.g. gdal_translate -ot Byte -scale for 16-bit, x 255 for 0..1).",
                label=_label(inp, path, band), what=what)


def _digital_numbers(inp: ModalityInput, found, what: str) -> None:
    """Reflectance-like digital numbers in the hundreds or thousands (SPOT, Sentinel-2)."""
    tops = [s.max for _, _, s in found]
    if tops and max(tops) <= 1.5:
        path, band, s = found[0]
        raise ModalityError.say(
            "{label} holds values {min:g}..{max:g}: reflectance as 0..1. The model was trained on {what}; multiply "
            "by 10000 (and keep integers) and give that file.", label=_label(inp, path, band), min=float(s.min),
            max=float(s.max), what=what)
    if tops and max(tops) <= 255 and all(s.dtype == "uint8" for _, _, s in found):
        path, band, s = found[0]
        raise ModalityError.say(
            "{label} is 8-bit (values up to {max:g}); the model was trained on {what}, not on an 8-bit display "
            "product. Give the original product.", label=_label(inp, path, band), max=float(s.max), what=what)


def _elevation(inp: ModalityInput, found) -> None:
    for path, band, s in found:
        problem = elevation_problem(_label(inp, path, band), path, band, s)
        if problem:
            raise ModalityError.of(problem)
        if s.hi > HIGHEST_M:
            raise ModalityError.say("{label} reaches {top:.0f}: not altitudes in metres (feet or centimetres?). Give "
                                    "the DSM and DTM in metres.", label=_label(inp, path, band), top=float(s.hi))
    if len(found) != 2:
        return
    (dsm_path, dsm_band, dsm), (dtm_path, dtm_band, dtm) = found
    pair = _pair(dsm_path, dsm_band, dtm_path, dtm_band)
    if pair is None:  # two grids: compare what each holds (a DSM's percentiles are at or above its DTM's)
        below = dsm.lo + 0.5 < dtm.lo and dsm.hi + 0.5 < dtm.hi
    else:
        heights, slope = pair
        # over the same pixels a surface model is at or above its terrain model, buildings and trees
        # above it: swapped bands put most of the ground that differs below
        under, over = float((heights < -0.5).mean()), float((heights > 0.5).mean())
        below = under > 0.25 and under > 2 * over
        if not below and heights.size:
            top = float(np.percentile(heights, 99.5))
            if top > TALLEST_M or slope > STEEPEST:
                what = (say("heights above ground up to {top:.0f} (DSM - DTM, 99.5th percentile)", top=top)
                        if top > TALLEST_M else
                        say("a terrain rising {slope:.1f} per unit of distance between neighbouring pixels (median)",
                            slope=float(slope)))
                raise ModalityError.say("{label}: {path} gives {what}: not metres (centimetres or decimetres?). Give "
                                        "the DSM and DTM in metres.", label=inp.label, path=dtm_path, what=what)
    if below:
        raise ModalityError.say(
            "{label}: the DSM ({dsm_path} band {dsm_band}, {dsm_lo:.0f}..{dsm_hi:.0f} m) lies below the DTM "
            "({dtm_path} band {dtm_band}, {dtm_lo:.0f}..{dtm_hi:.0f} m): are they swapped? The surface model (DSM, "
            "with buildings and trees) comes first.", label=inp.label, dsm_path=dsm_path, dsm_band=dsm_band,
            dsm_lo=float(dsm.lo), dsm_hi=float(dsm.hi), dtm_path=dtm_path, dtm_band=dtm_band, dtm_lo=float(dtm.lo),
            dtm_hi=float(dtm.hi))


def _pair(dsm_path: str, dsm_band: int, dtm_path: str, dtm_band: int, windows: int = 3, size: int = 256):
    """(DSM - DTM over valid pixels, the DTM's median slope between neighbours) read over the same
    windows, when both bands share one grid; None otherwise."""
    import rasterio
    from rasterio.windows import Window

    with rasterio.open(dsm_path) as a, rasterio.open(dtm_path) as b:
        if a.shape != b.shape or a.transform != b.transform:
            return None
        w, h = min(size, a.width), min(size, a.height)
        heights, slopes = [], []
        for y in sorted(set(np.linspace(0, a.height - h, windows).astype(int))):
            for x in sorted(set(np.linspace(0, a.width - w, windows).astype(int))):
                win = Window(int(x), int(y), w, h)
                s = a.read(dsm_band, window=win, masked=True).astype(np.float64).filled(np.nan)
                t = b.read(dtm_band, window=win, masked=True).astype(np.float64).filled(np.nan)
                ok = np.isfinite(s) & np.isfinite(t)
                heights.append((s - t)[ok])
                step = np.abs(np.diff(t, axis=1))
                slopes.append(step[np.isfinite(step)] / abs(b.transform.a))
        steps = np.concatenate(slopes)
    return np.concatenate(heights), float(np.median(steps)) if steps.size else 0.0


def check_values(card, inputs, rescale: bool = False) -> tuple[list[str], dict[str, float]]:
    """Every input's values against what the model expects, before any tile runs: refused with
    what was found and what to do, or (warnings, the factor each rescaled role is multiplied by).

    ``inputs``: a single-source model's band stack (segment/stack.py), each role checked by
    ``role_factor``; or a multi-source model's modalities ({name: ModalityInput})."""
    if not card.is_multisource:
        return _check_roles(card, inputs, rescale)
    return _check_modalities(card, inputs), {}


def _check_roles(card, stack, rescale: bool) -> tuple[list[str], dict[str, float]]:
    """Each role read from a file (front ends' own sources are checked by them)."""
    encodings = {i.role: i.encoding for i in card.inputs}
    notes, factors = [], {}
    for role, b in stack.roles.items():
        path = getattr(stack.sources[b.source], "path", None)
        if (role not in encodings and role not in ("DSM", "DTM")) or not isinstance(path, str):
            continue
        label = say("{label}: {path} band {band}", label=role, path=path, band=b.band)
        factor = role_factor(label, path, b.band, role, encodings.get(role, "float32"), rescale)
        if factor != 1.0:
            factors[role] = factor
            notes.append(say("{label} rescaled to 0..255 (x {factor:.6g}) as asked ({rescale_option})", label=label,
                             factor=factor, rescale_option="--rescale"))
    return notes, factors


def _check_modalities(card: ModelCard, inputs: dict[str, ModalityInput]) -> list[str]:
    """Refuse (ModalityError) a modality whose values are not in the units its model expects;
    returns warnings for what cannot be settled (Sentinel-1's unit)."""
    warnings = []
    for mod in card.modalities:
        inp = inputs.get(mod.name)
        if inp is None:
            continue
        found = _samples(inp)
        if not found:
            continue
        kind = _kind(mod)
        if kind == "8bit":
            _eight_bit(inp, found)
        elif kind == "spot":
            _digital_numbers(inp, found, say("SPOT 6-7 digital numbers (IGN's means 433..1137)"))
        elif kind == "s2":
            _digital_numbers(inp, found, say("Sentinel-2 L2A reflectance x 10000"))
        elif kind == "elevation":
            _elevation(inp, found)
        elif kind == "s1" and min(s.lo for _, _, s in found) < 0:
            warnings.append(say("{label}: values down to {lowest:.1f} look like backscatter in dB; whether IGN's "
                                "models take dB or linear values is not verified (docs/multisource.md): check the "
                                "map against what you know of the area", label=inp.label,
                                lowest=float(min(s.lo for _, _, s in found))))
    return warnings


def _kind(mod: Modality) -> str:
    if mod.name == "DEM_ELEV":
        return "elevation"
    if mod.name == "SPOT_RGBI":
        return "spot"
    if mod.name == "SENTINEL2_TS":
        return "s2"
    if mod.name.startswith("SENTINEL1"):
        return "s1"
    if mod.name.startswith("AERIAL"):
        return "8bit"
    return ""


__all__ = ["LOWEST_M", "TALLEST_M", "ValueSample", "band_unit", "check_values", "elevation_problem", "role_factor",
           "sample_values"]
