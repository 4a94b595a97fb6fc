"""smp's U-Net decoder and head (decoder_channels 256, 128, 64, 32, 16; no attention, no centre block)
on a ResNet-34 or a MiT (B0-B5) encoder."""
from __future__ import annotations

from . import mit, resnet34
from .onnx_builder import Graph

DECODER_CHANNELS = (256, 128, 64, 32, 16)


def _encoder(g: Graph, x: str, in_channels: int, encoder: str):
    if encoder == "resnet34":
        return resnet34.encoder(g, x, in_channels), (in_channels,) + resnet34.OUT_CHANNELS
    return mit.encoder(g, x, in_channels, encoder), mit.out_channels(encoder, in_channels)


def build(g: Graph, x: str, in_channels: int, classes: int, encoder: str = "resnet34") -> str:
    feats, enc = _encoder(g, x, in_channels, encoder)
    # smp: drop the input, deepest first; each block is resized to the next shallower map's size.
    # MiT has no stride-2 map (smp passes 0 channels): that block doubles the size and adds nothing.
    skips = feats[1:-1][::-1] + [None]
    skip_ch = list(enc[1:-1][::-1]) + [0]
    targets = feats[:-1][::-1]
    y, cin = feats[-1], enc[-1]
    for i, cout in enumerate(DECODER_CHANNELS):
        y = g.upsample_nearest(y, 2) if targets[i] is None else g.resize_nearest_like(y, targets[i])
        if skips[i] is not None:
            y = g.concat([y, skips[i]])
        key = f"decoder.blocks.{i}"
        y = g.conv_bn(y, f"{key}.conv1.0", f"{key}.conv1.1", cin + skip_ch[i], cout, 3, padding=1)
        y = g.conv_bn(y, f"{key}.conv2.0", f"{key}.conv2.1", cout, cout, 3, padding=1)
        cin = cout
    return g.conv_key(y, "segmentation_head.0", cin, classes, 3, bias=True, padding=1)
