"""A block run from start to finish: plan, reuse finished blocks, run the rest (here or on
Dask), assemble the styled GeoTIFF exactly as ``pipeline.segment`` writes it, report."""
from __future__ import annotations

import json
import os
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field

from ..labels.style import classes_for, write_sidecars
from ..segment.pipeline import CancelToken, SegmentResult, confidence_path
from ..segment.sink import GeoTiffSink, check_writable
from .job import Plan, ScaleError, ScaleJob, make_plan
from .manifest import Workspace
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
    plan = make_plan(job)
    check_writable(job.output)
    ws = Workspace(plan)
    ws.open()
    try:
        reused = ws.finished()
        todo = [b for b in plan.blocks if b.index not in reused]
        if on_note is not None:
            if ws.note:
                on_note(ws.note)
            if reused:
                on_note(f"resuming: {len(reused)} of {len(plan.blocks)} blocks already done in {ws.folder}")
        meter = Meter(sum(b.tiles for b in plan.blocks), len(plan.blocks),
                      sum(plan.blocks[i].tiles for i in reused), len(reused), "", progress)
        if workers or scheduler:
            from .dask_run import run_dask

            fresh = run_dask(plan, ws, todo, meter, cancel, workers=workers, scheduler=scheduler)
        else:
            from .local import run_local

            fresh = run_local(plan, ws, todo, meter, cancel)
        result = _assemble(plan, ws, {**reused, **fresh}, set(reused), time.perf_counter() - t_start)
        ws.remove()
        return result
    finally:
        ws.close()


def _assemble(plan: Plan, ws: Workspace, stats: dict[int, dict], reused: set[int], seconds: float) -> ScaleResult:
    import rasterio

    job, card, grid = plan.job, plan.card, plan.grid
    missing = [b.index for b in plan.blocks if b.index not in stats]
    if missing:
        raise ScaleError(f"{len(missing)} block(s) were not produced (first: {missing[0]}); run the same "
                         "command again to finish them")
    classes = classes_for(card.class_names)
    sink = GeoTiffSink(job.output, grid, classes=classes, description=f"FLAIR codes from {card.name}")
    conf_sink = None
    counts: dict[int, int] = defaultdict(int)
    try:
        if job.confidence:
            conf_sink = GeoTiffSink(confidence_path(job.output), grid, description="max class probability x 255")
        for b in plan.blocks:
            with rasterio.open(ws.path(b.index)) as ds:
                sink.write(b.core, ds.read(1))
                if conf_sink is not None:
                    conf_sink.write(b.core, ds.read(2))
            for code, n in stats[b.index]["counts"].items():
                counts[int(code)] += n
    except BaseException:
        sink.discard()
        if conf_sink is not None:
            conf_sink.discard()
        raise
    device = next((s["device"] for s in stats.values() if s.get("device")), "")
    sink.commit({"FLAIR_MODEL": card.name, "FLAIR_DEVICE": device})
    if conf_sink is not None:
        conf_sink.commit()
    present = {c for c, n in counts.items() if n and c}
    qml = write_sidecars(job.output, classes, present)
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
    result = ScaleResult(
        output=job.output, confidence=confidence_path(job.output) if job.confidence else None, report=None,
        qml=qml, grid=grid, card=card, device=device, tiles=sum(b.tiles for b in plan.blocks), seconds=seconds,
        class_pixels=dict(sorted(counts.items())), stack=plan.stack.describe(), blocks=len(plan.blocks),
        blocks_reused=len(reused), workers=workers, note=ws.note,
    )
    if job.report:
        result.report = _report(result, plan, list(stats.values()))
    return result


def _report(result: ScaleResult, plan: Plan, result_stats) -> str:
    from ..segment.report import write_report

    job = plan.job
    batch = next((s["batch"] for s in result_stats if "batch" in s), job.batch or 1)
    path = write_report(result, plan.params, plan.tile, plan.margin, batch)
    with open(path, encoding="utf-8") as f:
        report = json.load(f)
    report["blocks"] = {"block_px": job.block, "total": result.blocks, "reused": result.blocks_reused,
                        "note": result.note, "workers": result.workers}
    if result.blocks_reused:
        report["seconds_note"] = "seconds and km2_per_hour cover this run only; reused blocks were made earlier"
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2, ensure_ascii=False)
    os.replace(tmp, path)
    return path


__all__ = ["ScaleResult", "segment_blocks", "ScaleJob", "ScaleError"]
