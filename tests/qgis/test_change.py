"""Land take between two vintages in QGIS (issue #19): the Processing algorithm ``flair:change`` and
the QA panel's Change tab, on a synthetic pair whose answer is known to the pixel (1 m pixels):
a 100 m² building appears in zone 34001, an 80 m² one across the zone boundary (40 + 40 m²), and a
100 m² building of zone 34002 is gone; a 49 m² shed appears and stays below the 50 m² threshold."""
from __future__ import annotations

import csv
import importlib
import os

import numpy as np
import pytest
from qgis_helpers import QGIS_PROCESS, files_in, qgis_process, wait_until

X0, Y0 = 700000.0, 6600000.0


def mod(pkg, name):
    return importlib.import_module(f"{pkg.__name__}.{name}")


def write(path, array):
    import rasterio
    from rasterio.transform import from_origin

    with rasterio.open(path, "w", driver="GTiff", width=array.shape[1], height=array.shape[0], count=1,
                       dtype="uint8", crs="EPSG:2154", nodata=0, transform=from_origin(X0, Y0, 1.0, 1.0)) as ds:
        ds.write(array.astype(np.uint8), 1)
    return str(path)


def pair(tmp_path):
    b = np.full((120, 120), 10, np.uint8)
    a = b.copy()
    a[10:20, 10:20] = 1
    a[50:58, 55:65] = 1
    a[100:107, 5:12] = 1  # 49 m²: below the threshold
    b[90:100, 90:100] = 1
    return write(tmp_path / "map_2018.tif", b), write(tmp_path / "map_2021.tif", a)


def zones_layer(tmp_path, epsg=4326):
    """Two communes split at x = X0 + 60, stored in ``epsg`` (reprojected by the engine)."""
    from osgeo import ogr, osr
    from qgis.core import QgsVectorLayer

    path = str(tmp_path / "communes.gpkg")
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    srs, l93 = osr.SpatialReference(), osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    l93.ImportFromEPSG(2154)
    for s in (srs, l93):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    tr = osr.CoordinateTransformation(l93, srs)
    layer = ds.CreateLayer("communes", srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("INSEE_COM", ogr.OFTString))
    for name, x0, x1 in (("34001", X0, X0 + 60), ("34002", X0 + 60, X0 + 120)):
        g = ogr.CreateGeometryFromWkt(f"POLYGON(({x0} {Y0 - 120},{x1} {Y0 - 120},{x1} {Y0},{x0} {Y0},{x0} {Y0 - 120}))")
        g.Segmentize(1.0)
        g.Transform(tr)
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetGeometry(g)
        f.SetField("INSEE_COM", name)
        layer.CreateFeature(f)
    ds = None
    v = QgsVectorLayer(f"{path}|layername=communes", "communes", "ogr")
    assert v.isValid()
    return v


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {r[0]: [float(x) for x in r[1:]] for r in list(csv.reader(f))[1:]}


