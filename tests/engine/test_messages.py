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

from inference.models.modalities import DEFAULTS, MultiCard, Task  # noqa: E402
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
    return MultiCard("t", (DEM,), (Task("OUT", "flair-hub-lc19", (1, 2)),), 0.2, 64, 8)


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
