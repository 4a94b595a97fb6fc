"""Checks made before a run reads a pixel: numbers, source arguments, the output path and the
CRS (the value range of each input: modalities/values.py), each failure a message naming the file or setting and what
to do. Nothing here writes anything.
"""
from __future__ import annotations

import logging
import math
import os
import re

from ..core.errors import InputError
from ..core.messages import say, together
from ..core.raster import gdal_errors
from ..models.card import ROLES
from ..models.deepness import GENERIC_ROLE
from .params import confidence_path

log = logging.getLogger(__name__)

_ROLE_ARG = re.compile(r"^(?P<role>[A-Za-z][A-Za-z0-9_]*)=(?P<path>.+?)(?::(?P<band>-?\d+))?$")


# --- numbers ---------------------------------------------------------------------------------


def check_numbers(tile=None, margin=None, batch=None, resolution=None, threads=None,
                  cores: int | None = None) -> None:
    """Refuse zero/negative tile, batch, resolution; negative margin/threads; more threads than cores.

    ``None`` means "the default" and is not checked. Threads 0 means "all cores"."""
    problems = []
    if tile is not None and tile <= 0:
        problems.append(say("{tile_option:{tile}}: the tile size must be a positive number of pixels (e.g. 512)",
                            tile=tile, tile_option="--tile"))
    if margin is not None and margin < 0:
        problems.append(say("{margin_option:{margin}}: the margin must be 0 or more pixels", margin=margin,
                            margin_option="--margin"))
    if tile is not None and margin is not None and tile > 0 and margin >= 0 and tile <= 2 * margin:
        problems.append(say("{margin_option:{margin}} is too large for {tile_option:{tile}}: the tile must be more "
                            "than twice the margin (at most {most})", margin=margin, tile=tile,
                            most=max(0, (tile - 1) // 2), margin_option="--margin", tile_option="--tile"))
    if batch is not None and batch <= 0:
        problems.append(say("{batch_option:{batch}}: the batch must be 1 or more tiles", batch=batch,
                            batch_option="--batch"))
    if resolution is not None and not (resolution > 0 and math.isfinite(resolution)):
        problems.append(say("{res_option:{resolution}}: the pixel size must be a positive number of metres (e.g. 0.2)",
                            resolution=resolution, res_option="--resolution"))
    if threads is not None:
        cores = cores or os.cpu_count() or 1
        if threads < 0:
            problems.append(say("{threads_option:{threads}}: use 0 (all cores) or a number of threads up to {cores}",
                                threads=threads, cores=cores, threads_option="--threads"))
        elif threads > cores:
            problems.append(say("{threads_option:{threads}}: this machine has {cores} cores and more threads than "
                                "cores only slows ONNX Runtime down (hundreds of times at {threads}); use 0 (all "
                                "cores) or at most {cores}", threads=threads, cores=cores, threads_option="--threads"))
    if problems:
        raise InputError.of(together(problems))


# --- source arguments -----------------------------------------------------------------------


def parse_source_arg(arg: str) -> tuple[str | None, str, int | None]:
    """``ROLE=PATH[:BAND]`` or ``PATH`` -> (role|None, path, band|None).

    An existing file is always a path (a file may be called ``a=b.tif``). ``NRI=irc.tif``
    names no file and no known role: an unknown role, with the list; band 0 or below is refused."""
    m = _ROLE_ARG.match(arg)
    if m is None or os.path.exists(arg):
        return None, arg, None
    role = m.group("role").upper()
    if role not in ROLES and not GENERIC_ROLE.match(role):
        raise InputError.say("unknown role {role!r} in {arg!r}: the roles are {roles} (and B5, B6, ... for the extra "
                             "bands of models made for Deepness)", role=m.group("role"), arg=arg, roles=", ".join(ROLES))
    band = m.group("band")
    if band is not None:
        b = int(band)
        if b < 1:
            raise InputError.say("{arg}: band {band} does not exist; bands are numbered from 1", arg=arg, band=b)
        return role, m.group("path"), b
    return role, m.group("path"), None


# --- the output path ------------------------------------------------------------------------


def output_files(output: str) -> list[str]:
    """Every file a run to ``output`` may write or replace."""
    stem = os.path.splitext(output)[0]
    conf = confidence_path(output)
    return [output, stem + ".qml", output + ".aux.xml", stem + "_report.json", conf, conf + ".aux.xml",
            stem + "_preview.png"]


_RASTER_SIDECARS = (".aux.xml", ".ovr", ".msk", ".qml")


def input_files(path: str) -> list[str]:
    """A raster and the files GDAL reads with it (sidecars, a VRT's sources where GDAL lists them)."""
    files = [path]
    stem = os.path.splitext(path)[0]
    files += [path + s for s in (".aux.xml", ".ovr", ".msk")]
    files += [stem + s for s in (".qml", ".tfw", ".wld", ".prj", ".aux.xml")]
    import rasterio

    try:
        with rasterio.open(path) as ds:
            files += list(ds.files)
    except (*gdal_errors(), OSError):
        pass  # not a raster: the source check says so
    return files


def _same(a: str, b: str) -> bool:
    if os.path.exists(a) and os.path.exists(b):
        try:
            return os.path.samefile(a, b)
        except OSError:
            return False
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


REPLACES_INPUT = "the output {output} would replace {file}, the input raster; choose another output path"
REPLACES_SIDECAR = ("the output {output} would replace {file}, a file that goes with the input {input}; choose "
                    "another output path")
WRITES = " (the run writes {written})"


def replaced_input(targets: list[str], inputs: list[str]) -> tuple[str, str, str] | None:
    """(target, file, input) where one of ``targets`` is an input or a file GDAL reads with it
    (``input_files``), else None: every front end's check that an output never replaces an input."""
    for inp in inputs:
        for f in input_files(inp):
            for t in targets:
                if _same(t, f):
                    return t, f, inp
    return None


def replaces(f: str, inp: str) -> str:
    """The message (template: output, file, input) refusing an output that would replace ``f``, read with ``inp``."""
    return REPLACES_INPUT if _same(f, inp) else REPLACES_SIDECAR


def check_output_path(output: str, inputs: list[str], model: str | None) -> None:
    """Refuse an output whose files would replace an input raster, one of its sidecars, or the model."""
    targets = output_files(output)
    hit = replaced_input(targets, inputs)
    if hit:
        t, f, inp = hit
        raise InputError.say(replaces(f, inp) + ("" if t == output else WRITES),
                             output=output, file=f, input=inp, written=os.path.basename(t))
    if model:
        for t in targets:
            if _same(t, model):
                raise InputError.say("the output {output} would replace the model {model}; choose another output path",
                                     output=output, model=model)


# --- CRS ------------------------------------------------------------------------------------

# metropolitan France and Corsica, in degrees: Lambert-93's area of use
FRANCE_LONLAT = (-9.86, 41.15, 10.38, 51.56)


def is_geographic(crs: str) -> bool:
    if not crs:
        return False
    from rasterio.crs import CRS
    from rasterio.errors import CRSError

    try:
        return CRS.from_user_input(crs).is_geographic
    except CRSError:
        return False


def metric_crs(crs: str, bounds: tuple[float, float, float, float]) -> tuple[str, str]:
    """A metric CRS for data in a geographic ``crs``: Lambert-93 over France, else the UTM zone.

    Returns (the CRS as EPSG:n, its name for the message)."""
    from rasterio.warp import transform_bounds

    lon0, lat0, lon1, lat1 = transform_bounds(crs, "EPSG:4326", *bounds, densify_pts=5)
    lon, lat = (lon0 + lon1) / 2, (lat0 + lat1) / 2
    f = FRANCE_LONLAT
    if f[0] <= lon <= f[2] and f[1] <= lat <= f[3]:
        return "EPSG:2154", "Lambert-93"
    zone = int((lon + 180) // 6) % 60 + 1
    north = lat >= 0
    return f"EPSG:{(32600 if north else 32700) + zone}", f"UTM zone {zone}{'N' if north else 'S'}"


def check_output_crs(crs: str, option: str = "--crs") -> None:
    from rasterio.crs import CRS
    from rasterio.errors import CRSError

    text = crs.strip()
    # PROJ reads the number's leading digits: EPSG:2154x would silently be Lambert-93
    if re.match(r"(?i)epsg:", text) and not re.fullmatch(r"(?i)epsg:\d+", text):
        raise InputError.say("{option} {crs}: write an EPSG code as EPSG: and digits only, e.g. EPSG:2154",
                             option=option, crs=crs)
    try:
        CRS.from_user_input(text)
    except CRSError:
        raise InputError.say("{option} {crs} is not a CRS that PROJ knows; give it as EPSG:NNNN (e.g. EPSG:2154 "
                             "over France), as WKT or as a PROJ string", option=option, crs=crs) from None
    if is_geographic(crs):
        raise InputError.say("{option} {crs} is in degrees; the output needs a CRS in metres "
                             "(e.g. EPSG:2154 over France, or the UTM zone: EPSG:326xx)", option=option, crs=crs)
    if _web_mercator(text):
        raise InputError.say("{option} {crs} is Web Mercator, whose metres are not ground metres (a pixel covers "
                             "about 0.7 of its size over France); the output needs a projected CRS such as "
                             "EPSG:2154 over France, or the UTM zone: EPSG:326xx", option=option, crs=crs)


def _web_mercator(crs: str) -> bool:
    from rasterio.crs import CRS
    from rasterio.errors import CRSError

    try:
        return CRS.from_user_input(crs).to_epsg() in (3857, 3785, 900913)
    except CRSError:
        return False


def output_crs(chosen: str | None, first: str, bounds: tuple, fallback: str = "", option: str = "--crs",
               name: str = "the first input", notes: list[str] | None = None) -> str:
    """The output CRS, decided here for every front end: ``chosen`` (the user's; refused in degrees or
    Web Mercator), else the first input's when it is in ground metres, else ``fallback`` (QGIS passes
    the project's) when it is, else a metric CRS for the first input's ``bounds`` (Lambert-93 over
    France, else the UTM zone), said in ``notes``. "" when the first input has none (nor a fallback)."""
    if chosen:
        check_output_crs(chosen, option)
        return chosen
    for crs in (first, fallback):
        if crs and not is_geographic(crs) and not _web_mercator(crs):
            return crs
    if not first:
        return ""
    crs, crs_name = metric_crs(first, bounds)
    tell(notes, say("{name} is in degrees, not metres: the output is in {crs} ({crs_name}) so that pixels and "
                    "areas are in metres. Choose another output CRS if need be ({crs_option})." if is_geographic(first)
                    else "{name} is in Web Mercator, not ground metres: the output is in {crs} ({crs_name}) so that "
                    "pixels and areas are in metres. Choose another output CRS if need be ({crs_option}).",
                    name=name, crs=crs, crs_name=crs_name, crs_option="--crs"))
    return crs


def tell(notes: list[str] | None, note: str) -> None:
    """What the run decided for the user: logged, and kept for the result (the front ends show it)."""
    log.warning(note)
    if notes is not None:
        notes.append(note)


def probe_raster(path: str) -> None:
    """Open a raster and read its first and last block, naming the file if that fails."""
    import rasterio
    from rasterio.windows import Window

    if not os.path.exists(path):
        raise InputError.say("{path}: no such file", path=path)
    if os.path.isdir(path):
        raise InputError.say("{path} is a folder, not a raster", path=path)
    if os.path.getsize(path) == 0:
        raise InputError.say("{path} is empty (0 bytes); was it copied completely?", path=path)
    try:
        with rasterio.open(path) as ds:
            bh, bw = ds.block_shapes[0]
            ds.read(window=Window(0, 0, min(bw, ds.width), min(bh, ds.height)))
            r, c = (ds.height - 1) // bh * bh, (ds.width - 1) // bw * bw
            ds.read(window=Window(c, r, ds.width - c, ds.height - r))
    except (*gdal_errors(), OSError) as e:
        reason = str(e).split("\n")[0]
        raise InputError.say("{path} cannot be read as a raster ({reason}); is it truncated or not a raster? "
                             "Check the file (gdalinfo -checksum) or export it again.", path=path, reason=reason) from None


__all__ = ["check_numbers", "parse_source_arg", "output_files", "input_files",
           "check_output_path", "replaced_input", "replaces", "is_geographic", "metric_crs", "check_output_crs", "output_crs",
           "probe_raster"]
