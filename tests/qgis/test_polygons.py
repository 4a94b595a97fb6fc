"""Polygons in QGIS (issue 18): the dock's "Also write polygons", Processing's flair:vectorize and
the QA panel's "Write polygons" each give a GeoPackage layer that opens categorised by code with
the FLAIR palette and the raster legend's names."""
from __future__ import annotations

import os

import numpy as np
import pytest
import rasterio
from affine import Affine
from qgis_helpers import QGIS_PROCESS, qgis_process, wait_until
from test_processing import _errors_of
from test_task import _flair_group_layers, _run

NAMES_FR = {1: "bâtiment", 3: "zone imperméable", 10: "surface herbacée"}


def labels(path, fr=False):
    a = np.full((80, 100), 10, np.uint8)
    a[10:40, 10:60] = 1
    a[50:70, 20:90] = 3
    a[5, 95] = 1  # a lone pixel: noise under the default minimum mapping unit
    a[:, :3] = 0  # nodata
    with rasterio.open(path, "w", driver="GTiff", width=100, height=80, count=1, dtype="uint8", nodata=0,
                       crs="EPSG:2154", transform=Affine(0.2, 0, 770000, 0, -0.2, 6280000)) as ds:
        ds.write(a, 1)
    return str(path), a


def assert_styled(layer, codes_names):
    from qgis.core import QgsCategorizedSymbolRenderer

    assert layer.isValid()
    r = layer.renderer()
    assert isinstance(r, QgsCategorizedSymbolRenderer) and r.classAttribute() == "code"
    got = {int(c.value()): c.label() for c in r.categories()}
    assert got == codes_names
    colours = {int(c.value()): c.symbol().color().name() for c in r.categories()}
    assert colours.get(1, "#db0e9a") == "#db0e9a" and colours.get(3, "#f80c00") == "#f80c00"


def test_processing_vectorize(processing, clean_project, tmp_path):
    from qgis.core import QgsProcessingFeedback, QgsVectorLayer

    path, a = labels(tmp_path / "lab.tif")
    out = str(tmp_path / "poly.gpkg")
    res = processing.run("flair:vectorize", {"INPUT": path, "ENCODING": 0, "MMU": 0, "SIMPLIFY": 0, "OUTPUT": out},
                         feedback=QgsProcessingFeedback())
    assert res["OUTPUT"] == out
    layer = QgsVectorLayer(res["POLYGONS"], "p", "ogr")
    assert_styled(layer, {1: "building", 3: "impervious surface", 10: "herbaceous vegetation"})
    by_code: dict[int, float] = {}
    for f in layer.getFeatures():
        by_code[f["code"]] = by_code.get(f["code"], 0.0) + f.geometry().area()
        assert f["class"] and f["area_m2"] == pytest.approx(f.geometry().area(), abs=1e-3)
    for c in (1, 3, 10):  # exact: each class's polygons cover its pixels
        assert by_code[c] == pytest.approx((a == c).sum() * 0.04)
    # per-class units as the field takes them; a wrong one is refused in words
    del layer  # an OGR layer left for QGIS's exit to delete can crash it (QGIS 3.22)
    processing.run("flair:vectorize", {"INPUT": path, "ENCODING": 0, "MMU_CLASS": "1=0.5", "OUTPUT": out})
    again = QgsVectorLayer(out, "p", "ogr")
    assert {f["code"] for f in again.getFeatures()} == {1, 3, 10}
    del again
    assert "CODE=M2" in _errors_of(processing, "flair:vectorize", {"INPUT": path, "ENCODING": 0,
                                                                   "MMU_CLASS": "building=50", "OUTPUT": out})


def test_processing_refuses_imagery(processing, tmp_path):
    rgb = str(tmp_path / "rgb.tif")
    with rasterio.open(rgb, "w", driver="GTiff", width=20, height=20, count=3, dtype="uint8", crs="EPSG:2154",
                       transform=Affine(0.2, 0, 770000, 0, -0.2, 6280000)) as ds:
        ds.write(np.random.default_rng(0).integers(0, 256, (3, 20, 20)).astype(np.uint8))
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="rgb.tif has 3 bands: it looks like imagery"):
        processing.run("flair:vectorize", {"INPUT": rgb, "ENCODING": 1, "OUTPUT": str(tmp_path / "p.gpkg")})
    assert not os.path.exists(tmp_path / "p.gpkg")


