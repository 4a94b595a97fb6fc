"""FLAIR#2's aerial metadata input: the 45 values a U-T&T model trained with metadata needs.

IGN's encoding (F2 ``src/load_data.py::adding_encoded_metadata``), reproduced value for value:

- 32 position values: sin/cos of the patch centroid x and y (Lambert-93, EPSG:2154, metres,
  divided by 1e8) at 8 frequencies each;
- altitude of the patch centroid in metres / 3164.9099 (the dataset's maximum);
- camera: [1, 0] when its name contains "UCE", else [0, 1];
- year one-hot over 2018, 2019, 2020, 2021 (IGN's code knows no other year);
- month, day, time of day as sin/cos mapped to 0..1. IGN's month term is ``sin(2 pi (month - 1/12))``,
  the same for every month; kept as is, since the model was trained on it.

The position comes from each tile's centre; the rest describes the aerial acquisition, which the
image file does not hold, so the user gives it (``META.date=2021-06-15 META.time=10:30
META.camera=UCE-M3 META.altitude=120``). Nothing is guessed: a missing value is refused.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

import numpy as np

from ...core.errors import InputError
from ...core.messages import Option, say, together

KEYS = {
    "date": "day the aerial image was taken, YYYY-MM-DD (IGN's years 2018..2021 only)",
    "time": "time it was taken, HH:MM (IGN writes 9h08)",
    "camera": "camera name, e.g. UCE-M3-f100-s06 (only whether it contains UCE matters)",
    "altitude": "ground altitude of the area in metres (IGN's patch_centroid_z)",
}
# each value named as its front end names it ({metadate_option}...: META.date on the command line, the
# field or parameter in QGIS), given with its value ("META.date='2030-01-01'", "Date = 2030-01-01")
OPTIONS = {"date": "metadate_option", "time": "metatime_option", "camera": "metacamera_option",
           "altitude": "metaaltitude_option"}
GIVEN = {key: f"{{{option}:{{value}}}}: {{problem}}" for key, option in OPTIONS.items()}  # "{metadate_option:{value}}: ..."
NEEDED = {key: f"{{{option}}} ({{what}})" for key, option in OPTIONS.items()}  # "{metadate_option} ({what})"


class Assignment(Option):
    """The command line's META.KEY, given with a value as it is typed: META.date='2030-01-01'."""

    def __format__(self, spec: str) -> str:
        return f"{self}={spec!r}" if spec else str(self)


def cli_options(suffix: str = "") -> dict[str, Option]:
    """The command line's names for the metadata values: META.date (``suffix`` "=": META.date=)."""
    return {option: Assignment(f"META.{key}{suffix}") for key, option in OPTIONS.items()}
YEARS = (2018, 2019, 2020, 2021)
MAX_ALTITUDE = 3164.9099121094
ENC_SIZE = 32
CRS = "EPSG:2154"
ENCODING = "flair2-v1"  # the card's name for this encoding (utt_convert.metadata_card)


class MetadataError(InputError):
    """The aerial metadata a model needs is missing or unusable; the message says what to give."""


@dataclass(frozen=True)
class AerialMetadata:
    date: dt.date
    minutes: int  # time of day
    camera: str
    altitude: float

    def encode(self, x: float, y: float) -> np.ndarray:
        """The 45 values for a tile centred at (x, y) in EPSG:2154."""
        return np.asarray(encode_position(x, y) + self._rest(), np.float32)

    def _rest(self) -> list[float]:
        def unit(v: float) -> float:  # IGN's norm(): [-1, 1] -> [0, 1]
            return (v + 1) / 2

        year = [1.0 if self.date.year == y else 0.0 for y in YEARS]
        month = 2 * math.pi * (self.date.month - 1 / 12)
        day = 2 * math.pi * self.date.day / 31
        sec = 2 * math.pi * (self.minutes * 60) / 86400
        camera = [1.0, 0.0] if "UCE" in self.camera else [0.0, 1.0]
        return ([self.altitude / MAX_ALTITUDE] + camera + year
                + [unit(f(a)) for a in (month, day, sec) for f in (math.sin, math.cos)])


def encode_position(x: float, y: float, size: int = ENC_SIZE) -> list[float]:
    d = size // 2
    freq = 1 / (10e7 ** (2 * np.arange(0, d / 2) / d))
    enc = np.zeros(2 * d)
    enc[0:d:2], enc[1:d:2] = np.sin(x / 10e7 * freq), np.cos(x / 10e7 * freq)
    enc[d::2], enc[d + 1::2] = np.sin(y / 10e7 * freq), np.cos(y / 10e7 * freq)
    return enc.tolist()


GROUND_M = (-430.0, 8849.0)  # the lowest and highest ground on Earth: anything else is a typo or another unit
DAYLIGHT = (4 * 60, 22 * 60)  # minutes of the day: no aerial survey flies in the dark


def _date(text: str) -> dt.date:
    try:
        date = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise MetadataError.say("write the day as YYYY-MM-DD, e.g. 2021-06-15") from None
    if date.year not in YEARS:
        raise MetadataError.say("the model encodes the year as one of {first}..{last} (IGN's training years); give the "
                                "date with the nearest of those years", first=YEARS[0], last=YEARS[-1])
    return date


