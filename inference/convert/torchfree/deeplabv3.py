"""smp's DeepLabV3 (ResNet-34 at output stride 8, ASPP rates 12/24/36, 256 channels, head upsampled x8).

smp < 0.5 made the decoder an ``nn.Sequential`` (keys ``decoder.0`` ASPP, ``decoder.1`` conv,
``decoder.2`` BatchNorm); smp 0.5 named them ``aspp``, ``conv``, ``bn``. FLAIR-INC's file has the
old names, a checkpoint saved by a recent smp the new ones: :func:`rename_legacy_keys` reads both.
"""
from __future__ import annotations

import re
from collections import OrderedDict

from . import resnet34
from .onnx_builder import Graph

CHANNELS = 256
RATES = (12, 24, 36)
_LEGACY = {"0": "aspp", "1": "conv", "2": "bn"}


def rename_legacy_keys(state) -> OrderedDict:
    rx = re.compile(r"^decoder\.([012])\.")
    return OrderedDict((rx.sub(lambda m: f"decoder.{_LEGACY[m.group(1)]}.", k), v) for k, v in state.items())


def build(g: Graph, x: str, in_channels: int, classes: int) -> str:
    feats = resnet34.encoder(g, x, in_channels, output_stride=8)
    f, cin = feats[-1], resnet34.OUT_CHANNELS[-1]
    a = "decoder.aspp"
    branches = [g.conv_bn(f, f"{a}.convs.0.0", f"{a}.convs.0.1", cin, CHANNELS, 1)]
    for i, rate in enumerate(RATES, start=1):
        branches.append(g.conv_bn(f, f"{a}.convs.{i}.0", f"{a}.convs.{i}.1", cin, CHANNELS, 3,
                                  padding=rate, dilation=rate))
    pooled = g.op("GlobalAveragePool", [f])
    pooled = g.conv_bn(pooled, f"{a}.convs.4.1", f"{a}.convs.4.2", cin, CHANNELS, 1)
    branches.append(g.broadcast_like(pooled, f))
    y = g.conv_bn(g.concat(branches), f"{a}.project.0", f"{a}.project.1", 5 * CHANNELS, CHANNELS, 1)
    y = g.conv_bn(y, "decoder.conv", "decoder.bn", CHANNELS, CHANNELS, 3, padding=1)  # Dropout: identity in eval
    y = g.conv_key(y, "segmentation_head.0", CHANNELS, classes, 1, bias=True)
    return g.upsample_bilinear_aligned(y, 8)
