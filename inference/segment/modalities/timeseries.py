"""Satellite time series as a multi-source model reads them: dates, layout, per-tile filtering.

A series comes as one GeoTIFF of date-major band groups (IGN's layout: date 1 bands 1..C, date 2
bands 1..C, ...) or as a folder of one raster per date whose names contain ``YYYYMMDD``. Its
dates come from a dates file, else the band descriptions, else a ``.dates`` sidecar (or the
file names for a folder). Cloud filtering and averaging are per tile and return new arrays:
nothing is shared between tiles (IGN's zonal tool overwrites its date list, MULTISOURCE.md §2).
"""
from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass

import numpy as np

from ...core.errors import InputError
from ...core.messages import say
from ...models.modalities import short_name

_DATE = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")
MAX_SPAN_DAYS = 366
AVERAGES = ("none", "monthly", "semi-monthly")


class SeriesError(InputError):
    """A time series cannot be used as given; the message names the modality and what to do."""


def parse_date(text: str) -> dt.date | None:
    """The first YYYYMMDD or YYYY-MM-DD date in ``text``, or None."""
    m = _DATE.search(text or "")
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def read_dates_file(path: str, modality: str) -> list[dt.date]:
    try:
        with open(path, encoding="utf-8") as f:
            lines = [(n, line.strip()) for n, line in enumerate(f, 1)
                     if line.strip() and not line.lstrip().startswith("#")]
    except OSError as e:
        raise SeriesError.say("{modality}: cannot read its dates file {path}: {reason}", modality=modality, path=path,
                              reason=e.strerror) from None
    except UnicodeDecodeError:
        raise SeriesError.say("{modality}: {path} is not a text file of dates; give one YYYYMMDD or YYYY-MM-DD per "
                              "line", modality=modality, path=path) from None
    dates: list[dt.date] = []
    where: dict[dt.date, int] = {}
    for i, line in lines:
        d = parse_date(line)
        if d is None:
            raise SeriesError.say("{modality}: line {line} of {path} ({text!r}) is not a date; write one YYYYMMDD or "
                                  "YYYY-MM-DD per line", modality=modality, line=i, path=path, text=line)
        if d in where:
            raise SeriesError.say("{modality}: {date} is in {path} twice (lines {first} and {line}); each date of "
                                  "imagery needs its own date", modality=modality, date=f"{d:%Y-%m-%d}", path=path,
                                  first=where[d], line=i)
        where[d] = i
        dates.append(d)
    return dates


@dataclass(frozen=True)
class Series:
    """Where a series' dates live: (path, first band) per date, C bands each."""

    modality: str
    path: str  # the file or folder given
    dates: tuple[dt.date, ...]
    frames: tuple[tuple[str, int], ...]  # (raster, 1-based band of the date's first band)
    bands: int  # C
    dates_from: str  # where the dates were read, for the report
    mask: str | None = None  # IGN's SENTINEL2_MSK-SC: (snow, cloud) 0..100 per date, date-major
    # 1-based band of each date's snow band in ``mask`` (cloud follows), in ``dates``' order: the
    # file's order when its dates were not chronological, so each date gets its own mask
    mask_bands: tuple[int, ...] = ()
    warning: str = ""  # what the user should check (dates listed out of order), said before the run

    def describe(self) -> str:
        return (f"{len(self.dates)} dates, {self.dates[0]:%Y-%m-%d} -> {self.dates[-1]:%Y-%m-%d} "
                f"(dates from {self.dates_from})")


def _band_count(path: str, modality: str) -> tuple[int, tuple]:
    import rasterio
    from rasterio.errors import RasterioIOError

    try:
        with rasterio.open(path) as ds:
            return ds.count, tuple(ds.descriptions)
    except RasterioIOError as e:
        raise SeriesError.say("{modality}: cannot open {path}: {error}", modality=modality, path=path, error=str(e)) from None


def _folder_dates(modality: str, path: str, bands: int, dates_path: str | None):
    files = sorted((parse_date(f), os.path.join(path, f)) for f in os.listdir(path)
                   if f.lower().endswith((".tif", ".tiff", ".vrt", ".jp2")) and parse_date(f))
    if not files:
        raise SeriesError.say("{modality}: {path} holds no raster whose name contains a date (YYYYMMDD)",
                              modality=modality, path=path)
    for _, f in files:
        n, _ = _band_count(f, modality)
        if n != bands:
            raise SeriesError.say("{modality}: {path} has {count} bands; each date needs the model's {bands}",
                                  modality=modality, path=f, count=n, bands=bands)
    dates = [d for d, _ in files]
    frames = tuple((f, 1) for _, f in files)
    origin = say("file names")
    if dates_path:
        named = dates
        dates, origin = read_dates_file(dates_path, modality), os.path.basename(dates_path)
        _agree(modality, dates, origin, named, [say("{name}'s name", name=os.path.basename(f)) for _, f in files])
    return dates, frames, origin


