"""Land take in a French QGIS: the Change tab and Processing flair:change say the engine's refusals and
warnings in French, naming their own fields and parameters ("Avant", "Champ qui nomme chaque zone"), never
the command line's BEFORE / --zone-field (they were English f-strings)."""
from __future__ import annotations

import numpy as np
import pytest
import rasterio
from qgis_helpers import recording_feedback

X0, Y0 = 700000, 6600000


def _map(path, crs="EPSG:2154", building=False) -> str:
    """A FLAIR map (codes, nodata 0) of 32 x 32 m: herbaceous, with a building after."""
    data = np.full((1, 32, 32), 10, np.uint8)
    if building:
        data[0, 4:14, 4:14] = 1
    profile = dict(driver="GTiff", width=32, height=32, count=1, dtype="uint8", nodata=0,
                   transform=rasterio.transform.from_origin(X0, Y0, 1, 1))
    if crs:
        profile["crs"] = crs
    with rasterio.open(path, "w", **profile) as ds:
        ds.write(data)
    return str(path)


def _zones(path) -> str:
    """Two communes: one over the maps, one far away (0 ha: a warning)."""
    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = ds.CreateLayer("communes", srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("INSEE", ogr.OFTString))
    for name, x0 in (("34001", X0), ("99999", X0 + 5000)):
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetGeometry(ogr.CreateGeometryFromWkt(
            f"POLYGON(({x0} {Y0 - 32},{x0 + 32} {Y0 - 32},{x0 + 32} {Y0},{x0} {Y0},{x0} {Y0 - 32}))"))
        f.SetField("INSEE", name)
        layer.CreateFeature(f)
    ds = None
    return str(path)


def _run_tab(tab, before, after, output, zones=None):
    from qgis.core import QgsProject, QgsRasterLayer, QgsVectorLayer
    from qgis_helpers import wait_until

    layers = [QgsRasterLayer(before, "2018", "gdal"), QgsRasterLayer(after, "2021", "gdal")]
    QgsProject.instance().addMapLayers(layers)
    tab.before.setLayer(layers[0])
    tab.after.setLayer(layers[1])
    if zones:
        z = QgsVectorLayer(zones, "communes", "ogr")
        QgsProject.instance().addMapLayer(z)
        tab.zones.setLayer(z)
        tab.field.setField("INSEE")
    tab.output.setFilePath(output)
    tab.open_url = lambda url: None  # no browser for the report
    assert tab.start() is not None
    assert wait_until(lambda: tab.task is None, 60)
    return tab.last_outcome


def test_the_change_tab_refuses_a_before_without_crs_in_french_naming_its_field(french, panel, clean_project,
                                                                                tmp_path):
    """It said 'BEFORE …/map_2018.tif has no CRS: …', the command line's argument, in English."""
    before = _map(tmp_path / "map_2018.tif", crs=None)
    after = _map(tmp_path / "map_2021.tif", building=True)
    outcome = _run_tab(panel.change, before, after, str(tmp_path / "land.gpkg"))
    assert outcome.error == (f"{before} (Avant) n’a pas de SCR : les deux millésimes ne peuvent pas être placés sur "
                             "la carte ; attribuez-lui un SCR"), outcome.error
    assert "Avant) n’a pas de SCR" in panel.change.headline.text()


def test_the_change_tabs_warnings_are_french(french, panel, clean_project, tmp_path):
    before = _map(tmp_path / "map_2018.tif")
    after = _map(tmp_path / "map_2021.tif", building=True)
    outcome = _run_tab(panel.change, before, after, str(tmp_path / "land.gpkg"), _zones(tmp_path / "communes.gpkg"))
    assert outcome.ok, outcome.error
    text = panel.change.headline.text()
    assert "1 zone(s) hors de la surface que couvrent les deux millésimes (0 ha) : 99999" in text, text
    assert "lie outside" not in text
    with open(outcome.result.files["report"], encoding="utf-8") as f:
        html = f.read()
    assert "1 zone(s) hors de la surface" in html


def test_processing_change_refuses_zones_without_a_field_in_french_naming_its_parameter(french, processing,
                                                                                        tmp_path):
    """It said 'zones need a field that names each zone (--zone-field)', a flag its dialog has not."""
    from qgis.core import QgsProcessingException

    before = _map(tmp_path / "map_2018.tif")
    after = _map(tmp_path / "map_2021.tif", building=True)
    with pytest.raises(QgsProcessingException) as refused:
        processing.run("flair:change", {"BEFORE": before, "AFTER": after, "ZONES": _zones(tmp_path / "communes.gpkg"),
                                        "OUTPUT": str(tmp_path / "c.gpkg")})
    assert str(refused.value) == "les zones demandent un champ qui nomme chaque zone (Champ qui nomme chaque zone)"
    before = _map(tmp_path / "nocrs_2018.tif", crs=None)
    with pytest.raises(QgsProcessingException) as refused:
        processing.run("flair:change", {"BEFORE": before, "AFTER": after, "OUTPUT": str(tmp_path / "c.gpkg")})
    assert str(refused.value) == (f"{before} (Occupation du sol avant (millésime ancien)) n’a pas de SCR : les deux "
                                  "millésimes ne peuvent pas être placés sur la carte ; attribuez-lui un SCR")


def test_processing_change_says_its_warnings_in_french(french, processing, tmp_path):
    before = _map(tmp_path / "map_2018.tif")
    after = _map(tmp_path / "map_2021.tif", building=True)
    feedback = recording_feedback()
    processing.run("flair:change", {"BEFORE": before, "AFTER": after, "ZONES": _zones(tmp_path / "communes.gpkg"),
                                    "ZONE_FIELD": "INSEE", "OUTPUT": str(tmp_path / "c.gpkg")}, feedback=feedback)
    assert "1 zone(s) hors de la surface que couvrent les deux millésimes (0 ha) : 99999" in feedback.warnings, \
        feedback.warnings


def test_the_change_tab_says_why_the_change_layer_is_missing(french, panel, clean_project, tmp_path, monkeypatch):
    """A layer QGIS could not open was only logged: the tab went on as if it were on the map."""
    import importlib

    tab_module = importlib.import_module(type(panel.change).__module__)

    def refused(gpkg, project=None, name=None):
        raise OSError(tab_module.tr("QGIS could not open the layer {layer} of {file}").format(layer="change", file=gpkg))

    monkeypatch.setattr(tab_module, "add_change_layer", refused)
    before = _map(tmp_path / "map_2018.tif")
    after = _map(tmp_path / "map_2021.tif", building=True)
    outcome = _run_tab(panel.change, before, after, str(tmp_path / "land.gpkg"))
    assert outcome.ok, outcome.error
    text = panel.change.headline.text()
    assert "La couche des changements n’a pas pu être ajoutée : QGIS n’a pas pu ouvrir la couche change de " in text, text
