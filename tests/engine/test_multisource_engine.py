"""Multi-source engine on the synthetic Montpellier set: an LC-D-shaped model (tiny weights) end to
end, the time series layouts and date sources, per-tile filtering, and every bad input named."""
from __future__ import annotations

import datetime as dt
import os
import shutil

import numpy as np
import pytest
import rasterio
from multisource_data import CLOUDY, HALF_CLOUDY, s2_dates
from multisource_models import converted, report_of, run_items, task_outputs

from inference.cli.multisource import named_inputs
from inference.core.classes import FLAIR_HUB_ORDER
from inference.models.card import card_of_model
from inference.segment.modalities.named import build_inputs
from inference.segment.modalities.tile import ModalityError, read_tile, series_input
from inference.segment.modalities.timeseries import average, encode_dates


@pytest.fixture(scope="module")
def lcd_model():
    return converted("LC-D")  # shared with the other multi-source modules


def aerial(sample):
    return [f"AERIAL.NIR={sample['aerial_irc']}:1", f"AERIAL.R={sample['aerial_rgb']}:1",
            f"AERIAL.G={sample['aerial_rgb']}:2"]


def s2(sample, **kw):
    items = [f"S2={kw.get('path', sample['s2'])}"]
    if kw.get("dates", True):
        items.append(f"S2.dates={sample['s2_dates']}")
    if kw.get("mask", True):
        items.append(f"S2.mask={sample['s2_mask']}")
    return items


def run(model, items, out_dir, **kw):
    return run_items(model, items, os.path.join(out_dir, "out.tif"), **kw)


def test_lcd_end_to_end_one_styled_output_per_task(sample, lcd_model, tmp_path):
    result = run(lcd_model, aerial(sample) + s2(sample), str(tmp_path))
    path = task_outputs(result)["AERIAL_LABEL-COSIA"]
    assert os.path.basename(path) == "out_landcover.tif"
    with rasterio.open(path) as ds, rasterio.open(sample["aerial_rgb"]) as ortho:
        labels = ds.read(1)
        assert ds.crs.to_epsg() == 2154 and ds.shape == ortho.shape  # on the ortho's grid
        assert abs(ds.transform.c - 770549.8) < 1e-6 and abs(ds.transform.f - 6277600.2) < 1e-6
        # codes only, 0 (nodata) only where the ortho itself is nodata (255 in every band)
        assert set(np.unique(labels)) <= set(FLAIR_HUB_ORDER) | {0}
        assert (labels > 0).mean() > 0.999
        assert ds.colormap(1)[1][:3] == (0xdb, 0x0e, 0x9a)  # building's colour
    assert os.path.isfile(os.path.splitext(path)[0] + ".qml")
    assert result.tiles == 9
    series = report_of(result)["inputs"]["SENTINEL2_TS"]
    assert series["name"] == "S2" and sample["s2"] in series["files"]
    assert series["series"].startswith("23 dates, 2021-01-03 -> 2021-12-30")
    # the two cloudy dates are dropped everywhere, the half-cloudy one only on western tiles
    dates = s2_dates()
    assert series["dates_dropped"] == [f"{dates[i]:%Y-%m-%d}" for i in CLOUDY]
    assert series["dates_per_tile"] == [20, 21]
    assert dates[HALF_CLOUDY] in result.dates_used["SENTINEL2_TS"]
    assert not [f for f in os.listdir(tmp_path) if f.startswith(".")]


def test_series_layouts_and_date_sources_give_the_same_map(sample, lcd_model, tmp_path):
    os.makedirs(tmp_path / "ref")
    ref = run(lcd_model, aerial(sample) + s2(sample), str(tmp_path / "ref"))
    with rasterio.open(task_outputs(ref)["AERIAL_LABEL-COSIA"]) as ds:
        expected = ds.read(1)
    variants = {
        "descriptions": s2(sample, dates=False),  # dates from the band descriptions
        "folder": s2(sample, path=sample["s2_dir"], dates=False),  # dates from file names
    }
    for name, items in variants.items():
        os.makedirs(tmp_path / name)
        got = run(lcd_model, aerial(sample) + items, str(tmp_path / name))
        with rasterio.open(task_outputs(got)["AERIAL_LABEL-COSIA"]) as ds:
            assert (ds.read(1) == expected).all(), name
        series = report_of(got)["inputs"]["SENTINEL2_TS"]["series"]
        assert "band descriptions" in series if name == "descriptions" else "file names" in series


