"""Block runs (inference.scale) in one process: same pixels as the pipeline, resume, fresh start, lock."""
import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
import rasterio
import tiny_models as tm
from leftovers import dead_pid, staged
from rasters import random_bands, write

from inference.core.cancel import Cancelled, CancelToken
from inference.core.grid import Grid
from inference.scale.blocks import plan_blocks
from inference.scale.job import ScaleError, ScaleJob, make_plan
from inference.scale.manifest import Workspace, blocks_folder
from inference.scale.run import segment_blocks
from inference.segment.params import SegmentParams
from inference.segment.pipeline import segment
from inference.segment.sources import FileSource

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "data", "montpellier")
CODES = (1, 5, 7)


def read(path, band=1):
    with rasterio.open(path) as ds:
        return ds.read(band)


def pipeline_run(model, sources, out, **kw):
    cache = {}
    entries = [(role, cache.setdefault(p, FileSource(p)), band) for role, p, band in sources]
    return segment(SegmentParams(model=model, sources=entries, output=str(out), **kw))


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    """A 7x7 box model with a 2 px margin: tiles show seams, so only the same tiling gives the same pixels."""
    d = tmp_path_factory.mktemp("scene")
    data = random_bands((700, 530), seed=1)
    path = write(d / "in.tif", data)
    model = tm.box(str(d / "m.onnx"), 7, 3, tm.card(["R", "G", "B"], CODES))
    ref = pipeline_run(model, [(None, path, None)], d / "ref.tif", tile=64, margin=2, confidence=True)
    whole = np.asarray(CODES, np.uint8)[np.argmax(tm.box_reference(data.astype(np.float32), 7), axis=0)]
    return path, model, ref, whole


def job(scene, out, **kw):
    path, model, _, _ = scene
    kw = {"tile": 64, "margin": 2, "block": 150, "confidence": True, **kw}
    return ScaleJob.of_files(model=model, sources=[(None, path, None)], output=str(out), **kw)


def test_blocks_are_the_run_windows_once_and_their_cores_tile_the_grid():
    grid = Grid("EPSG:2154", 0.0, 0.0, 0.2, 1003, 517)
    blocks = plan_blocks(grid, 64, 8, 200)
    assert {w for b in blocks for w in b.windows} == set(grid.windows(64, 8))
    assert sum(b.tiles for b in blocks) == len(grid.windows(64, 8))
    cover = np.zeros((517, 1003), np.int32)
    for b in blocks:
        r, c, h, w = b.core
        cover[r : r + h, c : c + w] += 1
        assert h >= 200 or r + h == 517
    assert (cover == 1).all()


def test_block_run_equals_the_single_process_run(tmp_path, scene):
    _, _, ref, whole = scene
    res = segment_blocks(job(scene, tmp_path / "out.tif"))
    assert res.blocks == 12 and res.blocks_reused == 0
    got = read(res.output)
    assert np.array_equal(got, read(ref.output))
    assert np.array_equal(read(res.confidence), read(ref.confidence))
    assert not np.array_equal(got, whole)  # the seams are there: the comparison can fail
    assert res.class_pixels == ref.class_pixels
    with rasterio.open(res.output) as ds, rasterio.open(ref.output) as rs:
        assert ds.profile == rs.profile and ds.overviews(1) == rs.overviews(1) and ds.colormap(1) == rs.colormap(1)
    assert not os.path.exists(blocks_folder(res.output))  # the blocks are in the output now
    report = json.load(open(res.report))
    assert report["blocks"]["total"] == 12 and report["blocks"]["reused"] == 0


def test_montpellier_sample_in_small_blocks(tmp_path):
    model = tm.box(str(tmp_path / "m.onnx"), 5, 5, tm.card(["R", "G", "B", "NIR", "NDSM"], (1, 2, 3, 6, 10),
                                                           encoding={"NDSM": "height_0.2m_uint8"}))
    s = SAMPLE
    sources = [("R", f"{s}/ortho_rgb_20cm.tif", 1), ("G", f"{s}/ortho_rgb_20cm.tif", 2),
               ("B", f"{s}/ortho_rgb_20cm.tif", 3), ("NIR", f"{s}/ortho_irc_20cm.tif", 1),
               ("NDSM", f"{s}/dhm_50cm.tif", None)]
    ref = pipeline_run(model, sources, tmp_path / "ref.tif", tile=48, margin=1)
    res = segment_blocks(ScaleJob.of_files(model=model, sources=sources, output=str(tmp_path / "out.tif"),
                                  tile=48, margin=1, block=70))
    assert res.blocks == 9
    assert np.array_equal(read(res.output), read(ref.output))
    assert len(np.unique(read(ref.output))) > 2


