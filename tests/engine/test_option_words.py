"""The settings an engine message names are ``{NAME_option}`` values (core/messages.py): the command
line says its flag, exactly as before; a front end says its own words; French says them in French."""
from __future__ import annotations

import numpy as np
import pytest
import tiny_models as tm
from rasterio.transform import from_origin

from inference.core.errors import FlairError, InputError
from inference.core.messages import again, say, together

rasterio = pytest.importorskip("rasterio")


def _refused(call, *args, **kw) -> FlairError:
    with pytest.raises(FlairError) as e:
        call(*args, **kw)
    return e.value


def _rgb(path: str) -> str:
    with rasterio.open(path, "w", driver="GTiff", width=64, height=64, count=3, dtype="uint8", crs="EPSG:2154",
                       transform=from_origin(770000, 6280000, 0.2, 0.2)) as ds:
        ds.write(np.random.default_rng(0).integers(1, 255, (3, 64, 64), dtype=np.uint8))
    return path


def test_a_setting_with_its_value_is_the_flag_and_the_value_or_the_field_equals_the_value():
    said = say("{tile_option:{tile}} is odd; use {tile_option}", tile=7, tile_option="--tile")
    assert said == "--tile 7 is odd; use --tile"
    assert again(said, "en", tile_option="Tile size") == "Tile size = 7 is odd; use Tile size"
    both = together([said, say("{res_option:{res}}", res=0.5, res_option="--resolution")])
    assert both == "--tile 7 is odd; use --tile; --resolution 0.5"
    assert again(both, "en", tile_option="T", res_option="R") == "T = 7 is odd; use T; R = 0.5"


def test_the_command_line_says_the_settings_as_before(tmp_path):
    """The English the CLI printed before the placeholders, word for word."""
    from inference.labels.guess import require_encoding
    from inference.scale.dask_run import check_settings
    from inference.segment.checks import check_numbers
    from inference.segment.params import SegmentParams
    from inference.segment.pipeline import segment
    from inference.segment.sources import FileSource

    e = _refused(check_numbers, tile=0, margin=-1, batch=0, resolution=-0.2, threads=-1, cores=4)
    assert str(e) == ("--tile 0: the tile size must be a positive number of pixels (e.g. 512); --margin -1: the "
                      "margin must be 0 or more pixels; --batch 0: the batch must be 1 or more tiles; --resolution "
                      "-0.2: the pixel size must be a positive number of metres (e.g. 0.2); --threads -1: use 0 (all "
                      "cores) or a number of threads up to 4")
    assert str(_refused(check_numbers, tile=64, margin=40)) == (
        "--margin 40 is too large for --tile 64: the tile must be more than twice the margin (at most 31)")
    rgb = FileSource(_rgb(str(tmp_path / "rgb.tif")))
    fixed = tm.pointwise(str(tmp_path / "fixed.onnx"), 3, tm.card(["R", "G", "B"], (1, 2, 3)), fixed_hw=32)
    run = lambda model, **kw: segment(SegmentParams(model, [(None, rgb, None)], str(tmp_path / "o.tif"),  # noqa: E731
                                                    device="cpu", **kw))
    assert str(_refused(run, fixed, tile=64)) == "this model only takes 32x32 tiles; use --tile 32"
    valid = tm.valid_box(str(tmp_path / "valid.onnx"), 5, card_dict=tm.card(["R", "G", "B"], (1, 2, 3)))
    assert str(_refused(run, valid, tile=32, margin=1)) == (
        "valid.onnx gives 28 x 28 px for a 32 px tile (2 px lost on each side), so the margin (--margin 1) must be "
        "at least 2: use --margin 2 or more")
    assert str(_refused(run, valid, tile=32, margin=4, stitch="blend")) == (
        "valid.onnx gives less than its input (28 x 28 px for 32 px); --stitch blend needs the whole tile: use "
        "--stitch crop")
    assert str(_refused(check_settings, 0, None)) == (
        "--workers 0: give 1 or more worker processes, or leave --workers out to run in this process")
    assert str(_refused(check_settings, None, str(tmp_path / "none.json"))) == (
        f"--scheduler {tmp_path / 'none.json'} does not exist; it is neither a scheduler file (written by `dask "
        "scheduler --scheduler-file FILE`) nor an address like tcp://HOST:8786")
    from inference.change.pair import _encodings

    before, after = str(tmp_path / "map_2018.tif"), str(tmp_path / "D034_AERIAL_LABEL-COSIA.tif")
    for path, value, nodata in ((before, 10, 0), (after, 8, None)):
        with rasterio.open(path, "w", driver="GTiff", width=8, height=8, count=1, dtype="uint8", crs="EPSG:2154",
                           nodata=nodata, transform=from_origin(770000, 6280000, 1, 1)) as ds:
            ds.write(np.full((1, 8, 8), value, np.uint8))
    assert str(_refused(_encodings, before, after, None, None)) == (
        "BEFORE looks like FLAIR codes 1..19 (0 = nodata) and AFTER like FLAIR-HUB land cover, 0-based. If that is "
        "right, say so: --encoding flair19 --encoding-after flair-hub; otherwise give the encoding both are in with "
        "--encoding.")
    from inference.models.session import read_model_info

    assert str(_refused(read_model_info, tm.pointwise(str(tmp_path / "nocard.onnx"), n_bands=4))) == (
        "this model has no FLAIR model card, so these must be given: input roles for its 4 input channels (assign "
        "them as ROLE=PATH[:BAND] sources); what its outputs mean (--classes flair19|flair-inc|flair13|flair-hub|"
        "generic); its normalisation (--mean and --std in 0..255 units, or --scale)")
    labels = str(tmp_path / "labels.tif")
    with rasterio.open(labels, "w", driver="GTiff", width=8, height=8, count=1, dtype="uint8", crs="EPSG:2154",
                       transform=from_origin(770000, 6280000, 1, 1)) as ds:
        ds.write(np.arange(64, dtype=np.uint8).reshape(1, 8, 8) % 5 + 1)
    assert str(_refused(require_encoding, labels, what="prediction", how="--pred-encoding")) == (
        f"cannot tell the prediction encoding of {labels} (no value 0, which suggests FLAIR codes 1..19, but "
        "0-based indices fit too); candidates: flair19, flair-inc, flair13, flair-hub, lpis. Say which with "
        "--pred-encoding.")


