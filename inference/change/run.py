"""``change()``: two label rasters -> change polygons, transition matrix, per-zone balance, report.

Two passes over the same windows of the comparison grid (BEFORE's pixels over the common area):
the first measures every patch of the artificialised classes in both vintages (``patches.py``,
exact across windows), the second decides each pixel's status, counts the matrix and the
balance, and writes the change raster the polygons are drawn from. Everything is staged under
hidden names and swapped in together (``segment/commit.py``): a failure or a cancel leaves the
previous outputs as they were.
"""
from __future__ import annotations

import logging
import os
import time
from datetime import datetime, timezone
from typing import Callable

import numpy as np

from ..core.cancel import CancelToken, raise_if_cancelled
from ..core.errors import InputError
from ..core.grid import Grid
from ..core.messages import Said, say
from ..segment.commit import OutputSet
from ..segment.sources import FileSource
from . import polygons, report, tables
from .pair import Pair, check_outputs, open_pair, vintage
from .params import ChangeParams, ChangeResult, output_files
from .patches import LabelStore, PatchSizes
from .style import change_qml
from .tally import Tally
from .zones import Zones

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


def _windows(grid: Grid, step: int) -> list[tuple[int, int, int, int]]:
    """(row, col, height, width) of each window, row by row, left to right (patches.py needs this order)."""
    return [(r, c, min(step, grid.height - r), min(step, grid.width - c))
            for r in range(0, grid.height, step) for c in range(0, grid.width, step)]


class _Vintages:
    """Reads both vintages onto the grid, as FLAIR codes with 0 where either says nodata."""

    def __init__(self, p: ChangeParams, pair: Pair):
        self.readers = [FileSource(path).reader(pair.grid, resampling="nearest") for path in (p.before, p.after)]
        self.luts = pair.luts
        self.encodings = pair.encodings
        self.unknown: list[set[int]] = [set(), set()]

    def read(self, r0: int, c0: int, h: int, w: int) -> tuple[np.ndarray, np.ndarray]:
        out = []
        for i, reader in enumerate(self.readers):
            raw, valid = reader.read((r0, r0 + h), (c0, c0 + w), [1])
            v = raw[0].astype(np.int64)
            codes = self.luts[i][np.clip(v, 0, 255)]
            codes[~valid | (v > 255) | (v < 0)] = 0
            odd = valid & (codes == 0)
            if self.encodings[i] == "flair19":
                odd &= v != 0
            if odd.any():
                self.unknown[i].update(int(x) for x in np.unique(v[odd])[:20])
            out.append(codes)
        return out[0], out[1]

    def close(self) -> None:
        for r in self.readers:
            r.close()


def _check(p: ChangeParams) -> None:
    if not p.output.lower().endswith(".gpkg"):
        raise InputError.say("the output {output} must be a GeoPackage (.gpkg)", output=p.output)
    if p.mmu_m2 is not None and p.mmu_m2 < 0:
        raise InputError.say("{mmu_option:{mmu}}: a minimum mapping unit is 0 or more m²", mmu=p.mmu_m2,
                             mmu_option="--mmu")
    if p.window < 64:  # the command line's --window, said as it always was (no field sets it in QGIS)
        raise InputError.say("window {window}: at least 64 pixels", window=p.window)
    if p.zones and not p.zone_field:
        raise InputError.say("zones need a field that names each zone ({zone_field_option})",
                             zone_field_option="--zone-field")
    folder = os.path.dirname(os.path.abspath(p.output))
    if not os.path.isdir(folder):
        raise InputError.say("the folder {folder} does not exist; create it or choose another output", folder=folder)
    inputs = [p.before, p.after] + ([p.zones] if p.zones else []) + \
        ([p.rule.source] if p.rule.source != "default" else [])
    check_outputs(list(output_files(p.output).values()), inputs)


def change(params: ChangeParams, progress: Progress | None = None, cancel: CancelToken | None = None) -> ChangeResult:
    t0 = time.perf_counter()
    p = params
    _check(p)
    pair = open_pair(p.before, p.after, p.encoding, p.encoding_after)
    grid = pair.grid
    zones = Zones(p.zones, p.zones_layer, p.zone_field, grid) if p.zones else None
    needed = p.rule.pixels_needed(grid.res)
    wins = _windows(grid, p.window)
    total = 2 * len(wins) + 1
    tick = (lambda i: progress(i, total)) if progress else (lambda i: None)
    vintages = _Vintages(p, pair)
    files = output_files(p.output)
    # opened first: it removes what a killed run left, staged files and scratch alike; its scratch goes with it
    with OutputSet(list(files.values())) as out:
        stores = [LabelStore(out.scratch(f"labels{i}", "")) for i in (0, 1)]
        try:
            sizes = [PatchSizes(grid.width, needed, stores[0]), PatchSizes(grid.width, needed, stores[1])]
            for i, (r0, c0, h, w) in enumerate(wins):
                raise_if_cancelled(cancel)
                cb, ca = vintages.read(r0, c0, h, w)
                sizes[0].add(cb, r0, c0)
                sizes[1].add(ca, r0, c0)
                tick(i + 1)
            for s in sizes:
                s.finish()
            result = _write(p, out, pair, vintages, sizes, zones, wins, tick, cancel)
        finally:
            vintages.close()
            for store in stores:
                store.close()
            if zones:
                zones.close()
    result.seconds = time.perf_counter() - t0
    for w in result.warnings:
        log.warning(w)
    return result