def test_cancelled_run_resumes_and_reuses_its_blocks(tmp_path, scene):
    _, _, ref, _ = scene
    cancel = CancelToken()

    def progress(p):
        if p.blocks_done >= 5:
            cancel.cancel()

    with pytest.raises(Cancelled):
        segment_blocks(job(scene, tmp_path / "out.tif"), progress=progress, cancel=cancel)
    kept = [n for n in os.listdir(blocks_folder(tmp_path / "out.tif")) if n.endswith(".tif")]
    assert len(kept) == 5 and not os.path.exists(tmp_path / "out.tif")
    notes = []
    res = segment_blocks(job(scene, tmp_path / "out.tif"), on_note=notes.append)
    assert res.blocks_reused == 5 and "5 of 12 blocks already done" in notes[0]
    assert res.workers["earlier run (reused)"]["blocks"] == 5
    assert np.array_equal(read(res.output), read(ref.output))
    assert json.load(open(res.report))["blocks"]["reused"] == 5


def _interrupt(j, after=2):
    cancel = CancelToken()
    with pytest.raises(Cancelled):
        segment_blocks(j, cancel=cancel, progress=lambda p: p.blocks_done >= after and cancel.cancel())
    assert os.path.isdir(blocks_folder(j.output))


def test_changed_parameters_start_afresh_and_say_which(tmp_path, scene):
    _interrupt(job(scene, tmp_path / "out.tif"))
    notes = []
    res = segment_blocks(job(scene, tmp_path / "out.tif", margin=3), on_note=notes.append)
    assert res.blocks_reused == 0
    assert notes[0].startswith("started afresh: the parameters (") and "margin" in notes[0]
    assert "started afresh" in json.load(open(res.report))["blocks"]["note"]


def test_a_changed_model_file_starts_afresh(tmp_path, scene):
    j = job(scene, tmp_path / "out.tif")
    j.model = tm.box(str(tmp_path / "m.onnx"), 7, 3, tm.card(["R", "G", "B"], CODES))
    _interrupt(j)
    tm.box(j.model, 3, 3, tm.card(["R", "G", "B"], CODES))  # the same path, another network
    notes = []
    res = segment_blocks(j, on_note=notes.append)
    assert res.blocks_reused == 0 and notes[0].startswith("started afresh: the model changed")


def test_two_runs_on_one_output_are_refused(tmp_path, scene):
    ws = Workspace(make_plan(job(scene, tmp_path / "out.tif")))
    ws.open()
    try:
        with pytest.raises(ScaleError, match="another run is writing .*out.tif"):
            segment_blocks(job(scene, tmp_path / "out.tif"))
    finally:
        ws.close()
    assert segment_blocks(job(scene, tmp_path / "out.tif")).blocks == 12  # free again


def test_cli_resumes_after_kill_9(tmp_path, scene):
    _, model, _, _ = scene
    data = random_bands((1500, 1200), seed=7)
    path = write(tmp_path / "big.tif", data)
    out = tmp_path / "out.tif"
    args = [sys.executable, "-m", "inference", "segment", "-m", model, "-o", str(out), path,
            "--tile", "64", "--margin", "2", "--block", "200", "--device", "cpu", "--threads", "1"]
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    folder = blocks_folder(str(out))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if os.path.isdir(folder) and len([n for n in os.listdir(folder) if n.endswith(".tif") and
                                          not n.startswith(".")]) >= 3:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not out.exists()
    r = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "resuming:" in r.stderr
    reused = int(r.stdout.split(" blocks, ")[1].split(" reused")[0])
    assert reused >= 3
    ref = pipeline_run(model, [(None, path, None)], tmp_path / "ref.tif", tile=64, margin=2)
    assert np.array_equal(read(out), read(ref.output))
    assert not os.path.exists(folder)


def test_vrt_mosaic_of_cog_blocks_equals_the_single_process_run(tmp_path, scene):
    from osgeo import gdal

    _, _, ref, _ = scene
    res = segment_blocks(job(scene, tmp_path / "out.vrt"))
    assert res.output.endswith(".vrt") and res.confidence.endswith("_confidence.vrt")
    assert np.array_equal(read(res.output), read(ref.output))
    assert np.array_equal(read(res.confidence), read(ref.confidence))
    [run] = os.listdir(tmp_path / "out_blocks")  # this run's folder
    cogs = sorted(os.listdir(tmp_path / "out_blocks" / run))
    assert len(cogs) == res.blocks == 12
    for name in cogs[:2]:
        ds = gdal.Open(str(tmp_path / "out_blocks" / run / name))
        assert ds.GetMetadata("IMAGE_STRUCTURE").get("LAYOUT") == "COG"
    with rasterio.open(res.output) as ds, rasterio.open(ref.output) as rs:
        assert ds.colormap(1)[5] == rs.colormap(1)[5] and ds.crs == rs.crs
        assert ds.transform.almost_equals(rs.transform) and ds.tags(1)["CLASS_5"] == "water"
    assert os.path.exists(res.qml) and json.load(open(res.report))["blocks"]["total"] == 12
    assert not os.path.exists(blocks_folder(res.output))
    assert [n for n in os.listdir(tmp_path) if n.startswith(".")] == []


