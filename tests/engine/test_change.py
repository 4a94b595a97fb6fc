"""Land take between two vintages (issue #19): synthetic pairs whose answer is known to the pixel.

Windows of 64 px are used so that patches, zones and changes cross window edges."""
from __future__ import annotations

import csv
import os

import numpy as np
import pytest
from leftovers import kill_at_mark
from osgeo import ogr, osr

from inference.change.params import ChangeParams
from inference.change.patches import PatchSizes
from inference.change.rule import DEFAULT_RULE, read_rule
from inference.change.run import change
from inference.cli.main import main
from inference.core.cancel import Cancelled, CancelToken
from inference.core.errors import InputError
from tests.rasters import X0, Y0, write

WIN = 64
BUILDING, PERVIOUS, IMPERVIOUS, HERB, WATER = 1, 2, 3, 10, 5


def _run(tmp_path, before, after, **kw) -> object:
    kw.setdefault("window", WIN)
    return change(ChangeParams(before=str(before), after=str(after), output=str(tmp_path / "out" / "CHANGE.gpkg"), **kw))


def _pair(tmp_path, b, a, res=1.0, **kw):
    os.makedirs(tmp_path / "out", exist_ok=True)
    return (write(tmp_path / "before.tif", b, res=res, nodata=0),
            write(tmp_path / "after.tif", a, res=res, nodata=0, **kw))


def _csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def _features(gpkg):
    ds = ogr.Open(gpkg)
    layer = ds.GetLayerByName("change")
    out = [{k: f.GetField(k) for k in f.keys()} for f in layer]
    return out


def _zones_file(path, polygons, epsg=2154, field="INSEE", with_crs=True):
    """polygons: [(name, (xmin, ymin, xmax, ymax)) in Lambert-93]; written in ``epsg``."""
    drv = ogr.GetDriverByName("GPKG")
    ds = drv.CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    l93 = osr.SpatialReference()
    l93.ImportFromEPSG(2154)
    l93.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    tr = osr.CoordinateTransformation(l93, srs)
    layer = ds.CreateLayer("zones", srs if with_crs else None, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn(field, ogr.OFTString))
    for name, (x0, y0, x1, y1) in polygons:
        g = ogr.CreateGeometryFromWkt(f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))")
        if epsg != 2154:
            g.Segmentize(1.0)
            g.Transform(tr)
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetGeometry(g)
        f.SetField(field, name)
        layer.CreateFeature(f)
    ds = None
    return str(path)


# --- the matrix, to the pixel ----------------------------------------------------------------

def test_matrix_counts_every_pixel_and_leaves_nodata_out(tmp_path):
    rng = np.random.default_rng(1)
    b = rng.integers(1, 20, (150, 170)).astype(np.uint8)
    a = b.copy()
    flip = rng.random(b.shape) < 0.3
    a[flip] = rng.integers(1, 20, flip.sum())
    b[:5, :] = 0  # nodata before
    a[:, :7] = 0  # nodata after
    before, after = _pair(tmp_path, b, a)
    r = _run(tmp_path, before, after, encoding="flair19")
    both = (b > 0) & (a > 0)
    want = np.bincount(b[both].astype(int) * 20 + a[both], minlength=400).reshape(20, 20)
    assert (r.matrix == want).all()
    rows = _csv(r.files["transitions"])
    codes = [int(c) for c in rows[0][1:]]
    assert rows[0][0] == "code_before" and codes == list(range(1, 20))
    for row in rows[1:]:
        cb = int(row[0])
        for ca, v in zip(codes, row[1:]):
            assert round(float(v) * 1e4) == want[cb, ca]  # 1 m pixels: hectares x 10^4 = pixels
    # left out: before nodata only, after nodata only, both
    assert r.nodata_m2 == {"before": int(((b == 0) & (a > 0)).sum()), "after": int(((b > 0) & (a == 0)).sum()),
                           "both": int(((b == 0) & (a == 0)).sum())}
    zones = _csv(r.files["zones"])
    assert zones[0] == ["zone", "area_ha", "artificialised_before_ha", "artificialised_after_ha",
                        "artificialisation_ha", "renaturation_ha", "net_ha"]
    assert zones[-1][0] == "all" and round(float(zones[-1][1]) * 1e4) == both.sum()


