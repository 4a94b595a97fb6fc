"""smp's MiT (SegFormer's Mix Transformer) encoder, B0 to B5, as ONNX nodes.

Returns what smp's decoders take: the input, an empty stride-2 map (``None`` here: smp passes
a 0-channel tensor, so the decoder concatenates nothing), then strides 4, 8, 16, 32. Tokens are
kept as (N, H*W, C) within a stage and turned back into (N, C, H, W) where a convolution needs it.
GELU is the exact (erf) form, as torch's nn.GELU; LayerNorm epsilons are smp's (1e-6 for the
blocks' and stages' norms, 1e-5 for the patch embeddings' and the spatial-reduction norms).
"""
from __future__ import annotations

import math

import numpy as np

from .onnx_builder import Graph

DIMS = {"mit_b0": (32, 64, 160, 256)}
DEPTHS = {"mit_b0": (2, 2, 2, 2), "mit_b1": (2, 2, 2, 2), "mit_b2": (3, 4, 6, 3), "mit_b3": (3, 4, 18, 3),
          "mit_b4": (3, 8, 27, 3), "mit_b5": (3, 6, 40, 3)}
HEADS = (1, 2, 5, 8)
SR_RATIOS = (8, 4, 2, 1)
MLP_RATIO = 4
NORM_EPS = 1e-6  # the blocks' and stages' norms (smp's norm_layer)
DEFAULT_EPS = 1e-5  # the patch embeddings' and the attention's spatial-reduction norms (LayerNorm's default)
VARIANTS = tuple(DEPTHS)


def dims(variant: str) -> tuple[int, ...]:
    return DIMS.get(variant, (64, 128, 320, 512))


def out_channels(variant: str, in_channels: int) -> tuple[int, ...]:
    return (in_channels, 0) + dims(variant)


