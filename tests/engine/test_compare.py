"""Comparing label rasters: grids, encodings, polygons, disagreement, hotspots, CLI, real FLAIR#1 files."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest
import rasterio
from leftovers import kill_at_mark
from rasterio.transform import from_origin

from inference.cli.main import main
from inference.labels.guess import guess_encoding
from inference.labels.style import style_raster
from inference.qa.compare import CompareError, CompareParams, compare
from inference.qa.hotspots import find_hotspots, read_hotspots, read_info
from inference.qa.patches import placed_vrt

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOY = os.path.join(ROOT, "data", "flair1_toy")
X0, Y0 = 700000.0, 6600000.0
pytestmark = pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")


def write(path, array, res=0.2, x0=X0, y0=Y0, nodata=None, crs="EPSG:2154", georef=True):
    array = np.asarray(array, dtype=np.uint8)
    if array.ndim == 2:
        array = array[None]
    prof = dict(driver="GTiff", width=array.shape[2], height=array.shape[1], count=array.shape[0], dtype="uint8")
    if georef:
        prof.update(crs=crs, transform=from_origin(x0, y0, res, res))
    if nodata is not None:
        prof["nodata"] = nodata
    with rasterio.open(path, "w", **prof) as ds:
        ds.write(array)
    return str(path)


def text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def band1(path):
    with rasterio.open(path) as ds:
        return ds.read(1)


def direct(ref_codes, pred_codes, n=20):
    m = np.zeros((n, n), np.int64)
    np.add.at(m, (ref_codes.ravel(), pred_codes.ravel()), 1)
    return m


def test_prediction_on_a_coarser_grid_is_resampled_nearest_with_its_encoding(tmp_path):
    # reference 8x8 at 0.2 m in codes; prediction 4x4 at 0.4 m in FLAIR-HUB order (index 0 = building,
    # 3 = impervious, 6 = water): each prediction pixel covers exactly 2x2 reference pixels.
    ref = np.full((8, 8), 1, np.uint8)
    ref[:, 4:] = 3
    ref[6:, :] = 5
    hub = np.array([[0, 0, 3, 3], [0, 0, 3, 3], [0, 3, 3, 3], [6, 6, 6, 0]], np.uint8)
    r = write(tmp_path / "ref.tif", ref)
    p = write(tmp_path / "pred.tif", hub, res=0.4)
    res = compare(CompareParams(r, "flair19", p, "flair-hub", window=64))
    pred_codes = np.kron(np.array([1, 0, 0, 3, 0, 0, 5])[hub], np.ones((2, 2), int))
    assert np.array_equal(res.matrix, direct(ref, pred_codes))
    # by hand: building (24 px) 20 right, 4 called impervious; impervious 24 right;
    # water (16 px) 12 right, 4 called building
    m = res.matrix
    assert (m[1, 1], m[1, 3], m[3, 3], m[5, 5], m[5, 1], m.sum()) == (20, 4, 24, 12, 4, 64)
    assert res.summary["pixel_area_m2"] == pytest.approx(0.04)
    assert res.summary["per_class"][1]["ref_area_m2"] == pytest.approx(24 * 0.04)


def test_windows_do_not_change_the_result_and_outside_the_prediction_is_nodata(tmp_path):
    rng = np.random.default_rng(1)
    ref = rng.integers(1, 20, (300, 260)).astype(np.uint8)
    pred = rng.integers(0, 13, (200, 260)).astype(np.uint8)  # covers the top 200 rows only
    r, p = write(tmp_path / "r.tif", ref), write(tmp_path / "p.tif", pred)
    big = compare(CompareParams(r, "flair19", p, "flair13", window=4096))
    small = compare(CompareParams(r, "flair19", p, "flair13", window=64))
    assert np.array_equal(big.matrix, small.matrix)
    lut13 = np.array(list(range(1, 13)) + [19])
    expect = direct(ref[:200], lut13[pred])
    expect[:, 0] += np.bincount(ref[200:].ravel(), minlength=20)
    assert np.array_equal(big.matrix, expect)
    assert big.summary["ref_only_pixels"] == 100 * 260


def test_only_pixels_inside_polygons_count(tmp_path):
    from osgeo import ogr, osr

    ref = np.full((10, 10), 1, np.uint8)
    pred = np.full((10, 10), 1, np.uint8)
    pred[:, 5:] = 2  # wrong on the right half
    r, p = write(tmp_path / "r.tif", ref), write(tmp_path / "p.tif", pred)
    # a polygon in WGS84 around the left half (reprojected on the fly)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    l93 = osr.SpatialReference()
    l93.ImportFromEPSG(2154)
    l93.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    tr = osr.CoordinateTransformation(l93, srs)
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in ((X0 - 1, Y0 + 1), (X0 + 1.0, Y0 + 1), (X0 + 1.0, Y0 - 3), (X0 - 1, Y0 - 3), (X0 - 1, Y0 + 1)):
        ring.AddPoint_2D(x, y)
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    poly.Transform(tr)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp_path / "zone.gpkg"))
    lyr = ds.CreateLayer("zone", srs=srs, geom_type=ogr.wkbPolygon)
    f = ogr.Feature(lyr.GetLayerDefn())
    f.SetGeometry(poly)
    lyr.CreateFeature(f)
    ds = None
    res = compare(CompareParams(r, "flair19", p, "flair19", within=str(tmp_path / "zone.gpkg")))
    assert res.matrix.sum() == 50 and res.matrix[1, 1] == 50  # the left half: 5 columns x 10 rows
    assert res.summary["oa"] == 1.0


def test_disagreement_raster_and_the_13_class_merge(tmp_path):
    ref = np.array([[1, 1, 13], [3, 0, 18]], np.uint8)  # 0 = nodata in flair19
    pred = np.array([[0, 2, 12], [2, 2, 3]], np.uint8)  # flair13: 12 = other
    r, p = write(tmp_path / "r.tif", ref), write(tmp_path / "p.tif", pred)
    out = str(tmp_path / "dis.tif")
    compare(CompareParams(r, "flair19", p, "flair13", disagreement=out))
    with rasterio.open(out) as ds:
        d = ds.read()
        assert ds.nodata == 0 and ds.crs.to_epsg() == 2154
    # pool vs "other": the same class in 13 classes -> not flagged; nodata -> not flagged
    assert d[0].tolist() == [[0, 1, 0], [0, 0, 18]]
    assert d[1].tolist() == [[0, 3, 0], [0, 0, 4]]
    qml = text(tmp_path / "dis.qml")
    assert 'label="building"' in qml and 'label="greenhouse"' in qml and 'label="water"' not in qml


def test_land_cover_and_crop_types_cannot_be_compared(tmp_path):
    r = write(tmp_path / "r.tif", np.ones((4, 4)))
    with pytest.raises(CompareError, match="nomenclature"):
        compare(CompareParams(r, "flair19", r, "lpis"))


def test_hotspots_are_regions_above_the_minimum_sorted_largest_first(tmp_path):
    ref = np.full((120, 120), 10, np.uint8)  # herbaceous everywhere
    pred = ref.copy()
    pred[0:30, 0:30] = 1  # 900 px = 36 m²: building 600 px, impervious 300 px
    pred[20:30, 0:30] = 3
    ref[60:80, 60:80] = 5  # 400 px = 16 m² of water, predicted herbaceous
    pred[100:110, 100:110] = 7  # 100 px = 4 m²: under the minimum
    pred[50, 10] = pred[90, 30] = 8  # specks
    r, p = write(tmp_path / "r.tif", ref), write(tmp_path / "p.tif", pred)
    dis = str(tmp_path / "dis.tif")
    compare(CompareParams(r, "flair19", p, "flair19", disagreement=dis))
    gpkg = str(tmp_path / "hot.gpkg")
    res = find_hotspots(dis, gpkg, min_area_m2=10.0, info={"reference": r})
    assert res.count == 2
    rows = read_hotspots(gpkg)
    assert [h["rank"] for h in rows] == [1, 2]
    a, b = rows
    assert (a["ref_class"], a["pred_class"], a["area_m2"], a["pixels"]) == ("herbaceous vegetation", "building", 36.0, 900)
    assert a["pred_share"] == pytest.approx(2 / 3, abs=1e-4)
    assert (b["ref_code"], b["pred_code"], b["area_m2"]) == (5, 10, 16.0)
    xmin, xmax, ymin, ymax = b["bbox"]
    assert (xmin, ymax) == pytest.approx((X0 + 60 * 0.2, Y0 - 60 * 0.2))
    assert a["review"] is None and a["comment"] is None
    assert read_info(gpkg)["reference"] == r


def test_encoding_guess(tmp_path):
    ones = np.ones((8, 8))
    assert guess_encoding(write(tmp_path / "MSK_000001.tif", ones * 19)).encoding == "flair19"
    hub = write(tmp_path / "D004-2021_AERIAL_LABEL-COSIA_AA_1-1.tif", ones * 3)
    assert guess_encoding(hub).encoding == "flair-hub"
    assert guess_encoding(write(tmp_path / "x.tif", ones * 22)).encoding == "lpis"  # only LPIS has 22
    assert guess_encoding(write(tmp_path / "ours.tif", ones * 4, nodata=0)).encoding == "flair19"
    g = guess_encoding(os.path.join(TOY, "PRED_061946.tif"))
    assert g.ambiguous and g.suggested == "flair13" and "flair-inc" in g.candidates
    assert guess_encoding(write(tmp_path / "x2.tif", ones * 200)).suggested is None
    # a file our style has named: recognised exactly
    lab = write(tmp_path / "lab.tif", np.arange(64).reshape(8, 8) % 13)
    style_raster(lab, "flair13")
    assert guess_encoding(lab).encoding == "flair13"


def test_style_any_label_raster_including_lpis(tmp_path):
    lab = write(tmp_path / "lpis.tif", np.stack([np.zeros((4, 4)), np.arange(16).reshape(4, 4)]))
    done = style_raster(lab, "lpis", band=2)
    qml = text(done["qml"])
    assert 'band="2"' in qml and 'label="grasses"' in qml and 'label="wheat"' in qml
    assert 'label="background"' not in qml  # 22 is not present
    assert done["present"] == list(range(16))


def placed_pair(tmp_path, pid="061946"):
    """The real baseline prediction placed from the real metadata, and a reference mask made from it
    (codes = index + 1) with a 100x100 block re-annotated as swimming pool and a 50x50 as building."""
    meta = json.loads(text(os.path.join(TOY, "flair-one_TOY_metadata_subset.json")))[f"IMG_{pid}"]
    pred_path = os.path.join(TOY, f"PRED_{pid}.tif")
    pred = band1(pred_path)
    msk = (pred + 1).astype(np.uint8)
    msk[100:200, 100:200] = 13
    msk[300:350, 300:350] = 1
    cx, cy = meta["patch_centroid_x"], meta["patch_centroid_y"]
    ref = write(tmp_path / f"MSK_{pid}.tif", msk, x0=cx - 51.2, y0=cy + 51.2)
    return ref, pred_path, msk, pred, meta


def test_real_baseline_prediction_placed_from_metadata(tmp_path):
    ref, pred_path, msk, pred, meta = placed_pair(tmp_path)
    placed = placed_vrt(pred_path, (meta["patch_centroid_x"], meta["patch_centroid_y"]), str(tmp_path))
    res = compare(CompareParams(ref, "flair19", placed, "flair13", window=200))
    lut13 = np.array(list(range(1, 13)) + [19])
    assert np.array_equal(res.matrix, direct(msk, lut13[pred]))  # pixel-exact placement
    # without placement: pixel for pixel (same size), with a warning; same matrix
    raw = compare(CompareParams(ref, "flair19", pred_path, "flair13"))
    assert np.array_equal(raw.matrix, res.matrix) and raw.warnings


def test_cli_json_and_reports_on_real_data(tmp_path):
    ref, pred_path, msk, pred, _ = placed_pair(tmp_path)
    prefix = str(tmp_path / "out" / "report")
    cmd = [sys.executable, "-m", "inference", "evaluate", ref, pred_path, "--ref-encoding", "flair19",
           "--pred-encoding", "flair13", "--place-pred", os.path.join(TOY, "flair-one_TOY_metadata_subset.json"),
           "--json", "-o", prefix, "--hotspots", str(tmp_path / "hot.gpkg"), "--min-area", "50"]
    run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True)
    d = json.loads(run.stdout)
    lut13 = np.array(list(range(1, 13)) + [19])
    assert d["confusion"] == direct(msk, lut13[pred]).tolist()
    assert len(d["confusion"]) == 20 and len(d["confusion"][0]) == 20
    assert {"iou", "precision", "recall", "f1", "ref_area_m2", "pred_area_m2"} <= set(d["per_class"]["1"])
    assert d["per_class"]["13"]["ref_area_m2"] == pytest.approx(400.0)  # 10 000 px of pool at 0.04 m²
    assert d["per_class"]["13"]["iou"] == 0.0 and "19" not in d["per_class"]
    assert 0 < d["miou"] < 1 and 0 < d["oa"] < 1
    assert d["hotspots"] >= 1
    first = read_hotspots(str(tmp_path / "hot.gpkg"))[0]
    assert first["ref_class"] == "swimming pool" and first["area_m2"] == pytest.approx(400.0)
    for ext in ("_per_class.csv", "_confusion.csv", "_summary.csv", "_confusion.png", ".html", ".json"):
        assert os.path.getsize(prefix + ext) > 0
    html = text(prefix + ".html")
    assert "data:image/png;base64," in html and "swimming pool" in html
    rows = text(prefix + "_confusion.csv").splitlines()
    assert len(rows) == 21
    # the text report prints the same numbers
    out = subprocess.run(cmd[:-7], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert f"{d['miou']:.4f}" in out and "swimming pool" in out


def test_cli_asks_for_an_ambiguous_encoding(tmp_path, capsys):
    ref, pred_path, *_ = placed_pair(tmp_path)
    assert main(["evaluate", ref, pred_path]) == 2
    err = capsys.readouterr().err
    assert "cannot tell the prediction encoding" in err and "--pred-encoding" in err


def test_engine_modules_import_without_qgis():
    code = ("import sys; sys.modules['qgis'] = None; sys.modules['PyQt5'] = None\n"
            "import inference.qa.compare, inference.qa.metrics, inference.qa.hotspots, inference.qa.patches, "
            "inference.qa.report, inference.labels.guess, inference.cli.evaluate")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


_KILLED = r"""
import sys, time
from inference.qa.compare import CompareParams, compare
from inference.qa.hotspots import find_hotspots
def stalled(done, total):  # the staged file exists by now
    open(sys.argv[5], "w").close()
    time.sleep(120)
