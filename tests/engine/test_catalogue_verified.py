"""The catalogue says which models install in one click (no PyTorch) and verifies every download
against the exact size and SHA-256 Hugging Face publishes; `models convert` takes the torch-free
path from a local server to a runnable ONNX in a Python where `import torch` fails.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from local_http import write_catalogue

from inference.convert.torchfree.graphs import supports
from inference.models.catalogue import load_catalogue

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
INC = ("rgbie-15cl-resnet34-unet", "rgbi-15cl-resnet34-unet", "rgb-15cl-resnet34-unet",
       "rgb-15cl-resnet34-deeplabv3", "rgb-15cl-resnet34-fpn", "rgb-15cl-mitb5-unet", "rgb-12cl-resnet34-unet",
       "rgbie-12cl-resnet34-unet")


def test_catalogue_says_what_needs_torch_and_carries_checksums():
    cat = load_catalogue()
    ids = {e.id: e for e in cat.entries}
    for e in cat.entries:
        # the data and the converter's abilities agree
        assert (e.converter == "torch-free") == supports(e.arch, e.encoder), e.id
        assert e.needs_torch == (e.converter == "pytorch")
        if e.sha256:
            assert re.fullmatch(r"[0-9a-f]{64}", e.sha256) and e.bytes and not e.approx, e.id
        else:
            assert e.bytes is None and e.approx and "not" in e.checksum_note, e.id
    for name in INC:  # every FLAIR-INC model installs in one click
        e = ids[f"flair-inc-{name}"]
        assert not e.needs_torch and e.sha256 and e.bytes and e.outputs == 19
        assert e.converter_text == "one click (no PyTorch)" and e.verification == "exact size and SHA-256"
    assert ids["flair-inc-rgbie-15cl-resnet34-unet"].bytes == 97957843
    assert ids["flair-inc-rgb-15cl-resnet34-fpn"].sha256.startswith("8166bcf8")
    assert ids["flair-inc-rgb-15cl-mitb5-unet"].bytes == 339344766
    assert all(e.needs_torch for e in cat.entries if e.family == "flair-hub")
    for new in ("flair-hub-lc-a-rgb-swinsmall-upernet", "flair-hub-lc-a-ir-swinlarge-upernet",
                "flair-hub-lc-a-ir-convnextv2base-unet"):
        assert ids[new].needs_torch and ids[new].family == "flair-hub"
    assert ids["flair-hub-lc-a-ir-convnextv2base-unet"].arch == "unet"
    assert ids["flair-hub-lc-a-ir-swinlarge-upernet"].roles == ("NIR", "R", "G")


def test_models_list_shows_one_click_and_pytorch(tmp_path, capsys):
    from inference.cli.main import main

    assert main(["models", "list", "--cache", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"flair-inc-rgb-15cl-resnet34-deeplabv3 .* one click \(no PyTorch\)", out)
    assert re.search(r"flair-inc-rgb-15cl-mitb5-unet .* one click \(no PyTorch\)", out)
    assert re.search(r"flair-hub-lc-a-rgb-swintiny-upernet .* needs the PyTorch converter", out)
    assert re.search(r"flair-hub-lc-a-ir-convnextv2base-unet .* ~\d+ MB .*needs the PyTorch converter", out)
    assert main(["models", "list", "--json", "--cache", str(tmp_path)]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)["models"]}
    assert rows["flair-inc-rgbi-15cl-resnet34-unet"]["needs_torch"] is False
    assert rows["flair-inc-rgbi-15cl-resnet34-unet"]["bytes"] == 97945299
    assert rows["flair-hub-lc-a-rgb-swinsmall-upernet"]["needs_torch"] is True


@pytest.fixture(scope="module")
def resnet34_release(tmp_path_factory):
    """An FPN / ResNet-34 checkpoint in FLAIR-INC's layout, as bytes (torch only writes it)."""
    from inference.convert.arch import ArchSpec, build_model, import_torch

    torch, _ = import_torch()
    torch.manual_seed(0)
    model = build_model(ArchSpec("fpn", "resnet34", 3, 19))
    path = tmp_path_factory.mktemp("release") / "release.pth"
    torch.save({"model.seg_model." + k: v for k, v in model.state_dict().items()}, path)
    return path.read_bytes()


