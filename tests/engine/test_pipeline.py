"""The streaming pipeline against models whose output is known exactly."""
import os

import numpy as np
import pytest
import rasterio
import tiny_models as tm
from rasters import X0, Y0, random_bands, write

from inference.core.cancel import Cancelled, CancelToken
from inference.models.card import CardOverrides
from inference.segment.params import SegmentParams
from inference.segment.pipeline import segment
from inference.segment.sources import FileSource

CODES = (1, 5, 7)


def _run(model, paths, out, **kw):
    entries = []
    for p in paths:
        if isinstance(p, tuple):
            entries.append((p[0], FileSource(p[1]), p[2] if len(p) > 2 else None))
        else:
            entries.append((None, FileSource(p), None))
    return segment(SegmentParams(model=model, sources=entries, output=str(out), **kw))


def _expected_box(x, k):
    scores = tm.box_reference(x.astype(np.float32), k) if k > 1 else x.astype(np.float64)
    return np.asarray(CODES, np.uint8)[np.argmax(scores, axis=0)]


@pytest.fixture(scope="module")
def image(tmp_path_factory):
    d = tmp_path_factory.mktemp("img")
    data = random_bands((1000, 777), seed=1)
    return write(d / "in.tif", data), data


@pytest.mark.parametrize("k,tile,margin", [(1, 64, 0), (3, 64, 1), (5, 64, 2), (5, 100, 8), (3, 512, 128)])
def test_tiled_output_equals_single_pass(tmp_path, image, k, tile, margin):
    path, data = image
    model = str(tmp_path / "m.onnx")
    card = tm.card(["R", "G", "B"], CODES)
    tm.pointwise(model, 3, card) if k == 1 else tm.box(model, k, 3, card)
    res = _run(model, [path], tmp_path / "out.tif", tile=tile, margin=margin)
    with rasterio.open(res.output) as ds:
        got = ds.read(1)
    assert got.shape == (1000, 777)
    assert np.array_equal(got, _expected_box(data, k))


def test_margin_smaller_than_receptive_field_shows_seams(tmp_path, image):
    """The check above can fail: with no margin a 5x5 model differs along tile seams."""
    path, data = image
    model = tm.box(str(tmp_path / "m.onnx"), 5, 3, tm.card(["R", "G", "B"], CODES))
    res = _run(model, [path], tmp_path / "out.tif", tile=64, margin=0)
    with rasterio.open(res.output) as ds:
        assert not np.array_equal(ds.read(1), _expected_box(data, 5))


def test_blend_equals_crop_for_a_pointwise_model(tmp_path, image):
    path, data = image
    model = tm.pointwise(str(tmp_path / "m.onnx"), 3, tm.card(["R", "G", "B"], CODES))
    res = _run(model, [path], tmp_path / "out.tif", tile=64, margin=16, stitch="blend")
    with rasterio.open(res.output) as ds:
        assert np.array_equal(ds.read(1), _expected_box(data, 1))


@pytest.mark.parametrize("shape", [(30, 40), (1, 1), (64, 10)])
def test_raster_smaller_than_a_tile(tmp_path, shape):
    data = random_bands(shape, seed=2)
    path = write(tmp_path / "small.tif", data)
    model = tm.box(str(tmp_path / "m.onnx"), 3, 3, tm.card(["R", "G", "B"], CODES))
    res = _run(model, [path], tmp_path / "out.tif", tile=64, margin=8)
    with rasterio.open(res.output) as ds:
        assert ds.shape == shape
        assert np.array_equal(ds.read(1), _expected_box(data, 3))


def test_output_is_a_styled_georeferenced_code_raster(tmp_path, image):
    path, _ = image
    model = tm.pointwise(str(tmp_path / "m.onnx"), 3, tm.card(["R", "G", "B"], CODES))
    res = _run(model, [path], tmp_path / "out.tif", tile=256, margin=32, confidence=True)
    with rasterio.open(res.output) as ds, rasterio.open(path) as src:
        assert ds.dtypes[0] == "uint8" and ds.nodata == 0
        assert ds.crs == src.crs and ds.transform.almost_equals(src.transform)
        assert ds.profile["tiled"] and ds.profile["compress"] == "deflate"
        assert ds.overviews(1) == [2, 4, 8]
        assert ds.colormap(1)[7][:3] == (0x46, 0xE4, 0x83)
        assert ds.tags(1)["CLASS_13"] == "swimming pool"
    qml = open(res.qml).read()
    assert 'value="5"' in qml and 'label="water"' in qml
    assert 'value="13"' not in qml  # legend: only the classes present
    with rasterio.open(res.confidence) as c:
        conf = c.read(1)
    assert conf.min() >= 1  # max softmax prob of 3 classes >= 1/3 -> >= 85
    assert conf.min() >= 85
    assert os.path.exists(res.report)
    assert sum(res.class_pixels.values()) == 1000 * 777
    assert res.class_areas_m2[5] == pytest.approx(res.class_pixels[5] * 0.04)


