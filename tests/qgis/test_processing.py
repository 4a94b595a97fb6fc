"""The Processing algorithms work without the GUI: processing.run(...), and qgis_process."""
from __future__ import annotations

import json
import os
import shutil
import subprocess

import numpy as np
import pytest
import rasterio
import tiny_models
from qgis_helpers import DATA, PLUGINS_DIR, files_in, recording_feedback

RGB, IRC, DHM = (os.path.join(DATA, f) for f in ("ortho_rgb_20cm.tif", "ortho_irc_20cm.tif", "dhm_50cm.tif"))


def test_segment_with_the_builtin_model(processing, tmp_path):
    from qgis.core import QgsPalettedRasterRenderer, QgsRasterLayer

    out = str(tmp_path / "lc.tif")
    res = processing.run("flair:segment", {"RGB": RGB, "NIR": IRC, "NIR_BAND": 1, "NDSM": DHM, "OUTPUT": out})
    assert res["OUTPUT"] == out and res["DEVICE_USED"] == "CPU"
    assert json.load(open(res["REPORT"]))["model"]["card"]["name"].startswith("Spectral-height baseline")
    with rasterio.open(out) as ds:
        codes = ds.read(1)
        assert (ds.width, ds.height) == (252, 252)
    assert set(np.unique(codes)) - {0} <= {1, 3, 4, 7, 10, 13}
    # the .qml beside it styles the file whenever QGIS opens it (toolbox results too)
    layer = QgsRasterLayer(out, "lc")
    assert isinstance(layer.renderer(), QgsPalettedRasterRenderer)
    assert {c.value for c in layer.renderer().classes()} == set(np.unique(codes)) - {0}


def test_segment_extent_polygons_and_dsm_dtm(processing, tmp_path):
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    zones = QgsVectorLayer("Polygon?crs=EPSG:2154", "zones", "memory")
    f = QgsFeature()
    f.setGeometry(QgsGeometry.fromWkt("POLYGON((770560 6277560, 770570 6277560, 770560 6277570, 770560 6277560))"))
    zones.dataProvider().addFeatures([f])
    out = str(tmp_path / "tri.tif")
    processing.run("flair:segment", {
        "RGB": RGB, "NIR": IRC, "DSM": os.path.join(DATA, "dsm_50cm.tif"), "DTM": os.path.join(DATA, "dtm_50cm.tif"),
        "POLYGONS": zones, "CONFIDENCE": True, "OUTPUT": out})
    with rasterio.open(out) as ds:
        codes = ds.read(1)
        assert ds.bounds == pytest.approx((770560, 6277560, 770570, 6277570), abs=1e-6)
    # a triangle: classified below the diagonal, nodata above it
    assert (codes[-5:, :5] > 0).all() and (codes[:5, -5:] == 0).all()
    assert os.path.isfile(str(tmp_path / "tri_confidence.tif"))
    out2 = str(tmp_path / "box.tif")
    processing.run("flair:segment", {"RGB": RGB, "NIR": IRC, "NDSM": DHM,
                                     "EXTENT": "770550,770560,6277580,6277590 [EPSG:2154]", "OUTPUT": out2})
    with rasterio.open(out2) as ds:
        assert ds.bounds == pytest.approx((770550, 6277580, 770560, 6277590), abs=1e-6)


def _errors_of(processing, alg, params) -> str:
    from qgis.core import QgsProcessingException

    feedback = recording_feedback()
    with pytest.raises(QgsProcessingException):
        processing.run(alg, params, feedback=feedback)
    return "\n".join(feedback.errors)


def test_segment_says_which_input_is_missing(processing, tmp_path):
    errors = _errors_of(processing, "flair:segment", {"RGB": RGB, "OUTPUT": str(tmp_path / "x.tif")})
    assert "the model takes R, G, B, NIR, NDSM; no layer given for NIR" in errors and "NDSM (set NDSM, or both DSM and DTM)" in errors
    assert files_in(tmp_path) == []


def test_segment_refuses_a_model_without_card(processing, tmp_path):
    model = tiny_models.pointwise(str(tmp_path / "nocard.onnx"), n_bands=4)
    errors = _errors_of(processing, "flair:segment", {"MODEL": model, "RGB": RGB, "OUTPUT": str(tmp_path / "x.tif")})
    assert "no FLAIR model card" in errors and "input roles" in errors
    assert files_in(tmp_path) == ["nocard.onnx"]