r, p, dis, hot = sys.argv[1:5]
if hot == "-":
    compare(CompareParams(r, "flair19", p, "flair19", disagreement=dis, window=64), progress=stalled)
else:
    find_hotspots(dis, hot, min_area_m2=1.0, progress=stalled)
"""


@pytest.mark.parametrize("what", ["disagreement", "hotspots"])
def test_a_killed_comparisons_file_is_hidden_and_removed_by_the_next(tmp_path, what):
    """A comparison or hotspots run killed midway (QGIS crash, power cut) leaves nothing visible in the
    user's folder, no scratch in the temporary folder, and what it had written is untouched; the next run to that output removes its hidden
    file (its process is gone) and leaves alone that of a run still going."""
    ref = np.full((128, 128), 10, np.uint8)
    pred = ref.copy()
    pred[0:40, 0:40] = 1
    inputs = tmp_path / "in"
    inputs.mkdir()
    r, p = write(inputs / "r.tif", ref), write(inputs / "p.tif", pred)
    out, mark, tmp = tmp_path / "out", tmp_path / "stalled.mark", tmp_path / "tmp"
    out.mkdir()
    tmp.mkdir()
    dis, hot = str(out / "dis.tif"), str(out / "hot.gpkg")
    if what == "hotspots":
        compare(CompareParams(r, "flair19", p, "flair19", disagreement=dis))
    for f in (dis, hot, os.path.splitext(dis)[0] + ".qml"):  # a previous run's files, to be kept as they are
        if not os.path.exists(f):
            with open(f, "wb") as fh:
                fh.write(b"before")
    before = {f: open(out / f, "rb").read() for f in os.listdir(out)}
    kill_at_mark(_KILLED, [r, p, dis, hot if what == "hotspots" else "-", mark], mark, {"TMPDIR": str(tmp)})
    left = sorted(set(os.listdir(out)) - set(before))
    assert left and all(f.startswith(".") for f in left), left  # hidden, nothing visible
    assert {f: open(out / f, "rb").read() for f in before} == before
    assert os.listdir(tmp) == []  # no scratch elsewhere either, that no later run would find
    running = f".{os.path.basename(hot if what == 'hotspots' else dis)}.1-ab12cd34.flair-part.x"  # pid 1 runs
    (out / running).write_bytes(b"partial")
    if what == "hotspots":
        assert find_hotspots(dis, hot, min_area_m2=1.0).count == 1
    else:
        compare(CompareParams(r, "flair19", p, "flair19", disagreement=dis))
        assert band1(dis)[0:40, 0:40].tolist() == np.full((40, 40), 10).tolist()
    assert sorted(os.listdir(out)) == sorted([running] + list(before))
