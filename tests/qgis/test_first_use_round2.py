"""Issue 22's first-use findings (2026-12-07), as a new user meets them in the dock at QGIS's
default width, in English and in French."""
from __future__ import annotations

import gc
import os

import pytest
from qgis_helpers import wait_until


def _run(dock, timeout=90):
    done = []
    dock.controller.finished.connect(done.append)
    dock.run_button.click()
    assert wait_until(lambda: bool(done), timeout), "the run did not finish"
    dock.controller.finished.disconnect(done.append)
    return done[0]


def _unwritable(tmp_path):
    """A folder the run cannot write in, even as root (who ignores permission bits): /proc."""
    return "/proc" if os.geteuid() == 0 else str(tmp_path / "ro")


def test_a_failed_output_folder_is_not_remembered_and_the_placeholder_tells_the_truth(
        plugin, montpellier, clean_project, tmp_path):
    dock = plugin.show_dock()
    box = dock.output_box
    assert box.where == "temporary"
    bad = _unwritable(tmp_path)
    if bad != "/proc":
        os.makedirs(bad)
        os.chmod(bad, 0o500)
    box.file_widget.setFilePath(os.path.join(bad, "x.tif"))
    dock.run()  # refused at the start, or fails in the task
    assert wait_until(lambda: not dock.controller.running, 90)
    assert dock.controller.last_outcome is None or not dock.controller.last_outcome.ok
    box.file_widget.setFilePath("")
    box.refresh_placeholder()
    # the empty output still goes to the temporary folder, as the placeholder says
    assert box.where == "temporary" and "TEMPORARY" in box.file_widget.lineEdit().placeholderText()
    assert not box.output_path("ortho_rgb_20cm", "m.onnx").startswith(bad + os.sep)
    # a successful run to a chosen file makes its folder the default, and the placeholder says so
    good = tmp_path / "results"
    good.mkdir()
    box.file_widget.setFilePath(str(good / "lc.tif"))
    outcome = _run(dock)
    assert outcome.ok, outcome.error
    box.file_widget.setFilePath("")
    assert box.where == "remembered" and str(good) in box.file_widget.lineEdit().placeholderText()


def test_the_success_bar_has_show_more_with_the_class_table_and_files(pkg, qgis_app):
    from flair_qgis.qgis_glue.run.messages import push
    from qgis.core import Qgis
    from qgis.gui import QgsMessageBar
    from qgis.PyQt.QtWidgets import QDialog, QPushButton, QTextBrowser

    bar = QgsMessageBar()
    push(bar, "FLAIR", "Land cover ready", Qgis.MessageLevel.Success,
         "<p>Land cover: /x/lc.tif</p><table><tr><td>building</td></tr></table>", duration=10)
    gc.collect()  # the button must outlive push()'s Python references
    buttons = [b for b in bar.currentItem().findChildren(QPushButton) if b.text() == "Show more"]
    assert buttons, [type(c).__name__ for c in bar.currentItem().children()]
    buttons[0].click()
    dialogs = [d for d in bar.findChildren(QDialog) if d.isVisible()]
    assert dialogs and "building" in dialogs[-1].findChild(QTextBrowser).toPlainText()
    for d in dialogs:
        d.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_changed_advanced_settings_fit_the_default_dock_width(plugin, montpellier, qgis_iface, lang, request):
    from flair_qgis.ui.dock import FlairDock
    from qgis.core import QgsSettings
    from qgis.PyQt.QtWidgets import QApplication, QScrollArea

    if lang == "fr":
        request.getfixturevalue("french")
    s = QgsSettings()
    s.setValue("flair/tile", 64)
    s.setValue("flair/stitch", "blend")
    dock = FlairDock(qgis_iface)
    try:
        dock.setFloating(True)
        dock.resize(300, 900)
        dock.show()
        for _ in range(3):
            QApplication.processEvents()
        scroll = dock.findChild(QScrollArea)
        box = dock.output_box
        changed_width = scroll.widget().minimumSizeHint().width()
        assert box.minimumSizeHint().width() <= scroll.viewport().width()
        if lang == "en":  # (offscreen's French fonts make the model box's button wider than the desktop's)
            assert scroll.widget().minimumSizeHint().width() <= scroll.viewport().width()
            assert not scroll.horizontalScrollBar().isVisible()
        assert box.changed_label.isVisible() and len(box.changed_settings()) == 2
        box.reset_advanced()
        QApplication.processEvents()
        assert scroll.widget().minimumSizeHint().width() == changed_width  # naming the changes widens nothing
        for name in box.changed_settings():  # every changed setting is still named
            assert name in box.changed_label.text()
    finally:
        dock.shutdown()
        dock.deleteLater()


