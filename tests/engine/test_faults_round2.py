"""The fault matrix, round 2 (issue 21, findings/faults-2026-12-07): resume, blocks and Dask settings,
silent empty results, card-less models, conversion and downloads, as a user meets them through
``python -m inference``. Same harness and the same three checks as test_faults.py: the exit status,
the message (the file or setting, no traceback) and the disk afterwards."""
from __future__ import annotations

import os

import numpy as np
import pytest
import rasterio
import tiny_models as tm
from rasters import random_bands, write
from test_faults import Work, _labels, cli, codes, ok, read_only_folder, refused, snap

from inference.core.cancel import Cancelled, CancelToken
from inference.scale.job import ScaleJob
from inference.scale.manifest import blocks_folder
from inference.scale.run import segment_blocks


@pytest.fixture
def w(tmp_path) -> Work:
    return Work(tmp_path)


# --- resume: never onto blocks made from other inputs (D07) ----------------------------------------


def _blocks_of_an_interrupted_run(w: Work, after: int = 2) -> None:
    job = ScaleJob(model=w.model, sources=[(None, w.rgb, None)], output=w.out, tile=64, margin=0, block=64,
                   device="cpu")
    cancel = CancelToken()
    with pytest.raises(Cancelled):
        segment_blocks(job, cancel=cancel, progress=lambda p: p.blocks_done >= after and cancel.cancel())
    assert len([n for n in os.listdir(blocks_folder(w.out)) if n.endswith(".tif")]) >= after


