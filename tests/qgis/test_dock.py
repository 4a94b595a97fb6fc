"""The dock a user sees: model card, input rows pre-filled from the loaded layers, area, output
and advanced settings remembered, and Run enabled only when a run can start."""
from __future__ import annotations

import os

import pytest
import tiny_models
from qgis_helpers import DATA


def _names(inputs):
    return {role: (layer.name(), band) for role, (layer, band) in inputs.items()}


def test_builtin_model_card_and_prefilled_inputs(plugin, montpellier):
    dock = plugin.show_dock()
    box = dock.model_box
    assert box.combo.currentIndex() == 0 and "Built-in baseline" in box.combo.currentText()
    card = box.card.text()
    for text in ("Spectral-height baseline", "R, G, B, NIR, NDSM", "building", "0.2 m", "Licence", "GPL-2.0-or-later"):
        assert text in card, text
    assert not box.overrides_form.isVisibleTo(box)
    # one row per role of the model, pre-filled: RGB layer -> R,G,B; IRC band 1 -> NIR; height -> NDSM
    assert list(dock.inputs_box.roles) == ["R", "G", "B", "NIR", "NDSM"]
    assert _names(dock.inputs_box.inputs()) == {
        "R": ("ortho_rgb_20cm", 1), "G": ("ortho_rgb_20cm", 2), "B": ("ortho_rgb_20cm", 3),
        "NIR": ("ortho_irc_20cm", 1), "NDSM": ("dhm_50cm", 1),
    }
    assert dock.area_box.resolution.value() == pytest.approx(0.2)
    assert dock.run_button.isEnabled(), dock.status.text()
    # the built-in model was built once into the QGIS profile
    from qgis.core import QgsApplication

    assert box.model_path().startswith(QgsApplication.qgisSettingsDirPath())
    assert os.path.isfile(box.model_path())


def test_dsm_and_dtm_stand_for_ndsm(plugin, montpellier, clean_project):
    clean_project.removeMapLayer(montpellier["dhm"].id())
    dock = plugin.show_dock()
    box = dock.inputs_box
    assert box.use_dsm_dtm.isChecked()
    got = _names(box.inputs())
    assert got["DSM"] == ("dsm_50cm", 1) and got["DTM"] == ("dtm_50cm", 1) and "NDSM" not in got
    assert box.missing() == [] and dock.run_button.isEnabled()
    assert box.rows["DSM"].layer_combo.isVisibleTo(box) and not box.rows["NDSM"].layer_combo.isVisibleTo(box)


def test_layers_added_later_fill_empty_rows(plugin, clean_project):
    from qgis.core import QgsRasterLayer

    dock = plugin.show_dock()
    assert dock.inputs_box.missing() == ["R", "G", "B", "NIR", "NDSM"]
    assert not dock.run_button.isEnabled()
    assert "choose a layer for R, G, B, NIR, NDSM" in dock.status.text()
    clean_project.addMapLayer(QgsRasterLayer(os.path.join(DATA, "ortho_rgb_20cm.tif"), "ortho"))
    assert dock.inputs_box.missing() == ["NIR", "NDSM"]
    assert "NIR, NDSM" in dock.status.text()


def test_model_without_card_says_what_is_missing_and_can_be_described(plugin, montpellier, tmp_path):
    model = tiny_models.pointwise(str(tmp_path / "nocard.onnx"), n_bands=3)
    dock = plugin.show_dock()
    box = dock.model_box
    box.set_model(model)
    assert box.info is None
    assert "what its outputs mean" in box.card.text() and "normalisation" in box.card.text()
    assert box.overrides_form.isVisibleTo(box)
    assert not dock.run_button.isEnabled()
    form = box.overrides_form
    form.classes.setCurrentIndex(form.classes.findData("generic"))
    form.scale.setText("1")
    form.scale.editingFinished.emit()
    assert box.info is not None, box.card.text()
    assert box.info.card.roles == ("R", "G", "B")
    assert list(dock.inputs_box.roles) == ["R", "G", "B"]
    assert dock.run_button.isEnabled()
    assert dock.request().overrides.scale == 1.0
    # it states no pixel size: the imagery's own grid, said in words, not 0.2 m
    assert dock.request().resolution is None and "imagery" in box.card.text()


