"""The "Get FLAIR models" dialog and its glue, inside QGIS (offscreen), against a local HTTP server.

Downloads go through QgsNetworkAccessManager (QGIS's proxy and authentication settings apply);
the same misbehaving server as tests/test_download.py checks resume, checksum and server errors.
"""
from __future__ import annotations

import importlib
import importlib.util
import os

import pytest
from leftovers import dead_pid
from local_http import FAKE_CHECKPOINT, sha, write_catalogue
from qgis_helpers import PACKAGE, wait_until


@pytest.fixture()
def glue(pkg):
    return importlib.import_module(f"{PACKAGE}.qgis_glue.models.download")


@pytest.fixture()
def dialogs(pkg):
    return importlib.import_module(f"{PACKAGE}.ui.catalogue_dialog")


@pytest.fixture()
def catalogues(pkg):
    return importlib.import_module(f"{PACKAGE}.inference.models.catalogue")


def run_download(glue, url, dest, **kw):
    d = glue.ModelDownload(url, str(dest), **kw)
    ends, progress = [], []
    d.finished.connect(lambda ok, text: ends.append((ok, text)))
    d.progress.connect(lambda done, total: progress.append((done, total)))
    d.start()
    assert wait_until(lambda: ends, 30)
    return d, ends[0], progress


def test_dialog_lists_the_catalogue_and_marks_what_is_on_disk(dialogs, catalogues, tmp_path):
    cat = catalogues.load_catalogue()
    cache = tmp_path / "models"
    first, second = cat.entries[0], cat.entries[1]
    os.makedirs(cache / "checkpoints")
    (cache / "checkpoints" / first.file).write_bytes(b"weights")
    (cache / f"{second.id}.onnx").write_bytes(b"onnx")
    dialog = dialogs.CatalogueDialog(None, cache=str(cache))
    table = dialog.table
    assert table.rowCount() == len(cat.entries) >= 14
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["Model", "Inputs", "Classes", "Size", "Needs", "Licence", "On disk"]
    row0 = [table.item(0, c).text() for c in range(table.columnCount())]
    if not first.needs_torch:
        needs = "nothing more (no PyTorch)"
    else:
        needs = "PyTorch, installed here" if importlib.util.find_spec("torch") else "PyTorch to convert (not installed)"
    assert row0 == [first.id, "R, G, B, NIR, NDSM", "15", "98 MB", needs, "Etalab Open Licence 2.0",
                    "downloaded, not converted"]
    assert table.item(1, 4).text() == "nothing: ready"
    assert dialog.row_status(1) == "ready"
    assert {dialog.row_status(r) for r in range(2, table.rowCount())} == {"not downloaded"}
    hub = [r for r in range(table.rowCount()) if table.item(r, 0).text() == "flair-hub-lc-a-ir-convnextv2base-upernet"][0]
    assert table.item(hub, 1).text() == "NIR, R, G"
    # the details say what a model needs and how its download is checked
    table.selectRow(hub)
    assert "Needs: PyTorch" in dialog.details.text() and "~361 MB (estimated)" in dialog.details.text()
    table.selectRow(0)
    assert "converted without PyTorch" in dialog.details.text() and "exact size and SHA-256" in dialog.details.text()
    # a converted model can be used at once; the dock gets its path
    table.selectRow(0)
    assert dialog.get_button.text() == "Convert" and not dialog.use_button.isEnabled()
    table.selectRow(1)
    assert dialog.use_button.isEnabled() and not dialog.get_button.isEnabled()
    ready = []
    dialog.modelReady.connect(ready.append)
    dialog.use_model()
    assert ready == [str(cache / f"{second.id}.onnx")] == [dialog.selected_model_path()]


def test_qgis_download_resumes_checks_and_reports(glue, server, tmp_path):
    server.files["/ckpt.pth"] = FAKE_CHECKPOINT
    server.drop_after["/ckpt.pth"] = 100_000
    dest = tmp_path / "ckpt.pth"
    part = tmp_path / "ckpt.pth.part"
    _, (ok, text), _ = run_download(glue, server.url("/ckpt.pth"), dest, sha256=sha(FAKE_CHECKPOINT))
    assert not ok and "interrupted after 0.1 MB of 0.3 MB" in text and "resume" in text
    assert not dest.exists() and part.stat().st_size == 100_000
    d, (ok, text), progress = run_download(glue, server.url("/ckpt.pth"), dest, sha256=sha(FAKE_CHECKPOINT))
    assert ok and text == str(dest) and d.resumed_from == 100_000
    assert server.requests[-1] == ("/ckpt.pth", "bytes=100000-")
    assert progress[-1] == (len(FAKE_CHECKPOINT), len(FAKE_CHECKPOINT))
    assert dest.read_bytes() == FAKE_CHECKPOINT and not part.exists()


