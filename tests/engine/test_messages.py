"""The engine's user messages in the front end's language (core/messages.py), and the messages a
new user met on 2026-12-07: an unwritable folder said to be full, a DEM refused for 0.4 m."""
from __future__ import annotations

import re

import numpy as np
import pytest

from inference.core.errors import FlairError
from inference.segment.commit import OutputError, check_free_space
from inference.segment.sink import check_writable

rasterio = pytest.importorskip("rasterio")
from rasterio.transform import from_origin  # noqa: E402

from inference.models.card import ModelCard  # noqa: E402
from inference.models.modalities import DEFAULTS, Task  # noqa: E402
from inference.segment.modalities.tile import image_input, input_problems  # noqa: E402

X0, Y1 = 770000.0, 6278000.0
DEM = DEFAULTS["DEM_ELEV"]


def test_a_message_is_said_in_french_with_a_decimal_comma(tmp_path, monkeypatch):
    import inference.segment.commit as commit

    monkeypatch.setattr(commit, "free_bytes", lambda folder: 100_000)
    with pytest.raises(OutputError) as e:
        check_free_space(str(tmp_path / "o.tif"), 4000, 4000)
    assert "0.1 MB is free" in str(e.value)  # logs and the CLI's default
    fr = e.value.text("fr")
    assert "0,1 Mo sont libres" in fr and "MB" not in fr and "Free some space" not in fr
    assert e.value.text("en") == str(e.value)
    # a message without a French version stays whole, in English
    assert FlairError("plain words").text("fr") == "plain words"


def test_an_unwritable_folder_is_reported_as_such_not_as_a_full_disk(tmp_path, monkeypatch):
    import tempfile

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    # root passes the permission bits (in /proc, on a read-only mount): only creating a file tells
    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(OutputError, match=r"^cannot write in .*: choose another output path$") as e:
        check_writable(str(tmp_path / "x.tif"))
    assert e.value.text("fr").startswith("impossible d’écrire dans")
    monkeypatch.undo()
    check_writable(str(tmp_path / "x.tif"))
    assert list(tmp_path.iterdir()) == []  # the probe is gone


def _dem(path, x0, y1, px, res=0.5):
    with rasterio.open(path, "w", driver="GTiff", width=px, height=px, count=2, dtype="float32", crs="EPSG:2154",
                       transform=from_origin(x0, y1, res, res)) as ds:  # DSM and DSM-DTM
        ds.write(np.ones((2, px, px), "float32"))
    return str(path)


def _card():
    return ModelCard("t", modalities=(DEM,), tasks=(Task("OUT", "flair-hub-lc19", (1, 2)),), resolution_m=0.2, tile=64,
                     margin=8)


def test_a_dem_short_of_the_area_by_less_than_one_of_its_pixels_is_accepted(tmp_path):
    area = (X0, Y1 - 50.4, X0 + 50.4, Y1)  # 0.4 m more than the 50 m DSM covers, east and south
    inp = image_input(DEM, _dem(tmp_path / "dsm.tif", X0, Y1, 100))
    errors, _ = input_problems(_card(), {DEM.name: inp}, area, "EPSG:2154")[DEM.name]
    assert errors == []


def test_a_dem_short_of_the_area_says_by_how_much_on_which_side_in_the_users_language(tmp_path):
    area = (X0 - 3, Y1 - 50, X0 + 50, Y1)
    inp = image_input(DEM, _dem(tmp_path / "dsm.tif", X0, Y1, 100))
    errors, _ = input_problems(_card(), {DEM.name: inp}, area, "EPSG:2154")[DEM.name]
    assert len(errors) == 1 and "does not cover the whole area: it misses 3.0 m on the west" in errors[0]
    assert not re.search(r"\d{6}", errors[0]), errors[0]  # no raw coordinates
    errors, _ = input_problems(_card(), {DEM.name: inp}, area, "EPSG:2154", "fr")[DEM.name]
    assert "ne couvre pas toute la zone : il manque 3,0 m à l’ouest" in errors[0]


