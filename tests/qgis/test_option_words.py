"""In QGIS an engine message names the field or parameter the user sees, never a command-line option,
in French too: the engine names settings through ``{NAME_option}`` (inference/core/messages.py), the
dock and Processing each say them with their one table (qgis_glue/errors.py)."""
from __future__ import annotations

import os

import numpy as np
import pytest
import rasterio
import tiny_models
from qgis_helpers import ROOT, recording_feedback


def _rgb(path: str, size: int = 64, crs: str = "EPSG:2154", transform=None) -> str:
    transform = transform or rasterio.transform.from_origin(770000, 6280000, 0.2, 0.2)
    with rasterio.open(path, "w", driver="GTiff", width=size, height=size, count=3, dtype="uint8", crs=crs,
                       transform=transform) as ds:
        ds.write(np.random.default_rng(0).integers(1, 255, (3, size, size), dtype=np.uint8))
    return path


def _request(tmp_path, model: str, **kw):
    from flair_qgis.qgis_glue.run.request import RunRequest
    from qgis.core import QgsRasterLayer

    layer = QgsRasterLayer(_rgb(str(tmp_path / "rgb.tif")), "rgb", "gdal")
    inputs = {role: (layer, band) for band, role in enumerate(("R", "G", "B"), 1)}
    return RunRequest(model=model, inputs=inputs, output=str(tmp_path / "o.tif"), **kw)


def _refusal(request, project) -> str:
    from flair_qgis.inference.core.errors import InputError
    from flair_qgis.inference.segment.pipeline import segment
    from flair_qgis.qgis_glue.errors import user_message
    from flair_qgis.qgis_glue.run.request import build_params

    with pytest.raises(InputError) as refused:
        segment(build_params(request, project))
    return user_message(refused.value)


def test_a_fixed_tile_model_is_refused_naming_the_docks_tile_size_in_french(french, clean_project, tmp_path):
    """The message named --tile, which a QGIS user cannot pass; in French it was the engine's English."""
    model = tiny_models.pointwise(str(tmp_path / "fixed.onnx"), fixed_hw=32,
                                  card_dict=tiny_models.card(["R", "G", "B"], [2, 4, 6]))
    said = _refusal(_request(tmp_path, model, tile=48), clean_project)
    assert said == "ce modèle ne prend que des tuiles de 32x32 ; utilisez Taille des tuiles (Avancé) = 32", said


def test_blend_with_a_valid_convolution_model_names_the_docks_fields(french, clean_project, tmp_path):
    model = tiny_models.valid_box(str(tmp_path / "valid.onnx"), k=5,
                                  card_dict=tiny_models.card(["R", "G", "B"], [2, 4, 6], margin=4))
    said = _refusal(_request(tmp_path, model, tile=32, margin=4, stitch="blend"), clean_project)
    # the choices as the dock lists them, not the command line's values
    assert "--" not in said and "utilisez Assemblage (Avancé) = Garder le centre des tuiles (méthode IGN)" in said, said
    assert "Assemblage (Avancé) = Fondre les recouvrements (raccords plus doux, plus lent) demande" in said, said
    small = _refusal(_request(tmp_path, model, tile=32, margin=1), clean_project)
    assert "--" not in small and "utilisez Marge (Avancé) = 2 ou plus" in small, small


def test_the_dock_and_processing_each_have_a_word_for_every_setting_the_engine_names(pkg):
    """Every ``{NAME_option}`` in the engine's templates has its word in both tables, and none of them
    is a command-line flag."""
    import re

    from flair_qgis.qgis_glue.errors import dock_words, processing_words

    named = set()
    for folder, _, files in os.walk(os.path.join(ROOT, "inference")):
        if os.path.basename(folder) == "cli":
            continue
        for name in files:
            if name.endswith(".py"):
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    named |= set(re.findall(r"\{([a-z_]+_option)[:}]", f.read()))
    assert named and "option" not in named
    for words in (dock_words(), processing_words()):
        assert named <= set(words), sorted(named - set(words))
        assert not [w for w in words.values() if "--" in w]


