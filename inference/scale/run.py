"""A block run from start to finish: plan, reuse finished blocks, run the rest (here or on
Dask), assemble the styled GeoTIFF exactly as ``pipeline.segment`` writes it, report."""
from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from ..core.cancel import CancelToken
from ..core.messages import say
from ..segment.commit import OutputSet, check_free_space
from ..segment.footprint import touches
from ..segment.params import SegmentResult
from ..segment.pipeline import discard_sinks, finish_sinks, open_sinks, stage_the_rest
from ..segment.pipeline import make_result as make_result_of
from .dask_run import check_settings, run_dask
from .job import Plan, ScaleError, ScaleJob, make_plan
from .local import run_local
from .manifest import Workspace, blocks_folder
from .mosaic import assemble_mosaic, is_mosaic
from .progress import Meter


@dataclass
class ScaleResult(SegmentResult):
    blocks: int = 0
    blocks_reused: int = 0
    note: str = ""  # e.g. why earlier blocks were discarded
    workers: dict[str, dict] = field(default_factory=dict)  # worker -> blocks, tiles, seconds


def segment_blocks(job: ScaleJob, workers: int | None = None, scheduler: str | None = None,
                   progress=None, cancel: CancelToken | None = None, on_note=None) -> ScaleResult:
    """Segment ``job`` block by block, in this process or on Dask (``workers`` local processes,
    or the cluster at ``scheduler``). Interrupted runs resume: the same call again reuses every
    finished block. ``on_note(text)`` hears about reuse and fresh starts before the work begins."""
    t_start = time.perf_counter()
    cancel = cancel or CancelToken()
    # workers resolve paths from their own working folder (an external `dask worker` anywhere)
    job = job.absolute()
    check_settings(workers, scheduler)
    plan = make_plan(job)
    plan.check_blocks()
    ws = Workspace(plan)
    new_folder = not os.path.isdir(blocks_folder(job.output))
    ws.open()
    try:
        reused = ws.finished()
        empty = {} if is_mosaic(job.output) else empty_blocks(plan, [b for b in plan.blocks if b.index not in reused])
        todo = [b for b in plan.blocks if b.index not in reused and b.index not in empty]
        if on_note is not None:
            if ws.note:
                on_note(ws.note)
            if reused:
                on_note(say("resuming: {done} of {total} blocks already done in {folder}", done=len(reused),
                            total=len(plan.blocks), folder=ws.folder))
        meter = Meter(sum(b.tiles for b in plan.blocks), len(plan.blocks),
                      sum(plan.blocks[i].tiles for i in (*reused, *empty)), len(reused) + len(empty), "", progress)
        if workers or scheduler:

            fresh = run_dask(plan, ws, todo, meter, cancel, workers=workers, scheduler=scheduler)
        else:

            fresh = run_local(plan, ws, todo, meter, cancel)
        result = _assemble(plan, ws, {**reused, **empty, **fresh}, set(reused), time.perf_counter() - t_start)
        ws.remove()
        return result
    except BaseException:
        if new_folder and not ws.finished():  # a refused or stopped run with nothing to resume
            ws.remove()
        raise
    finally:
        ws.close()


def empty_blocks(plan: Plan, blocks) -> dict[int, dict]:
    """Blocks none of whose windows meets every input's footprint (an --extent far beyond the
    imagery): all nodata, known without running them, so they are neither run nor written as
    block files (their statistics say so)."""
    g, tile, nodata = plan.grid, plan.tile, plan.run.nodata
    empty = {}
    for b in blocks:
        rows = (b.rows[0].start, min(b.rows[-1].start + tile, g.height))
        cols = (b.cols[0].start, min(b.cols[-1].start + tile, g.width))
        if not touches(plan.run.rects, rows, cols):
            _, _, h, w = b.core
            empty[b.index] = {"block": b.index, "tiles": b.tiles, "seconds": 0.0, "worker": "no imagery (not run)",
                              "counts": [{str(n): h * w} for n in nodata], "empty": True}
    return empty