def test_change_polygons_cover_exactly_the_changed_pixels(tmp_path):
    b = np.full((130, 140), HERB, np.uint8)
    a = b.copy()
    a[60:70, 60:75] = WATER  # across the window corner at (64, 64)
    a[10:12, 100:103] = HERB  # unchanged
    a[100:101, 5:6] = 7  # one pixel
    before, after = _pair(tmp_path, b, a)
    r = _run(tmp_path, before, after)
    feats = _features(r.files["gpkg"])
    got = sorted((f["code_before"], f["code_after"], f["area_m2"]) for f in feats)
    assert got == [(HERB, WATER, 150.0), (HERB, 7, 1.0)]
    water = next(f for f in feats if f["code_after"] == WATER)
    assert water["class_before"] == "herbaceous vegetation" and water["class_after"] == "water"
    assert water["artif_before"] == 0 and water["artif_after"] == 0
    assert "zone" not in water
    qml = open(r.files["qml"], encoding="utf-8").read()
    assert "herbaceous vegetation → water" in qml and 'value="10&gt;5"' in qml
    # a minimum mapping unit leaves the one-pixel change out of the layer, not out of the matrix
    r = _run(tmp_path, before, after, mmu_m2=2.0)
    assert [(f["code_after"], f["area_m2"]) for f in _features(r.files["gpkg"])] == [(WATER, 150.0)]
    assert r.matrix[HERB, 7] == 1


# --- the thresholds ----------------------------------------------------------------------------

def test_change_layer_carries_its_style_and_never_loads_shapely(tmp_path):
    """QGIS opens the change layer styled by transition (the style embedded as vectorize's is), and
    change runs in the QGIS process: shapely there crashes QGIS (inference/vector/child.py)."""
    import subprocess
    import sys

    b = np.full((70, 70), HERB, np.uint8)
    a = b.copy()
    a[10:20, 10:20] = WATER
    before, after = _pair(tmp_path, b, a)
    out = tmp_path / "out" / "C.gpkg"
    code = ("import sys; from inference.change.params import ChangeParams; from inference.change.run import change; "
            f"change(ChangeParams(before={str(before)!r}, after={str(after)!r}, output={str(out)!r})); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'shapely'))")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    run = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
    ds = ogr.Open(str(out))  # kept: its layers die with it
    style = ds.GetLayerByName("layer_styles").GetNextFeature()
    assert style["f_table_name"] == "change" and style["useAsDefault"] == 1
    assert "herbaceous vegetation → water" in style["styleQML"]
    assert style["styleQML"] == open(tmp_path / "out" / "C.qml", encoding="utf-8").read()


def _patch(arr, r0, c0, h, w, code):
    arr[r0:r0 + h, c0:c0 + w] = code


@pytest.mark.parametrize("res,small,big", [(0.5, (14, 14), (12, 17)), (1.0, (7, 7), (3, 17))])
def test_building_threshold_49_and_51_m2_across_windows(tmp_path, res, small, big):
    # 49 m² and 51 m² buildings, each straddling a window edge (row 64 / column 64)
    b = np.full((200, 200), HERB, np.uint8)
    a = b.copy()
    _patch(a, 60, 10, *small, BUILDING)  # crosses row 64
    _patch(a, 150, 58, *big, BUILDING)  # crosses column 64
    assert (a == BUILDING).sum() * res * res == 49 + 51
    before, after = _pair(tmp_path, b, a, res=res)
    r = _run(tmp_path, before, after)
    total = r.zones[-1]
    assert total["artificialisation_ha"] == pytest.approx(51 / 1e4, abs=1e-12)
    assert total["artificialised_after_ha"] == pytest.approx(51 / 1e4, abs=1e-12)
    feats = sorted(_features(r.files["gpkg"]), key=lambda f: f["area_m2"])
    assert [(f["area_m2"], f["artif_after"]) for f in feats] == [(49.0, 0), (51.0, 1)]