def test_nodata_inputs_and_pixels_outside_inputs_are_nodata(tmp_path):
    data = np.full((3, 100, 100), 50, np.uint8)
    data[0, :, :] = 200  # R wins everywhere -> code 1
    data[:, 10:20, 10:20] = 255  # every band at nodata -> 0
    path = write(tmp_path / "in.tif", data, nodata=255)
    model = tm.pointwise(str(tmp_path / "m.onnx"), 3, tm.card(["R", "G", "B"], CODES))
    # extent reaching 4 m (20 px) east of the raster: the map stops where the imagery does
    res = _run(model, [path], tmp_path / "out.tif", tile=64, margin=8,
               extent=(X0, Y0 - 20, X0 + 24, Y0))
    with rasterio.open(res.output) as ds:
        got = ds.read(1)
    assert got.shape == (100, 100) and any("beyond the imagery" in n for n in res.notes)
    from inference.core.messages import again

    assert any(again(n, "fr").startswith("l’emprise dépasse l’imagerie") for n in res.notes)
    assert (got[10:20, 10:20] == 0).all()
    assert (got[:10] == 1).all() and (got[20:] == 1).all()


def test_sources_on_other_grids_and_crs_are_resampled(tmp_path):
    """R,G,B at 0.2 m in Lambert-93; NIR constant 250 at 0.5 m in Web Mercator over the west half."""
    rgb = np.full((3, 200, 200), 100, np.uint8)
    rgb_path = write(tmp_path / "rgb.tif", rgb)
    from rasterio.warp import transform_bounds

    w, s, e, n = transform_bounds("EPSG:2154", "EPSG:3857", X0 - 10, Y0 - 40, X0 + 20, Y0 + 10)
    nir = np.full((int((n - s) / 0.5), int((e - w) / 0.5)), 250, np.uint8)
    nir_path = write(tmp_path / "nir.tif", nir, res=0.5, x0=w, y0=n, crs="EPSG:3857", nodata=0)
    model = tm.pointwise(str(tmp_path / "m.onnx"), 4, tm.card(["R", "G", "B", "NIR"], (1, 5, 7, 10)))
    res = _run(model, [rgb_path, ("NIR", nir_path, 1)], tmp_path / "out.tif", tile=64, margin=4)
    with rasterio.open(res.output) as ds:
        got = ds.read(1)
        assert ds.transform.almost_equals(rasterio.open(rgb_path).transform)
    # NIR covers x < X0 + 20 m -> columns < 100 (minus a pixel of bilinear edge); beyond it: nodata
    assert (got[5:195, :95] == 10).all()
    assert (got[:, 105:] == 0).all()


def test_ndsm_from_dsm_and_dtm(tmp_path):
    rgb = np.full((3, 50, 50), 10, np.uint8)
    dsm = np.full((50, 50), 120.0, np.float32)
    dtm = np.full((50, 50), 100.0, np.float32)
    dsm[:, 25:] = 100.0  # 20 m high on the west half, 0 m on the east
    paths = [write(tmp_path / f"{n}.tif", a) for n, a in (("rgb", rgb), ("dsm", dsm), ("dtm", dtm))]
    card = tm.card(["R", "G", "B", "NDSM"], (3, 4, 5, 1), encoding={"NDSM": "height_0.2m_uint8"})
    model = tm.pointwise(str(tmp_path / "m.onnx"), 4, card)
    res = _run(model, [paths[0], ("DSM", paths[1]), ("DTM", paths[2])], tmp_path / "out.tif")
    with rasterio.open(res.output) as ds:
        got = ds.read(1)
    assert (got[:, :25] == 1).all()  # 20 m / 0.2 = 100 > 10: NDSM wins
    assert (got[:, 25:] == 3).all()  # 0 m: tie at 10 broken by the first band (R)