def _stack_dates(modality: str, path: str, bands: int, dates_path: str | None):
    n, descriptions = _band_count(path, modality)
    if n % bands:
        raise SeriesError.say("{modality}: {path} has {count} bands, not a multiple of the model's {bands} bands per "
                              "date (dates must be stacked date-major, {bands} bands each)", modality=modality,
                              path=path, count=n, bands=bands)
    t = n // bands
    frames = tuple((path, 1 + i * bands) for i in range(t))
    sidecars = [p for p in (path + ".dates", os.path.splitext(path)[0] + ".dates",
                            os.path.splitext(path)[0] + "_dates.txt") if os.path.isfile(p)]
    from_desc = [parse_date(descriptions[i * bands] or "") for i in range(t)]
    if dates_path:
        dates, origin = read_dates_file(dates_path, modality), os.path.basename(dates_path)
    elif all(from_desc):
        dates, origin = from_desc, say("band descriptions")
    elif sidecars:
        dates, origin = read_dates_file(sidecars[0], modality), os.path.basename(sidecars[0])
    else:
        dates = None
    if dates is not None and origin != "band descriptions" and all(from_desc):
        _agree(modality, dates, origin, from_desc,
               [say("band {band}'s description", band=1 + i * bands) for i in range(t)])
    if dates is None:
        raise SeriesError.say("{modality}: the dates of {path} are unknown: give a dates file ({dates_option}, one "
                              "YYYYMMDD per line), or put them in the band descriptions", modality=modality,
                              path=path, dates_option=f"{modality_short(modality)}.dates=FILE")
    return dates, frames, origin


def open_series(modality: str, path: str, bands: int, dates_path: str | None = None,
                mask: str | None = None) -> Series:
    """Check a series' layout and dates against the card's ``bands`` per date."""
    if os.path.isdir(path):
        dates, frames, origin = _folder_dates(modality, path, bands, dates_path)
    else:
        dates, frames, origin = _stack_dates(modality, path, bands, dates_path)
    if len(dates) != len(frames):
        raise SeriesError.say("{modality}: {count} dates ({origin}) for {frames} dates of imagery in {path}",
                              modality=modality, count=len(dates), origin=origin, frames=len(frames), path=path)
    twice = sorted(d for d in set(dates) if dates.count(d) > 1)
    if twice:
        raise SeriesError.say("{modality}: date(s) {dates} appear twice ({origin}); each date of imagery needs its "
                              "own date", modality=modality, dates=", ".join(f"{d:%Y-%m-%d}" for d in twice),
                              origin=origin)
    order = sorted(range(len(dates)), key=lambda i: dates[i])
    warning = ""
    if order != list(range(len(dates))) and origin not in ("band descriptions", "file names"):
        # nothing in the stack confirms a dates file: out of order, it is more likely a mistake (a
        # reversed list gives every image another date) than a stack saved out of order
        warning = say("{modality}: {origin} lists its dates out of chronological order ({first} first, {last} last) "
                      "and {name} has no band descriptions to confirm them: line i must be the date of the i-th "
                      "group of bands; if it is not, the map is wrong", modality=modality, origin=origin,
                      first=f"{dates[0]:%Y-%m-%d}", last=f"{dates[-1]:%Y-%m-%d}", name=os.path.basename(path))
    dates = [dates[i] for i in order]
    frames = tuple(frames[i] for i in order)
    span = (dates[-1] - dates[0]).days
    if span > MAX_SPAN_DAYS:
        raise SeriesError.say("{modality}: its dates span {span} days ({first} -> {last}); the models were trained "
                              "on one year of images: give at most a year", modality=modality, span=span,
                              first=str(dates[0]), last=str(dates[-1]))
    if mask:
        n, _ = _band_count(mask, modality)
        if n != 2 * len(dates):
            raise SeriesError.say("{modality}: its mask {mask} has {count} bands; it needs 2 per date (snow, cloud), "
                                  "{needed} in all", modality=modality, mask=mask, count=n, needed=2 * len(dates))
    mask_bands = tuple(1 + 2 * i for i in order) if mask else ()
    return Series(modality, path, tuple(dates), frames, bands, origin, mask, mask_bands, warning)


def _agree(modality: str, dates, origin: str, other, where: list[str]) -> None:
    """Refuse dates that contradict those the imagery itself holds (same count only: a count
    mismatch is reported on its own)."""
    if len(dates) != len(other):
        return
    for d, o, w in zip(dates, other, where):
        if d != o:
            raise SeriesError.say("{modality}: {origin} says {date} but {where} says {other}; fix whichever is wrong "
                                  "so each image gets its own date", modality=modality, origin=origin,
                                  date=f"{d:%Y-%m-%d}", where=w, other=f"{o:%Y-%m-%d}")


def modality_short(modality: str) -> str:

    return short_name(modality)