def _unknown_warnings(p: ChangeParams, vintages: _Vintages) -> list[Said]:
    out = []
    for i, path, enc, seen in zip((0, 1), (p.before, p.after), vintages.encodings, vintages.unknown):
        if seen:
            out.append(say("{what} {name} holds values {values} that are not classes of {encoding}: they were left "
                           "out as nodata (check the encoding)", what=vintage(i), name=os.path.basename(path),
                           values=sorted(seen), encoding=enc))
    return out


def _write(p: ChangeParams, out: OutputSet, pair: Pair, vintages: _Vintages, sizes, zones, wins, tick,
           cancel) -> ChangeResult:
    import rasterio
    from rasterio.windows import Window

    grid = pair.grid
    files = output_files(p.output)
    n_zones = len(zones.names) if zones else 0
    tally = Tally(n_zones)
    change_tif = out.scratch("change")
    profile = {"driver": "GTiff", "width": grid.width, "height": grid.height, "count": 1, "dtype": "int32",
               "crs": grid.crs, "transform": grid.transform, "tiled": True, "blockxsize": 256,
               "blockysize": 256, "compress": "deflate", "BIGTIFF": "IF_SAFER"}
    with rasterio.open(change_tif, "w", **profile):
        pass
    dst, strip = None, None
    try:
        for i, (r0, c0, h, w) in enumerate(wins):
            raise_if_cancelled(cancel)
            if r0 != strip:  # GDAL keeps written blocks in its cache until the file is closed:
                if dst is not None:  # close it after each row of windows, so memory stays flat
                    dst.close()
                dst, strip = rasterio.open(change_tif, "r+"), r0
            cb, ca = vintages.read(r0, c0, h, w)
            ab, aa = sizes[0].mask(cb, r0, c0), sizes[1].mask(ca, r0, c0)
            zone = zones.window(r0, c0, h, w) if zones else np.zeros(cb.shape, np.int64)
            dst.write(tally.add(cb, ca, ab, aa, zone), 1, window=Window(c0, r0, w, h))
            tick(len(wins) + i + 1)
    finally:
        if dst is not None:
            dst.close()
    mmu_px = int(np.ceil(p.mmu_m2 / grid.res ** 2 * (1 - 1e-9))) if p.mmu_m2 else 0
    qml = change_qml(sorted(tally.transitions), p.lang)  # embedded, and beside it for other GIS
    count = polygons.write_layer(change_tif, out.scratch("raw", ".gpkg"), out.temp(files["gpkg"]), files["gpkg"],
                                 tally.keys, n_zones, zones.names if zones else None, p.lang, mmu_px, cancel, qml)
    out.write_text(files["qml"], qml)
    pixel_m2 = grid.res ** 2
    rows = tables.zone_rows(tally.balance, zones.names if zones else [], pixel_m2)
    nodata_m2 = {k: v * pixel_m2 for k, v in tally.nodata.items()}
    out.write_text(files["transitions"], tables.transitions_csv(tally.matrix, pixel_m2))
    out.write_text(files["zones"], tables.zones_csv(rows, pixel_m2))
    warnings = (zones.warnings if zones else []) + _zone_warnings(rows, zones) + _unknown_warnings(p, vintages)
    info = {
        "inputs": report.input_rows(p.before, p.after, pair.encodings), "matrix": tally.matrix,
        "pixel_m2": pixel_m2, "zones": rows, "outside_px": int(tally.balance[0, 0]) if zones else 0,
        "nodata_m2": nodata_m2, "rule": p.rule.thresholds, "rule_source": p.rule.source, "mmu_m2": p.mmu_m2,
        "crs": grid.crs if len(grid.crs) < 40 else "WKT", "res": grid.res, "warnings": warnings,
        "created": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }
    out.write_text(files["report"], report.report_html(info, p.lang))
    raise_if_cancelled(cancel)
    out.commit()
    tick(2 * len(wins) + 1)
    return ChangeResult(files, tally.matrix, pixel_m2, rows, count, nodata_m2, pair.encodings, 0.0, warnings)


def _zone_warnings(rows: list[dict], zones) -> list[Said]:
    if not zones:
        return []
    empty = [r["zone"] for r in rows[:-1] if r["area_ha"] == 0]
    if not empty:
        return []
    shown = ", ".join(empty[:10]) + (" ..." if len(empty) > 10 else "")
    return [say("{count} zone(s) lie outside the area both vintages cover (0 ha): {zones}", count=len(empty),
                zones=shown)]