def test_impervious_threshold_2499_and_2501_m2_and_renaturation(tmp_path):
    # 1 m pixels: 2,499 = 49 x 51 and 2,501 = 41 x 61 px, across the window edges at 64 and 128
    b = np.full((230, 200), HERB, np.uint8)
    _patch(b, 40, 40, 49, 51, IMPERVIOUS)  # 2,499 m²: not artificialised
    _patch(b, 110, 100, 41, 61, IMPERVIOUS)  # 2,501 m²: artificialised
    a = np.full_like(b, HERB)  # both gone: only the 2,501 m² one is renaturation
    before, after = _pair(tmp_path, b, a)
    r = _run(tmp_path, before, after)
    total = r.zones[-1]
    assert total["artificialised_before_ha"] == pytest.approx(0.2501)
    assert total["renaturation_ha"] == pytest.approx(0.2501)
    assert total["artificialisation_ha"] == 0
    assert total["net_ha"] == pytest.approx(-0.2501)
    assert r.matrix[IMPERVIOUS, HERB] == 2499 + 2501


def test_diagonal_pixels_join_a_patch_and_other_classes_do_not(tmp_path):
    # two 30 px buildings touching only at a corner are one 60 px (>= 50 m²) patch; a pool beside a
    # 30 px building does not make it bigger
    b = np.full((100, 100), HERB, np.uint8)
    a = b.copy()
    _patch(a, 58, 58, 5, 6, BUILDING)  # rows 58..62, cols 58..63
    _patch(a, 63, 64, 5, 6, BUILDING)  # starts diagonally at (63, 64): across both window edges
    _patch(a, 10, 10, 5, 6, BUILDING)
    _patch(a, 10, 16, 5, 6, 13)  # a 30 m² pool against it: not artificialised either (< 50)
    before, after = _pair(tmp_path, b, a)
    r = _run(tmp_path, before, after)
    assert r.zones[-1]["artificialisation_ha"] == pytest.approx(60 / 1e4)


def test_growth_past_the_threshold_is_artificialisation_of_unchanged_pixels(tmp_path):
    b = np.full((100, 100), HERB, np.uint8)
    _patch(b, 20, 20, 5, 8, BUILDING)  # 40 m²: not artificialised
    a = b.copy()
    _patch(a, 25, 20, 2, 8, BUILDING)  # grows to 56 m²
    before, after = _pair(tmp_path, b, a)
    r = _run(tmp_path, before, after)
    assert r.zones[-1]["artificialisation_ha"] == pytest.approx(56 / 1e4)
    feats = sorted((f["code_before"], f["code_after"], f["artif_before"], f["artif_after"], f["area_m2"])
                   for f in _features(r.files["gpkg"]))
    assert feats == [(BUILDING, BUILDING, 0, 1, 40.0), (HERB, BUILDING, 0, 1, 16.0)]


def test_patch_sizes_match_a_whole_raster_labelling():
    from scipy import ndimage

    rng = np.random.default_rng(3)
    for _ in range(10):
        codes = rng.choice([1, 2, 3, 5], size=(97, 83), p=[.4, .2, .2, .2]).astype(np.uint8)
        ps = PatchSizes(83, {1: 5, 2: 7, 3: 1})
        wins = [(r, c) for r in range(0, 97, 13) for c in range(0, 83, 11)]
        for r, c in wins:
            ps.add(codes[r:r + 13, c:c + 11], r, c)
        ps.finish()
        for code in (1, 2, 3):
            lab, _ = ndimage.label(codes == code, structure=np.ones((3, 3)))
            sizes = np.bincount(lab.ravel())
            want = np.where(lab > 0, sizes[lab], 0)
            got = np.zeros_like(want)
            for r, c in wins:
                got[r:r + 13, c:c + 11] = ps.patch_pixels(codes[r:r + 13, c:c + 11], r, c)
            assert (got[codes == code] == want[codes == code]).all()


