"""Where a run writes: the output grid from the sources, the chosen CRS, extent and resolution."""
from __future__ import annotations

import math

from ..core.grid import Grid
from ..core.messages import say
from ..core.raster import gdal_errors
from ..models.card import ModelCard
from .checks import output_crs, tell
from .params import SegmentParams
from .sources import SourceError
from .stack import BandStack


def plan_grid(params: SegmentParams, card: ModelCard, stack: BandStack, notes: list[str] | None = None) -> Grid:
    """The output grid: the chosen CRS, extent and resolution (model's by default; the imagery's own
    for models that state none). Imagery in degrees runs in a metric CRS, said in ``notes``."""
    first = stack.sources[stack.roles[card.roles[0]].source] if card.roles[0] in stack.roles else stack.sources[0]
    crs = output_crs(params.crs, first.info.crs, first.info.bounds, name=first.info.name, notes=notes)
    _check_crs(crs, params, first, stack)
    nameless = [s.info.name for s in stack.sources if not s.info.crs]
    if params.crs and nameless:
        tell(notes, say("{names} has no CRS: its coordinates are taken to be in {crs} ({crs_option})",
                        names=", ".join(nameless), crs=params.crs, crs_option="--crs"))
    if params.extent is None:
        extent = _bounds_in(first, crs)
    else:
        extent = params.extent
        if not any(_overlaps(extent, _bounds_in(s, crs)) for s in stack.sources):
            raise SourceError.say(
                "the extent {extent} lies outside every input ({name} covers {bounds} in {crs}); pick an extent "
                "over the imagery", extent=extent, name=first.info.name,
                bounds=tuple(round(v, 2) for v in _bounds_in(first, crs)), crs=crs)
    res = params.resolution or card.resolution_m
    if res is None and params.extent is None and (not first.info.crs or first.info.crs == crs):
        return _own_grid(first, crs, notes)
    grid = Grid.covering(crs, extent, res or _native_res(first, crs))
    if params.extent is None:
        return grid
    return _clip_to_imagery(grid, {s.info.name: _bounds_in(s, crs) for s in stack.sources}, notes)


def _clip_to_imagery(grid: Grid, by_name: dict[str, tuple], notes: list[str] | None) -> Grid:
    """The asked extent's grid cut to where there is imagery, rounded outward to whole pixels of
    that grid: a 10 km extent around a 50 m image costs what the image costs, and each pixel keeps
    the place it had on the grid asked for. Said in ``notes``.

    Where there is imagery is where every input has some (an output pixel needs every input, as
    footprint.touches rules), not the union: a coarse DEM over a whole department beside one ortho
    tile would otherwise keep the 10 km grid. Inputs with nothing in common are left to
    pipeline.sources_meet, which refuses them by name."""
    eps = 1e-6
    res = grid.res
    footprints = list(by_name.values())
    xmin, ymin = max(b[0] for b in footprints), max(b[1] for b in footprints)
    xmax, ymax = min(b[2] for b in footprints), min(b[3] for b in footprints)
    c0 = max(0, math.floor((xmin - grid.x0) / res + eps))
    c1 = min(grid.width, math.ceil((xmax - grid.x0) / res - eps))
    r0 = max(0, math.floor((grid.y0 - ymax) / res + eps))
    r1 = min(grid.height, math.ceil((grid.y0 - ymin) / res - eps))
    if (r0, c0, r1, c1) == (0, 0, grid.height, grid.width) or c1 <= c0 or r1 <= r0:
        return grid
    # the corner as Grid.covering computes it (a whole number of pixels times res), so the cut grid
    # is, to the bit, the one an extent over exactly the imagery gives
    x0 = round((round(grid.x0 / res) + c0) * res, 9)
    y0 = round((round(grid.y0 / res) - r0) * res, 9)
    clipped = Grid(grid.crs, x0, y0, res, c1 - c0, r1 - r0)
    gx0, gy0, gx1, gy1 = grid.bounds
    short = [n for n, b in by_name.items() if b[0] > gx0 + eps or b[1] > gy0 + eps or b[2] < gx1 - eps or b[3] < gy1 - eps]
    which = f" ({', '.join(short)})" if short else ""
    tell(notes, say("the extent reaches beyond the imagery{which}: the map covers only where there is imagery, "
                    "{width} x {height} px of the {asked_width} x {asked_height} px asked (top left corner "
                    "{x0:.2f}, {y0:.2f}); pass an extent within the imagery to choose the area yourself",
                    which=which, width=clipped.width, height=clipped.height, asked_width=grid.width,
                    asked_height=grid.height, x0=clipped.x0, y0=clipped.y0))
    return clipped


def _own_grid(src, crs: str, notes: list[str] | None) -> Grid:
    """The imagery's own grid, when neither the card nor the user gives a pixel size: its origin
    and pixel size as they are (not snapped to multiples of the pixel size, which shifted the map
    by a fraction of a pixel). Output pixels are square: a file whose pixels are not is resampled
    in y, and the run says so."""
    xmin, ymin, xmax, ymax = src.info.bounds
    res = src.info.res
    width = max(1, int(round((xmax - xmin) / res)))
    height = max(1, int(round((ymax - ymin) / res)))
    yres = _y_res(src)
    if yres and abs(yres - res) > 1e-6 * res:
        tell(notes, say("{name} has pixels of {res:.6g} x {yres:.6g} m (not square): the output's square {res:.6g} m "
                        "pixels resample it in y ({rows} rows become {height}); choose another pixel size if need "
                        "be ({res_option})", name=src.info.name, res=res, yres=yres, rows=round((ymax - ymin) / yres),
                        height=height, res_option="--resolution"))
    return Grid(crs, xmin, ymax, res, width, height)


def _y_res(src) -> float | None:
    path = getattr(src, "path", None)
    if not isinstance(path, str):
        return None
    import rasterio

    with rasterio.open(path) as ds:
        return abs(ds.transform.e)


def _native_res(src, crs: str) -> float:
    """The source's pixel size in the output CRS's units (metres)."""
    if not src.info.crs or src.info.crs == crs:
        return src.info.res
    b = src.info.bounds
    columns = (b[2] - b[0]) / src.info.res
    tb = _bounds_in(src, crs)
    return float(f"{(tb[2] - tb[0]) / columns:.3g}")


def _check_crs(crs: str, params: SegmentParams, first, stack: BandStack) -> None:
    crss = {s.info.crs for s in stack.sources}
    if not crs and (len(crss) > 1 or params.extent is None and not first.info.crs):
        raise SourceError.say("{name} has no CRS, so the sources cannot be placed together; assign a CRS to the file "
                              "(gdal_edit.py -a_srs EPSG:2154 {name}) or pass {crs_option} with the CRS its coordinates "
                              "are in", name=first.info.name, crs_option="--crs")
    if "" in crss and len(crss) > 1:
        nameless = [s.info.name for s in stack.sources if not s.info.crs]
        raise SourceError.say("{names} has no CRS while other sources have one; assign it a CRS first",
                              names=", ".join(nameless))


def _bounds_in(src, crs: str) -> tuple[float, float, float, float]:
    from rasterio.warp import transform_bounds

    if not src.info.crs or src.info.crs == crs:
        return src.info.bounds
    try:
        return transform_bounds(src.info.crs, crs, *src.info.bounds, densify_pts=21)
    except gdal_errors() as e:
        raise SourceError.say("cannot transform {name} from its CRS to {crs}: {error}", name=src.info.name, crs=crs,
                              error=str(e)) from None


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and a[2] > b[0] and a[1] < b[3] and a[3] > b[1]
