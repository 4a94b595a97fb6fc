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
    job = ScaleJob.of_files(model=w.model, sources=[(None, w.rgb, None)], output=w.out, tile=64, margin=0, block=64,
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
    """Ctrl+C in a terminal: SIGINT to the whole process group, Dask's worker processes included. The
    raster is large enough (157 blocks) that the run cannot finish before the interrupt arrives."""
    pytest.importorskip("distributed")
    import signal
    import subprocess
    import sys
    import time

    from test_faults import ROOT

    path = write(tmp_path / "in.tif", random_bands((2400, 2400), seed=3))
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


# --- models without a card (Deepness-style): the imagery's own grid, bands in order (items 10-12) ----


def test_a_generic_model_without_resolution_runs_on_the_imagerys_own_grid(w):
    drone = write(w.d / "drone.tif", w.data, res=0.05)
    model = tm.pointwise(str(w.d / "plain.onnx"), 3, None)  # no card, no metadata
    ok(w.seg("--classes", "generic", "--scale", "1", model=model, sources=[drone]))
    with rasterio.open(w.out) as ds:
        assert ds.res == (0.05, 0.05) and ds.shape == (40, 40)  # not 0.2 m (10 x 10 px)
    assert np.array_equal(codes(w.out), w.expected())


def test_a_deepness_model_keeps_the_imagerys_grid_without_a_shift(w):
    from rasters import X0, Y0

    drone = write(w.d / "drone.tif", w.data, res=0.02, x0=X0 + 0.0137, y0=Y0 - 0.0061)  # not on 2 cm multiples
    model = tm.pointwise(str(w.d / "deep.onnx"), 3, None, meta=tm.deepness_meta({"0": "a", "1": "b", "2": "c"}))
    ok(w.seg(model=model, sources=[drone]))
    with rasterio.open(drone) as a, rasterio.open(w.out) as b:
        assert b.transform.almost_equals(a.transform) and b.shape == a.shape
    assert np.array_equal(codes(w.out), w.expected())


def test_non_square_pixels_are_resampled_and_the_run_says_so(w):
    from affine import Affine

    drone = str(w.d / "drone.tif")
    with rasterio.open(drone, "w", driver="GTiff", width=40, height=40, count=3, dtype="uint8", crs="EPSG:2154",
                       transform=Affine(0.02, 0, 770000.0, 0, -0.0201, 6280000.0)) as ds:
        ds.write(w.data)
    model = tm.pointwise(str(w.d / "deep.onnx"), 3, None, meta=tm.deepness_meta({"0": "a", "1": "b", "2": "c"}))
    r = ok(w.seg(model=model, sources=[drone]))
    assert "not square" in r.err and "resample" in r.err


def test_a_one_channel_model_without_card_takes_band_1(w):
    one = write(w.d / "one.tif", w.data[:1])
    model = tm.pointwise(str(w.d / "one.onnx"), 1, None)
    ok(w.seg("--classes", "generic", "--scale", str(1 / 255), model=model, sources=[one]))
    assert np.array_equal(codes(w.out), np.where(w.data[0] / 255 > 0.5, 2, 1).astype(np.uint8))


# --- style (S10, S12, old #65) ----------------------------------------------------------------------


def test_style_of_a_raster_too_large_to_read_whole_lists_every_class(w, monkeypatch):
    from inference.core import raster
    from inference.labels import style

    labels = np.ones((200, 200), np.uint8)
    labels[0, 0], labels[199, 199], labels[100, 7] = 4, 7, 13  # rare classes a decimated read misses
    lab = _labels(w, "lab.tif", labels)
    monkeypatch.setattr(raster, "SAMPLE_PIXELS", 1000)
    monkeypatch.setattr(style, "SAMPLE_PIXELS", 1000)
    r = ok(cli("style", lab, "--encoding", "flair19"))
    assert "lists every class" in r.out
    qml = open(w.d / "lab.qml").read()
    for code in (1, 4, 7, 13, 19):
        assert f'value="{code}"' in qml, code


def test_style_when_the_qml_path_is_a_folder_says_so(w):
    lab = _labels(w, "lab.tif", np.random.RandomState(0).randint(1, 13, (40, 40)))
    (w.d / "lab.qml").mkdir()
    r = cli("style", lab, "--encoding", "flair19")
    refused(r, 2, "lab.qml", "a folder has that name")
    assert "read-only" not in r.err


def test_style_float_imagery_is_called_imagery(w):
    img = write(w.d / "img.tif", np.random.RandomState(0).rand(3, 40, 40).astype(np.float32))
    r = cli("style", img)
    refused(r, 2, "img.tif", "float32", "not labels")
    assert "candidates" not in r.err


# --- an extent far beyond the imagery (old #39): cut to the imagery, in blocks as in one process ---


def test_a_block_run_over_an_extent_far_beyond_the_imagery_covers_the_imagery(w):
    from rasters import X0, Y0

    half = 5000  # 10 km around an 8 m image: 50000 px a side asked; 40 px of imagery in blocks of 16
    r = ok(w.seg("--extent", f"{X0 - half},{Y0 - half},{X0 + half},{Y0 + half}", "--tile", 16, "--margin", 2,
                 "--block", 16))
    assert "the map covers only where there is imagery, 40 x 40 px of the 50000 x 50000 px asked" in r.err
    assert "blocks" in r.err.replace("\r", "\n") and "no imagery (not run)" not in r.out
    with rasterio.open(w.out) as ds, rasterio.open(w.rgb) as src:
        assert ds.shape == (40, 40) and ds.transform == src.transform and ds.crs == src.crs
    assert np.array_equal(codes(w.out), w.expected())
