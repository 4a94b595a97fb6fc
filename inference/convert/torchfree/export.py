"""Write the torch-free ONNX file, and check it runs where no PyTorch is there to compare with."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .graphs import build_graph


@dataclass
class RunCheck:
    """What can be checked without PyTorch: the model runs, with the right shape, and finite logits."""

    shape: tuple[int, ...]
    finite: bool
    source: str

    def text(self) -> str:
        return (
            f"ONNX Runtime ran {self.source}: logits {list(self.shape)}, "
            f"{'all finite' if self.finite else 'NOT all finite'} (no PyTorch here to compare with)"
        )


def write_graph(state, arch: str, encoder: str, path: str, name: str) -> None:
    """Build the graph from ``state`` (smp keys, numpy arrays) and save it to ``path``."""
    import onnx

    proto = build_graph(state, arch, encoder, name)
    onnx.save(proto, path)


def run_check(path: str, x: np.ndarray, source: str) -> RunCheck:
    from ..run import onnx_session

    sess = onnx_session(path)
    out = sess.run(None, {sess.get_inputs()[0].name: x.astype(np.float32)})[0]
    return RunCheck(tuple(out.shape), bool(np.isfinite(out).all()), source)


__all__ = ["RunCheck", "run_check", "write_graph"]