def test_processing_change_writes_the_balance_and_loads_the_styled_layer(processing, clean_project, tmp_path):
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsVectorLayer

    before, after = pair(tmp_path)
    zones = zones_layer(tmp_path)
    out = str(tmp_path / "out" / "change.gpkg")
    os.makedirs(tmp_path / "out")
    context = QgsProcessingContext()
    context.setProject(clean_project)
    res = processing.run("flair:change", {"BEFORE": before, "AFTER": after, "ZONES": zones, "ZONE_FIELD": "INSEE_COM",
                                          "OUTPUT": out}, context=context, feedback=QgsProcessingFeedback())
    assert res["ARTIFICIALISATION_HA"] == pytest.approx(0.018)
    assert res["RENATURATION_HA"] == pytest.approx(0.01)
    assert res["NET_HA"] == pytest.approx(0.008)
    z = rows(res["ZONES_TABLE"])
    assert z["34001"] == pytest.approx([0.72, 0, 0.014, 0.014, 0, 0.014])
    assert z["34002"] == pytest.approx([0.72, 0.01, 0.004, 0.004, 0.01, -0.006])
    assert z["all"] == pytest.approx([1.44, 0.01, 0.018, 0.018, 0.01, 0.008])
    t = rows(res["TRANSITIONS"])
    assert t == {"1": [0.0, 0.01], "10": [0.0229, 1.4071]}  # columns: codes 1 and 10
    assert sorted(files_in(tmp_path / "out")) == sorted(
        ["change.gpkg", "change.qml", "change_transitions.csv", "change_zones.csv", "change_report.html"])
    layer = QgsVectorLayer(res["OUTPUT"], "change", "ogr")
    feats = sorted((f["code_before"], f["code_after"], f["artif_after"], f["area_m2"], f["zone"])
                   for f in layer.getFeatures())
    assert feats == [(1, 10, 0, 100.0, "34002"), (10, 1, 0, 49.0, "34001"), (10, 1, 1, 40.0, "34001"),
                     (10, 1, 1, 40.0, "34002"), (10, 1, 1, 100.0, "34001")]


def test_processing_change_loads_the_layer_styled_by_transition(processing, clean_project, tmp_path):
    before, after = pair(tmp_path)
    os.makedirs(tmp_path / "out")
    processing.runAndLoadResults("flair:change", {"BEFORE": before, "AFTER": after,
                                                  "OUTPUT": str(tmp_path / "out" / "loaded.gpkg")})
    layers = [lyr for lyr in clean_project.mapLayers().values() if lyr.source().startswith(str(tmp_path / "out"))]
    assert len(layers) == 1 and layers[0].featureCount() == 4
    assert layers[0].renderer().type() == "categorizedSymbol"
    assert sorted(c.label() for c in layers[0].renderer().categories()) == [
        "building → herbaceous vegetation", "herbaceous vegetation → building"]


@pytest.mark.skipif(QGIS_PROCESS is None, reason="qgis_process is not installed")
def test_qgis_process_runs_flair_change(tmp_path):
    """qgis_process links the system GEOS like the desktop: change runs there, in its process, so
    its polygons and their GeoPackage must take no shapely call (inference/change/polygons.py)."""
    from osgeo import ogr

    before, after = pair(tmp_path)
    out = str(tmp_path / "change.gpkg")
    proc = qgis_process(tmp_path, "flair:change", {"BEFORE": before, "AFTER": after, "OUTPUT": out})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    ds = ogr.Open(out)
    got = sorted((f["code_before"], f["code_after"], f["area_m2"]) for f in ds.GetLayerByName("change"))
    assert got == [(1, 10, 100.0), (10, 1, 49.0), (10, 1, 80.0), (10, 1, 100.0)]
    assert ds.GetLayerByName("layer_styles").GetFeatureCount() == 1


def test_processing_change_refuses_a_missing_field_and_leaves_nothing(processing, clean_project, tmp_path):
    from qgis.core import QgsProcessingException

    before, after = pair(tmp_path)
    # in the project, as a user's zones are: Processing keeps a reference to a refused run's layer
    # until the interpreter exits, and a layer Python still owns then is deleted after GDAL (a crash)
    zones = clean_project.addMapLayer(zones_layer(tmp_path, 2154))
    os.makedirs(tmp_path / "out")
    with pytest.raises(QgsProcessingException):
        processing.run("flair:change", {"BEFORE": before, "AFTER": after, "ZONES": zones, "ZONE_FIELD": "NOM",
                                        "OUTPUT": str(tmp_path / "out" / "c.gpkg")})
    assert files_in(tmp_path / "out") == []


