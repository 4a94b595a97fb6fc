"""The dock with a multi-source (LC-D-shaped, tiny weights) model: rows pick loaded layers, guessed
or as last time, problems show on their row, and a run over a drawn area writes a raster of that
area, named for the imagery and the model, in the FLAIR group. The ``multisource`` fixture is in
conftest.py."""
from __future__ import annotations

import json
import os

import mapserver
import numpy as np
import rasterio
from qgis_helpers import DATA, wait_until

local_wms = mapserver.local_wms  # the fixture (a local qgis_mapserver), for pytest to find here

IRC = os.path.join(DATA, "ortho_irc_20cm.tif")
RGB = os.path.join(DATA, "ortho_rgb_20cm.tif")


def _layers(project, *paths):
    from qgis.core import QgsRasterLayer

    layers = [QgsRasterLayer(p, os.path.splitext(os.path.basename(p))[0], "gdal") for p in paths]
    assert all(layer.isValid() for layer in layers)
    project.addMapLayers(layers)
    return layers


def _cropped(src_path: str, dst_path: str, px: int) -> str:
    """The stack without its first ``px`` columns and rows: off the ortho's north-west corner."""
    with rasterio.open(src_path) as src:
        profile, arr, t = src.profile, src.read()[:, px:, px:], src.transform
    profile.update(width=arr.shape[2], height=arr.shape[1],
                   transform=rasterio.Affine(t.a, 0, t.c + px * t.a, 0, t.e, t.f + px * t.e))
    with rasterio.open(dst_path, "w", **profile) as dst:
        dst.write(arr)
    return dst_path


def test_rows_are_guessed_from_the_loaded_layers_and_say_so(plugin, multisource, clean_project):
    model, data = multisource
    rgb, irc, s2, mask = _layers(clean_project, RGB, IRC, os.path.join(data, "s2_stack.tif"),
                                 os.path.join(data, "s2_mask.tif"))
    dock = plugin.show_dock()
    dock.model_box.set_model(model)
    box = dock.modalities_box
    assert [r.label.text() for r in box.rows] == ["AERIAL *", "S2 *"]  # required modalities marked
    aerial, series = box.row("AERIAL"), box.row("S2")
    # the 3-band RGB file cannot give NIR: the IRC layer is taken, read as NIR, R, G
    assert aerial.layer() is irc and aerial.layout.currentIndex() == 1
    assert series.layer() is s2  # not the 46-band mask
    assert "Guessed from the loaded layers: AERIAL, S2" in box.origin.text()
    assert series.note.text() == "23 dates, 2021-01-03 -> 2021-12-30 (dates from band descriptions)"
    series.mask.setFilePath(mask.source())
    assert dock.run_button.isEnabled(), dock.status.text()
    # the area box is there for these models too, at the card's resolution
    assert dock.area_box.isVisibleTo(dock) and not dock.area_box.resolution.isEnabled()


def test_a_row_shows_its_problem_and_a_layer_without_a_file_is_refused(plugin, multisource, clean_project,
                                                                      tmp_path):
    from flair_qgis.qgis_glue.layers.bdortho import IRC_LAYER, bdortho_uri
    from mapserver import free_port
    from qgis.core import QgsRasterLayer

    model, data = multisource
    irc, cropped = _layers(clean_project, IRC, _cropped(os.path.join(data, "s2_stack.tif"),
                                                         str(tmp_path / "s2_cropped.tif"), 6))
    dock = plugin.show_dock()
    dock.model_box.set_model(model)
    series = dock.modalities_box.row("S2")
    series.dates.setFilePath(os.path.join(data, "s2_dates.txt"))  # the cropped copy lost its band descriptions
    series.set_layer(cropped)
    assert "does not cover the whole area" in series.note.text() and not dock.run_button.isEnabled()
    # the stack's own problem (not its mask's), by file name: a full path would not wrap at 300 px
    assert series.note.text().startswith("S2 (SENTINEL2_TS): s2_cropped.tif does not cover the whole area")
    assert "fix S2 (see its row)" in dock.status.text()  # the status line points to the row
    # a web layer (the BD ORTHO WMS, here a server that is not there): the aerial row takes one, a
    # series none (no file behind it: a series needs its product's values)
    url = f"http://127.0.0.1:{free_port()}/"
    web = QgsRasterLayer(bdortho_uri(IRC_LAYER, url=url), "BD ORTHO IRC (web)", "wms")
    clean_project.addMapLayer(web)
    series.set_layer(web)
    assert "BD ORTHO IRC (web) is not a file" in series.note.text() and "Save As" in series.note.text()
    series.set_layer(cropped)
    aerial = dock.modalities_box.row("AERIAL")
    aerial.set_layer(web)
    assert aerial.layer() is web
    assert "BD ORTHO IRC (web) is not valid: the server" in aerial.note.text(), aerial.note.text()
    assert not dock.run_button.isEnabled()
    aerial.set_layer(irc)
    assert aerial.note.text() == "the model reads NIR, R, G"
    clean_project.removeMapLayer(irc.id())
    assert aerial.layer() is None  # emptied, not moved on to another layer
    assert "choose a layer for AERIAL" in dock.status.text()


