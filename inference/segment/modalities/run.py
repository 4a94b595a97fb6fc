"""Run a multi-source model (schema-2 card): every modality per tile, one styled raster per task.

Kept beside ``pipeline.segment`` rather than inside it: it reuses the grid, the tile windows,
the file readers and the GeoTIFF sink, and adds what differs (a dict of inputs per tile, one
batch per tile since each tile keeps its own dates, one sink per task).
"""
from __future__ import annotations

import datetime as dt
import math
import os
import time
from dataclasses import dataclass, field, replace
from typing import Callable

import numpy as np

from ...core.cancel import CancelToken
from ...core.classes import classes_for_encoding
from ...core.grid import AxisWindow, Grid
from ...labels.style import sidecar_texts
from ...models.card import CardError, ModelCard
from ...models.modalities import SHORT_NAMES, short_name
from ...models.session import ModelInfo, Session, choose_providers, describe_model
from ..checks import check_output_path
from ..commit import OutputSet, check_free_space
from ..footprint import footprints, touches
from ..params import Progress, confidence_path
from ..pipeline import discard_sinks, finish_sinks
from ..sink import GeoTiffSink, check_writable
from ..stream import RunPlan, Sinks, run_stream
from .metadata import tile_metadata
from .tile import ModalityError, ModalityInput, check_inputs, image_input, in_area_crs, read_tile, series_input
from .timeseries import AVERAGES
from .values import check_values

TASK_OUTPUTS = {  # task -> (file suffix, label encoding of the stored values, nodata)
    "AERIAL_LABEL-COSIA": ("landcover", "flair19", 0),
    "ALL_LABEL-LPIS": ("lpis", "lpis", 255),
    "FLAIR2_LABEL": ("landcover", "flair19", 0),  # FLAIR#2 U-T&T: 13 outputs mapped to codes by the card
}
FILTERS = ("auto", "off")


@dataclass
class MultiResult:
    outputs: dict[str, str]  # task -> raster
    report: str
    tiles: int
    warnings: list[str] = field(default_factory=list)
    dates_used: dict[str, list[dt.date]] = field(default_factory=dict)
    device: str = ""  # where it ran, in words ("CPU", "CUDA GPU")
    seconds: float = 0.0
    confidence: dict[str, str] = field(default_factory=dict)  # task -> its confidence raster, when asked
    class_pixels: dict[str, dict[int, int]] = field(default_factory=dict)  # task -> pixels per stored value
    blocks: int = 0  # a block run (scale/): its blocks, those reused from an interrupted run, its workers
    blocks_reused: int = 0
    workers: dict[str, dict] = field(default_factory=dict)


def read_multi_info(path: str) -> ModelInfo:
    """A multi-source model's graph and schema-2 card, or a message saying why not."""
    if not os.path.isfile(path):
        raise ModalityError(f"model not found: {path}")
    info = describe_model(path)
    if not info.card.is_multisource:
        raise CardError(f"{path} is not a multi-source model (no schema-2 card): use 'segment' with roles")
    return info


def open_model(path: str, device: str = "cpu", threads: int = 0):
    """The model's Session (one head per task) and its schema-2 card. ``device``: auto (GPU when
    there is one), cpu or cuda, as for single-source models."""
    info = read_multi_info(path)
    return Session(info, device, threads=threads), info.card


def parse_sources(items: list[str], card: ModelCard) -> dict[str, dict]:
    """``NAME=PATH``, ``NAME.dates=FILE``, ``NAME.mask=FILE``, ``NAME.BAND=PATH[:BAND]`` (NAME short,
    e.g. S2, or IGN's, e.g. SENTINEL2_TS) into {modality: {"path"|"dates"|"mask"|band: value}};
    ``META.KEY=VALUE`` (aerial metadata, metadata.py) go to {"META": {KEY: VALUE}}."""
    known = {m.name for m in card.modalities}
    out: dict[str, dict] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not value:
            raise ModalityError(f"{item!r}: write a modality source as NAME=PATH (e.g. S2=s2_stack.tif)")
        name, _, part = key.partition(".")
        if name.upper() == "META" and part:
            _put(out.setdefault("META", {}), part.lower(), value, item)
            continue
        full = SHORT_NAMES.get(name.upper(), name)
        if full not in known:
            raise ModalityError(f"{item!r}: this model reads " + ", ".join(
                f"{short_name(m)} ({m})" for m in known) + f", not {name}")
        if part and part not in ("dates", "mask"):  # a band: PATH[:BAND], read here once
            path, sep, band = value.rpartition(":")
            value = (path, int(band)) if sep and band.isdigit() else (value, 1)
        _put(out.setdefault(full, {}), part or "path", value, item)
    return out


