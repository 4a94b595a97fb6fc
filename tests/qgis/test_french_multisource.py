"""A French QGIS user running a multi-source model (FLAIR-HUB, FLAIR#2 U-T&T) reads the engine's refusals
in French, naming the dock's rows and fields or Processing's parameters, never the command line's
``S2.dates=FILE`` or ``META.date=...``: a series' dates, the aerial acquisition's values, and a run's
files read back before they replace the previous ones. The ``multisource`` and ``utt`` fixtures are in
conftest.py."""
from __future__ import annotations

import os

import numpy as np
import pytest
import rasterio
import tiny_models
from qgis_helpers import ROOT, files_in, recording_feedback

IRC = os.path.join(ROOT, "data", "montpellier", "ortho_irc_20cm.tif")
UTT_META = {"META_DATE": "2021-06-15", "META_TIME": "10:30", "META_CAMERA": "UCE-M3-f100-s06", "META_ALTITUDE": 0}


def _refusal(processing, algorithm: str, params) -> str:
    from qgis.core import QgsProcessingException

    feedback = recording_feedback()
    with pytest.raises(QgsProcessingException) as raised:
        processing.run(algorithm, params, feedback=feedback)
    # Processing says the algorithm's refusal in its log when the run failed, else as the exception
    return feedback.errors[0] if feedback.errors else str(raised.value)


def _undated(data: str, path: str) -> str:
    """The Sentinel-2 stack without its band descriptions (nor a .dates beside it): its dates are unknown."""
    with rasterio.open(os.path.join(data, "s2_stack.tif")) as src:
        profile, array = src.profile, src.read()
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(array)
    return path


def _english_left(said: str) -> list[str]:
    words = ("dates file", "unknown", "give", "per line", " the ", "ground", "read back", "written", "disk")
    return [w for w in words if w in said] + (["--"] if "--" in said else [])


def test_the_docks_series_row_says_unknown_dates_in_french_naming_its_dates_file(french, plugin, multisource,
                                                                                 clean_project, tmp_path):
    """The row said 'give a dates file (S2.dates=FILE, one YYYYMMDD per line)', in English."""
    from qgis.core import QgsRasterLayer

    model, data = multisource
    layer = QgsRasterLayer(_undated(data, str(tmp_path / "s2_undated.tif")), "s2_undated", "gdal")
    assert layer.isValid()
    clean_project.addMapLayer(layer)
    dock = plugin.show_dock()
    dock.model_box.set_model(model)
    series = dock.modalities_box.row("S2")
    series.set_layer(layer)
    said = series.note.text()
    assert said == ("S2 (SENTINEL2_TS) : les dates de s2_undated.tif sont inconnues : donnez un fichier de dates "
                    "(le fichier « dates » de sa ligne, une date AAAAMMJJ par ligne) ou écrivez-les dans les "
                    "descriptions des bandes"), said
    assert not _english_left(said) and "S2.dates" not in said
    assert not dock.run_button.isEnabled()
    # a dates file with a line that is no date: its line, in French
    bad = tmp_path / "dates.txt"
    bad.write_text("20210103\n3 janvier\n", encoding="utf-8")
    series.dates.setFilePath(str(bad))
    said = series.note.text()
    assert said == ("S2 (SENTINEL2_TS) : la ligne 2 de dates.txt ('3 janvier') n’est pas une date ; écrivez une date "
                    "AAAAMMJJ ou AAAA-MM-JJ par ligne"), said


def test_processing_says_unknown_dates_in_french_naming_the_series_dates_file_parameter(french, processing,
                                                                                      multisource, tmp_path):
    model, data = multisource
    s2 = _undated(data, str(tmp_path / "s2_undated.tif"))
    said = _refusal(processing, "flair:segment_multisource", {"MODEL": model, "AERIAL_IRC": IRC, "S2": s2,
                                                              "OUTPUT": str(tmp_path / "out.tif")})
    assert said == (f"S2 (SENTINEL2_TS) : les dates de {s2} sont inconnues : donnez un fichier de dates (le "
                    "paramètre « Dates Sentinel-2 (fichier) », une date AAAAMMJJ par ligne) ou écrivez-les dans les "
                    "descriptions des bandes"), said
    assert files_in(tmp_path) == ["s2_undated.tif"]


