"""Polygons (issue 18): a label raster as a clean GeoPackage coverage, as a user sees it.

Exactness (``--mmu 0 --simplify 0``: each class's polygons cover exactly its pixels), the minimum
mapping unit (patches below it merged, above it kept, per class), a valid coverage after
simplification (every polygon valid, no gaps, no overlaps), polygons crossing window edges coming
out whole, and the refusals (nothing left behind, the previous output untouched)."""
from __future__ import annotations

import os

import numpy as np
import pytest
import shapely
from osgeo import ogr
from rasters import write
from test_faults import cli, leftovers, read_only_folder, sha

from inference.vector.run import VectorParams, vectorize

PX = 0.2 * 0.2


def load(path, layer="landcover"):
    """(geometries, codes, rows as dicts) of a GeoPackage layer."""
    ds = ogr.Open(str(path))
    lyr = ds.GetLayerByName(layer)
    geoms, rows = [], []
    for f in lyr:
        geoms.append(shapely.from_wkb(bytes(f.GetGeometryRef().ExportToWkb())))
        rows.append(f.items())
    return np.array(geoms, dtype=object), np.array([r["code"] for r in rows]), rows


def noisy_labels(seed=0, shape=(120, 150), speckle=0.08):
    """Blocks of land cover with speckle, a nodata corner and a nodata hole."""
    rng = np.random.default_rng(seed)
    a = np.repeat(np.repeat(rng.integers(1, 8, (shape[0] // 10, shape[1] // 10)), 10, 0), 10, 1).astype(np.uint8)
    speckle = rng.random(shape) < speckle
    a[speckle] = rng.integers(1, 20, speckle.sum())
    a[:15, :20] = 0
    a[60:64, 70:75] = 0
    return a


@pytest.fixture
def labels(tmp_path):
    a = noisy_labels()
    return a, write(tmp_path / "labels.tif", a, nodata=0)


def assert_coverage(geoms, valid_px):
    """Every polygon valid, no overlaps (pairwise intersections of zero area), no gaps (the union
    covers exactly the valid pixels' area)."""
    assert all(shapely.is_valid(geoms))
    assert shapely.coverage_is_valid(geoms)
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="intersects")
    keep = a < b
    overlap = shapely.area(shapely.intersection(geoms[a[keep]], geoms[b[keep]])).sum()
    assert overlap < 1e-9
    assert shapely.union_all(geoms).area == pytest.approx(valid_px * PX, rel=1e-9)


@pytest.mark.parametrize("window", [1024, 16, 7])
def test_exact_polygons_cover_each_class_pixel_for_pixel(tmp_path, labels, window):
    a, path = labels
    out = tmp_path / "exact.gpkg"
    r = vectorize(VectorParams(path, str(out), mmu_m2=0, simplify_m=0, window=window))
    geoms, codes, rows = load(out)
    for c in range(1, 20):
        assert shapely.area(geoms[codes == c]).sum() == pytest.approx((a == c).sum() * PX, abs=1e-6), c
    assert 0 not in codes  # nodata never becomes a polygon
    assert_coverage(geoms, (a > 0).sum())
    assert r.polygons == len(geoms)
    assert [row["area_m2"] for row in rows] == pytest.approx(list(shapely.area(geoms)), abs=1e-3)
    # in the raster's CRS and place
    x0, y0, x1, y1 = shapely.total_bounds(geoms)
    assert (x0, y1) == pytest.approx((770000.0, 6280000.0))
    assert (x1 - x0, y1 - y0) == pytest.approx((150 * 0.2, 120 * 0.2))


def test_default_simplification_keeps_a_valid_coverage_with_fewer_vertices(tmp_path):
    a = noisy_labels(speckle=0.01)
    path = write(tmp_path / "labels.tif", a, nodata=0)
    vectorize(VectorParams(path, str(tmp_path / "e.gpkg"), mmu_m2=0, simplify_m=0))
    r = vectorize(VectorParams(path, str(tmp_path / "d.gpkg")))
    exact, _, _ = load(tmp_path / "e.gpkg")
    geoms, codes, _ = load(tmp_path / "d.gpkg")
    assert r.mmu_px == 4 and r.simplify_px == 1.0
    assert_coverage(geoms, (a > 0).sum())  # nodata edges stay exact, so the union is unchanged
    before = shapely.get_num_coordinates(shapely.simplify(exact, 0)).sum()  # exact, collinear corners dropped
    assert shapely.get_num_coordinates(geoms).sum() < 0.5 * before
    for c in range(1, 8):  # the large classes (the blocks)
        assert shapely.area(geoms[codes == c]).sum() == pytest.approx((a == c).sum() * PX, rel=0.03), c


def test_polygons_crossing_window_edges_come_out_whole(tmp_path):
    a = np.full((40, 60), 2, np.uint8)
    a[5:35, 5:9] = 1  # a U-shaped building across several 8 px windows, with a hole of 2 inside
    a[30:35, 5:55] = 1
    a[5:35, 51:55] = 1
    a[12:15, 52:54] = 2
    path = write(tmp_path / "u.tif", a, nodata=0)
    for window, simplify in ((8, 0), (8, None), (1024, None)):
        out = tmp_path / f"u{window}{simplify}.gpkg"
        vectorize(VectorParams(path, str(out), mmu_m2=0, simplify_m=simplify, window=window))
        geoms, codes, _ = load(out)
        assert sorted(codes.tolist()) == [1, 2, 2], (window, simplify)  # one building, outside and the hole
        building = geoms[codes == 1][0]
        assert building.geom_type == "Polygon" and len(building.interiors) == 1
        assert building.area == pytest.approx((a == 1).sum() * PX, rel=0.05)
        assert_coverage(geoms, a.size)


def test_minimum_mapping_unit_merges_small_patches_into_the_largest_neighbour(tmp_path):
    a = np.full((60, 60), 10, np.uint8)  # herbaceous
    a[:, 40:] = 7  # deciduous on the right (larger neighbour of the patch at the edge)
    a[10:13, 10:13] = 1  # 9 px building: 0.36 m^2
    a[30:34, 10:14] = 1  # 16 px building: 0.64 m^2
    a[20:22, 38:40] = 13  # 4 px pool between 10 and 7
    path = write(tmp_path / "m.tif", a, nodata=0)
    vectorize(VectorParams(path, str(tmp_path / "m.gpkg"), mmu_m2=0.5, simplify_m=0))
    geoms, codes, _ = load(tmp_path / "m.gpkg")
    assert sorted(codes.tolist()) == [1, 7, 10]
    assert shapely.area(geoms[codes == 1]).sum() == pytest.approx(16 * PX)
    assert shapely.area(geoms[codes == 10]).sum() == pytest.approx((60 * 40 - 16) * PX)  # got the 9 px and the pool
    # a class's own unit: buildings kept from 0.3 m^2, the rest sieved at 1 m^2
    vectorize(VectorParams(path, str(tmp_path / "c.gpkg"), mmu_m2=1.0, mmu_class={1: 0.3}, simplify_m=0))
    geoms, codes, _ = load(tmp_path / "c.gpkg")
    assert sorted(codes.tolist()) == [1, 1, 7, 10]
    assert shapely.area(geoms[codes == 13]).sum() == 0
    # exactly the unit stays (16 px = 0.64 m^2)
    vectorize(VectorParams(path, str(tmp_path / "x.gpkg"), mmu_m2=0.64, simplify_m=0))
    assert sorted(load(tmp_path / "x.gpkg")[1].tolist()) == [1, 7, 10]


def test_fields_names_confidence_and_embedded_style(tmp_path, labels):
    a, path = labels
    conf = write(tmp_path / "labels_confidence.tif", np.full(a.shape, 204, np.uint8))
    r = cli("vectorize", path, "-o", tmp_path / "p.gpkg", "--confidence", conf, "--lang", "fr", "--layer", "oc")
    assert r.rc == 0, r.err
    _, codes, rows = load(tmp_path / "p.gpkg", "oc")
    assert {row["class"] for row in rows if row["code"] == 1} == {"bâtiment"}
    assert all(row["confidence"] == pytest.approx(80.0) for row in rows)
    ds = ogr.Open(str(tmp_path / "p.gpkg"))
    style = ds.GetLayerByName("layer_styles").GetNextFeature()
    assert style["f_table_name"] == "oc" and style["useAsDefault"] == 1
    qml = style["styleQML"]
    assert 'type="categorizedSymbol" attr="code"' in qml
    assert 'value="1" label="bâtiment"' in qml and "219,14,154,255" in qml  # the FLAIR palette
    assert not os.path.exists(tmp_path / "p.qml")  # would be the style of a raster p.tif
    assert "bâtiment" in r.out or "building" in r.out


def test_zero_based_labels_become_flair_codes(tmp_path):
    a = np.zeros((30, 30), np.uint8)  # flair13: 0 = building, 12 = other
    a[:, 15:] = 12
    path = write(tmp_path / "PRED_000001.tif", a)
    assert cli("vectorize", path, "-o", tmp_path / "p.gpkg").rc == 2  # ambiguous: say which
    r = cli("vectorize", path, "-o", tmp_path / "p.gpkg", "--encoding", "flair13", "--mmu", "0")
    assert r.rc == 0, r.err
    _, codes, rows = load(tmp_path / "p.gpkg")
    assert sorted(codes.tolist()) == [1, 19]


# --- refusals: a clear message, nothing left behind, the previous output untouched ---------------


def refused(r, *words):
    assert r.rc == 2, (r.rc, r.out, r.err)
    assert "Traceback" not in r.err
    for w in words:
        assert str(w).lower() in r.err.lower(), (w, r.err)


@pytest.fixture
def previous(tmp_path, labels):
    out = tmp_path / "out.gpkg"
    assert cli("vectorize", labels[1], "-o", out).rc == 0
    return out, sha(out)


def test_bad_inputs_are_refused_and_the_previous_output_kept(tmp_path, previous):
    out, before = previous
    text = tmp_path / "notes.tif"
    text.write_text("not a raster\n")
    rgb = write(tmp_path / "ortho.tif", np.random.default_rng(1).integers(0, 256, (3, 30, 30)).astype(np.uint8))
    grey = write(tmp_path / "grey.tif", np.random.default_rng(1).integers(0, 256, (30, 30)).astype(np.uint8))
    floats = write(tmp_path / "probs.tif", np.random.default_rng(1).random((30, 30)).astype(np.float32))
    nocrs = write(tmp_path / "nocrs.tif", np.ones((30, 30), np.uint8), crs=None, nodata=0)
    degrees = write(tmp_path / "deg.tif", np.ones((30, 30), np.uint8), res=1e-5, x0=3.8, y0=43.6,
                    crs="EPSG:4326", nodata=0)
    labels = write(tmp_path / "lab.tif", np.ones((30, 30), np.uint8), nodata=0)
    refused(cli("vectorize", text, "-o", out), "notes.tif", "raster")
    refused(cli("vectorize", rgb, "-o", out), "ortho.tif", "imagery")
    refused(cli("vectorize", grey, "-o", out), "grey.tif", "imagery")
    refused(cli("vectorize", floats, "-o", out), "probs.tif", "float32")
    refused(cli("vectorize", nocrs, "-o", out), "nocrs.tif", "no CRS")
    refused(cli("vectorize", degrees, "-o", out), "deg.tif", "degrees")
    refused(cli("vectorize", labels, "-o", labels), "lab.tif", "replace")
    refused(cli("vectorize", labels, "-o", tmp_path / "lab.shp"), "GeoPackage")
    refused(cli("vectorize", labels, "-o", tmp_path / "nope" / "o.gpkg"), "nope")
    assert sha(out) == before
    assert leftovers(tmp_path) == []


def test_read_only_folder(tmp_path, labels):
    ro = tmp_path / "ro"
    ro.mkdir()
    with read_only_folder(ro):
        refused(cli("vectorize", labels[1], "-o", ro / "p.gpkg"), str(ro))
        assert os.listdir(ro) == []


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")  # closing fails silently
def test_full_disk_keeps_the_previous_output(tmp_path, small_disk):
    small = write(tmp_path / "small.tif", np.ones((20, 20), np.uint8), nodata=0)
    out = small_disk / "p.gpkg"
    assert cli("vectorize", small, "-o", out).rc == 0
    before = sha(out)
    big = write(tmp_path / "big.tif", noisy_labels(2, (400, 400)), nodata=0)
    refused(cli("vectorize", big, "-o", out, "--mmu", "0", "--simplify", "0"), "p.gpkg", "full")
    assert sha(out) == before
    assert sorted(os.listdir(small_disk)) == ["p.gpkg"]


def test_cancel_leaves_nothing(tmp_path, labels, previous):
    from inference.core.cancel import Cancelled, CancelToken

    out, before = previous
    token = CancelToken()
    with pytest.raises(Cancelled):
        vectorize(VectorParams(labels[1], str(out), window=16), progress=lambda d, t: token.cancel(), cancel=token)
    assert sha(out) == before
    assert leftovers(tmp_path) == []


def test_a_child_process_gives_the_same_result_errors_and_cancel(tmp_path, labels):
    """QGIS runs vectorize in a child Python (vector/child.py): same polygons, the command line's
    message on a bad input, and a cancel that leaves nothing behind."""
    from inference.core.cancel import Cancelled, CancelToken
    from inference.vector.child import ChildError, vectorize_in_child

    a, path = labels
    seen = []
    r = vectorize_in_child(VectorParams(path, str(tmp_path / "c.gpkg"), mmu_class={1: 0.5}, lang="fr", window=1024),
                           progress=lambda d, t: seen.append((d, t)))
    direct = vectorize(VectorParams(path, str(tmp_path / "d.gpkg"), mmu_class={1: 0.5}, lang="fr"))
    assert seen and seen[-1][0] == seen[-1][1]
    assert (r.polygons, r.areas_m2, r.names, r.mmu_px) == (direct.polygons, direct.areas_m2, direct.names, direct.mmu_px)
    assert r.names[1] == "bâtiment"
    text = tmp_path / "notes.tif"
    text.write_text("no raster\n")
    with pytest.raises(ChildError, match="notes.tif cannot be read as a raster"):
        vectorize_in_child(VectorParams(str(text), str(tmp_path / "e.gpkg")))
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        vectorize_in_child(VectorParams(path, str(tmp_path / "f.gpkg")), cancel=token)
    assert not os.path.exists(tmp_path / "f.gpkg") and leftovers(tmp_path) == []


def test_the_front_end_lets_go_of_the_geopackage_while_the_child_replaces_it(tmp_path, labels, previous):
    """The child's swap is out of the parent's reach: its front end (QGIS: the polygons layer) lets go of
    the file for the child's whole run (Windows refuses to replace an open file)."""
    from inference.segment import commit
    from inference.vector.child import vectorize_in_child

    out, _ = previous
    before = os.stat(out).st_ino
    seen = []

    class LetGo:
        def __init__(self, paths):
            self.paths = paths

        def __enter__(self):
            seen.append(("enter", self.paths, os.stat(out).st_ino))

        def __exit__(self, *exc):
            seen.append(("exit", os.stat(out).st_ino))

    commit.set_let_go(LetGo)
    try:
        vectorize_in_child(VectorParams(labels[1], str(out)))
    finally:
        commit.set_let_go(None)
    assert seen == [("enter", [str(out)], before), ("exit", os.stat(out).st_ino)]
    assert os.stat(out).st_ino != before  # replaced while the front end held nothing


def test_segment_polygons_vectorises_the_map_as_the_run_ends(tmp_path):
    """``segment --confidence --polygons``: the map's polygons, with the run's confidence, the
    codes of the map; a wrong polygons path is refused before the run."""
    import rasterio

    from inference.models.baseline import build_baseline_model

    data = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "data",
                        "montpellier")
    model = build_baseline_model(str(tmp_path / "baseline.onnx")) or str(tmp_path / "baseline.onnx")
    src = [f"R={data}/ortho_rgb_20cm.tif:1", f"G={data}/ortho_rgb_20cm.tif:2", f"B={data}/ortho_rgb_20cm.tif:3",
           f"NIR={data}/ortho_irc_20cm.tif:1", f"NDSM={data}/dhm_50cm.tif"]
    out = tmp_path / "lc.tif"
    refused(cli("segment", "-m", model, "-o", out, *src, "--polygons", tmp_path / "lc.shp"), "GeoPackage")
    assert not out.exists()
    r = cli("segment", "-m", model, "-o", out, *src, "--confidence", "--polygons", tmp_path / "lc.gpkg",
            "--mmu", "0", "--simplify", "0")
    assert r.rc == 0, r.err
    with rasterio.open(out) as ds:
        a = ds.read(1)
    geoms, codes, rows = load(tmp_path / "lc.gpkg")
    for c in np.unique(a[a > 0]):
        assert shapely.area(geoms[codes == c]).sum() == pytest.approx((a == c).sum() * PX, abs=1e-6)
    assert all(0 < row["confidence"] <= 100 for row in rows)
    assert "lc.gpkg" in r.out