def test_qgis_download_checksum_mismatch_and_server_error(glue, server, tmp_path):
    server.files["/ckpt.pth"] = FAKE_CHECKPOINT
    dest = tmp_path / "ckpt.pth"
    _, (ok, text), _ = run_download(glue, server.url("/ckpt.pth"), dest, sha256="0" * 64)
    assert not ok and "checksum mismatch" in text and "deleted" in text
    server.fail["/other.pth"] = 500
    _, (ok, text), _ = run_download(glue, server.url("/other.pth"), tmp_path / "other.pth")
    assert not ok and "answered 500" in text
    assert list(tmp_path.iterdir()) == []


def test_qgis_download_and_hub_lookup_refuse_plain_http(glue, server, tmp_path, monkeypatch):
    monkeypatch.setattr(importlib.import_module(f"{PACKAGE}.inference.models.download"), "LOOPBACK_HTTP_FOR_TESTS", False)
    server.files["/ckpt.pth"] = FAKE_CHECKPOINT
    _, (ok, text), _ = run_download(glue, server.url("/ckpt.pth"), tmp_path / "ckpt.pth")
    assert not ok and "over https only" in text
    entry = importlib.import_module(f"{PACKAGE}.inference.models.catalogue").load_catalogue().entries[0]
    lookup = glue.PublishedLookup(entry, server.url("/api/{repo}"))
    found = []
    lookup.finished.connect(found.append)
    lookup.start()
    assert wait_until(lambda: found, 30)
    assert found[0].sha256 is None and "over https only" in found[0].note
    assert server.requests == [] and list(tmp_path.iterdir()) == []


def test_qgis_download_cancel_keeps_part(glue, server, tmp_path):
    server.files["/ckpt.pth"] = FAKE_CHECKPOINT * 4
    server.slow = 0.05
    dest = tmp_path / "ckpt.pth"
    d = glue.ModelDownload(server.url("/ckpt.pth"), str(dest))
    ends = []
    d.finished.connect(lambda ok, text: ends.append((ok, text)))
    d.progress.connect(lambda done, total: d.cancel() if done > 0 else None)
    d.start()
    assert wait_until(lambda: ends, 30)
    assert ends[0][0] is False and "cancelled" in ends[0][1] and d.was_cancelled
    assert not dest.exists() and (tmp_path / "ckpt.pth.part").exists()


def test_dialog_downloads_and_converts(dialogs, catalogues, glue, server, fake_release, tmp_path):  # noqa: F811
    server.files["/ckpt.pth"] = fake_release
    cat = catalogues.load_catalogue(write_catalogue(tmp_path / "cat.json", server.url("/ckpt.pth"), sha(fake_release)))
    cache = tmp_path / "models"
    dialog = dialogs.CatalogueDialog(None, catalogue=cat, cache=str(cache), tile=256)
    ready = []
    dialog.modelReady.connect(ready.append)
    dialog.table.selectRow(0)
    dialog.get_model()
    assert wait_until(lambda: ready or "failed" in dialog.last_message, 120), dialog.last_message
    onnx = str(cache / "test-rgb-resnet18-unet.onnx")
    assert ready == [onnx] and dialog.selected_model_path() == onnx, dialog.last_message
    assert dialog.row_status(0) == "ready" and "is ready" in dialog.last_message
    assert "ONNX Runtime vs PyTorch" in dialog.last_message
    assert os.path.isfile(cache / "checkpoints" / "FLAIR-INC_rgb_15cl_resnet18-unet_weights.pth")
    # the dock's model picker lists it, and reads its card
    models = importlib.import_module(f"{PACKAGE}.qgis_glue.models.info")
    assert onnx in models.recent_models()
    info, problem = models.read_info(onnx)
    assert problem is None and info.card.name == "IGNF/TEST_rgb_resnet18-unet"