def test_segment_with_a_tiny_model_is_exact(processing, tmp_path):
    model = tiny_models.pointwise(str(tmp_path / "rgb.onnx"), n_bands=3,
                                  card_dict=tiny_models.card(["R", "G", "B"], [2, 4, 6]))
    out = str(tmp_path / "argmax.tif")
    processing.run("flair:segment", {"MODEL": model, "RGB": RGB, "OUTPUT": out, "TILE": 64, "MARGIN": 8})
    with rasterio.open(RGB) as ds:
        rgb = ds.read()
    expected = np.array([2, 4, 6], np.uint8)[np.argmax(rgb, axis=0)]
    expected[np.all(rgb == 255, axis=0)] = 0
    with rasterio.open(out) as ds:
        assert np.array_equal(ds.read(1), expected)


def test_segment_over_an_extent_beyond_the_imagery_maps_the_imagery_and_says_so(processing, tmp_path):
    model = tiny_models.pointwise(str(tmp_path / "rgb.onnx"), n_bands=3,
                                  card_dict=tiny_models.card(["R", "G", "B"], [2, 4, 6]))
    with rasterio.open(RGB) as ds:
        bounds, transform = ds.bounds, ds.transform
    far = f"{bounds.left - 5000},{bounds.right + 5000},{bounds.bottom - 5000},{bounds.top + 5000} [EPSG:2154]"
    out = str(tmp_path / "far.tif")
    feedback = recording_feedback()
    processing.run("flair:segment", {"MODEL": model, "RGB": RGB, "EXTENT": far, "OUTPUT": out}, feedback=feedback)
    with rasterio.open(out) as ds:
        assert (ds.width, ds.height) == (252, 252) and ds.transform.almost_equals(transform)
    assert any("the map covers only where there is imagery, 252 x 252 px" in w for w in feedback.warnings)


def test_style_a_13_class_index_raster(processing, clean_project, tmp_path):
    from qgis.core import QgsPalettedRasterRenderer, QgsRasterLayer

    path = str(tmp_path / "pred.tif")
    values = np.array([[0, 0, 4], [12, 4, 0]], np.uint8)  # 13-class 0-based: building, water, other
    from rasterio.transform import from_origin

    with rasterio.open(path, "w", driver="GTiff", width=3, height=2, count=1, dtype="uint8", crs="EPSG:2154",
                       transform=from_origin(770000, 6277000, 0.2, 0.2)) as ds:
        ds.write(values, 1)
    layer = QgsRasterLayer(path, "pred")
    clean_project.addMapLayer(layer)
    from qgis.core import QgsProcessingException

    feedback = recording_feedback()
    with pytest.raises(QgsProcessingException):  # 0..12 fits four encodings: the user must say which
        processing.run("flair:style", {"INPUT": layer, "ENCODING": 0}, feedback=feedback)
    assert any("cannot tell how pred is encoded" in e and "13-class" in e for e in feedback.said)
    assert not os.path.isfile(str(tmp_path / "pred.qml"))
    res = processing.run("flair:style", {"INPUT": layer, "ENCODING": 3})  # 13-class baseline
    assert res["PRESENT"] == "0,4,12"
    renderer = layer.renderer()
    assert isinstance(renderer, QgsPalettedRasterRenderer)
    assert [(c.value, c.label) for c in renderer.classes()] == [
        (0, "building"), (4, "water"), (12, "other (codes 13-19)")]
    assert renderer.classes()[0].color.name() == "#db0e9a"
    with rasterio.open(path) as ds:
        assert ds.colormap(1)[4][:3] == (0x15, 0x53, 0xAE)
    assert os.path.isfile(str(tmp_path / "pred.qml"))


def test_style_guesses_an_lpis_raster_from_its_name(processing, clean_project, tmp_path):
    from qgis.core import QgsRasterLayer
    from rasterio.transform import from_origin

    path = str(tmp_path / "D033-2021_ALL_LABEL-LPIS_AB-S1_1-1.tif")
    with rasterio.open(path, "w", driver="GTiff", width=3, height=1, count=1, dtype="uint8", crs="EPSG:2154",
                       transform=from_origin(770000, 6277000, 0.2, 0.2)) as ds:
        ds.write(np.array([[0, 1, 22]], np.uint8), 1)
    layer = QgsRasterLayer(path, "lpis")
    clean_project.addMapLayer(layer)
    res = processing.run("flair:style", {"INPUT": layer, "ENCODING": 0})
    assert res["PRESENT"] == "0,1,22"
    assert [c.label for c in layer.renderer().classes()] == ["grasses", "wheat", "background"]


def _qgis_process():
    return shutil.which("qgis_process.bin") or shutil.which("qgis_process")


