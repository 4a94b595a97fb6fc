"""Shared by both tiers (nothing here may import QGIS): the tests' own helpers on sys.path, and
the local HTTP server fixtures (tests/local_http.py)."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
for p in (ROOT, HERE):
    if p not in sys.path:
        sys.path.insert(0, p)

import pytest  # noqa: E402
from local_http import LocalServer  # noqa: E402


@pytest.fixture(autouse=True)
def loopback_http(monkeypatch):
    """Downloads are https only (inference/models/download.py); the local server below speaks http on
    the loopback address, which the tests, and only they, allow (in both copies of the engine: the
    QGIS tier loads the plugin's under its package name, flair_qgis)."""
    import importlib

    for name in ("inference.models.download", "flair_qgis.inference.models.download"):
        try:
            monkeypatch.setattr(importlib.import_module(name), "LOOPBACK_HTTP_FOR_TESTS", True)
        except ImportError:  # the engine tier has no flair_qgis package
            pass


@pytest.fixture()
def server():
    s = LocalServer()
    yield s
    s.close()


@pytest.fixture(scope="module")
def fake_release(tmp_path_factory):
    """A small FLAIR-INC-style checkpoint (U-Net / ResNet-18, RGB, model.seg_model. prefix)."""
    from inference.convert.arch import ArchSpec, build_model, import_torch

    torch, _ = import_torch()
    d = tmp_path_factory.mktemp("release")
    model = build_model(ArchSpec("unet", "resnet18", 3, 19))
    path = d / "FLAIR-INC_rgb_15cl_resnet18-unet_weights.pth"
    torch.save({"model.seg_model." + k: v for k, v in model.state_dict().items()}, path)
    return path.read_bytes()