def encode_dates(dates, rule: str = "days_from_MMDD_same_year", ref: str = "05-15",
                 ref_year: int | None = None) -> np.ndarray:
    """The model's dates input (float32 days), by the card's rule."""
    month, day = (int(v) for v in ref.split("-"))
    if rule == "days_from_MMDD_same_year":
        return np.array([(d - dt.date(d.year, month, day)).days for d in dates], np.float32)
    if rule == "ref_minus_MMDD_fixed_year":  # FLAIR#2: sign opposite to FLAIR-HUB's
        year = ref_year or dates[0].year
        # 29 February has no day in a fixed non-leap year: count it as the 28th
        return np.array([(dt.date(year, month, day) - _same_day(year, d)).days for d in dates], np.float32)
    raise SeriesError.say("unknown date rule {rule!r}", rule=rule)


def _same_day(year: int, d: dt.date) -> dt.date:
    try:
        return dt.date(year, d.month, d.day)
    except ValueError:
        return dt.date(year, d.month, d.day - 1)


def clear_dates(mask: np.ndarray, share: float = 0.95, covered: np.ndarray | None = None) -> np.ndarray:
    """IGN's per-date test on a (T, 2, h, w) snow/cloud mask: keep dates whose pixels are clear
    (snow <= 1 and cloud <= 1) on at least ``share`` of the tile; else test snow only.

    ``covered`` (h, w) limits the test to pixels the mask file covers: a tile running past the
    edge of the data must not count the fill as clear sky."""
    pick = np.ones(mask.shape[-2:], bool) if covered is None or not covered.any() else covered
    snow, cloud = mask[:, 0][:, pick], mask[:, 1][:, pick]
    clear = ((snow <= 1) & (cloud <= 1)).mean(axis=1) >= share
    if clear.any():
        return clear
    return (snow <= 1).mean(axis=1) >= share


def flair2_clear_dates(mask: np.ndarray, threshold: int = 60, share: float = 0.5) -> np.ndarray:
    """FLAIR#2's per-date test (F2 utils_dataset.filter_dates) on a (T, 2, h, w) snow/cloud mask:
    keep a date when the pixels with snow >= 60 plus those with cloud >= 60 are under half the crop."""
    cover = ((mask[:, 0] >= threshold).sum(axis=(1, 2)) + (mask[:, 1] >= threshold).sum(axis=(1, 2)))
    return cover / (mask.shape[2] * mask.shape[3]) < share


def flair2_monthly(series: np.ndarray, dates) -> tuple[np.ndarray, list[dt.date]]:
    """FLAIR#2's monthly means (F2 dataset.monthly_image): one per month that has dates, from the
    first date's month to the last's, dated the 15th; empty months are skipped, not filled."""
    months = sorted({(d.year, d.month) for d in dates})
    out = [series[[i for i, d in enumerate(dates) if (d.year, d.month) == m]].mean(axis=0) for m in months]
    return np.stack(out).astype(np.float32), [dt.date(y, m, 15) for y, m in months]


def average(series: np.ndarray, dates, mode: str, rules: str = "") -> tuple[np.ndarray, list[dt.date]]:
    """Monthly (12 means, on the 15th) or semi-monthly (24, on the 8th and 23rd) averages of a
    (T, C, h, w) series; an empty period repeats the previous one, or is zeros (padding) at the
    start, as IGN does. ``rules`` "flair2": FLAIR#2's monthly means instead (flair2_monthly)."""
    if mode == "none":
        return series, list(dates)
    if mode not in AVERAGES:
        raise SeriesError.say("unknown average {mode!r}; use one of {choices}", mode=mode, choices=", ".join(AVERAGES))
    if rules == "flair2":
        if mode != "monthly":
            raise SeriesError.say("FLAIR#2 models were trained with monthly means or none, not {mode}: use "
                                  "{average_option:monthly} or none", mode=mode, average_option="--ts-average")
        return flair2_monthly(series, dates)
    year = dates[0].year
    if mode == "monthly":
        keys = [(d.month - 1) for d in dates]
        centres = [dt.date(year, m + 1, 15) for m in range(12)]
    else:
        keys = [2 * (d.month - 1) + (d.day > 15) for d in dates]
        centres = [dt.date(year, p // 2 + 1, 8 if p % 2 == 0 else 23) for p in range(24)]
    out = np.zeros((len(centres),) + series.shape[1:], np.float32)
    keys = np.asarray(keys)
    for p in range(len(centres)):
        sel = keys == p
        if sel.any():
            out[p] = series[sel].mean(axis=0)
        elif p:
            out[p] = out[p - 1]
    return out, centres


__all__ = ["AVERAGES", "Series", "SeriesError", "average", "clear_dates", "encode_dates", "flair2_clear_dates",
           "flair2_monthly", "open_series",
           "parse_date", "read_dates_file"]