def test_processing_change_asks_for_encodings_in_the_fields_words(processing, tmp_path):
    from qgis.core import QgsProcessingException

    before, _ = pair(tmp_path)
    hub = np.full((120, 120), 8, np.uint8)  # FLAIR-HUB indices (8 = herbaceous), named as FLAIR-HUB names them
    import rasterio
    from rasterio.transform import from_origin

    after = str(tmp_path / "D034_AERIAL_LABEL-COSIA.tif")
    with rasterio.open(after, "w", driver="GTiff", width=120, height=120, count=1, dtype="uint8", crs="EPSG:2154",
                       transform=from_origin(X0, Y0, 1.0, 1.0)) as ds:
        ds.write(hub, 1)
    os.makedirs(tmp_path / "out")
    with pytest.raises(QgsProcessingException) as e:
        processing.run("flair:change", {"BEFORE": before, "AFTER": after, "OUTPUT": str(tmp_path / "out" / "c.gpkg")})
    assert "choose both encodings" in str(e.value) and "--encoding" not in str(e.value)
    assert files_in(tmp_path / "out") == []
    res = processing.run("flair:change", {"BEFORE": before, "BEFORE_ENCODING": 1, "AFTER": after,
                                          "AFTER_ENCODING": 4, "OUTPUT": str(tmp_path / "out" / "c.gpkg")})
    assert rows(res["TRANSITIONS"]) == {"1": [0.0, 0.01], "10": [0.0, 1.43]}  # the stated encodings


def test_change_layer_is_styled_by_transition(pkg, clean_project, tmp_path):
    from qgis.core import QgsCategorizedSymbolRenderer

    before, after = pair(tmp_path)
    out = str(tmp_path / "c.gpkg")
    change = mod(pkg, "inference.change.run").change
    params = mod(pkg, "inference.change.params").ChangeParams(before, after, out)
    change(params)
    layer = mod(pkg, "qgis_glue.qa.change").add_change_layer(out, clean_project)
    r = layer.renderer()
    assert isinstance(r, QgsCategorizedSymbolRenderer)
    labels = sorted(c.label() for c in r.categories())
    assert labels == ["building → herbaceous vegetation", "herbaceous vegetation → building"]
    cat = next(c for c in r.categories() if c.value() == "10>1")
    assert cat.symbol().color().name() == "#db0e9a"  # filled with the class after: building


def change_tab(panel, project, tmp_path, field: str):
    """The Change tab with the pair, the communes and ``field`` chosen."""
    from qgis.core import QgsRasterLayer

    before, after = pair(tmp_path)
    b, a = QgsRasterLayer(before, "2018", "gdal"), QgsRasterLayer(after, "2021", "gdal")
    zones = zones_layer(tmp_path)
    project.addMapLayers([b, a, zones])
    tab = panel.change
    tab.before.setLayer(b)
    tab.after.setLayer(a)
    tab.zones.setLayer(zones)
    tab.field.setField(field)
    return tab


def test_change_tab_adds_the_styled_layer_and_opens_the_report(panel, clean_project, tmp_path):
    tab = change_tab(panel, clean_project, tmp_path, "INSEE_COM")
    assert panel.tabs.tabText(panel.tabs.indexOf(tab)) == "Change"
    opened = []
    tab.open_url = lambda url: opened.append(url.toLocalFile())
    tab.output.setFilePath(str(tmp_path / "out" / "land.gpkg"))
    os.makedirs(tmp_path / "out")
    assert tab.start() is not None
    assert wait_until(lambda: tab.task is None, 60)
    out = tab.last_outcome
    assert out.ok, out.error
    assert "net 0.01 ha" in tab.headline.text() and "OCS GE" in tab.headline.text()
    assert opened == [str(tmp_path / "out" / "land_report.html")]
    layers = [lyr for lyr in clean_project.mapLayers().values() if lyr.name() == "land"]
    assert len(layers) == 1 and layers[0].featureCount() == 5
    assert layers[0].renderer().type() == "categorizedSymbol"


def test_change_tab_asks_for_the_zone_field(panel, clean_project, tmp_path):
    tab = change_tab(panel, clean_project, tmp_path, "")
    assert tab.start() is None
    assert "field that names each zone" in tab.headline.text()
