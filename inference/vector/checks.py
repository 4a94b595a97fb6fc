"""What ``vectorize`` refuses before it writes anything, each in the user's terms: a file that is not
a raster, imagery instead of labels, labels without a CRS or in degrees, values that are no classes
of the encoding, a confidence raster on another grid, an output that would replace an input."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..core.classes import ENCODING_TITLES, any_label_lut
from ..core.errors import InputError
from ..core.raster import gdal_errors, open_quietly, values_present
from ..labels.guess import VALID_VALUES, require_encoding
from ..segment.checks import is_geographic, probe_raster, replaced_input, replaces
from ..segment.sink import check_writable
from .grid import CodeGrid

MAX_LABEL_VALUE = max(max(v) for v in VALID_VALUES.values())


@dataclass
class LabelsInfo:
    grid: CodeGrid  # the labels as FLAIR codes (the encoding's LUT), nodata 0
    encoding: str
    confidence: CodeGrid | None = None
    confidence_scale: float = 1.0  # confidence value -> percent
    max_code: int = 255
    notes: list[str] = field(default_factory=list)


def check_output(output: str, inputs: list[str]) -> None:
    hit = replaced_input([output], inputs)
    if hit:
        _, f, inp = hit
        raise InputError.say(replaces(f, inp), output=output, file=f, input=inp)
    if os.path.splitext(output)[1].lower() != ".gpkg":
        raise InputError.say("{output}: polygons are written to a GeoPackage; name the output NAME.gpkg", output=output)
    check_writable(output)


UNREADABLE = {"labels": "{path} cannot be read as a label raster ({reason})",
              "confidence": "{path} cannot be read as a confidence raster ({reason})"}


def _raster(path: str, what: str) -> dict:
    probe_raster(path)
    try:
        with open_quietly(path) as ds:
            return {"count": ds.count, "dtypes": ds.dtypes, "crs": ds.crs, "transform": ds.transform,
                    "shape": (ds.height, ds.width), "nodata": ds.nodata}
    except (*gdal_errors(), OSError) as e:
        raise InputError.say(UNREADABLE[what], path=path, reason=str(e).splitlines()[0]) from None


def _check_labels_raster(path: str, band: int) -> dict:
    r = _raster(path, "labels")
    if r["count"] >= 3 and band == 1:
        raise InputError.say("{path} has {count} bands: it looks like imagery, not a label raster (one band "
                             "of class codes). Give the map the segmentation wrote, or segment this image first.",
                             path=path, count=r["count"])
    if not 1 <= band <= r["count"]:
        raise InputError.say("{path} has {count} band(s), there is no band {band}", path=path, count=r["count"],
                             band=band)
    dtype = r["dtypes"][band - 1]
    if not dtype.startswith(("uint", "int")):
        raise InputError.say("{path} holds {dtype} values: imagery or scores, not class codes. Give a label "
                             "raster (integers, one class per value).", path=path, dtype=dtype)
    if r["crs"] is None:
        raise InputError.say("{path} has no CRS: its polygons would lie nowhere. Give it one (e.g. gdal_edit.py "
                             "-a_srs EPSG:2154) and try again.", path=path)
    if is_geographic(r["crs"].to_string()):
        raise InputError.say("{path} is in degrees: areas in m^2 and a minimum mapping unit need a CRS in metres. "
                             "Reproject it (gdalwarp -r near -t_srs EPSG:2154) first.", path=path)
    t = r["transform"]
    if t.b != 0 or t.d != 0:
        raise InputError.say("{path} is rotated; warp it to a north-up grid (gdalwarp -r near) first", path=path)
    return r


def _encoding(path: str, band: int, encoding: str | None, how: str) -> str:
    values = values_present(path, band)
    high = max(values, default=0)
    if high > MAX_LABEL_VALUE:
        raise InputError.say("{path} holds values up to {high}: it looks like imagery, not a label raster "
                             "(class codes go up to {most}). Give the map the segmentation wrote.",
                             path=path, high=high, most=MAX_LABEL_VALUE)
    if encoding is None:
        return require_encoding(path, band, how=how).encoding
    extra = sorted(set(values) - VALID_VALUES[encoding])
    if extra:
        raise InputError.say("{path} holds values {extra} that are no classes of {title}; check {encoding_option}",
                             path=path, extra=extra, title=ENCODING_TITLES[encoding], encoding_option=how)
    return encoding


def check_inputs(p, how: str = "--encoding") -> LabelsInfo:
    """The labels (and confidence) checked and opened; ``p`` is a ``run.VectorParams``."""
    r = _check_labels_raster(p.labels, p.band)
    enc = _encoding(p.labels, p.band, p.encoding, how)
    inputs = [p.labels] + ([p.confidence] if p.confidence else [])
    check_output(p.output, inputs)
    lut = any_label_lut(enc)
    grid = CodeGrid.open(p.labels, p.band, lut)
    info = LabelsInfo(grid, enc, max_code=int(lut.max()))
    if p.confidence:
        c = _raster(p.confidence, "confidence")
        if c["shape"] != r["shape"] or c["transform"] != r["transform"]:
            raise InputError.say("{confidence} is not on the grid of {labels} (size or position differ); give the "
                                 "confidence raster written with this map", confidence=p.confidence, labels=p.labels)
        dtype = c["dtypes"][0]
        if dtype == "uint8":
            info.confidence_scale = 100.0 / 255.0  # ours: max probability x 255
        elif dtype.startswith("float"):
            info.confidence_scale = 100.0  # a probability 0..1
        else:
            raise InputError.say("{path} holds {dtype} values; a confidence raster holds a probability (0..1) or our "
                                 "0..255 scale", path=p.confidence, dtype=dtype)
        info.confidence = CodeGrid.open(p.confidence)
    return info
