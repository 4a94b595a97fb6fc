"""The torch-free converter's part of a conversion: reading as numpy, writing the graph, checking it runs.

It never imports torch: the PyTorch converter takes over only for what this one cannot do, and
then only ``torch_layout`` touches torch (lazily, on that path).
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace

import numpy as np

from ..ort import onnx_session
from .checkpoint_reader import Checkpoint, NotZipCheckpoint, read_checkpoint
from .graphs import build_graph, supports


@dataclass
class RunCheck:
    """What is checked without PyTorch: the model runs, with the right shape, and finite logits."""

    shape: tuple[int, ...]
    finite: bool
    source: str

    def text(self) -> str:
        return (
            f"ONNX Runtime ran {self.source}: logits {list(self.shape)}, "
            f"{'all finite' if self.finite else 'NOT all finite'} (written without PyTorch, so there "
            "is no PyTorch model to compare with; docs/models.md gives the parity measured in the tests)"
        )


def read_numpy(path: str, converter: str) -> Checkpoint | None:
    """The checkpoint read without torch; None where only torch's reader can (a PyTorch < 1.6
    pickle, or ``converter='pytorch'``). Hostile or damaged files are refused here, not passed on."""
    if converter == "pytorch":
        return None
    try:
        return read_checkpoint(path)
    except NotZipCheckpoint:
        if converter == "torch-free":
            raise
        return None


def applies(converter: str, checkpoint: Checkpoint | None, arch: str, encoder: str) -> bool:
    return converter != "pytorch" and checkpoint is not None and supports(arch, encoder)


def torch_layout(layout):
    """The same layout with torch tensors, for the PyTorch converter (torch imported here, on that path only)."""
    import torch

    return replace(layout, state=OrderedDict(
        # np.require keeps 0-d arrays 0-d (num_batches_tracked), np.ascontiguousarray would not
        (k, torch.from_numpy(np.require(v, requirements=["C", "W"]))) for k, v in layout.state.items()
    ))


def write_graph(state, arch: str, encoder: str, path: str, name: str, fixed_tile: int | None = None) -> None:
    """Build the graph from ``state`` (smp keys, numpy arrays) and save it to ``path``."""
    import onnx

    proto = build_graph(state, arch, encoder, name)
    if fixed_tile:  # GeoDeep reads the tile size from the graph's input shape
        for d in proto.graph.input[0].type.tensor_type.shape.dim[2:]:
            d.dim_value = fixed_tile
    onnx.save(proto, path)


def run_check(path: str, x: np.ndarray, source: str) -> RunCheck:
    sess = onnx_session(path)
    out = sess.run(None, {sess.get_inputs()[0].name: x.astype(np.float32)})[0]
    return RunCheck(tuple(out.shape), bool(np.isfinite(out).all()), source)


__all__ = ["RunCheck", "applies", "read_numpy", "run_check", "torch_layout", "write_graph"]
