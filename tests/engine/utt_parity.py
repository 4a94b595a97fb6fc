"""Print the FLAIR#2 U-T&T converter's parity for T in {1, 2, 23, 60}, with and without metadata
(random weights): ``PYTHONPATH=. python tests/engine/utt_parity.py [--full]``.

Default: the tiny models of the tests (128 px tile). ``--full``: F2's real sizes (U-Net on
ResNet-34, U-TAE 64,64,128,128 with 16 heads, 40 px Sentinel crop, 512 px tile; about a minute
and 110 MB per model). test_utt.py asserts the same bounds on the tiny models.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from multisource_models import save_safetensors  # noqa: E402
from utt_models import ENCODER, TILE, ign_state, random_model, spec  # noqa: E402

from inference.convert.multisource.fused import SeriesSpec  # noqa: E402
from inference.convert.multisource.utt import UttSpec  # noqa: E402
from inference.convert.multisource.utt_convert import convert_utt  # noqa: E402


def full_spec(metadata: bool) -> UttSpec:
    series = SeriesSpec("SENTINEL2_TS", 10, 40, (64, 64, 128, 128), (64, 64, 128, 128), (32, 13), (4, 2, 1), 16, 256, 4)
    return UttSpec("resnet34", 5, (256, 128, 64, 32, 16), 13, series, 45 if metadata else 0, 16 if metadata else 0, 512)


def main() -> None:
    full = "--full" in sys.argv
    for metadata in (False, True):
        s = full_spec(metadata) if full else spec(metadata)
        with tempfile.TemporaryDirectory() as folder:
            ckpt = os.path.join(folder, "m.safetensors")
            save_safetensors(ign_state(random_model(s)), ckpt)
            start = time.time()
            _, checks = convert_utt(ckpt, os.path.join(folder, "m.onnx"), s.tile, s.tile // 4,
                                    encoder=None if full else ENCODER, say=lambda _: None)
            label = f"{'full' if full else 'tiny'} {'with' if metadata else 'without'} metadata"
            for c in checks:
                print(f"{label}: {c.text()}")
            print(f"{label}: convert + export + parity {time.time() - start:.1f} s (tile {s.tile if full else TILE})",
                  flush=True)


if __name__ == "__main__":
    main()
