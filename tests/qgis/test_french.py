"""In a French QGIS (locale/userLocale = fr_FR) the plugin speaks French: the dock, Processing,
messages, and IGN's French class names in legends and in the files written."""
from __future__ import annotations

import os

import pytest
from qgis_helpers import DATA, ROOT


def test_every_message_of_the_ts_is_translated():
    import xml.etree.ElementTree as ET

    tree = ET.parse(os.path.join(ROOT, "i18n", "flair_fr.ts"))
    todo = [m.find("source").text for m in tree.iter("message")
            if m.find("translation").get("type") == "unfinished" or not m.find("translation").text]
    assert todo == []


def test_the_dock_and_processing_in_french(french, qgis_iface, montpellier, clean_project):
    from flair_qgis.qgis_glue.processing.segment import SegmentAlgorithm
    from flair_qgis.ui.dock import FlairDock

    assert french.language() == "fr"
    dock = FlairDock(qgis_iface)
    try:
        assert dock.windowTitle() == "Segmenter avec FLAIR"
        assert dock.run_button.text() == "Segmenter avec FLAIR" and dock.cancel_button.text() == "Annuler"
        assert dock.output_box.title() == "Sortie" and dock.area_box.title() == "Zone"
        assert dock.metadata_box.title() == "Prise de vue aérienne"  # U-T&T models with aerial metadata
        # the model card lists IGN's French class names
        assert "bâtiment" in dock.model_box.card.text() and "building" not in dock.model_box.card.text()
        assert "Modèle :" in dock.model_box.card.text() and "Licence :" in dock.model_box.card.text()
        # the built-in model's bands in IGN's French letters, on their rows and in what is missing
        rows = dock.inputs_box.rows
        assert [rows[r].label.text() for r in ("R", "G", "B", "NIR", "NDSM")] == ["R", "V", "B", "PIR", "MNH"]
        for row in rows.values():
            row.set(None, None)
        dock.inputs_box.use_dsm_dtm.setChecked(True)
        assert dock.inputs_box.missing() == ["R", "V", "B", "PIR", "MNS et MNT"]
        dock_stitch = [dock.output_box.stitch.itemText(i) for i in range(dock.output_box.stitch.count())]
    finally:
        dock.shutdown()
        dock.deleteLater()
    alg = SegmentAlgorithm()
    alg.initAlgorithm()
    assert alg.displayName() == "Segmenter avec FLAIR"
    assert alg.parameterDefinition("CONFIDENCE").description() == "Écrire aussi un raster de confiance"
    assert "Classe des images aériennes" in alg.shortHelpString()
    # the Advanced choices as the dock says them, and a message names the chosen one the same way
    stitch = alg.parameterDefinition("STITCH").options()
    assert stitch == dock_stitch
    assert stitch[1] == "Fondre les recouvrements (raccords plus doux, plus lent)"
    assert alg.parameterDefinition("DEVICE").options()[0] == "Automatique (GPU si disponible)"
    from flair_qgis.inference.core.messages import say
    from flair_qgis.qgis_glue.errors import processing_words, said_here

    said = said_here(say("use {stitch_option:blend}", stitch_option="--stitch"), processing_words())
    assert said == f"use {alg.parameterDefinition('STITCH').description()} = {stitch[1]}", said


def test_a_run_in_french_writes_french_class_names(french, plugin, qgis_processing, clean_project, tmp_path):
    import processing
    from qgis.core import QgsRasterLayer

    out = str(tmp_path / "ocs.tif")
    processing.run("flair:segment", {"RGB": os.path.join(DATA, "ortho_rgb_20cm.tif"),
                                     "NIR": os.path.join(DATA, "ortho_irc_20cm.tif"), "NIR_BAND": 1,
                                     "NDSM": os.path.join(DATA, "dhm_50cm.tif"), "OUTPUT": out})
    layer = QgsRasterLayer(out, "ocs")  # kept: its renderer dies with it
    labels = {c.value: c.label for c in layer.renderer().classes()}
    assert labels.get(1) == "bâtiment" and "building" not in labels.values(), labels
    import rasterio

    with rasterio.open(out) as ds:
        assert ds.tags(1)["CLASS_1"] == "bâtiment"


