"""FLAIR dataset folders (FLAIR.md §8): a synthetic tree made here, with the real baseline predictions
and metadata of data/flair1_toy."""
import json
import os

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from inference.qa.patches import detect_layout, displayable_prediction, open_dataset, patch_bounds

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOY = os.path.join(ROOT, "data", "flair1_toy")
META = os.path.join(TOY, "flair-one_TOY_metadata_subset.json")
pytestmark = pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")


def write(path, array, x0, y0, res=0.2):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    array = np.asarray(array, np.uint8)
    array = array if array.ndim == 3 else array[None]
    with rasterio.open(path, "w", driver="GTiff", width=array.shape[2], height=array.shape[1],
                       count=array.shape[0], dtype="uint8", crs="EPSG:2154",
                       transform=from_origin(x0, y0, res, res)) as ds:
        ds.write(array)


def flair1_tree(root, ids=("061946", "062207", "000717")):
    """D0xx_YYYY/Zn_XX/img/IMG_<id>.tif (5 bands) and msk/MSK_<id>.tif, placed at the real centroids,
    small (64 px) to keep the tests fast; a metadata JSON copied at the root."""
    with open(META, encoding="utf-8") as f:
        meta = json.load(f)
    for i in ids:
        m = meta[f"IMG_{i}"]
        x0, y0 = m["patch_centroid_x"] - 6.4, m["patch_centroid_y"] + 6.4
        base = os.path.join(root, m["domain"], m["zone"])
        write(os.path.join(base, "img", f"IMG_{i}.tif"), np.full((5, 64, 64), 100), x0, y0)
        write(os.path.join(base, "msk", f"MSK_{i}.tif"), np.full((64, 64), 7), x0, y0)
    with open(os.path.join(root, "flair-one_metadata.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f)
    return meta


def test_flair1_layout_lists_patches_with_metadata_and_real_predictions(tmp_path):
    meta = flair1_tree(str(tmp_path))
    assert detect_layout(str(tmp_path)) == "flair1"
    ds = open_dataset(str(tmp_path), predictions=TOY)
    by_id = {p.id: p for p in ds.patches}
    # 3 patches with images, + the 2 predictions whose patch has metadata but no image here
    assert set(by_id) == {"IMG_061946", "IMG_062207", "IMG_000717", "IMG_063120", "IMG_063812"}
    p = by_id["IMG_061946"]
    assert (p.domain, p.zone) == ("D012_2019", "Z3_UU")
    assert p.date == "2019-09-29 11h39"
    assert p.mask.endswith("MSK_061946.tif") and p.mask_encoding == "flair19"
    assert p.prediction == os.path.join(TOY, "PRED_061946.tif") and p.prediction_encoding == "flair13"
    assert p.centroid == (meta["IMG_061946"]["patch_centroid_x"], meta["IMG_061946"]["patch_centroid_y"])
    assert by_id["IMG_000717"].prediction is None
    assert by_id["IMG_063120"].image is None and by_id["IMG_063120"].prediction
    # sorted by domain, zone, id
    assert [q.domain for q in ds.patches] == sorted(q.domain for q in ds.patches)


def test_baseline_prediction_is_placed_from_the_metadata(tmp_path):
    flair1_tree(str(tmp_path))
    p = {q.id: q for q in open_dataset(str(tmp_path), predictions=TOY).patches}["IMG_062207"]
    path, how = displayable_prediction(p, str(tmp_path / "cache"))
    assert how == "placed from the metadata JSON"
    with rasterio.open(path) as ds:
        assert ds.crs.to_epsg() == 2154 and ds.res == (0.2, 0.2)
        cx, cy = p.centroid
        assert tuple(ds.bounds) == pytest.approx((cx - 51.2, cy - 51.2, cx + 51.2, cy + 51.2))
        with rasterio.open(os.path.join(TOY, "PRED_062207.tif")) as raw:
            assert np.array_equal(ds.read(1), raw.read(1))
    assert patch_bounds((10.0, 20.0)) == pytest.approx((-41.2, -31.2, 61.2, 71.2))


def test_flair_hub_layout(tmp_path):
    root = tmp_path / "hub"
    for mod, bands in (("AERIAL_RGBI", 4), ("AERIAL_LABEL-COSIA", 1), ("ALL_LABEL-LPIS", 3)):
        for rc in ("1-1", "1-2"):
            path = root / f"D004-2021_{mod}" / "AB-S1-12" / f"D004-2021_{mod}_AB-S1-12_{rc}.tif"
            write(str(path), np.ones((bands, 8, 8)), 900000.0, 6300000.0)
    preds = tmp_path / "preds"
    write(str(preds / "D004-2021_AB-S1-12_1-2_pred.tif"), np.ones((8, 8)), 900000.0, 6300000.0)
    assert detect_layout(str(root)) == "flair-hub"
    ds = open_dataset(str(root), predictions=str(preds))
    assert [p.id for p in ds.patches] == ["D004-2021_AB-S1-12_1-1", "D004-2021_AB-S1-12_1-2"]
    a, b = ds.patches
    assert (a.domain, a.zone, a.date) == ("D004-2021", "AB-S1-12", "2021")
    assert "AERIAL_RGBI" in a.image and a.mask_encoding == "flair-hub" and a.labels["LPIS"][1] == "lpis"
    assert a.prediction is None and b.prediction.endswith("_1-2_pred.tif")
    assert displayable_prediction(b, str(tmp_path))[1] == "georeferenced"


def test_not_a_dataset(tmp_path):
    with pytest.raises(ValueError, match="neither"):
        detect_layout(str(tmp_path))
