"""Issue 10, as a new user meets the plugin: roles that never silently change layer, results
that can be told apart, messages in the terms of the screen."""
from __future__ import annotations

import os

import pytest
import tiny_models
from qgis_helpers import DATA


def _names(inputs):
    return {role: (layer.name(), band) for role, (layer, band) in inputs.items()}


def test_removing_a_layer_empties_its_role_and_says_which_one(plugin, montpellier, clean_project):
    from qgis.core import QgsRasterLayer

    dock = plugin.show_dock()
    box = dock.inputs_box
    assert _names(box.inputs())["NIR"] == ("ortho_irc_20cm", 1) and dock.run_button.isEnabled()
    clean_project.removeMapLayer(montpellier["irc"].id())
    # NIR is empty, not band 1 of the RGB layer (its red band)
    assert "NIR" not in box.inputs() and box.rows["NIR"].layer() is None
    assert box.missing() == ["NIR"]
    assert not dock.run_button.isEnabled() and "NIR" in dock.status.text()
    # the height layer too: NDSM empty, not band 1 of some other layer; the RGB roles untouched
    clean_project.removeMapLayer(montpellier["dhm"].id())
    got = _names(box.inputs())
    assert "NDSM" not in got  # never band 1 of the RGB or IRC ortho
    assert got["R"] == ("ortho_rgb_20cm", 1) and got["B"] == ("ortho_rgb_20cm", 3)
    # adding a layer back fills the empty role only; a role the user set stays as it is
    box.rows["G"].set(montpellier["rgb"], 1)  # the user's (odd) choice
    irc = QgsRasterLayer(os.path.join(DATA, "ortho_irc_20cm.tif"), "ortho_irc_20cm")
    clean_project.addMapLayer(irc)
    got = _names(box.inputs())
    assert got["NIR"] == ("ortho_irc_20cm", 1) and got["G"] == ("ortho_rgb_20cm", 1)


def _run_as_the_toolbox_dialog_does(alg_id, params, project, timeout=60):
    """The toolbox dialog, batch mode and the model designer run an algorithm in a
    QgsProcessingAlgRunnerTask (Processing's worker thread, a context of its own), then load what
    the dialog's context lists with Processing's own handleAlgorithmResults."""
    from processing.gui.Postprocessing import handleAlgorithmResults
    from qgis.core import (
        QgsApplication,
        QgsProcessingAlgRunnerTask,
        QgsProcessingContext,
        QgsProcessingFeedback,
    )
    from qgis_helpers import wait_until

    alg = QgsApplication.processingRegistry().createAlgorithmById(alg_id)
    context = QgsProcessingContext()
    context.setProject(project)
    feedback = QgsProcessingFeedback()
    task = QgsProcessingAlgRunnerTask(alg, params, context, feedback)
    done = []
    task.executed.connect(lambda ok, results: done.append((ok, results)))
    QgsApplication.taskManager().addTask(task)
    assert wait_until(lambda: bool(done), timeout), "the algorithm did not finish"
    ok, results = done[0]
    assert ok, results
    handleAlgorithmResults(alg, context, feedback, False, results)
    return results


def test_segment_from_the_toolbox_dialog_loads_its_styled_outputs(plugin, qgis_processing, clean_project, tmp_path):
    from qgis.core import (
        QgsPalettedRasterRenderer,
        QgsProcessingOutputLayerDefinition,
        QgsSingleBandPseudoColorRenderer,
    )

    out = str(tmp_path / "lc.tif")
    params = {"RGB": os.path.join(DATA, "ortho_rgb_20cm.tif"), "NIR": os.path.join(DATA, "ortho_irc_20cm.tif"),
              "NIR_BAND": 1, "NDSM": os.path.join(DATA, "dhm_50cm.tif"), "CONFIDENCE": True,
              "OUTPUT": QgsProcessingOutputLayerDefinition(out, clean_project)}
    _run_as_the_toolbox_dialog_does("flair:segment", params, clean_project)
    layers = {lyr.source(): lyr for lyr in clean_project.mapLayers().values()}
    assert out in layers, "the land cover was not added to the project"
    landcover = layers[out]
    assert isinstance(landcover.renderer(), QgsPalettedRasterRenderer)
    assert landcover.name().startswith("Land cover · ortho_rgb_20cm")
    conf = layers.get(str(tmp_path / "lc_confidence.tif"))
    assert conf is not None and conf.name().startswith("Confidence (0–100 %)")
    assert isinstance(conf.renderer(), QgsSingleBandPseudoColorRenderer)
    labels = [i.label for i in conf.renderer().shader().rasterShaderFunction().colorRampItemList()]
    assert labels[0] == "0 %" and labels[-1] == "100 %"


