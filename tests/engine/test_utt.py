"""FLAIR#2 U-T&T, bring-your-own checkpoint: IGN's key layout in, one ONNX graph out (parity with
the torch rebuild for T in {1, 2, 23, 60}, with and without metadata), then a command-line run
on synthetic Montpellier data with its 400 m Sentinel-2 context and the aerial metadata."""
from __future__ import annotations

import datetime as dt
import json
import os
import re

import numpy as np
import pytest
import rasterio
import utt_models
from multisource_models import report_of
from utt_data import make_utt_sample
from utt_models import ENCODER, TILE, checkpoint

from inference.cli.main import main
from inference.convert.arch import import_torch
from inference.convert.checkpoint import CheckpointError
from inference.convert.multisource.keys import is_multisource
from inference.convert.multisource.utt_convert import CLASS_CODES, convert_utt, example_inputs
from inference.models.card import CARD_KEY, read_card
from inference.segment.modalities.metadata import encode_position, parse_metadata
from inference.segment.modalities.timeseries import encode_dates

META = ["META.date=2021-06-15", "META.time=10:30", "META.camera=UCE-M3-f100-s06", "META.altitude=40"]

ort = pytest.importorskip("onnxruntime")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return make_utt_sample(str(tmp_path_factory.mktemp("utt_sample")))


@pytest.fixture(scope="module")
def with_metadata():
    """A tiny metadata-trained model converted through the API, with the parity it measured (kept
    across runs until the converter changes: utt_models.conversion)."""
    return utt_models.conversion(metadata=True, seed=3)


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    """A tiny model trained without metadata, converted from the command line (what it printed kept)."""
    import contextlib
    import io

    folder = tmp_path_factory.mktemp("utt_plain")
    ckpt = str(folder / "utt.safetensors")
    checkpoint(ckpt, metadata=False, seed=5)
    out, err = io.StringIO(), io.StringIO()
    onnx_path = str(folder / "utt.onnx")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["convert", ckpt, "-o", onnx_path, "--tile", str(TILE), "--margin", "32", "--encoder", ENCODER])
    return {"ckpt": ckpt, "onnx": onnx_path, "code": code, "out": out.getvalue(), "err": err.getvalue()}


def test_keys_are_recognised_as_multisource(tmp_path):
    from inference.convert.checkpoint import read_tensors

    ckpt = str(tmp_path / "m.safetensors")
    checkpoint(ckpt)
    assert is_multisource(read_tensors(ckpt))


def test_convert_with_metadata_parity_and_card(with_metadata):
    checks = with_metadata["checks"]
    assert sorted(c.t for c in checks) == [1, 2, 23, 60]
    for c in checks:
        assert c.max_abs_diff < 1e-3 and c.argmax_agreement >= 0.9999, c.text()
    assert "left out (training-only): reshape_utae_output" in with_metadata["lines"]

    sess = ort.InferenceSession(with_metadata["onnx"], providers=["CPUExecutionProvider"])
    inputs = {i.name: i.shape for i in sess.get_inputs()}
    assert list(inputs) == ["AERIAL_RGBI", "SENTINEL2_TS", "SENTINEL2_DATES", "AERIAL_METADATA"]
    assert inputs["AERIAL_RGBI"] == [1, 5, TILE, TILE] and inputs["AERIAL_METADATA"] == [1, 45]
    t_axis = inputs["SENTINEL2_TS"][1]
    assert isinstance(t_axis, str) and inputs["SENTINEL2_TS"][0] == 1 and inputs["SENTINEL2_TS"][2:] == [10, 40, 40]

    # the file holds the ORIGINAL weights: compare with the model the checkpoint was written from
    torch, _ = import_torch()
    arrays = example_inputs(with_metadata["spec"], t=7, seed=11)
    with torch.no_grad():
        ref = with_metadata["model"](*(torch.from_numpy(a) for a in arrays)).numpy()
    got = sess.run(None, dict(zip(inputs, arrays)))[0]
    assert np.abs(ref - got).max() < 1e-3

    card = read_card(sess.get_modelmeta().custom_metadata_map)
    assert card == with_metadata["card"]
    s2 = card.modality("SENTINEL2_TS")
    assert (s2.resolution_m, s2.px_at_tile, s2.context_m) == (10.0, 40, 400.0)
    assert (s2.date_rule, s2.ref_date, s2.ref_year) == ("ref_minus_MMDD_fixed_year", "05-15", 2021)
    aerial = card.modality("AERIAL_RGBI")
    assert aerial.bands == ("R", "G", "B", "NIR", "ELEV") and aerial.std == (255.0,) * 5
    assert card.tasks[0].class_codes == CLASS_CODES and card.tasks[0].nomenclature == "flair13"
    assert card.extra["aerial_metadata"]["values"] == 45