def encoder(g: Graph, x: str, in_channels: int, variant: str) -> list[str | None]:
    feats: list[str | None] = [x, None]
    cin = in_channels
    for s, (dim, depth) in enumerate(zip(dims(variant), DEPTHS[variant]), start=1):
        k, stride = (7, 4) if s == 1 else (3, 2)
        key = f"encoder.patch_embed{s}"
        y = g.conv_key(x if s == 1 else feats[-1], f"{key}.proj", cin, dim, k, bias=True, stride=stride, padding=k // 2)
        shape = g.op("Shape", [y])  # (N, C, H, W) of this stage
        t = _tokens(g, y, dim)
        t = _layer_norm(g, t, f"{key}.norm", dim, DEFAULT_EPS)
        for b in range(depth):
            t = _block(g, t, shape, f"encoder.block{s}.{b}", dim, HEADS[s - 1], SR_RATIOS[s - 1])
        t = _layer_norm(g, t, f"encoder.norm{s}", dim, NORM_EPS)
        feats.append(_image(g, t, shape))
        cin = dim
    return feats


def _tokens(g: Graph, x: str, channels: int) -> str:
    """(N, C, H, W) -> (N, H*W, C)."""
    flat = g.op("Reshape", [x, g.const(np.array([0, channels, -1], np.int64))])
    return g.op("Transpose", [flat], perm=[0, 2, 1])


def _image(g: Graph, t: str, shape: str) -> str:
    """(N, H*W, C) -> (N, C, H, W) with ``shape`` the (N, C, H, W) to restore."""
    return g.op("Reshape", [g.op("Transpose", [t], perm=[0, 2, 1]), shape])


def _layer_norm(g: Graph, t: str, key: str, dim: int, eps: float) -> str:
    w = g.w.get(key + ".weight", (dim,))
    b = g.w.get(key + ".bias", (dim,))
    if g.dtype == np.float64:  # the exactness proof: onnx's reference LayerNormalization stashes float32
        mean = g.op("ReduceMean", [t], axes=[-1])
        d = g.op("Sub", [t, mean])
        var = g.op("ReduceMean", [g.op("Mul", [d, d])], axes=[-1])
        std = g.op("Sqrt", [g.op("Add", [var, g.const(np.array(eps, g.dtype))])])
        return g.op("Add", [g.op("Mul", [g.op("Div", [d, std]), g.const(w)]), g.const(b)])
    return g.op("LayerNormalization", [t, g.const(w.astype(g.dtype)), g.const(b.astype(g.dtype))], axis=-1,
                epsilon=eps)


def _linear(g: Graph, t: str, key: str, cin: int, cout: int, rows: slice | None = None) -> str:
    w = g.w.get(key + ".weight", (cout if rows is None else 2 * cout, cin))
    b = g.w.get(key + ".bias", (cout if rows is None else 2 * cout,))
    if rows is not None:  # one half of a fused projection (the attention's kv)
        w, b = w[rows], b[rows]
    y = g.op("MatMul", [t, g.const(np.ascontiguousarray(w.T).astype(g.dtype), key + ".w")])
    return g.op("Add", [y, g.const(b.astype(g.dtype), key + ".b")])


def _heads(g: Graph, t: str, heads: int, head_dim: int) -> str:
    """(N, L, C) -> (N, heads, L, head_dim)."""
    r = g.op("Reshape", [t, g.const(np.array([0, -1, heads, head_dim], np.int64))])
    return g.op("Transpose", [r], perm=[0, 2, 1, 3])


def _block(g: Graph, t: str, shape: str, key: str, dim: int, heads: int, sr: int) -> str:
    t = g.add(t, _attention(g, _layer_norm(g, t, f"{key}.norm1", dim, NORM_EPS), shape, f"{key}.attn", dim, heads, sr))
    return g.add(t, _mix_ffn(g, _layer_norm(g, t, f"{key}.norm2", dim, NORM_EPS), shape, f"{key}.mlp", dim))


def _attention(g: Graph, t: str, shape: str, key: str, dim: int, heads: int, sr: int) -> str:
    head_dim = dim // heads
    q = _heads(g, _linear(g, t, f"{key}.q", dim, dim), heads, head_dim)
    src = t
    if sr > 1:  # keys and values from a spatially reduced map (a strided convolution, then LayerNorm)
        red = g.conv_key(_image(g, t, shape), f"{key}.sr", dim, dim, sr, bias=True, stride=sr)
        src = _layer_norm(g, _tokens(g, red, dim), f"{key}.norm", dim, DEFAULT_EPS)
    k = _heads(g, _linear(g, src, f"{key}.kv", dim, dim, rows=slice(0, dim)), heads, head_dim)
    v = _heads(g, _linear(g, src, f"{key}.kv", dim, dim, rows=slice(dim, 2 * dim)), heads, head_dim)
    scores = g.op("MatMul", [q, g.op("Transpose", [k], perm=[0, 1, 3, 2])])
    scores = g.op("Mul", [scores, g.const(np.array(head_dim ** -0.5, g.dtype))])
    out = g.op("MatMul", [g.op("Softmax", [scores], axis=-1), v])
    out = g.op("Reshape", [g.op("Transpose", [out], perm=[0, 2, 1, 3]), g.const(np.array([0, -1, dim], np.int64))])
    return _linear(g, out, f"{key}.proj", dim, dim)


def _mix_ffn(g: Graph, t: str, shape: str, key: str, dim: int) -> str:
    hidden = dim * MLP_RATIO
    h = _linear(g, t, f"{key}.fc1", dim, hidden)
    # the depthwise 3x3 convolution needs the image: (N, 4C, H, W) from the stage's (N, C, H, W)
    n = g.op("Slice", [shape, g.const(np.array([0], np.int64)), g.const(np.array([1], np.int64))])
    hw = g.op("Slice", [shape, g.const(np.array([2], np.int64)), g.const(np.array([4], np.int64))])
    hshape = g.op("Concat", [n, g.const(np.array([hidden], np.int64)), hw], axis=0)
    img = g.op("Reshape", [g.op("Transpose", [h], perm=[0, 2, 1]), hshape])
    w = g.w.get(f"{key}.dwconv.dwconv.weight", (hidden, 1, 3, 3))
    b = g.w.get(f"{key}.dwconv.dwconv.bias", (hidden,))
    img = g.op("Conv", [img, g.const(w.astype(g.dtype)), g.const(b.astype(g.dtype))], kernel_shape=[3, 3],
               pads=[1, 1, 1, 1], group=hidden)
    h = _tokens(g, img, hidden)
    h = _gelu(g, h)
    return _linear(g, h, f"{key}.fc2", hidden, dim)


def _gelu(g: Graph, x: str) -> str:
    """torch's exact GELU: x/2 (1 + erf(x / sqrt 2)) (opset 17 has no Gelu operator)."""
    e = g.op("Erf", [g.op("Mul", [x, g.const(np.array(1 / math.sqrt(2), g.dtype))])])
    one_plus = g.op("Add", [e, g.const(np.array(1.0, g.dtype))])
    return g.op("Mul", [g.op("Mul", [x, one_plus]), g.const(np.array(0.5, g.dtype))])