def _input_paths(sources: dict[str, dict], inputs: dict[str, ModalityInput]) -> list[str]:
    """Every file the user gave (rasters, masks, dates files, a folder's rasters), without ":band"."""
    paths = set()
    for name, given in sources.items():
        if name != "META":
            paths.update(v[0] if isinstance(v, tuple) else v for v in given.values())
    for inp in inputs.values():
        paths.update(inp.files())
        if inp.series is not None:
            paths.update(p for p, _ in inp.series.frames)
    return sorted(paths)


def _put(given: dict, key: str, value: str, item: str) -> None:
    """One value per key: a source given twice is refused, not the last one silently kept."""
    if key in given and given[key] != value:
        raise ModalityError(f"{item!r}: {key} was already given as {given[key]!r}; give each source once")
    given[key] = value


def build_inputs(card: ModelCard, sources: dict[str, dict]) -> dict[str, ModalityInput]:
    inputs = {}
    for mod in card.modalities:
        given = sources.get(mod.name)
        if not given:
            continue
        if mod.is_series:
            if "path" not in given:
                raise ModalityError(f"{short_name(mod.name)}: give the series itself ({short_name(mod.name)}=FILE or FOLDER)")
            extra = set(given) - {"path", "dates", "mask"}
            if extra:
                raise ModalityError(f"{short_name(mod.name)}: unknown option(s) {', '.join(sorted(extra))} "
                                    "(a series takes .dates and .mask)")
            inputs[mod.name] = series_input(mod, given["path"], given.get("dates"), given.get("mask"))
        else:
            if "path" in given and len(given) > 1:
                raise ModalityError(
                    f"{short_name(mod.name)}: give either one file ({short_name(mod.name)}={given['path']}) or its bands "
                    f"one by one ({', '.join(f'{short_name(mod.name)}.{k}' for k in given if k != 'path')}), not both")
            spec = given["path"] if set(given) == {"path"} else dict(given)
            inputs[mod.name] = image_input(mod, spec)
    return inputs


def area_of(card: ModelCard, inputs: dict[str, ModalityInput], extent) -> tuple[str, tuple, Grid]:
    """CRS, bounds and reference grid of the area: ``extent`` or the first modality's file (aerial
    first). Without ``extent`` the grid starts at that file's own corner, as IGN's inference tool
    takes the first modality's bounds (flair_zonal_detection/inference.py): its pixels when they are
    the card's size, else the card's pixels from the same corner (a SPOT file whose edge is not on a
    0.2 m multiple is not shifted). An ``extent`` is snapped to multiples of the card's pixel."""
    first = next(inputs[m.name] for m in card.modalities if m.name in inputs)
    src = next(iter(first.sources.values()))
    if not src.info.crs:
        raise ModalityError(f"{first.label}: {src.path} has no CRS; assign it one first")
    bounds = tuple(extent) if extent else src.info.bounds
    res = card.resolution_m
    x0, y0, x1, y1 = src.info.bounds
    if extent is None:
        grid = Grid(src.info.crs, x0, y1, res, max(1, int(round((x1 - x0) / res))), max(1, int(round((y1 - y0) / res))))
    else:
        grid = Grid.covering(src.info.crs, bounds, res)
    return src.info.crs, bounds, grid