def test_a_killed_mosaics_folders_are_removed_by_the_next_and_a_running_ones_kept(tmp_path, scene):
    """A run writes its blocks into a folder of its own (the process id in its name): what a killed
    run left, and an older version's hidden folder, are removed by the next run to that output; the
    folder of a run still going (pid 1) is left alone, as are the previous run's until the swap."""
    stale, going = staged(tmp_path / "out_blocks", dead_pid()), staged(tmp_path / "out_blocks", 1)
    blocks = tmp_path / "out_blocks"
    killed, running = blocks / f"run-{dead_pid()}-0badcafe", blocks / "run-1-0badcafe"
    for d in (stale, going, stale.with_name(stale.name + ".old"), killed, running):
        d.mkdir(parents=True)
        (d / "r00000000_c00000000.tif").write_bytes(b"half a block")
    (blocks / "r00000000_c00000064.tif").write_bytes(b"the older layout's block")
    res = segment_blocks(job(scene, tmp_path / "out.vrt"))
    assert np.array_equal(read(res.output), read(scene[2].output))
    assert sorted(n for n in os.listdir(tmp_path) if n.startswith(".")) == [going.name]
    [first] = set(os.listdir(blocks)) - {"run-1-0badcafe"}
    assert first.startswith(f"run-{os.getpid()}-") and first in _first_block(res.output)
    res = segment_blocks(job(scene, tmp_path / "out.vrt", margin=4))  # the same process again (QGIS)
    [second] = set(os.listdir(blocks)) - {"run-1-0badcafe"}
    assert second != first and second in _first_block(res.output)


def _first_block(vrt: str) -> str:
    from osgeo import gdal

    return gdal.Info(vrt, format="json")["files"][1]


@pytest.mark.parametrize("failing", [1, 2])  # the VRT's check, then the confidence VRT's
def test_a_mosaic_that_fails_its_check_leaves_the_previous_one_whole(tmp_path, scene, monkeypatch, failing):
    """The new VRT is read back through the new run's folder before anything is swapped: the previous
    mosaic's VRT and blocks stay as they were, and the new folder goes."""
    from inference.segment import commit

    out = tmp_path / "out.vrt"
    expected = read(segment_blocks(job(scene, out)).output)
    before = _files(tmp_path)

    real, calls = commit.verify_raster, []

    def broken(path, shape, counts=None, label=""):
        calls.append(label)
        if len(calls) == failing:
            raise commit.OutputError(f"{label} came back wrong")
        real(path, shape, counts, label=label)

    monkeypatch.setattr(commit, "verify_raster", broken)
    with pytest.raises(commit.OutputError, match="came back wrong"):
        segment_blocks(job(scene, out, margin=4))  # other seams: other blocks
    assert _files(tmp_path) == before and np.array_equal(read(out), expected)
    assert [n for n in os.listdir(tmp_path) if "flair-part" in n] == []


def _files(folder) -> dict:
    return {os.path.relpath(os.path.join(d, f), folder): open(os.path.join(d, f), "rb").read()
            for d, subs, names in os.walk(folder) if not os.path.basename(d).startswith(".")
            for f in names if not f.startswith(".")}


_KILLED_MOSAIC = r"""
import sys, time
import tiny_models
from inference.scale.job import ScaleJob
from inference.scale.run import segment_blocks
from inference.segment.commit import OutputSet
def stalled(self):  # every block of the new run is written, nothing swapped yet
    open(sys.argv[4], "w").close()
    time.sleep(120)
OutputSet.commit = stalled
segment_blocks(ScaleJob.of_files(model=sys.argv[1], sources=[(None, sys.argv[2], None)], output=sys.argv[3],
                                 tile=64, margin=4, block=150, confidence=True))
"""


def test_a_mosaic_killed_before_its_swap_leaves_the_previous_one_whole(tmp_path, scene):
    """Killed once its blocks are written (the moment the previous version moved the new folder in
    under the previous VRT): the previous VRT, its blocks and sidecars are byte-identical, and the
    next run removes what the killed one left."""
    from leftovers import kill_at_mark

    path, model, _, _ = scene
    out, mark = tmp_path / "out.vrt", tmp_path / "stalled.mark"
    expected = read(segment_blocks(job(scene, out)).output)
    before = _files(tmp_path)
    kill_at_mark(_KILLED_MOSAIC, [model, path, out, mark], mark, env={"PYTHONPATH": f"{ROOT}:{ROOT}/tests"})
    os.remove(mark)
    after = _files(tmp_path)
    assert {k: v for k, v in after.items() if k in before} == before and np.array_equal(read(out), expected)
    res = segment_blocks(job(scene, out))
    assert len(os.listdir(tmp_path / "out_blocks")) == 1 and np.array_equal(read(res.output), expected)

def test_a_mosaic_without_confidence_removes_the_previous_runs_confidence_mosaic(tmp_path, scene):
    out = tmp_path / "out.vrt"
    segment_blocks(job(scene, out))
    assert (tmp_path / "out_confidence.vrt").exists() and (tmp_path / "out_confidence_blocks").is_dir()
    res = segment_blocks(job(scene, out, confidence=False))
    assert res.confidence is None and np.array_equal(read(res.output), read(scene[2].output))
    left = os.listdir(tmp_path)
    assert "out_confidence.vrt" not in left and "out_confidence_blocks" not in left and "out_blocks" in left
