"""A multi-source model's named inputs, prepared for the one run (``pipeline.segment``): each
modality's files opened and checked, the area and its tiles, each task's map, the reader of a
tile's inputs, and the report's section per input.

The rest of the run is the one every model takes: the stream (a tile is a dict of named inputs,
one batch per tile since each tile keeps its own dates), a sink per task, the commit, the JSON
report, and block runs (scale/).
"""
from __future__ import annotations

import json
import math
import os
from dataclasses import asdict, dataclass, replace

import numpy as np

from ...core.classes import classes_for_encoding
from ...core.grid import AxisWindow, Grid
from ...models.card import ModelCard
from ...models.modalities import short_name
from ..footprint import footprints, tiles_over
from ..params import ImageInput, MetadataInput, NamedInput, SegmentParams, SeriesInput, TaskMap, confidence_path
from ..stream import RunPlan
from .metadata import TileMetadata, tile_metadata
from .tile import ModalityError, ModalityInput, check_inputs, image_input, in_area_crs, read_tile, series_input
from .timeseries import AVERAGES
from .values import check_values

FILTERS = ("auto", "off")
# what a task's map is, by the card's nomenclature: file suffix, encoding of the stored values, nodata, title
MAPS = {
    "flair-hub-lc19": ("landcover", "flair19", 0, "land cover"),
    "flair13": ("landcover", "flair19", 0, "land cover"),  # FLAIR#2 U-T&T: 13 outputs mapped to codes by the card
    "lpis23": ("lpis", "lpis", 255, "LPIS crop types"),
}
# SegmentParams fields the card of a multi-source model fixes (its tiles and grids), at their defaults
FIXED = {"tile": None, "margin": None, "batch": None, "resolution": None, "crs": None, "overrides": None,
         "rescale": False}


def build_inputs(card: ModelCard, inputs: dict[str, NamedInput]) -> dict[str, ModalityInput]:
    """Each modality's files, opened (in the card's order); the metadata values are not a modality."""
    known = [m.name for m in card.modalities]
    for name, given in inputs.items():
        if name not in known and not isinstance(given, MetadataInput):
            raise ModalityError.say("{name}: this model reads {known}, not {name}", name=short_name(name),
                                    known=", ".join(f"{short_name(m)} ({m})" for m in known))
    return {mod.name: open_input(mod, inputs[mod.name]) for mod in card.modalities if mod.name in inputs}


def open_input(mod, given: NamedInput) -> ModalityInput:
    name = f"{short_name(mod.name)} ({mod.name})"
    if mod.is_series:
        if not isinstance(given, SeriesInput):
            raise ModalityError.say("{name} is a time series: give the series itself ({series_option})", name=name,
                                    series_option=f"{short_name(mod.name)}=FILE or FOLDER")
        return series_input(mod, given.path, given.dates, given.mask)
    if not isinstance(given, ImageInput) or (given.path is None) == (not given.bands):
        raise ModalityError.say("{name}: give either one file or its bands one by one, not both (a .dates or .mask is "
                                "for a time series)", name=name)
    return image_input(mod, given.path if given.path is not None else dict(given.bands))


def area_of(card: ModelCard, inputs: dict[str, ModalityInput], extent) -> tuple[str, tuple, Grid]:
    """CRS, bounds and reference grid of the area: ``extent`` or the first modality's file (aerial
    first). Without ``extent`` the grid starts at that file's own corner, as IGN's inference tool
    takes the first modality's bounds (flair_zonal_detection/inference.py): its pixels when they are
    the card's size, else the card's pixels from the same corner (a SPOT file whose edge is not on a
    0.2 m multiple is not shifted). An ``extent`` is snapped to multiples of the card's pixel."""
    first = next(inputs[m.name] for m in card.modalities if m.name in inputs)
    src = next(iter(first.sources.values()))
    if not src.info.crs:
        raise ModalityError.say("{label}: {path} has no CRS; assign it one first", label=first.label,
                                path=getattr(src, "path", src.info.name))
    bounds = tuple(extent) if extent else src.info.bounds
    res = card.resolution_m
    x0, y0, x1, y1 = src.info.bounds
    if extent is None:
        grid = Grid(src.info.crs, x0, y1, res, max(1, int(round((x1 - x0) / res))), max(1, int(round((y1 - y0) / res))))
    else:
        grid = Grid.covering(src.info.crs, bounds, res)
    return src.info.crs, bounds, grid