def test_a_dem_with_coarser_pixels_is_warned_about_in_the_users_language(tmp_path):
    area = (X0, Y1 - 50, X0 + 50, Y1)
    inp = image_input(DEM, _dem(tmp_path / "dsm.tif", X0, Y1, 100))  # 0.5 m pixels for 0.2 m
    _, warnings = input_problems(_card(), {DEM.name: inp}, area, "EPSG:2154", "fr")[DEM.name]
    assert len(warnings) == 1 and "a des pixels de 0,5 m, le modèle attend 0,2 m" in warnings[0], warnings


def test_the_refusals_a_user_meets_most_are_said_in_french(tmp_path):
    """Output path, CRS, unreadable files, imagery values, polygons and land take: in French with a
    French QGIS (the glue passes "fr"), in English otherwise."""
    from inference.change.run import _check as check_change
    from inference.segment.checks import check_output_crs, check_output_path, probe_raster
    from inference.segment.modalities.values import role_factor
    from inference.vector.checks import check_output

    def french(call, *args):
        with pytest.raises(FlairError) as e:
            call(*args)
        fr = e.value.text("fr")
        assert fr != str(e.value), str(e.value)
        return fr

    assert french(check_output_crs, "EPSG:4326").startswith("--crs EPSG:4326 est en degrés ; la sortie demande")
    assert french(check_output_crs, "EPSG:2154x").startswith("--crs EPSG:2154x : écrivez un code EPSG")
    assert french(check_output_crs, "EPSG:3857").startswith("--crs EPSG:3857 est en Web Mercator, dont les mètres")
    assert french(probe_raster, str(tmp_path / "none.tif")).endswith("none.tif : fichier introuvable")
    img = tmp_path / "img.tif"
    with rasterio.open(img, "w", driver="GTiff", width=8, height=8, count=1, dtype="uint16", crs="EPSG:2154",
                       transform=from_origin(X0, Y1, 0.2, 0.2)) as ds:
        ds.write(np.full((1, 8, 8), 1000, "uint16"))
    assert "la sortie" in french(check_output_path, str(img), [str(img)], None)
    fr = french(role_factor, "R: img.tif", str(img), 1, "R", "uint8")
    assert "valeurs sur 10 bits (jusqu’à 1000, uint16)" in fr and "plausible mais fausse" in fr
    assert french(check_output, str(tmp_path / "p.shp"), []).endswith("nommez la sortie NOM.gpkg")
    from types import SimpleNamespace
    params = SimpleNamespace(output=str(tmp_path / "c.csv"), mmu_m2=None, window=512, zones=None)
    assert "doit être un GeoPackage" in french(check_change, params)


def test_every_message_the_engine_says_has_a_french_version():
    """A message made with ``say`` (a refusal's ``Error.say``, a warning's or a part's ``say``) has its
    French beside it (else a French user reads English)."""
    import ast
    import pathlib

    from inference.core.messages_fr import FRENCH

    root = pathlib.Path(__file__).resolve().parents[2] / "inference"
    missing = []
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # a bare say() is messages.say where the module imports it (elsewhere a log callback of that name)
        says = ("say",) if any(isinstance(n, ast.ImportFrom) and (n.module or "").endswith("core.messages")
                               and "say" in [a.name for a in n.names] for n in ast.walk(tree)) else ()
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and (getattr(node.func, "attr", "") == "say"
                                                or getattr(node.func, "id", "") in says) and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
                    and not re.fullmatch(r"\{\w+\}", node.args[0].value)):  # a setting's name alone
                if node.args[0].value not in FRENCH:
                    missing.append((path.name, node.args[0].value[:60]))
    assert missing == []
    for english, french in FRENCH.items():  # the same placeholders
        assert sorted(re.findall(r"\{(\w+)", english)) == sorted(re.findall(r"\{(\w+)", french)), english


def test_a_setting_named_by_a_message_of_its_own_is_said_in_the_language():
    """The command line's advice for a multi-source model given to a single-source run is a message in a
    message's setting: said in French too (it recursed without end once a setting could be one)."""
    from inference.core import messages

    said = messages.say("{name} is a multi-source model ({card}): run it with {multisource_option}", "fr",
                        name="lcd.onnx", card="LC-D", multisource_option=messages.say(
                            "its sources as NAME=PATH (python -m inference info shows which)"))
    assert said == ("lcd.onnx est un modèle multi-source (LC-D) : lancez-le avec ses sources sous la forme NOM=CHEMIN "
                    "(python -m inference info les indique)")
