"""The two vintages: label rasters, their encodings, and the grid they are compared on.

BEFORE's grid is the comparison grid, cut to the area AFTER also covers (whole BEFORE pixels);
AFTER is read onto it (nearest). Refused, with what to do: imagery or a probability raster
instead of labels, encodings that cannot be told or that differ without being stated, crop types,
a 13-class map against a 19-class one, rasters without a CRS, in degrees, or that do not overlap.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass

import numpy as np

from ..core.classes import ENCODING_TITLES, LABEL_ENCODINGS, any_label_lut
from ..core.errors import InputError
from ..core.grid import Grid
from ..core.messages import Said, say
from ..core.raster import gdal_errors, open_quietly, values_present
from ..labels.guess import VALID_VALUES, require_encoding
from ..qa.compare import raster_grid
from ..segment.checks import is_geographic, probe_raster, replaced_input


@dataclass(frozen=True)
class Pair:
    grid: Grid  # the comparison grid: BEFORE's pixels over the common area
    offset: tuple[int, int]  # (row, col) of the grid's first pixel in BEFORE
    encodings: tuple[str, str]
    luts: tuple[np.ndarray, np.ndarray]  # stored value -> FLAIR code (0 = nodata)


def open_pair(before: str, after: str, encoding: str | None, encoding_after: str | None) -> Pair:
    for i, path in enumerate((before, after)):
        probe_raster(path)
        _check_labels(path, vintage(i))
    encs = _encodings(before, after, encoding, encoding_after)
    grid, offset = _common_grid(before, after)
    return Pair(grid, offset, encs, (any_label_lut(encs[0]), any_label_lut(encs[1])))


def vintage(i: int) -> Said:
    """BEFORE (0) or AFTER (1) as the front end names it: the command line's arguments, the Change
    tab's or Processing's fields (``{before_option}`` / ``{after_option}``, said inside a message)."""
    return say("{before_option}", before_option="BEFORE") if i == 0 else say("{after_option}", after_option="AFTER")


def _check_labels(path: str, what: Said) -> None:
    """Refuse imagery, probabilities and heights given where a label raster is expected."""
    with open_quietly(path) as ds:
        dtype = np.dtype(ds.dtypes[0])
    if dtype.kind == "f":
        raise InputError.say("{what} {path} holds floating-point values: a label raster holds class numbers "
                             "(a FLAIR map written by segment). Is it imagery, heights or a confidence raster?",
                             what=what, path=path)
    seen = values_present(path)
    if seen and max(seen) > max(max(v) for v in VALID_VALUES.values()):
        raise InputError.say("{what} {path} holds values up to {high}: this looks like imagery, not a label "
                             "raster. Give the land-cover map of that vintage (segment the imagery first).",
                             what=what, path=path, high=max(seen))


def _encoding(path: str, given: str | None, what: Said, option: str) -> tuple[str, bool]:
    """The encoding and whether the user stated it."""
    if given:
        if given not in LABEL_ENCODINGS:
            raise InputError.say("unknown encoding {given}; use one of {encodings}", given=repr(given),
                                 encodings=", ".join(LABEL_ENCODINGS))
        extra = sorted(values_present(path) - VALID_VALUES[given])
        if extra:
            raise InputError.say("{what} {path} holds values {extra} that are not classes of {title}; check "
                                 "{encoding_option}", what=what, path=path, extra=extra[:10],
                                 title=ENCODING_TITLES[given], encoding_option=option)
        return given, True
    return require_encoding(path, what=what, how=option).encoding, False


def _encodings(before: str, after: str, enc: str | None, enc_after: str | None) -> tuple[str, str]:
    eb, stated_b = _encoding(before, enc, vintage(0), "--encoding")
    ea, stated_a = _encoding(after, enc_after or enc, vintage(1), "--encoding-after")
    if eb != ea and not (stated_b and stated_a):
        raise InputError.say(
            "{before_option} looks like {before} and {after_option} like {after}. If that is right, say so: "
            "{both_option}; otherwise give the encoding both are in with {encoding_option}.",
            before_option="BEFORE", after_option="AFTER", before=ENCODING_TITLES[eb], after=ENCODING_TITLES[ea],
            both_option=f"--encoding {eb} --encoding-after {ea}", encoding_option="--encoding")
    if "lpis" in (eb, ea):
        raise InputError.say("crop types (lpis) say nothing about artificialisation: give land-cover maps")
    if (eb == "flair13") != (ea == "flair13"):
        raise InputError.say("one vintage has 13 classes (pools, greenhouses, ... merged into 'other') and the other "
                             "19: every pool and greenhouse would show as a change. Compare maps of the same model "
                             "family.")
    return eb, ea


def _common_grid(before: str, after: str) -> tuple[Grid, tuple[int, int]]:
    from rasterio.errors import CRSError
    from rasterio.warp import transform_bounds

    grid, georef = raster_grid(before)
    with open_quietly(after) as ds:
        after_crs, after_bounds = ds.crs, tuple(ds.bounds)
    names = {"before_option": "BEFORE", "after_option": "AFTER"}
    if not georef or not grid.crs:
        raise InputError.say("{before_option} {path} has no CRS: the two vintages cannot be placed on the map; "
                             "assign it one", path=before, **names)
    if after_crs is None:
        raise InputError.say("{after_option} {path} has no CRS: the two vintages cannot be placed on the map; "
                             "assign it one", path=after, **names)
    if is_geographic(grid.crs):
        raise InputError.say("{before_option} {path} is in degrees: areas would be wrong; warp it to a metric CRS "
                             "(Lambert-93 in France)", path=before, **names)
    try:
        x0, y0, x1, y1 = transform_bounds(after_crs, grid.crs, *after_bounds, densify_pts=21)
    except (CRSError, *gdal_errors()) as e:
        raise InputError.say("the CRSs of {before_option} and {after_option} cannot be related ({reason}); warp "
                             "{after_option} into {before_option}'s CRS", reason=str(e), **names) from None
    if not all(map(math.isfinite, (x0, y0, x1, y1))):
        raise InputError.say("the CRSs of {before_option} and {after_option} cannot be related; warp {after_option} "
                             "into {before_option}'s CRS", **names)
    c0 = max(0, math.floor((x0 - grid.x0) / grid.res + 1e-6))
    c1 = min(grid.width, math.ceil((x1 - grid.x0) / grid.res - 1e-6))
    r0 = max(0, math.floor((grid.y0 - y1) / grid.res + 1e-6))
    r1 = min(grid.height, math.ceil((grid.y0 - y0) / grid.res - 1e-6))
    if c1 <= c0 or r1 <= r0:
        raise InputError.say("{before_option} {before} and {after_option} {after} do not overlap: give two maps of "
                             "the same area", before=os.path.basename(before), after=os.path.basename(after), **names)
    sub = Grid(grid.crs, grid.x0 + c0 * grid.res, grid.y0 - r0 * grid.res, grid.res, c1 - c0, r1 - r0)
    return sub, (r0, c0)


def check_outputs(outputs: list[str], inputs: list[str]) -> None:
    """Refuse outputs that would replace an input or a file GDAL/OGR reads with it."""
    hit = replaced_input(outputs, inputs)
    if hit:
        t, _, inp = hit
        raise InputError.say("the output {output} would replace the input {input}; choose another output path",
                             output=t, input=inp)
