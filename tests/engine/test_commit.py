"""The safe output set (inference.segment.commit) on its own: staging, verification, swap."""
import os
import signal

import numpy as np
import pytest
import rasterio
from rasters import random_bands, write

from inference.segment import commit
from inference.segment.commit import OutputError, OutputSet


def test_staged_files_are_hidden_verified_and_swapped_with_ordinary_permissions(tmp_path):
    out = tmp_path / "map.tif"
    out.write_bytes(b"old map")
    (tmp_path / "map.qml").write_text("old style")
    old = os.umask(0o022)
    try:
        with OutputSet([str(out)]) as s:
            tmp = s.temp(str(out))
            assert os.path.basename(tmp).startswith(".map.tif.") and tmp.endswith(".flair-part.tif")
            data = np.arange(64 * 64, dtype=np.uint8).reshape(1, 64, 64) % 5
            write(tmp, data)
            s.expect_raster(str(out), (64, 64), {int(c): int(n) for c, n in enumerate(np.bincount(data.ravel()))})
            s.write_text(str(tmp_path / "map.qml"), "new style")
            assert out.read_bytes() == b"old map"  # nothing replaced before commit
            s.commit()
    finally:
        os.umask(old)
    assert (tmp_path / "map.qml").read_text() == "new style"
    with rasterio.open(out) as ds:
        assert ds.read(1).sum() == data.sum()
    assert os.stat(out).st_mode & 0o777 == 0o644
    assert sorted(os.listdir(tmp_path)) == ["map.qml", "map.tif"]


def test_a_failure_before_commit_keeps_the_old_files(tmp_path):
    out = tmp_path / "map.tif"
    out.write_bytes(b"old map")
    with pytest.raises(KeyboardInterrupt):
        with OutputSet([str(out)]) as s:
            s.write_text(str(tmp_path / "map.qml"), "new")
            raise KeyboardInterrupt
    assert out.read_bytes() == b"old map" and sorted(os.listdir(tmp_path)) == ["map.tif"]


def test_truncated_raster_is_caught_at_verification(tmp_path):
    out = tmp_path / "map.tif"
    out.write_bytes(b"old map")
    with OutputSet([str(out)]) as s:
        tmp = s.temp(str(out))
        write(tmp, random_bands((300, 300), n=1))
        data = open(tmp, "rb").read()
        open(tmp, "wb").write(data[: len(data) // 2])
        s.expect_raster(str(out), (300, 300))
        with pytest.raises(OutputError, match="map.tif could not be read back.*previous files were kept"):
            s.commit()
    assert out.read_bytes() == b"old map" and os.listdir(tmp_path) == ["map.tif"]


def test_counts_that_differ_are_caught(tmp_path):
    out = tmp_path / "map.tif"
    with OutputSet([str(out)]) as s:
        write(s.temp(str(out)), np.ones((1, 8, 8), np.uint8))
        s.expect_raster(str(out), (8, 8), {1: 63})
        with pytest.raises(OutputError, match="differs from what was written"):
            s.commit()
    assert not out.exists()


def test_free_space_refusal_gives_the_numbers(tmp_path, monkeypatch):
    monkeypatch.setattr(commit, "free_bytes", lambda folder: 100_000)
    with pytest.raises(OutputError) as e:
        commit.check_free_space(str(tmp_path / "o.tif"), 4000, 4000, confidence=True)
    msg = str(e.value)
    assert "o.tif" in msg and "0.1 MB is free" in msg and "4000 x 4000 px" in msg and "MB" in msg


def test_signals_are_held_during_the_swap():
    got = []
    old = signal.signal(signal.SIGUSR1, signal.SIG_DFL)
    try:
        signal.signal(signal.SIGTERM, lambda n, f: got.append("after"))
        with commit.signals_held():
            os.kill(os.getpid(), signal.SIGTERM)
            got.append("inside")
        assert got == ["inside", "after"]
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGUSR1, old)
