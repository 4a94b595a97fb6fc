"""Sentinel-2-only models on an area smaller than a tile (issue #20): U-TAE's GroupNorm normalises
over the whole tile, so zeros padded around the area change every pixel's class. The run reads
real pixels around the area where the file has them, and otherwise runs on exactly the file."""
from __future__ import annotations

import os

import numpy as np
import onnxruntime as ort
import rasterio
import rasterio.transform
from multisource_models import converted, report_of, run_items, task_outputs
from rasterio.windows import Window

from inference.segment.modalities.timeseries import encode_dates, open_series


def _direct(model, s2_path, card_mod, window=None):
    """The model run by hand on exactly the series' pixels (all dates, raw values)."""
    sess = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    series = open_series(card_mod.name, s2_path, 10)
    with rasterio.open(s2_path) as ds:
        data = ds.read(window=window).astype(np.float32)
    t = len(series.dates)
    x = data.reshape(t, 10, *data.shape[1:])[None]
    dates = encode_dates(list(series.dates), card_mod.date_rule, card_mod.ref_date)[None]
    return sess.run(None, {"SENTINEL2_TS": x, "SENTINEL2_DATES": dates})[0][0].argmax(axis=0)


def test_area_smaller_than_a_tile_is_the_model_run_on_exactly_that_area(sample, tmp_path):
    """The synthetic Sentinel-2 stack is 11 x 11 px, the series-only tile 64: the map must be the
    model's own forward on those 11 x 11 px (it was run on them zero-padded to 64 x 64)."""
    from inference.models.card import card_of_model

    model = converted("LC-G")
    card = card_of_model(model)
    result = run_items(model, [f"S2={sample['s2']}"], tmp_path / "out.tif", ts_filter="off")
    with rasterio.open(task_outputs(result)["AERIAL_LABEL-COSIA"]) as ds, rasterio.open(sample["s2"]) as s2:
        got = ds.read(1)
        assert ds.shape == s2.shape == (11, 11)
    want = np.asarray(card.tasks[0].class_codes, np.uint8)[_direct(model, sample["s2"], card.modalities[0])]
    assert (got == want).all(), f"{(got != want).mean():.1%} of pixels differ from the model on exactly the area"
    assert report_of(result)["tiling"]["tile"] == 11 and result.tiles == 1


def _on_multiples(sample, path):
    """The sample's stack moved onto multiples of its 10.24 m pixel, where an --extent's grid lies."""
    with rasterio.open(sample["s2"]) as ds:
        data, profile, descriptions = ds.read(), ds.profile, ds.descriptions
    t = profile["transform"]
    profile["transform"] = rasterio.transform.from_origin(round(t.c / t.a) * t.a, round(t.f / t.a) * t.a, t.a, t.a)
    with rasterio.open(path, "w", **profile) as ds:
        ds.write(data)
        for i, d in enumerate(descriptions, 1):
            ds.set_band_description(i, d or "")
    return str(path)


def test_an_extent_inside_a_larger_file_reads_the_real_pixels_around_it(sample, tmp_path):
    """An extent of 4 x 4 px in the corner of the 11 x 11 file: the tile takes the file's pixels
    around it (here the whole file), so each pixel's class is the one of the run on the file."""
    model = converted("LC-G")
    s2 = _on_multiples(sample, tmp_path / "s2.tif")
    whole = run_items(model, [f"S2={s2}"], tmp_path / "whole.tif", ts_filter="off")
    with rasterio.open(s2) as ds:
        x0, y1, res = ds.transform.c, ds.transform.f, ds.transform.a
    extent = (x0 + 7 * res, y1 - 11 * res, x0 + 11 * res, y1 - 7 * res)  # the bottom-right 4 x 4 px
    part = run_items(model, [f"S2={s2}"], tmp_path / "part.tif", ts_filter="off", extent=extent)
    with rasterio.open(task_outputs(whole)["AERIAL_LABEL-COSIA"]) as a, rasterio.open(task_outputs(part)["AERIAL_LABEL-COSIA"]) as b:
        assert b.shape == (4, 4) and abs(b.transform.c - extent[0]) < 1e-6
        assert (b.read(1) == a.read(1, window=Window(7, 7, 4, 4))).all()
    assert os.path.isfile(part.report)