@dataclass
class MultiPlan:
    """A multi-source run decided before a pixel is read: what ``run_multisource`` and a block run
    (scale/) share, so that both check, plan and commit the same way."""

    model: str
    info: ModelInfo
    card: ModelCard
    sources: dict[str, dict]
    inputs: dict[str, ModalityInput]
    grid: Grid
    run: RunPlan
    paths: dict[str, str]  # task -> raster
    confs: dict[str, str]  # task -> confidence raster (when asked)
    report: str
    warnings: list[str]
    meta: object
    ts_filter: str
    ts_average: str
    lang: str
    crs: str

    def files(self) -> list[str]:
        """Every file the run writes, staged and swapped in together."""
        return ([f for p in self.paths.values() for f in (p, os.path.splitext(p)[0] + ".qml", p + ".aux.xml")]
                + list(self.confs.values()) + [self.report])

    def input_files(self) -> list[str]:
        """Every file the inputs are read from (rasters, masks, dates files, a folder's rasters)."""
        return [p for p in _input_paths(self.sources, self.inputs) if os.path.isfile(p)]

    def reader(self) -> TileReader:
        return TileReader(self.card, self.inputs, self.crs, self.grid, self.ts_filter, self.ts_average, self.meta)


def prepare_multisource(model: str, sources: list[str] | dict[str, dict], output: str, *, ts_filter: str = "auto",
                        ts_average: str = "none", extent=None, confidence: bool = False, stitch: str = "crop",
                        lang: str = "en", say=print) -> MultiPlan:
    """The checks made before any tile runs (options, model, sources, coverage, values, output paths,
    free space) and the plan of the run; raises with a message naming what to change."""
    if ts_filter not in FILTERS:
        raise ModalityError(f"--ts-filter must be one of {', '.join(FILTERS)}, not {ts_filter!r}")
    if ts_average not in AVERAGES:
        raise ModalityError(f"--ts-average must be one of {', '.join(AVERAGES)}, not {ts_average!r}")
    if stitch not in ("crop", "blend"):
        raise ModalityError(f"stitch must be crop or blend, not {stitch!r}")
    info = read_multi_info(model)
    card = info.card
    if not isinstance(sources, dict):
        sources = parse_sources(sources, card)
    inputs = build_inputs(card, sources)
    crs, bounds, grid = area_of(card, inputs, extent)
    warnings = check_inputs(card, inputs, bounds, crs) + check_values(card, inputs)
    meta = tile_metadata(card, sources.get("META"), crs)
    for w in warnings:
        say("warning: " + w)
    card, windows = series_windows(card, inputs, crs, grid)
    if stitch == "blend" and windows != grid.windows(card.tile, card.margin):
        raise ModalityError(f"{card.name} takes a series of any size, so its tiles are moved inside the series "
                            "here instead of padded; blend stitching needs the regular tiles: use --stitch crop")
    stem = os.path.splitext(output)[0]
    paths = {t.output: f"{stem}_{TASK_OUTPUTS.get(t.output, (t.output.lower(),))[0]}.tif" for t in card.tasks}
    confs = {t: confidence_path(p) for t, p in paths.items()} if confidence else {}
    report = f"{stem}_report.txt"
    given = _input_paths(sources, inputs)
    for target in [*paths.values(), *confs.values(), report]:  # never over an input, a sidecar of one, the model
        check_output_path(target, given, model)
        check_writable(target)  # a missing or read-only folder, by name, before any tile
    # every task's raster is the grid's size: the estimate of one, times the tasks
    check_free_space(next(iter(paths.values())), grid.width, grid.height * len(card.tasks), confidence)
    mp = MultiPlan(model, info, card, sources, inputs, grid, None, paths, confs, report, warnings, meta,
                   ts_filter, ts_average, lang, crs)
    mp.run = _plan(card, inputs, grid, windows, stitch, mp.reader)
    return mp


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


