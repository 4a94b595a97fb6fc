"""NaN and infinite values never become a class in a multi-source run: a series pixel with NaN on
any date is nodata on the output, and a model that gives non-finite scores stops the run."""
from __future__ import annotations

import os

import numpy as np
import pytest
import rasterio
from multisource_models import converted, run_items, task_outputs

from inference.models.session import ModelError


def _float_copy(src: str, dst: str, edit) -> str:
    """``src`` as float32 with ``edit(array)`` applied (band descriptions kept: they hold the dates)."""
    with rasterio.open(src) as ds:
        a = ds.read().astype(np.float32)
        profile = ds.profile | {"dtype": "float32", "nodata": None}
        names = ds.descriptions
    edit(a)
    with rasterio.open(dst, "w", **profile) as out:
        out.write(a)
        for i, name in enumerate(names, 1):
            if name:
                out.set_band_description(i, name)
    return dst


def _run(sample, s2_path, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    items = [f"AERIAL.NIR={sample['aerial_irc']}:1", f"AERIAL.R={sample['aerial_rgb']}:1",
             f"AERIAL.G={sample['aerial_rgb']}:2", f"S2={s2_path}", f"S2.dates={sample['s2_dates']}"]
    return run_items(converted("LC-D"), items, os.path.join(out_dir, "out.tif"), ts_filter="off")


def test_a_nan_on_one_date_makes_that_series_pixel_nodata(sample, tmp_path):
    clean = _run(sample, sample["s2"], str(tmp_path / "clean"))
    with rasterio.open(sample["s2"]) as ds:
        t = ds.transform
    row, col = 5, 5  # an S2 pixel inside the Montpellier footprint

    def poke(a):
        a[10 * 7 + 2, row, col] = np.nan  # date 8, band B4 only

    nan_s2 = _float_copy(sample["s2"], str(tmp_path / "s2_nan.tif"), poke)
    got = _run(sample, nan_s2, str(tmp_path / "nan"))
    with rasterio.open(task_outputs(clean)["AERIAL_LABEL-COSIA"]) as a, rasterio.open(task_outputs(got)["AERIAL_LABEL-COSIA"]) as b:
        before, after, ot = a.read(1), b.read(1), b.transform
    # the output pixels whose centre falls in that S2 pixel
    ys, xs = np.mgrid[0:after.shape[0], 0:after.shape[1]]
    x, y = ot.c + (xs + 0.5) * ot.a, ot.f + (ys + 0.5) * ot.e
    inside = (x >= t.c + col * t.a) & (x < t.c + (col + 1) * t.a) & (y <= t.f + row * t.e) & (y > t.f + (row + 1) * t.e)
    assert inside.sum() > 100
    assert (before[inside] != 0).all()  # a class before
    # nodata now. On this 50 m sample the tiny model's 128 px tile reads Sentinel-2 at 12.8 m, so
    # bilinear resampling spreads the NaN to its neighbours and more is masked; with 512 px tiles
    # on a 10.24 m series the reads are aligned and only that pixel's footprint would be.
    assert (after[inside] == 0).all()


def test_non_finite_scores_stop_the_run_and_leave_nothing(sample, tmp_path):
    huge = _float_copy(sample["s2"], str(tmp_path / "s2_huge.tif"), lambda a: a.__setitem__(slice(None), 3e38))
    out = tmp_path / "out"
    with pytest.raises(ModelError, match="NaN or infinite scores"):
        _run(sample, huge, str(out))
    assert os.listdir(out) == []  # nothing half-written