def test_a_failed_conversion_writes_nothing(tmp_path):
    from inference.convert.checkpoint import read_tensors

    ckpt = str(tmp_path / "m.safetensors")
    checkpoint(ckpt, metadata=True)
    state = dict(read_tensors(ckpt))
    # a metadata MLP sized for 512 px tiles converted at 128: refused before anything is exported
    with pytest.raises(CheckpointError, match="convert with --tile 128"):
        convert_utt(ckpt, str(tmp_path / "x.onnx"), 512, 128, encoder=ENCODER, state=state, say=lambda _: None)
    del state["model.fm_utae_featmap_cropped.conv_list.3.weight"]
    with pytest.raises(CheckpointError, match="missing from the checkpoint"):
        convert_utt(ckpt, str(tmp_path / "x.onnx"), TILE, 32, encoder=ENCODER, state=state, say=lambda _: None)
    assert sorted(os.listdir(tmp_path)) == ["m.safetensors"]


def test_an_export_or_parity_failure_leaves_nothing(tmp_path, monkeypatch):
    from inference.convert.multisource import utt_convert
    from inference.convert.multisource.export import ExportError, Parity
    from inference.convert.multisource.run import MultiSourceConvertError

    ckpt = str(tmp_path / "m.safetensors")
    checkpoint(ckpt)

    def half_written(model, spec, path, torch, opset=18):
        with open(path, "wb") as f:
            f.write(b"partial")
        raise ExportError("the ONNX exporter failed: simulated")

    monkeypatch.setattr(utt_convert, "export_utt", half_written)
    with pytest.raises(MultiSourceConvertError, match="simulated. Nothing was written"):
        convert_utt(ckpt, str(tmp_path / "x.onnx"), TILE, 32, encoder=ENCODER, say=lambda _: None)
    assert sorted(os.listdir(tmp_path)) == ["m.safetensors"]

    monkeypatch.setattr(utt_convert, "export_utt", lambda model, spec, path, torch: open(path, "wb").close())
    from inference.convert.multisource import run as hub_run  # where both converters write the card

    monkeypatch.setattr(hub_run, "write_card", lambda path, card: None)
    monkeypatch.setattr(utt_convert, "parity_utt", lambda *a, **k: [Parity("FLAIR2_LABEL", 2, 0.5, 0.9, 1)])
    with pytest.raises(MultiSourceConvertError, match="does not match the torch model"):
        convert_utt(ckpt, str(tmp_path / "x.onnx"), TILE, 32, encoder=ENCODER, say=lambda _: None)
    assert sorted(os.listdir(tmp_path)) == ["m.safetensors"]


def test_metadata_encoding_is_ign_s():
    enc = encode_position(770575.0, 6277575.0)
    assert len(enc) == 32
    freq = 1 / (10e7 ** (2 * np.arange(8) / 16))
    assert np.allclose(enc[0:16:2], np.sin(770575.0 / 10e7 * freq))
    assert np.allclose(enc[17::2], np.cos(6277575.0 / 10e7 * freq))
    meta = parse_metadata({"date": "2020-03-31", "time": "9h08", "camera": "UCE-M3", "altitude": "3164.9099121094"},
                          ["date", "time", "camera", "altitude"])
    values = meta.encode(0, 0)
    assert values.shape == (45,)
    assert values[32] == pytest.approx(1.0) and list(values[33:35]) == [1, 0] and list(values[35:39]) == [0, 0, 1, 0]
    assert values[39] == pytest.approx((np.sin(2 * np.pi * (3 - 1 / 12)) + 1) / 2)  # IGN's month term, as trained
    assert values[43] == pytest.approx((np.sin(2 * np.pi * (9 * 3600 + 8 * 60) / 86400) + 1) / 2)


