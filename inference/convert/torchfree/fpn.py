"""smp's FPN decoder and head (pyramid 256, segmentation 128, merge by sum, head upsampled x4)."""
from __future__ import annotations

from . import resnet34
from .onnx_builder import Graph

PYRAMID = 256
SEGMENTATION = 128


def build(g: Graph, x: str, in_channels: int, classes: int) -> str:
    feats = resnet34.encoder(g, x, in_channels)
    c2, c3, c4, c5 = feats[-4:]
    ch = resnet34.OUT_CHANNELS[-4:]
    p5 = g.conv_key(c5, "decoder.p5", ch[3], PYRAMID, 1, bias=True)
    p4 = _fpn_block(g, p5, c4, "decoder.p4", ch[2])
    p3 = _fpn_block(g, p4, c3, "decoder.p3", ch[1])
    p2 = _fpn_block(g, p3, c2, "decoder.p2", ch[0])
    pyramid = [
        _seg_block(g, p, f"decoder.seg_blocks.{i}", n_up)
        for i, (p, n_up) in enumerate(zip((p5, p4, p3, p2), (3, 2, 1, 0)))
    ]
    y = g.add(*pyramid)  # Dropout2d is the identity in eval mode
    y = g.conv_key(y, "segmentation_head.0", SEGMENTATION, classes, 1, bias=True)
    return g.upsample_bilinear_aligned(y, 4)


def _fpn_block(g: Graph, x: str, skip: str, key: str, skip_channels: int) -> str:
    up = g.upsample_nearest(x, 2)
    return g.add(up, g.conv_key(skip, f"{key}.skip_conv", skip_channels, PYRAMID, 1, bias=True))


def _seg_block(g: Graph, x: str, key: str, n_upsamples: int) -> str:
    cin = PYRAMID
    for j in range(max(n_upsamples, 1)):
        k = f"{key}.block.{j}.block"
        w = g.w.get(f"{k}.0.weight", (SEGMENTATION, cin, 3, 3))
        x = g.conv(x, w, None, padding=1, hint=f"{k}.0")
        x = g.relu(g.group_norm(x, f"{k}.1", SEGMENTATION))
        if n_upsamples:
            x = g.upsample_bilinear_aligned(x, 2)
        cin = SEGMENTATION
    return x