def release_catalogue(tmp_path, server, data):
    import hashlib

    server.files["/IGNF/fpn.pth"] = data
    path = write_catalogue(tmp_path / "cat.json", server.url("/IGNF/fpn.pth"), hashlib.sha256(data).hexdigest(),
                           file="FLAIR-INC_rgb_15cl_resnet34-fpn_weights.pth", model_id="test-fpn")
    with open(path, encoding="utf-8") as f:
        cat = json.load(f)
    cat["models"][0].update(arch="fpn", encoder="resnet34", bytes=len(data), converter="torch-free")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(cat, f)
    return path


BLOCKER = """
import sys

class NoTorch:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("torch", "torchvision", "timm", "segmentation_models_pytorch"):
            raise ImportError(f"No module named {name!r} (blocked)")
        return None

sys.meta_path.insert(0, NoTorch())
import inference.models.download
inference.models.download.LOOPBACK_HTTP_FOR_TESTS = True  # the tests' local http server (tests/conftest.py)
from inference.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def test_one_click_download_and_convert_without_torch(server, resnet34_release, tmp_path):
    cat = release_catalogue(tmp_path, server, resnet34_release)
    cache = tmp_path / "cache"
    proc = subprocess.run(
        [sys.executable, "-c", BLOCKER, "models", "convert", "test-fpn", "--catalogue", cat, "--cache", str(cache)],
        cwd=ROOT, env=dict(os.environ, PYTHONPATH=ROOT), capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "verified: exact size and SHA-256" in proc.stderr
    assert "without PyTorch" in proc.stderr
    onnx_file = cache / "test-fpn.onnx"
    from inference.models.session import read_model_info

    card = read_model_info(str(onnx_file)).card
    assert card.extra["converter"] == "torch-free" and card.extra["arch"] == "fpn"
    inc = load_catalogue().families["flair-inc"]  # FLAIR-INC's defaults from the catalogue
    assert card.tile == inc["tile"] == 1024 and card.margin == inc["margin"]
    assert not list(cache.glob(".*.flair-part*")) and not list((cache / "checkpoints").glob("*.part"))


def test_cached_file_of_the_wrong_size_is_fetched_again(server, resnet34_release, tmp_path, capsys):
    from inference.cli.main import main

    cat = release_catalogue(tmp_path, server, resnet34_release)
    cache = tmp_path / "cache"
    stale = cache / "checkpoints" / "FLAIR-INC_rgb_15cl_resnet34-fpn_weights.pth"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(resnet34_release[: len(resnet34_release) // 3])  # a truncated copy from elsewhere
    assert main(["models", "download", "test-fpn", "--catalogue", cat, "--cache", str(cache)]) == 0
    err = capsys.readouterr().err
    assert f"bytes where the released file has {len(resnet34_release)}" in err and "downloaded again" in err
    assert stale.read_bytes() == resnet34_release


def test_download_of_the_wrong_size_is_refused(server, resnet34_release, tmp_path, capsys):
    from inference.cli.main import main

    cat = release_catalogue(tmp_path, server, resnet34_release)
    server.files["/IGNF/fpn.pth"] = resnet34_release + b"\0" * 10  # not the published file
    cache = tmp_path / "cache"
    assert main(["models", "download", "test-fpn", "--catalogue", cat, "--cache", str(cache)]) == 2
    err = capsys.readouterr().err
    assert "FLAIR-INC_rgb_15cl_resnet34-fpn_weights.pth" in err or "fpn.pth" in err
    assert not (cache / "checkpoints" / "FLAIR-INC_rgb_15cl_resnet34-fpn_weights.pth").exists()