def test_processing_says_an_unknown_label_encoding_in_french_naming_its_parameter(french, processing, tmp_path):
    """flair:evaluate with a reference whose encoding cannot be told: the refusal was the engine's
    English f-string, ending 'Say which with the Reference values are parameter'."""
    from qgis.core import QgsProcessingException

    ambiguous = str(tmp_path / "labels.tif")
    with rasterio.open(ambiguous, "w", driver="GTiff", width=8, height=8, count=1, dtype="uint8", crs="EPSG:2154",
                       transform=rasterio.transform.from_origin(770000, 6280000, 1, 1)) as ds:
        ds.write(np.arange(64, dtype=np.uint8).reshape(1, 8, 8) % 5 + 1)
    with pytest.raises(QgsProcessingException) as refused:
        processing.run("flair:evaluate", {"REFERENCE": ambiguous, "PREDICTION": ambiguous,
                                          "REPORT": str(tmp_path / "r.html")})
    said = str(refused.value)
    assert said.startswith("impossible de dire comment labels est codé (aucune valeur 0"), said
    assert "candidats : codes FLAIR 1..19 (0 = sans donnée), " in said, said
    assert said.endswith("Dites lequel avec le paramètre « Les valeurs de la référence sont »"), said


def test_processing_on_dask_workers_says_the_metric_crs_note(processing, tmp_path):
    """Imagery in degrees runs in a metric CRS: Processing's log says so on Dask workers too, naming its
    Output CRS parameter."""
    pytest.importorskip("distributed")

    deg = _rgb(str(tmp_path / "deg.tif"), 32, "EPSG:4326", rasterio.transform.from_origin(3.87, 43.61, 2e-6, 2e-6))
    model = tiny_models.pointwise(str(tmp_path / "p.onnx"), card_dict=tiny_models.card(["R", "G", "B"], [2, 4, 6]))
    feedback = recording_feedback()
    processing.run("flair:segment", {"MODEL": model, "RGB": deg, "OUTPUT": str(tmp_path / "dask.tif"), "WORKERS": 1},
                   feedback=feedback)
    said = [w for w in feedback.warnings if "is in degrees" in w]
    assert said and said[0].endswith("Choose another output CRS if need be (the Output CRS parameter)."), \
        feedback.warnings


def test_processing_refuses_blend_on_dask_workers_in_french_naming_its_choices(french, processing, tmp_path):
    """The refusal was the engine's English f-string ("choose the crop stitching, or run in QGIS's process")."""
    from qgis.core import QgsProcessingException

    rgb = _rgb(str(tmp_path / "rgb.tif"), 32)
    model = tiny_models.pointwise(str(tmp_path / "p.onnx"), card_dict=tiny_models.card(["R", "G", "B"], [2, 4, 6]))
    with pytest.raises(QgsProcessingException) as refused:
        processing.run("flair:segment", {"MODEL": model, "RGB": rgb, "OUTPUT": str(tmp_path / "o.tif"), "WORKERS": 1,
                                         "STITCH": 1})
    said = str(refused.value)
    assert said == ("Dask ne calcule qu’en gardant le centre des tuiles ; choisissez Assemblage = Garder le centre "
                    "des tuiles (méthode IGN), ou lancez sans le paramètre « Dask : processus de calcul "
                    "locaux »"), said


def test_processing_warns_of_prediction_values_outside_its_encoding_in_french(french, processing, tmp_path):
    """flair:evaluate's warning said 'check --pred-encoding', in English, in a French QGIS."""
    from flair_qgis.inference.core.classes import LABEL_ENCODINGS

    paths = {}
    for name, value in (("ref", 1), ("pred", 15)):
        paths[name] = str(tmp_path / f"{name}.tif")
        with rasterio.open(paths[name], "w", driver="GTiff", width=8, height=8, count=1, dtype="uint8",
                           crs="EPSG:2154", transform=rasterio.transform.from_origin(770000, 6280000, 1, 1)) as ds:
            ds.write(np.full((1, 8, 8), value, np.uint8))
            ds.write(np.ones((1, 8, 4), np.uint8), window=((0, 8), (0, 4)))  # half of it a class of both
    feedback = recording_feedback()
    processing.run("flair:evaluate", {
        "REFERENCE": paths["ref"], "REFERENCE_ENCODING": 1 + LABEL_ENCODINGS.index("flair19"),
        "PREDICTION": paths["pred"], "PREDICTION_ENCODING": 1 + LABEL_ENCODINGS.index("flair13"),
        "REPORT": str(tmp_path / "r.html")}, feedback=feedback)
    said = [w for w in feedback.warnings if "prédiction" in w]
    assert said and said[0].startswith("les valeurs [15] de la prédiction ne sont pas des classes"), feedback.warnings
    assert said[0].endswith("(vérifiez le paramètre « Les valeurs prédites sont »)") and "--" not in said[0], said


