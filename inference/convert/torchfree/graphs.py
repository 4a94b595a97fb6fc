"""Which networks the torch-free converter can write, and the ONNX graph of one from its weights."""
from __future__ import annotations

import numpy as np

from ..checkpoint import CheckpointError
from . import deeplabv3, fpn, mit, unet
from .onnx_builder import Graph, Weights

BUILDERS = {"unet": unet.build, "fpn": fpn.build, "deeplabv3": deeplabv3.build}
# encoders each decoder is written for
ENCODERS = {"unet": ("resnet34",) + mit.VARIANTS, "fpn": ("resnet34",), "deeplabv3": ("resnet34",)}
FIRST_CONV = {"resnet34": "encoder.conv1.weight", **{v: "encoder.patch_embed1.proj.weight" for v in mit.VARIANTS}}


def supports(arch: str | None, encoder: str | None) -> bool:
    """True when the network can be written without PyTorch: smp's U-Net, FPN and DeepLabV3 on
    ResNet-34, and U-Net on MiT-B0..B5."""
    return encoder in ENCODERS.get(arch or "", ())


def build_graph(state, arch: str, encoder: str, name: str = "checkpoint", dtype=np.float32):
    """The ONNX model (logits, dynamic N/H/W) of ``arch``/``encoder`` with the weights in ``state``
    (smp keys, numpy arrays). Refuses, naming the key, a state that does not fit exactly.
    ``dtype`` float64 serves only to prove the graph exact (ONNX Runtime's CPU kernels are float32)."""
    if not supports(arch, encoder):
        raise CheckpointError.say(
            "{name}: {arch} / {encoder} cannot be converted without PyTorch (only U-Net, FPN and DeepLabV3 "
            "on ResNet-34, and U-Net on MiT); use the PyTorch converter", name=name, arch=arch, encoder=encoder
        )
    if arch == "deeplabv3":
        state = deeplabv3.rename_legacy_keys(state)
    first = FIRST_CONV[encoder]
    for key in (first, "segmentation_head.0.weight"):
        if key not in state or len(state[key].shape) != 4:
            raise CheckpointError.say(
                "{name} does not fit {arch} / {encoder}: it has no 4-D {key}; check that this is the "
                "catalogue's file", name=name, arch=arch, encoder=encoder, key=key
            )
    in_channels = int(state[first].shape[1])
    classes = int(state["segmentation_head.0.weight"].shape[0])
    w = Weights(state, name, f"{arch} / {encoder} ({in_channels} inputs, {classes} outputs)")
    g = Graph(w, dtype)
    if arch == "unet":
        out = unet.build(g, "input", in_channels, classes, encoder)
    else:
        out = BUILDERS[arch](g, "input", in_channels, classes)
    w.check_all_used()
    return g.model("input", out, in_channels, classes, f"{arch}_{encoder}")


__all__ = ["BUILDERS", "ENCODERS", "build_graph", "supports"]