def _time(text: str) -> int:
    m = re.fullmatch(r"\s*(\d{1,2})\s*[:hH]\s*(\d{1,2})\s*", text)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise MetadataError.say("write the time the image was taken as HH:MM, e.g. 10:30")
    minutes = int(m.group(1)) * 60 + int(m.group(2))
    if not DAYLIGHT[0] <= minutes <= DAYLIGHT[1]:
        raise MetadataError.say("{time} is night in France: aerial images are taken in daylight; give the local time "
                                "of the flight, e.g. 10:30", time=text.strip())
    return minutes


def _altitude(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise MetadataError.say("give a number of metres, e.g. 120") from None
    if not math.isfinite(value):
        raise MetadataError.say("give a number of metres, e.g. 120")
    if not GROUND_M[0] <= value <= GROUND_M[1]:
        raise MetadataError.say("no ground lies at {altitude:g} m (the Dead Sea shore is at {lowest:g} m, Everest "
                                "{highest:g} m); give the ground altitude of the area in metres, e.g. 120",
                                altitude=value, lowest=GROUND_M[0], highest=GROUND_M[1])
    return value


PARSERS = {"date": _date, "time": _time, "camera": str.strip, "altitude": _altitude}


def value_problem(key: str, text: str) -> str:
    """Why ``text`` is no value for META.``key`` ("" when it is one; a ``Said``, to be said again in the
    user's language): the parser parse_metadata uses, for a form that checks each field as it is typed
    (the QGIS dock)."""
    try:
        PARSERS[key](text)
    except ValueError as e:
        return getattr(e, "said", None) or str(e)
    return ""


def parse_metadata(values: dict[str, str], needs) -> AerialMetadata:
    """``values`` as given (META.KEY=VALUE); refuse what is missing, unknown or unusable."""
    unknown = sorted(set(values) - set(KEYS))
    if unknown:
        raise MetadataError.say("unknown metadata {unknown}; this model reads {known}",
                                unknown=", ".join("META." + k for k in unknown),
                                known=", ".join(f"META.{k}" for k in KEYS))
    missing = [k for k in needs if not values.get(k)]
    if missing:
        raise MetadataError.say("the model was trained with aerial metadata and needs {values}", values=together(
            [say(NEEDED[k], what=say(KEYS[k]), **cli_options("=")) for k in missing]))
    parsed = {}
    for key in KEYS:
        try:
            parsed[key] = PARSERS[key](values[key])
        except ValueError as e:
            raise MetadataError.say(GIVEN[key], value=values[key], problem=getattr(e, "said", None) or str(e),
                                    **cli_options()) from None
    return AerialMetadata(parsed["date"], parsed["time"], parsed["camera"], parsed["altitude"])


def needs(card) -> dict | None:
    """The card's metadata input ({input, values, needs, ...}), or None when the model takes none."""
    return card.extra.get("aerial_metadata")


def describe(card) -> list[str]:
    """Lines for ``info``: what the user must give beside the images."""
    info = needs(card)
    if not info:
        return []
    lines = [f"metadata:    {info['input']} ({info['values']} values): tile-centre position in {info['coordinates_crs']} "
             "(computed), and from you:"]
    lines += [f"  META.{k:<9} {KEYS[k]}" for k in info["needs"]]
    return lines


class TileMetadata:
    """Encodes the metadata per tile: the position from the tile centre, moved into EPSG:2154."""

    def __init__(self, meta: AerialMetadata, crs: str, input_name: str):
        self.meta, self.crs, self.input = meta, crs, input_name

    def __call__(self, x: float, y: float) -> np.ndarray:
        if self.crs != CRS:
            from rasterio.crs import CRS as RioCRS
            from rasterio.errors import CRSError
            from rasterio.warp import transform

            try:
                (x,), (y,) = transform(RioCRS.from_user_input(self.crs), RioCRS.from_string(CRS), [x], [y])
            except CRSError as e:
                raise MetadataError.say("cannot place the tile in {crs} for the metadata: {error}", crs=CRS,
                                        error=str(e)) from None
        return self.meta.encode(x, y)[None]


def tile_metadata(card, values: dict[str, str] | None, crs: str) -> TileMetadata | None:
    """Checked before any tile runs: None when the model takes no metadata."""
    info = needs(card)
    if not info:
        if values:
            raise MetadataError.say("this model takes no aerial metadata; leave out {given}",
                                    given=" ".join(f"META.{k}" for k in values))
        return None
    if info.get("encoding") != ENCODING or info.get("values") != 45:
        raise MetadataError.say("the model's metadata input is {encoding!r} with {values} values; this version knows "
                                "only {known!r} (FLAIR#2's 45 values): update the plugin",
                                encoding=info.get("encoding"), values=info.get("values"), known=ENCODING)
    return TileMetadata(parse_metadata(values or {}, info["needs"]), crs, info["input"])


__all__ = ["AerialMetadata", "KEYS", "MetadataError", "TileMetadata", "describe", "encode_position", "needs",
           "parse_metadata", "tile_metadata", "value_problem"]
