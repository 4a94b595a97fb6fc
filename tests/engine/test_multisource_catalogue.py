"""IGN's multi-source models in the catalogue: listed with what each needs, and `models convert ID`
downloads (local stand-in for Hugging Face), verifies against the size and SHA-256 the Hub's API
publishes, converts with the parity check and installs under the id. Wrong size, an interrupted
transfer, a checkpoint that is not the listed model, a wrong address: each leaves no model and no
corrupt or hidden file in the cache."""
from __future__ import annotations

import json
import os

import pytest
from local_http import sha, write_catalogue
from multisource_models import ign_state, random_model, save_safetensors, shapes

from inference.cli.main import main
from inference.models.card import card_of_model
from inference.models.catalogue import load_catalogue

REPO = "IGNF/FLAIR-HUB_LC-G_utae"
FILE = "FLAIR-HUB_LC-G_utae.safetensors"
PATH = f"/{REPO}/resolve/main/{FILE}"
API = f"/api/models/{REPO}/tree/main"


def _checkpoint(tmp, state=None) -> bytes:
    spec = shapes()["LC-G"]
    path = tmp / "lcg.safetensors"
    save_safetensors(state or ign_state(random_model(spec), spec), str(path))
    return path.read_bytes()


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    """An LC-G-shaped checkpoint (tiny U-TAE, random weights) in IGN's key layout, as bytes."""
    return _checkpoint(tmp_path_factory.mktemp("lcg"))


def _publish(server, data: bytes, size: int | None = None, digest: str | None = None, files=None):
    """The file on the stand-in, and the Hub's file list with its LFS size and SHA-256."""
    server.files[PATH] = data
    listing = files if files is not None else [
        {"type": "file", "path": "README.md", "size": 2200, "oid": "0" * 40},
        {"type": "file", "path": FILE, "size": size or len(data), "oid": "1" * 40,
         "lfs": {"oid": digest or sha(data), "size": size or len(data), "pointerSize": 134}},
    ]
    server.files[API] = json.dumps(listing).encode()


def _catalogue(server, tmp_path, model_id="hub-lc-g", modalities=("SENTINEL2_TS",)):
    return write_catalogue(
        tmp_path / "cat.json", server.url(PATH), None, file=FILE, model_id=model_id,
        api_template=server.url("/api/models/{repo}/tree/main"), repo=REPO, family="flair-hub", arch="utae",
        encoder="utae", modalities=list(modalities), task="landcover", approx=True, size_mb=4.0,
        verify="file name", converter="pytorch")


def _files(cache):
    return sorted(os.path.relpath(os.path.join(d, f), cache) for d, _, fs in os.walk(cache) for f in fs)


def test_catalogue_lists_the_multisource_models_as_downloadable():
    cat = load_catalogue()
    hub = {e.id: e for e in cat.entries if e.multisource}
    assert set(hub) == {"hub-lc-d", "hub-lc-f", "hub-lc-g", "hub-lc-i", "hub-lc-l", "hub-lpis-a", "hub-lpis-f",
                        "hub-lpis-i", "hub-lpis-j"}
    assert cat.api_template == "https://huggingface.co/api/models/{repo}/tree/main"
    for e in hub.values():
        assert e.file == e.repo.split("/")[1] + ".safetensors" and e.url.endswith("/resolve/main/" + e.file)
        assert e.needs_torch and e.sha256 is None and e.bytes is None and "file name" in e.verify
        assert e.task in ("landcover", "lpis") and e.classes == (23 if e.task == "lpis" else 15)
    assert hub["hub-lc-l"].roles == ("AERIAL", "DEM", "SPOT", "S2", "S1A", "S1D")
    assert hub["hub-lpis-i"].inputs_text == "SPOT, S2, S1A, S1D"


