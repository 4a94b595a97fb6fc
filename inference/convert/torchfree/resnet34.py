"""smp's ResNet-34 encoder (torchvision's BasicBlock ResNet) as ONNX nodes.

Returns the six feature maps smp's decoders take: the input, then strides 2, 4, 8, 16, 32.
With ``output_stride=8`` (DeepLabV3) smp's ``make_dilated`` turns layer3 and layer4's strides
into dilations 2 and 4, every convolution of the stage included (also the 1x1 downsample).
"""
from __future__ import annotations

from .onnx_builder import Graph

LAYERS = ((64, 3), (128, 4), (256, 6), (512, 3))  # (width, blocks)
OUT_CHANNELS = (64, 64, 128, 256, 512)  # after conv1, layer1..4 (the input's own count comes first)


def encoder(g: Graph, x: str, in_channels: int, output_stride: int = 32) -> list[str]:
    feats = [x]
    y = g.conv_bn(x, "encoder.conv1", "encoder.bn1", in_channels, 64, 7, stride=2, padding=3)
    feats.append(y)
    y = g.max_pool(y, 3, 2, 1)
    cin = 64
    for i, (width, blocks) in enumerate(LAYERS, start=1):
        stage_stride = 2 ** (i + 1)  # 4, 8, 16, 32
        dilation = stage_stride // output_stride if stage_stride > output_stride else 1
        for b in range(blocks):
            first = b == 0
            stride = 2 if (first and i > 1 and dilation == 1) else 1
            y = _basic_block(g, y, f"encoder.layer{i}.{b}", cin, width, stride, dilation,
                             downsample=first and (i > 1))
            cin = width
        feats.append(y)
    return feats


def _basic_block(g: Graph, x: str, key: str, cin: int, cout: int, stride: int, dilation: int, downsample: bool) -> str:
    y = g.conv_bn(x, f"{key}.conv1", f"{key}.bn1", cin, cout, 3, stride=stride, padding=dilation, dilation=dilation)
    y = g.conv_bn(y, f"{key}.conv2", f"{key}.bn2", cout, cout, 3, relu=False, padding=dilation, dilation=dilation)
    skip = x
    if downsample:
        skip = g.conv_bn(x, f"{key}.downsample.0", f"{key}.downsample.1", cin, cout, 1, relu=False,
                         stride=stride, dilation=dilation)
    return g.relu(g.add(y, skip))