def run_multisource(model: str, sources: list[str] | dict[str, dict], output: str, *, ts_filter: str = "auto",
                    ts_average: str = "none", extent=None, say=print,
                    cancel: CancelToken | None = None, device: str = "auto", threads: int = 0, lang: str = "en",
                    progress: Callable[[Progress], None] | None = None, confidence: bool = False,
                    stitch: str = "crop") -> MultiResult:
    """Segment with a multi-source model; ``output`` names the run (``out.tif`` -> ``out_landcover.tif``,
    ``out_lpis.tif``, ``out_report.txt``, with ``confidence`` ``out_landcover_confidence.tif``...).
    Nothing is left behind when it fails or is cancelled. The tiles go through the same stream as a
    single-source run's (segment/stream.py: reader and writer threads, footprint skipping, blend).
    ``progress`` gets tiles done, tiles/s, time left and the device after each tile (else ``say``
    gets "tile i/n"); ``lang`` is the class names' language in the files (en or fr)."""
    start = time.monotonic()
    choose_providers(device)  # a device that is not there is refused before anything else
    mp = prepare_multisource(model, sources, output, ts_filter=ts_filter, ts_average=ts_average, extent=extent,
                             confidence=confidence, stitch=stitch, lang=lang, say=say)
    sess = Session(mp.info, device, with_probs=stitch == "blend", with_confidence=confidence, threads=threads)
    if progress is None:
        def progress(p: Progress) -> None:
            say(f"tile {p.done}/{p.total}")
    reader = mp.reader()
    mp.run.open_reader = lambda: reader
    # Every file is staged and swapped in only once all are complete and read back (segment/commit.py):
    # a failure, a cancel or a signal leaves what was there before.
    with OutputSet(mp.files()) as out:
        sinks = open_task_sinks(mp, out)
        try:
            stream = run_stream(mp.run, sess, sinks, progress, cancel)
            finish_sinks(sinks, {"FLAIR_MODEL": mp.card.name, "FLAIR_DEVICE": sess.device_name})
        except BaseException:
            discard_sinks(sinks)
            raise
        dates_used = {k: sorted(v) for k, v in reader.used.items()}
        return commit_multisource(mp, out, MultiResult(
            mp.paths, mp.report, len(mp.run.windows), mp.warnings, dates_used, sess.device_name,
            time.monotonic() - start, mp.confs, {t.output: c for t, c in zip(mp.card.tasks, stream.task_counts)}),
            reader.counts)


def commit_multisource(mp: MultiPlan, out: OutputSet, result: MultiResult, counts: dict[str, list[int]]
                       ) -> MultiResult:
    """Declare the finished rasters, stage each task's style and the report, swap them all in."""
    shape = (mp.grid.height, mp.grid.width)
    for task in mp.card.tasks:
        path = mp.paths[task.output]
        for raster in (path, mp.confs.get(task.output)):
            if raster:
                out.expect_raster(raster, shape)
        _, encoding, _ = TASK_OUTPUTS.get(task.output, ("", "flair19", 0))
        for side, text in sidecar_texts(path, classes_for_encoding(encoding, mp.lang), lang=mp.lang).items():
            out.write_text(side, text)
    out.write_text(mp.report, run_report_text(mp.model, mp.card, mp.inputs, mp.paths, result.tiles, mp.warnings,
                                              result.dates_used, counts, mp.ts_filter, mp.ts_average, mp.meta))
    out.commit()
    return result


def _plan(card: ModelCard, inputs: dict[str, ModalityInput], grid: Grid, windows: list, stitch: str,
          open_reader) -> RunPlan:
    """The stream's plan: the card's tiles over the grid, each task's code table and nodata, and
    the files' footprints (a tile over none of one modality's files is skipped unread)."""
    luts, nodata = [], []
    for task in card.tasks:
        _, encoding, nd = TASK_OUTPUTS.get(task.output, ("", "flair19", 0))
        lut = np.arange(256, dtype=np.uint8)  # stored as the model's index (LPIS)
        if encoding == "flair19":
            lut = np.zeros(256, np.uint8)
            lut[: task.n_classes] = task.class_codes
        luts.append(lut)
        nodata.append(nd)
    files = [src for inp in inputs.values() for path, src in inp.sources.items()
             if inp.series is None or path != inp.series.mask]
    rects = footprints(files, grid)

    def extent(w):
        return ((w.row.start, min(w.row.start + card.tile, grid.height)),
                (w.col.start, min(w.col.start + card.tile, grid.width)))

    return RunPlan(stack=None, card=card, grid=grid, windows=windows, tile=card.tile, batch=1, lut=luts[0],
                   stitch=stitch, rects=rects, tiles_to_run=sum(1 for w in windows if touches(rects, *extent(w))),
                   tiles_total=len(windows), open_reader=open_reader, task_luts=luts, task_nodata=tuple(nodata))


