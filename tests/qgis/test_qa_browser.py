"""The FLAIR patch browser in QGIS: a synthetic FLAIR#1 tree made here, the real baseline
predictions placed from the real metadata JSON, natural colour / infrared, next / previous."""
from __future__ import annotations

import importlib
import json
import os

import numpy as np
import pytest
from qgis_helpers import ROOT

TOY = os.path.join(ROOT, "data", "flair1_toy")
META = os.path.join(TOY, "flair-one_TOY_metadata_subset.json")
pytestmark = pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")


def tree(root):
    """D0xx_YYYY/Zn_XX/img/IMG_<id>.tif (5 bands, 64 px) and msk/MSK_<id>.tif at the real centroids."""
    import rasterio
    from rasterio.transform import from_origin

    with open(META, encoding="utf-8") as f:
        meta = json.load(f)
    for pid in ("061946", "062207"):
        m = meta[f"IMG_{pid}"]
        t = from_origin(m["patch_centroid_x"] - 6.4, m["patch_centroid_y"] + 6.4, 0.2, 0.2)
        for sub, name, count, value in (("img", "IMG", 5, 120), ("msk", "MSK", 1, 7)):
            d = os.path.join(root, m["domain"], m["zone"], sub)
            os.makedirs(d, exist_ok=True)
            with rasterio.open(os.path.join(d, f"{name}_{pid}.tif"), "w", driver="GTiff", width=64, height=64,
                               count=count, dtype="uint8", crs="EPSG:2154", transform=t) as ds:
                ds.write(np.full((count, 64, 64), value, np.uint8))
    return meta


@pytest.fixture()
def browser(pkg, qgis_iface, clean_project):
    b = importlib.import_module(f"{pkg.__name__}.ui.patch_browser").PatchBrowser(qgis_iface, clean_project)
    yield b
    b.shutdown()
    b.deleteLater()


def test_browse_patches_with_placed_predictions(browser, clean_project, qgis_iface, tmp_path):
    meta = tree(str(tmp_path))
    ds = browser.open(str(tmp_path), predictions=TOY, metadata=META)
    assert ds.layout == "flair1"
    ids = [browser.table.item(r, 0).text() for r in range(browser.table.rowCount())]
    assert "IMG_061946" in ids and "IMG_063120" in ids  # the latter: prediction and metadata only
    row = ids.index("IMG_061946")
    assert [browser.table.item(row, c).text() for c in range(1, 5)] == ["D012_2019", "Z3_UU", "2019-09-29 11h39", "yes"]
    layers = browser.show_patch(row)
    names = [lyr.name() for lyr in layers]
    assert names == ["IMG_061946 image", "IMG_061946 mask", "IMG_061946 prediction"]
    img, msk, pred = layers
    assert (img.renderer().redBand(), img.renderer().greenBand(), img.renderer().blueBand()) == (1, 2, 3)
    assert [c.label for c in msk.renderer().classes()] == ["deciduous"]  # the mask holds code 7 only
    labels = [c.label for c in pred.renderer().classes()]
    assert labels[0] == "building" and "other (codes 13-19)" not in labels  # 13-class, no 12 present
    m = meta["IMG_061946"]
    e = pred.extent()
    assert (e.xMinimum(), e.yMaximum()) == pytest.approx((m["patch_centroid_x"] - 51.2, m["patch_centroid_y"] + 51.2))
    assert e.width() == pytest.approx(102.4) and pred.crs().authid() == "EPSG:2154"
    group = clean_project.layerTreeRoot().findGroup("FLAIR patch")
    assert [n.layer().name() for n in group.findLayers()] == names[::-1]  # prediction on top
    assert qgis_iface.mapCanvas().extent().intersects(img.extent())

    browser.infrared.setChecked(True)  # re-shows the patch as NIR, R, G
    img = clean_project.mapLayersByName("IMG_061946 image")[0]
    assert (img.renderer().redBand(), img.renderer().greenBand(), img.renderer().blueBand()) == (4, 1, 2)

    browser.step(1)
    assert browser.index == row + 1
    assert not clean_project.mapLayersByName("IMG_061946 image")  # the previous patch's layers are gone
    assert len(clean_project.mapLayers()) == len(browser.layer_ids)


def test_not_a_dataset_says_so(browser, tmp_path):
    assert browser.open(str(tmp_path)) is None
    assert "neither" in browser.status.text()
