"""Value ranges of multi-source inputs: what each modality's model expects, checked on a sample
before any tile runs, because a file in other units gives a plausible wrong map, not an error.

- aerial images: 8-bit digital numbers 0..255 (16-bit or 0..1 imagery refused);
- SPOT: digital numbers in the thousands (IGN's means are 433..1137), not 8-bit or 0..1;
- elevation: metres, DSM above DTM (swapped files, or feet / centimetres, refused);
- Sentinel-2: L2A reflectance x 10000 (0..1 reflectance refused);
- Sentinel-1: IGN's unit is not verified (docs/multisource.md), so negative values (dB) are said,
  not refused.
"""
from __future__ import annotations

from ...models.modalities import Modality, MultiCard
from ..checks import ValueSample, sample_values
from .tile import ModalityError, ModalityInput

HIGHEST_M = 4900.0  # above Mont Blanc: not metres


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
        if s.hi > HIGHEST_M:
            raise ModalityError(
                f"{_label(inp, path, band)} reaches {s.hi:.0f}: not altitudes in metres (feet or centimetres?). "
                "Give the DSM and DTM in metres.")
    if len(found) == 2:
        (_, _, dsm), (_, _, dtm) = found
        # a surface model is never below the terrain model: every percentile of a DSM is at or above
        # the same percentile of its DTM over the same ground
        if dsm.lo + 0.5 < dtm.lo and dsm.hi + 0.5 < dtm.hi:
            raise ModalityError(
                f"{inp.label}: the DSM ({found[0][0]}, {dsm.lo:.0f}..{dsm.hi:.0f} m) lies below the DTM "
                f"({found[1][0]}, {dtm.lo:.0f}..{dtm.hi:.0f} m): are they swapped? The surface model (DSM, "
                "with buildings and trees) comes first.")


def check_values(card: MultiCard, inputs: dict[str, ModalityInput]) -> list[str]:
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