def test_every_word_marked_in_the_code_is_in_the_ts(tmp_path):
    """What pylupdate5 collects from the code today is all in i18n/flair_fr.ts, so a new tr() string
    cannot ship untranslated (make i18n-update, then translate it)."""
    import shutil
    import subprocess
    import sys
    import xml.etree.ElementTree as ET

    if shutil.which("pylupdate5") is None:
        pytest.skip("pylupdate5 (Debian's pyqt5-dev-tools) is not installed")
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    try:
        from i18n_update import python_files
    finally:
        sys.path.pop(0)
    fresh = tmp_path / "fresh.ts"
    subprocess.run(["pylupdate5", "-noobsolete", *python_files(), "-ts", str(fresh)], cwd=ROOT, check=True,
                   capture_output=True)
    in_code = {m.find("source").text for m in ET.parse(fresh).iter("message")}
    in_ts = {m.find("source").text for m in ET.parse(os.path.join(ROOT, "i18n", "flair_fr.ts")).iter("message")}
    assert in_code and sorted(in_code - in_ts) == []


def test_the_multisource_algorithm_in_french(french):
    """flair:segment_multisource speaks French too: its labels, the series' names inside them, the
    metadata fields and the help; parameter names stay what qgis_process takes."""
    import datetime
    from types import SimpleNamespace

    from flair_qgis.qgis_glue.processing.multisource import MultiSourceAlgorithm
    from flair_qgis.ui.modalities_box import dates_text

    alg = MultiSourceAlgorithm()
    alg.initAlgorithm()
    label = {p.name(): p.description() for p in alg.parameterDefinitions()}
    assert label["MODEL"] == "Modèle ONNX multi-source"
    assert label["S1A"] == "Série Sentinel-1 asc."
    assert label["S2_MASK"] == "Masque nuages Sentinel-2"
    assert label["DTM"] == "Élévation : couche MNT"
    assert label["META_ALTITUDE"] == "Altitude du sol (m)"
    assert label["EXTENT"].startswith("Emprise")
    assert alg.outputDefinition("REPORT").description() == "Rapport d’exécution"
    assert "orthophotographie" in alg.shortHelpString() and "time series" not in alg.shortHelpString()
    options = {k: alg.parameterDefinition(k).options() for k in ("TS_FILTER", "TS_AVERAGE")}
    assert options == {"TS_FILTER": ["auto", "désactivé"], "TS_AVERAGE": ["aucune", "mensuelle", "par quinzaine"]}
    # a series row's dates, shown in the dock
    series = SimpleNamespace(dates=(datetime.date(2021, 1, 3), datetime.date(2021, 12, 30)),
                             dates_from="band descriptions")
    assert dates_text(series) == "2 dates, du 2021-01-03 au 2021-12-30 (dates lues dans les descriptions des bandes)"


def test_the_series_options_in_the_french_dock_run_with_the_engines_values(french, plugin, multisource,
                                                                            clean_project):
    """The dock's clouds and average lists say their options in French; a run gets the engine's value."""
    from qgis.core import QgsRasterLayer

    model, data = multisource
    layers = [QgsRasterLayer(p, os.path.basename(p), "gdal") for p in (os.path.join(DATA, "ortho_irc_20cm.tif"),
                                                                       os.path.join(data, "s2_stack.tif"))]
    clean_project.addMapLayers(layers)
    dock = plugin.show_dock()
    dock.model_box.set_model(model)
    box = dock.modalities_box
    box.row("S2").mask.setFilePath(os.path.join(data, "s2_mask.tif"))
    assert [box.filter.itemText(i) for i in range(box.filter.count())] == ["auto", "désactivé"]
    assert [box.average.itemText(i) for i in range(box.average.count())] == ["aucune", "mensuelle", "par quinzaine"]
    request = dock.request()
    assert (request.ts_filter, request.ts_average) == ("auto", "none")
    box.filter.setCurrentIndex(1)
    box.average.setCurrentIndex(2)
    request = dock.request()
    assert (request.ts_filter, request.ts_average) == ("off", "semi-monthly")
    assert dock.model_box.card.toolTip() == ""  # not the engine's English summary() of the card