def test_flair2_filter_and_monthly_means_are_ign_s():
    from inference.segment.modalities.timeseries import average, flair2_clear_dates

    mask = np.zeros((3, 2, 4, 4), np.uint16)
    mask[1, 1, :2] = 60  # half the crop cloudy: dropped (F2 keeps a date only under 50 %)
    mask[2, 0, :1] = 90  # a quarter snowy: kept
    assert list(flair2_clear_dates(mask)) == [True, False, True]
    series = np.arange(4, dtype=np.float32).reshape(4, 1, 1, 1) * np.ones((4, 2, 3, 3), np.float32)
    dates = [dt.date(2021, 1, 3), dt.date(2021, 1, 20), dt.date(2021, 4, 2), dt.date(2021, 4, 30)]
    out, centres = average(series, dates, "monthly", "flair2")
    assert centres == [dt.date(2021, 1, 15), dt.date(2021, 4, 15)]  # empty months skipped, not filled
    assert out[:, 0, 0, 0].tolist() == [0.5, 2.5]


def test_flair2_dates_use_the_fixed_reference_year():
    days = encode_dates([dt.date(2020, 2, 29), dt.date(2019, 5, 15), dt.date(2021, 8, 1)],
                        "ref_minus_MMDD_fixed_year", "05-15", 2021)
    assert list(days) == [(dt.date(2021, 5, 15) - dt.date(2021, 2, 28)).days, 0, -78]


