"""Silent wrong maps from elevation and acquisition values (issue #21 items 2, 3, 4, 7): each case
as a user meets it (exit status, message, the disk afterwards), in test_faults.py's style.

The multi-source cases need only the model's card: the values are checked before any tile runs,
so a stand-in ONNX graph carrying an LC-L-shaped card (AERIAL, DEM, SPOT, S2, S1 x 2) is enough
and no model is exported."""
from __future__ import annotations

import os

import numpy as np
import onnx
import pytest
import rasterio
import tiny_models as tm
from multisource_models import shapes
from onnx import TensorProto, helper
from rasters import write
from test_faults import Work, cli, refused, snap

from inference.cli.multisource import named_inputs
from inference.convert.multisource.run import build_card
from inference.models.card import CARD_KEY
from inference.segment.modalities.metadata import MetadataError, parse_metadata, value_problem
from inference.segment.modalities.named import area_of, build_inputs
from inference.segment.modalities.tile import check_inputs
from inference.segment.modalities.values import check_values

KEYS = ["date", "time", "camera", "altitude"]
GOOD = {"date": "2021-06-15", "time": "10:30", "camera": "UCE-M3", "altitude": "40"}


# --- single-source heights and altitudes (segment/checks.py) --------------------------------


@pytest.fixture
def w(tmp_path) -> Work:
    return Work(tmp_path)


def _ndsm_model(w):
    return tm.pointwise(str(w.d / "m4.onnx"), 4, tm.card(["R", "G", "B", "NDSM"], (1, 2, 3, 6),
                                                         encoding={"NDSM": "metres"}))


def _heights(seed=0):
    h = np.random.RandomState(seed).uniform(0, 12, (40, 40)).astype(np.float32)
    h[:20] = 0.2  # ground
    return h


def test_untagged_minus_9999_heights_are_refused_not_ground(w):
    h = _heights()
    h[30:, 30:] = -9999  # a gap, but the file declares no nodata
    height, model = write(w.d / "h.tif", h), _ndsm_model(w)
    before = snap(w.d)
    refused(w.seg(model=model, sources=[w.rgb, f"NDSM={height}"]), 2, "h.tif", "-9999", "nodata",
            "gdal_edit.py -a_nodata -9999")
    assert snap(w.d) == before and not os.path.exists(w.out)


def test_heights_in_centimetres_are_refused(w):
    height = write(w.d / "h.tif", _heights() * 100)
    refused(w.seg(model=_ndsm_model(w), sources=[w.rgb, f"NDSM={height}"]), 2, "h.tif", "centimetres")
    assert not os.path.exists(w.out)


def test_dsm_and_dtm_roles_are_checked_too(w):
    ground = np.full((40, 40), 35.0, np.float32)
    dsm = write(w.d / "dsm.tif", ground + _heights())
    gap = ground.copy()
    gap[:5] = -32768
    dtm = write(w.d / "dtm.tif", gap)
    refused(w.seg(model=_ndsm_model(w), sources=[w.rgb, f"DSM={dsm}", f"DTM={dtm}"]), 2, "dtm.tif", "-32768",
            "nodata")
    feet = write(w.d / "dtm_ft.tif", ground * 3.28084)
    with rasterio.open(feet, "r+") as ds:
        ds.units = ("ft",)
    refused(w.seg(model=_ndsm_model(w), sources=[w.rgb, f"DSM={dsm}", f"DTM={feet}"]), 2, "dtm_ft.tif", "'ft'",
            "metres")
    assert not os.path.exists(w.out)
    ok_dtm = write(w.d / "dtm_ok.tif", ground)
    assert w.seg(model=_ndsm_model(w), sources=[w.rgb, f"DSM={dsm}", f"DTM={ok_dtm}"]).rc == 0


# --- multi-source elevation (multisource/values.py) -----------------------------------------


@pytest.fixture(scope="module")
def lcl_card():
    return build_card(shapes()["LC-L"], "FLAIR-HUB_LC-L", 32)


@pytest.fixture
def stand_in(lcl_card, tmp_path):
    """An ONNX file with the LC-L card and a graph that is never run (the checks come first)."""
    x = helper.make_tensor_value_info("AERIAL_RGBI", TensorProto.FLOAT, [1, 3, 128, 128])
    y = helper.make_tensor_value_info("AERIAL_LABEL-COSIA", TensorProto.FLOAT, [1, 3, 128, 128])
    model = helper.make_model(helper.make_graph([helper.make_node("Identity", ["AERIAL_RGBI"], ["AERIAL_LABEL-COSIA"])],
                                                "stand_in", [x], [y]), opset_imports=[helper.make_opsetid("", 18)])
    helper.set_model_props(model, {CARD_KEY: lcl_card.to_json()})
    path = str(tmp_path / "lc-l.onnx")
    onnx.save(model, path)
    return path