def test_missing_torch_says_what_to_install_and_downloads_nothing(dialogs, catalogues, glue, server, tmp_path, monkeypatch):
    real = glue.importlib.util.find_spec
    monkeypatch.setattr(glue.importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    text = glue.converter_missing()
    assert text and "torch" in text and "-m pip install --user" in text and " torch --index-url" in text
    assert "never installs packages" in text and "start QGIS again" in text
    server.files["/ckpt.pth"] = FAKE_CHECKPOINT
    cat = catalogues.load_catalogue(write_catalogue(tmp_path / "cat.json", server.url("/ckpt.pth"), None))
    dialog = dialogs.CatalogueDialog(None, catalogue=cat, cache=str(tmp_path / "models"))
    dialog.table.selectRow(0)
    dialog.get_model()
    assert " torch --index-url" in dialog.last_message and not dialog.busy
    assert server.requests == [] and not (tmp_path / "models").exists()


def test_torch_free_model_installs_without_torch(dialogs, catalogues, glue, server, tmp_path, monkeypatch):
    """A FLAIR-INC ResNet-34 model downloads and converts while the dialog believes torch is absent."""
    import json

    from inference.convert.arch import ArchSpec, build_model, import_torch

    torch, _ = import_torch()
    torch.manual_seed(0)
    ckpt = tmp_path / "release.pth"
    torch.save({"model.seg_model." + k: v for k, v in build_model(ArchSpec("unet", "resnet34", 3, 19)).state_dict().items()},
               ckpt)
    data = ckpt.read_bytes()
    server.files["/fpn.pth"] = data
    path = write_catalogue(tmp_path / "cat.json", server.url("/fpn.pth"), sha(data),
                           file="FLAIR-INC_rgb_15cl_resnet34-unet_weights.pth", model_id="test-rgb-resnet34-unet")
    with open(path, encoding="utf-8") as f:
        raw = json.load(f)
    raw["models"][0].update(encoder="resnet34", bytes=len(data), converter="torch-free")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(raw, f)
    real = glue.importlib.util.find_spec
    monkeypatch.setattr(glue.importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    cache = tmp_path / "models"
    dialog = dialogs.CatalogueDialog(None, catalogue=catalogues.load_catalogue(path), cache=str(cache), tile=256)
    ready = []
    dialog.modelReady.connect(ready.append)
    dialog.table.selectRow(0)
    dialog.get_model()
    assert wait_until(lambda: ready or "failed" in dialog.last_message, 180), dialog.last_message
    assert ready == [str(cache / "test-rgb-resnet34-unet.onnx")], dialog.last_message
    assert "without PyTorch" in dialog.last_message or "no PyTorch model to compare with" in dialog.last_message



def _lcg_release(tmp_path) -> bytes:
    """A tiny LC-G-shaped (Sentinel-2 only) FLAIR-HUB checkpoint in IGN's key layout."""
    import sys

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "engine"))
    from multisource_models import ign_state, random_model, save_safetensors, shapes

    spec = shapes()["LC-G"]
    save_safetensors(ign_state(random_model(spec), spec), str(tmp_path / "lcg.safetensors"))
    return (tmp_path / "lcg.safetensors").read_bytes()


def _multisource_catalogue(catalogues, tmp_path, url, digest, api=None):
    return catalogues.load_catalogue(write_catalogue(
        tmp_path / "cat.json", url, digest, file="FLAIR-HUB_LC-G_utae.safetensors", model_id="hub-lc-g",
        repo="IGNF/FLAIR-HUB_LC-G_utae", family="flair-hub", arch="utae", encoder="utae", modalities=["SENTINEL2_TS"],
        task="landcover", verify="file name", converter="pytorch", api_template=api))


def _publish_on_the_hub(server, data: bytes, digest: str | None = None) -> str:
    """Hugging Face's file list for the repository, with the file's LFS size and SHA-256."""
    import json

    server.files["/api/models/IGNF/FLAIR-HUB_LC-G_utae/tree/main"] = json.dumps([
        {"type": "file", "path": "FLAIR-HUB_LC-G_utae.safetensors", "size": len(data),
         "lfs": {"oid": digest or sha(data), "size": len(data), "pointerSize": 134}}]).encode()
    return server.url("/api/models/{repo}/tree/main")


def test_dialog_shows_multisource_models_with_what_they_need(dialogs, tmp_path):
    dialog = dialogs.CatalogueDialog(None, cache=str(tmp_path / "models"))
    table = dialog.table
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    assert {"hub-lc-d", "hub-lc-l", "hub-lpis-i", "hub-lpis-f"} <= set(rows)
    r = rows["hub-lc-l"]
    assert [table.item(r, c).text() for c in (1, 2, 3, 6)] == ["AERIAL, DEM, SPOT, S2, S1A, S1D", "15", "~1106 MB",
                                                             "not downloaded"]
    assert table.item(rows["hub-lpis-i"], 2).text() == "23"
    table.selectRow(r)
    details = dialog.details.text()
    assert "Multi-source model: it reads these sources" in details
    assert "<b>S1D</b>: Sentinel-1 descending stack (VV, VH per date)" in details
    assert "<b>DEM</b>: DSM and DTM" in details
    assert "Not verified here: repository and file name; SPOT bands and normalisation" in details
    assert dialog.get_button.isEnabled() == (not dialog.busy)