@dataclass
class NamedRun:
    """What a multi-source run reads, decided before a pixel is read (a block run reads the same)."""

    card: ModelCard
    given: dict[str, NamedInput]
    inputs: dict[str, ModalityInput]
    grid: Grid
    crs: str
    ts_filter: str
    ts_average: str
    meta: TileMetadata | None

    def reader(self) -> TileReader:
        return TileReader(self.card, self.inputs, self.crs, self.grid, self.ts_filter, self.ts_average, self.meta)

    def files(self) -> list[str]:
        """Every file the inputs are read from (rasters, masks, dates files, a folder's rasters)."""
        paths = {g.dates for g in self.given.values() if isinstance(g, SeriesInput) and g.dates}
        for inp in self.inputs.values():
            paths.update(inp.files())
            if inp.series is not None:
                paths.update(p for p, _ in inp.series.frames)
        return sorted(paths)

    def fingerprint(self) -> dict:
        """The named inputs as plain JSON data (resuming compares it with the manifest's)."""
        return json.loads(json.dumps({name: {"kind": type(v).__name__, **asdict(v)} for name, v in self.given.items()},
                                     sort_keys=True))

    def describe(self, used: dict[str, list], per_tile: dict[str, list[int]]) -> dict[str, dict]:
        """The report's section per input: files and bands fed; for a series its dates given, fed
        per tile, used and dropped, the filter and the average; the metadata values."""
        out: dict[str, dict] = {}
        for mod in self.card.modalities:
            inp = self.inputs.get(mod.name)
            if inp is None:
                out[mod.name] = {"given": False}
                continue
            sec: dict = {"name": short_name(mod.name), "kind": mod.kind, "files": inp.files()}
            layers = [n for n in inp.sources if not inp.is_file(n)]  # a front end's web layers, by name
            if layers:
                sec["layers"] = layers
            if inp.series is None:
                sec["bands"] = {b: f"{os.path.basename(p)}:{k}" for b, (p, k) in
                                zip(("DSM", "DTM") if mod.derive else mod.bands, inp.bands)}
            else:
                s, got = inp.series, sorted(used.get(mod.name, []))
                n = per_tile.get(mod.name) or [0]
                sec.update(series=s.describe(), mask=s.mask, filter=self.ts_filter, average=self.ts_average,
                           dates_given=[f"{d:%Y-%m-%d}" for d in s.dates], dates_per_tile=[min(n), max(n)],
                           dates_used=[f"{d:%Y-%m-%d}" for d in got])
                if self.ts_average == "none":
                    sec["dates_dropped"] = [f"{d:%Y-%m-%d}" for d in s.dates if d not in set(got)]
            out[mod.name] = sec
        if self.meta is not None:
            m = self.meta.meta
            out[self.meta.input] = {"kind": "metadata", "date": f"{m.date}", "time": f"{m.minutes // 60:02d}:"
                                    f"{m.minutes % 60:02d}", "camera": m.camera, "altitude_m": m.altitude,
                                    "position": "each tile's centre"}
        return out