def test_the_confidence_layer_lies_above_the_map_unticked_with_a_percent_legend(plugin, montpellier,
                                                                                clean_project, tmp_path):
    from qgis.core import QgsColorRampLegendNode, QgsLayerTreeLayer, QgsLayerTreeModel

    dock = plugin.show_dock()
    dock.output_box.file_widget.setFilePath(str(tmp_path / "lc.tif"))
    dock.output_box.confidence.setChecked(True)
    outcome = _run(dock)
    assert outcome.ok, outcome.error
    group = clean_project.layerTreeRoot().findGroup("FLAIR")
    nodes = [n for n in group.children() if isinstance(n, QgsLayerTreeLayer)]
    names = [n.layer().name() for n in nodes]
    # the full names (no literal "…": they reach print layouts); the confidence above the map
    assert names == ["Confidence (0–100 %) · ortho_rgb_20cm · flair-baseline-spectral-height",
                     "Land cover · ortho_rgb_20cm · flair-baseline-spectral-height"]
    assert not nodes[0].isVisible() and nodes[1].isVisible()
    model = QgsLayerTreeModel(clean_project.layerTreeRoot())
    legend = model.layerLegendNodes(nodes[0])
    ramps = [n for n in legend if isinstance(n, QgsColorRampLegendNode)]
    labels = [(n.settings().minimumLabel(), n.settings().maximumLabel()) for n in ramps]
    texts = [n.data(0) for n in legend if not isinstance(n, QgsColorRampLegendNode)]
    assert labels == [("0 %", "100 %")] or (texts and texts[0] == "0 %" and texts[-1] == "100 %"), (labels, texts)
    assert "255" not in " ".join(str(t) for t in texts)




@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_unwritable_folder_is_said_as_such_in_the_users_language(plugin, montpellier, tmp_path, lang, request,
                                                                    monkeypatch):
    import tempfile

    if lang == "fr":
        request.getfixturevalue("french")
    dock = plugin.show_dock()
    folder = tmp_path / "locked"
    folder.mkdir()
    real = tempfile.mkstemp
    monkeypatch.setattr(tempfile, "mkstemp", lambda *a, dir=None, **k: (_ for _ in ()).throw(
        PermissionError(13, "denied")) if dir == str(folder) else real(*a, dir=dir, **k))
    dock.output_box.file_widget.setFilePath(str(folder / "x.tif"))
    assert not dock.run()
    said = dock.status.text()
    expected = {"en": f"Cannot run: cannot write in {folder}: choose another output path",
                "fr": f"impossible d’écrire dans {folder} : choisissez un autre fichier de sortie"}[lang]
    assert expected in said, said
    assert ".." not in said and "--" not in said and "free" not in said and "libre" not in said


