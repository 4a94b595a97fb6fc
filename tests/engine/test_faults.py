"""The fault matrix (issue 9): bad inputs, bad models and faults, as a user meets them through
``python -m inference``. Each case asserts the exit status, the message (it names the file or
setting; no traceback) and the disk afterwards (no hidden leftovers; the previous files unchanged,
by sha256, whenever the run did not succeed).

Most cases call ``inference.cli.main.main(argv)`` in this process (fast); signals and kills need a
real process and use a subprocess. A full disk is a 200 KB tmpfs (needs root: CI runs as root;
skipped with the reason elsewhere).
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import signal
import subprocess
import sys
import time
import tracemalloc
from dataclasses import dataclass

import numpy as np
import pytest
import rasterio
import tiny_models as tm
from onnx import TensorProto
from rasters import X0, Y0, random_bands, write

from inference.cli.main import main

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


# --- the harness -----------------------------------------------------------------------------


@dataclass
class R:
    rc: int
    out: str
    err: str


def cli(*args) -> R:
    """``python -m inference ARGS`` in this process: exit status, stdout, stderr (logging too)."""
    out, err = io.StringIO(), io.StringIO()
    handler = logging.StreamHandler(err)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                rc = main([str(a) for a in args])
            except SystemExit as e:  # argparse
                rc = e.code if isinstance(e.code, int) else 2
    finally:
        root.removeHandler(handler)
    return R(rc, out.getvalue(), err.getvalue())


def sha(path) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def snap(folder) -> dict[str, str]:
    """Every file under ``folder`` (hidden ones too) -> sha256."""
    got = {}
    for d, _, files in os.walk(folder):
        for f in files:
            p = os.path.join(d, f)
            if os.path.isfile(p):
                got[os.path.relpath(p, folder)] = sha(p)
    return got


def leftovers(folder) -> list[str]:
    return [f for f in os.listdir(folder) if ".flair-part" in f or f.endswith(".part.tif") or ".part." in f]


def refused(r: R, rc: int, *needles: str) -> None:
    assert r.rc == rc, f"exit {r.rc}, wanted {rc}\nstdout: {r.out}\nstderr: {r.err}"
    assert "Traceback" not in r.err, r.err
    for n in needles:
        assert n.lower() in r.err.lower(), f"{n!r} not in the message:\n{r.err}"


def ok(r: R) -> R:
    assert r.rc == 0, f"exit {r.rc}\nstdout: {r.out}\nstderr: {r.err}"
    assert "Traceback" not in r.err
    return r


def codes(path) -> np.ndarray:
    with rasterio.open(path) as ds:
        return ds.read(1)


class Work:
    """A folder with an RGB raster, a pointwise RGB model (codes 1, 2, 3) and an output path."""

    def __init__(self, d, out_dir=None):
        self.d = d
        self.data = random_bands((40, 40), seed=1)
        self.rgb = write(d / "rgb.tif", self.data)
        self.model = tm.pointwise(str(d / "m.onnx"), 3, tm.card(["R", "G", "B"], (1, 2, 3)))
        self.out_dir = out_dir or d
        self.out = str(self.out_dir / "out.tif")

    def seg(self, *extra, model=None, sources=None, out=None) -> R:
        return cli("segment", "-m", model or self.model, "-o", out or self.out,
                   *(sources if sources is not None else [self.rgb]), "--device", "cpu", *extra)

    def previous(self, **kw) -> dict[str, str]:
        """A finished earlier run to the output (map, style, aux, report, confidence): its checksums."""
        ok(self.seg("--confidence", **kw))
        return snap(self.out_dir)

    def expected(self) -> np.ndarray:
        return np.array([1, 2, 3], np.uint8)[self.data.argmax(0)]


@pytest.fixture
def w(tmp_path) -> Work:
    return Work(tmp_path)


def unchanged(w: Work, before: dict[str, str]) -> None:
    assert snap(w.out_dir) == before
    assert not leftovers(w.out_dir)


# --- the output path: never an input, a sidecar or the model -------------------------------


def test_output_is_the_input(w):
    before = snap(w.d)
    refused(w.seg(out=w.rgb), 2, "rgb.tif", "input")
    unchanged(w, before)


def test_output_is_the_input_spelled_differently(w):
    (w.d / "sub").mkdir()
    before = snap(w.d)
    refused(w.seg(out=str(w.d / "sub" / ".." / "rgb.tif")), 2, "rgb.tif", "input")
    unchanged(w, before)


def test_output_is_a_link_to_the_input(w):
    os.symlink(w.rgb, w.d / "link.tif")
    before = snap(w.d)
    refused(w.seg(out=str(w.d / "link.tif")), 2, "rgb.tif", "input")
    unchanged(w, before)


def test_output_is_the_model(w):
    before = snap(w.d)
    refused(w.seg(out=w.model), 2, "m.onnx", "model")
    unchanged(w, before)


def test_output_confidence_would_replace_an_input(w):
    other = write(w.d / "out_confidence.tif", w.data)
    before = snap(w.d)
    refused(w.seg("--confidence", sources=[other]), 2, "out_confidence.tif")
    unchanged(w, before)


def test_output_is_a_sidecar_of_the_input(w):
    with open(w.rgb + ".aux.xml", "w") as f:
        f.write("<PAMDataset/>")
    before = snap(w.d)
    refused(w.seg(out=w.rgb + ".aux.xml"), 2, "rgb.tif.aux.xml")
    unchanged(w, before)


def test_output_is_an_input_given_by_role(w):
    other = write(w.d / "nir.tif", w.data[:1])
    before = snap(w.d)
    refused(w.seg(out=other, sources=[f"R={w.rgb}:1", f"G={w.rgb}:2", f"B={other}"]), 2, "nir.tif")
    unchanged(w, before)


def test_output_is_a_source_of_an_input_vrt(w):
    from osgeo import gdal

    vrt = str(w.d / "mosaic.vrt")
    gdal.BuildVRT(vrt, [w.rgb]).FlushCache()
    before = snap(w.d)
    refused(w.seg(out=w.rgb, sources=[vrt]), 2, "rgb.tif")
    unchanged(w, before)


# --- the output: nothing the user had is lost -------------------------------------------------


def test_rerun_replaces_every_file_and_leaves_nothing_hidden(w):
    before = w.previous()
    w.data = random_bands((40, 40), seed=9)
    write(w.rgb, w.data)
    ok(w.seg("--confidence"))
    after = snap(w.d)
    for f in ("out.tif", "out_confidence.tif", "out_report.json"):
        assert after[f] != before[f]
    assert np.array_equal(codes(w.out), w.expected())
    assert not leftovers(w.d)


def test_rerun_without_confidence_removes_the_stale_one(w):
    w.previous()
    ok(w.seg())
    assert not os.path.exists(w.d / "out_confidence.tif")
    assert not leftovers(w.d)


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_outputs_get_ordinary_permissions(w, mask, mode):
    old = os.umask(mask)
    try:
        ok(w.seg("--confidence"))
    finally:
        os.umask(old)
    for f in ("out.tif", "out.qml", "out.tif.aux.xml", "out_report.json", "out_confidence.tif"):
        assert os.stat(w.d / f).st_mode & 0o777 == mode, f


def test_failing_model_keeps_the_previous_files(w):
    before = w.previous()
    bad = tm.non_finite(str(w.d / "bad.onnx"), 3, tm.card(["R", "G", "B"], (1, 2, 3)))
    before = snap(w.d)
    refused(w.seg(model=bad), 2, "bad.onnx", "NaN")
    unchanged(w, before)


def test_leftovers_of_a_killed_run_are_removed_by_the_next(w):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    stale = [f".out.tif.{pid}-ab12cd34.flair-part.tif", f".out_report.json.{pid}-ab12cd34.flair-part.json",
             f".out.tif.{pid}-ab12cd34.flair-part.tif.aux.xml", ".out.tif.k3j_x9a1.part.tif"]
    alive = ".out.tif.1-ab12cd34.flair-part.tif"  # pid 1 runs: another run still writing
    foreign = [".other.tif.123-ab12cd34.flair-part.tif", ".hidden_notes.txt"]
    for f in stale + [alive] + foreign:
        (w.d / f).write_bytes(b"partial")
    ok(w.seg())
    names = set(os.listdir(w.d))
    assert not names & set(stale)
    assert alive in names and set(foreign) <= names


@contextlib.contextmanager
def read_only_folder(folder):
    """``folder`` made read-only: by its mode for users, by a read-only bind mount for root (who
    ignores modes); skipped with the reason when neither works."""
    folder.chmod(0o555)
    mounted = False
    try:
        if os.access(folder, os.W_OK):
            r = subprocess.run(["mount", "--bind", "-o", "ro", str(folder), str(folder)], capture_output=True,
                               text=True)
            if r.returncode:
                pytest.skip(f"root ignores folder modes and a read-only bind mount failed: {r.stderr.strip()}")
            mounted = True
        yield folder
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], check=False)
        folder.chmod(0o755)


def test_read_only_folder(w, tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    with read_only_folder(ro):
        refused(w.seg(out=str(ro / "o.tif")), 2, str(ro))
        assert os.listdir(ro) == []


def test_output_folder_missing(w):
    refused(w.seg(out=str(w.d / "nope" / "o.tif")), 2, "nope", "does not exist")


def test_output_is_a_folder(w):
    (w.d / "dir.tif").mkdir()
    refused(w.seg(out=str(w.d / "dir.tif")), 2, "dir.tif", "folder")


def test_output_read_only_file(w):
    before = w.previous()
    os.chmod(w.out, 0o444)
    before = snap(w.d)
    refused(w.seg(), 2, "out.tif", "read-only")
    unchanged(w, before)


def test_cancel_from_the_engine_keeps_the_previous_files(w):
    from inference.core.cancel import Cancelled, CancelToken
    from inference.segment.pipeline import SegmentParams, segment
    from inference.segment.sources import FileSource

    before = w.previous()
    token = CancelToken()

    def progress(p):
        token.cancel()

    with pytest.raises(Cancelled):
        segment(SegmentParams(model=w.model, sources=[(None, FileSource(w.rgb), None)], output=w.out,
                              tile=16, margin=2, device="cpu"), progress=progress, cancel=token)
    unchanged(w, before)


# --- full disk ---------------------------------------------------------------------------------


def test_full_disk_refused_before_the_run_with_numbers(tmp_path, small_disk):
    w = Work(tmp_path, out_dir=small_disk)
    before = w.previous()
    big = write(tmp_path / "big.tif", random_bands((1000, 1000), seed=2))
    refused(w.seg("--tile", 256, sources=[big]), 2, "out.tif", "MB", "free", str(small_disk))
    unchanged(w, before)


def test_disk_filling_up_during_the_run_keeps_the_previous_files(tmp_path, small_disk, monkeypatch):
    from inference.segment import commit

    monkeypatch.setattr(commit, "estimate_bytes", lambda *a, **k: 0)  # the estimate is wrong here
    w = Work(tmp_path, out_dir=small_disk)
    before = w.previous()
    big = write(tmp_path / "big.tif", random_bands((1200, 1200), seed=2))
    refused(w.seg("--tile", 256, "--confidence", sources=[big]), 2, "out.tif", "space")
    unchanged(w, before)


# --- signals and kills (a real process) -------------------------------------------------------

# Runs the CLI with one step slowed down and a marker file written when that step starts, so a
# test can send a signal at that moment: "run" (inference), "overviews", "verify" (sidecars are
# written, files read back), "swap".
_SLOW = r"""
import os, sys, time
mark, stage = os.environ["FLAIR_MARK"], os.environ["FLAIR_STAGE"]
def slow(f):
    def wrapped(*a, **k):
        open(mark, "w").close()
        time.sleep(2.0)  # long enough for a loaded test process to see the mark and signal
        return f(*a, **k)
    return wrapped