def test_cli_convert_info_and_segment(plain, sample, tmp_path, capsys):
    assert plain["code"] == 0, plain["err"]
    for t in (1, 2, 23, 60):
        line = next(x for x in plain["err"].splitlines() if x.startswith(f"parity FLAIR2_LABEL T={t}:"))
        diff = float(line.split("max |logit diff| ")[1].split(",")[0])
        agree = float(line.split("argmax agreement ")[1].split("%")[0])
        assert diff < 1e-3 and agree >= 99.99, line
    assert "S2=FILE S2.dates=FILE" in plain["out"] and "META." not in plain["out"]
    assert main(["info", plain["onnx"]]) == 0
    info = capsys.readouterr().out
    assert "40 px over 400 m centred on each tile" in info
    assert "SENTINEL2_DATES: days from the date's month/day to 2021-05-15 of a fixed year" in info
    assert "FLAIR land cover, 13 classes" in info

    out = tmp_path / "run.tif"
    code = main(["segment", "-m", plain["onnx"], "-o", str(out), f"AERIAL={sample['aerial5']}",
                 f"S2={sample['s2']}", f"S2.dates={sample['s2_dates']}", f"S2.mask={sample['s2_mask']}",
                 "--ts-average", "monthly"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    landcover = tmp_path / "run_landcover.tif"
    with rasterio.open(landcover) as ds:
        values = ds.read(1)
        colours = ds.colormap(1)
        assert ds.count == 1 and ds.dtypes[0] == "uint8"
    assert set(np.unique(values)) <= set(CLASS_CODES) and values.min() >= 1
    qml = (tmp_path / "run_landcover.qml").read_text()
    assert 'label="other"' in qml.lower() or "other" in qml.lower()
    assert colours[19][:3] != colours[1][:3]  # styled with FLAIR's legend (code 19 = other)
    report = report_of(tmp_path / "run_report.json")
    s2 = report["inputs"]["SENTINEL2_TS"]
    assert s2["series"].startswith("12 dates, 2021-01-14 -> 2021-12-14")
    # FLAIR#2's rules: overcast April filtered out, then one mean per month present (11), on the 15th
    assert s2["dates_per_tile"] == [11, 11] and s2["dates_used"][:4] == ["2021-01-15", "2021-02-15", "2021-03-15",
                                                                         "2021-05-15"]
    assert [m["task"] for m in report["maps"]] == ["FLAIR2_LABEL"]
    # the legend holds the model's own 13 classes, not FLAIR's 19
    legend = [int(v) for v in re.findall(r'paletteEntry value="(\d+)"', qml)]
    assert sorted(legend) == sorted(CLASS_CODES)


def test_s2_not_covering_the_context_is_refused(plain, sample, tmp_path, capsys):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code = main(["segment", "-m", plain["onnx"], "-o", str(out_dir / "run.tif"), f"AERIAL={sample['aerial5']}",
                 f"S2={sample['s2_short']}", f"S2.dates={sample['s2_dates']}"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "S2 (SENTINEL2_TS)" in err and "400 m context" in err and "give a file that covers it" in err
    assert os.listdir(out_dir) == []


def test_metadata_model_runs_and_refuses_missing_values(with_metadata, sample, tmp_path, capsys):
    model = with_metadata["onnx"]
    assert main(["info", model]) == 0
    info = capsys.readouterr().out
    assert "AERIAL_METADATA (45 values)" in info and "META.camera" in info and "META.altitude" in info

    out_dir = tmp_path / "out"
    out_dir.mkdir()
    base = ["segment", "-m", model, "-o", str(out_dir / "run.tif"), f"AERIAL={sample['aerial5']}",
            f"S2={sample['s2']}", f"S2.dates={sample['s2_dates']}"]
    code = main(base + [m for m in META if not m.startswith("META.camera")])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "needs META.camera=" in err and "META.date" not in err.split("needs", 1)[1]
    code = main(base + META[:3] + ["META.altitude=high"])
    assert code == 2 and "META.altitude='high'" in capsys.readouterr().err
    code = main(base + ["META.date=2023-06-15"] + META[1:])
    assert code == 2 and "2018..2021" in capsys.readouterr().err
    assert os.listdir(out_dir) == []

    code = main(base + META)
    captured = capsys.readouterr()
    assert code == 0, captured.err
    with rasterio.open(out_dir / "run_landcover.tif") as ds:
        assert set(np.unique(ds.read(1))) <= set(CLASS_CODES)
    meta = report_of(out_dir / "run_report.json")["inputs"]["AERIAL_METADATA"]
    assert (meta["date"], meta["time"], meta["camera"], meta["altitude_m"]) == ("2021-06-15", "10:30", "UCE-M3-f100-s06", 40)
    meta = json.loads(read_card_json(model))
    assert meta["extra"]["aerial_metadata"]["needs"] == ["date", "time", "camera", "altitude"]


def read_card_json(path: str) -> str:
    import onnx

    return {p.key: p.value for p in onnx.load(path, load_external_data=False).metadata_props}[CARD_KEY]


def test_each_tile_checks_its_own_context(plain, sample):
    """The run-level check is made from the first tile; a tile further out is checked when read."""
    from inference.cli.multisource import named_inputs
    from inference.models.card import card_of_model
    from inference.segment.modalities.named import build_inputs
    from inference.segment.modalities.tile import ModalityError, read_tile

    card = card_of_model(plain["onnx"])
    inputs = build_inputs(card, named_inputs([f"AERIAL={sample['aerial5']}", f"S2={sample['s2']}",
                                               f"S2.dates={sample['s2_dates']}"], card))
    x0, y0 = 770549.8, 6277600.2
    tile = read_tile(card, inputs, "EPSG:2154", x0, y0)
    assert tile.inputs["SENTINEL2_TS"].shape == (1, 12, 10, 40, 40)
    assert tile.inputs["AERIAL_RGBI"].max() <= 1.0
    with pytest.raises(ModalityError, match="does not cover the model's 400 m context around the tile"):
        read_tile(card, inputs, "EPSG:2154", x0 + 150, y0)

