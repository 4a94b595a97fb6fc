"""The QA panel in QGIS: style any label raster (guess or ask), compare two rasters in a task,
show the metrics, add the disagreement and hotspot layers, review hotspots and find the reviews
again after a restart; the layer context-menu entry and the Processing algorithms."""
from __future__ import annotations

import importlib
import os

import numpy as np
import pytest
from qgis_helpers import ROOT, wait_until

TOY = os.path.join(ROOT, "data", "flair1_toy")
X0, Y0 = 700000.0, 6600000.0
pytestmark = pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")


def mod(pkg, name):
    return importlib.import_module(f"{pkg.__name__}.{name}")


def write(path, array, res=0.2):
    import rasterio
    from rasterio.transform import from_origin

    array = np.asarray(array, np.uint8)
    with rasterio.open(path, "w", driver="GTiff", width=array.shape[1], height=array.shape[0], count=1,
                       dtype="uint8", crs="EPSG:2154", transform=from_origin(X0, Y0, res, res)) as ds:
        ds.write(array, 1)
    return str(path)


def pair(tmp_path):
    """Reference (codes) and prediction (13-class) with two known disagreement regions:
    30x30 px of herbaceous predicted building (36 m²), 20x20 px of water predicted herbaceous (16 m²)."""
    ref = np.full((100, 100), 10, np.uint8)
    pred = np.full((100, 100), 9, np.uint8)  # 13-class index 9 = code 10
    pred[0:30, 0:30] = 0  # building
    ref[60:80, 60:80] = 5
    return write(tmp_path / "MSK_000002.tif", ref), write(tmp_path / "pred.tif", pred)


def raster(path, name=None):
    from qgis.core import QgsRasterLayer

    layer = QgsRasterLayer(path, name or os.path.basename(path), "gdal")
    assert layer.isValid()
    return layer


def test_style_guesses_or_asks_and_shows_only_classes_present(panel, clean_project):
    pred = raster(os.path.join(TOY, "PRED_061946.tif"))
    clean_project.addMapLayer(pred)
    asked = []
    panel.ask = lambda parent, name, guess: asked.append(guess) or "flair13"
    assert panel.apply_style(pred) == "flair13"
    assert asked and asked[0].suggested == "flair13" and asked[0].ambiguous  # 0..11 fit several encodings
    labels = [c.label for c in pred.renderer().classes()]
    assert labels[0] == "building" and "plowed land" in labels and "vineyard" not in labels  # index 8 absent
    assert pred.renderer().band() == 1
    asked.clear()
    assert panel.apply_style(pred) == "flair13" and not asked  # remembered on the layer


def test_context_menu_entry_styles_a_mask_without_asking(pkg, qgis_iface, clean_project, tmp_path):
    msk = raster(write(tmp_path / "MSK_000001.tif", np.array([[1, 2], [13, 19]])))
    clean_project.addMapLayer(msk)
    qgis_iface.setActiveLayer(msk)

    class Plugin:
        pass

    plugin = Plugin()
    unload = mod(pkg, "ui.qa_integration").install(plugin, qgis_iface)
    try:
        plugin.qa.style_action.trigger()
        labels = [c.label for c in msk.renderer().classes()]
        assert labels == ["building", "pervious surface", "swimming pool", "other"]
        assert plugin.qa.panel is not None and not plugin.qa.panel.isHidden()
    finally:
        unload()
    assert plugin.qa.panel is None


