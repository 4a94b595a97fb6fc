"""The checkpoint converter: IGN's file formats and key layouts in, ONNX with our card out, and
parity with PyTorch proven on the real Montpellier sample.

For each family a network is built with random weights (batch-norm statistics then measured
on the sample itself, so activations have a trained network's scale rather than random
blow-ups), saved in IGN's key layout and file format, converted, and run by ONNX Runtime on
the sample read exactly as the engine reads it: R, G, B from ortho_rgb_20cm.tif, NIR = band 1
of ortho_irc_20cm.tif, E/NDSM from dhm_50cm.tif (clip(round(h / 0.2), 0, 255)).
Requirement: max |logit difference| < 1e-3 and argmax identical on >= 99.99 % of pixels.

FLAIR-HUB's Swin-Base / ConvNeXt-V2-Base are too slow to export in a unit test; the same
architecture families are tested with their smallest members (Swin-Tiny, ConvNeXt-V2-Atto)
at 256 px tiles. The legacy UPerNet decoder was checked once against smp 0.4.0 itself
(identical outputs), see docs/models.md.
"""
from __future__ import annotations

import json
import os
import pickle

import numpy as np
import onnx
import pytest
from leftovers import dead_pid, staged

from inference.convert.arch import ArchSpec, build_model, import_torch
from inference.convert.checkpoint import CheckpointError, infer_spec, load_weights, read_tensors, remap
from inference.convert.run import ConvertError, ConvertParams, convert, read_tiles
from inference.core.classes import FLAIR_HUB_ORDER
from inference.models.card import CARD_KEY, CardOverrides, resolve_card
from inference.models.session import read_model_info

torch, smp = import_torch()

HERE = os.path.dirname(os.path.abspath(__file__))
S = os.path.join(os.path.dirname(os.path.dirname(HERE)), "data", "montpellier")
RGB, IRC, DHM = (os.path.join(S, f) for f in ("ortho_rgb_20cm.tif", "ortho_irc_20cm.tif", "dhm_50cm.tif"))
INC_SOURCES = [f"R={RGB}:1", f"G={RGB}:2", f"B={RGB}:3", f"NIR={IRC}:1", f"NDSM={DHM}"]
HUB_RGB_SOURCES = [f"R={RGB}:1", f"G={RGB}:2", f"B={RGB}:3"]
HUB_IR_SOURCES = [f"NIR={IRC}:1", f"R={IRC}:2", f"G={IRC}:3"]
TILE = 256
MAX_DIFF = 1e-3
MIN_AGREEMENT = 0.9999