def test_a_run_over_a_drawn_area_writes_that_area_and_is_remembered(plugin, multisource, clean_project, qgis_iface,
                                                                    tmp_path):
    from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle

    model, data = multisource
    irc, s2 = _layers(clean_project, IRC, os.path.join(data, "s2_stack.tif"))
    dock = plugin.show_dock()
    dock.model_box.set_model(model)
    box = dock.modalities_box
    box.row("S2").mask.setFilePath(os.path.join(data, "s2_mask.tif"))
    l93 = QgsCoordinateReferenceSystem("EPSG:2154")
    dock.area_box.set_mode("drawn")
    assert not dock.run_button.isEnabled() and "draw the area" in dock.status.text()
    # partly east of the ortho: the aerial row says so, with what to do
    dock.area_box.set_drawn(QgsRectangle(770560, 6277570, 770650, 6277590), l93)
    assert "does not cover the whole area" in box.row("AERIAL").note.text()
    assert "choose an area this layer covers" in box.row("AERIAL").note.text()
    assert not dock.run_button.isEnabled()
    dock.area_box.set_drawn(QgsRectangle(770560, 6277570, 770590, 6277590), l93)
    assert dock.run_button.isEnabled(), dock.status.text()
    dock.output_box.file_widget.setFilePath(str(tmp_path / "dock.tif"))
    assert dock.run()
    assert wait_until(lambda: not dock.controller.running, timeout=300)
    assert "Done: " in dock.status.text() and " on CPU" in dock.status.text(), dock.status.text()
    assert not dock.progress.isVisible()
    assert not dock.output_box.tile.isEnabled() and dock.output_box.device.isEnabled()  # what applies, visibly
    with rasterio.open(str(tmp_path / "dock_landcover.tif")) as ds:
        b = ds.bounds
        assert (ds.width, ds.height) == (150, 100) and ds.read(1).all()
    assert (b.left, b.bottom, b.right, b.top) == (770560, 6277570, 770590, 6277590)
    group = clean_project.layerTreeRoot().findGroup("FLAIR")
    names = [n.layer().name() for n in group.findLayers()]
    assert names == ["Land cover · ortho_irc_20cm · lcd"], names
    assert group.findLayers()[0].layer().renderer().type() == "paletted"  # styled by its .qml
    # the message bar says it as for any model, the files behind "Show more"
    from qgis.core import Qgis

    bar = qgis_iface.messageBar()
    assert bar.get_messages(Qgis.Success)[-1].startswith("FLAIR:Land cover ready in")
    assert str(tmp_path / "dock_landcover.tif") in bar.details[-1] and "dock_report.json" in bar.details[-1]

    # choosing the model again later (a new dock, as in the next QGIS session) restores these layers, and says so
    from flair_qgis.ui.dock import FlairDock

    again = FlairDock(qgis_iface)
    try:
        again.model_box.set_model(model)
        box = again.modalities_box
        assert box.row("S2").mask.filePath() == os.path.join(data, "s2_mask.tif")
        assert box.row("AERIAL").layer() is irc and box.row("S2").layer() is s2
        assert "As last time with this model: AERIAL, S2" in box.origin.text()
    finally:
        again.shutdown()
        again.deleteLater()