def test_cloud_filter_is_per_tile_without_shared_state(sample, lcd_model):
    card = card_of_model(lcd_model)
    inputs = build_inputs(card, named_inputs(aerial(sample) + s2(sample), card))
    west = (770549.8, 6277600.2)
    east = (770549.8 + 24.8, 6277600.2)
    a = read_tile(card, inputs, "EPSG:2154", *west)
    b = read_tile(card, inputs, "EPSG:2154", *east)
    a2 = read_tile(card, inputs, "EPSG:2154", *west)  # after the east tile: same dates, same values
    assert len(a.dates["SENTINEL2_TS"]) == 20 and len(b.dates["SENTINEL2_TS"]) == 21
    for k in a.inputs:
        assert np.array_equal(a.inputs[k], a2.inputs[k])
    assert a.inputs["SENTINEL2_TS"].shape == (1, 20, 10, 2, 2)
    assert a.inputs["SENTINEL2_DATES"].dtype == np.float32
    off = read_tile(card, inputs, "EPSG:2154", *west, ts_filter="off")
    assert len(off.dates["SENTINEL2_TS"]) == 23


def test_dates_encoding_and_averages():
    d = [dt.date(2021, 1, 3), dt.date(2021, 5, 15), dt.date(2022, 5, 20)]
    assert encode_dates(d).tolist() == [-132.0, 0.0, 5.0]  # each date against 15 May of its own year
    assert encode_dates(d[:2], "ref_minus_MMDD_fixed_year").tolist() == [132.0, 0.0]  # FLAIR#2's sign
    dates = s2_dates()
    series = np.arange(23, dtype=np.float32)[:, None, None, None] * np.ones((23, 2, 3, 3), np.float32)
    m, centres = average(series, dates, "monthly")
    assert m.shape == (12, 2, 3, 3) and centres[0] == dt.date(2021, 1, 15)
    assert m[0, 0, 0, 0] == 0.5  # January: the first two dates
    sm, centres = average(series, dates, "semi-monthly")
    assert sm.shape[0] == 24 and centres[1] == dt.date(2021, 1, 23)


def test_averaged_run(sample, lcd_model, tmp_path):
    result = run(lcd_model, aerial(sample) + s2(sample), str(tmp_path), ts_average="monthly")
    assert len(result.dates_used["SENTINEL2_TS"]) == 12


def _write_like(src: str, dst: str, bands: slice | None = None, descriptions=True, res_factor: int = 1,
                crop: int = 0):
    with rasterio.open(src) as ds:
        data = ds.read()
        profile = ds.profile
        desc = ds.descriptions
    if bands is not None:
        data, desc = data[bands], desc[bands]
    if crop:
        data = data[:, crop:, crop:]
        t = profile["transform"]
        profile["transform"] = rasterio.Affine(t.a, 0, t.c + crop * t.a, 0, t.e, t.f + crop * t.e)
    if res_factor > 1:
        t = profile["transform"]
        profile["transform"] = rasterio.Affine(t.a * res_factor, 0, t.c, 0, t.e * res_factor, t.f)
    profile.update(count=data.shape[0], width=data.shape[2], height=data.shape[1])
    with rasterio.open(dst, "w", **profile) as out:
        out.write(data)
        for i, d in enumerate(desc, 1):
            if descriptions and d:
                out.set_band_description(i, d)