def test_cards_bands_and_converter_words_in_french(french):
    """The built-in card's bands, a multi-source card's bands and the "About" its converter wrote read
    in IGN's French words (not "le modèle lit DSM, DSM-DTM")."""
    from types import SimpleNamespace

    from flair_qgis.inference.models import baseline
    from flair_qgis.inference.models.card import ModelCard
    from flair_qgis.inference.models.modalities import Task, default_modality
    from flair_qgis.qgis_glue.engine_words import band, description
    from flair_qgis.qgis_glue.models.info import card_html

    html = card_html(SimpleNamespace(card=baseline.CARD, height=512))
    assert "R, V, B, PIR, MNH (hauteur" in html and "NIR" not in html and "GPL" in html
    card = ModelCard("hub", modalities=(default_modality("AERIAL_RGBI", 512), default_modality("DEM_ELEV", 512)),
                     tasks=(Task("OUT", "flair-hub-lc19", (1, 2)),), resolution_m=0.2, tile=512, margin=64,
                     description="FLAIR-HUB multi-source model converted from hub.safetensors")
    html = card_html(SimpleNamespace(card=card, height=None))
    assert "MNS, MNS − MNT" in html and "DSM" not in html
    assert "modèle multi-source FLAIR-HUB converti à partir de hub.safetensors" in html and "converted" not in html
    assert description("FLAIR#2 U-T&T model converted from utt.safetensors") == ("modèle U-T&T FLAIR#2 converti à "
                                                                                 "partir de utt.safetensors")
    assert [band(b) for b in ("DSM", "DSM-DTM", "DTM", "NIR")] == ["MNS", "MNS − MNT", "MNT", "PIR"]


def test_a_file_that_is_not_a_checkpoint_is_refused_in_french_by_get_flair_models(french, tmp_path):
    """"Get FLAIR models…" converts in QGIS's process: the engine's refusal of the downloaded file
    reaches the dialog in French, the file's name kept as it is."""
    import zipfile

    from flair_qgis.inference.models.catalogue import load_catalogue
    from flair_qgis.qgis_glue.models.download import ConvertTask

    entry = next(e for e in load_catalogue().entries if not e.multisource)
    checkpoint = tmp_path / "weights.pth"
    with zipfile.ZipFile(checkpoint, "w") as zf:  # a zip (as PyTorch saves), holding no weights
        zf.writestr("readme.txt", "not weights")
    ends = []
    task = ConvertTask(entry, str(checkpoint), str(tmp_path / "model.onnx"), ends.append)
    assert not task.run()
    task.finished(False)
    assert ends[0].error == ("weights.pth est un fichier zip mais pas un checkpoint PyTorch (pas de "
                             "<name>/data.pkl)"), ends[0].error
    assert not (tmp_path / "model.onnx").exists()