def test_a_run_over_the_map_view(plugin, multisource, clean_project, qgis_iface, tmp_path):
    from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle

    model, data = multisource
    _layers(clean_project, IRC, os.path.join(data, "s2_stack.tif"))
    canvas = qgis_iface.mapCanvas()
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:2154"))
    dock = plugin.show_dock()
    dock.model_box.set_model(model)
    dock.area_box.set_mode("canvas")
    canvas.setExtent(QgsRectangle(770570, 6277570, 770580, 6277580))
    view = canvas.extent()  # the canvas keeps its aspect ratio: whatever it shows is the area
    assert QgsRectangle(770549.8, 6277549.8, 770600.2, 6277600.2).contains(view), view.toString()
    dock.output_box.file_widget.setFilePath(str(tmp_path / "view.tif"))
    assert dock.run(), dock.status.text()
    assert wait_until(lambda: not dock.controller.running, timeout=300)
    with rasterio.open(str(tmp_path / "view_landcover.tif")) as ds:
        b = ds.bounds
    assert abs(b.left - view.xMinimum()) <= 0.2 and abs(b.right - view.xMaximum()) <= 0.2
    assert abs(b.bottom - view.yMinimum()) <= 0.2 and abs(b.top - view.yMaximum()) <= 0.2


def test_a_series_can_be_a_folder_of_dated_rasters(plugin, multisource, clean_project, qgis_iface, tmp_path):
    from flair_qgis.inference.segment.params import SeriesInput
    from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle

    model, data = multisource
    irc, s2 = _layers(clean_project, IRC, os.path.join(data, "s2_stack.tif"))
    dock = plugin.show_dock()
    dock.model_box.set_model(model)
    row = dock.modalities_box.row("S2")
    assert row.layer() is s2  # guessed; then the user picks the folder instead
    folder = os.path.join(data, "s2_dir")
    row.set_folder(folder)
    assert row.layer() is None and row.combo.currentText() == "folder: s2_dir"
    assert row.note.text().startswith("23 dates, 2021-01-03 -> 2021-12-30"), row.note.text()
    assert dock.modalities_box.inputs()["SENTINEL2_TS"] == SeriesInput(folder)
    dock.area_box.set_mode("drawn")
    dock.area_box.set_drawn(QgsRectangle(770560, 6277570, 770580, 6277590), QgsCoordinateReferenceSystem("EPSG:2154"))
    assert dock.run_button.isEnabled(), dock.status.text()
    dock.output_box.file_widget.setFilePath(str(tmp_path / "dir.tif"))
    assert dock.run()
    assert wait_until(lambda: not dock.controller.running, timeout=300)
    with rasterio.open(str(tmp_path / "dir_landcover.tif")) as ds:
        assert (ds.width, ds.height) == (100, 100)
    assert "s2_dir" in (tmp_path / "dir_report.json").read_text(encoding="utf-8")
    # the folder comes back with the model; choosing a layer again leaves the folder
    from flair_qgis.ui.dock import FlairDock

    again = FlairDock(qgis_iface)
    try:
        again.model_box.set_model(model)
        back = again.modalities_box.row("S2")
        assert back.folder == folder and back.layer() is None
        back.set_layer(s2)
        assert back.folder == "" and back.source() == SeriesInput(s2.source())
    finally:
        again.shutdown()
        again.deleteLater()


