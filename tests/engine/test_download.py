"""Model downloads against a local HTTP server (no test reaches the internet).

The server serves a converted small ONNX model and a fake IGN checkpoint, and can misbehave on
demand: drop the connection part-way (an interrupted transfer), answer 500, ignore Range
requests, or serve bytes that do not match the published checksum. Each case must end with
the right message and without a corrupt file in the cache under the model's name.
"""
from __future__ import annotations

import json
import os
import re

import pytest
from local_http import FAKE_CHECKPOINT, LocalServer, sha, write_catalogue

from inference.core.cancel import Cancelled, CancelToken
from inference.models.download import DownloadError, download, part_path


@pytest.fixture(scope="module")
def small_model(tmp_path_factory):
    """A converted small model: tiny_models.pointwise with a FLAIR card (class = the largest band)."""
    from tiny_models import card, pointwise

    path = tmp_path_factory.mktemp("m") / "pointwise.onnx"
    pointwise(str(path), 3, card(("R", "G", "B"), (1, 10, 5)))
    return path.read_bytes()


def test_download_converted_model_with_checksum(server, small_model, tmp_path):
    server.files["/m/pointwise.onnx"] = small_model
    dest = tmp_path / "cache" / "pointwise.onnx"
    seen = []
    got = download(server.url("/m/pointwise.onnx"), str(dest), sha256=sha(small_model), progress=lambda p: seen.append((p.done, p.total)))
    assert got == str(dest) and dest.read_bytes() == small_model
    assert not os.path.exists(part_path(str(dest)))
    assert seen[-1] == (len(small_model), len(small_model))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    # the engine opens it: a real model with its card
    from inference.models.session import read_model_info

    assert read_model_info(str(dest)).card.class_codes == (1, 10, 5)
    # already there and verified: no second transfer
    n = len(server.requests)
    download(server.url("/m/pointwise.onnx"), str(dest), sha256=sha(small_model))
    assert len(server.requests) == n


def test_interrupted_transfer_resumes_with_range(server, tmp_path):
    server.files["/ckpt.pth"] = FAKE_CHECKPOINT
    server.drop_after["/ckpt.pth"] = 100_000
    dest = tmp_path / "ckpt.pth"
    with pytest.raises(DownloadError, match=r"interrupted after 0\.1 MB of 0\.3 MB.*again to resume"):
        download(server.url("/ckpt.pth"), str(dest), sha256=sha(FAKE_CHECKPOINT))
    assert not dest.exists()  # nothing under the model's name
    assert os.path.getsize(part_path(str(dest))) == 100_000
    resumed = []
    download(server.url("/ckpt.pth"), str(dest), sha256=sha(FAKE_CHECKPOINT), progress=lambda p: resumed.append(p.resumed_from))
    assert server.requests[-1] == ("/ckpt.pth", "bytes=100000-")
    assert resumed[0] == 100_000
    assert dest.read_bytes() == FAKE_CHECKPOINT and not os.path.exists(part_path(str(dest)))


def test_checksum_mismatch_leaves_nothing(server, tmp_path):
    server.files["/ckpt.pth"] = FAKE_CHECKPOINT
    dest = tmp_path / "ckpt.pth"
    with pytest.raises(DownloadError, match=r"checksum mismatch \(SHA-256 [0-9a-f]{64}, expected 0{64}\).*deleted"):
        download(server.url("/ckpt.pth"), str(dest), sha256="0" * 64)
    assert not dest.exists() and not os.path.exists(part_path(str(dest)))
    # a resumed part that does not belong to the file (the server's copy changed): caught too
    with open(part_path(str(dest)), "wb") as f:
        f.write(b"x" * 1000)
    with pytest.raises(DownloadError, match="checksum mismatch"):
        download(server.url("/ckpt.pth"), str(dest), sha256=sha(FAKE_CHECKPOINT))
    assert not dest.exists() and not os.path.exists(part_path(str(dest)))


