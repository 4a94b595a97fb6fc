"""Runs through the task manager, driven from the dock: the styled layer in the "FLAIR" group and
the message on success; on cancel or failure nothing added and no file left behind."""
from __future__ import annotations

import os
import threading

import mapserver
import numpy as np
import pytest
import rasterio
import tiny_models
from qgis_helpers import DATA, files_in, wait_until

local_wms = mapserver.local_wms  # the fixture (a local qgis_mapserver), for pytest to find here

FLAIR_NAMES = {1: "building", 3: "impervious surface", 4: "bare soil", 5: "water", 7: "deciduous",
               10: "herbaceous vegetation", 13: "swimming pool"}


def _run(dock, timeout=90):
    """Click Run, wait for the task manager to finish; returns the Outcome."""
    done = []
    dock.controller.finished.connect(done.append)
    dock.run_button.click()
    assert dock.controller.running, dock.status.text()
    assert wait_until(lambda: bool(done), timeout), "the task did not finish"
    return done[0]


def _flair_group_layers(project):
    group = project.layerTreeRoot().findGroup("FLAIR")
    return [node.layer() for node in group.findLayers()] if group else []


def test_baseline_run_adds_a_styled_layer_in_a_flair_group(plugin, montpellier, clean_project, qgis_iface, tmp_path):
    from qgis.core import Qgis, QgsPalettedRasterRenderer

    dock = plugin.show_dock()
    out = str(tmp_path / "landcover.tif")
    dock.output_box.file_widget.setFilePath(out)
    before = set(clean_project.mapLayers())
    outcome = _run(dock)
    assert outcome.ok, outcome.error
    # the file: FLAIR codes on the model's 0.2 m grid over the RGB ortho (252 x 252 px)
    with rasterio.open(out) as ds:
        codes = ds.read(1)
        assert (ds.width, ds.height) == (252, 252) and ds.res == pytest.approx((0.2, 0.2))
        assert ds.crs.to_epsg() == 2154
    present = {int(v) for v in np.unique(codes)} - {0}
    assert present and present <= set(FLAIR_NAMES)
    assert os.path.isfile(str(tmp_path / "landcover.qml"))
    # one new layer, in the FLAIR group, styled with the names of the classes present only
    added = [clean_project.mapLayer(i) for i in set(clean_project.mapLayers()) - before]
    assert len(added) == 1 and _flair_group_layers(clean_project) == added
    layer = added[0]
    assert layer.source() == out
    renderer = layer.renderer()
    assert isinstance(renderer, QgsPalettedRasterRenderer)
    assert {c.value: c.label for c in renderer.classes()} == {c: FLAIR_NAMES[c] for c in present}
    assert renderer.classes()[0].color.name() in ("#db0e9a", "#f80c00", "#a97101", "#46e483", "#55ff00", "#3de6eb")
    # the message: one short line naming the file and the largest classes, gone after a while;
    # behind "Show more", where the files are and the class areas as a table (aligned by Qt)
    bar = qgis_iface.messageBar()
    success = bar.get_messages(Qgis.Success)
    assert len(success) == 1 and success[0].startswith("FLAIR:Land cover ready in") and "%" in success[0]
    assert len(success[0]) < 90 and 0 < bar.durations[-1] <= 15
    details = bar.details[-1]
    assert out in details and "<table" in details and "area m²" in details and "classified" in details
    # the dock says what ran, and where
    assert "Done" in dock.status.text() and outcome.result.device in dock.status.text()
    assert dock.run_button.isEnabled() and not dock.cancel_button.isEnabled()


