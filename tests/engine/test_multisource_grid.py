"""Where a multi-source run's map lies (issue #20): without --extent the output grid starts at the
first image input's own corner, as IGN's inference tool takes that file's bounds
(flair_zonal_detection/inference.py), whatever that file's pixel size."""
from __future__ import annotations

import numpy as np
import rasterio
from multisource_models import shapes
from rasterio.transform import from_origin

from inference.convert.multisource.run import build_card
from inference.segment.modalities.named import area_of, build_inputs
from inference.segment.params import ImageInput


def _spot(path, x0, y0, n=40):
    data = (np.arange(4 * n * n, dtype=np.uint16).reshape(4, n, n) % 900) + 200
    with rasterio.open(path, "w", driver="GTiff", width=n, height=n, count=4, dtype="uint16", crs="EPSG:2154",
                       transform=from_origin(x0, y0, 1.6, 1.6)) as f:
        f.write(data)
    return path


def test_spot_first_model_keeps_the_spot_file_s_own_corner(tmp_path):
    """A SPOT + Sentinel model (LPIS-I) on a SPOT file whose edge is not on a 0.2 m multiple: the
    map is the file's 40 x 1.6 m = 320 x 0.2 m, from its corner (it was 321 rows, 0.12 m off)."""
    card = build_card(shapes()["LPIS-I"], "lpis", 32)
    x0, y0 = 770560.12, 6277600.28
    inputs = build_inputs(card, {"SPOT_RGBI": ImageInput(_spot(str(tmp_path / "spot.tif"), x0, y0))})
    _, bounds, grid = area_of(card, inputs, None)
    assert grid.res == 0.2 and (grid.width, grid.height) == (320, 320)
    assert abs(grid.x0 - x0) < 1e-6 and abs(grid.y0 - y0) < 1e-6
    assert np.allclose(grid.bounds, bounds)


def test_a_13_class_model_has_its_own_13_classes_in_its_legend():
    """FLAIR#2 U-T&T's one task: 13 outputs mapped to FLAIR codes 1..12 and 19 ("other"); its map's
    legend (and class names) list those 13, not FLAIR's 19."""
    from types import SimpleNamespace

    from inference.convert.multisource.utt_convert import CLASS_CODES
    from inference.models.modalities import Task
    from inference.segment.modalities.named import task_maps

    card = SimpleNamespace(tasks=(Task("FLAIR2_LABEL", "flair13", CLASS_CODES),))  # what task_maps reads of a card
    (m,), (lut,) = task_maps(card, "/x/run.tif", True, "en")
    assert (m.task, m.title, m.output, m.confidence) == ("FLAIR2_LABEL", "land cover", "/x/run_landcover.tif",
                                                         "/x/run_landcover_confidence.tif")
    assert [c[0] for c in m.classes] == sorted(CLASS_CODES) and len(m.classes) == 13
    assert lut[:13].tolist() == list(CLASS_CODES) and m.nodata == 0