class Payload:
    """What a hostile checkpoint might hold: unpickling it would create ``path``."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


@pytest.fixture(autouse=True)
def seeded():
    torch.manual_seed(0)  # random weights, but the same ones every run


def sample(roles_sources, model_path):
    card = read_model_info(model_path).card
    return read_tiles(card, roles_sources, TILE)


def realistic(model, x):
    """Measure batch-norm statistics on the sample (random weights, a trained network's scale)."""
    bns = [m for m in model.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    for m in bns:
        m.reset_running_stats()
        m.momentum = None
    model.train()
    with torch.no_grad():
        model(torch.from_numpy(x))
    return model.eval()


def hub_safetensors(model, path, modality="AERIAL_RGBI", task="AERIAL_LABEL-COSIA"):
    """Save ``model`` as FLAIR-HUB does: model.encoders.<MOD>.seg_model.*, model.main_decoders.<TASK>.seg_model.*
    plus the fusion handler and loss weights that inference does not need."""
    from safetensors.torch import save_file

    out = {}
    for k, v in model.state_dict().items():
        if k.startswith("encoder."):
            out[f"model.encoders.{modality}.seg_model.{k[len('encoder.'):]}"] = v
        else:
            out[f"model.main_decoders.{task}.seg_model.{k}"] = v
    out["model.fusion_handler.conv_f.0.weight"] = torch.randn(96, 96, 1, 1)
    out["model.criterion.weight"] = torch.ones(19)
    save_file({k: v.contiguous() for k, v in out.items()}, path)


def torch_logits(model, x):
    with torch.no_grad():
        return model(torch.from_numpy(x)).numpy()


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def ort_logits(path, x):
    import onnxruntime as ort

    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    return sess.run(None, {sess.get_inputs()[0].name: x})[0]


def assert_parity(ref, got, valid):
    diff = np.abs(ref - got).max(axis=1)[valid]
    agree = (ref.argmax(1) == got.argmax(1))[valid].mean()
    assert diff.max() < MAX_DIFF, f"max |logit difference| {diff.max():.2e}"
    assert agree >= MIN_AGREEMENT, f"argmax identical on {100 * agree:.4f} % of pixels"
    return float(diff.max()), float(agree)


def card_of(path):
    meta = {p.key: p.value for p in onnx.load(path, load_external_data=False).metadata_props}
    return meta, json.loads(meta[CARD_KEY])


# ---------------------------------------------------------------------------------------------
# FLAIR-INC: U-Net / ResNet-34, RGBIE, Lightning .ckpt with the model.seg_model. prefix


@pytest.fixture(scope="module")
def flair_inc(tmp_path_factory):
    d = tmp_path_factory.mktemp("inc")
    torch.manual_seed(0)
    model = build_model(ArchSpec("unet", "resnet34", 5, 19))
    # normalised sample input for BN statistics (the card's normalisation, read like the engine)
    from inference.models.card import InputSpec, ModelCard

    card = ModelCard("x", tuple(InputSpec(r, "height_0.2m_uint8" if r == "NDSM" else "uint8")
                                for r in ("R", "G", "B", "NIR", "NDSM")), tuple(range(1, 20)),
                     mean=(105.08, 110.87, 101.82, 106.38, 53.26), std=(52.17, 45.38, 44.00, 39.69, 79.30))
    x, _ = read_tiles(card, INC_SOURCES, TILE)
    realistic(model, x)
    flag = d / "code-ran"
    ckpt = d / "finetuned-rgbie.ckpt"
    torch.save({
        "epoch": 12,
        "pytorch-lightning_version": "2.1.1",
        "state_dict": {"model.seg_model." + k: v for k, v in model.state_dict().items()},
        "hyper_parameters": {"config": Payload(str(flag))},
        "callbacks": {"ModelCheckpoint": Payload(str(flag))},
    }, ckpt)
    out = d / "inc.onnx"
    from inference.cli.main import main

    rc = main(["convert", str(ckpt), "-o", str(out), "--tile", str(TILE), "--deepness",
               "--calibrate", *INC_SOURCES])
    assert rc == 0
    return {"model": model, "ckpt": ckpt, "onnx": str(out), "flag": flag, "dir": d}


def test_flair_inc_parity_on_montpellier(flair_inc):
    x, valid = sample(INC_SOURCES, flair_inc["onnx"])
    assert x.shape == (1, 5, TILE, TILE) and valid.sum() > 60000
    ref = torch_logits(flair_inc["model"], x)
    got = ort_logits(flair_inc["onnx"], x)  # made for Deepness: probabilities
    diff, agree = assert_parity(softmax(ref), got, valid)
    # a trained network's logit scale (not a random blow-up), so 1e-3 is a real bound
    assert 1 < np.abs(ref).max() < 1000


def test_flair_inc_card_and_dynamic_size(flair_inc):
    meta, card = card_of(flair_inc["onnx"])
    assert [i["role"] for i in card["inputs"]] == ["R", "G", "B", "NIR", "NDSM"]
    assert card["inputs"][4]["encoding"] == "height_0.2m_uint8"
    assert card["mean"] == [105.08, 110.87, 101.82, 106.38, 53.26]
    assert card["std"] == [52.17, 45.38, 44.0, 39.69, 79.3]
    assert card["class_codes"] == list(range(1, 20))  # FLAIR-INC: index i -> code i + 1
    assert card["output"] == "probabilities" and card["resolution_m"] == 0.2  # --deepness: softmax in the graph
    assert card["tile"] == TILE and card["margin"] == TILE // 4
    assert card["extra"]["arch"] == "unet" and card["extra"]["encoder"] == "resnet34"
    # no argmax in the graph: the first output is (N, 19, H, W) scores, H and W dynamic
    info = read_model_info(flair_inc["onnx"])
    assert info.height is None and info.width is None and info.batch is None
    x = np.random.default_rng(1).normal(0, 1, (2, 5, 320, 192)).astype(np.float32)
    assert_parity(softmax(torch_logits(flair_inc["model"], x)), ort_logits(flair_inc["onnx"], x),
                  np.ones((2, 320, 192), bool))


def test_checkpoint_never_runs_code(flair_inc):
    # the .ckpt above pickles objects whose unpickling would create a file: it was converted,
    # and nothing ran
    assert not flair_inc["flag"].exists()
    state = read_tensors(str(flair_inc["ckpt"]))
    assert not flair_inc["flag"].exists()
    assert "model.seg_model.encoder.conv1.weight" in state
    # a plain pickle (legacy torch format) holding only a payload is refused as data, not run
    evil = flair_inc["dir"] / "evil.pth"
    with open(evil, "wb") as f:
        pickle.dump({"state_dict": Payload(str(flair_inc["flag"]))}, f)
    with pytest.raises(CheckpointError):
        read_tensors(str(evil))
    assert not flair_inc["flag"].exists()


def test_engine_segments_with_converted_model(flair_inc, tmp_path):
    """The converted model runs in the engine: its codes are torch's argmax + 1 on every valid pixel."""
    import rasterio

    from inference.cli.main import main

    out = tmp_path / "landcover.tif"
    assert main(["segment", "-m", flair_inc["onnx"], "-o", str(out), "--tile", str(TILE), *INC_SOURCES]) == 0
    x, valid = sample(INC_SOURCES, flair_inc["onnx"])
    expected = torch_logits(flair_inc["model"], x)[0].argmax(0) + 1
    with rasterio.open(out) as ds:
        codes = ds.read(1)
    h, w = codes.shape
    v = valid[0, :h, :w] & (codes > 0)
    assert v.sum() > 60000
    assert (codes[v] == expected[:h, :w][v]).mean() >= MIN_AGREEMENT


def test_deepness_geodeep_keys(flair_inc):
    meta, card = card_of(flair_inc["onnx"])
    assert json.loads(meta["model_type"]) == "Segmentor"
    names = json.loads(meta["class_names"])
    assert names["0"] == "building" and names["18"] == "other" and len(names) == 19
    assert json.loads(meta["resolution"]) == 20  # cm
    assert json.loads(meta["tiles_size"]) == TILE
    assert json.loads(meta["tiles_overlap"]) == 50  # 2 x margin / tile, in %
    # read as Deepness's Segmentor reads it: scores under seg_thresh zeroed, then argmax; every
    # pixel keeps torch's class (raw logits under 0.5 everywhere would have become class 0)
    x, valid = sample(INC_SOURCES, flair_inc["onnx"])
    out = ort_logits(flair_inc["onnx"], x)
    assert np.allclose(out.sum(axis=1), 1, atol=1e-4) and out.min() >= 0
    out[out < json.loads(meta["seg_thresh"])] = 0.0
    assert (out.argmax(1) == torch_logits(flair_inc["model"], x).argmax(1))[valid].mean() >= MIN_AGREEMENT
    # read back through the engine's Deepness path alone (as Deepness would): same normalisation;
    # like Deepness, that path cannot know which band is which, so the roles are given
    del meta[CARD_KEY]
    alone = resolve_card(meta, 5, 19, CardOverrides(roles=("R", "G", "B", "NIR", "NDSM")))
    assert alone.class_names[0] == "building"
    assert np.allclose(alone.mean, card["mean"], atol=1e-3) and np.allclose(alone.std, card["std"], atol=1e-3)
    assert alone.tile == TILE and alone.margin == TILE // 4 and alone.resolution_m == 0.2


def test_variants_measured_and_refused_below_99(flair_inc, tmp_path):
    """int8 (static, calibrated on the user's imagery) and fp16 each report pixel agreement with
    fp32 and speed; a variant under 99 % agreement is deleted unless asked to keep it.
    With random weights the classes are near ties (median top-2 margin ~0.2), so int8 flips
    many pixels (about 9 %): the refusal must happen, and --keep-poor-variants must override it."""
    import shutil

    from inference.convert.quant import make_variants

    model = str(tmp_path / "m.onnx")
    shutil.copy(flair_inc["onnx"], model)
    x, valid = sample(INC_SOURCES, model)
    reports = {r.kind: r for r in make_variants(model, x, valid, int8=True, fp16=True)}
    assert set(reports) == {"int8", "fp16"}
    for r in reports.values():
        assert r.ms > 0 and r.fp32_ms > 0 and 0 < r.agreement <= 1
        assert r.kept == (r.agreement >= 0.99) == os.path.isfile(r.path), r.text()
        assert f"{100 * r.agreement:.2f} %" in r.text()
    int8 = reports["int8"]
    assert int8.agreement < 0.99 and not int8.kept
    assert "below 99 % agreement" in int8.text() and "deleted" in int8.text()
    kept = make_variants(model, x, valid, int8=True, keep_poor=True)[0]
    assert kept.kept and os.path.isfile(kept.path) and "kept as asked" in kept.text()
    _, card = card_of(kept.path)
    assert card["extra"]["precision"] == "int8" and card["extra"]["agreement_vs_fp32"] == pytest.approx(kept.agreement)
    assert read_model_info(kept.path).card.class_codes == tuple(range(1, 20))


def test_fp16_variant_kept_when_it_agrees(tmp_path):
    """A decisive model (tiny_models.box: class = the band with the largest 3x3 mean, on the real
    sample) keeps its classes in fp16, so the variant is kept, with its card."""
    from tiny_models import box, card

    from inference.convert.quant import make_variants

    roles = ("R", "G", "B", "NIR", "NDSM")
    path = str(tmp_path / "box.onnx")
    c = card(roles, (1, 2, 3, 4, 5), scale=None, mean=[105.08, 110.87, 101.82, 106.38, 53.26],
             std=[52.17, 45.38, 44.00, 39.69, 79.30])
    c["inputs"][4]["encoding"] = "height_0.2m_uint8"
    box(path, k=3, n_bands=5, card_dict=c)
    x, valid = sample(INC_SOURCES, path)
    r = make_variants(path, x, valid, fp16=True)[0]
    assert r.agreement >= 0.99 and r.kept and os.path.isfile(r.path), r.text()
    _, c = card_of(r.path)
    assert c["extra"]["precision"] == "fp16" and c["inputs"][4]["encoding"] == "height_0.2m_uint8"


# ---------------------------------------------------------------------------------------------
# FLAIR-HUB: UPerNet (smp 0.4 layout) on Swin and ConvNeXt-V2, .safetensors with IGN's keys


@pytest.mark.parametrize(
    "name, encoder, inputs, sources",
    [
        ("FLAIR-HUB_LC-A_RGB_swintiny-upernet.safetensors", "tu-swin_tiny_patch4_window7_224",
         ("R", "G", "B"), HUB_RGB_SOURCES),
        ("FLAIR-HUB_LC-A_IR_convnextv2atto-upernet.safetensors", "tu-convnextv2_atto",
         ("NIR", "R", "G"), HUB_IR_SOURCES),
    ],
)
def test_flair_hub_parity_on_montpellier(tmp_path, name, encoder, inputs, sources):
    spec = ArchSpec("upernet", encoder, 3, 19, img_size=TILE, decoder_in_channels=1)
    model = build_model(spec)
    with torch.no_grad():  # logits of a trained network's size (random init gives |logit| < 1)
        model.segmentation_head[0].weight *= 30
    ckpt = tmp_path / name
    hub_safetensors(model, str(ckpt))
    out = tmp_path / "hub.onnx"
    result = convert(ConvertParams(str(ckpt), str(out), tile=TILE, check=False))  # compared below, with the original model
    # everything the weights say, read back: encoder (incl. its size), classes, channels
    assert result.arch == "upernet" and result.encoder == encoder
    assert result.card.roles == inputs  # from IGN's file naming (RGB / IR = NIR, R, G)
    assert result.card.class_codes == FLAIR_HUB_ORDER
    assert not result.dynamic and read_model_info(str(out)).height == TILE
    x, valid = sample(sources, str(out))
    assert valid.sum() > 60000
    ref = torch_logits(model, x)
    assert 5 < np.abs(ref).max() < 1000
    assert_parity(ref, ort_logits(str(out), x), valid)
    _, card = card_of(str(out))
    assert card["extra"]["task"] == "AERIAL_LABEL-COSIA"
    if "swintiny" in name:  # recognised in the catalogue: IGN's name, licence and page
        assert card["name"] == "IGNF/FLAIR-HUB_LC-A_RGB_swintiny-upernet"
        assert card["licence"] == "Etalab Open Licence 2.0"
        assert card["source_url"] == "https://huggingface.co/IGNF/FLAIR-HUB_LC-A_RGB_swintiny-upernet"
        assert card["mean"] == [105.66, 111.35, 102.18]
    else:
        assert card["mean"] == [106.59, 105.66, 111.35] and card["std"] == [39.78, 52.23, 45.62]


# ---------------------------------------------------------------------------------------------
# Key layouts and refusals (no export: fast)


def test_plain_pth_and_old_deeplabv3_layout(tmp_path):
    """A plain state dict without prefix, in smp < 0.5's DeepLabV3 names (decoder.0/1/2)."""
    model = build_model(ArchSpec("deeplabv3", "resnet34", 3, 19))
    old = {}
    for k, v in model.state_dict().items():
        k = k.replace("decoder.aspp.", "decoder.0.").replace("decoder.conv.", "decoder.1.").replace("decoder.bn.", "decoder.2.")
        old[k] = v
    path = tmp_path / "FLAIR-INC_rgb_15cl_resnet34-deeplabv3_weights.pth"
    torch.save(old, path)
    layout = remap(read_tensors(str(path)))
    spec = infer_spec(layout)
    assert (spec.arch, spec.encoder, spec.in_channels, spec.classes) == ("deeplabv3", "resnet34", 3, 19)
    rebuilt = build_model(spec)
    load_weights(rebuilt, layout, spec)
    x = torch.randn(1, 3, 128, 128)
    with torch.no_grad():
        assert torch.equal(rebuilt(x), model(x))


def test_refuses_with_the_key_or_shape(tmp_path):
    model = build_model(ArchSpec("unet", "resnet34", 5, 19))
    sd = model.state_dict()
    path = tmp_path / "FLAIR-INC_rgbie_15cl_resnet34-unet_weights.pth"
    torch.save(sd, path)
    # inputs that do not match the first convolution: the key and its shape are named
    with pytest.raises(ConvertError, match=r"encoder\.conv1\.weight has shape \[64, 5, 7, 7\].*5 input channels.*3 \(R, G, B\)"):
        convert(ConvertParams(str(path), str(tmp_path / "x.onnx"), inputs="rgb", tile=TILE, check=False))
    # a head that is not a FLAIR land-cover head
    bad = dict(sd)
    bad["segmentation_head.0.weight"] = torch.zeros(7, 16, 3, 3)
    bad["segmentation_head.0.bias"] = torch.zeros(7)
    torch.save(bad, tmp_path / "seven.pth")
    with pytest.raises(ConvertError, match=r"7 .*segmentation_head\.0\.weight"):
        convert(ConvertParams(str(tmp_path / "seven.pth"), str(tmp_path / "x.onnx"), tile=TILE, check=False))
    # a missing tensor: named
    broken = {k: v for k, v in sd.items() if k != "decoder.blocks.1.conv2.0.weight"}
    torch.save(broken, tmp_path / "broken.pth")
    with pytest.raises(CheckpointError, match=r"missing from the checkpoint.*: decoder\.blocks\.1\.conv2\.0\.weight"):
        convert(ConvertParams(str(tmp_path / "broken.pth"), str(tmp_path / "x.onnx"), tile=TILE, check=False))
    # no recognisable decoder
    torch.save({"encoder.conv1.weight": sd["encoder.conv1.weight"], "decoder.mystery.weight": torch.zeros(3),
                "segmentation_head.0.weight": sd["segmentation_head.0.weight"]}, tmp_path / "odd.pth")
    with pytest.raises(CheckpointError, match=r"decoder keys \(decoder\.mystery\.weight\).*--arch"):
        convert(ConvertParams(str(tmp_path / "odd.pth"), str(tmp_path / "x.onnx"), tile=TILE, check=False))
    # not a checkpoint at all
    (tmp_path / "notes.pth").write_text("hello")
    with pytest.raises(CheckpointError, match="neither a safetensors file nor a PyTorch checkpoint"):
        convert(ConvertParams(str(tmp_path / "notes.pth"), str(tmp_path / "x.onnx"), check=False))
    # a 3-channel FLAIR-HUB model without a telling name: RGB or NIR,R,G? refused, not guessed
    assert not list(tmp_path.glob("*.onnx")) and not list(tmp_path.glob(".*.flair-part*"))


def test_refuses_multimodal_and_crop_type_hub_models(tmp_path):
    from safetensors.torch import save_file

    def t():
        return torch.zeros(1)

    save_file({"model.encoders.AERIAL_RGBI.seg_model.model.x": t(), "model.encoders.DEM_ELEV.seg_model.model.x": t(),
               "model.main_decoders.AERIAL_LABEL-COSIA.seg_model.segmentation_head.0.weight": t()},
              tmp_path / "f.safetensors")
    with pytest.raises(CheckpointError, match="fuses several modalities .*AERIAL_RGBI, DEM_ELEV"):
        remap(read_tensors(str(tmp_path / "f.safetensors")))
    save_file({"model.encoders.AERIAL_RGBI.seg_model.model.x": t(),
               "model.main_decoders.ALL_LABEL-LPIS.seg_model.segmentation_head.0.weight": t()}, tmp_path / "l.safetensors")
    with pytest.raises(CheckpointError, match="ALL_LABEL-LPIS.*crop-type"):
        remap(read_tensors(str(tmp_path / "l.safetensors")))


def test_ambiguous_three_band_hub_model_needs_inputs(tmp_path):
    model = build_model(ArchSpec("upernet", "tu-convnextv2_atto", 3, 19, decoder_in_channels=1))
    path = tmp_path / "my-hub-model.safetensors"
    hub_safetensors(model, str(path))
    with pytest.raises(ConvertError, match=r"stem_0\.weight\) takes 3 channels.*NIR,R,G.*--inputs"):
        convert(ConvertParams(str(path), str(tmp_path / "x.onnx"), tile=TILE, check=False))


def test_swin_tile_too_small_for_its_window(tmp_path):
    model = build_model(ArchSpec("upernet", "tu-swin_tiny_patch4_window7_224", 3, 19, img_size=256, decoder_in_channels=1))
    path = tmp_path / "FLAIR-HUB_LC-A_RGB_swintiny-upernet.safetensors"
    hub_safetensors(model, str(path))
    # a 128 px tile leaves a 4 px last stage: the 7 px window shrinks and the weights no longer fit
    with pytest.raises(CheckpointError, match=r"(?s)relative_position_bias_table: checkpoint \[169, 24\].*larger --tile"):
        convert(ConvertParams(str(path), str(tmp_path / "x.onnx"), tile=128, check=False))


def test_missing_torch_message(monkeypatch):
    import builtins

    from inference.convert import arch as convert_arch

    real_import = builtins.__import__

    def no_torch(name, *args, **kwargs):
        if name == "torch" or name.startswith("torch."):
            raise ImportError("No module named 'torch'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_torch)
    with pytest.raises(convert_arch.ConverterDepsMissing) as e:
        convert_arch.import_torch()
    text = str(e.value)
    assert "needs torch" in text and "-m pip install --user torch " in text
    assert "segmentation-models-pytorch" in text and "never installs packages" in text


def test_converted_model_gets_ordinary_permissions(flair_inc):
    """Other users run the model too: 0666 less the umask, like every other output (was 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    assert os.stat(flair_inc["onnx"]).st_mode & 0o777 == 0o666 & ~mask


def test_convert_into_a_read_only_folder_is_refused_by_name(flair_inc, tmp_path, capsys):
    from test_faults import read_only_folder

    from inference.cli.main import main

    ro = tmp_path / "ro"
    ro.mkdir()
    with read_only_folder(ro):
        assert main(["convert", str(flair_inc["ckpt"]), "-o", str(ro / "m.onnx"), "--no-check"]) == 2
        err = capsys.readouterr().err
        assert f"cannot write in {ro}" in err and "unexpected" not in err
        assert os.listdir(ro) == []


def test_a_killed_conversions_file_is_removed_by_the_next(flair_inc, tmp_path):
    """A conversion killed midway leaves a hidden, model-sized file: the next conversion to that
    output removes it (its process is gone) and leaves alone the one of a conversion still going."""

    from inference.cli.main import main

    stale, going = staged(tmp_path / "m.onnx", dead_pid()), staged(tmp_path / "m.onnx", 1)
    stale.write_bytes(b"half a model")
    going.write_bytes(b"another conversion, still going")
    assert main(["convert", str(flair_inc["ckpt"]), "-o", str(tmp_path / "m.onnx"), "--tile", str(TILE),
                 "--no-check"]) == 0
    assert not stale.exists() and going.exists()
    assert [p.name for p in tmp_path.glob(".*.flair-part*")] == [going.name]
    assert read_model_info(str(tmp_path / "m.onnx")).card.n_classes == 19
