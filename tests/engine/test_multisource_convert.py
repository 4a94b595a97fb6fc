"""Multi-source FLAIR-HUB conversion: IGN's key layout in, one ONNX model with a schema-2 card out,
ONNX Runtime equal to IGN's torch forward for T in {1, 2, 23, 60} on the model shapes (LC-G, LPIS-F, LC-D,
LC-L, LPIS-I). Each shape is exported once per session and shared with the engine, CLI and S1 modules
(multisource_models.conversion): the dynamo export, not the checks, is what takes time."""
from __future__ import annotations

import json

import numpy as np
import pytest
from multisource_models import (
    TILE,
    conversion,
    encoder_args,
    ign_state,
    random_model,
    save_safetensors,
    shapes,
)

from inference.convert.arch import import_torch
from inference.convert.checkpoint import CheckpointError
from inference.convert.multisource.export import example_inputs
from inference.convert.multisource.run import MultiSourceConvertError, convert_multisource
from inference.models.card import CARD_KEY, read_card

SHAPES = shapes()

ort = pytest.importorskip("onnxruntime")


@pytest.mark.parametrize("shape", list(SHAPES))
def test_convert_parity_per_shape(shape):
    # one export per shape, shared with the engine / CLI / S1 modules (multisource_models.conversion)
    conv = conversion(shape)
    spec, model, card, checks, out = conv.spec, conv.model, conv.card, conv.checks, conv.path
    assert conv.checkpoint.endswith(f"FLAIR-HUB_{shape}.safetensors")

    # parity with IGN's forward (data-dependent padding branches on) for each T, padded dates included
    assert sorted({c.t for c in checks}) == [1, 2, 23, 60]
    for c in checks:
        assert c.max_abs_diff < 1e-3 and c.argmax_agreement >= 0.9999, c.text()
    assert any("aux_decoders" in line and "criterion" in line for line in conv.lines)

    # the ONNX file holds the ORIGINAL model's weights: compare with it, not only the reload
    sess = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    names = [i.name for i in sess.get_inputs()]
    assert names == list(spec.input_names)
    assert [o.name for o in sess.get_outputs()] == list(spec.output_names)
    arrays = example_inputs(spec, n=1, t=5, seed=7, hw=3 if spec.series_only else None)
    torch, _ = import_torch()
    with torch.no_grad():
        ref = [o.numpy() for o in model(*(torch.from_numpy(a) for a in arrays))]
    got = sess.run(None, dict(zip(names, arrays)))
    for r, g in zip(ref, got):
        assert np.abs(r - g).max() < 1e-3

    # the card in the metadata describes every input and output
    meta = sess.get_modelmeta().custom_metadata_map
    loaded = read_card(meta)
    assert loaded == card
    assert [m.name for m in loaded.modalities] == [m.modality for m in spec.monos + spec.series]
    for m in loaded.modalities:
        if m.is_series:
            assert m.dates_input in names and m.date_rule == "days_from_MMDD_same_year" and m.ref_date == "05-15"
            assert m.mean is None  # Sentinel series are fed raw
        else:
            assert m.mean is not None and m.px_at_tile == sess.get_inputs()[names.index(m.name)].shape[-1]
    task = loaded.tasks[0]
    assert task.nomenclature == ("lpis23" if shape.startswith("LPIS") else "flair-hub-lc19")
    assert task.n_classes == (23 if shape.startswith("LPIS") else 19)
    assert json.loads(meta[CARD_KEY])["schema"] == 2

    if spec.series_only:  # fully convolutional: any Sentinel window, any number of dates
        for h, w, t in ((7, 5, 4), (12, 12, 1)):
            x = np.random.default_rng(0).uniform(0, 3000, (1, t, 10, h, w)).astype(np.float32)
            d = np.linspace(-100, 200, t, dtype=np.float32)[None]
            assert sess.run(None, {"SENTINEL2_TS": x, "SENTINEL2_DATES": d})[0].shape == (1, spec.tasks[0][1], h, w)


def test_checkpoint_that_does_not_fit_names_the_keys_and_writes_nothing(tmp_path):
    spec = SHAPES["LC-D"]
    state = ign_state(random_model(spec), spec)
    del state["model.encoders.SENTINEL2_TS.up_blocks.0.conv2.conv.0.weight"]
    ckpt = tmp_path / "broken.safetensors"
    save_safetensors(state, str(ckpt))
    out = tmp_path / "broken.onnx"
    with pytest.raises(CheckpointError, match=r"missing from the checkpoint.*up_blocks\.0\.conv2"):
        convert_multisource(str(ckpt), str(out), TILE, 32, say=lambda _: None, **encoder_args(spec))
    assert list(tmp_path.iterdir()) == [ckpt]


def test_band_count_the_card_cannot_describe_is_named_by_modality(tmp_path):
    from dataclasses import replace

    spec = SHAPES["LPIS-I"]
    spec = replace(spec, monos=(replace(spec.monos[0], in_channels=5),))
    ckpt = tmp_path / "lpis.safetensors"
    save_safetensors(ign_state(random_model(spec), spec), str(ckpt))
    with pytest.raises(MultiSourceConvertError, match=r"SPOT_RGBI: the weights take 5 bands, IGN's modality has 3"):
        convert_multisource(str(ckpt), str(tmp_path / "x.onnx"), TILE, 32, say=lambda _: None, **encoder_args(spec))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lpis.safetensors"]