def test_not_an_onnx_file(plugin, tmp_path):
    bad = tmp_path / "weights.onnx"
    bad.write_bytes(b"\x00not a model at all")
    dock = plugin.show_dock()
    dock.model_box.set_model(str(bad))
    assert "is not an ONNX model" in dock.model_box.card.text()
    assert not dock.model_box.overrides_form.isVisibleTo(dock.model_box)
    assert not dock.run_button.isEnabled()


def test_recent_models_and_settings_persist(plugin, pkg, qgis_iface, montpellier, tmp_path):
    model = tiny_models.pointwise(str(tmp_path / "rgbi.onnx"), n_bands=4,
                                  card_dict=tiny_models.card(["R", "G", "B", "NIR"], [1, 3, 5, 7]))
    dock = plugin.show_dock()
    dock.model_box.set_model(model)
    assert dock.model_box.info is not None
    out = dock.output_box
    out.confidence.setChecked(True)
    out.tile.setValue(128)
    out.margin.setValue(16)
    out.batch.setValue(2)
    out.stitch.setCurrentIndex(1)
    out.device.setCurrentIndex(out.device.findData("cpu"))
    dock.area_box.set_mode("canvas")
    request = dock.request()
    assert (request.tile, request.margin, request.batch, request.stitch, request.device, request.confidence) == (
        128, 16, 2, "blend", "cpu", True)
    assert request.model == model
    plugin.unload()
    again = pkg.classFactory(qgis_iface)
    again.initGui()
    try:
        dock2 = again.show_dock()
        assert dock2.model_box.combo.currentData() == model  # last model, listed among recent ones
        assert dock2.model_box.combo.findData(model) > 0
        o2 = dock2.output_box
        assert (o2.tile.value(), o2.margin.value(), o2.batch.value(), o2.stitch.currentData(),
                o2.device.currentData(), o2.confidence.isChecked()) == (128, 16, 2, "blend", "cpu", True)
        assert dock2.area_box.mode() == "canvas"
    finally:
        again.unload()


def test_drawn_extent_and_polygon_area_gate_run(plugin, montpellier, clean_project):
    from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle, QgsVectorLayer

    dock = plugin.show_dock()
    area = dock.area_box
    area.set_mode("drawn")
    assert not dock.run_button.isEnabled() and "draw the area" in dock.status.text()
    area.start_drawing()
    assert area.canvas.mapTool() is area._tool
    area.set_drawn(QgsRectangle(770555, 6277560, 770580, 6277590), QgsCoordinateReferenceSystem("EPSG:2154"))
    assert dock.run_button.isEnabled() and area.drawn_label.text() == "25 × 30 m"
    assert area.canvas.mapTool() is not area._tool
    area.set_mode("polygons")
    assert not dock.run_button.isEnabled()
    polygons = QgsVectorLayer("Polygon?crs=EPSG:2154", "zones", "memory")
    clean_project.addMapLayer(polygons)
    assert area.polygon_combo.currentLayer() is polygons
    dock._update_state()
    assert dock.run_button.isEnabled()
    with pytest.raises(ValueError, match="the layer zones has no feature with a geometry"):
        dock.request()


def test_the_catalogue_button_is_there(plugin):
    dock = plugin.show_dock()
    assert dock.model_box.catalogue_button.isVisibleTo(dock.model_box)


def test_get_flair_models_opens_the_catalogue_and_selects_the_model(plugin, tmp_path, monkeypatch):
    from flair_qgis.ui import catalogue_dialog

    model = tiny_models.pointwise(str(tmp_path / "downloaded.onnx"), n_bands=3,
                                  card_dict=tiny_models.card(["R", "G", "B"], [1, 2, 3]))

    def exec_(self):  # the user downloads a model and closes the dialog
        self._selected = model
        return 1

    monkeypatch.setattr(catalogue_dialog.CatalogueDialog, "exec", exec_)
    monkeypatch.setattr(catalogue_dialog.CatalogueDialog, "exec_", exec_, raising=False)
    dock = plugin.show_dock()
    dock.model_box.catalogue_button.click()
    assert dock.model_box.combo.currentData() == model and dock.model_box.info is not None
    assert list(dock.inputs_box.roles) == ["R", "G", "B"]