def _assemble(plan: Plan, ws: Workspace, stats: dict[int, dict], reused: set[int], seconds: float) -> ScaleResult:
    """The blocks into the output files exactly as ``pipeline.segment`` writes and commits them
    (one map per task, each with its confidence), with the dates every block fed."""
    job, run, grid = plan.job, plan.run, plan.grid
    missing = [b.index for b in plan.blocks if b.index not in stats]
    if missing:
        raise ScaleError.say("{count} block(s) were not produced (first: {first}); run the same command again to "
                             "finish them", count=len(missing), first=missing[0])
    run.batch = next((s["batch"] for s in stats.values() if "batch" in s), job.batch or 1)
    device = next((s["device"] for s in stats.values() if s.get("device")), "")
    counts: list[dict[int, int]] = [defaultdict(int) for _ in plan.maps]
    used: dict[str, set] = {}
    per_tile: dict[str, list[int]] = {}
    for s in stats.values():
        for total, got in zip(counts, s["counts"]):
            for code, n in got.items():
                total[int(code)] += n
        for name, dates in s.get("dates", {}).items():
            used.setdefault(name, set()).update(dt.date.fromisoformat(d) for d in dates)
        for name, n in s.get("dates_per_tile", {}).items():
            per_tile.setdefault(name, []).extend(n)

    def make_result(**kw) -> ScaleResult:
        return make_result_of(plan, job.params, counts, device, sum(b.tiles for b in plan.blocks), seconds,
                              dates=(used, per_tile) if plan.named is not None else None, cls=ScaleResult,
                              blocks=len(plan.blocks), blocks_reused=len(reused), workers=_workers(stats, reused),
                              note=ws.note, **kw)

    if is_mosaic(job.output):
        return assemble_mosaic(plan, ws, make_result,
                               lambda out, result: result.report and _add_blocks_to_report(out, result, job))
    check_free_space(job.output, grid.width, grid.height * len(plan.maps), job.confidence)
    with OutputSet(plan.files(job.output), remove_on_commit=plan.stale(job.output)) as out:
        sinks = open_sinks(plan, out)
        try:
            bands = [(s, nodata if s is t.labels else 0) for t, nodata in zip(sinks, run.nodata)
                     for s in (t.labels, t.confidence) if s is not None]
            _copy_blocks(plan, ws, [s for s, _ in bands], {i for i, s in stats.items() if s.get("empty")},
                         [n for _, n in bands])
        except BaseException:
            discard_sinks(sinks)
            raise
        finish_sinks(sinks, {"FLAIR_MODEL": plan.card.name, "FLAIR_DEVICE": device})
        result = make_result()
        stage_the_rest(out, job.params, plan, result)
        if result.report:
            _add_blocks_to_report(out, result, job)
        out.commit()
    return result


def _copy_blocks(plan: Plan, ws: Workspace, sinks: list, empty: set[int], nodata: list[int] | None = None,
                 rows: int = 256) -> None:
    """Copy the block files into the output strip by strip across the whole width, so the sink
    holds a few hundred rows at a time (a whole block row would grow with the area's width).
    Band i of every block file goes to ``sinks[i]``."""
    import rasterio
    from rasterio.windows import Window

    fill = nodata or [0] * len(sinks)  # what an empty block (no imagery, not run) holds in each band
    bands: dict[int, list] = defaultdict(list)
    for b in plan.blocks:
        bands[b.core[0]].append(b)
    for r0 in sorted(bands):
        band = sorted(bands[r0], key=lambda b: b.core[1])
        files = [None if b.index in empty else rasterio.open(ws.path(b.index)) for b in band]
        try:
            h = band[0].core[2]
            for top in range(0, h, rows):
                n = min(rows, h - top)
                for b, ds in zip(band, files):
                    win = Window(0, top, b.core[3], n)
                    where = (r0 + top, b.core[1], n, b.core[3])
                    for i, sink in enumerate(sinks, 1):
                        sink.write(where, np.full((n, b.core[3]), fill[i - 1], np.uint8)
                                   if ds is None else ds.read(i, window=win))
        finally:
            for ds in files:
                if ds is not None:
                    ds.close()


def _workers(stats: dict[int, dict], reused: set[int]) -> dict[str, dict]:
    workers: dict[str, dict] = {}
    for i, s in stats.items():
        w = workers.setdefault("earlier run (reused)" if i in reused else s["worker"],
                               {"blocks": 0, "tiles": 0, "seconds": 0.0})
        w["blocks"] += 1
        w["tiles"] += s["tiles"]
        w["seconds"] = round(w["seconds"] + s["seconds"], 3)
        if "session" in s:  # Dask workers: how many ONNX Runtime sessions they opened (1 each)
            w.setdefault("sessions", [])
            if s["session"] not in w["sessions"]:
                w["sessions"].append(s["session"])
    for w in workers.values():
        if "sessions" in w:
            w["sessions"] = len(w["sessions"])
    return workers


def _add_blocks_to_report(out: OutputSet, result: ScaleResult, job: ScaleJob) -> None:
    """The pipeline's report, staged beside the map, with what the blocks did added."""
    report = json.loads(out.texts[os.path.abspath(result.report)])
    report["blocks"] = {"block_px": job.block, "total": result.blocks, "reused": result.blocks_reused,
                        "note": result.note, "workers": result.workers}
    if result.blocks_reused:
        report["seconds_note"] = "seconds and km2_per_hour cover this run only; reused blocks were made earlier"
    out.write_text(result.report, json.dumps(report, indent=2, ensure_ascii=False))


__all__ = ["ScaleResult", "segment_blocks", "ScaleJob", "ScaleError"]