def test_compare_review_and_reopen(pkg, panel, qgis_iface, clean_project, tmp_path):
    ref_path, pred_path = pair(tmp_path)
    ref, pred = raster(ref_path, "annotation"), raster(pred_path, "prediction")
    clean_project.addMapLayers([ref, pred])
    panel.ref_layer.setLayer(ref)
    panel.pred_layer.setLayer(pred)
    assert wait_until(lambda: panel.ref_encoding.currentData() == "flair19", 5)
    assert panel.ref_encoding.currentData() == "flair19"  # prefilled: a FLAIR mask name holding 1..19
    assert panel.pred_encoding.currentData() == ""  # 0 and 9: ambiguous, left to "guess" (would ask)
    panel.pred_encoding.setCurrentIndex(panel.pred_encoding.findData("flair13"))
    panel.folder.setFilePath(str(tmp_path / "out"))
    panel.min_area.setValue(10.0)
    task = panel.start_compare()
    assert task is not None
    assert wait_until(lambda: panel.task is None, 60)
    out = panel.last_outcome
    assert out.ok, out.error
    s = out.summary
    # by hand: 10 000 px; building column: 900 px of herbaceous; water row: 400 px as herbaceous
    assert s["confusion"][10][1] == 900 and s["confusion"][5][10] == 400 and s["confusion"][10][10] == 8700
    assert f"{s['miou']:.4f}" in panel.headline.text() and "hotspots: <b>2</b>" in panel.headline.text()
    assert panel.table.rowCount() == 3 and panel.table.item(0, 1).text() == "building"
    # the confusion matrix: codes on the axes, names in the legend, % of each reference row
    water = s["confusion"][5]
    assert panel.heatmap.cell_text(5, 10) == f"{100 * water[10] / sum(water):.0f}"
    assert "building" in panel.heatmap.legend.text()
    group = clean_project.layerTreeRoot().findGroup("FLAIR QA")
    names = [n.layer().name() for n in group.findLayers()]
    assert any(n.startswith("hotspots") for n in names) and any(n.startswith("disagreement") for n in names)
    # review: largest first, zoomed on it
    st = panel.store
    assert len(st) == 2 and panel.index == 0 and "1 / 2" in panel.position.text()
    assert qgis_iface.mapCanvas().extent().contains(st.extent(0))
    panel.marks.button(1).setChecked(True)  # prediction wrong
    panel.comment.setText("roof missed")
    qa = mod(pkg, "ui.qa_integration").QaIntegration(object(), qgis_iface)
    qa.panel = panel
    assert qa.next_action.shortcut().toString() == "Ctrl+Alt+N"
    qa.next_action.trigger()  # the keyboard action: saves the mark, then moves on
    assert panel.index == 1 and "2 / 2" in panel.position.text() and "(1 reviewed)" in panel.position.text()
    panel.step(1)  # stays on the last one
    assert panel.index == 1
    qa.prev_action.trigger()
    assert panel.index == 0 and panel.marks.checkedButton().property("review") == "prediction wrong"
    assert panel.comment.text() == "roof missed"
    qa.next_action.trigger()
    qa.panel = None
    qa.unload()
    for ext in ("_per_class.csv", "_confusion.csv", "_confusion.png", ".html", ".json"):
        assert os.path.exists(out.job.report_prefix + ext)
    exported = panel.export("csv", str(tmp_path / "mine.csv"))
    assert all(os.path.getsize(p) for p in exported)

    # "restart": a fresh store on the same file sees the mark and resumes at the unreviewed one
    gpkg = out.files["hotspots"]
    store = mod(pkg, "qgis_glue.qa.reviews").ReviewStore(gpkg)
    assert store.review_of(0) == ("prediction wrong", "roof missed")
    assert store.first_unreviewed() == 1
    from osgeo import ogr

    ds = ogr.Open(gpkg)
    f = next(iter(ds.GetLayerByName("hotspots")))
    assert f.GetField("review") == "prediction wrong" and f.GetField("reviewed_at")
    ds = None
    clean_project.clear()
    panel.store = None
    panel.open_review(gpkg)
    assert panel.index == 1


def test_processing_evaluate_and_hotspots(pkg, tmp_path):
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    ref_path, pred_path = pair(tmp_path)
    algs = {a.name(): a for a in mod(pkg, "qgis_glue.processing.qa").qa_algorithms()}
    assert set(algs) == {"evaluate", "hotspots"}
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = QgsProcessingFeedback()
    alg = algs["evaluate"].create()
    params = {"REFERENCE": ref_path, "REFERENCE_ENCODING": 1, "PREDICTION": pred_path, "PREDICTION_ENCODING": 3,
              "MIN_AREA": 20.0, "REPORT": str(tmp_path / "rep.html"), "DISAGREEMENT": str(tmp_path / "dis.tif"),
              "HOTSPOTS": str(tmp_path / "hot.gpkg")}
    res, ok = alg.run(params, context, feedback)
    assert ok, res
    assert res["OA"] == pytest.approx(8700 / 10000)
    assert os.path.exists(tmp_path / "rep.html") and os.path.exists(tmp_path / "rep_per_class.csv")
    from osgeo import ogr

    assert ogr.Open(str(tmp_path / "hot.gpkg")).GetLayerByName("hotspots").GetFeatureCount() == 1  # 36 m² only
    alg = algs["hotspots"].create()
    res, ok = alg.run({"INPUT": str(tmp_path / "dis.tif"), "MIN_AREA": 5.0, "NOMENCLATURE": 0,
                       "OUTPUT": str(tmp_path / "h2.gpkg")}, context, feedback)
    assert ok and ogr.Open(str(tmp_path / "h2.gpkg")).GetLayerByName("hotspots").GetFeatureCount() == 2