def test_artif_table_replaces_the_default(tmp_path):
    table = tmp_path / "artif.csv"
    table.write_text("code,artificialised,threshold_m2\n4,1,10\n1,0,\n", encoding="utf-8")
    rule = read_rule(str(table))
    assert rule.thresholds == {4: 10.0}
    b = np.full((80, 80), HERB, np.uint8)
    a = b.copy()
    _patch(a, 5, 5, 3, 4, 4)  # 12 m² bare soil: artificialised by this table
    _patch(a, 40, 40, 10, 10, BUILDING)  # 100 m² building: no longer
    before, after = _pair(tmp_path, b, a)
    r = _run(tmp_path, before, after, rule=rule)
    assert r.zones[-1]["artificialisation_ha"] == pytest.approx(12 / 1e4)
    html = open(r.files["report"], encoding="utf-8").read()
    assert "artif.csv" in html


@pytest.mark.parametrize("text,needle", [
    ("code;artificialised;threshold_m2\n", "first line"),
    ("code,artificialised,threshold_m2\n25,1,50\n", "line 2: code 25"),
    ("code,artificialised,threshold_m2\n1,maybe,50\n", "1 or 0"),
    ("code,artificialised,threshold_m2\n1,1,-5\n", "0 or more"),
    ("code,artificialised,threshold_m2\n1,1,50\n1,0,0\n", "listed twice"),
])
def test_bad_artif_tables_are_refused_with_their_line(tmp_path, text, needle):
    table = tmp_path / "artif.csv"
    table.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=needle):
        read_rule(str(table))


def test_default_rule_thresholds():
    assert DEFAULT_RULE.thresholds == {1: 50, 2: 2500, 3: 2500, 13: 50, 18: 50}
    assert DEFAULT_RULE.pixels_needed(0.2)[1] == 1250  # 50 m² at 0.2 m, despite floating point
    assert DEFAULT_RULE.pixels_needed(0.2)[2] == 62500


# --- zones ---------------------------------------------------------------------------------------

def _zoned_pair(tmp_path):
    b = np.full((120, 120), HERB, np.uint8)
    a = b.copy()
    _patch(a, 10, 10, 10, 10, BUILDING)  # 100 m² in the west zone
    _patch(a, 50, 55, 8, 10, BUILDING)  # 80 m² across the zone boundary at x = 60: 40 + 40
    _patch(b, 90, 90, 10, 10, BUILDING)  # 100 m² in the east zone, gone after: renaturation
    return _pair(tmp_path, b, a)


@pytest.mark.parametrize("epsg", [2154, 4326])
def test_zone_balance_with_zones_in_any_crs(tmp_path, epsg):
    before, after = _zoned_pair(tmp_path)
    zones = _zones_file(tmp_path / "zones.gpkg", [("34001", (X0, Y0 - 120, X0 + 60, Y0)),
                                                  ("34002", (X0 + 60, Y0 - 120, X0 + 120, Y0))], epsg=epsg)
    r = _run(tmp_path, before, after, zones=zones, zone_field="INSEE")
    rows = {row[0]: [float(v) for v in row[1:]] for row in _csv(r.files["zones"])[1:]}
    assert rows["34001"] == pytest.approx([0.72, 0, 0.014, 0.014, 0, 0.014])
    assert rows["34002"] == pytest.approx([0.72, 0.01, 0.004, 0.004, 0.01, -0.006])
    assert rows["all"] == pytest.approx([1.44, 0.01, 0.018, 0.018, 0.01, 0.008])
    zones_of = sorted((f["zone"], f["area_m2"]) for f in _features(r.files["gpkg"]))
    assert zones_of == [("34001", 40.0), ("34001", 100.0), ("34002", 40.0), ("34002", 100.0)]


