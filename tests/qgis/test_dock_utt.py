"""The dock with a FLAIR#2 U-T&T model trained with aerial metadata (tiny weights): its "Aerial
acquisition" group asks for what the card needs, Run stays off (saying why) until the values are
given and valid, a run passes them to the engine and adds the styled output, and they come back
the next time the model is chosen. The Sentinel-2 row says how far around the area the 400 m
context square reaches. The ``utt`` fixture is in conftest.py."""
from __future__ import annotations

import json
import os

import rasterio
from qgis_helpers import wait_until


def _layers(project, *paths):
    from qgis.core import QgsRasterLayer

    layers = [QgsRasterLayer(p, os.path.splitext(os.path.basename(p))[0], "gdal") for p in paths]
    assert all(layer.isValid() for layer in layers)
    project.addMapLayers(layers)
    return layers


def _fill(meta, date="2021-06-15", time="10:30", camera="UCE-M3-f100-s06", altitude="0"):
    for key, text in (("date", date), ("time", time), ("camera", camera), ("altitude", altitude)):
        meta.set_text(key, text)


def test_the_metadata_group_asks_for_what_the_card_needs(plugin, utt, clean_project):
    model, data = utt
    aerial, s2 = _layers(clean_project, data["aerial5"], data["s2"])
    dock = plugin.show_dock()
    dock.model_box.set_model(model)
    meta = dock.metadata_box
    assert meta.isVisibleTo(dock) and meta.title() == "Aerial acquisition"
    assert list(meta.fields) == ["date", "time", "camera", "altitude"]
    assert "+ the aerial acquisition: date, time, camera, altitude" in dock.model_box.card.text()
    labels = [meta.grid.itemAtPosition(r, 0).widget().text() for r in range(1, 5)]
    assert labels == ["date *", "time *", "camera *", "altitude *"]  # required marked
    assert "BD ORTHO" in meta.fields["date"].toolTip() and "2018 to 2021" in meta.fields["date"].toolTip()
    box = dock.modalities_box
    box.row("S2").dates.setFilePath(data["s2_dates"])
    assert box.row("AERIAL").layer() is aerial and box.row("S2").layer() is s2
    # nothing typed yet: Run is off and the status line says what is missing, in the dock's words
    assert not dock.run_button.isEnabled()
    assert "give the date the aerial images were taken (Aerial acquisition)" in dock.status.text()
    assert "META." not in dock.status.text()
    _fill(meta, date="")
    assert not dock.run_button.isEnabled() and "give the date" in dock.status.text()
    assert "altitude" not in dock.status.text()  # 0 m typed is a value, not "empty"
    # a year the model does not know: the engine's own parser says why, on the group
    _fill(meta, date="2023-06-15")
    assert "2018..2021" in meta.note.text() and "fix the date (Aerial acquisition)" in dock.status.text()
    _fill(meta, time="25:00")
    assert "time: write the time the image was taken as HH:MM" in meta.note.text()
    _fill(meta)
    assert dock.run_button.isEnabled(), dock.status.text()
    assert meta.values() == {"date": "2021-06-15", "time": "10:30", "camera": "UCE-M3-f100-s06", "altitude": "0"}


def test_a_model_without_metadata_has_no_metadata_group(plugin, multisource, clean_project):
    model, _ = multisource
    dock = plugin.show_dock()
    dock.model_box.set_model(model)
    assert not dock.metadata_box.isVisibleTo(dock) and dock.metadata_box.problems() == []


def test_the_s2_row_says_how_far_the_context_reaches(plugin, utt, clean_project):
    model, data = utt
    _, short = _layers(clean_project, data["aerial5"], data["s2_short"])
    dock = plugin.show_dock()
    dock.model_box.set_model(model)
    row = dock.modalities_box.row("S2")
    row.dates.setFilePath(data["s2_dates"])
    row.set_layer(short)
    # tile 128 px at 0.2 m, margin 32: a 400 m square centred on each tile reaches 194 m past the area
    assert "does not cover the whole area plus 194 m around it (the model's 400 m context square" in row.note.text()
    assert row.note.text().startswith("S2 (SENTINEL2_TS): s2_short.tif does not cover the whole area")
    assert "fix S2 (see its row)" in dock.status.text() and not dock.run_button.isEnabled()


def test_a_run_with_metadata_writes_the_styled_output_and_is_remembered(plugin, utt, clean_project, qgis_iface,
                                                                      tmp_path):
    from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle

    model, data = utt
    _layers(clean_project, data["aerial5"], data["s2"])
    dock = plugin.show_dock()
    dock.model_box.set_model(model)
    dock.modalities_box.row("S2").dates.setFilePath(data["s2_dates"])
    dock.modalities_box.row("S2").mask.setFilePath(data["s2_mask"])
    _fill(dock.metadata_box, time="9h08", altitude="40")
    dock.area_box.set_mode("drawn")
    dock.area_box.set_drawn(QgsRectangle(770560, 6277570, 770590, 6277590), QgsCoordinateReferenceSystem("EPSG:2154"))
    dock.output_box.file_widget.setFilePath(str(tmp_path / "utt.tif"))
    assert dock.run(), dock.status.text()
    assert wait_until(lambda: not dock.controller.running, timeout=300)
    assert "Done: " in dock.status.text(), dock.status.text()
    with rasterio.open(str(tmp_path / "utt_landcover.tif")) as ds:
        assert (ds.width, ds.height) == (150, 100) and ds.read(1).min() >= 1
    meta = json.loads((tmp_path / "utt_report.json").read_text(encoding="utf-8"))["inputs"]["AERIAL_METADATA"]
    assert (meta["date"], meta["time"], meta["camera"], meta["altitude_m"]) == ("2021-06-15", "09:08",
                                                                                "UCE-M3-f100-s06", 40)
    group = clean_project.layerTreeRoot().findGroup("FLAIR")
    assert group.findLayers()[0].layer().renderer().type() == "paletted"  # styled by its .qml
    assert group.findLayers()[0].layer().name().startswith("Land cover · ")  # never the task's internal id

    # the next session: the values typed come back with the model, and the group says so
    from flair_qgis.ui.dock import FlairDock

    again = FlairDock(qgis_iface)
    try:
        again.model_box.set_model(model)
        assert again.metadata_box.values() == {"date": "2021-06-15", "time": "9h08", "camera": "UCE-M3-f100-s06",
                                               "altitude": "40"}
        assert again.metadata_box.origin.text() == "As last time with this model."
    finally:
        again.shutdown()
        again.deleteLater()
