"""A multi-source run refuses what would give a plausible wrong map or destroy a file, before any
tile runs: outputs over inputs, sources given twice, other units, missing data in any modality."""
from __future__ import annotations

import os
import shutil

import numpy as np
import pytest
import rasterio
from multisource_models import converted, run_items, task_outputs

from inference.core.errors import InputError
from inference.segment.modalities.tile import ModalityError


def aerial(sample):
    return [f"AERIAL.NIR={sample['aerial_irc']}:1", f"AERIAL.R={sample['aerial_rgb']}:1",
            f"AERIAL.G={sample['aerial_rgb']}:2"]


def run(items, out, **kw):
    return run_items(converted("LC-D"), items, out, ts_filter="off", **kw)


def _copy(src, dst, edit=None, **profile):
    with rasterio.open(src) as ds:
        a, p, names = ds.read(), ds.profile | profile, ds.descriptions
    if edit is not None:
        a = edit(a)
    with rasterio.open(dst, "w", **(p | {"dtype": str(a.dtype)})) as out:
        out.write(a)
        for i, n in enumerate(names, 1):
            if n:
                out.set_band_description(i, n)
    return str(dst)


def test_an_output_that_would_replace_an_input_is_refused_and_the_input_kept(sample, tmp_path):
    victim = _copy(sample["aerial_irc"], tmp_path / "victim_landcover.tif")
    before = open(victim, "rb").read()
    items = [f"AERIAL.NIR={victim}:1", f"AERIAL.R={sample['aerial_rgb']}:1", f"AERIAL.G={sample['aerial_rgb']}:2",
             f"S2={sample['s2']}", f"S2.dates={sample['s2_dates']}"]
    with pytest.raises(InputError, match="would replace"):
        run(items, tmp_path / "victim.tif")
    assert open(victim, "rb").read() == before
    dates = shutil.copy(sample["s2_dates"], tmp_path / "d_report.json")  # where the run's report would go
    with pytest.raises(InputError, match="would replace"):
        run(aerial(sample) + [f"S2={sample['s2']}", f"S2.dates={dates}"], tmp_path / "d.tif")
    assert open(dates).read() == open(sample["s2_dates"]).read()


def test_a_source_given_twice_or_in_two_forms_is_refused(sample, tmp_path):
    s2 = [f"S2={sample['s2']}", f"S2.dates={sample['s2_dates']}"]
    with pytest.raises(ModalityError, match="already given"):
        run(aerial(sample) + s2 + [f"S2={sample['s2_dir']}"], tmp_path / "twice.tif")
    with pytest.raises(ModalityError, match="not both"):
        run(aerial(sample) + [f"AERIAL={sample['aerial_rgb']}"] + s2, tmp_path / "mixed.tif")
    with pytest.raises(ModalityError, match=r"AERIAL: AERIAL\.dates is for a time series"):
        run(aerial(sample) + [f"AERIAL.dates={sample['s2_dates']}"] + s2, tmp_path / "dated.tif")
    assert os.listdir(tmp_path) == []


def test_other_units_are_refused_by_name(sample, tmp_path):
    s2_01 = _copy(sample["s2"], tmp_path / "s2_01.tif", lambda a: (a / 10000.0).astype(np.float32))
    with pytest.raises(ModalityError, match="reflectance as 0..1.*multiply by 10000"):
        run(aerial(sample) + [f"S2={s2_01}", f"S2.dates={sample['s2_dates']}"], tmp_path / "o.tif")
    irc16 = _copy(sample["aerial_irc"], tmp_path / "irc16.tif", lambda a: a.astype(np.uint16) * 257)
    with pytest.raises(ModalityError, match="8-bit digital numbers 0..255"):
        run([f"AERIAL.NIR={irc16}:1", f"AERIAL.R={sample['aerial_rgb']}:1", f"AERIAL.G={sample['aerial_rgb']}:2",
             f"S2={sample['s2']}", f"S2.dates={sample['s2_dates']}"], tmp_path / "o.tif")
    assert sorted(os.listdir(tmp_path)) == ["irc16.tif", "s2_01.tif"]


def test_nodata_in_any_modality_is_nodata_on_the_output(sample, tmp_path):
    with rasterio.open(sample["s2"]) as ds:
        t = ds.transform
    # Sentinel-2 declared nodata (0) over its east half: no class may come out of zeros there
    east = _copy(sample["s2"], tmp_path / "s2_east.tif", lambda a: np.where(np.arange(a.shape[2]) >= 6, 0, a)
                 .astype(a.dtype), nodata=0)
    got = run(aerial(sample) + [f"S2={east}", f"S2.dates={sample['s2_dates']}"], tmp_path / "e.tif")
    with rasterio.open(task_outputs(got)["AERIAL_LABEL-COSIA"]) as ds:
        labels, ot = ds.read(1), ds.transform
    x = ot.c + (np.arange(labels.shape[1]) + 0.5) * ot.a
    gone = x >= t.c + 6 * t.a + 13  # east of the hole's edge plus one resampled S2 pixel
    kept = x < t.c + 6 * t.a - 13
    assert (labels[:, gone] == 0).all()
    assert (labels[:, kept] != 0).mean() > 0.95


def test_convert_onto_its_own_checkpoint_is_refused(tmp_path):
    from inference.cli.main import main

    ckpt = tmp_path / "weights.safetensors"
    ckpt.write_bytes(b"not really weights, but they must survive")
    assert main(["convert", str(ckpt), "-o", str(ckpt)]) == 2
    assert ckpt.read_bytes() == b"not really weights, but they must survive"


def test_an_output_in_a_read_only_folder_is_refused_by_name(sample, tmp_path):
    from test_faults import read_only_folder

    from inference.core.errors import FlairError

    ro = tmp_path / "ro"
    ro.mkdir()
    with read_only_folder(ro), pytest.raises(FlairError, match=f"cannot write in {ro}"):
        run(aerial(sample) + [f"S2={sample['s2']}", f"S2.dates={sample['s2_dates']}"], ro / "ms.tif")
    assert os.listdir(ro) == []