def test_a_front_end_names_its_fields_in_french_with_no_flag(tmp_path):
    from inference.labels.guess import require_encoding
    from inference.segment.checks import check_numbers
    from inference.segment.modalities.timeseries import average

    e = _refused(check_numbers, tile=64, margin=40)
    fr = e.text("fr", tile_option="Taille des tuiles", margin_option="Marge")
    assert fr == ("Marge = 40 est trop grande pour Taille des tuiles = 64 : la tuile doit faire plus du double de la "
                  "marge (au plus 31)")
    e = _refused(average, np.zeros((2, 1, 2, 2)), [], "semi-monthly", "flair2")
    assert e.text("fr", average_option="moyenne") == (
        "les modèles FLAIR#2 ont été entraînés avec des moyennes mensuelles ou sans moyenne, pas semi-monthly : "
        "utilisez moyenne = monthly ou none")
    labels = str(tmp_path / "labels.tif")
    with rasterio.open(labels, "w", driver="GTiff", width=8, height=8, count=1, dtype="uint8", crs="EPSG:2154",
                       transform=from_origin(770000, 6280000, 1, 1)) as ds:
        ds.write(np.zeros((1, 8, 8), np.uint8) + 30)
    fr = _refused(require_encoding, labels).text("fr", encoding_option="son champ")
    # the guess's reason inside is French too, and "none fits"
    assert fr == (f"impossible de dire le codage de {labels} (les valeurs [30] ne correspondent à aucun codage de "
                  "classes (0..22 au plus)) ; candidats : aucun ne convient. Dites lequel avec son champ."), fr
    assert isinstance(_refused(require_encoding, labels), InputError)
    from inference.models.session import read_model_info

    card = _refused(read_model_info, tm.pointwise(str(tmp_path / "nocard.onnx"), n_bands=4))
    assert card.text("fr", roles_option="R", classes_option="C", mean_option="M", std_option="S", scale_option="E") == (
        "ce modèle n’a pas de fiche de modèle FLAIR, il faut donc donner : les rôles de ses 4 canaux d’entrée (R) ; "
        "ce que signifient ses sorties (C) ; sa normalisation (M et S en unités 0..255, ou E)")


def test_a_block_run_started_afresh_says_what_changed_in_french():
    """The note Processing's Dask path shows (and the command line prints, in English as before)."""
    from inference.scale.manifest import what_changed

    old = {"model": "a", "inputs": "b", "params": {"tile": 512, "margin": 8}}
    new = {"model": "c", "inputs": "b", "params": {"tile": 512, "margin": 16}}
    note = say("started afresh: the {what} changed since the interrupted run, so its blocks were discarded",
               what=what_changed(old, new))
    assert note == ("started afresh: the model, parameters (margin) changed since the interrupted run, so its blocks "
                    "were discarded")
    assert again(note, "fr") == ("nouveau départ : changement depuis l’exécution interrompue (modèle, paramètres "
                                 "(margin)), ses blocs ont été écartés")
