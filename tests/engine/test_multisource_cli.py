"""Multi-source models from the command line: convert, info, models list, segment with modality
sources (an LC-D-shaped model with tiny weights on the synthetic Montpellier set)."""
from __future__ import annotations

import os

import pytest
import rasterio
from multisource_models import converted, ign_state, random_model, report_of, save_safetensors, shapes

from inference.cli.main import main


@pytest.fixture(scope="module")
def lcd():
    return converted("LC-D")  # shared with the other multi-source modules


def test_convert_series_only_checkpoint_from_the_command_line(tmp_path, capsys):
    spec = shapes()["LC-G"]
    ckpt = tmp_path / "FLAIR-HUB_LC-G_utae.safetensors"
    save_safetensors(ign_state(random_model(spec), spec), str(ckpt))
    out = tmp_path / "lcg.onnx"
    assert main(["convert", str(ckpt), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    for t in (1, 2, 23, 60):
        assert f"parity AERIAL_LABEL-COSIA T={t}: max |logit diff|" in captured.err
    assert "S2=FILE S2.dates=FILE" in captured.out
    assert main(["info", str(out)]) == 0
    info = capsys.readouterr().out
    assert "SENTINEL2_TS" in info and "SENTINEL2_DATES: days from 05-15 of the date's own year" in info
    assert "B2, B3, B4, B5, B6, B7, B8, B8A, B11, B12" in info


def test_info_lists_each_modality(lcd, capsys):
    assert main(["info", lcd]) == 0
    out = capsys.readouterr().out
    assert "AERIAL_RGBI" in out and "bands NIR, R, G (file bands [4, 1, 2])" in out
    assert "normalise (x - [106.59, 105.66, 111.35])" in out
    assert "sources:     AERIAL=FILE S2=FILE S2.dates=FILE" in out
    assert "AERIAL_LABEL-COSIA FLAIR-HUB land cover (19 classes), 19 outputs" in out


def test_models_list_shows_multisource_models(capsys, tmp_path):
    assert main(["models", "list", "--cache", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "multi-source FLAIR-HUB models (`models convert ID` downloads, verifies and converts one" in out
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("hub-")}
    assert "needs AERIAL S2 " in lines["hub-lc-d"]
    assert "needs AERIAL DEM SPOT S2 S1A S1D" in lines["hub-lc-l"]
    assert lines["hub-lpis-f"].split()[1] == "lpis"
    assert "not downloaded" in lines["hub-lc-l"] and "verify: repository and file name" in lines["hub-lc-l"]
    assert not [line for line in out.split("multi-source")[0].splitlines() if line.startswith("hub-")]  # one table


def test_segment_lcd_from_the_command_line(sample, lcd, tmp_path, capsys):
    out = tmp_path / "run.tif"
    code = main(["segment", "-m", lcd, "-o", str(out), f"AERIAL.NIR={sample['aerial_irc']}:1",
                 f"AERIAL.R={sample['aerial_rgb']}:1", f"AERIAL.G={sample['aerial_rgb']}:2",
                 f"S2={sample['s2_dir']}", f"S2.mask={sample['s2_mask']}", "--ts-average", "semi-monthly"])
    assert code == 0
    printed = capsys.readouterr().out
    landcover = tmp_path / "run_landcover.tif"
    assert f"wrote {landcover} (AERIAL_LABEL-COSIA" in printed
    with rasterio.open(landcover) as ds:
        assert ds.count == 1 and ds.colormap(1)
    assert (tmp_path / "run_landcover.qml").is_file()
    s2 = report_of(tmp_path / "run_report.json")["inputs"]["SENTINEL2_TS"]
    assert s2["series"] == "23 dates, 2021-01-03 -> 2021-12-30 (dates from file names)"
    assert s2["average"] == "semi-monthly"


def test_segment_names_a_missing_modality(sample, lcd, tmp_path, capsys):
    code = main(["segment", "-m", lcd, "-o", str(tmp_path / "x.tif"), f"AERIAL.NIR={sample['aerial_irc']}:1",
                 f"AERIAL.R={sample['aerial_rgb']}:1", f"AERIAL.G={sample['aerial_rgb']}:2"])
    assert code == 2
    assert "error: the model needs S2 (SENTINEL2_TS); give S2=FILE" in capsys.readouterr().err
    assert os.listdir(tmp_path) == []


def test_segment_polygons_with_a_multisource_model(sample, lcd, tmp_path, capsys):
    """``segment --polygons`` with a multi-source model: one GeoPackage per task (LC-D has one: the
    path given), whose polygons cover each code of that task's map exactly (no unit, no simplification)."""
    import numpy as np
    import shapely
    from test_vector import load

    out, gpkg = tmp_path / "run.tif", tmp_path / "run.gpkg"
    code = main(["segment", "-m", lcd, "-o", str(out), f"AERIAL.NIR={sample['aerial_irc']}:1",
                 f"AERIAL.R={sample['aerial_rgb']}:1", f"AERIAL.G={sample['aerial_rgb']}:2",
                 f"S2={sample['s2_dir']}", f"S2.mask={sample['s2_mask']}",
                 "--polygons", str(gpkg), "--mmu", "0", "--simplify", "0"])
    assert code == 0, capsys.readouterr().err
    assert f"wrote {gpkg}" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.glob("*.gpkg")) == ["run.gpkg"]  # one task, one file
    with rasterio.open(tmp_path / "run_landcover.tif") as ds:
        a, px = ds.read(1), abs(ds.transform.a * ds.transform.e)
    geoms, codes, rows = load(gpkg)
    present = set(np.unique(a[a > 0]).tolist())
    assert present and set(codes.tolist()) == present
    for c in present:
        assert shapely.area(geoms[codes == c]).sum() == pytest.approx((a == c).sum() * px, rel=1e-9)
    assert all(row["class"] for row in rows)
    # a model of several tasks: OUT_<task>.gpkg each, from that task's own map (no tiny model
    # with two heads here: the run's hand-over, fed a result of that map under two task names)
    import argparse
    import shutil
    from types import SimpleNamespace

    from inference.cli.vectorize import after_segment
    from inference.segment.params import TaskMap

    second = tmp_path / "run_second.tif"
    shutil.copy(tmp_path / "run_landcover.tif", second)
    a2 = np.where(a == a.max(), 0, a).astype(a.dtype)  # the second task's map differs: one code fewer
    with rasterio.open(second, "r+") as ds:
        ds.write(a2, 1)
    args = argparse.Namespace(polygons=str(tmp_path / "two.gpkg"), mmu=0, mmu_class=[], simplify=0,
                              layer="landcover", lang="en")
    maps = [TaskMap(task, "land cover", str(path), None, "", []) for task, path in
            (("AERIAL_LABEL-COSIA", tmp_path / "run_landcover.tif"), ("SECOND", second))]
    after_segment(args, SimpleNamespace(maps=maps))
    for task, labels in (("AERIAL_LABEL-COSIA", a), ("SECOND", a2)):
        geoms, codes, _ = load(tmp_path / f"two_{task}.gpkg")
        assert set(codes.tolist()) == set(np.unique(labels[labels > 0]).tolist())
        for c in set(codes.tolist()):
            assert shapely.area(geoms[codes == c]).sum() == pytest.approx((labels == c).sum() * px, rel=1e-9)
    assert not (tmp_path / "two.gpkg").exists()