def test_processing_refuses_a_model_without_card_naming_where_its_card_is_given(processing, tmp_path):
    """Processing said the dock's words ('the “Outputs” field below'), which its dialog has not."""
    from qgis.core import QgsProcessingException

    model = tiny_models.pointwise(str(tmp_path / "nocard.onnx"), n_bands=4)
    feedback = recording_feedback()
    with pytest.raises(QgsProcessingException):
        processing.run("flair:segment", {"MODEL": model, "RGB": _rgb(str(tmp_path / "rgb.tif")),
                                         "OUTPUT": str(tmp_path / "o.tif")}, feedback=feedback)
    said = feedback.errors[0]
    assert said == ("this model has no FLAIR model card, so these must be given: input roles for its 4 input channels "
                    "(the input layer parameters); what its outputs mean (the Outputs field of the “Segment with "
                    "FLAIR” dock); its normalisation (Mean in the “Segment with FLAIR” dock and Std in 0..255 units, "
                    "or Scale)"), said


def test_the_change_tab_says_an_unknown_encoding_in_french_naming_its_field(french, panel, clean_project, tmp_path):
    """The Change tab showed the engine's English 'Say which with --encoding' reworded, in a French QGIS."""
    from qgis.core import QgsRasterLayer
    from qgis_helpers import wait_until

    layers = []
    for year in (2018, 2021):
        path = str(tmp_path / f"map_{year}.tif")
        with rasterio.open(path, "w", driver="GTiff", width=16, height=16, count=1, dtype="uint8", crs="EPSG:2154",
                           transform=rasterio.transform.from_origin(700000, 6600000, 1, 1)) as ds:
            ds.write(np.arange(256, dtype=np.uint8).reshape(1, 16, 16) % 5 + 1)  # no 0, no nodata: ambiguous
        layers.append(QgsRasterLayer(path, str(year), "gdal"))
    clean_project.addMapLayers(layers)
    tab = panel.change
    tab.before.setLayer(layers[0])
    tab.after.setLayer(layers[1])
    tab.output.setFilePath(str(tmp_path / "land.gpkg"))
    assert tab.start() is not None
    assert wait_until(lambda: tab.task is None, 60)
    said = tab.last_outcome.error
    # the vintage as the tab names it (it said the command line's BEFORE)
    assert said.startswith("impossible de dire le codage de ") and "map_2018.tif (Avant ; aucune valeur 0" in said, said
    assert "candidats : codes FLAIR 1..19 (0 = sans donnée), " in said and "--" not in said, said
    assert said.endswith("Dites lequel avec son champ « codée en »"), said


def test_processing_change_asks_for_both_encodings_in_french(french, processing, tmp_path):
    """Two vintages that look differently encoded: the question was English (reworded by a regex) in French."""
    from qgis.core import QgsProcessingException

    paths = {}
    for name, array in (("map_2018.tif", np.full((1, 16, 16), 10, np.uint8)),  # FLAIR codes, nodata 0
                        ("D034_AERIAL_LABEL-COSIA.tif", np.full((1, 16, 16), 8, np.uint8))):  # FLAIR-HUB's
        paths[name] = str(tmp_path / name)
        with rasterio.open(paths[name], "w", driver="GTiff", width=16, height=16, count=1, dtype="uint8",
                           crs="EPSG:2154", nodata=0 if name.startswith("map") else None,
                           transform=rasterio.transform.from_origin(700000, 6600000, 1, 1)) as ds:
            ds.write(array)
    with pytest.raises(QgsProcessingException) as refused:
        processing.run("flair:change", {"BEFORE": paths["map_2018.tif"], "AFTER": paths["D034_AERIAL_LABEL-COSIA.tif"],
                                        "OUTPUT": str(tmp_path / "c.gpkg")})
    said = str(refused.value)
    assert said == ("La carte d’avant (Occupation du sol avant (millésime ancien)) ressemble à « codes FLAIR 1..19 "
                    "(0 = sans donnée) » et celle d’après (Occupation du sol après (millésime récent)) à « occupation du "
                    "sol FLAIR-HUB, indices à partir de 0 ». Si c’est juste, dites-le : choisissez les deux codages "
                    "(chaque « Ses valeurs sont ») ; sinon donnez le codage commun aux deux avec son paramètre de "
                    "codage"), said