def test_zones_without_the_field_are_refused_naming_the_fields(tmp_path):
    before, after = _zoned_pair(tmp_path)
    zones = _zones_file(tmp_path / "zones.gpkg", [("a", (X0, Y0 - 50, X0 + 50, Y0))])
    with pytest.raises(InputError, match="no field 'NOM'.*INSEE"):
        _run(tmp_path, before, after, zones=zones, zone_field="NOM")
    assert os.listdir(tmp_path / "out") == []


def test_zones_without_a_crs_are_taken_in_the_rasters_and_said(tmp_path):
    before, after = _zoned_pair(tmp_path)
    zones = _zones_file(tmp_path / "zones.gpkg", [("34001", (X0, Y0 - 120, X0 + 60, Y0)),
                                                  ("34002", (X0 + 60, Y0 - 120, X0 + 120, Y0))], with_crs=False)
    r = _run(tmp_path, before, after, zones=zones, zone_field="INSEE")
    assert [row["zone"] for row in r.zones] == ["34001", "34002", "all"]
    assert r.zones[0]["artificialisation_ha"] == pytest.approx(0.014)
    assert any("no CRS" in w for w in r.warnings)
    assert "no CRS" in open(r.files["report"], encoding="utf-8").read()


def test_zones_that_miss_the_rasters_are_refused(tmp_path):
    before, after = _zoned_pair(tmp_path)
    zones = _zones_file(tmp_path / "zones.gpkg", [("far", (X0 + 5000, Y0 - 50, X0 + 5050, Y0))])
    with pytest.raises(InputError, match="miss the rasters"):
        _run(tmp_path, before, after, zones=zones, zone_field="INSEE")
    assert os.listdir(tmp_path / "out") == []


# --- grids, overlap ------------------------------------------------------------------------------

def test_after_on_another_grid_is_read_onto_befores_pixels(tmp_path):
    rng = np.random.default_rng(5)
    b = rng.integers(1, 20, (100, 90)).astype(np.uint8)
    hi = np.repeat(np.repeat(b, 2, 0), 2, 1)
    hi[rng.random(hi.shape) < 0.2] = 7  # 0.5 m AFTER, shifted by a quarter of a metre
    os.makedirs(tmp_path / "out")
    before = write(tmp_path / "before.tif", b, res=1.0, nodata=0)
    after = write(tmp_path / "after.tif", hi, res=0.5, x0=X0 - 0.25, y0=Y0 + 0.25, nodata=0)
    r = _run(tmp_path, before, after)
    seen = hi[1::2, 1::2]  # each 1 m pixel's centre falls in the middle of AFTER pixel (2i+1, 2j+1)
    want = np.bincount(b.ravel().astype(int) * 20 + seen.ravel(), minlength=400).reshape(20, 20)
    assert (r.matrix == want).all()


def test_after_in_another_crs_is_warped_onto_befores_grid(tmp_path):
    from rasterio.warp import transform_bounds

    os.makedirs(tmp_path / "out")
    before = write(tmp_path / "before.tif", np.full((80, 90), HERB, np.uint8), res=1.0, nodata=0)
    x0, y0, x1, y1 = transform_bounds("EPSG:2154", "EPSG:32631", X0 - 20, Y0 - 100, X0 + 110, Y0 + 20)
    w, h = int(x1 - x0) + 1, int(y1 - y0) + 1  # 1 m UTM pixels covering BEFORE with room to spare
    after = write(tmp_path / "after.tif", np.full((h, w), WATER, np.uint8), res=1.0, x0=x0, y0=y1,
                  crs="EPSG:32631", nodata=0)
    r = _run(tmp_path, before, after)
    assert r.matrix[HERB, WATER] == 80 * 90 and r.matrix.sum() == 80 * 90


def test_partial_overlap_counts_the_common_area_only(tmp_path):
    b = np.full((100, 100), HERB, np.uint8)
    a = np.full((100, 100), WATER, np.uint8)
    os.makedirs(tmp_path / "out")
    before = write(tmp_path / "before.tif", b, res=1.0, nodata=0)
    after = write(tmp_path / "after.tif", a, res=1.0, x0=X0 + 30, y0=Y0 - 40, nodata=0)
    r = _run(tmp_path, before, after)
    assert r.matrix[HERB, WATER] == 70 * 60
    assert r.matrix.sum() == 70 * 60