def test_after_compare_the_qa_panel_shows_whole_class_names_every_heatmap_row_and_stays_on_compare(
        pkg, qgis_iface, clean_project, tmp_path):
    import numpy as np
    import rasterio
    from flair_qgis.ui.qa_panel import QaPanel
    from qgis.core import QgsRasterLayer
    from qgis.PyQt.QtWidgets import QApplication

    codes = np.array([1, 2, 3, 5, 6, 7, 8, 10, 13], np.uint8)  # 9 classes
    ref = np.repeat(codes, 6)[None, :].repeat(54, 0)
    pred = ref.copy()
    pred[:20] = np.roll(ref[:20], 6, axis=1)  # a third of each class predicted as its neighbour
    layers = []
    for name, a in (("MSK_ref", ref), ("pred", pred)):
        path = str(tmp_path / f"{name}.tif")
        with rasterio.open(path, "w", driver="GTiff", width=a.shape[1], height=a.shape[0], count=1, dtype="uint8",
                           crs="EPSG:2154", transform=rasterio.transform.from_origin(770000, 6280000, 1, 1)) as ds:
            ds.write(a, 1)
        layers.append(QgsRasterLayer(path, name))
    clean_project.addMapLayers(layers)
    panel = QaPanel(qgis_iface, clean_project)
    try:
        panel.resize(473, 900)  # as the desktop showed it, tabbed beside the Segment dock
        panel.show()
        panel.ref_layer.setLayer(layers[0])
        panel.pred_layer.setLayer(layers[1])
        for combo in (panel.ref_encoding, panel.pred_encoding):
            combo.setCurrentIndex(combo.findData("flair19"))
        panel.folder.setFilePath(str(tmp_path / "out"))
        panel.tabs.setCurrentIndex(1)
        assert panel.start_compare() is not None
        assert wait_until(lambda: panel.task is None, 60)
        assert panel.last_outcome.ok, panel.last_outcome.error
        for _ in range(3):
            QApplication.processEvents()
        assert panel.store is not None and len(panel.store) > 0  # hotspots opened for review...
        assert panel.tabs.currentIndex() == 1  # ...but the metrics just computed stay in view
        table = panel.table
        names = [table.item(r, 1).text() for r in range(table.rowCount())]
        assert len(names) == 9
        widest = max(table.fontMetrics().horizontalAdvance(n) for n in names)
        assert table.columnWidth(1) >= widest, (table.columnWidth(1), widest)  # whole names, no "…"
        grid = panel.heatmap.grid
        last = grid.visualItemRect(grid.item(8, 8))
        assert 0 < last.bottom() <= grid.viewport().height(), (last.bottom(), grid.viewport().height())
    finally:
        panel.shutdown()
        panel.deleteLater()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_multisource_processing_dialog_needs_no_sideways_scroll_and_cites_no_command(
        plugin, qgis_processing, qgis_iface, monkeypatch, lang, request):
    from processing.gui.AlgorithmDialog import AlgorithmDialog
    from pytest_qgis.qgis_interface import QgisInterface
    from qgis.core import QgsApplication
    from qgis.PyQt.QtWidgets import QApplication, QScrollArea

    if lang == "fr":
        request.getfixturevalue("french")
    for name in ("browserModel", "activeLayer"):  # what Processing's dialog asks the (stub) iface
        monkeypatch.setattr(QgisInterface, name, lambda self: None, raising=False)
    alg = QgsApplication.processingRegistry().createAlgorithmById("flair:segment_multisource")
    assert "python -m" not in alg.shortHelpString() and "--" not in alg.shortHelpString()
    dialog = AlgorithmDialog(alg)
    try:
        dialog.show()  # at its default size
        for _ in range(5):
            QApplication.processEvents()
        panels = [s for s in dialog.findChildren(QScrollArea) if s.widget() is not None and s.isVisible()]
        assert panels
        for scroll in panels:
            assert scroll.horizontalScrollBar().maximum() == 0, (
                scroll.widget().minimumSizeHint().width(), scroll.viewport().width())
    finally:
        dialog.close()


def test_the_dock_has_a_help_button_opening_the_user_guide(plugin, monkeypatch):
    from qgis.PyQt.QtGui import QDesktopServices

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    dock = plugin.show_dock()
    dock.help_button.click()
    assert opened == ["https://github.com/flair-qgis/flair-qgis/blob/main/docs/plugin.md"]