def test_elevation_as_two_layers(plugin, montpellier, tmp_path):
    """A DEM row (FLAIR-HUB's DEM_ELEV) takes the DSM and the DTM as two layers, as the engine's
    DEM.DSM= / DEM.DTM= do; one 1-band layer alone is refused on its row."""
    from flair_qgis.inference.models.card import ModelCard
    from flair_qgis.inference.models.modalities import Task, default_modality
    from flair_qgis.inference.segment.params import ImageInput

    card = ModelCard("dem-test", modalities=(default_modality("AERIAL_RGBI", 512), default_modality("DEM_ELEV", 512)),
                     tasks=(Task("AERIAL_LABEL-COSIA", "flair19", tuple(range(1, 20))),), resolution_m=0.2, tile=512,
                     margin=128)
    dock = plugin.show_dock()
    box = dock.modalities_box
    box.setVisible(True)
    box.set_card(card, str(tmp_path / "dem-test.onnx"))
    box.row("AERIAL").set_layer(None)  # the 0.5 m elevation does not reach the ortho's last 0.4 m: not tested here
    row = box.row("DEM")
    row.dtm.setLayer(None)
    row.set_layer(montpellier["dsm"])
    assert "has 1 band(s), there is no band 2" in row.note.text(), row.note.text()
    assert row.note.text().endswith("(or choose the DTM as its own layer below)")
    row.dtm.setLayer(montpellier["dtm"])
    assert row.note.text().startswith("DSM and DTM from two layers; the model reads DSM, DSM-DTM"), row.note.text()
    assert row.problem == "" and not row.area_problem
    assert box.inputs()["DEM_ELEV"] == ImageInput(bands={"DSM": (montpellier["dsm"].source(), 1),
                                                         "DTM": (montpellier["dtm"].source(), 1)})
    assert row.input.bands == [(montpellier["dsm"].source(), 1), (montpellier["dtm"].source(), 1)]
    box.remember()
    box.set_card(card, str(tmp_path / "other.onnx"))
    box.set_card(card, str(tmp_path / "dem-test.onnx"))
    assert box.row("DEM").dtm.currentLayer() is montpellier["dtm"]
    assert box.row("DEM").layer() is montpellier["dsm"]


def test_a_run_writes_confidence_and_polygons_as_for_any_model(plugin, multisource, clean_project, tmp_path):
    """"Also write polygons" and the confidence raster are there for multi-source models too: one
    GeoPackage per map, loaded above it, named for what it holds (never a task id)."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle, QgsVectorLayer

    model, data = multisource
    _layers(clean_project, IRC, os.path.join(data, "s2_stack.tif"))
    dock = plugin.show_dock()
    dock.model_box.set_model(model)
    assert dock.output_box.polygons.isEnabled() and dock.output_box.confidence.isEnabled()
    dock.output_box.polygons.setChecked(True)
    dock.output_box.confidence.setChecked(True)
    dock.area_box.set_mode("drawn")
    dock.area_box.set_drawn(QgsRectangle(770560, 6277570, 770590, 6277590), QgsCoordinateReferenceSystem("EPSG:2154"))
    dock.output_box.file_widget.setFilePath(str(tmp_path / "poly.tif"))
    done = []
    dock.controller.finished.connect(done.append)
    assert dock.run(), dock.status.text()
    assert wait_until(lambda: bool(done), timeout=300)
    outcome = done[0]
    assert outcome.ok and outcome.polygons_error is None, outcome.error or outcome.polygons_error
    assert [p.output for p in outcome.polygons] == [str(tmp_path / "poly.gpkg")]
    layers = [n.layer() for n in clean_project.layerTreeRoot().findGroup("FLAIR").findLayers()]
    assert isinstance(layers[0], QgsVectorLayer)  # polygons on top
    assert [lyr.name() for lyr in layers] == ["Land cover · ortho_irc_20cm · lcd polygons",
                                              "Confidence (0–100 %) · ortho_irc_20cm · lcd",
                                              "Land cover · ortho_irc_20cm · lcd"]
    with rasterio.open(str(tmp_path / "poly_landcover.tif")) as ds:
        codes = {int(c) for c in set(ds.read(1).ravel())} - {0}
    assert set() < {f["code"] for f in layers[0].getFeatures()} <= codes  # at 4 px minimum mapping unit


def test_a_run_over_polygons_writes_only_the_tiles_they_touch(plugin, multisource, clean_project, tmp_path):
    """The Area's polygon layer works for multi-source models as for any model: the map covers the
    polygons' bounding box and the tiles no polygon touches stay nodata."""
    from qgis.core import QgsFeature, QgsGeometry, QgsRectangle, QgsVectorLayer

    model, data = multisource
    _layers(clean_project, IRC, os.path.join(data, "s2_stack.tif"))
    zones = QgsVectorLayer("Polygon?crs=EPSG:2154", "zones", "memory")
    features = []
    for rect in (QgsRectangle(770552, 6277552, 770557, 6277557), QgsRectangle(770592, 6277592, 770597, 6277597)):
        f = QgsFeature()
        f.setGeometry(QgsGeometry.fromRect(rect))
        features.append(f)
    zones.dataProvider().addFeatures(features)
    clean_project.addMapLayer(zones)
    dock = plugin.show_dock()
    dock.model_box.set_model(model)
    dock.area_box.set_mode("polygons")
    dock.area_box.polygon_combo.setLayer(zones)
    dock.output_box.file_widget.setFilePath(str(tmp_path / "zones.tif"))
    assert dock.run(), dock.status.text()
    assert wait_until(lambda: not dock.controller.running, timeout=300)
    assert "Done: " in dock.status.text(), dock.status.text()
    with rasterio.open(str(tmp_path / "zones_landcover.tif")) as ds:
        b, codes = ds.bounds, ds.read(1)
        south_west, north_east = ds.index(770554.5, 6277554.5), ds.index(770594.5, 6277594.5)
    assert (b.left, b.bottom, b.right, b.top) == (770552, 6277552, 770597, 6277597)
    assert codes[south_west] and codes[north_east]  # inside each polygon: classified
    assert codes[0, 0] == 0  # the north-west tile touches no polygon: nodata


