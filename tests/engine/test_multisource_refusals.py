"""Multi-source inputs that would give a plausible wrong map are refused, saying why in the
user's terms; and a stack whose dates are out of order gets each date's own cloud mask.

Small rasters built here (a few pixels, no model): each test fails on the engine before its fix.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

rasterio = pytest.importorskip("rasterio")
from rasterio.transform import from_origin  # noqa: E402

from inference.convert.multisource.options import ConvertOptionError, parse_norm  # noqa: E402
from inference.models.modalities import DEFAULTS, MultiCard, MultiCardError, Task  # noqa: E402

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


def _card(*mods):
    return MultiCard("t", tuple(mods), (Task("OUT", "flair-hub-lc19", (1, 2)),), 0.2, 64, 8)


# --- 6. normalisation must be finite ---------------------------------------------------------------

@pytest.mark.parametrize("value", ["1,2,3:inf,1,1", "nan,2,3:1,1,1", "scale:inf", "1e999,2,3:1,1,1"])
def test_norm_with_non_finite_numbers_is_refused(value):
    with pytest.raises(ConvertOptionError, match="finite|positive number"):
        parse_norm("SPOT", value)


@pytest.mark.parametrize("edit", [dict(mean=(float("nan"), 1.0, 1.0)), dict(std=(1.0, float("inf"), 1.0))])
def test_a_card_with_non_finite_normalisation_is_invalid(edit):
    with pytest.raises(MultiCardError, match="finite"):
        _card(replace(AERIAL, **edit)).validate()

