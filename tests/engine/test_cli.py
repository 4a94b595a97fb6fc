"""The command line as a user types it (subprocess, from the repository root)."""
import json
import os
import subprocess
import sys

import numpy as np
import rasterio
import tiny_models as tm
from rasters import random_bands, write

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def cli(*args):
    return subprocess.run([sys.executable, "-m", "inference", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_segment_with_role_assignments(tmp_path):
    rgb = random_bands((90, 70), seed=3)
    irc = random_bands((90, 70), seed=4)
    p_rgb, p_irc = write(tmp_path / "rgb.tif", rgb), write(tmp_path / "irc.tif", irc)
    model = tm.pointwise(str(tmp_path / "m.onnx"), 4, tm.card(["R", "G", "B", "NIR"], (1, 2, 3, 10)))
    out = tmp_path / "out.tif"
    r = cli("segment", "-m", model, "-o", out, f"R={p_rgb}:1", f"G={p_rgb}:2", f"B={p_rgb}:3",
            f"NIR={p_irc}:1", "--tile", 64, "--margin", 8, "--batch", 2, "--device", "cpu")
    assert r.returncode == 0, r.stderr
    assert "tiles/s" in r.stderr and "[CPU]" in r.stderr
    assert "herbaceous vegetation" in r.stdout  # the class-area table
    stack = np.concatenate([rgb, irc[:1]]).astype(np.int64)
    with rasterio.open(out) as ds:
        assert np.array_equal(ds.read(1), np.array([1, 2, 3, 10], np.uint8)[stack.argmax(0)])
    report = json.load(open(tmp_path / "out_report.json"))
    assert report["device"] == "CPU" and report["tiling"]["batch"] == 2
    assert report["inputs"]["NIR"].endswith("irc.tif band 1")


def test_plain_sources_fill_roles_in_order_and_model_options(tmp_path):
    p = write(tmp_path / "rgb.tif", random_bands((30, 30), seed=5))
    bare = tm.pointwise(str(tmp_path / "bare.onnx"), 3, None)
    out = tmp_path / "o.tif"
    r = cli("segment", "-m", bare, "-o", out, p)
    assert r.returncode == 2 and "--classes" in r.stderr and "Traceback" not in r.stderr
    r = cli("segment", "-m", bare, "-o", out, p, "--classes", "generic", "--mean", "0,0,0", "--std", "1,1,1",
            "--resolution", 0.4, "--extent", "770000,6279994,770006,6280000", "--crs", "EPSG:2154",
            "--stitch", "blend", "--confidence")
    assert r.returncode == 0, r.stderr
    with rasterio.open(out) as ds:
        assert ds.res == (0.4, 0.4) and ds.shape == (15, 15)
    assert os.path.exists(tmp_path / "o_confidence.tif")


def test_info_prints_the_card_or_what_is_missing(tmp_path):
    model = tm.pointwise(str(tmp_path / "m.onnx"), 3, tm.card(["R", "G", "B"], (1, 2, 3), name="tiny rgb"))
    r = cli("info", model)
    assert r.returncode == 0 and "tiny rgb" in r.stdout and "R (uint8), G (uint8), B (uint8)" in r.stdout
    r = cli("info", tm.pointwise(str(tmp_path / "bare.onnx"), 5, None))
    assert r.returncode == 2 and "input roles" in r.stderr


def test_style_an_existing_label_raster(tmp_path):
    labels = np.array([[0, 1, 12], [5, 5, 0]], np.uint8)  # 13-class 0-based: 0 = building, 12 = other
    p = write(tmp_path / "PRED_1.tif", labels)
    r = cli("style", p, "--encoding", "flair13")
    assert r.returncode == 0, r.stderr
    qml = open(tmp_path / "PRED_1.qml").read()
    assert 'value="0"' in qml and 'label="building"' in qml and 'label="other (codes 13-19)"' in qml
    with rasterio.open(p) as ds:
        assert ds.colormap(1)[0][:3] == (0xDB, 0x0E, 0x9A)  # building's colour on value 0


def test_bad_model_file_is_a_clear_error(tmp_path):
    junk = tmp_path / "x.onnx"
    junk.write_text("not a model")
    p = write(tmp_path / "rgb.tif", random_bands((10, 10)))
    r = cli("segment", "-m", junk, "-o", tmp_path / "o.tif", p)
    assert r.returncode == 2 and "is not an ONNX model" in r.stderr
    assert not os.path.exists(tmp_path / "o.tif")


def test_style_guesses_or_asks(tmp_path):
    p = write(tmp_path / "MSK_000001.tif", np.array([[1, 2, 19]], np.uint8))
    r = cli("style", p)
    assert r.returncode == 0 and "encoding flair19" in r.stdout
    amb = write(tmp_path / "labels.tif", np.array([[0, 3, 11]], np.uint8))
    r = cli("style", amb)
    assert r.returncode == 2 and "cannot tell the encoding" in r.stderr and "--encoding" in r.stderr
    assert not os.path.exists(tmp_path / "labels.qml")