def _dem(sample, path, change, units=None, tagged=True):
    with rasterio.open(sample["dem"]) as ds:
        data, profile = ds.read(), ds.profile
    data = change(data)
    if not tagged:
        profile["nodata"] = None  # the -9999 gaps stay, undeclared
    with rasterio.open(path, "w", **profile) as ds:
        ds.write(data)
        if units:
            ds.units = units
    return str(path)


def _lcl(sample, dem):
    return [f"AERIAL.NIR={sample['aerial_irc']}:1", f"AERIAL.R={sample['aerial_rgb']}:1",
            f"AERIAL.G={sample['aerial_rgb']}:2", f"SPOT={sample['spot']}", f"S2={sample['s2']}",
            f"S2.dates={sample['s2_dates']}", f"S1A={sample['s1a']}", f"S1A.dates={sample['s1a_dates']}",
            f"S1D={sample['s1d']}", f"S1D.dates={sample['s1d_dates']}", f"DEM={dem}"]


def _ms(model, out, items):
    return cli("segment", "-m", model, "-o", out, *items, "--device", "cpu")


def _valid(data):
    return data > -9000


@pytest.mark.parametrize("name, change, units, tagged, needles", [
    ("swapped", lambda d: d[::-1].copy(), None, True, ["swapped", "DSM"]),
    ("centimetres", lambda d: np.where(_valid(d), d * 100, d), None, True, ["not metres", "centimetres"]),
    ("feet", lambda d: np.where(_valid(d), d * 3.28084, d), ("ft", "ft"), True, ["'ft'", "metres"]),
    ("untagged_gaps", lambda d: d, None, False, ["-9999", "nodata", "gdal_edit.py"]),
])
def test_multisource_elevation_in_the_wrong_form_is_refused(sample, stand_in, tmp_path, name, change, units, tagged,
                                                            needles):
    dem = _dem(sample, tmp_path / f"dem_{name}.tif", change, units, tagged)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    before = snap(tmp_path)
    refused(_ms(stand_in, str(out_dir / "out.tif"), _lcl(sample, dem)), 2, "DEM", f"dem_{name}.tif", *needles)
    assert snap(tmp_path) == before and os.listdir(out_dir) == []


def test_multisource_elevation_in_metres_passes_the_checks(sample, lcl_card):
    """The sample's DEM, in metres, with -9999 gaps declared as its nodata: nothing to say."""
    items = _lcl(sample, sample["dem"])
    inputs = build_inputs(lcl_card, named_inputs(items, lcl_card))
    assert check_values(lcl_card, inputs) == ([], {})


# --- acquisition values (U-T&T metadata) -----------------------------------------------------


@pytest.mark.parametrize("key, value, says", [
    ("altitude", "-4000", "no ground lies at -4000 m"),
    ("altitude", "12000", "no ground lies at 12000 m"),
    ("time", "02:30", "night"),
    ("time", "23:10", "night"),
])
def test_impossible_acquisition_values_are_refused(key, value, says):
    with pytest.raises(MetadataError, match=says):
        parse_metadata({**GOOD, key: value}, KEYS)
    assert says in value_problem(key, value)  # the dock's field says the same as it is typed


def test_possible_acquisition_values_pass():
    for altitude in ("-2", "0", "3164.9", "4806"):
        parse_metadata({**GOOD, "altitude": altitude}, KEYS)
    for time in ("9h08", "06:00", "19:45"):
        parse_metadata({**GOOD, "time": time}, KEYS)


# --- dates out of order on a stack that cannot confirm them ---------------------------------


def _nodesc(sample, path):
    with rasterio.open(sample["s2"]) as ds:
        data, profile = ds.read(), ds.profile
    with rasterio.open(path, "w", **profile) as ds:
        ds.write(data)  # no band descriptions
    return str(path)


def test_reversed_dates_file_on_a_stack_without_descriptions_is_said(sample, lcl_card, tmp_path):
    stack = _nodesc(sample, tmp_path / "s2_nodesc.tif")
    lines = open(sample["s2_dates"], encoding="utf-8").read().split()
    rev = tmp_path / "dates_reversed.txt"
    rev.write_text("\n".join(reversed(lines)) + "\n", encoding="utf-8")
    items = [i for i in _lcl(sample, sample["dem"]) if not i.startswith(("S2=", "S2.dates="))] + [f"S2={stack}", f"S2.dates={rev}"]
    inputs = build_inputs(lcl_card, named_inputs(items, lcl_card))
    crs, bounds, _ = area_of(lcl_card, inputs, None)
    warnings = check_inputs(lcl_card, inputs, bounds, crs)
    said = [x for x in warnings if "dates_reversed.txt" in x]
    assert said and "out of chronological order" in said[0] and "s2_nodesc.tif" in said[0]
    assert said[0].startswith("S2 (SENTINEL2_TS)")
    # in order, or confirmed by the band descriptions: nothing to say
    inputs = build_inputs(lcl_card, named_inputs(_lcl(sample, sample["dem"]), lcl_card))
    assert not [x for x in check_inputs(lcl_card, inputs, bounds, crs) if "chronological" in x]