def test_resume_onto_an_input_rewritten_in_place_with_its_date_restored_starts_afresh(tmp_path):
    w = Work(tmp_path)
    w.data = random_bands((300, 300), seed=1)
    write(w.rgb, w.data)
    _blocks_of_an_interrupted_run(w)
    st = os.stat(w.rgb)
    new = random_bands((300, 300), seed=2)
    with rasterio.open(w.rgb, "r+") as ds:  # same size, same header: only the pixels differ
        ds.write(new)
    os.utime(w.rgb, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert os.stat(w.rgb).st_size == st.st_size
    r = ok(w.seg("--tile", "64", "--margin", "0", "--block", "64"))
    assert "started afresh: the inputs changed" in r.err and "resuming" not in r.err
    w.data = new
    assert np.array_equal(codes(w.out), w.expected())
    assert not os.path.exists(blocks_folder(w.out))



# --- block and Dask settings: refused by name, before anything is written beside the output ----------


def _nothing_beside(w: Work) -> None:
    assert not os.path.exists(blocks_folder(w.out)), os.listdir(w.d)
    assert not os.path.exists(w.out)


@pytest.mark.parametrize("args, says", [
    (["--workers", "0"], "--workers 0"),
    (["--workers", "-2"], "--workers -2"),
    (["--block", "0"], "--block 0"),
    (["--block", "-5"], "--block -5"),
    (["--scheduler", "/no/such/scheduler.json"], "does not exist"),
    (["--scheduler", "foo"], "foo"),
])
def test_refused_block_and_worker_settings_leave_nothing(w, args, says):
    pytest.importorskip("distributed")
    refused(w.seg(*args), 2, says)
    _nothing_beside(w)


def test_unreachable_scheduler_leaves_no_blocks_folder(w, monkeypatch):
    pytest.importorskip("distributed")
    from inference.scale import dask_run

    monkeypatch.setattr(dask_run, "CONNECT_TIMEOUT_S", 1)
    refused(w.seg("--scheduler", "tcp://127.0.0.1:1"), 2, "cannot reach the Dask scheduler at tcp://127.0.0.1:1")
    _nothing_beside(w)


def test_scheduler_without_workers_leaves_no_blocks_folder(w, monkeypatch):
    distributed = pytest.importorskip("distributed")
    from inference.scale import dask_run

    monkeypatch.setattr(dask_run, "WORKERS_TIMEOUT_S", 1)
    with distributed.LocalCluster(n_workers=0, processes=False, dashboard_address=None) as cluster:
        refused(w.seg("--scheduler", cluster.scheduler_address), 2, "has no workers")
    _nothing_beside(w)


def test_ctrl_c_with_workers_prints_no_traceback(tmp_path):
    """Ctrl+C in a terminal: SIGINT to the whole process group, Dask's worker processes included."""
    pytest.importorskip("distributed")
    import signal
    import subprocess
    import sys
    import time

    from test_faults import ROOT

    path = write(tmp_path / "in.tif", random_bands((900, 900), seed=3))
    model = tm.box(str(tmp_path / "m.onnx"), 7, 3, tm.card(["R", "G", "B"], (1, 2, 3)))
    out = tmp_path / "out.tif"
    proc = subprocess.Popen([sys.executable, "-m", "inference", "segment", "-m", model, "-o", str(out), path,
                             "--tile", "64", "--margin", "2", "--block", "192", "--workers", "2", "--device", "cpu"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    folder = blocks_folder(str(out))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (
            os.path.isdir(folder) and any(n.endswith(".tif") and not n.startswith(".") for n in os.listdir(folder))):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert "interrupted; finished blocks are kept" in err
    assert not out.exists()


# --- empty results: refused, nothing replaced (old #19, #26, #60, S06) ------------------------------


def test_entirely_nodata_input_is_refused_and_keeps_the_previous_map(w):
    before = w.previous()
    write(w.rgb, np.zeros_like(w.data), nodata=0)
    refused(w.seg(), 2, "nothing to classify", "rgb.tif", "nodata")
    assert snap(w.d) == {**before, "rgb.tif": snap(w.d)["rgb.tif"]}


def test_sources_that_do_not_overlap_are_refused_before_a_tile(w):
    far = write(w.d / "far.tif", w.data[:1], x0=900000.0)
    before = snap(w.d)
    refused(w.seg(sources=[f"R={w.rgb}:1", f"G={w.rgb}:2", f"B={far}"]), 2, "no area in common", "far.tif",
            "rgb.tif")
    assert snap(w.d) == before


def _pair(w, ref, pred, **kw):
    return _labels(w, "ref.tif", ref, **kw.get("ref_kw", {})), _labels(w, "pred.tif", pred, **kw.get("pred_kw", {}))


def test_evaluate_rasters_that_do_not_overlap_is_refused_writing_nothing(w):
    labels = np.random.RandomState(0).randint(1, 13, (40, 40))
    ref, pred = _pair(w, labels, labels, pred_kw={"x0": 900000.0})
    before = snap(w.d)
    refused(cli("evaluate", ref, pred, "--ref-encoding", "flair19", "--pred-encoding", "flair19",
                "-o", str(w.d / "rep"), "--disagreement", str(w.d / "dis.tif")), 2, "no pixel to compare", "ref.tif")
    assert snap(w.d) == before


def test_evaluate_against_an_all_nodata_reference_is_refused(w):
    labels = np.random.RandomState(0).randint(1, 13, (40, 40))
    ref, pred = _pair(w, np.zeros((40, 40)), labels, ref_kw={"nodata": 0})
    before = snap(w.d)
    refused(cli("evaluate", ref, pred, "--ref-encoding", "flair19", "--pred-encoding", "flair19",
                "-o", str(w.d / "rep")), 2, "no pixel to compare")
    assert snap(w.d) == before


def test_evaluate_reports_into_a_read_only_folder_are_refused_first(w, tmp_path):
    labels = np.random.RandomState(0).randint(1, 13, (40, 40))
    ref, pred = _pair(w, labels, labels)
    ro = tmp_path / "ro"
    ro.mkdir()
    with read_only_folder(ro):
        refused(cli("evaluate", ref, pred, "--ref-encoding", "flair19", "--pred-encoding", "flair19",
                    "-o", str(ro / "rep")), 2, "-o", str(ro), "read-only")
        assert os.listdir(ro) == []


# --- CRS options (old #17, #28, #29) -------------------------------------------------------------


@pytest.mark.parametrize("crs, says", [("foo", "not a CRS that PROJ knows"), ("EPSG:99999", "not a CRS"),
                                       ("EPSG:2154x", "digits only")])
def test_a_crs_that_is_no_crs_is_refused_by_name(w, crs, says):
    before = snap(w.d)
    refused(w.seg("--crs", crs), 2, "--crs", crs, says)
    assert snap(w.d) == before


@pytest.mark.parametrize("res", [0.2, 0.1])
def test_a_file_without_crs_runs_in_the_crs_given(w, res):
    nocrs = write(w.d / "nocrs.tif", w.data, crs=None, res=res)
    refused(w.seg(sources=[nocrs]), 2, "no CRS", "--crs", "gdal_edit.py")
    r = ok(w.seg("--crs", "EPSG:2154", "--resolution", str(res), sources=[nocrs]))
    assert "taken to be in EPSG:2154" in r.err
    with rasterio.open(w.out) as ds:
        assert ds.crs.to_epsg() == 2154
    assert np.array_equal(codes(w.out), w.expected())


# --- models: said in the user's terms (old #5, #14) ----------------------------------------------


def test_a_folder_given_as_model_is_called_a_folder(w):
    (w.d / "dir.onnx").mkdir()
    r = w.seg(model=str(w.d / "dir.onnx"))
    refused(r, 2, "dir.onnx", "is a folder")
    assert "not found" not in r.err


def test_a_rank_3_output_against_a_3_class_card_says_one_score_per_pixel(w):
    model = tm.sigmoid_one(str(w.d / "r3.onnx"), 3, True, tm.card(["R", "G", "B"], (1, 2, 3)))
    r = w.seg(model=model)
    refused(r, 2, "one score per pixel", "(N, H, W)", "3 classes")
    assert "2 output channels" not in r.err