def test_exact_codes_from_a_tiny_model_with_confidence(plugin, montpellier, clean_project, tmp_path):
    """pointwise model: class = argmax over (R, G, B, NIR) -> codes (1, 3, 5, 7)."""
    model = tiny_models.pointwise(str(tmp_path / "rgbi.onnx"), n_bands=4,
                                  card_dict=tiny_models.card(["R", "G", "B", "NIR"], [1, 3, 5, 7]))
    dock = plugin.show_dock()
    dock.model_box.set_model(model)
    assert list(dock.inputs_box.roles) == ["R", "G", "B", "NIR"]
    out = str(tmp_path / "tiny.tif")
    dock.output_box.file_widget.setFilePath(out)
    dock.output_box.confidence.setChecked(True)
    outcome = _run(dock)
    assert outcome.ok, outcome.error
    with rasterio.open(os.path.join(DATA, "ortho_rgb_20cm.tif")) as a, rasterio.open(os.path.join(DATA, "ortho_irc_20cm.tif")) as b:
        rgb, irc = a.read(), b.read()
    x = np.concatenate([rgb, irc[:1]]).astype(np.float32)
    expected = np.array([1, 3, 5, 7], np.uint8)[np.argmax(x, axis=0)]
    # nodata (0) where every band of an input file holds its nodata value, 255
    expected[np.all(rgb == 255, axis=0) | np.all(irc == 255, axis=0)] = 0
    with rasterio.open(out) as ds:
        assert np.array_equal(ds.read(1), expected)
    layers = _flair_group_layers(clean_project)
    # named for the imagery and the model; the confidence says what it is, first
    # the confidence above the opaque map (ticking it shows it), but unticked
    assert layers[0].name() == "Confidence (0–100 %) · ortho_rgb_20cm · rgbi"
    assert layers[1].name() == "Land cover · ortho_rgb_20cm · rgbi"
    conf_node = clean_project.layerTreeRoot().findLayer(layers[0].id())
    assert not conf_node.isVisible()  # added, but hidden


def test_polygon_area_runs_only_inside_the_polygons(plugin, montpellier, clean_project, tmp_path):
    from qgis.core import QgsFeature, QgsGeometry, QgsRectangle, QgsVectorLayer

    zones = QgsVectorLayer("Polygon?crs=EPSG:2154", "zones", "memory")
    f = QgsFeature()
    f.setGeometry(QgsGeometry.fromRect(QgsRectangle(770560.0, 6277560.0, 770570.0, 6277570.0)))
    zones.dataProvider().addFeatures([f])
    clean_project.addMapLayer(zones)
    dock = plugin.show_dock()
    dock.area_box.set_mode("polygons")
    dock.area_box.polygon_combo.setLayer(zones)
    out = str(tmp_path / "zone.tif")
    dock.output_box.file_widget.setFilePath(out)
    outcome = _run(dock)
    assert outcome.ok, outcome.error
    with rasterio.open(out) as ds:
        codes = ds.read(1)
        assert ds.bounds == pytest.approx((770560.0, 6277560.0, 770570.0, 6277570.0))
    assert codes.shape == (50, 50) and (codes > 0).all()


def test_canvas_extent(plugin, montpellier, qgis_canvas, tmp_path):
    from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle

    qgis_canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:2154"))
    qgis_canvas.setExtent(QgsRectangle(770550.0, 6277560.0, 770570.0, 6277580.0))
    dock = plugin.show_dock()
    dock.area_box.set_mode("canvas")
    ext = qgis_canvas.extent()
    out = str(tmp_path / "view.tif")
    dock.output_box.file_widget.setFilePath(out)
    assert _run(dock).ok
    with rasterio.open(out) as ds:
        b = ds.bounds
    # the grid covers the map view where there is imagery (the tiles start at 770549.8), snapped
    # outward to whole 0.2 m pixels of the view's grid
    left, right = max(ext.xMinimum(), 770549.8), min(ext.xMaximum(), 770599.8)
    assert b.left <= left + 1e-6 and b.right >= right - 1e-6
    assert b.right - b.left <= right - left + 0.4 + 1e-6
    assert b.left >= 770549.8 - 1e-6  # nothing west of the imagery


