"""Torch-free conversion: smp's U-Net, FPN and DeepLabV3 on ResNet-34 written as ONNX from numpy
arrays match segmentation-models-pytorch on the real Montpellier sample.

Dev tier: torch and smp build the reference networks (random weights; BatchNorm's affine
parameters randomised, then its statistics measured on the sample so activations have a trained
network's scale) and run them in eval mode, for 3, 4 and 5 input bands and 19, 15 and 12 outputs.

First, the graph is exactly smp's network: built in float64 and run by onnx's reference
evaluator, it matches smp's float64 forward pass to ~1e-12 (test_graph_is_exact_in_float64).

Then float32 on the Montpellier sample, against smp's forward pass in float64 (the exact output).
Two float32 implementations (PyTorch's and ONNX Runtime's) each stray from it by about 5e-5 on
logits of 8 (U-Net, FPN), and so differ from each other by up to ~1.2e-4 and flip the odd
near-tied pixel. Required: ONNX Runtime within 1e-4 of the exact logits, its argmax identical to
the exact argmax on every pixel whose top-two gap exceeds twice the bound (the rest, a few dozen,
are ties float32 cannot decide; counted), and no further from the exact output than PyTorch's own
float32 run is, give or take a factor of two. DeepLabV3 (dilated convolutions, a 1280-channel
ASPP) is noisier in float32 whichever runtime computes it: PyTorch's own float32 run strays up to
~1.8e-4 from the exact logits at this scale, so for it the bound is 3e-4 and the factor of two.
The last tests convert in a process where ``import torch`` fails.
"""
from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections import OrderedDict

import numpy as np
import onnx
import pytest

from inference.convert.arch import ArchSpec, build_model, import_torch
from inference.convert.checkpoint import CheckpointError
from inference.convert.run import read_tiles
from inference.convert.torchfree.graphs import build_graph, supports
from inference.models.card import CARD_KEY, InputSpec, ModelCard

torch, smp = import_torch()

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
S = os.path.join(ROOT, "data", "montpellier")
RGB, IRC, DHM = (os.path.join(S, f) for f in ("ortho_rgb_20cm.tif", "ortho_irc_20cm.tif", "dhm_50cm.tif"))
SOURCES = [f"R={RGB}:1", f"G={RGB}:2", f"B={RGB}:3", f"NIR={IRC}:1", f"NDSM={DHM}"]
ROLES = ("R", "G", "B", "NIR", "NDSM")
MEAN = (105.08, 110.87, 101.82, 106.38, 53.26)
STD = (52.17, 45.38, 44.00, 39.69, 79.30)
TILE = 256
MAX_DIFF = 1e-4
# (input bands, outputs): every band count and every head size IGN released
CASES = [(3, 19), (4, 15), (5, 12)]


def read_sample(bands: int):
    """The sample read as the engine reads it for a model of R, G, B[, NIR[, NDSM]]: normalised
    (1, bands, 256, 256) and its valid mask (the grid depends on the inputs: nDSM is 0.5 m)."""
    roles = ROLES[:bands]
    card = ModelCard("sample", tuple(InputSpec(r, "height_0.2m_uint8" if r == "NDSM" else "uint8") for r in roles),
                     tuple(range(1, 20)), mean=MEAN[:bands], std=STD[:bands])
    x, valid = read_tiles(card, SOURCES[:bands], TILE)
    assert x.shape == (1, bands, TILE, TILE) and valid.sum() > 60000
    return np.ascontiguousarray(x), valid


@pytest.fixture(scope="module")
def samples():
    return {n: read_sample(n) for n in (3, 4, 5)}


@contextlib.contextmanager
def quick_init():
    """smp's MiT draws truncated normals over every parameter several times (about a minute for
    B5 here); plain normals make random weights just as well for these tests."""
    import segmentation_models_pytorch.encoders.mix_transformer as mt

    real = mt.trunc_normal_
    mt.trunc_normal_ = lambda t, std=1.0, **kw: torch.nn.init.normal_(t, 0.0, std)
    try:
        yield
    finally:
        mt.trunc_normal_ = real