def test_the_docks_aerial_acquisition_says_a_wrong_altitude_and_time_in_french(french, plugin, utt, clean_project):
    """The group's note was the engine's English ('no ground lies at -500 m ...')."""
    model, _ = utt
    dock = plugin.show_dock()
    dock.model_box.set_model(model)
    meta = dock.metadata_box
    for key, text in (("date", "2021-06-15"), ("time", "10:30"), ("camera", "UCE-M3-f100-s06"), ("altitude", "-500")):
        meta.set_text(key, text)
    said = meta.note.text()
    assert said == ("altitude : aucun sol ne se trouve à -500 m (la rive de la mer Morte est à -430 m, l’Everest à "
                    "8849 m) ; donnez l’altitude du sol de la zone en mètres, par ex. 120"), said
    assert not dock.run_button.isEnabled()
    meta.set_text("altitude", "0")
    meta.set_text("time", "23:30")
    assert meta.note.text() == ("heure : 23:30, c’est la nuit en France : les images aériennes sont prises de jour ; "
                                "donnez l’heure locale du vol, par ex. 10:30"), meta.note.text()


def test_processing_says_a_wrong_aerial_value_in_french_naming_its_parameter(french, processing, utt, tmp_path):
    """Processing said "META.date='2024-06-15': the model encodes the year ...", in English."""
    model, data = utt
    base = {"MODEL": model, "AERIAL": data["aerial5"], "S2": data["s2"], "S2_DATES": data["s2_dates"],
            "EXTENT": "770560,770590,6277570,6277590 [EPSG:2154]", "OUTPUT": str(tmp_path / "utt.tif")}
    said = _refusal(processing, "flair:segment_multisource", {**base, **UTT_META, "META_DATE": "2024-06-15"})
    assert said == ("Date aérienne (AAAA-MM-JJ) = 2024-06-15 : le modèle code l’année parmi 2018..2021 (les années "
                    "d’entraînement de l’IGN) ; donnez la date avec la plus proche de ces années"), said
    said = _refusal(processing, "flair:segment_multisource", {**base, **UTT_META, "META_ALTITUDE": 9000.5})
    assert said == ("Altitude du sol (m) = 9000.5 : aucun sol ne se trouve à 9000,5 m (la rive de la mer Morte est "
                    "à -430 m, l’Everest à 8849 m) ; donnez l’altitude du sol de la zone en mètres, par ex. 120"), said
    assert "META." not in said and not _english_left(said)
    assert files_in(tmp_path) == []


def test_processing_says_a_map_that_reads_back_wrong_in_french(french, processing, monkeypatch, tmp_path):
    """A staged map that does not read back as written (a failing disk) keeps the previous files; the
    refusal was English."""
    from flair_qgis.inference.segment import commit

    expect = commit.OutputSet.expect_raster
    # the map's pixel counts as if the disk had lost its pixels: every one read back differs
    monkeypatch.setattr(commit.OutputSet, "expect_raster",
                        lambda self, final, shape, counts=None: expect(self, final, shape, {255: 1}))
    rgb = str(tmp_path / "rgb.tif")
    with rasterio.open(rgb, "w", driver="GTiff", width=64, height=64, count=3, dtype="uint8", crs="EPSG:2154",
                       transform=rasterio.transform.from_origin(770000, 6280000, 0.2, 0.2)) as ds:
        ds.write(np.random.default_rng(0).integers(1, 255, (3, 64, 64), dtype=np.uint8))
    model = tiny_models.pointwise(str(tmp_path / "p.onnx"), card_dict=tiny_models.card(["R", "G", "B"], [2, 4, 6]))
    out = str(tmp_path / "map.tif")
    said = _refusal(processing, "flair:segment", {"MODEL": model, "RGB": rgb, "OUTPUT": out})
    assert said == (f"{out} relu diffère de ce qui a été écrit ; le disque est-il défaillant ? Les fichiers précédents "
                    "ont été gardés"), said
    assert not os.path.exists(out)