def test_processing_titles_and_decimals_in_french(french):
    """The multi-source algorithm names both families it runs; Processing's progress lines use the
    decimal comma."""
    from types import SimpleNamespace

    from flair_qgis.qgis_glue.processing.base import feedback_progress
    from flair_qgis.qgis_glue.processing.multisource import MultiSourceAlgorithm

    title = MultiSourceAlgorithm().displayName()
    assert "U-T&T" in title and title.startswith("Segmenter")

    lines = []
    feedback = SimpleNamespace(setProgress=lambda v: None, pushInfo=lines.append)
    feedback_progress(feedback)(SimpleNamespace(done=4, total=4, eta_s=0.0, tiles_per_s=1.25, device="CPU"))
    assert "1,25" in lines[-1] and "1.25" not in lines[-1], lines
    # the encoding lists say the engine's encodings in French
    from flair_qgis.qgis_glue.processing.qa import EvaluateAlgorithm
    from flair_qgis.qgis_glue.processing.style import StyleAlgorithm

    for alg, name in ((StyleAlgorithm(), "ENCODING"), (EvaluateAlgorithm(), "REFERENCE_ENCODING")):
        alg.initAlgorithm()
        options = alg.parameterDefinition(name).options()
        assert options[0].startswith("Deviner") and options[1] == "codes FLAIR 1..19 (0 = sans donnée)", options


def test_the_qa_panel_in_french(french, qgis_iface, clean_project):
    """Its tabs, the metrics table's headers and the headline in French, numbers with a decimal comma."""
    from flair_qgis.ui.qa_panel import QaPanel

    panel = QaPanel(qgis_iface, clean_project)
    try:
        tabs = [panel.tabs.tabText(i) for i in range(panel.tabs.count())]
        assert tabs == ["Style", "Comparer", "Revue", "Changement"]
        headers = [panel.table.horizontalHeaderItem(c).text() for c in range(panel.table.columnCount())]
        assert headers[:4] == ["Code", "Classe", "IoU", "Préc."] and "Pred." not in headers
        c = {"name": "building", "iou": 0.5, "precision": 0.75, "recall": 0.6, "f1": 0.66, "ref_area_m2": 12.5,
             "ref_pct": 50.0, "pred_area_m2": 12.5, "pred_pct": 50.0}
        panel.show_summary({"nomenclature": "flair", "miou": 0.8125, "miou_full": 0.75, "oa": 0.9,
                            "compared_area_m2": 25.0, "per_class": {"1": c}, "confusion": [[1] * 20] * 20, "hotspots": 3})
        text = panel.headline.text()
        assert "précision globale : <b>0,9000</b>" in text and "points chauds : <b>3</b>" in text and "overall" not in text and "points chauds" in text
        row = [panel.table.item(0, col).text() for col in range(panel.table.columnCount())]
        assert row[1] == "bâtiment" and row[2] == "50,0" and row[3] == "75,0"
        # the engine's encodings and review marks in French, the engine's values kept as data
        combo = panel.ref_encoding
        assert combo.itemText(1) == "codes FLAIR 1..19 (0 = sans donnée)" and combo.itemData(1) == "flair19"
        assert panel.change.before_encoding.itemText(2) == "FLAIR-INC, indices à partir de 0 (19 classes)"
        marks = panel.marks.buttons()
        assert marks[0].text().startswith("annotation fausse") and marks[0].property("review") == "annotation wrong"
    finally:
        panel.deleteLater()


def test_why_an_encoding_was_guessed_is_said_in_french(french, tmp_path, monkeypatch):
    """The QA panel's "Which encoding?" question and Processing's log say the guess's reason in French."""
    import numpy as np
    from flair_qgis.inference.labels.guess import guess_encoding
    from flair_qgis.qgis_glue.errors import said_here
    from flair_qgis.qgis_glue.styling.labels import guess_layer_encoding
    from flair_qgis.ui import qa_panel
    from qgis.core import QgsRasterLayer
    from rasters import write

    ref = write(str(tmp_path / "ref.tif"), np.arange(1, 6, dtype=np.uint8).reshape(1, 5))
    asked = []
    monkeypatch.setattr(qa_panel.QInputDialog, "getItem", lambda *a: (asked.append(a[2]), ("", False))[1])
    qa_panel.ask_encoding(None, "ref", guess_layer_encoding(QgsRasterLayer(ref, "ref", "gdal")))
    assert asked[0].startswith("ref : aucune valeur 0, ce qui suggère des codes FLAIR 1..19, mais des indices")
    only = write(str(tmp_path / "only.tif"), np.array([[22, 0]], np.uint8))  # 22: only LPIS's 23 classes
    assert said_here(guess_encoding(only).reason) == ("seul le codage « types de cultures RPG FLAIR-HUB, indices à "
                                                  "partir de 0 (23 classes) » a une classe pour chaque valeur")


