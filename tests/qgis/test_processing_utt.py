"""flair:segment_multisource with a FLAIR#2 U-T&T model trained with aerial metadata (tiny
weights): META_* parameters run it, a missing one is refused by its parameter name, and nothing
is written then. The ``utt`` fixture is in conftest.py."""
from __future__ import annotations

import json

import pytest
import rasterio
from qgis_helpers import files_in, recording_feedback

META = {"META_DATE": "2021-06-15", "META_TIME": "10:30", "META_CAMERA": "UCE-M3-f100-s06", "META_ALTITUDE": 0}


def _params(utt, out, **extra):
    model, data = utt
    return {"MODEL": model, "AERIAL": data["aerial5"], "S2": data["s2"], "S2_DATES": data["s2_dates"],
            "EXTENT": "770560,770590,6277570,6277590 [EPSG:2154]", "OUTPUT": out, **extra}


def test_utt_with_metadata_parameters_writes_the_styled_output(processing, utt, tmp_path):
    res = processing.run("flair:segment_multisource", _params(utt, str(tmp_path / "utt.tif"), **META))
    with rasterio.open(res["TASK_RASTERS"][0]) as ds:
        assert (ds.width, ds.height) == (150, 100) and ds.colormap(1) and ds.read(1).min() >= 1
    with open(res["REPORT"], encoding="utf-8") as f:
        meta = json.load(f)["inputs"]["AERIAL_METADATA"]
    # an altitude of 0 m is a value, passed on as such
    assert (meta["date"], meta["time"], meta["camera"], meta["altitude_m"]) == ("2021-06-15", "10:30",
                                                                                "UCE-M3-f100-s06", 0), meta


def test_utt_without_a_metadata_parameter_is_refused_by_name(processing, utt, tmp_path):
    from qgis.core import QgsProcessingException

    feedback = recording_feedback()
    said = feedback.errors

    partial = {k: v for k, v in META.items() if k not in ("META_DATE", "META_ALTITUDE")}
    with pytest.raises(QgsProcessingException) as raised:
        processing.run("flair:segment_multisource", _params(utt, str(tmp_path / "x.tif"), **partial),
                       feedback=feedback)
    text = "\n".join(said + [str(raised.value)])
    assert "trained with aerial metadata: give META_DATE, META_ALTITUDE" in text, text
    # a value the engine cannot use is refused with its reason
    with pytest.raises(QgsProcessingException) as raised:
        processing.run("flair:segment_multisource", _params(utt, str(tmp_path / "y.tif"),
                                                            **dict(META, META_DATE="2024-06-15")),
                       feedback=feedback)
    text = "\n".join(said + [str(raised.value)])
    # named by its parameter, not the command line's META.date='2024-06-15'
    assert "Aerial date (YYYY-MM-DD) = 2024-06-15: the model encodes the year" in text and "META." not in text, text
    assert files_in(tmp_path) == []