def test_cancel_mid_run_leaves_nothing(plugin, montpellier, clean_project, qgis_iface, tmp_path, monkeypatch):
    from flair_qgis.qgis_glue.run.task import SegmentTask
    from qgis.core import Qgis

    started, proceed = threading.Event(), threading.Event()
    original = SegmentTask._progress

    def progress(self, p):  # first tile done: let the main thread press Cancel before going on
        started.set()
        proceed.wait(10)
        original(self, p)

    monkeypatch.setattr(SegmentTask, "_progress", progress)
    dock = plugin.show_dock()
    dock.output_box.tile.setValue(64)
    dock.output_box.margin.setValue(8)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    dock.output_box.file_widget.setFilePath(str(out_dir / "cancelled.tif"))
    layers_before, tree_before = set(clean_project.mapLayers()), len(clean_project.layerTreeRoot().children())
    done = []
    dock.controller.finished.connect(done.append)
    dock.run_button.click()
    assert wait_until(started.is_set, 30)
    assert dock.cancel_button.isEnabled()
    dock.cancel_button.click()
    proceed.set()
    assert wait_until(lambda: bool(done), 30)
    assert done[0].cancelled and not done[0].ok
    assert set(clean_project.mapLayers()) == layers_before
    assert len(clean_project.layerTreeRoot().children()) == tree_before and clean_project.layerTreeRoot().findGroup("FLAIR") is None
    assert files_in(out_dir) == []
    assert "Cancelled" in dock.status.text()
    # one "Cancelled" message, no failure next to it
    bar = qgis_iface.messageBar()
    assert [m for m in bar.get_messages(Qgis.Info) if "Cancelled" in m] == ["FLAIR:Cancelled; nothing was written or added."]
    assert bar.get_messages(Qgis.Critical) == [] and bar.get_messages(Qgis.Warning) == []


def _failing_model(path):
    """Valid card, valid graph, but Reshape to a fixed 1x4x10x10 fails on any real tile at run time."""
    from onnx import TensorProto, helper, numpy_helper

    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 4, "H", "W"])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 4, "H", "W"])
    shape = numpy_helper.from_array(np.array([1, 4, 10, 10], np.int64), "shape")
    g = helper.make_graph([helper.make_node("Reshape", ["x", "shape"], ["y"])], "broken", [x], [y], [shape])
    return tiny_models._save(g, path, tiny_models.card(["R", "G", "B", "NIR"], [1, 3, 5, 7]))


def test_failing_model_reports_and_leaves_nothing(plugin, montpellier, clean_project, qgis_iface, tmp_path):
    from qgis.core import Qgis

    model = _failing_model(str(tmp_path / "broken.onnx"))
    dock = plugin.show_dock()
    dock.model_box.set_model(model)
    assert dock.model_box.info is not None, dock.model_box.card.text()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    dock.output_box.file_widget.setFilePath(str(out_dir / "failed.tif"))
    dock.output_box.confidence.setChecked(True)
    layers_before = set(clean_project.mapLayers())
    outcome = _run(dock)
    assert not outcome.ok and not outcome.cancelled and outcome.error
    assert set(clean_project.mapLayers()) == layers_before
    assert clean_project.layerTreeRoot().findGroup("FLAIR") is None
    assert files_in(out_dir) == []
    critical = qgis_iface.messageBar().get_messages(Qgis.Critical)
    assert len(critical) == 1 and "Nothing was written" in critical[0]
    assert dock.status.text().startswith("Failed:")


def test_bad_choices_are_refused_before_anything_runs(plugin, montpellier, clean_project, tmp_path):
    from qgis.core import QgsApplication

    dock = plugin.show_dock()
    dock.output_box.file_widget.setFilePath(str(tmp_path / "no such folder" / "x.tif"))
    assert dock.run() is False
    assert "Cannot run: output folder does not exist" in dock.status.text()
    assert not dock.controller.running and QgsApplication.taskManager().countActiveTasks() == 0
    dock.output_box.file_widget.setFilePath("")
    dock.area_box.set_mode("drawn")
    assert dock.run() is False and "draw the area on the map" in dock.status.text()