def test_engine_messages_are_worded_for_the_screen(qgis_app, tmp_path):
    from flair_qgis.inference.models.card import CardError
    from flair_qgis.inference.models.session import read_model_info
    from flair_qgis.inference.segment.sources import SourceError
    from flair_qgis.qgis_glue.errors import user_message

    with pytest.raises(CardError) as refused:
        read_model_info(tiny_models.pointwise(str(tmp_path / "nocard.onnx"), n_bands=4))
    card = user_message(refused.value)
    assert card == ("this model has no FLAIR model card, so these must be given: input roles for its 4 input "
                    "channels (the Input roles field); what its outputs mean (the Outputs field); its normalisation "
                    "(Mean and Std in 0..255 units, or Scale)"), card
    not_onnx = user_message(ValueError(
        "/m/x.onnx is not an ONNX model (DecodeError). Pick a .onnx file, or convert a PyTorch checkpoint "
        "first with `python -m inference convert`."))
    assert "DecodeError" not in not_onnx and "python -m" not in not_onnx and "Get FLAIR models" in not_onnx
    where = user_message(SourceError("the extent (770012.123456789, 6279001.987654321, 770062.5, 6279051.0) lies outside"))
    assert "770012.12" in where and "770012.123" not in where
    # an errno about the engine's hidden temporary file names the file the user picked
    err = OSError(28, "No space left on device", "/data/out/.landcover.tif.k2j3_x9a.part.tif")
    assert user_message(err) == "cannot write /data/out/landcover.tif: No space left on device"
    for hidden in (".landcover.tif.4242-ab12cd34.flair-part.tif", ".landcover.tif.4242-ab12cd34.flair-part.codes.tif"):
        err = OSError(28, "No space left on device", "/data/out/" + hidden)
        assert user_message(err) == "cannot write /data/out/landcover.tif: No space left on device"
    gdal = RuntimeError("/data/out/.CHANGE.gpkg.4242-ab12cd34.flair-part.raw.gpkg: disk I/O error. Nothing was replaced")
    assert user_message(gdal) == "/data/out/CHANGE.gpkg: disk I/O error. Nothing was replaced"


def test_own_toolbar_visible_on_a_fresh_profile(plugin, qgis_iface):
    from qgis.PyQt.QtWidgets import QToolBar

    bars = [b for b in qgis_iface.mainWindow().findChildren(QToolBar) if b.objectName() == "FlairToolbar"]
    assert len(bars) == 1 and not bars[0].isHidden()
    names = [a.objectName() for a in bars[0].actions()]
    assert names[:2] == ["flair_segment", "flair_qa_panel"] and "flair_bdortho" in names


def test_qa_panel_is_a_tab_beside_the_segment_dock(plugin, qgis_iface, clean_project):
    dock = plugin.show_dock()
    panel = plugin.qa.show_panel()
    main = qgis_iface.mainWindow()
    assert dock in main.tabifiedDockWidgets(panel)


@pytest.mark.parametrize("width", [300, 450])
def test_the_dock_fits_qgis_default_dock_width(plugin, montpellier, qgis_iface, width):
    """Nothing of the dock is cut off at 300 px (QGIS's default dock width): every input row's
    band list is inside the visible area, and nothing needs a horizontal scroll."""
    from qgis.PyQt.QtCore import QPoint
    from qgis.PyQt.QtWidgets import QApplication, QScrollArea

    dock = plugin.show_dock()
    dock.setFloating(True)
    dock.resize(width, 900)
    dock.show()
    for _ in range(3):
        QApplication.processEvents()
    scroll = dock.findChild(QScrollArea)
    viewport = scroll.viewport()
    assert scroll.widget().minimumSizeHint().width() <= viewport.width()
    assert not scroll.horizontalScrollBar().isVisible()
    for row in dock.inputs_box.rows.values():
        if row.band_combo.isVisibleTo(dock):
            right = row.band_combo.mapTo(viewport, QPoint(row.band_combo.width(), 0)).x()
            assert 0 < right <= viewport.width(), (row.role, right, viewport.width())
            assert row.band_combo.width() >= 40 and row.layer_combo.width() >= 60
    dock.setFloating(False)


def test_remembered_settings_show_and_modes_that_cannot_apply_fall_back(plugin, montpellier, qgis_iface):
    from flair_qgis.ui.dock import FlairDock
    from qgis.core import QgsSettings

    s = QgsSettings()
    s.setValue("flair/tile", 64)  # from an earlier QGIS session
    s.setValue("flair/extent_mode", "polygons")  # from another project, one with polygons
    dock = FlairDock(qgis_iface)
    try:
        box = dock.output_box
        assert box.changed_settings() == ["Tile size"]
        assert box.advanced.title() == "Advanced (changed)" and box.reset_button.isEnabled()
        assert box.changed_label.text() == "Changed from the model's defaults: Tile size"
        # no polygon layer here: the whole layer is used, and the dock says so; Run is possible
        assert dock.area_box.mode() == "layer"
        assert dock.area_box.note.isVisibleTo(dock.area_box) and "polygon" in dock.area_box.note.text()
        assert dock.run_button.isEnabled(), dock.status.text()
        box.reset_advanced()
        assert box.tile.value() == 0 and box.advanced.title() == "Advanced" and not box.reset_button.isEnabled()
        assert QgsSettings().value("flair/tile", type=int) == 0
    finally:
        dock.shutdown()
        dock.deleteLater()