@pytest.mark.parametrize("code, reason", [(500, "Internal Server Error"), (404, "Not Found")])
def test_server_error(server, tmp_path, code, reason):
    server.fail["/ckpt.pth"] = code
    dest = tmp_path / "ckpt.pth"
    with pytest.raises(DownloadError, match=rf"answered {code} {reason} for http://127\.0\.0\.1:\d+/ckpt\.pth"):
        download(server.url("/ckpt.pth"), str(dest))
    assert not dest.exists() and not os.path.exists(part_path(str(dest)))


def test_cancel_keeps_the_part_for_resume(server, tmp_path):
    server.files["/ckpt.pth"] = FAKE_CHECKPOINT
    dest = tmp_path / "ckpt.pth"
    progress = []
    with pytest.raises(Cancelled, match="cancelled after .* resumes from there"):
        download(server.url("/ckpt.pth"), str(dest), progress=lambda p: progress.append(p.done),
                 cancel=CancelToken(poll=lambda: len(progress) > 2))
    assert not dest.exists() and 0 < os.path.getsize(part_path(str(dest))) < len(FAKE_CHECKPOINT)
    download(server.url("/ckpt.pth"), str(dest), sha256=sha(FAKE_CHECKPOINT))
    assert server.requests[-1][1] is not None and server.requests[-1][1].startswith("bytes=")
    assert dest.read_bytes() == FAKE_CHECKPOINT


def test_server_ignoring_range_starts_over(server, tmp_path):
    server.files["/ckpt.pth"] = FAKE_CHECKPOINT
    server.ignore_range.add("/ckpt.pth")
    dest = tmp_path / "ckpt.pth"
    with open(part_path(str(dest)), "wb") as f:
        f.write(FAKE_CHECKPOINT[:5000])
    download(server.url("/ckpt.pth"), str(dest), sha256=sha(FAKE_CHECKPOINT))
    assert dest.read_bytes() == FAKE_CHECKPOINT


def test_unreachable_server(tmp_path):
    s = LocalServer()
    url = s.url("/ckpt.pth")
    s.close()  # nothing listens there any more
    with pytest.raises(DownloadError, match=r"cannot reach 127\.0\.0\.1:\d+.*proxy"):
        download(url, str(tmp_path / "x"), timeout=5)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/ckpt.pth", "http://huggingface.co/x.pth", "file:///etc/passwd",
                                 "ftp://example.org/x.pth", "huggingface.co/x.pth"])
def test_only_https_addresses_are_opened(url, tmp_path, monkeypatch):
    import inference.models.download as dl

    monkeypatch.setattr(dl, "LOOPBACK_HTTP_FOR_TESTS", False)  # the user's path: no loopback allowance
    with pytest.raises(DownloadError, match="over https only"):
        download(url, str(tmp_path / "x.pth"), timeout=5)
    assert not list(tmp_path.iterdir())


def test_plain_http_is_refused_before_any_request(server, tmp_path, monkeypatch):
    import inference.models.download as dl

    server.files["/ckpt.pth"] = FAKE_CHECKPOINT
    monkeypatch.setattr(dl, "LOOPBACK_HTTP_FOR_TESTS", False)
    with pytest.raises(DownloadError, match="over https only"):
        download(server.url("/ckpt.pth"), str(tmp_path / "x.pth"))
    assert server.requests == [] and not list(tmp_path.iterdir())


@pytest.mark.parametrize("target, why", [("file:///etc/passwd", "answered 302"),  # urllib's own refusal
                                         ("http://example.invalid/ckpt.pth", "over https only")])
def test_a_redirect_may_not_leave_https(server, tmp_path, target, why):
    server.redirect["/ckpt.pth"] = target
    with pytest.raises(DownloadError, match=why):
        download(server.url("/ckpt.pth"), str(tmp_path / "x.pth"), timeout=5)
    assert not os.path.exists(tmp_path / "x.pth")


def test_the_hub_api_is_asked_over_https_only(server, monkeypatch):
    from types import SimpleNamespace

    import inference.models.download as dl
    from inference.models.published import lookup

    monkeypatch.setattr(dl, "LOOPBACK_HTTP_FOR_TESTS", False)
    found = lookup(SimpleNamespace(repo="IGNF/x", file="x.pth"), server.url("/api/{repo}/{file}"))
    assert found.sha256 is None and "over https only" in found.note
    assert server.requests == []