def test_wms_layers_through_the_dock(plugin, clean_project, local_wms, qgis_canvas, tmp_path):
    """BD ORTHO RGB and IRC as WMS layers (a local qgis_mapserver under IGN's names) + the nDSM file."""
    from flair_qgis.qgis_glue.layers.bdortho import IRC_LAYER, RGB_LAYER, bdortho_uri
    from qgis.core import QgsCoordinateReferenceSystem, QgsRasterLayer, QgsRectangle

    wms = {name: QgsRasterLayer(bdortho_uri(name, url=local_wms.url, fmt="image/png"), name, "wms")
           for name in (RGB_LAYER, IRC_LAYER)}
    dhm = QgsRasterLayer(os.path.join(DATA, "dhm_50cm.tif"), "dhm_50cm")
    clean_project.addMapLayers([wms[RGB_LAYER], wms[IRC_LAYER], dhm])
    dock = plugin.show_dock()
    got = {role: (layer.name(), band) for role, (layer, band) in dock.inputs_box.inputs().items()}
    assert got == {"R": (RGB_LAYER, 1), "G": (RGB_LAYER, 2), "B": (RGB_LAYER, 3), "NIR": (IRC_LAYER, 1),
                   "NDSM": ("dhm_50cm", 1)}
    assert dock.inputs_box.rows["NIR"].band_combo.currentText() == "1: red channel"
    # a web layer has no useful "whole layer": the dock says what to do instead
    assert dock.run() is False and "choose the current map view" in dock.status.text()
    qgis_canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:2154"))
    qgis_canvas.setExtent(QgsRectangle(770549.8, 6277549.8, 770600.2, 6277600.2))
    dock.area_box.set_mode("canvas")
    out = str(tmp_path / "wms.tif")
    dock.output_box.file_widget.setFilePath(out)
    outcome = _run(dock)
    assert outcome.ok, outcome.error
    # the same classes as from the files, where both cover the ground
    file_out = str(tmp_path / "file.tif")
    from flair_qgis.inference.segment.params import SegmentParams
    from flair_qgis.inference.segment.pipeline import segment
    from flair_qgis.inference.segment.sources import FileSource

    with rasterio.open(out) as ds:
        wms_codes, bounds = ds.read(1), ds.bounds
    segment(SegmentParams(model=outcome.params.model, output=file_out, extent=tuple(bounds), crs="EPSG:2154",
                          sources=[(None, FileSource(os.path.join(DATA, "ortho_rgb_20cm.tif")), None),
                                   ("NIR", FileSource(os.path.join(DATA, "ortho_irc_20cm.tif")), 1),
                                   ("NDSM", FileSource(os.path.join(DATA, "dhm_50cm.tif")), 1)]))
    with rasterio.open(file_out) as ds:
        file_codes = ds.read(1)
    both = (wms_codes > 0) & (file_codes > 0)
    assert both.sum() > 0.95 * (file_codes > 0).sum() and np.mean(wms_codes[both] == file_codes[both]) > 0.98
    assert [lyr.source() for lyr in _flair_group_layers(clean_project)] == [out]


def test_add_bdortho_action(plugin, clean_project, local_wms, qgis_iface, monkeypatch):
    import functools

    from flair_qgis.qgis_glue.layers import bdortho
    from qgis.core import Qgis

    monkeypatch.setattr(bdortho, "add_bdortho_layers", functools.partial(bdortho.add_bdortho_layers, url=local_wms.url))
    plugin.bdortho_action.trigger()
    group = clean_project.layerTreeRoot().findGroup(bdortho.GROUP)
    assert group is not None and len(group.findLayers()) >= 2
    # then the dock pre-fills from them
    inputs = plugin.show_dock().inputs_box.inputs()
    assert inputs["R"][0].providerType() == "wms" and inputs["NIR"][0].providerType() == "wms"
    # no server: a warning, nothing raised into QGIS
    monkeypatch.setattr(bdortho, "add_bdortho_layers", functools.partial(
        bdortho.add_bdortho_layers.func, url=f"http://127.0.0.1:{mapserver.free_port()}/wms"))
    assert plugin.add_bdortho() == []
    assert any("Could not add the BD ORTHO layers" in m for m in qgis_iface.messageBar().get_messages(Qgis.Warning))


def test_the_run_uses_the_model_the_dock_read(plugin, montpellier, clean_project, tmp_path, monkeypatch):
    """The dock parsed the model to show its card; the run takes that reading with the request
    instead of parsing the file again (the engine reads it only when it is not given one)."""
    import importlib

    pipeline = importlib.import_module("flair_qgis.inference.segment.pipeline")
    model = tiny_models.pointwise(str(tmp_path / "rgb.onnx"), n_bands=3,
                                  card_dict=tiny_models.card(["R", "G", "B"], [1, 3, 5]))
    dock = plugin.show_dock()
    dock.model_box.set_model(model)
    shown = dock.model_box.info
    assert shown is not None and shown.card.class_codes == (1, 3, 5)
    reads = []
    real = pipeline.describe_model  # the engine's reading of a model file (any model)
    monkeypatch.setattr(pipeline, "describe_model", lambda *a, **k: reads.append(a) or real(*a, **k))
    dock.output_box.file_widget.setFilePath(str(tmp_path / "once.tif"))
    outcome = _run(dock)
    assert outcome.ok, outcome.error
    assert reads == [] and outcome.result.card == shown.card
