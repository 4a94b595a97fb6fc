"""Value ranges of multi-source inputs: what each modality's model expects, checked on a sample
before any tile runs, because a file in other units gives a plausible wrong map, not an error.

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

import numpy as np

from ...models.card import ModelCard
from ...models.modalities import Modality
from ..checks import TALLEST_M, ValueSample, elevation_problem, sample_values
from .tile import ModalityError, ModalityInput

HIGHEST_M = 4900.0  # above Mont Blanc: not metres
STEEPEST = 2.0  # a terrain's median slope between neighbouring pixels (63 degrees): not metres


def _label(inp: ModalityInput, path: str, band: int) -> str:
    return f"{inp.label}: {path} band {band}"


def _samples(inp: ModalityInput) -> list[tuple[str, int, ValueSample]]:
    """(path, band, sample) for the bands fed: an image's bands, a series' first date."""
    if inp.series is not None:
        path, first = inp.series.frames[0]
        pairs = [(path, first + k) for k in range(inp.series.bands)]
    else:
        pairs = list(inp.bands)
    out = []
    for path, band in pairs:
        s = sample_values(path, band)
        if s is not None:
            out.append((path, band, s))
    return out


def _eight_bit(inp: ModalityInput, found) -> None:
    for path, band, s in found:
        what = None
        if s.min < 0 or s.max > 255:
            what = f"values {s.min:g}..{s.max:g} ({s.dtype})"
        elif s.dtype.startswith("float") and s.max <= 1.0 and s.hi > 0:
            what = f"floats between {s.min:g} and {s.max:g}"
        if what:
            raise ModalityError(
                f"{_label(inp, path, band)} holds {what}; the model expects 8-bit digital numbers 0..255 and "
                "would give a plausible but wrong map. Give the 8-bit imagery (e.g. gdal_translate -ot Byte "
                "-scale for 16-bit, x 255 for 0..1).")


def _digital_numbers(inp: ModalityInput, found, what: str) -> None:
    """Reflectance-like digital numbers in the hundreds or thousands (SPOT, Sentinel-2)."""
    tops = [s.max for _, _, s in found]
    if tops and max(tops) <= 1.5:
        path, band, s = found[0]
        raise ModalityError(
            f"{_label(inp, path, band)} holds values {s.min:g}..{s.max:g}: reflectance as 0..1. The model was "
            f"trained on {what}; multiply by 10000 (and keep integers) and give that file.")
    if tops and max(tops) <= 255 and all(s.dtype == "uint8" for _, _, s in found):
        path, band, s = found[0]
        raise ModalityError(
            f"{_label(inp, path, band)} is 8-bit (values up to {s.max:g}); the model was trained on {what}, "
            "not on an 8-bit display product. Give the original product.")


def _elevation(inp: ModalityInput, found) -> None:
    for path, band, s in found:
        problem = elevation_problem(_label(inp, path, band), path, band, s)
        if problem:
            raise ModalityError(problem)
        if s.hi > HIGHEST_M:
            raise ModalityError(
                f"{_label(inp, path, band)} reaches {s.hi:.0f}: not altitudes in metres (feet or centimetres?). "
                "Give the DSM and DTM in metres.")
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
                what = (f"heights above ground up to {top:.0f} (DSM - DTM, 99.5th percentile)" if top > TALLEST_M
                        else f"a terrain rising {slope:.1f} per unit of distance between neighbouring pixels (median)")
                raise ModalityError(
                    f"{inp.label}: {dtm_path} gives {what}: not metres (centimetres or decimetres?). "
                    "Give the DSM and DTM in metres.")
    if below:
        raise ModalityError(
            f"{inp.label}: the DSM ({dsm_path} band {dsm_band}, {dsm.lo:.0f}..{dsm.hi:.0f} m) lies below the DTM "
            f"({dtm_path} band {dtm_band}, {dtm.lo:.0f}..{dtm.hi:.0f} m): are they swapped? The surface model "
            "(DSM, with buildings and trees) comes first.")


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


def check_values(card: ModelCard, inputs: dict[str, ModalityInput]) -> list[str]:
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
            _digital_numbers(inp, found, "SPOT 6-7 digital numbers (IGN's means 433..1137)")
        elif kind == "s2":
            _digital_numbers(inp, found, "Sentinel-2 L2A reflectance x 10000")
        elif kind == "elevation":
            _elevation(inp, found)
        elif kind == "s1" and min(s.lo for _, _, s in found) < 0:
            warnings.append(f"{inp.label}: values down to {min(s.lo for _, _, s in found):.1f} look like "
                            "backscatter in dB; whether IGN's models take dB or linear values is not verified "
                            "(docs/multisource.md): check the map against what you know of the area")
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


__all__ = ["check_values"]