def test_dialog_downloads_and_converts_a_multisource_model(dialogs, catalogues, server, tmp_path):
    pytest.importorskip("torch")
    data = _lcg_release(tmp_path)
    server.files["/lcg.safetensors"] = data
    # no checksum in the catalogue: the dialog asks the Hub's API for the published one
    cat = _multisource_catalogue(catalogues, tmp_path, server.url("/lcg.safetensors"), None,
                                 api=_publish_on_the_hub(server, data))
    cache = tmp_path / "models"
    dialog = dialogs.CatalogueDialog(None, catalogue=cat, cache=str(cache))
    dialog.table.selectRow(0)
    assert "verified by the size and SHA-256 Hugging Face publishes" in dialog.details.text()
    ready = []
    dialog.modelReady.connect(ready.append)
    dialog.table.selectRow(0)
    dialog.get_model()
    assert wait_until(lambda: ready or "failed" in dialog.last_message, 300), dialog.last_message
    onnx = str(cache / "hub-lc-g.onnx")
    assert ready == [onnx], dialog.last_message
    assert "hub-lc-g is ready" in dialog.last_message and "T=" in dialog.last_message
    assert dialog.row_status(0) == "ready"
    assert sorted(os.listdir(cache)) == ["checkpoints", "hub-lc-g.onnx"]
    assert [p for p, _ in server.requests][:2] == ["/api/models/IGNF/FLAIR-HUB_LC-G_utae/tree/main", "/lcg.safetensors"]


def test_dialog_cancels_a_multisource_conversion_and_leaves_only_the_checkpoint(dialogs, catalogues, server, tmp_path):
    """The minutes of a fused model's export used to run to the end whatever the user clicked: now
    the converter checks the task's cancel between steps and removes its hidden file."""
    pytest.importorskip("torch")
    data = _lcg_release(tmp_path)
    server.files["/lcg.safetensors"] = data
    cat = _multisource_catalogue(catalogues, tmp_path, server.url("/lcg.safetensors"), None,
                                 api=_publish_on_the_hub(server, data))
    cache = tmp_path / "models"
    dialog = dialogs.CatalogueDialog(None, catalogue=cat, cache=str(cache))
    ready, said = [], []
    dialog.modelReady.connect(ready.append)
    say = dialog.say
    dialog.say = lambda text, error=False: (said.append(text), say(text, error))
    dialog.table.selectRow(0)
    dialog.get_model()
    # cancel once the converter is running (its first line names the modalities), not before the
    # task starts, which QGIS alone would handle
    assert wait_until(lambda: any("SENTINEL2_TS ->" in t for t in said), 120), said
    dialog.cancel()
    assert wait_until(lambda: not dialog.busy, 300), dialog.last_message
    assert ready == [] and "Conversion cancelled." in dialog.last_message
    assert sorted(os.listdir(cache)) == ["checkpoints"]  # the verified download stays, nothing else
    assert dialog.row_status(0) != "ready"


def test_dialog_refuses_a_file_that_is_not_the_one_the_hub_publishes(dialogs, catalogues, server, tmp_path):
    data = b"not IGN's weights" * 1000
    server.files["/lcg.safetensors"] = data
    cat = _multisource_catalogue(catalogues, tmp_path, server.url("/lcg.safetensors"), None,
                                 api=_publish_on_the_hub(server, data, digest="ab" * 32))
    cache = tmp_path / "models"
    dialog = dialogs.CatalogueDialog(None, catalogue=cat, cache=str(cache))
    dialog.table.selectRow(0)
    dialog.get_model()
    assert wait_until(lambda: not dialog.busy and "mismatch" in dialog.last_message, 30), dialog.last_message
    assert "checksum mismatch" in dialog.last_message
    assert not [f for _, _, fs in os.walk(cache) for f in fs]


def test_dialog_says_a_wrong_multisource_address_may_be_the_catalogue_s(dialogs, catalogues, server, tmp_path):
    cat = _multisource_catalogue(catalogues, tmp_path, server.url("/nowhere.safetensors"), None)
    cache = tmp_path / "models"
    dialog = dialogs.CatalogueDialog(None, catalogue=cat, cache=str(cache))
    dialog.table.selectRow(0)
    dialog.get_model()
    assert wait_until(lambda: not dialog.busy and dialog.last_message and "downloading" not in dialog.last_message, 30)
    assert "404" in dialog.last_message and "may be wrong" in dialog.last_message
    assert not [f for _, _, fs in os.walk(cache) for f in fs]


def test_builtin_model_is_staged_hidden_and_what_a_killed_write_left_is_removed(tmp_path):
    """The built-in model is written as every output is (segment/commit.py): hidden under a name with
    the process id, so a QGIS killed while writing it leaves no visible .part, and the next write
    removes the hidden file it left (its process is gone)."""
    info = importlib.import_module(f"{PACKAGE}.qgis_glue.models.info")
    stale = tmp_path / f".{info.BASELINE_FILE}.{dead_pid()}-0badcafe.flair-part.onnx"
    stale.write_bytes(b"half a model")
    path = info.builtin_model_path(str(tmp_path))
    assert sorted(os.listdir(tmp_path)) == [info.BASELINE_FILE] and os.path.getsize(path) > 1000
