"""Print the converter's parity for the four multi-source shapes and T in {1, 2, 23, 60}
(tiny models, random weights): ``PYTHONPATH=. python tests/engine/multisource_parity.py``.
The test test_multisource_convert.py asserts the same bounds; this prints the numbers."""
from __future__ import annotations

import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from multisource_models import TILE, encoder_args, ign_state, random_model, save_safetensors, shapes  # noqa: E402

from inference.convert.multisource.run import convert_multisource  # noqa: E402


def main() -> None:
    for name, spec in shapes().items():
        with tempfile.TemporaryDirectory() as folder:
            ckpt = os.path.join(folder, "m.safetensors")
            save_safetensors(ign_state(random_model(spec), spec), ckpt)
            start = time.time()
            _, checks = convert_multisource(ckpt, os.path.join(folder, "m.onnx"), TILE, 32, say=lambda _: None,
                                            **encoder_args(spec))
            for c in checks:
                print(f"{name:<7} {c.text()}")
            print(f"{name:<7} convert + export + parity: {time.time() - start:.1f} s", flush=True)


if __name__ == "__main__":
    main()