def test_vintages_that_do_not_overlap_are_refused(tmp_path):
    os.makedirs(tmp_path / "out")
    before = write(tmp_path / "before.tif", np.full((50, 50), HERB, np.uint8), res=1.0, nodata=0)
    after = write(tmp_path / "after.tif", np.full((50, 50), HERB, np.uint8), res=1.0, x0=X0 + 1000, nodata=0)
    with pytest.raises(InputError, match="do not overlap"):
        _run(tmp_path, before, after)
    assert os.listdir(tmp_path / "out") == []


# --- bad inputs ----------------------------------------------------------------------------------

def test_imagery_instead_of_labels_is_refused(tmp_path):
    os.makedirs(tmp_path / "out")
    before = write(tmp_path / "before.tif", np.full((50, 50), HERB, np.uint8), res=1.0, nodata=0)
    rgb = np.random.default_rng(0).integers(0, 256, (3, 50, 50)).astype(np.uint8)
    after = write(tmp_path / "ortho.tif", rgb, res=1.0)
    with pytest.raises(InputError, match="looks like imagery"):
        _run(tmp_path, before, after)
    floats = write(tmp_path / "conf.tif", np.random.default_rng(0).random((50, 50)).astype(np.float32), res=1.0)
    with pytest.raises(InputError, match="floating-point"):
        _run(tmp_path, before, floats)
    assert os.listdir(tmp_path / "out") == []


def test_different_encodings_must_be_stated(tmp_path):
    b = np.full((60, 60), HERB, np.uint8)
    hub = np.full((60, 60), 8, np.uint8)  # FLAIR-HUB index 8 = herbaceous vegetation (code 10)
    hub[:10, :10] = 0  # index 0 = building
    os.makedirs(tmp_path / "out")
    before = write(tmp_path / "before.tif", b, res=1.0, nodata=0)
    after = write(tmp_path / "D034_AERIAL_LABEL-COSIA.tif", hub, res=1.0)
    with pytest.raises(InputError, match="--encoding flair19 --encoding-after flair-hub"):
        _run(tmp_path, before, after)
    r = _run(tmp_path, before, after, encoding="flair19", encoding_after="flair-hub")
    assert r.matrix[HERB, BUILDING] == 100 and r.matrix[HERB, HERB] == 3500


def test_an_output_over_an_input_is_refused(tmp_path):
    before, after = _zoned_pair(tmp_path)
    zones = _zones_file(tmp_path / "zones.gpkg", [("a", (X0, Y0 - 50, X0 + 50, Y0))])
    with pytest.raises(InputError, match="would replace the input"):
        change(ChangeParams(before, after, zones, zones=zones, zone_field="INSEE"))


# --- staging --------------------------------------------------------------------------------------

def test_a_cancelled_run_leaves_the_previous_outputs_byte_for_byte(tmp_path):
    before, after = _zoned_pair(tmp_path)
    first = _run(tmp_path, before, after)
    kept = {p: open(p, "rb").read() for p in first.files.values()}
    listing = sorted(os.listdir(tmp_path / "out"))
    token = CancelToken()

    def progress(done, total):
        if done > total // 2:  # in the second pass, after the staged files were started
            token.cancel()
    with pytest.raises(Cancelled):
        change(ChangeParams(before, after, str(tmp_path / "out" / "CHANGE.gpkg"), window=WIN), progress, token)
    assert sorted(os.listdir(tmp_path / "out")) == listing
    assert all(open(p, "rb").read() == data for p, data in kept.items())


_KILLED = r"""
import sys, time
from inference.change import polygons
from inference.change.params import ChangeParams
from inference.change.run import change
def stalled(*a, **k):  # every scratch file exists by now: both vintages' labels, the change raster, the raw layer
    open(sys.argv[4], "w").close()
    time.sleep(120)
polygons._copy = stalled
change(ChangeParams(sys.argv[1], sys.argv[2], sys.argv[3], window=64))
"""