def test_the_aerial_row_takes_the_bd_ortho_wms_over_an_area_and_gives_the_files_map(
        plugin, multisource, clean_project, local_wms, tmp_path):
    """IGN's BD ORTHO over WMS feeds a multi-source model as it feeds any other (a local stand-in
    serving the sample files, in PNG); the whole layer (a country) is refused as the area."""
    from flair_qgis.qgis_glue.layers.bdortho import IRC_LAYER, bdortho_uri
    from qgis.core import QgsCoordinateReferenceSystem, QgsRasterLayer, QgsRectangle

    model, data = multisource
    irc, s2 = _layers(clean_project, IRC, os.path.join(data, "s2_stack.tif"))
    web = QgsRasterLayer(bdortho_uri(IRC_LAYER, url=local_wms.url, fmt="image/png"), "BD ORTHO IRC", "wms")
    assert web.isValid()
    clean_project.addMapLayer(web)
    dock = plugin.show_dock()
    dock.model_box.set_model(model)
    box = dock.modalities_box
    box.row("S2").mask.setFilePath(os.path.join(data, "s2_mask.tif"))
    aerial = box.row("AERIAL")
    maps = {}
    for layer, name in ((irc, "files"), (web, "wms")):
        aerial.set_layer(layer, "IRC")
        assert aerial.note.text() == "the model reads NIR, R, G", aerial.note.text()
        dock.output_box.file_widget.setFilePath(str(tmp_path / f"{name}.tif"))
        if layer is web:
            dock.area_box.set_mode("layer")
            assert not dock.run()
            assert "BD ORTHO IRC is a web layer covering a whole country" in dock.status.text(), dock.status.text()
        dock.area_box.set_mode("drawn")
        dock.area_box.set_drawn(QgsRectangle(770560, 6277560, 770590, 6277590), QgsCoordinateReferenceSystem("EPSG:2154"))
        assert dock.run(), dock.status.text()
        assert wait_until(lambda: not dock.controller.running, timeout=300)
        assert "Done: " in dock.status.text(), dock.status.text()
        with rasterio.open(str(tmp_path / f"{name}_landcover.tif")) as ds:
            maps[name] = (ds.transform, ds.read(1))
    assert maps["files"][0] == maps["wms"][0]
    agreement = float(np.mean(maps["files"][1] == maps["wms"][1]))
    print(f"multi-source WMS vs file agreement: {agreement:.4%}")
    assert agreement >= 0.99, agreement  # the server re-renders the picture: not pixel-exact everywhere
    requests = [m for m in local_wms.get_maps() if m["LAYERS"] == IRC_LAYER]
    assert requests and all(m["CRS"] == "EPSG:2154" for m in requests)
    report = json.loads((tmp_path / "wms_report.json").read_text())
    assert report["inputs"]["AERIAL_RGBI"]["layers"] == ["BD ORTHO IRC"]
