"""Sentinel-1 in the multi-source engine: the synthetic S1 ascending / descending series, and models
with every modality (LC-L shape: AERIAL, DEM, SPOT, S2, S1-ASC, S1-DESC) and an LPIS one (LPIS-I
shape: SPOT, S2, S1 x 2, 23 classes) run end to end from the command line; bad S1 input refused."""
from __future__ import annotations

import os

import numpy as np
import rasterio
from multisource_data import S1_DATES, SIGMA0, _read_ortho, _surfaces, make_sample, s1_dates
from multisource_models import converted, report_of

from inference.cli.main import main


def _aerial(sample):
    return [f"AERIAL.NIR={sample['aerial_irc']}:1", f"AERIAL.R={sample['aerial_rgb']}:1",
            f"AERIAL.G={sample['aerial_rgb']}:2"]


def _s2(sample):
    return [f"S2={sample['s2']}", f"S2.dates={sample['s2_dates']}", f"S2.mask={sample['s2_mask']}"]


def _s1(sample):
    # ascending: dates from the dates file; descending: from the band descriptions
    return [f"S1A={sample['s1a']}", f"S1A.dates={sample['s1a_dates']}", f"S1D={sample['s1d']}"]


def test_s1_series_are_plausible_backscatter(sample, tmp_path):
    asc, desc = s1_dates("s1a"), s1_dates("s1d")
    assert len(asc) == S1_DATES["s1a"] != len(desc) == S1_DATES["s1d"]
    assert not set(asc) & set(desc)  # two orbits, passing on different days
    assert all((b - a).days == 12 for a, b in zip(asc, asc[1:]))
    with rasterio.open(sample["s1a"]) as a, rasterio.open(sample["s2"]) as s2:
        data = a.read()
        assert a.dtypes[0] == "float32" and a.count == 2 * len(asc)
        assert a.transform == s2.transform and a.crs == s2.crs  # Sentinel's 10.24 m grid
        assert a.descriptions[:2] == (f"{asc[0]:%Y%m%d} VV", f"{asc[0]:%Y%m%d} VH")
    assert open(sample["s1a_dates"]).read().split() == [f"{d:%Y%m%d}" for d in asc]
    vv, vh = data[0::2].mean(0), data[1::2].mean(0)
    assert 0 < data.min() and data.max() < 2  # linear sigma0
    assert (vh < vv).all()  # cross-polarised returns are weaker everywhere
    # brightness follows the ground: buildings (double bounce) > vegetation > water
    rgb, nir = _read_ortho()
    with rasterio.open(sample["dem"]) as f:
        surfaces = _surfaces(rgb, nir, f.read(), vv.shape[0])
    built = surfaces["building"] > 0.6
    green = surfaces["vegetation"] > 0.6
    assert built.any() and green.any()
    assert vv[built].mean() > 2 * vv[green].mean()
    assert (vh / vv)[green].mean() > (vh / vv)[built].mean()  # volume scattering of vegetation
    assert SIGMA0["water"][0] < SIGMA0["vegetation"][0] < SIGMA0["building"][0]
    # the same sample in dB is 10 log10 of the linear one (same speckle)
    db = make_sample(str(tmp_path / "db"), s1_unit="db")
    with rasterio.open(db["s1a"]) as f:
        assert np.allclose(f.read(), 10 * np.log10(data), atol=1e-4)


def _styled(path, nodata=None):
    assert os.path.isfile(path) and os.path.isfile(os.path.splitext(path)[0] + ".qml")
    with rasterio.open(path) as ds:
        assert ds.count == 1 and ds.colormap(1)
        if nodata is not None:
            assert ds.nodata == nodata
        return ds.read(1), ds.crs, ds.bounds


