"""What a multi-source run takes from the user besides its sources: the device (said back), the
class names' language, progress with tiles/s and time left, and command-line options that do not
apply refused by name rather than silently ignored."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from multisource_models import converted

from inference.models.session import ModelError
from inference.multisource.run import run_multisource

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))



def items(sample):
    return [f"AERIAL.NIR={sample['aerial_irc']}:1", f"AERIAL.R={sample['aerial_rgb']}:1",
            f"AERIAL.G={sample['aerial_rgb']}:2", f"S2={sample['s2']}", f"S2.dates={sample['s2_dates']}"]


def test_progress_device_and_french_class_names(sample, tmp_path):
    seen = []
    result = run_multisource(converted("LC-D"), items(sample), str(tmp_path / "fr.tif"), say=lambda _: None,
                             device="cpu", lang="fr", progress=seen.append)
    assert [p.done for p in seen] == list(range(1, result.tiles + 1))
    assert all(p.total == result.tiles and p.device == "CPU" and p.tiles_per_s > 0 for p in seen)
    assert seen[-1].eta_s == 0
    assert result.device == "CPU" and result.seconds > 0
    qml = open(str(tmp_path / "fr_landcover.qml"), encoding="utf-8").read()
    assert "Bâtiment" in qml or "bâtiment" in qml.lower(), qml[:500]


def test_a_device_that_is_not_there_is_refused_before_any_file(sample, tmp_path):
    import onnxruntime as ort

    if "CUDAExecutionProvider" in ort.get_available_providers():
        pytest.skip("this machine has CUDA")
    with pytest.raises(ModelError, match="CUDA was asked for"):
        run_multisource(converted("LC-D"), items(sample), str(tmp_path / "gpu.tif"), say=lambda _: None, device="cuda")
    assert os.listdir(tmp_path) == []


def test_cli_refuses_single_source_options_by_name(sample, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    cmd = [sys.executable, "-m", "inference", "segment", "-m", converted("LC-D"), "-o", str(out / "x.tif"),
           *items(sample), "--tile", "256", "--confidence", "--stitch", "blend"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "--tile, --confidence, --stitch: not available for a multi-source model" in done.stderr
    assert "Traceback" not in done.stderr
    assert os.listdir(out) == []