def prepare_named(params: SegmentParams, card: ModelCard, notes: list[str]):
    """(the stream's plan, the maps, the named run): the checks made before any tile runs (options,
    inputs, coverage, values, metadata) and the plan; raises with a message naming what to change."""
    given = [k for k, v in FIXED.items() if getattr(params, k) != v]
    if given:
        raise ModalityError.say("{options}: not available for a multi-source model ({name}), which runs at its "
                                "card's tiles and grids; leave " + ("them" if len(given) > 1 else "it") + " out",
                                options=", ".join("--" + k for k in given), name=card.name)
    if params.sources:
        raise ModalityError.say("{name} is a multi-source model: give each modality by its name ({inputs_option}), "
                                "not bands by role", name=card.name,
                                inputs_option=" ".join(short_name(m.name) + "=FILE" for m in card.modalities))
    if params.ts_filter not in FILTERS:
        raise ModalityError.say("{filter_option} must be one of {choices}, not {given!r}", choices=", ".join(FILTERS),
                                given=params.ts_filter, filter_option="--ts-filter")
    if params.ts_average not in AVERAGES:
        raise ModalityError.say("{average_option} must be one of {choices}, not {given!r}", choices=", ".join(AVERAGES),
                                given=params.ts_average, average_option="--ts-average")
    inputs = build_inputs(card, params.inputs or {})
    if not inputs:  # the modalities the model needs, named
        check_inputs(card, inputs, (0.0, 0.0, 0.0, 0.0), "")
    crs, bounds, grid = area_of(card, inputs, params.extent)
    notes += check_inputs(card, inputs, bounds, crs) + check_values(card, inputs)[0]
    meta = tile_metadata(card, next((v.values for v in (params.inputs or {}).values() if isinstance(v, MetadataInput)),
                                    None), crs)
    card, windows = series_windows(card, inputs, crs, grid)
    if params.stitch == "blend" and windows != grid.windows(card.tile, card.margin):
        raise ModalityError.say("{name} takes a series of any size, so its tiles are moved inside the series here "
                                "instead of padded; blend stitching needs the regular tiles: use {stitch_option:crop}",
                                name=card.name, stitch_option="--stitch")
    named = NamedRun(card, dict(params.inputs or {}), inputs, grid, crs, params.ts_filter, params.ts_average, meta)
    maps, luts = task_maps(card, params.output, params.confidence, params.lang)
    files = [src for inp in inputs.values() for path, src in inp.sources.items()
             if inp.series is None or path != inp.series.mask]
    rects = footprints(files, grid)
    run = RunPlan(stack=None, card=card, grid=grid, windows=windows, tile=card.tile, batch=1, luts=luts,
                  stitch=params.stitch, polygons=params.polygons, rects=rects,
                  tiles_to_run=tiles_over(rects, windows, card.tile, grid),
                  tiles_total=len(windows), open_reader=named.reader, nodata=tuple(m.nodata for m in maps))
    return run, maps, named


def task_maps(card: ModelCard, output: str, confidence: bool, lang: str) -> tuple[list[TaskMap], list[np.ndarray]]:
    """Each task's map (``out.tif`` -> ``out_landcover.tif``, ``out_lpis.tif``; a mosaic's ``out.vrt`` ->
    ``out_landcover.vrt``...) with the model's own classes (a 13-class model's legend lists its 13), and
    its code table (output index -> stored value)."""
    stem, ext = os.path.splitext(output)
    ext = ".vrt" if ext.lower() == ".vrt" else ".tif"  # a VRT mosaic of blocks (scale/mosaic.py): one per task
    maps, luts = [], []
    for task in card.tasks:
        suffix, encoding, nodata, title = MAPS.get(task.nomenclature, (task.output.lower(), "lpis", 255, task.output))
        lut = np.arange(256, dtype=np.uint8)  # stored as the model's index (LPIS)
        if encoding == "flair19":
            lut = np.zeros(256, np.uint8)
            lut[: task.n_classes] = task.class_codes
        stored = set(lut[: task.n_classes].tolist())
        path = f"{stem}_{suffix}{ext}"
        maps.append(TaskMap(task.output, title, path, confidence_path(path) if confidence else None,
                            os.path.splitext(path)[0] + ".qml",
                            [c for c in classes_for_encoding(encoding, lang) if c[0] in stored], nodata=nodata))
        luts.append(lut)
    return maps, luts