def test_bad_inputs_each_name_the_modality(sample, lcd_model, tmp_path):
    card = card_of_model(lcd_model)
    mod = card.modality("SENTINEL2_TS")
    bad = tmp_path / "bad"
    bad.mkdir()

    def refused(items, match, **kw):
        out = tmp_path / "out"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        with pytest.raises(ModalityError, match=match):
            run(lcd_model, items, str(out), **kw)
        assert os.listdir(out) == []  # nothing left behind

    odd = str(bad / "odd.tif")
    _write_like(sample["s2"], odd, bands=slice(0, 25))
    refused(aerial(sample) + [f"S2={odd}"], r"S2 \(SENTINEL2_TS\): .*odd\.tif has 25 bands, not a multiple of .* 10 bands")

    nodates = str(bad / "nodates.tif")
    _write_like(sample["s2"], nodates, descriptions=False)
    refused(aerial(sample) + [f"S2={nodates}"], r"S2 \(SENTINEL2_TS\): the dates of .*nodates\.tif are unknown.*S2\.dates=FILE")

    garbled = bad / "garbled.txt"
    garbled.write_text("20210103\nthird of March\n")
    refused(aerial(sample) + [f"S2={sample['s2']}", f"S2.dates={garbled}"],
            r"S2 \(SENTINEL2_TS\): line 2 of .*garbled\.txt \('third of March'\) is not a date")

    long = bad / "long.txt"
    long.write_text("".join(f"{d.replace(year=d.year + (i > 20)):%Y%m%d}\n" for i, d in enumerate(s2_dates())))
    refused(aerial(sample) + [f"S2={nodates}", f"S2.dates={long}"], r"S2 \(SENTINEL2_TS\): its dates span \d+ days")

    few = bad / "few.txt"
    few.write_text("20210103\n20210203\n")
    refused(aerial(sample) + [f"S2={sample['s2']}", f"S2.dates={few}"], r"S2 \(SENTINEL2_TS\): 2 dates .* for 23 dates")

    cropped = str(bad / "cropped.tif")
    _write_like(sample["s2"], cropped, crop=5)
    refused(aerial(sample) + s2(sample, path=cropped), r"S2 \(SENTINEL2_TS\): .*cropped\.tif does not cover the whole area")

    coarse = str(bad / "coarse.tif")
    _write_like(sample["s2"], coarse, res_factor=10)
    refused(aerial(sample) + s2(sample, path=coarse), r"S2 \(SENTINEL2_TS\): .*coarse\.tif has 102\.4 m pixels, far from the 10\.24 m")

    cloudy = str(bad / "cloudy.tif")
    with rasterio.open(sample["s2_mask"]) as ds:
        profile, data = ds.profile, ds.read()
    data[:] = 100  # snow and cloud: IGN falls back to a snow-only test, so both
    with rasterio.open(cloudy, "w", **profile) as out:
        out.write(data)
    refused(aerial(sample) + [f"S2={sample['s2']}", f"S2.mask={cloudy}"],
            r"S2 \(SENTINEL2_TS\): every date is cloudy or snowy over the tile.*--ts-filter off")

    refused(aerial(sample), r"the model needs S2 \(SENTINEL2_TS\); give S2=FILE")
    refused(aerial(sample) + s2(sample) + [f"S1A={sample['s2']}"], r"this model reads .*not S1A")
    with pytest.raises(ModalityError, match=r"S2 \(SENTINEL2_TS\): .*each date needs the model's 10"):
        folder = bad / "dir"
        folder.mkdir()
        _write_like(sample["s2"], str(folder / "S2_20210103.tif"), bands=slice(0, 4))
        series_input(mod, str(folder))


def test_series_only_lpis_model_runs_on_the_sentinel_grid(sample, tmp_path):
    model = converted("LPIS-F")  # shared with test_multisource_convert's parity check
    os.makedirs(tmp_path / "run")
    result = run(model, [f"S2={sample['s2']}", f"S2.mask={sample['s2_mask']}"], str(tmp_path / "run"))
    path = task_outputs(result)["ALL_LABEL-LPIS"]
    assert os.path.basename(path) == "out_lpis.tif"
    with rasterio.open(path) as ds, rasterio.open(sample["s2"]) as s2file:
        values = ds.read(1)
        assert ds.transform == s2file.transform and ds.shape == s2file.shape  # the series' own pixels
        assert ds.nodata == 255 and values.max() <= 22  # LPIS indices 0..22, IGN's encoding
        assert ds.colormap(1)[0][:3] == (0x7f, 0xc9, 0x7f)  # 'grasses'
    assert "grasses" in open(os.path.splitext(path)[0] + ".qml", encoding="utf-8").read()
    # a tile larger than the data: only covered pixels decide which dates are cloudy
    dates = s2_dates()
    dropped = [dates[i] for i in sorted(CLOUDY + (HALF_CLOUDY,))]
    assert report_of(result)["inputs"]["SENTINEL2_TS"]["dates_dropped"] == [f"{d:%Y-%m-%d}" for d in dropped]


def test_cancelled_run_leaves_nothing(sample, lcd_model, tmp_path):
    from inference.core.cancel import Cancelled, CancelToken

    token = CancelToken()
    seen = []

    def progress(p):
        seen.append((p.done, p.total))
        if p.done == 2:
            token.cancel()

    with pytest.raises(Cancelled):
        run_items(lcd_model, aerial(sample) + s2(sample), tmp_path / "out.tif", progress=progress, cancel=token)
    assert (2, 9) in seen and os.listdir(tmp_path) == []


def test_errors_are_flair_errors():
    from inference.core.errors import FlairError
    from inference.models.card import CardError
    from inference.segment.modalities.timeseries import SeriesError

    for cls in (ModalityError, SeriesError, CardError):
        assert issubclass(cls, FlairError) and issubclass(cls, ValueError)
