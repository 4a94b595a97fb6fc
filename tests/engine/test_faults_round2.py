"""The fault matrix, round 2 (issue 21, findings/faults-2026-12-07): resume, blocks and Dask settings,
silent empty results, card-less models, conversion and downloads, as a user meets them through
``python -m inference``. Same harness and the same three checks as test_faults.py: the exit status,
the message (the file or setting, no traceback) and the disk afterwards."""
from __future__ import annotations

import os

import numpy as np
import pytest
import rasterio
import tiny_models as tm
from rasters import random_bands, write
from test_faults import Work, cli, codes, ok, refused, snap

from inference.core.cancel import Cancelled, CancelToken
from inference.scale.job import ScaleJob
from inference.scale.manifest import blocks_folder
from inference.scale.run import segment_blocks


@pytest.fixture
def w(tmp_path) -> Work:
    return Work(tmp_path)


# --- resume: never onto blocks made from other inputs (D07) ----------------------------------------


def _blocks_of_an_interrupted_run(w: Work, after: int = 2) -> None:
    job = ScaleJob(model=w.model, sources=[(None, w.rgb, None)], output=w.out, tile=64, margin=0, block=64,
                   device="cpu")
    cancel = CancelToken()
    with pytest.raises(Cancelled):
        segment_blocks(job, cancel=cancel, progress=lambda p: p.blocks_done >= after and cancel.cancel())
    assert len([n for n in os.listdir(blocks_folder(w.out)) if n.endswith(".tif")]) >= after


def test_resume_onto_an_input_rewritten_in_place_with_its_date_restored_starts_afresh(tmp_path):
    w = Work(tmp_path)
    w.data = random_bands((300, 300), seed=1)
    write(w.rgb, w.data)
    _blocks_of_an_interrupted_run(w)
    st = os.stat(w.rgb)
    new = random_bands((300, 300), seed=2)
    with rasterio.open(w.rgb, "r+") as ds:  # same size, same header: only the pixels differ
        ds.write(new)
    os.utime(w.rgb, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert os.stat(w.rgb).st_size == st.st_size
    r = ok(w.seg("--tile", "64", "--margin", "0", "--block", "64"))
    assert "started afresh: the inputs changed" in r.err and "resuming" not in r.err
    w.data = new
    assert np.array_equal(codes(w.out), w.expected())
    assert not os.path.exists(blocks_folder(w.out))