def test_dock_also_writes_polygons_loaded_above_the_raster(plugin, montpellier, clean_project, tmp_path):
    from qgis.core import QgsRasterLayer, QgsVectorLayer

    dock = plugin.show_dock()
    out = str(tmp_path / "landcover.tif")
    dock.output_box.file_widget.setFilePath(out)
    dock.output_box.confidence.setChecked(True)
    assert not dock.output_box.polygons_mmu.isEnabled()
    dock.output_box.polygons.setChecked(True)
    assert dock.output_box.polygons_mmu.isEnabled() and dock.output_box.polygons_mmu.value() < 0  # default
    outcome = _run(dock)
    assert outcome.ok, outcome.error
    assert outcome.polygons_error is None
    assert [p.output for p in outcome.polygons] == [str(tmp_path / "landcover.gpkg")]
    layers = _flair_group_layers(clean_project)
    assert isinstance(layers[0], QgsVectorLayer)  # polygons on top
    raster = [lyr for lyr in layers if isinstance(lyr, QgsRasterLayer) and lyr.source() == out]
    assert len(raster) == 1 and layers.index(raster[0]) > 0
    with rasterio.open(out) as ds:
        present = {int(v) for v in np.unique(ds.read(1))} - {0}
    raster_names = {c.value: c.label for c in raster[0].renderer().classes()}
    poly_codes = {f["code"] for f in layers[0].getFeatures()}
    assert poly_codes <= present
    assert_styled(layers[0], {c: raster_names[c] for c in poly_codes})  # the raster legend's names
    assert all(f["confidence"] is not None and 0 < f["confidence"] <= 100 for f in layers[0].getFeatures())
    # the choice is remembered
    from qgis.core import QgsSettings

    assert QgsSettings().value("flair/polygons", False, type=bool)


def test_qa_panel_writes_polygons_of_a_label_layer(french, plugin, clean_project, tmp_path):
    from qgis.core import QgsRasterLayer
    path, a = labels(tmp_path / "pred.tif")
    layer = QgsRasterLayer(path, "pred", "gdal")
    clean_project.addMapLayer(layer)
    plugin.qa.show_panel()
    panel = plugin.qa.panel
    panel.style_layer.setLayer(layer)
    task = panel.vectorize(layer, encoding="flair19")
    assert task is not None
    assert wait_until(lambda: panel.vector_task is None, 60)
    outcome = panel.last_vector_outcome
    assert outcome.ok and not outcome.error, outcome.error
    poly = [lyr for lyr in clean_project.mapLayers().values() if lyr.providerType() == "ogr"]
    assert len(poly) == 1
    assert_styled(poly[0], NAMES_FR)  # QGIS speaks French here: so do the class names
    assert {f["code"] for f in poly[0].getFeatures()} == {1, 3, 10}  # the lone pixel is gone
    assert os.path.isfile(tmp_path / "pred.gpkg")


@pytest.mark.skipif(QGIS_PROCESS is None, reason="qgis_process is not installed")
def test_qgis_process_runs_flair_vectorize(tmp_path):
    """qgis_process links the system GEOS like the desktop: vectorising there must not take
    shapely's calls into it (it runs in a child Python, inference/vector/child.py)."""
    path, a = labels(tmp_path / "lab.tif")
    out = str(tmp_path / "cli.gpkg")
    proc = qgis_process(tmp_path, "flair:vectorize", {"INPUT": path, "ENCODING": 1, "OUTPUT": out})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    from osgeo import ogr

    ds = ogr.Open(out)
    assert {f["code"] for f in ds.GetLayerByName("landcover")} == {1, 3, 10}


def test_processing_vectorize_from_the_gui_loads_styled(processing, clean_project, tmp_path):
    """runAndLoadResults, as the toolbox dialog: Processing's loading does not read the style the
    engine embedded in the GeoPackage; the layer still opens categorised by code."""
    path, a = labels(tmp_path / "lab.tif")
    out = str(tmp_path / "gui.gpkg")
    processing.runAndLoadResults("flair:vectorize", {"INPUT": path, "ENCODING": 0, "OUTPUT": out})
    polys = [lyr for lyr in clean_project.mapLayers().values() if lyr.providerType() == "ogr"]
    assert len(polys) == 1
    assert_styled(polys[0], {1: "building", 3: "impervious surface", 10: "herbaceous vegetation"})