# ---------------------------------------------------------------------------------------------
# The headless front end: python -m inference models list|download|convert


def test_models_cli_download_then_convert(server, fake_release, tmp_path, capsys):
    from inference.cli.main import main

    server.files["/IGNF/TEST/ckpt.pth"] = fake_release
    cat = write_catalogue(tmp_path / "cat.json", server.url("/IGNF/TEST/ckpt.pth"), sha(fake_release))
    cache = str(tmp_path / "cache")
    common = ["--catalogue", cat, "--cache", cache]

    def listing():
        assert main(["models", "list", "--json", *common]) == 0
        return json.loads(capsys.readouterr().out)["models"][0]

    assert listing()["status"] == "absent"
    server.drop_after["/IGNF/TEST/ckpt.pth"] = 2_000_000
    assert main(["models", "download", "test-rgb-resnet18-unet", *common]) == 2
    err = capsys.readouterr().err
    assert "interrupted after 2.0 MB" in err and "resume" in err
    assert listing()["status"] == "partial"
    assert main(["models", "download", "test-rgb-resnet18-unet", *common]) == 0
    assert "resuming after 2.0 MB" in capsys.readouterr().err
    assert listing()["status"] == "downloaded"
    # one command from "I want this model" to a runnable ONNX (the download is already there)
    assert main(["models", "convert", "test-rgb-resnet18-unet", "--tile", "256", *common]) == 0
    out = capsys.readouterr().out
    assert "ONNX Runtime vs PyTorch" in out and "unet / resnet18" in out
    row = listing()
    assert row["status"] == "converted" and row["onnx"] == os.path.join(cache, "test-rgb-resnet18-unet.onnx")
    from inference.models.session import read_model_info

    card = read_model_info(row["onnx"]).card
    assert card.name == "IGNF/TEST_rgb_resnet18-unet" and card.licence == "Etalab Open Licence 2.0"
    assert card.roles == ("R", "G", "B") and card.class_codes == tuple(range(1, 20))
    # the human listing marks it ready
    assert main(["models", "list", *common]) == 0
    assert re.search(r"test-rgb-resnet18-unet .* ready", capsys.readouterr().out)


def test_models_cli_checksum_and_server_errors(server, fake_release, tmp_path, capsys):
    from inference.cli.main import main

    server.files["/ckpt.pth"] = fake_release
    cache = tmp_path / "cache"
    cat = write_catalogue(tmp_path / "cat.json", server.url("/ckpt.pth"), "f" * 64)
    assert main(["models", "convert", "test-rgb-resnet18-unet", "--catalogue", cat, "--cache", str(cache)]) == 2
    assert "checksum mismatch" in capsys.readouterr().err
    server.fail["/ckpt.pth"] = 500
    assert main(["models", "download", "test-rgb-resnet18-unet", "--catalogue", cat, "--cache", str(cache)]) == 2
    assert "answered 500" in capsys.readouterr().err
    assert not [f for _, _, fs in os.walk(cache) for f in fs]  # no file, corrupt or partial, in the cache
    assert main(["models", "download", "no-such-model", "--catalogue", cat, "--cache", str(cache)]) == 2
    assert "no model 'no-such-model'" in capsys.readouterr().err


def test_a_redirect_to_a_dead_address_names_that_address(server, tmp_path):
    """H08: the failure is where the redirect led (a CDN), not the first host that answered."""
    server.redirect["/ckpt.pth"] = "http://127.0.0.1:1/ckpt.pth"
    first = server.url("/").split("/")[2]
    with pytest.raises(DownloadError, match=rf"cannot reach 127\.0\.0\.1:1 \(redirected there by {re.escape(first)}\)"):
        download(server.url("/ckpt.pth"), str(tmp_path / "x.pth"), timeout=5)
    assert not os.path.exists(tmp_path / "x.pth")