@pytest.mark.skipif(_qgis_process() is None, reason="qgis_process is not installed")
def test_qgis_process_runs_flair_segment(tmp_path):
    """As a user would, once the plugin is installed: qgis_process run flair:segment -- ..."""
    import onnxruntime

    out = str(tmp_path / "cli.tif")
    # the plugin installed in a profile's plugin path, onnxruntime where pip --user would put it
    env = dict(os.environ, QGIS_PLUGINPATH=PLUGINS_DIR, QT_QPA_PLATFORM="offscreen",
               QGIS_CUSTOM_CONFIG_PATH=str(tmp_path / "profile"),
               PYTHONPATH=os.path.dirname(os.path.dirname(onnxruntime.__file__)))
    enable = subprocess.run([_qgis_process(), "plugins", "enable", "flair_qgis"], env=env, capture_output=True,
                            text=True, timeout=60)
    assert "* flair_qgis" in enable.stdout, enable.stdout + enable.stderr
    cmd = [_qgis_process(), "run", "flair:segment", "--", f"RGB={RGB}", f"NIR={IRC}", f"NDSM={DHM}", f"OUTPUT={out}"]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "OUTPUT:" in proc.stdout and "DEVICE_USED:\tCPU" in proc.stdout
    with rasterio.open(out) as ds:
        assert ds.read(1).any()


def test_segment_on_local_dask_workers_equals_the_run_in_qgis(processing, tmp_path):
    pytest.importorskip("distributed")
    model = tiny_models.box(str(tmp_path / "box.onnx"), 5, 3, tiny_models.card(["R", "G", "B"], [2, 4, 6]))
    common = {"MODEL": model, "RGB": RGB, "TILE": 64, "MARGIN": 1}
    processing.run("flair:segment", {**common, "OUTPUT": str(tmp_path / "qgis.tif")})
    processing.run("flair:segment", {**common, "OUTPUT": str(tmp_path / "dask.tif"), "WORKERS": 2})
    with rasterio.open(tmp_path / "qgis.tif") as a, rasterio.open(tmp_path / "dask.tif") as b:
        assert np.array_equal(a.read(1), b.read(1))
    assert json.load(open(tmp_path / "dask_report.json"))["blocks"]["total"] >= 1


def test_a_vrt_output_is_a_mosaic_of_cog_blocks_as_on_the_command_line(processing, tmp_path):
    """OUTPUT NAME.vrt runs blocks into a VRT over COGs (NAME_blocks/), as `-o NAME.vrt` does (it was
    refused: a GeoTIFF only); other formats are still refused by name."""
    model = tiny_models.box(str(tmp_path / "box.onnx"), 5, 3, tiny_models.card(["R", "G", "B"], [2, 4, 6]))
    common = {"MODEL": model, "RGB": RGB, "TILE": 64, "MARGIN": 1}
    processing.run("flair:segment", {**common, "OUTPUT": str(tmp_path / "one.tif")})
    res = processing.run("flair:segment", {**common, "OUTPUT": str(tmp_path / "mosaic.vrt")})
    assert res["OUTPUT"] == str(tmp_path / "mosaic.vrt")
    with rasterio.open(tmp_path / "one.tif") as a, rasterio.open(tmp_path / "mosaic.vrt") as b:
        assert b.driver == "VRT" and np.array_equal(a.read(1), b.read(1))
    assert len(os.listdir(tmp_path / "mosaic_blocks")) == 1 and os.path.exists(tmp_path / "mosaic.qml")
    assert "(.vrt), not" in _errors_of(processing, "flair:segment", {**common, "OUTPUT": str(tmp_path / "x.img")})


def test_show_more_lists_what_the_run_decided(pkg, tmp_path):
    from flair_qgis.inference.segment.params import SegmentParams
    from flair_qgis.inference.segment.pipeline import segment
    from flair_qgis.inference.segment.sources import FileSource
    from flair_qgis.qgis_glue.run.result import details, details_html

    model = tiny_models.pointwise(str(tmp_path / "rgb.onnx"), n_bands=3,
                                  card_dict=tiny_models.card(["R", "G", "B"], [2, 4, 6]))
    with rasterio.open(RGB) as ds:
        b = ds.bounds
    result = segment(SegmentParams(model=model, sources=[(None, FileSource(RGB), None)], output=str(tmp_path / "o.tif"),
                                   extent=(b.left - 100, b.bottom - 100, b.right + 100, b.top + 100), device="cpu"))
    assert "the map covers only where there is imagery, 252 x 252 px" in details_html(result)
    assert "the map covers only where there is imagery" in details(result)


