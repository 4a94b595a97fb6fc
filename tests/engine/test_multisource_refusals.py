"""Multi-source inputs that would give a plausible wrong map are refused, saying why in the
user's terms; and a stack whose dates are out of order gets each date's own cloud mask.

Small rasters built here (a few pixels, no model): each test fails on the engine before its fix.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import numpy as np
import pytest

rasterio = pytest.importorskip("rasterio")
from rasterio.transform import from_origin  # noqa: E402

from inference.convert.multisource.options import ConvertOptionError, parse_norm  # noqa: E402
from inference.core.grid import Grid  # noqa: E402
from inference.models.card import CardError, ModelCard  # noqa: E402
from inference.models.modalities import DEFAULTS, Task  # noqa: E402
from inference.segment.modalities.tile import (  # noqa: E402
    ModalityError,
    _read_series,
    check_inputs,
    image_input,
    input_problems,
    series_input,
)
from inference.segment.modalities.timeseries import SeriesError, open_series  # noqa: E402

X0, Y1 = 770000.0, 6278000.0  # Lambert-93, Montpellier
S2 = DEFAULTS["SENTINEL2_TS"]
AERIAL = DEFAULTS["AERIAL_RGBI"]
ONE_BAND = replace(S2, bands=("B",), source_bands=(1,), mean=None, std=None)


def _tif(path, data, crs="EPSG:2154", x0=X0, y1=Y1, res=10.24, descriptions=None):
    data = np.asarray(data, np.float32)
    with rasterio.open(path, "w", driver="GTiff", width=data.shape[2], height=data.shape[1], count=data.shape[0],
                       dtype="float32", crs=crs, transform=from_origin(x0, y1, res, res)) as ds:
        ds.write(data)
        for i, d in enumerate(descriptions or (), 1):
            ds.set_band_description(i, d)
    return str(path)


def _aerial(tmp_path, crs="EPSG:2154", x0=X0, y1=Y1, res=0.2, px=50):
    return _tif(tmp_path / "rgbi.tif", np.ones((4, px, px)), crs=crs, x0=x0, y1=y1, res=res)


def _card(*mods):
    return ModelCard("t", modalities=tuple(mods), tasks=(Task("OUT", "flair-hub-lc19", (1, 2)),), resolution_m=0.2,
                     tile=64, margin=8)


# --- 1. each date gets its own cloud mask, whatever the file's date order --------------------------

@pytest.mark.parametrize("rules", ["", "flair2"])
def test_cloud_mask_follows_each_date_when_the_stack_is_not_chronological(tmp_path, rules):
    # file order: June (cloudy), January, March; sorted: January, March, June
    file_dates = ["20210601", "20210101", "20210301"]
    stack = _tif(tmp_path / "s2.tif", [np.full((4, 4), m) for m in (6, 1, 3)], descriptions=file_dates)
    cloud = [100, 0, 0]  # per file date
    mask = _tif(tmp_path / "msk.tif", [np.full((4, 4), v) for c in cloud for v in (0, c)])
    mod = replace(ONE_BAND, series_rules=rules)
    inp = series_input(mod, stack, mask=mask)
    grid = Grid("EPSG:2154", X0, Y1, 10.24, 4, 4)
    series, dates, _, _ = _read_series(inp, grid, 4, "auto", "none")
    assert dates == [dt.date(2021, 1, 1), dt.date(2021, 3, 1)]  # June, the cloudy one, is dropped
    assert series[:, 0, 0, 0].tolist() == [1, 3]


# --- 2, 3. another CRS is checked in metres; degrees are refused for images and the area ----------

def _utm(x, y):
    from rasterio.warp import transform
    xs, ys = transform("EPSG:2154", "EPSG:32631", [x], [y])
    return xs[0], ys[0]


def test_a_file_in_another_crs_that_misses_half_the_area_is_refused(tmp_path):
    area = (X0, Y1 - 10, X0 + 10, Y1)
    x, y = _utm(X0, Y1)
    inp = image_input(AERIAL, _aerial(tmp_path, "EPSG:32631", x, y, 0.2, 25))  # 5 m of the 10 m area
    errors, _ = input_problems(_card(AERIAL), {AERIAL.name: inp}, area, "EPSG:2154")[AERIAL.name]
    assert errors and "does not cover the whole area" in errors[0]


def test_a_series_in_another_crs_with_pixels_far_too_coarse_is_refused(tmp_path):
    x, y = _utm(X0 - 500, Y1 + 500)
    inp = series_input(ONE_BAND, _tif(tmp_path / "s2.tif", np.ones((2, 20, 20)), "EPSG:32631", x, y, 100.0,
                                      ["20210101", "20210301"]))
    errors, _ = input_problems(_card(ONE_BAND), {S2.name: inp}, (X0, Y1 - 100, X0 + 100, Y1), "EPSG:2154")[S2.name]
    assert errors and re.search(r"has 10\d(\.\d)? m pixels, far from the 10.24 m", errors[0])


def test_an_aerial_in_degrees_is_refused_by_name(tmp_path):
    inp = image_input(AERIAL, _aerial(tmp_path, "EPSG:4326", 3.87, 43.61, 2e-6))
    errors, _ = input_problems(_card(AERIAL), {AERIAL.name: inp}, (X0, Y1 - 10, X0 + 10, Y1),
                               "EPSG:2154")[AERIAL.name]
    assert errors == [f"AERIAL ({AERIAL.name}): {inp.files()[0]} is in degrees (EPSG:4326): reproject it to "
                      "Lambert-93 (EPSG:2154)"]


def test_a_series_in_degrees_is_checked_in_metres_but_refused_as_the_area(tmp_path):
    # ~10 m pixels in degrees at 43.6 N, covering the area: warped on read, accepted
    from rasterio.warp import transform
    (lon,), (lat,) = transform("EPSG:2154", "EPSG:4326", [X0 - 200], [Y1 + 200])
    s2 = _tif(tmp_path / "s2.tif", np.ones((2, 60, 60)), "EPSG:4326", lon, lat, 1e-4, ["20210101", "20210301"])
    inp = series_input(ONE_BAND, s2)
    card = _card(ONE_BAND)
    assert check_inputs(card, {S2.name: inp}, (X0, Y1 - 100, X0 + 100, Y1), "EPSG:2154") == []
    with pytest.raises(ModalityError, match=r"s2.tif is in degrees \(EPSG:4326\): reproject it to Lambert-93"):
        check_inputs(card, {S2.name: inp}, (lon, lat - 1e-3, lon + 1e-3, lat), "EPSG:4326")


# --- 4. dates twice, or contradicting what the imagery says --------------------------------------

def test_duplicate_dates_are_refused_naming_them(tmp_path):
    stack = _tif(tmp_path / "s2.tif", np.ones((3, 2, 2)))
    (tmp_path / "d.txt").write_text("20210101\n20210301\n20210101\n")
    with pytest.raises(SeriesError, match=r"2021-01-01 is in .*d.txt twice \(lines 1 and 3\)"):
        open_series(S2.name, stack, 1, str(tmp_path / "d.txt"))


def test_duplicate_dates_in_band_descriptions_are_refused(tmp_path):
    stack = _tif(tmp_path / "s2.tif", np.ones((2, 2, 2)), descriptions=["20210101 B", "20210101 B"])
    with pytest.raises(SeriesError, match=r"date\(s\) 2021-01-01 appear twice \(band descriptions\)"):
        open_series(S2.name, stack, 1)


def test_a_dates_file_contradicting_the_band_descriptions_is_refused(tmp_path):
    stack = _tif(tmp_path / "s2.tif", np.ones((2, 2, 2)), descriptions=["20210101 B", "20210301 B"])
    (tmp_path / "d.txt").write_text("20210301\n20210101\n")
    with pytest.raises(SeriesError, match=r"d.txt says 2021-03-01 but band 1's description says 2021-01-01"):
        open_series(S2.name, stack, 1, str(tmp_path / "d.txt"))


def test_a_dates_file_contradicting_a_folders_file_names_is_refused(tmp_path):
    folder = tmp_path / "s2"
    folder.mkdir()
    for name in ("S2_20210101.tif", "S2_20210301.tif"):
        _tif(folder / name, np.ones((1, 2, 2)))
    (tmp_path / "d.txt").write_text("20210101\n20210401\n")
    with pytest.raises(SeriesError, match=r"says 2021-04-01 but S2_20210301.tif's name says 2021-03-01"):
        open_series(S2.name, str(folder), 1, str(tmp_path / "d.txt"))


# --- 5. messages, not exception names -------------------------------------------------------------

def test_a_binary_dates_file_is_not_a_text_file_of_dates(tmp_path):
    stack = _tif(tmp_path / "s2.tif", np.ones((2, 2, 2)))
    (tmp_path / "d.bin").write_bytes(bytes(range(128, 256)))
    with pytest.raises(SeriesError, match="is not a text file of dates"):
        open_series(S2.name, stack, 1, str(tmp_path / "d.bin"))


def test_band_zero_is_refused_with_a_message(tmp_path):
    path = _aerial(tmp_path)
    spec = {"NIR": (path, 0), "R": (path, 1), "G": (path, 2)}
    with pytest.raises(ModalityError, match="bands are numbered from 1"):
        image_input(AERIAL, spec)


# --- 6. normalisation must be finite ---------------------------------------------------------------

@pytest.mark.parametrize("value", ["1,2,3:inf,1,1", "nan,2,3:1,1,1", "scale:inf", "1e999,2,3:1,1,1"])
def test_norm_with_non_finite_numbers_is_refused(value):
    with pytest.raises(ConvertOptionError, match="finite|positive number"):
        parse_norm("SPOT", value)


@pytest.mark.parametrize("edit", [dict(mean=(float("nan"), 1.0, 1.0)), dict(std=(1.0, float("inf"), 1.0))])
def test_a_card_with_non_finite_normalisation_is_invalid(edit):
    with pytest.raises(CardError, match="finite"):
        _card(replace(AERIAL, **edit)).validate()