def test_scratch_of_a_killed_run_is_removed_by_the_next_and_a_running_ones_kept(tmp_path):
    before, after = _zoned_pair(tmp_path)
    out, mark = tmp_path / "out", tmp_path / "stalled.mark"
    kill_at_mark(_KILLED, [before, after, out / "CHANGE.gpkg", mark], mark)
    assert len(os.listdir(out)) >= 4, os.listdir(out)  # the killed run's hidden files...
    running = ".CHANGE.gpkg.1-ab12cd34.flair-part.labels0"  # pid 1 runs: a run still going
    (out / running).write_bytes(b"partial")
    r = _run(tmp_path, before, after)
    assert sorted(os.listdir(out)) == sorted([running] + [os.path.basename(f) for f in r.files.values()])
    ref = change(ChangeParams(before, after, str(tmp_path / "CHANGE.gpkg"), window=WIN))  # ...gone; the result whole
    assert np.array_equal(r.matrix, ref.matrix) and r.polygons == ref.polygons > 0
    assert _features(r.files["gpkg"]) == _features(ref.files["gpkg"])
    for k in ("transitions", "zones", "qml"):
        assert open(r.files[k], "rb").read() == open(ref.files[k], "rb").read()


def test_report_is_written_in_french_or_english(tmp_path):
    import hashlib
    import json

    before, after = _zoned_pair(tmp_path)
    with open(os.path.splitext(before)[0] + "_report.json", "w", encoding="utf-8") as f:  # as segment writes it
        json.dump({"model": {"card": {"name": "FLAIR-INC RGBIE", "version": "1.0"}}}, f)
    r = _run(tmp_path, before, after, lang="fr")
    html = open(r.files["report"], encoding="utf-8").read()
    assert "Matrice de transition" in html and "2023-1096" in html and "OCS GE" in html
    assert "before.tif" in html and hashlib.sha256(open(before, "rb").read()).hexdigest() in html
    assert "FLAIR-INC RGBIE 1.0" in html  # the model that made BEFORE, from its run report
    feats = _features(r.files["gpkg"])
    assert {f["class_after"] for f in feats} >= {"bâtiment"}
    r = _run(tmp_path, before, after, lang="en")
    html = open(r.files["report"], encoding="utf-8").read()
    assert "Transition matrix" in html and "not the legal measure" in html


# --- the command line ------------------------------------------------------------------------------

def test_cli_writes_the_five_files_and_refuses_without_a_traceback(tmp_path, capsys, monkeypatch):
    before, after = _zoned_pair(tmp_path)
    out = str(tmp_path / "out" / "C.gpkg")
    assert main(["change", before, after, "-o", out, "--window", "64"]) == 0
    said = capsys.readouterr().out
    assert "artificialisation 0.0180 ha, renaturation 0.0100 ha, net 0.0080 ha" in said
    for name in ("C.gpkg", "C.qml", "C_transitions.csv", "C_zones.csv", "C_report.html"):
        assert os.path.exists(tmp_path / "out" / name)
    zones = _zones_file(tmp_path / "zones.gpkg", [("a", (X0, Y0 - 50, X0 + 50, Y0))])
    assert main(["change", before, after, "-o", out, "--zones", zones, "--zone-field", "NOPE"]) == 2
    err = capsys.readouterr().err
    assert "no field 'NOPE'" in err and "Traceback" not in err
    monkeypatch.chdir(tmp_path / "out")  # a relative output, as typed in a shell
    assert main(["change", before, after, "-o", "rel.gpkg"]) == 0
    assert os.path.isfile(tmp_path / "out" / "rel_report.html")
    zones = _zones_file(tmp_path / "zones2.gpkg", [("a", (X0, Y0 - 50, X0 + 50, Y0))])
    assert main(["change", before, after, "-o", out, "--zones", zones, "--zone-field", "NOPE"]) == 2
    err = capsys.readouterr().err
    assert "no field 'NOPE'" in err and "Traceback" not in err