def test_the_engine_words_the_plugin_translates_are_still_the_engines(pkg):
    from flair_qgis.inference.core.classes import ENCODING_TITLES
    from flair_qgis.inference.models import baseline
    from flair_qgis.inference.models.catalogue import STATUS_TEXT, load_catalogue
    from flair_qgis.inference.models.modalities import NOMENCLATURES
    from flair_qgis.inference.qa.hotspots import REVIEW_CHOICES
    from flair_qgis.qgis_glue.engine_words import WORDS

    engine = {baseline.CARD.name, baseline.CARD.description, *NOMENCLATURES.values(), *STATUS_TEXT.values(),
              *(e.licence for e in load_catalogue().entries), *(e.verification for e in load_catalogue().entries),
              *ENCODING_TITLES.values(), *REVIEW_CHOICES}
    assert engine <= set(WORDS), engine - set(WORDS)
    assert "docs/" not in baseline.CARD.description  # a repository path a plugin user does not have


@pytest.fixture()
def raster_menus(monkeypatch):
    """The Raster menu entries the plugin adds (the stub iface drops them)."""
    from pytest_qgis.qgis_interface import QgisInterface

    menus = []
    monkeypatch.setattr(QgisInterface, "addPluginToRasterMenu", lambda self, menu, action: menus.append(menu),
                        raising=False)
    return menus


def test_french_names_menu_card_decimals_and_catalogue(french, raster_menus, plugin, qgis_iface, montpellier,  # noqa: F811
                                                       clean_project, tmp_path):
    from flair_qgis.qgis_glue.i18n import number
    from flair_qgis.ui.catalogue_dialog import CatalogueDialog
    from qgis.PyQt.QtWidgets import QApplication

    assert raster_menus and set(raster_menus) == {"Occupation du sol &FLAIR"}
    assert number(0.8) == "0,8"
    dock = plugin.show_dock()
    card = dock.model_box.card.text()
    assert "Référence spectrale et hauteur (pas un réseau FLAIR)" in card and "Hand-set" not in card
    assert "docs/baseline.md" not in card.replace("/blob/main/docs/baseline.md", "")  # a link, not a path
    dock.output_box.file_widget.setFilePath(str(tmp_path / "lc.tif"))
    dock.output_box.confidence.setChecked(True)
    outcome = _run(dock)
    assert outcome.ok, outcome.error
    names = [lyr.name() for lyr in clean_project.mapLayers().values()]
    assert any(n.startswith("Confiance (0–100 %) · ") for n in names), names
    assert "," in dock.status.text().split(" s ")[0][-4:], dock.status.text()  # "0,8 s", not "0.8 s"
    dialog = CatalogueDialog(None, cache=str(tmp_path / "models"))
    try:
        dialog.show()
        QApplication.processEvents()
        t = dialog.table
        row = [t.item(0, c).text() for c in range(t.columnCount())]
        assert row[5] == "Licence Ouverte Etalab 2.0" and row[6] == "non téléchargé", row
        assert row[3].endswith(" Mo"), row
        widest = max(t.fontMetrics().horizontalAdvance(t.item(r, 0).text()) for r in range(t.rowCount()))
        assert t.columnWidth(0) >= widest  # whole model names, not "flair-inc-…"
        t.selectRow(0)
        assert "Page du modèle" in dialog.details.text() and "exact size" not in dialog.details.text()
    finally:
        dialog.close()


@pytest.mark.usefixtures("french")
def test_every_catalogue_description_reads_in_french():
    from flair_qgis.inference.models.catalogue import load_catalogue
    from flair_qgis.qgis_glue.engine_words import description

    for e in load_catalogue().entries:
        fr = description(e.description)
        for english in ("true colour", "series", " from ", "outputs", "aerial", "reference model", "tile size",
                        "slow", "land cover", "crop types", "encoder"):
            assert english not in fr, (e.id, fr)
    assert "le modèle de référence de FLAIR-INC" in description(load_catalogue().entries[0].description)