def test_generic_model_writes_index_plus_one_with_metadata_names(tmp_path, image):
    path, data = image
    meta = {"class_names": '["road", "field", "forest"]', "resolution": "20", "model_type": "Segmentor"}
    model = tm.pointwise(str(tmp_path / "m.onnx"), 3, None, meta=meta)
    res = _run(model, [path], tmp_path / "out.tif", overrides=CardOverrides(scale=1.0), tile=128, margin=0)
    with rasterio.open(res.output) as ds:
        assert np.array_equal(ds.read(1), data.argmax(0).astype(np.uint8) + 1)
        assert ds.tags(1)["CLASS_2"] == "field"
    assert 'label="forest"' in open(res.qml).read()


def test_cancel_leaves_nothing_behind(tmp_path, image):
    path, _ = image
    model = tm.pointwise(str(tmp_path / "m.onnx"), 3, tm.card(["R", "G", "B"], CODES))
    token = CancelToken()
    seen = []

    def progress(p):
        seen.append(p)
        if p.done >= 3:
            token.cancel()

    out = tmp_path / "out.tif"
    with pytest.raises(Cancelled):
        segment(SegmentParams(model=model, sources=[(None, FileSource(path), None)], output=str(out),
                              tile=64, margin=8, confidence=True), progress=progress, cancel=token)
    assert seen and seen[0].total > 3 and seen[0].tiles_per_s > 0
    assert os.listdir(tmp_path) == ["m.onnx"]


def test_failure_mid_run_leaves_nothing_behind(tmp_path, image, monkeypatch):
    path, _ = image
    model = tm.pointwise(str(tmp_path / "m.onnx"), 3, tm.card(["R", "G", "B"], CODES))
    from inference.segment import stack

    calls = {"n": 0}
    real = stack.StackReader.read

    def flaky(self, rows, cols):
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError("disk went away")
        return real(self, rows, cols)

    monkeypatch.setattr(stack.StackReader, "read", flaky)
    with pytest.raises(OSError, match="disk went away"):
        _run(model, [path], tmp_path / "out.tif", tile=64, margin=8)
    assert os.listdir(tmp_path) == ["m.onnx"]


def test_existing_output_is_kept_when_a_run_fails(tmp_path, image, monkeypatch):
    path, _ = image
    model = tm.pointwise(str(tmp_path / "m.onnx"), 3, tm.card(["R", "G", "B"], CODES))
    out = tmp_path / "out.tif"
    out.write_bytes(b"previous result")
    from inference.segment import stack

    monkeypatch.setattr(stack.StackReader, "read", lambda *a: (_ for _ in ()).throw(OSError("boom")))
    with pytest.raises(OSError):
        _run(model, [path], out, tile=64, margin=8)
    assert out.read_bytes() == b"previous result"


def test_polygons_limit_the_run_to_tiles_that_touch_them(tmp_path, image, monkeypatch):
    path, data = image
    from inference.models.session import Session

    runs = []
    real_run = Session.run
    monkeypatch.setattr(Session, "run", lambda self, x: runs.append(len(x)) or real_run(self, x))
    model = tm.pointwise(str(tmp_path / "m.onnx"), 3, tm.card(["R", "G", "B"], CODES))
    # a 20 m x 10 m rectangle 10 m from the top-left corner: rows 50..100, cols 50..150
    poly = {"type": "Polygon", "coordinates": [[(X0 + 10, Y0 - 10), (X0 + 30, Y0 - 10), (X0 + 30, Y0 - 20),
                                                (X0 + 10, Y0 - 20), (X0 + 10, Y0 - 10)]]}
    ran = []
    res = segment(SegmentParams(model=model, sources=[(None, FileSource(path), None)], output=str(tmp_path / "o.tif"),
                                tile=64, margin=8, polygons=[poly]), progress=ran.append)
    with rasterio.open(res.output) as ds:
        got = ds.read(1)
    inside = got[50:100, 50:150]
    assert np.array_equal(inside, _expected_box(data, 1)[50:100, 50:150])
    outside = got.copy()
    outside[50:100, 50:150] = 0
    assert not outside.any()
    assert ran[-1].done == ran[-1].total == res.tiles
    assert 0 < sum(runs) <= 6 < res.tiles  # the rectangle's core spans at most 2 x 3 of 48 x 36 px cores