def trained_like(arch: str, bands: int, outputs: int, x: np.ndarray, seed: int = 0, encoder: str = "resnet34"):
    """An eval-mode smp model: random weights, BatchNorm and LayerNorm affine parameters randomised,
    BatchNorm statistics measured on ``x``, the head scaled so that the largest logit on ``x`` is 8."""
    torch.manual_seed(seed)
    with quick_init():
        model = build_model(ArchSpec(arch, encoder, bands, outputs))
    bns = [m for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    with torch.no_grad():
        for m in bns:
            m.weight.uniform_(0.5, 1.5)
            m.bias.uniform_(-0.3, 0.3)
            m.reset_running_stats()
            m.momentum = None  # cumulative average over the one batch
        for m in model.modules():
            if isinstance(m, torch.nn.LayerNorm):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.3, 0.3)
    model.train()
    with torch.no_grad():  # two images: DeepLabV3's pooled branch needs more than one value per channel
        model(torch.from_numpy(np.concatenate([x, x[..., ::-1, :]])))
    model.eval()
    with torch.no_grad():  # logits of a trained network's size (DeepLabV3's head alone gives |logit| ~ 1)
        scale = 8.0 / float(model(torch.from_numpy(x)).abs().max())
        model.segmentation_head[0].weight *= scale
        model.segmentation_head[0].bias *= scale
    return model


def numpy_state(model) -> OrderedDict:
    return OrderedDict((k, v.detach().numpy().copy()) for k, v in model.state_dict().items())