def test_a_note_names_the_field_to_set_in_qgis_not_the_command_line_option(processing, tmp_path):
    """Non-square pixels under a model with no resolution of its own: Processing's log and the dock's
    "Show more" say which QGIS field chooses the pixel size; the command line says --resolution."""
    from affine import Affine
    from flair_qgis.inference.segment.params import SegmentParams
    from flair_qgis.inference.segment.pipeline import segment
    from flair_qgis.inference.segment.sources import FileSource
    from flair_qgis.qgis_glue.run.result import details_html

    drone = str(tmp_path / "drone.tif")
    with rasterio.open(drone, "w", driver="GTiff", width=40, height=40, count=3, dtype="uint8", crs="EPSG:2154",
                       transform=Affine(0.02, 0, 770000.0, 0, -0.0201, 6280000.0)) as ds:
        ds.write(np.random.default_rng(0).integers(0, 255, (3, 40, 40), dtype=np.uint8))
    model = tiny_models.pointwise(str(tmp_path / "own.onnx"), n_bands=3,
                                  card_dict=tiny_models.card(["R", "G", "B"], [2, 4, 6], resolution_m=None))
    feedback = recording_feedback()
    processing.run("flair:segment", {"MODEL": model, "RGB": drone, "OUTPUT": str(tmp_path / "p.tif")},
                   feedback=feedback)
    said = [w for w in feedback.warnings if "not square" in w]
    assert said and said[0].endswith("choose another pixel size if need be (the Resolution parameter)")
    result = segment(SegmentParams(model=model, sources=[(None, FileSource(drone), None)],
                                   output=str(tmp_path / "d.tif"), device="cpu"))
    assert result.notes[0].endswith("(--resolution)")
    assert "choose another pixel size if need be (the Resolution field)" in details_html(result)


def test_segment_also_writes_polygons_covering_the_map(processing, tmp_path):
    """flair:segment's "Also write polygons": a GeoPackage of the map it wrote (in a child Python,
    as the dock), whose per-class areas are the raster's with no minimum unit and no simplification."""
    from qgis.core import QgsVectorLayer

    model = tiny_models.pointwise(str(tmp_path / "rgb.onnx"), n_bands=3,
                                  card_dict=tiny_models.card(["R", "G", "B"], [2, 4, 6]))
    out, gpkg = str(tmp_path / "lc.tif"), str(tmp_path / "lc_polygons.gpkg")
    res = processing.run("flair:segment", {"MODEL": model, "RGB": RGB, "OUTPUT": out, "VECTORS": gpkg,
                                           "VECTORS_MMU": 0})
    assert res["VECTORS"] == gpkg and os.path.isfile(gpkg)
    layer = QgsVectorLayer(res["POLYGONS_LAYER"], "p", "ogr")
    assert layer.isValid() and {"code", "class", "area_m2"} <= set(layer.fields().names())
    with rasterio.open(out) as ds:
        codes, pixel = ds.read(1), abs(ds.transform.a * ds.transform.e)
    by_code: dict[int, float] = {}
    for f in layer.getFeatures():
        by_code[f["code"]] = by_code.get(f["code"], 0.0) + f.geometry().area()
    del layer  # an OGR layer left for QGIS's exit to delete can crash it
    present = set(np.unique(codes).tolist()) - {0}
    assert set(by_code) == present
    for c in present:  # simplified once per shared boundary: areas move by well under one percent
        assert by_code[c] == pytest.approx((codes == c).sum() * pixel, rel=0.01)
    # not asked for: no polygons file
    processing.run("flair:segment", {"MODEL": model, "RGB": RGB, "OUTPUT": str(tmp_path / "plain.tif")})
    assert not any(n.endswith(".gpkg") for n in os.listdir(tmp_path) if n != "lc_polygons.gpkg")
    # not a GeoPackage: refused before the run, nothing written
    errors = _errors_of(processing, "flair:segment", {"MODEL": model, "RGB": RGB, "OUTPUT": str(tmp_path / "x.tif"),
                                                      "VECTORS": str(tmp_path / "x.shp")})
    assert "GeoPackage" in errors and not os.path.exists(tmp_path / "x.tif")


def test_segment_polygons_load_styled_with_the_raster(processing, clean_project, tmp_path):
    """From the GUI (runAndLoadResults, as the toolbox dialog): the polygons come in with the map,
    categorised by code with the FLAIR palette."""
    from qgis.core import QgsCategorizedSymbolRenderer, QgsRasterLayer, QgsVectorLayer

    model = tiny_models.pointwise(str(tmp_path / "rgb.onnx"), n_bands=3,
                                  card_dict=tiny_models.card(["R", "G", "B"], [2, 4, 6]))
    gpkg = str(tmp_path / "lc.gpkg")
    processing.runAndLoadResults("flair:segment", {"MODEL": model, "RGB": RGB, "OUTPUT": str(tmp_path / "lc.tif"),
                                                   "VECTORS": gpkg})
    layers = list(clean_project.mapLayers().values())
    assert any(isinstance(lyr, QgsRasterLayer) for lyr in layers)
    polys = [lyr for lyr in layers if isinstance(lyr, QgsVectorLayer) and lyr.source().startswith(gpkg)]
    assert len(polys) == 1 and polys[0].name().endswith("polygons")
    renderer = polys[0].renderer()
    assert isinstance(renderer, QgsCategorizedSymbolRenderer) and renderer.classAttribute() == "code"
    assert {int(c.value()) for c in renderer.categories()} <= {2, 4, 6}