def test_models_convert_installs_a_multisource_model(server, release, tmp_path, capsys):
    _publish(server, release)
    cat, cache = _catalogue(server, tmp_path), str(tmp_path / "cache")
    common = ["--catalogue", cat, "--cache", cache]
    # an interrupted transfer first: only the resumable part is left
    server.drop_after[PATH] = len(release) // 2
    assert main(["models", "convert", "hub-lc-g", *common]) == 2
    assert "interrupted" in capsys.readouterr().err
    assert _files(cache) == [f"checkpoints/{FILE}.part"]
    # the next run resumes, verifies against what the Hub publishes, converts and installs
    assert main(["models", "convert", "hub-lc-g", *common]) == 0
    captured = capsys.readouterr()
    assert f"Hugging Face: {FILE}: {len(release)} bytes, SHA-256 {sha(release)[:12]}" in captured.err
    assert "resuming after" in captured.err and "verified: exact size and SHA-256 published by Hugging Face" in captured.err
    for t in (1, 2, 23, 60):
        assert f"parity AERIAL_LABEL-COSIA T={t}" in captured.err
    assert "S2=FILE S2.dates=FILE" in captured.out
    assert _files(cache) == [f"checkpoints/{FILE}", "hub-lc-g.onnx"]
    card = card_of_model(os.path.join(cache, "hub-lc-g.onnx"))
    assert card.name == "hub-lc-g" and [m.name for m in card.modalities] == ["SENTINEL2_TS"]
    assert any(rng for path, rng in server.requests if path == PATH)  # resumed with a Range request
    assert main(["models", "list", *common]) == 0
    line = [x for x in capsys.readouterr().out.splitlines() if x.startswith("hub-lc-g")][0]
    assert "needs S2" in line and "ready" in line


def test_published_size_or_checksum_mismatch_leaves_nothing(server, release, tmp_path, capsys):
    cat, cache = _catalogue(server, tmp_path), str(tmp_path / "cache")
    _publish(server, release, size=len(release) + 10)
    assert main(["models", "convert", "hub-lc-g", "--catalogue", cat, "--cache", cache]) == 2
    assert f"the server offers {len(release)} bytes but {len(release) + 10} are expected" in capsys.readouterr().err
    assert _files(cache) == []
    _publish(server, release, digest="ab" * 32)
    assert main(["models", "download", "hub-lc-g", "--catalogue", cat, "--cache", cache]) == 2
    assert "checksum mismatch" in capsys.readouterr().err
    assert _files(cache) == []


def test_checkpoint_that_is_not_the_listed_model_is_not_installed(server, release, tmp_path, capsys):
    # the catalogue says aerial + Sentinel-2 (LC-D); the file holds a Sentinel-2-only model: refused
    # from the weights' shapes, before any export
    _publish(server, release)
    cat, cache = _catalogue(server, tmp_path, "hub-lc-d", ("AERIAL_RGBI", "SENTINEL2_TS")), str(tmp_path / "cache")
    assert main(["models", "convert", "hub-lc-d", "--catalogue", cat, "--cache", cache]) == 2
    err = capsys.readouterr().err
    assert f"{FILE} is not hub-lc-d as the catalogue describes it: its weights read SENTINEL2_TS where the " \
           "catalogue lists AERIAL_RGBI, SENTINEL2_TS. Nothing was converted." in err
    assert "the downloaded checkpoint stays in" in err
    assert _files(cache) == [f"checkpoints/{FILE}"]  # verified download kept; no model, nothing hidden


def test_conversion_failure_installs_nothing(server, tmp_path, capsys):
    spec = shapes()["LC-G"]
    state = ign_state(random_model(spec), spec)
    del state["model.encoders.SENTINEL2_TS.up_blocks.0.conv2.conv.0.weight"]
    broken = _checkpoint(tmp_path, state)
    _publish(server, broken)
    cat, cache = _catalogue(server, tmp_path), str(tmp_path / "cache")
    assert main(["models", "convert", "hub-lc-g", "--catalogue", cat, "--cache", cache]) == 2
    assert "missing from the checkpoint" in capsys.readouterr().err
    assert _files(cache) == [f"checkpoints/{FILE}"]


def test_wrong_name_says_what_to_do(server, release, tmp_path, capsys):
    cat, cache = _catalogue(server, tmp_path), str(tmp_path / "cache")
    # the Hub lists the repository without the catalogue's file, and the file address answers 404
    _publish(server, release, files=[{"type": "file", "path": "FLAIR-HUB_LC-G_utae_v2.safetensors", "size": 9}])
    del server.files[PATH]
    assert main(["models", "convert", "hub-lc-g", "--catalogue", cat, "--cache", cache]) == 2
    err = capsys.readouterr().err
    assert f"{REPO} holds no file named {FILE} (it holds: FLAIR-HUB_LC-G_utae_v2.safetensors)" in err
    assert "answered 404" in err and "may be wrong" in err and "download it by hand" in err
    assert "python -m inference convert FILE.safetensors -o hub-lc-g.onnx" in err
    assert _files(cache) == []
    # no repository at all: the API's 404 is reported, the download's 404 says what to do
    del server.files[API]
    assert main(["models", "download", "hub-lc-g", "--catalogue", cat, "--cache", cache]) == 2
    err = capsys.readouterr().err
    assert "the Hub's API answered 404" in err and "download it by hand" in err
    assert _files(cache) == []