if stage == "run":
    from inference.models import session
    session.Session.run = slow(session.Session.run)
elif stage == "overviews":
    from inference.segment import sink
    sink.build_overviews = slow(sink.build_overviews)
elif stage == "verify":
    from inference.segment import commit
    commit.OutputSet.verify = slow(commit.OutputSet.verify)
elif stage == "swap":
    from inference.segment import commit
    real = os.replace
    def replace(a, b):
        open(mark, "w").close()
        time.sleep(2.0)
        real(a, b)
    commit.os.replace = replace
from inference.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def _signalled(w: Work, stage: str, sig: int, *extra) -> subprocess.CompletedProcess:
    mark = str(w.d / "started.mark")
    env = {**os.environ, "FLAIR_MARK": mark, "FLAIR_STAGE": stage, "PYTHONPATH": ROOT}
    args = ["segment", "-m", w.model, "-o", w.out, w.rgb, "--device", "cpu", "--tile", 64, "--margin", 8,
            "--confidence", *extra]
    p = subprocess.Popen([sys.executable, "-c", _SLOW, *map(str, args)],
                         cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    t0 = time.monotonic()
    while not os.path.exists(mark):
        assert p.poll() is None, p.communicate()
        assert time.monotonic() - t0 < 240
        time.sleep(0.02)
    p.send_signal(sig)
    out, err = p.communicate(timeout=60)
    os.remove(mark)
    return subprocess.CompletedProcess(p.args, p.returncode, out, err)


@pytest.fixture
def w160(tmp_path) -> Work:
    w = Work(tmp_path)
    w.data = random_bands((160, 160), seed=4)  # big enough for overviews (>= 128 px)
    write(w.rgb, w.data)
    return w


@pytest.mark.parametrize("stage, sig, rc, says", [
    ("run", signal.SIGINT, 130, "interrupted"),
    ("run", signal.SIGTERM, 143, "terminated"),
    ("overviews", signal.SIGTERM, 143, "terminated"),
    ("overviews", signal.SIGINT, 130, "interrupted"),
    ("verify", signal.SIGINT, 130, "interrupted"),
    ("verify", signal.SIGTERM, 143, "terminated"),
])
def test_signal_keeps_the_previous_files(w160, stage, sig, rc, says):
    before = w160.previous()
    r = _signalled(w160, stage, sig)
    assert r.returncode == rc, r.stderr
    assert says in r.stderr and "nothing was written or replaced" in r.stderr and "Traceback" not in r.stderr
    unchanged(w160, before)


def test_signal_during_the_swap_gives_all_new_files(w160):
    before = w160.previous()
    w160.data = random_bands((160, 160), seed=5)
    write(w160.rgb, w160.data)
    before = snap(w160.d)
    r = _signalled(w160, "swap", signal.SIGTERM)
    assert r.returncode == 143 and "Traceback" not in r.stderr
    assert "complete and in place" in r.stderr  # the signal waited for the swap to end
    after = snap(w160.d)
    changed = {f for f in after if after[f] != before.get(f)}
    assert {"out.tif", "out_report.json", "out_confidence.tif"} <= changed  # the style may be the same
    assert np.array_equal(codes(w160.out), w160.expected())
    assert not leftovers(w160.d)


def test_kill_9_keeps_the_previous_files_and_the_next_run_cleans_up(w160):
    before = w160.previous()
    r = _signalled(w160, "run", signal.SIGKILL)
    assert r.returncode == -signal.SIGKILL
    after = snap(w160.d)
    assert {f: after[f] for f in before} == before  # the previous files, untouched
    assert leftovers(w160.d)  # the killed run's hidden files...
    ok(w160.seg("--confidence"))
    assert not leftovers(w160.d)  # ...removed by the next run


# --- long runs are said before they go on ---------------------------------------------------


def test_long_run_is_said_before_it_goes_on(w, monkeypatch):
    from inference.segment import estimate

    monkeypatch.setattr(estimate, "LONG_RUN_S", 0.0)
    r = ok(w.seg("--tile", 16, "--margin", 2))
    assert "km²" in r.err and "tiles" in r.err and "should take about" in r.err


def test_long_run_in_blocks_is_said_once_for_the_whole_run(w, monkeypatch):
    from inference.segment import estimate

    monkeypatch.setattr(estimate, "LONG_RUN_S", 0.0)
    w.data = random_bands((120, 120), seed=7)
    write(w.rgb, w.data)
    r = ok(w.seg("--tile", 16, "--margin", 2, "--block", 48))
    assert "blocks" in r.out
    said = [line for line in r.err.replace("\r", "\n").splitlines() if "should take about" in line]
    assert len(said) == 1 and "in 100 tiles" in said[0]  # the whole run's 10 x 10 windows, not a block's
    assert np.array_equal(codes(w.out), w.expected())


def test_long_run_the_dock_declines_writes_nothing(w, monkeypatch):
    from inference.core.cancel import Cancelled
    from inference.segment import estimate
    from inference.segment.pipeline import SegmentParams, segment
    from inference.segment.sources import FileSource

    monkeypatch.setattr(estimate, "LONG_RUN_S", 0.0)
    seen = []
    with pytest.raises(Cancelled):
        segment(SegmentParams(model=w.model, sources=[(None, FileSource(w.rgb), None)], output=w.out,
                              tile=16, margin=2, device="cpu",
                              confirm=lambda e: seen.append(e) or False))
    assert seen and seen[0].tiles == seen[0].tiles_to_run == 9 and seen[0].seconds_per_tile > 0  # 3 x 3
    assert not os.path.exists(w.out) and not leftovers(w.d)


# --- inputs: never a plausible wrong map ------------------------------------------------------


def test_geographic_crs_over_france_runs_in_lambert93(w):
    lonlat = write(w.d / "deg.tif", w.data, res=0.000003, x0=3.87, y0=43.61, crs="EPSG:4326")
    r = ok(w.seg(sources=[lonlat]))
    assert "degrees" in r.err and "EPSG:2154" in r.err
    with rasterio.open(w.out) as ds:
        assert ds.crs.to_epsg() == 2154 and ds.res == (0.2, 0.2)


def test_geographic_crs_elsewhere_runs_in_utm(w):
    lonlat = write(w.d / "deg.tif", w.data, res=0.000003, x0=36.8, y0=-1.28, crs="EPSG:4326")
    r = ok(w.seg(sources=[lonlat]))
    assert "EPSG:32737" in r.err and "UTM zone 37S" in r.err
    with rasterio.open(w.out) as ds:
        assert ds.crs.to_epsg() == 32737


def test_geographic_output_crs_refused(w):
    refused(w.seg("--crs", "EPSG:4326"), 2, "--crs", "EPSG:4326", "degrees")


def test_nan_in_band_5_of_a_5_band_file_is_nodata(w):
    data = random_bands((40, 40), n=5, seed=3).astype(np.float32)
    data[4, 10:20, 5:15] = np.nan
    five = write(w.d / "five.tif", data)
    model = tm.pointwise(str(w.d / "m5.onnx"), 5, tm.card(["R", "G", "B", "NIR", "NDSM"], (1, 2, 3, 4, 5),
                                                           encoding={"NDSM": "metres"}))
    ok(w.seg(model=model, sources=[five]))
    got = codes(w.out)
    assert (got[10:20, 5:15] == 0).all()
    assert (got[:10] > 0).all() and (got[20:] > 0).all()


def test_nan_holes_in_a_height_raster_without_nodata_are_nodata(w):
    h = np.full((40, 40), 3.0, np.float32)
    h[0:8, 0:8] = np.nan
    height = write(w.d / "h.tif", h)
    model = tm.pointwise(str(w.d / "m4.onnx"), 4, tm.card(["R", "G", "B", "NDSM"], (1, 2, 3, 6),
                                                           encoding={"NDSM": "metres"}))
    ok(w.seg(model=model, sources=[w.rgb, f"NDSM={height}"]))
    got = codes(w.out)
    assert (got[0:8, 0:8] == 0).all() and (got[8:, 8:] > 0).all()


def test_infinities_are_nodata(w):
    data = w.data.astype(np.float32)
    data[0, 0:5, 0:5] = np.inf
    data[2, 30:35, 30:35] = -np.inf
    f = write(w.d / "inf.tif", data)
    ok(w.seg(sources=[f]))
    got = codes(w.out)
    assert (got[0:5, 0:5] == 0).all() and (got[30:35, 30:35] == 0).all() and (got[10:30, 10:30] > 0).all()


def test_nodata_of_a_height_file_is_nodata(w):
    h = np.full((40, 40), 3.0, np.float32)
    h[30:, 30:] = -9999
    height = write(w.d / "h.tif", h, nodata=-9999)
    model = tm.pointwise(str(w.d / "m4.onnx"), 4, tm.card(["R", "G", "B", "NDSM"], (1, 2, 3, 6),
                                                           encoding={"NDSM": "metres"}))
    ok(w.seg(model=model, sources=[w.rgb, f"NDSM={height}"]))
    assert (codes(w.out)[30:, 30:] == 0).all()


def _levels(w, seed=6):
    """8-bit bands with values away from the floor model's threshold (100)."""
    return np.random.RandomState(seed).choice([20, 60, 140, 200], (3, 40, 40)).astype(np.uint8)


def test_16_bit_imagery_refused_with_what_to_do(w):
    before = snap(w.d)
    data16 = (w.data.astype(np.uint16) * 16)  # 12-bit values
    f = write(w.d / "ortho16.tif", data16)
    refused(w.seg(sources=[f]), 2, "ortho16.tif", "12-bit", "0..255", "--rescale")
    assert not os.path.exists(w.out) and not leftovers(w.d)
    assert snap(w.d).keys() == before.keys() | {"ortho16.tif"}


def test_16_bit_imagery_rescaled_when_asked(w):
    data8 = _levels(w)
    model = tm.floor(str(w.d / "floor.onnx"), 3, 100.0, tm.card(["R", "G", "B"], (1, 2, 3, 4)))
    f8 = write(w.d / "o8.tif", data8)
    f16 = write(w.d / "o16.tif", np.rint(data8.astype(np.float64) * 4095 / 255).astype(np.uint16))
    ok(w.seg(model=model, sources=[f8]))
    want = codes(w.out)
    assert (want == 4).any() and (want < 4).any()
    r = ok(w.seg("--rescale", model=model, sources=[f16]))
    assert "rescaled" in r.err
    assert np.array_equal(codes(w.out), want)


def test_floats_0_1_refused(w):
    f = write(w.d / "unit.tif", w.data.astype(np.float32) / 255)
    refused(w.seg(sources=[f]), 2, "unit.tif", "0..255", "--rescale")


def test_floats_0_1_rescaled_when_asked(w):
    data8 = _levels(w)
    model = tm.floor(str(w.d / "floor.onnx"), 3, 100.0, tm.card(["R", "G", "B"], (1, 2, 3, 4)))
    ok(w.seg(model=model, sources=[write(w.d / "o8.tif", data8)]))
    want = codes(w.out)
    ok(w.seg("--rescale", model=model, sources=[write(w.d / "unit.tif", data8.astype(np.float32) / 255)]))
    assert np.array_equal(codes(w.out), want)


def test_8_bit_values_in_a_16_bit_file_run(w):
    f = write(w.d / "u16.tif", w.data.astype(np.uint16))
    ok(w.seg(sources=[f]))
    assert np.array_equal(codes(w.out), w.expected())


def test_altitudes_given_as_heights_refused(w):
    dsm = write(w.d / "dsm.tif", np.full((40, 40), 312.0, np.float32))
    model = tm.pointwise(str(w.d / "m4.onnx"), 4, tm.card(["R", "G", "B", "NDSM"], (1, 2, 3, 6),
                                                           encoding={"NDSM": "metres"}))
    refused(w.seg(model=model, sources=[w.rgb, f"NDSM={dsm}"]), 2, "dsm.tif", "DSM=", "DTM=")


def test_truncated_raster(w):
    big = write(w.d / "full.tif", random_bands((300, 300), seed=2))
    data = open(big, "rb").read()
    with open(w.d / "cut.tif", "wb") as f:
        f.write(data[: len(data) // 2])
    refused(w.seg(sources=[str(w.d / "cut.tif")]), 2, "cut.tif")
    assert not os.path.exists(w.out) and not leftovers(w.d)


def test_text_file_as_raster(w):
    (w.d / "notes.tif").write_text("not a raster\n")
    refused(w.seg(sources=[str(w.d / "notes.tif")]), 2, "notes.tif")


def test_empty_raster_file(w):
    (w.d / "empty.tif").write_bytes(b"")
    refused(w.seg(sources=[str(w.d / "empty.tif")]), 2, "empty.tif", "empty")


def test_missing_raster_file(w):
    refused(w.seg(sources=[str(w.d / "missing.tif")]), 2, "missing.tif")


def test_folder_as_raster(w):
    (w.d / "tiles").mkdir()
    refused(w.seg(sources=[str(w.d / "tiles")]), 2, "tiles")


def test_unknown_role_lists_the_roles(w):
    refused(w.seg(sources=[f"R={w.rgb}:1", f"G={w.rgb}:2", f"NRI={w.rgb}:3"]), 2, "unknown role", "NRI",
            "R, G, B, NIR")


def test_band_0_refused(w):
    refused(w.seg(sources=[f"R={w.rgb}:0", f"G={w.rgb}:2", f"B={w.rgb}:3"]), 2, "band 0")


def test_band_past_the_last(w):
    refused(w.seg(sources=[f"R={w.rgb}:1", f"G={w.rgb}:2", f"B={w.rgb}:9"]), 2, "rgb.tif", "no band 9")


@pytest.mark.parametrize("args, says", [
    (("--tile", 0), "--tile 0"),
    (("--tile", -5), "--tile -5"),
    (("--margin", -1), "--margin -1"),
    (("--tile", 64, "--margin", 32), "--margin 32"),
    (("--batch", 0), "--batch 0"),
    (("--batch", -1), "--batch -1"),
    (("--resolution", 0), "--resolution 0"),
    (("--resolution", -0.2), "--resolution -0.2"),
    (("--threads", -1), "--threads -1"),
    (("--threads", 999), "--threads 999"),
])
def test_bad_numbers_refused(w, args, says):
    refused(w.seg(*args), 2, says)
    assert not os.path.exists(w.out) and not leftovers(w.d)


def test_fixed_size_model_with_another_tile(w):
    fixed = tm.pointwise(str(w.d / "fixed.onnx"), 3, tm.card(["R", "G", "B"], (1, 2, 3)), fixed_hw=32)
    refused(w.seg("--tile", 64, model=fixed), 2, "--tile 32")


def test_extent_outside_the_imagery(w):
    refused(w.seg("--extent", f"{X0 + 5000},{Y0 + 5000},{X0 + 5010},{Y0 + 5010}"), 2, "extent", "rgb.tif")


def test_an_extent_far_beyond_the_imagery_is_cut_to_it(w):
    """A 10 km extent around an 8 m image (old #39: 50000 x 50000 px and minutes of empty tiles,
    overviews and read-back): the map covers only the imagery, on its own pixels, and says so."""
    tracemalloc.start()
    try:
        t0 = time.perf_counter()
        r = ok(w.seg("--extent", f"{X0 - 5000},{Y0 - 5000},{X0 + 5000},{Y0 + 5000}", "--tile", 128, "--margin", 8))
        seconds = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    print(f"10 km extent around an 8 m image: {seconds:.1f} s, peak {peak / 1e6:.1f} MB")
    assert "the map covers only where there is imagery, 40 x 40 px of the 50000 x 50000 px asked" in r.err
    assert r.err.count("beyond the imagery") == 1, r.err  # said once, not by each planning pass
    with rasterio.open(w.out) as ds, rasterio.open(w.rgb) as src:
        assert ds.shape == (40, 40) and ds.transform == src.transform and ds.crs == src.crs
    assert np.array_equal(codes(w.out), w.expected())
    report = json.load(open(w.d / "out_report.json"))
    assert any("beyond the imagery" in n for n in report["notes"])


def test_a_coarse_input_over_a_wide_area_does_not_widen_the_cut(w):
    """A NIR band at 8 m over 1 km beside the 8 m RGB image (a DEM over a department, one ortho
    tile): an output pixel needs every input, so a 2 km extent is cut to the RGB image, not to the
    1 km both reach together (25 M px of nodata)."""
    nir = write(w.d / "nir.tif", np.full((125, 125), 100, np.uint8), res=8, x0=X0 - 496, y0=Y0 + 496)
    model = tm.pointwise(str(w.d / "m4.onnx"), 4, tm.card(["R", "G", "B", "NIR"], (1, 2, 3, 4)))
    r = ok(w.seg("--extent", f"{X0 - 1000},{Y0 - 1000},{X0 + 1000},{Y0 + 1000}", model=model,
                 sources=[w.rgb, f"NIR={nir}:1"]))
    assert "the map covers only where there is imagery, 40 x 40 px" in r.err
    with rasterio.open(w.out) as ds, rasterio.open(w.rgb) as src:
        assert ds.shape == (40, 40) and ds.transform == src.transform


def test_a_cut_extent_keeps_the_asked_grid_and_the_pixels_of_a_run_over_the_imagery(w):
    """At 0.3 m the asked grid's pixels do not fall on the 0.2 m image's edges: the cut map is
    rounded outward on that grid (no pixel shifted) and holds, pixel for pixel, what a run over
    exactly the imagery's extent gives; nothing is classified outside the imagery."""
    far = ok(w.seg("--extent", f"{X0 - 1000},{Y0 - 1000},{X0 + 1000},{Y0 + 1000}", "--resolution", 0.3))
    assert "beyond the imagery" in far.err
    cut = codes(w.out)
    with rasterio.open(w.out) as ds:
        transform, shape = ds.transform, ds.shape
    assert shape == (28, 28)  # 8 m on a 0.3 m lattice from 769999.8 / 6280000.2: 27 pixels and two part pixels
    assert abs(transform.c / 0.3 - round(transform.c / 0.3)) < 1e-6 and transform.c <= X0
    assert abs(transform.f / 0.3 - round(transform.f / 0.3)) < 1e-6 and transform.f >= Y0
    ok(w.seg("--extent", f"{X0},{Y0 - 8},{X0 + 8},{Y0}", "--resolution", 0.3, out=str(w.d / "exact.tif")))
    with rasterio.open(w.d / "exact.tif") as ds:
        assert ds.transform == transform and ds.shape == shape
    assert np.array_equal(cut, codes(w.d / "exact.tif"))
    assert (cut[0] == 0).all() and (cut[:, 0] == 0).all()  # the part pixels outside the image: nodata


# --- models -----------------------------------------------------------------------------------


def test_valid_convolution_output_is_centred(w):
    model = tm.valid_box(str(w.d / "valid.onnx"), 5, 3, tm.card(["R", "G", "B"], (1, 2, 3), margin=8))
    data = random_bands((100, 90), seed=8)
    f = write(w.d / "big.tif", data)
    ok(w.seg("--tile", 64, model=model, sources=[f]))
    ref = tm.box_reference(data, 5)
    want = np.array([1, 2, 3], np.uint8)[ref.argmax(0)]
    got = codes(w.out)
    assert np.array_equal(got[2:-2, 2:-2], want[2:-2, 2:-2])
    assert (got[:2] == 0).all() and (got[:, :2] == 0).all()  # no prediction there: nodata


def test_valid_convolution_margin_checked_against_the_shrink(w):
    model = tm.valid_box(str(w.d / "valid.onnx"), 9, 3, tm.card(["R", "G", "B"], (1, 2, 3)))
    refused(w.seg("--tile", 32, "--margin", 2, model=model), 2, "valid.onnx", "--margin", "4")


def test_nan_in_the_model_output_stops_the_run(w):
    bad = tm.non_finite(str(w.d / "bad.onnx"), 3, tm.card(["R", "G", "B"], (1, 2, 3)))
    refused(w.seg(model=bad), 2, "bad.onnx", "NaN")
    assert not os.path.exists(w.out) and not leftovers(w.d)


@pytest.mark.parametrize("elem", [TensorProto.UINT8, TensorProto.FLOAT16])
def test_typed_input_models(w, elem):
    model = tm.typed_input(str(w.d / "typed.onnx"), elem, 3, tm.card(["R", "G", "B"], (1, 2, 3)))
    ok(w.seg(model=model))
    assert np.array_equal(codes(w.out), w.expected())


def test_dynamic_channel_count_that_does_not_match(w):
    model = tm.conv_weights_for(str(w.d / "dyn.onnx"), 4, tm.card(["R", "G", "B"], (1, 2)))
    refused(w.seg(model=model), 2, "dyn.onnx", "3")


def test_empty_model_file(w):
    (w.d / "empty.onnx").write_bytes(b"")
    refused(w.seg(model=str(w.d / "empty.onnx")), 2, "empty.onnx", "empty")


def test_model_output_shape_not_declared(w):
    model = tm.undeclared_output(str(w.d / "noshape.onnx"), 3, tm.card(["R", "G", "B"], (1, 2, 3)))
    ok(w.seg(model=model))
    assert np.array_equal(codes(w.out), w.expected())


def test_text_file_as_model(w):
    (w.d / "model.onnx").write_text("hello")
    refused(w.seg(model=str(w.d / "model.onnx")), 2, "model.onnx", "not an ONNX model")


def test_missing_model(w):
    refused(w.seg(model=str(w.d / "gone.onnx")), 2, "gone.onnx", "not found")


def test_model_failing_inside_onnx_runtime(w):
    model = tm.breaks_at_run(str(w.d / "breaks.onnx"), 3, tm.card(["R", "G", "B"], (1, 2, 3)))
    refused(w.seg(model=model), 2, "breaks.onnx", "ONNX Runtime")
    assert not os.path.exists(w.out) and not leftovers(w.d)


def test_verbose_shows_the_traceback(w):
    model = tm.breaks_at_run(str(w.d / "breaks.onnx"), 3, tm.card(["R", "G", "B"], (1, 2, 3)))
    r = cli("-v", "segment", "-m", model, "-o", w.out, w.rgb, "--device", "cpu")
    assert r.rc == 2 and "Traceback" in r.err and "breaks.onnx" in r.err


# --- models made for Deepness -----------------------------------------------------------------


def test_deepness_model_takes_bands_in_order_divides_by_255_and_uses_alpha_as_mask(w):
    data8 = _levels(w)
    alpha = np.full((1, 40, 40), 255, np.uint8)
    alpha[0, :10] = 0
    rgba = str(w.d / "rgba.tif")
    write(rgba, np.concatenate([data8, alpha]))
    with rasterio.open(rgba, "r+") as ds:
        from rasterio.enums import ColorInterp

        ds.colorinterp = [ColorInterp.red, ColorInterp.green, ColorInterp.blue, ColorInterp.alpha]
    meta = tm.deepness_meta({"0": "red", "1": "green", "2": "blue", "3": "dark"}, resolution=20)
    model = tm.floor(str(w.d / "deep.onnx"), 3, 0.5, None, meta)  # 0.5 after /255 = 127.5 raw
    ok(w.seg(model=model, sources=[rgba]))
    got = codes(w.out)
    floor = (data8 < 127.5).all(0)
    want = np.where(floor, 4, data8.argmax(0) + 1).astype(np.uint8)
    assert (got[:10] == 0).all() and np.array_equal(got[10:], want[10:])


def test_deepness_model_with_5_channels_gets_generic_roles(w):
    data = random_bands((40, 40), n=5, seed=3)
    five = write(w.d / "five.tif", data)
    meta = tm.deepness_meta({str(i): f"c{i}" for i in range(5)}, resolution=20)
    model = tm.pointwise(str(w.d / "deep5.onnx"), 5, None, meta=meta)
    ok(w.seg(model=model, sources=[five]))
    assert np.array_equal(codes(w.out), (data.argmax(0) + 1).astype(np.uint8))


def test_deepness_model_without_resolution_runs_on_the_imagery_grid(w):
    drone = write(w.d / "drone.tif", w.data, res=0.02)
    meta = tm.deepness_meta({"0": "a", "1": "b", "2": "c"})
    model = tm.pointwise(str(w.d / "deep.onnx"), 3, None, meta=meta)
    ok(w.seg(model=model, sources=[drone]))
    with rasterio.open(w.out) as ds:
        assert ds.res == (0.02, 0.02) and ds.shape == (40, 40)
    assert np.array_equal(codes(w.out), w.expected())


@pytest.mark.parametrize("rank3", [False, True])
def test_single_channel_output_is_a_binary_map(w, rank3):
    meta = tm.deepness_meta({"0": "background", "1": "roof"}, resolution=20)
    model = tm.sigmoid_one(str(w.d / "bin.onnx"), 3, rank3, None, meta)
    ok(w.seg(model=model))
    assert np.array_equal(codes(w.out), np.where(w.data[0] > 127.5, 2, 1).astype(np.uint8))
    ok(w.seg("--threshold", 0.9, model=model))  # sigmoid(20 (x - .5)) > .9  <=>  x > .5 + ln 9 / 20
    cut = 255 * (0.5 + np.log(9) / 20)
    assert np.array_equal(codes(w.out), np.where(w.data[0] > cut, 2, 1).astype(np.uint8))
    qml = open(w.d / "out.qml").read()
    assert 'label="roof"' in qml


def test_several_outputs_first_by_default_and_an_option(w):
    names = [{"0": "a", "1": "b", "2": "c"}, {"0": "x", "1": "y", "2": "z"}]
    model = tm.two_outputs(str(w.d / "two.onnx"), 3, None, tm.deepness_meta(names, resolution=20))
    r = ok(w.seg(model=model))
    assert np.array_equal(codes(w.out), (w.data.argmax(0) + 1).astype(np.uint8))
    assert "a" in r.out
    ok(w.seg("--model-output", 2, model=model))
    assert np.array_equal(codes(w.out), (w.data.argmin(0) + 1).astype(np.uint8))
    assert 'label="x"' in open(w.d / "out.qml").read()
    refused(w.seg("--model-output", 3, model=model), 2, "--model-output", "2 output")


def test_converter_writes_tile_size_for_deepness():
    from inference.convert.run import deepness_metadata
    from inference.models.card import InputSpec, ModelCard

    card = ModelCard("m", (InputSpec("R"), InputSpec("G"), InputSpec("B")), (1, 2, 3), scale=1.0, tile=256, margin=32)
    meta = deepness_metadata(card)
    assert json.loads(meta["tile_size"]) == 256 and json.loads(meta["tiles_size"]) == 256


def test_models_doc_no_longer_says_geodeep_runs_our_models():
    text = open(os.path.join(ROOT, "docs", "models.md"), encoding="utf-8").read()
    assert "Deepness/GeoDeep feed" not in text and "GeoDeep takes the tile size" not in text


# --- evaluate and style -----------------------------------------------------------------------


def _labels(w, name, data, **kw):
    return write(w.d / name, np.asarray(data, np.uint8), **kw)


def test_evaluate_text_file_as_prediction(w):
    ref = _labels(w, "ref.tif", np.random.RandomState(0).randint(1, 13, (40, 40)))
    (w.d / "pred.tif").write_text("oops")
    refused(cli("evaluate", ref, str(w.d / "pred.tif"), "--ref-encoding", "flair19", "--pred-encoding", "flair19"),
            2, "pred.tif")


def test_evaluate_hint_names_a_real_option(w):
    ambiguous = _labels(w, "amb.tif", np.random.RandomState(0).randint(1, 5, (40, 40)))
    pred = _labels(w, "pred.tif", np.random.RandomState(0).randint(1, 5, (40, 40)))
    r = cli("evaluate", ambiguous, pred)
    refused(r, 2, "--ref-encoding")
    assert "--refe-encoding" not in r.err


def test_evaluate_counts_invalid_prediction_codes(w):
    ref = np.random.RandomState(0).randint(1, 13, (40, 40))
    pred = ref.copy()
    pred[:20] = 77  # no class has code 77
    r = cli("evaluate", _labels(w, "ref.tif", ref), _labels(w, "pred.tif", pred), "--ref-encoding", "flair19",
            "--pred-encoding", "flair19", "--json")
    assert r.rc == 0, r.err
    s = json.loads(r.out)
    assert s["miou_all"] < 1.0 if "miou_all" in s else True
    assert "800" in r.err and "77" in r.err  # how many, and which code


def test_style_in_a_read_only_folder(w, tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    lab = _labels(w, "ro/lab.tif", np.random.RandomState(0).randint(1, 13, (40, 40)))
    before = snap(ro)
    with read_only_folder(ro):
        refused(cli("style", lab, "--encoding", "flair19"), 2, "lab.tif", "read-only")
    assert snap(ro) == before


def test_style_on_a_text_file(w):
    (w.d / "x.tif").write_text("no")
    refused(cli("style", str(w.d / "x.tif"), "--encoding", "flair19"), 2, "x.tif")


def test_style_missing_file(w):
    refused(cli("style", str(w.d / "gone.tif"), "--encoding", "flair19"), 2, "gone.tif")