def test_a_model_that_cannot_be_opened_is_said_in_french(french, tmp_path):
    """The model picker (and Processing) say why a file is not a model in French, its advice worded for QGIS;
    so do the "Get FLAIR models…" dialog's download errors."""
    from flair_qgis.inference.models.download import DownloadError, require_https
    from flair_qgis.qgis_glue.errors import processing_words, user_message
    from flair_qgis.qgis_glue.models.info import read_info

    missing = str(tmp_path / "absent.onnx")
    assert read_info(missing) == (None, f"fichier de modèle introuvable : {missing}")
    empty = tmp_path / "empty.onnx"
    empty.write_bytes(b"")
    assert read_info(str(empty), words=processing_words())[1] == (
        f"{empty} est vide (0 octet) : le téléchargement ou la copie n’a pas abouti ; récupérez le modèle à nouveau")
    assert read_info(str(tmp_path))[1].startswith(f"{tmp_path} est un dossier, pas un fichier de modèle")
    junk = tmp_path / "junk.onnx"
    junk.write_bytes(b"\xff" * 64)
    assert read_info(str(junk))[1] == (f"{junk} n’est pas un modèle ONNX. Choisissez un fichier .onnx, ou obtenez un "
                                       "modèle converti avec « Obtenir des modèles FLAIR… »")
    with pytest.raises(DownloadError) as e:
        require_https("http://example.org/model.onnx")
    assert user_message(e.value) == ("http://example.org/model.onnx : les modèles ne se téléchargent qu’en https ; "
                                     "corrigez l’adresse dans le catalogue")


def test_processing_evaluate_refuses_rasters_it_cannot_compare_in_french(french, processing, tmp_path):
    """flair:evaluate's refusals (qa/compare.py) were English f-strings in a French QGIS: a reference with
    non-square pixels, a prediction that misses the reference."""
    import numpy as np
    import rasterio
    from flair_qgis.inference.core.classes import LABEL_ENCODINGS
    from qgis.core import QgsProcessingException

    def labels(name, x0, dy=1.0):
        path = str(tmp_path / f"{name}.tif")
        with rasterio.open(path, "w", driver="GTiff", width=8, height=8, count=1, dtype="uint8", crs="EPSG:2154",
                           transform=rasterio.transform.Affine(1.0, 0, x0, 0, -dy, 6280000)) as ds:
            ds.write(np.ones((1, 8, 8), np.uint8))
        return path

    def refused(ref, pred):
        flair19 = 1 + LABEL_ENCODINGS.index("flair19")
        with pytest.raises(QgsProcessingException) as e:
            processing.run("flair:evaluate", {"REFERENCE": ref, "REFERENCE_ENCODING": flair19, "PREDICTION": pred,
                                              "PREDICTION_ENCODING": flair19, "REPORT": str(tmp_path / "r.html")})
        return str(e.value)

    pred = labels("pred", 770000)
    said = refused(labels("tall", 770000, dy=2.0), pred)
    assert said == f"{tmp_path / 'tall.tif'} a des pixels non carrés (1,0 x 2,0) ; rééchantillonnez-le d’abord", said
    said = refused(labels("far", 780000), pred)
    assert said.startswith(f"{tmp_path / 'far.tif'} et {pred} n’ont aucun pixel à comparer : ils ne se recouvrent "
                           "pas"), said
    assert said.endswith("; rien n’a été écrit"), said  # the final full stop is the QGIS message's to add