def test_all_modalities_lcl_from_the_command_line(sample, tmp_path, capsys):
    out = tmp_path / "lcl.tif"
    code = main(["segment", "-m", converted("LC-L"), "-o", str(out), *_aerial(sample), f"DEM={sample['dem']}",
                 f"SPOT={sample['spot']}", *_s2(sample), *_s1(sample)])
    assert code == 0, capsys.readouterr().err
    printed = capsys.readouterr().out
    assert printed.count("wrote ") == 1  # one task, one styled output
    labels, crs, bounds = _styled(str(tmp_path / "lcl_landcover.tif"))
    assert crs.to_epsg() == 2154 and abs(bounds.left - 770549.8) < 1e-6
    assert labels.shape == (252, 252)
    with rasterio.open(sample["dem"]) as dem:  # on the ortho's 0.2 m grid: its nodata pixels, nodata out
        hole = dem.read(1) == dem.nodata
    # (GDAL's bilinear reads fill the hole's rim from valid neighbours: a few pixels there keep a class)
    assert hole.sum() > 1000 and (labels[hole] == 0).mean() > 0.98
    assert (labels[~hole] > 0).mean() > 0.99
    report = report_of(tmp_path / "lcl_report.json")["inputs"]
    asc, desc = s1_dates("s1a"), s1_dates("s1d")
    for short, full, path in (("S1A", "SENTINEL1-ASC_TS", sample["s1a"]), ("S1D", "SENTINEL1-DESC_TS", sample["s1d"]),
                              ("DEM", "DEM_ELEV", sample["dem"]), ("SPOT", "SPOT_RGBI", sample["spot"])):
        assert report[full]["name"] == short and path in report[full]["files"]
    assert report["SENTINEL1-ASC_TS"]["series"] == \
        f"{len(asc)} dates, {asc[0]:%Y-%m-%d} -> {asc[-1]:%Y-%m-%d} (dates from s1a_dates.txt)"
    assert report["SENTINEL1-DESC_TS"]["series"] == \
        f"{len(desc)} dates, {desc[0]:%Y-%m-%d} -> {desc[-1]:%Y-%m-%d} (dates from band descriptions)"
    assert not [f for f in os.listdir(tmp_path) if f.startswith(".")]  # no staged file left


def test_lpis_model_with_s1_from_the_command_line(sample, tmp_path, capsys):
    out = tmp_path / "crops.tif"
    code = main(["segment", "-m", converted("LPIS-I"), "-o", str(out), f"SPOT={sample['spot']}", *_s2(sample),
                 *_s1(sample), "--ts-average", "monthly"])
    assert code == 0, capsys.readouterr().err
    assert "ALL_LABEL-LPIS" in capsys.readouterr().out
    values, crs, bounds = _styled(str(tmp_path / "crops_lpis.tif"), nodata=255)
    assert crs.to_epsg() == 2154 and abs(bounds.left - 770549.8) < 1e-6
    assert values[values != 255].max() <= 22 and (values != 255).mean() > 0.99  # IGN's LPIS indices
    assert not (tmp_path / "crops_landcover.tif").exists()
    report = report_of(tmp_path / "crops_report.json")["inputs"]
    assert report["SENTINEL1-ASC_TS"]["average"] == report["SENTINEL1-DESC_TS"]["average"] == "monthly"


def _write_s1(src: str, dst: str, per_date: int = 2, dates: int | None = None, descriptions: bool = True):
    """A copy of an S1 series with ``per_date`` bands per date (VV, VH, then VV again)."""
    with rasterio.open(src) as ds:
        data, profile, desc = ds.read(), ds.profile, ds.descriptions
    t = dates or data.shape[0] // 2
    frames, names = [], []
    for i in range(t):
        for j in range(per_date):
            frames.append(data[2 * i + j % 2])
            names.append(desc[2 * i + j % 2])
    profile.update(count=len(frames))
    with rasterio.open(dst, "w", **profile) as out:
        out.write(np.stack(frames))
        if descriptions:
            for i, name in enumerate(names, 1):
                out.set_band_description(i, name)
    return dst


def test_bad_s1_input_is_refused_naming_it_and_leaving_nothing(sample, tmp_path, capsys):
    model = converted("LPIS-I")
    bad = tmp_path / "bad"
    bad.mkdir()
    base = [f"SPOT={sample['spot']}", *_s2(sample), f"S1D={sample['s1d']}"]

    def refused(items, match):
        out = tmp_path / "out"
        out.mkdir(exist_ok=True)
        code = main(["segment", "-m", model, "-o", str(out / "x.tif"), *base, *items])
        err = capsys.readouterr().err
        assert code == 2 and "Traceback" not in err
        assert __import__("re").search(match, err), err
        assert os.listdir(out) == []  # nothing left behind, not even hidden temporary files

    three = _write_s1(sample["s1a"], str(bad / "three.tif"), per_date=3, dates=29)  # 87 bands
    refused([f"S1A={three}"], r"error: S1A \(SENTINEL1-ASC_TS\): .*three\.tif has 87 bands, not a multiple of "
                              r"the model's 2 bands per date")
    three30 = _write_s1(sample["s1a"], str(bad / "three30.tif"), per_date=3)  # 90 bands = 45 "dates"
    refused([f"S1A={three30}", f"S1A.dates={sample['s1a_dates']}"],
            r"error: S1A \(SENTINEL1-ASC_TS\): 30 dates \(s1a_dates\.txt\) for 45 dates of imagery")
    undated = _write_s1(sample["s1a"], str(bad / "undated.tif"), descriptions=False)
    refused([f"S1A={undated}"], r"error: S1A \(SENTINEL1-ASC_TS\): the dates of .*undated\.tif are unknown.*S1A\.dates=FILE")
    refused([], r"error: the model needs S1A \(SENTINEL1-ASC_TS\); give S1A=FILE")