def ort_logits(proto, x):
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 2  # the test machine's cores; more threads only contend
    sess = ort.InferenceSession(proto.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    return sess.run(None, {"input": x})[0]


def torch_logits(model, x):
    with torch.no_grad():
        return model(torch.from_numpy(x)).numpy()


def compare(ref, got, valid):
    diff = float(np.abs(ref - got).max(axis=1)[valid].max())
    same = float((ref.argmax(1) == got.argmax(1))[valid].mean())
    return diff, same


def exact_logits(model, x):
    """smp's forward pass in float64 (on a copy: .double() converts in place)."""
    import copy

    with torch.no_grad():
        return copy.deepcopy(model).double()(torch.from_numpy(x).double()).numpy()


def assert_matches_exact(model, got, x, valid, label="", bound=MAX_DIFF):
    exact = exact_logits(model, x)
    ref32 = torch_logits(model, x)
    diff, same_all = compare(exact, got, valid)
    diff32, _ = compare(exact, ref32, valid)
    vs_torch32, same32 = compare(ref32, got, valid)
    top2 = np.sort(exact, axis=1)[:, -2:]
    decided = valid & (top2[:, 1] - top2[:, 0] > 2 * bound)
    same = float((exact.argmax(1) == got.argmax(1))[decided].mean())
    print(f"{label}: max |logit| {np.abs(exact).max():.2f}; ONNX vs exact: max |logit diff| {diff:.2e}, "
          f"argmax identical on {100 * same:.4f} % of {int(decided.sum())} decided px "
          f"({int(valid.sum() - decided.sum())} ties), {100 * same_all:.4f} % of all {int(valid.sum())}; "
          f"PyTorch fp32 vs exact {diff32:.2e}; ONNX vs PyTorch fp32 {vs_torch32:.2e}, argmax {100 * same32:.4f} %")
    assert 1 < np.abs(exact).max() < 1000  # a trained network's scale, so the bound means something
    assert diff < bound, f"max |logit difference| from the exact output {diff:.2e}"
    assert same == 1.0, f"argmax identical on {100 * same:.4f} % of decided pixels"
    assert valid.sum() - decided.sum() < 0.002 * valid.sum()
    assert diff < 2 * diff32 + 1e-6, f"ONNX {diff:.2e} vs PyTorch fp32 {diff32:.2e} from the exact output"
    assert same32 >= 0.9999


def check_arch(arch, bands, outputs, samples, legacy_keys=False, encoder="resnet34"):
    x, valid = samples[bands]
    model = trained_like(arch, bands, outputs, x, encoder=encoder)
    state = numpy_state(model)
    if legacy_keys:  # smp < 0.5 DeepLabV3 names (FLAIR-INC's file): decoder.0/1/2
        state = OrderedDict((k.replace("decoder.aspp.", "decoder.0.").replace("decoder.conv.", "decoder.1.")
                             .replace("decoder.bn.", "decoder.2."), v) for k, v in state.items())
    proto = build_graph(state, arch, encoder, f"{arch}.pth")
    onnx.checker.check_model(proto)
    got = ort_logits(proto, x)
    assert got.shape == (1, outputs, TILE, TILE)
    bound = 3e-4 if arch == "deeplabv3" else MAX_DIFF
    assert_matches_exact(model, got, x, valid, f"{arch} / {encoder} {bands} bands {outputs} outputs", bound)
    return proto


def reference_evaluator(proto):
    """onnx's reference evaluator, its Erf in float64 (the stock one rounds through float32)."""
    import math

    from onnx.reference import ReferenceEvaluator
    from onnx.reference.ops._op import OpRunUnaryNum

    class Erf(OpRunUnaryNum):
        op_domain = ""

        def _run(self, x):
            return (np.vectorize(math.erf, otypes=[np.float64])(x).astype(x.dtype),)

    return ReferenceEvaluator(proto, new_ops=[Erf])


@pytest.mark.parametrize("arch, encoder, size", [
    ("unet", "resnet34", 64), ("fpn", "resnet34", 64), ("deeplabv3", "resnet34", 32), ("unet", "mit_b0", 64),
])
def test_graph_is_exact_in_float64(arch, encoder, size):
    """Every weight, fold, padding, dilation, norm and resize as smp has it: float64 leaves ~1e-12."""
    x = np.random.default_rng(0).normal(size=(1, 3 if "mit" in encoder else 4, size, size)).astype(np.float32)
    model = trained_like(arch, x.shape[1], 15, x, encoder=encoder)
    proto = build_graph(numpy_state(model), arch, encoder, dtype=np.float64)
    got = reference_evaluator(proto).run(None, {"input": x.astype(np.float64)})[0]
    exact = exact_logits(model, x)
    print(f"{arch} / {encoder} float64: max |logit diff| {np.abs(got - exact).max():.1e}")
    assert np.abs(got - exact).max() < 1e-9


@pytest.mark.parametrize("bands, outputs", CASES)
def test_unet_parity(bands, outputs, samples):
    check_arch("unet", bands, outputs, samples)


@pytest.mark.parametrize("bands, outputs", CASES)
def test_fpn_parity(bands, outputs, samples):
    check_arch("fpn", bands, outputs, samples)


@pytest.mark.parametrize("bands, outputs, legacy", [(3, 19, True), (4, 15, False), (5, 12, False)])
def test_deeplabv3_parity_both_key_layouts(bands, outputs, legacy, samples):
    check_arch("deeplabv3", bands, outputs, samples, legacy_keys=legacy)


def test_mit_unet_parity(samples):
    """U-Net on MiT (SegFormer's encoder): MiT-B1 has MiT-B5's widths, heads and reductions with
    2 blocks per stage instead of 3/6/40/3 (test_mit_b5_as_released covers B5's own layout)."""
    check_arch("unet", 3, 19, samples, encoder="mit_b1")


def test_mit_b5_as_released():
    """smp's MiT-B5 U-Net (FLAIR-INC's rgb_15cl_mitb5-unet): every key and shape is used, and the
    graph gives PyTorch's logits on a small input (B5's exactness is B0's and B1's: same code)."""
    torch.manual_seed(0)
    with quick_init():
        model = build_model(ArchSpec("unet", "mit_b5", 3, 19))
    proto = build_graph(numpy_state(model), "unet", "mit_b5", "FLAIR-INC_rgb_15cl_mitb5-unet_weights.pth")
    x = np.random.default_rng(2).normal(size=(1, 3, 64, 64)).astype(np.float32)
    ref = torch_logits(model, x)
    diff = float(np.abs(ort_logits(proto, x) - ref).max())
    print(f"mit_b5 64 px: max |logit| {np.abs(ref).max():.2f}, ONNX vs PyTorch fp32 {diff:.1e}")
    assert diff < 1e-4 and np.abs(ref).max() > 0.5


def test_dynamic_size_and_batch(samples):
    """Like the torch-exported models: any batch, any multiple of 32 in H and W."""
    x, valid4 = samples[4]
    model = trained_like("unet", 4, 19, x)
    proto = build_graph(numpy_state(model), "unet", "resnet34")
    crops = np.ascontiguousarray(np.concatenate([x[:, :, :96, :160], x[:, :, 150:246, 90:250]]))
    valid = np.stack([valid4[0, :96, :160], valid4[0, 150:246, 90:250]])
    assert_matches_exact(model, ort_logits(proto, crops), crops, valid, "unet 96x160 batch 2")
    dims = proto.graph.input[0].type.tensor_type.shape.dim
    assert [d.dim_param or d.dim_value for d in dims] == ["N", 4, "H", "W"]


def test_supported_set():
    assert supports("unet", "resnet34") and supports("fpn", "resnet34") and supports("deeplabv3", "resnet34")
    assert supports("unet", "mit_b5") and not supports("fpn", "mit_b5")
    assert not supports("upernet", "tu-swin_base_patch4_window12_384") and not supports("unet", "tu-convnextv2_base")
    assert not supports("deeplabv3plus", "resnet34") and not supports("unet", "resnet50")


# ---------------------------------------------------------------------------------------------
# Checkpoints that do not fit: the key or shape is named


@pytest.fixture(scope="module")
def unet_state():
    return numpy_state(build_model(ArchSpec("unet", "resnet34", 5, 19)))


def test_missing_key_named(unet_state):
    state = OrderedDict((k, v) for k, v in unet_state.items() if k != "decoder.blocks.1.conv2.0.weight")
    with pytest.raises(CheckpointError, match=r"mine\.pth does not fit unet / resnet34 .*missing from the checkpoint: decoder\.blocks\.1\.conv2\.0\.weight"):
        build_graph(state, "unet", "resnet34", "mine.pth")


def test_wrong_shape_named(unet_state):
    state = OrderedDict(unet_state)
    state["encoder.layer2.0.conv1.weight"] = np.zeros((128, 32, 3, 3), np.float32)
    with pytest.raises(CheckpointError, match=r"encoder\.layer2\.0\.conv1\.weight has shape \[128, 32, 3, 3\], the architecture needs \[128, 64, 3, 3\]"):
        build_graph(state, "unet", "resnet34", "mine.pth")


def test_other_architecture_refused(unet_state):
    # U-Net weights read as an FPN: the FPN's first decoder key is missing
    with pytest.raises(CheckpointError, match=r"does not fit fpn / resnet34.*missing from the checkpoint: decoder\.p5\.weight"):
        build_graph(unet_state, "fpn", "resnet34", "mine.pth")
    # weights the architecture does not use are not silently dropped
    extra = OrderedDict(unet_state)
    extra["decoder.blocks.5.conv1.0.weight"] = np.zeros((8, 16, 3, 3), np.float32)
    with pytest.raises(CheckpointError, match=r"1 weights are not part of it \(decoder\.blocks\.5\.conv1\.0\.weight\)"):
        build_graph(extra, "unet", "resnet34", "mine.pth")
    with pytest.raises(CheckpointError, match=r"resnet50 cannot be converted without PyTorch.*PyTorch converter"):
        build_graph(unet_state, "unet", "resnet50", "mine.pth")
    with pytest.raises(CheckpointError, match=r"does not fit unet / mit_b5: it has no 4-D encoder\.patch_embed1\.proj\.weight"):
        build_graph(unet_state, "unet", "mit_b5", "mine.pth")


# ---------------------------------------------------------------------------------------------
# The whole conversion in a Python where `import torch` fails (QGIS's own)

BLOCKER = """
import sys

class NoTorch:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("torch", "torchvision", "timm", "segmentation_models_pytorch"):
            raise ImportError(f"No module named {name!r} (blocked: this process stands for QGIS's Python)")
        return None

sys.meta_path.insert(0, NoTorch())
from inference.cli.main import main
code = main(sys.argv[1:])
assert not [m for m in sys.modules if m.split(".")[0] in ("torch", "segmentation_models_pytorch")]
sys.exit(code)
"""


def run_without_torch(*args, cwd=ROOT):
    env = dict(os.environ, PYTHONPATH=ROOT)
    return subprocess.run([sys.executable, "-c", BLOCKER, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def converted_without_torch(tmp_path_factory, samples):
    """IGN's RGBI U-Net file name, written by torch beforehand, converted by `convert` with torch blocked."""
    d = tmp_path_factory.mktemp("notorch")
    x, valid = samples[4]
    model = trained_like("unet", 4, 19, x, seed=3)
    ckpt = d / "FLAIR-INC_rgbi_15cl_resnet34-unet_weights.pth"
    torch.save(OrderedDict(("model.seg_model." + k, v) for k, v in model.state_dict().items()), ckpt)
    out = d / "rgbi.onnx"
    proc = run_without_torch("convert", str(ckpt), "-o", str(out))
    return {"model": model, "out": out, "proc": proc, "dir": d, "x": x, "valid": valid}


def test_converts_in_a_python_without_torch(converted_without_torch):
    c = converted_without_torch
    assert c["proc"].returncode == 0, c["proc"].stderr
    assert "without PyTorch" in c["proc"].stderr + c["proc"].stdout
    assert "no PyTorch model to compare with" in c["proc"].stdout
    assert not list(c["dir"].glob(".*.flair-part*"))
    meta = {p.key: p.value for p in onnx.load(str(c["out"]), load_external_data=False).metadata_props}
    card = json.loads(meta[CARD_KEY])
    # recognised in the catalogue by its file name: IGN's name, FLAIR-INC's tile and margin
    from inference.models.catalogue import load_catalogue

    inc = load_catalogue().families["flair-inc"]
    assert card["name"] == "IGNF/FLAIR-INC_rgbi_15cl_resnet34-unet"
    assert card["tile"] == inc["tile"] == 1024 and card["margin"] == inc["margin"]
    assert [i["role"] for i in card["inputs"]] == ["R", "G", "B", "NIR"]
    assert card["class_codes"] == list(range(1, 20))
    assert card["extra"]["converter"] == "torch-free" and card["extra"]["arch"] == "unet"
    proto = onnx.load(str(c["out"]))
    assert_matches_exact(c["model"], ort_logits(proto, c["x"]), c["x"], c["valid"], "converted without torch")


def test_engine_segments_with_torch_free_model(converted_without_torch, tmp_path):
    import rasterio

    from inference.cli.main import main

    c = converted_without_torch
    out = tmp_path / "landcover.tif"
    # the card's 1024 px tile is larger than the sample: a 256 px tile with a 32 px margin
    assert main(["segment", "-m", str(c["out"]), "-o", str(out), "--tile", str(TILE), "--margin", "32",
                 *SOURCES[:4]]) == 0
    expected = torch_logits(c["model"], c["x"])[0].argmax(0) + 1
    with rasterio.open(out) as ds:
        codes = ds.read(1)
    h, w = codes.shape
    v = c["valid"][0, :h, :w] & (codes > 0)
    assert v.sum() > 60000
    assert (codes[v] == expected[:h, :w][v]).mean() >= 0.9999


def test_without_torch_refusals_name_the_file(tmp_path):
    flag = tmp_path / "code-ran"

    class Shell:
        def __reduce__(self):
            return (os.system, (f"touch {flag}",))

    evil = tmp_path / "FLAIR-INC_rgb_15cl_resnet34-fpn_weights.pth"
    torch.save({"state_dict": {"encoder.conv1.weight": torch.zeros(1), "x": Shell()}}, evil)
    proc = run_without_torch("convert", str(evil), "-o", str(tmp_path / "x.onnx"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "FLAIR-INC_rgb_15cl_resnet34-fpn_weights.pth" in proc.stderr and "Nothing from it was run" in proc.stderr
    assert not flag.exists()
    # a model only the PyTorch converter handles: says what to install, writes nothing
    other = tmp_path / "my-resnet50-unet.pth"
    model = build_model(ArchSpec("unet", "resnet50", 3, 19))
    torch.save(model.state_dict(), other)
    proc = run_without_torch("convert", str(other), "-o", str(tmp_path / "y.onnx"), "--family", "flair-inc")
    assert proc.returncode == 3 and "Traceback" not in proc.stderr
    assert "resnet50" in proc.stderr and "PyTorch" in proc.stderr and "pip install" in proc.stderr
    assert not list(tmp_path.glob("*.onnx")) and not list(tmp_path.glob(".*.flair-part*"))