def test_get_flair_models_says_what_each_model_needs_with_a_copyable_command(pkg, monkeypatch, tmp_path):
    from flair_qgis.inference.models.catalogue import load_catalogue
    from flair_qgis.qgis_glue.models import download as glue
    from flair_qgis.ui.catalogue_dialog import CatalogueDialog
    from qgis.PyQt.QtWidgets import QApplication

    monkeypatch.setattr(glue, "torch_here", lambda: False)  # a QGIS whose Python has no PyTorch
    cat = load_catalogue()
    torch_row = next(i for i, e in enumerate(cat.entries) if e.needs_torch)
    free_row = next(i for i, e in enumerate(cat.entries) if not e.needs_torch)  # a torch-free converter
    dialog = CatalogueDialog(None, catalogue=cat, cache=str(tmp_path))
    assert dialog.table.item(torch_row, 4).text() == "PyTorch to convert (not installed)"
    assert dialog.table.item(free_row, 4).text() == "nothing more (no PyTorch)"
    dialog.table.selectRow(torch_row)
    assert "Needs: PyTorch in QGIS's Python" in dialog.details.text()
    assert dialog.copy_button.isVisibleTo(dialog) and "-m pip install" in dialog.command.text()
    dialog.copy_button.click()
    assert QApplication.clipboard().text() == dialog.command.text()
    dialog.table.selectRow(free_row)
    assert "without PyTorch" in dialog.details.text() and not dialog.copy_button.isVisibleTo(dialog)
    dialog.deleteLater()


def test_a_conversion_cancelled_before_it_starts_says_cancelled(pkg, tmp_path):
    from flair_qgis.inference.models.catalogue import load_catalogue
    from flair_qgis.qgis_glue.models.download import ConvertTask

    ends = []
    entry = load_catalogue().entries[0]
    task = ConvertTask(entry, str(tmp_path / "x.pth"), str(tmp_path / "x.onnx"), ends.append)
    task.finished(False)  # what QGIS calls for a task cancelled before run() ever started
    assert ends[0].cancelled and ends[0].error is None and not ends[0].ok


def test_qa_panel_fits_and_comparing_a_layer_with_itself_adds_no_empty_layers(pkg, qgis_iface, clean_project,
                                                                            tmp_path):
    import numpy as np
    import rasterio
    from flair_qgis.ui.qa_panel import QaPanel
    from qgis.core import QgsRasterLayer
    from qgis.PyQt.QtWidgets import QApplication
    from qgis_helpers import wait_until

    path = str(tmp_path / "MSK_toy.tif")
    codes = np.array([[1, 1, 5, 5], [10, 10, 3, 3], [7, 7, 13, 13], [1, 5, 10, 19]], np.uint8).repeat(5, 0).repeat(5, 1)
    with rasterio.open(path, "w", driver="GTiff", width=20, height=20, count=1, dtype="uint8", crs="EPSG:2154",
                       transform=rasterio.transform.from_origin(770000, 6280000, 1, 1)) as ds:
        ds.write(codes, 1)
    layer = QgsRasterLayer(path, "mask")
    clean_project.addMapLayer(layer)
    panel = QaPanel(qgis_iface, clean_project)
    panel.resize(450, 800)
    panel.show()
    panel.ref_layer.setLayer(layer)
    panel.pred_layer.setLayer(layer)
    for combo in (panel.ref_encoding, panel.pred_encoding):
        combo.setCurrentIndex(combo.findData("flair19"))
    panel.folder.setFilePath(str(tmp_path / "out"))
    before = set(clean_project.mapLayers())
    assert panel.start_compare() is not None
    assert wait_until(lambda: panel.task is None, 60)
    assert panel.last_outcome.ok, panel.last_outcome.error
    assert set(clean_project.mapLayers()) == before  # nothing empty added
    assert "agree everywhere" in panel.headline.text()
    QApplication.processEvents()
    # the per-class table fits the panel: no horizontal scrolling
    assert panel.table.horizontalScrollBar().maximum() == 0
    assert panel.heatmap.cell_text(19, 19) == "100" and "autre" not in panel.heatmap.legend.text()
    panel.shutdown()
    panel.deleteLater()


def test_a_re_run_to_the_same_file_replaces_the_layer_and_names_say_what_they_are(plugin, montpellier, clean_project,
                                                                                   tmp_path):
    from qgis_helpers import wait_until

    dock = plugin.show_dock()
    dock.output_box.file_widget.setFilePath("")
    clean_project.setFileName(str(tmp_path / "project.qgz"))  # saved: results go beside it
    clean_project.write()
    dock.output_box.refresh_placeholder()
    assert dock.output_box.where == "project"
    for _ in range(2):
        done = []
        dock.controller.finished.connect(done.append)
        dock.run_button.click()
        assert wait_until(lambda done=done: bool(done), 90)
        dock.controller.finished.disconnect(done.append)
        assert done[0].ok, done[0].error
    out = done[0].result.output
    assert out == str(tmp_path / "ortho_rgb_20cm_flair-baseline-spectral-height.tif")
    same = [lyr for lyr in clean_project.mapLayers().values() if lyr.source() == out]
    assert len(same) == 1 and same[0].name() == "Land cover · ortho_rgb_20cm · flair-baseline-spectral-height"