def series_windows(card: ModelCard, inputs: dict[str, ModalityInput], crs: str, grid: Grid):
    """(card, windows): the tiles of the run. A series-only model (any size: U-TAE's GroupNorm
    normalises over the whole tile) is never fed zeros as padding, which changes its statistics:
    a tile that would reach past the area reads the file's real pixels around it, moved inside
    the file where the area lies at its edge, and where the file itself is smaller than a tile,
    the tile shrinks to what it holds (an area the size of its file is run on exactly that area).
    IGN's zonal tool reads such tiles boundless, zero-filled; not copied, since it is not what
    the model saw in training."""
    if not card.modalities or any(m.px_at_tile for m in card.modalities):
        return card, grid.windows(card.tile, card.margin)
    src = next(iter(next(inputs[m.name] for m in card.modalities if m.name in inputs).sources.values()))
    (bx0, by0, bx1, by1), _ = in_area_crs(src.info, crs)
    eps = 1e-6
    # the file's pixels around the grid, in grid pixels: [lo, hi) per axis, the area within
    cols = (min(0, math.ceil((bx0 - grid.x0) / grid.res - eps)), max(grid.width, math.floor((bx1 - grid.x0) / grid.res + eps)))
    rows = (min(0, math.ceil((grid.y0 - by1) / grid.res - eps)), max(grid.height, math.floor((grid.y0 - by0) / grid.res + eps)))
    tile = min(card.tile, cols[1] - cols[0], rows[1] - rows[0])
    if tile != card.tile:
        card = replace(card, tile=tile, margin=min(card.margin, (tile - 1) // 2))
    windows = []
    for w in grid.windows(card.tile, card.margin):
        windows.append(replace(w, row=_inside(w.row, rows, tile), col=_inside(w.col, cols, tile)))
    return card, windows


def _inside(a: AxisWindow, span: tuple[int, int], tile: int) -> AxisWindow:
    """``a`` moved so that its tile lies within ``span`` while still holding its core."""
    start = min(max(a.start, span[0], a.core_end - tile), span[1] - tile, a.core_start)
    return replace(a, start=start)


class TileReader:
    """The stream's reader for named inputs: every modality over one tile of the grid (read_tile),
    and the dates each series fed (for the report)."""

    def __init__(self, card: ModelCard, inputs, crs: str, grid: Grid, ts_filter: str, ts_average: str, meta):
        self.card, self.inputs, self.crs, self.grid = card, inputs, crs, grid
        self.ts_filter, self.ts_average, self.meta = ts_filter, ts_average, meta
        self.used: dict[str, set] = {}
        self.counts: dict[str, list[int]] = {}

    def read(self, rows, cols) -> tuple[dict[str, np.ndarray], np.ndarray]:
        inputs, valid, dates = self.read_dated(rows, cols)
        self.note(dates)
        return inputs, valid

    def read_dated(self, rows, cols):
        """(inputs, valid, dates fed) of the tile; what reader processes (scale/feed.py) send back."""
        g = self.grid
        tile = read_tile(self.card, self.inputs, self.crs, g.x0 + cols[0] * g.res, g.y0 - rows[0] * g.res,
                         self.ts_filter, self.ts_average, self.meta)
        return tile.inputs, tile.valid[: rows[1] - rows[0], : cols[1] - cols[0]], tile.dates

    def note(self, dates: dict[str, list]) -> None:
        """The dates a tile fed, for the report."""
        for name, got in dates.items():
            self.used.setdefault(name, set()).update(got)
            self.counts.setdefault(name, []).append(len(got))

    def close(self) -> None:
        pass


__all__ = ["FILTERS", "MAPS", "NamedRun", "TileReader", "area_of", "build_inputs", "prepare_named"]