def open_task_sinks(mp: MultiPlan, out: OutputSet) -> Sinks:
    """One labels sink per task (with its own nodata and classes), and a confidence sink each if asked."""
    tasks: list[Sinks] = []
    try:
        for task in mp.card.tasks:
            _, encoding, nodata = TASK_OUTPUTS.get(task.output, ("", "flair19", 0))
            path = mp.paths[task.output]
            labels = GeoTiffSink(path, mp.grid, out.temp(path), nodata, classes_for_encoding(encoding, mp.lang),
                                 description=f"{mp.card.name}: {task.output}")
            tasks.append(Sinks(labels, None, path))
            if task.output in mp.confs:
                conf = mp.confs[task.output]
                tasks[-1].confidence = GeoTiffSink(conf, mp.grid, out.temp(conf),
                                                   description="max class probability x 255")
    except BaseException:
        if tasks:
            discard_sinks(Sinks(tasks[0].labels, tasks[0].confidence, "", tasks[1:]))
        raise
    return Sinks(tasks[0].labels, tasks[0].confidence, tasks[0].output, tasks[1:])


class TileReader:
    """The stream's reader for named inputs: every modality over one tile of the grid (read_tile),
    and the dates each series fed (for the report)."""

    def __init__(self, card: ModelCard, inputs, crs: str, grid: Grid, ts_filter: str, ts_average: str, meta):
        self.card, self.inputs, self.crs, self.grid = card, inputs, crs, grid
        self.ts_filter, self.ts_average, self.meta = ts_filter, ts_average, meta
        self.used: dict[str, set] = {}
        self.counts: dict[str, list[int]] = {}

    def read(self, rows, cols) -> tuple[dict[str, np.ndarray], np.ndarray]:
        g = self.grid
        tile = read_tile(self.card, self.inputs, self.crs, g.x0 + cols[0] * g.res, g.y0 - rows[0] * g.res,
                         self.ts_filter, self.ts_average, self.meta)
        for name, dates in tile.dates.items():
            self.used.setdefault(name, set()).update(dates)
            self.counts.setdefault(name, []).append(len(dates))
        return tile.inputs, tile.valid[: rows[1] - rows[0], : cols[1] - cols[0]]

    def close(self) -> None:
        pass


def run_report_text(model, card, inputs, outputs, tiles, warnings, dates_used, counts, ts_filter,
                    ts_average, meta=None) -> str:
    lines = [f"model:      {model} ({card.name})", f"tiles:      {tiles} of {card.tile} px at {card.resolution_m} m",
             "modalities:"]
    for mod in card.modalities:
        inp = inputs.get(mod.name)
        if inp is None:
            lines.append(f"  {short_name(mod.name):<6} {mod.name:<18} not given")
            continue
        lines.append(f"  {short_name(mod.name):<6} {mod.name:<18} {', '.join(inp.files())}")
        if inp.series is not None:
            s = inp.series
            lines.append(f"         {s.describe()}")
            lines.append(f"         filter {ts_filter}{' (mask ' + s.mask + ')' if s.mask else ' (no mask)'}, "
                         f"average {ts_average}")
            n = counts.get(mod.name, [0])
            used = dates_used.get(mod.name, [])
            lines.append(f"         dates fed per tile: {min(n)}..{max(n)}; used: "
                         + " ".join(f"{d:%Y-%m-%d}" for d in used))
            dropped = [d for d in s.dates if d not in set(used)]
            if dropped and ts_average == "none":
                lines.append("         dropped on every tile: " + " ".join(f"{d:%Y-%m-%d}" for d in dropped))
        else:
            lines.append("         bands " + ", ".join(f"{b} <- {os.path.basename(p)}:{k}"
                                                    for b, (p, k) in zip(mod.bands, inp.bands)))
    if meta is not None:
        m = meta.meta
        lines.append(f"metadata:   {meta.input}: date {m.date}, time {m.minutes // 60:02d}:{m.minutes % 60:02d}, "
                     f"camera {m.camera}, altitude {m.altitude:g} m; position of each tile's centre")
    lines.append("outputs:")
    lines += [f"  {task:<18} {p}" for task, p in outputs.items()]
    lines += [f"warning: {w}" for w in warnings]
    return "\n".join(lines) + "\n"


__all__ = ["MultiResult", "area_of", "build_inputs", "open_model", "parse_sources", "run_multisource"]
