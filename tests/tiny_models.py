"""Tiny ONNX models whose maths is written down, so tests can state exact expected pixels.

All take (N, C, H, W) float32 and return (N, K, H, W) scores; with our card, normalisation
is the identity (scale 1) unless a test says otherwise.

- ``pointwise``: K = C; score_k = x_k. So the class is the argmax over the input bands.
- ``box(k)``: a single k x k convolution, zero padding k//2, every weight 1: score_c = the
  sum of band c over the k x k neighbourhood (receptive field radius k//2). The class is the
  band with the largest local sum. Sums of integers are exact in float32, so ties break the
  same way (first band) in ONNX Runtime and in numpy.
"""
from __future__ import annotations

import json

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def _save(graph, path, card: dict | None, meta: dict | None = None, opset: int = 17):
    model = helper.make_model(graph, opset_imports=[helper.make_operatorsetid("", opset)])
    model.ir_version = 8
    props = dict(meta or {})
    if card is not None:
        props["flair_card"] = json.dumps(card)
    for k, v in props.items():
        p = model.metadata_props.add()
        p.key, p.value = k, v
    onnx.checker.check_model(model)
    onnx.save(model, path)
    return path


def card(roles, codes, **kw) -> dict:
    encodings = kw.pop("encoding", {})
    d = {
        "name": kw.pop("name", "tiny"),
        "inputs": [{"role": r, "encoding": encodings.get(r, "uint8")} for r in roles],
        "class_codes": list(codes),
        "scale": 1.0,
        "resolution_m": 0.2,
        "tile": 64,
        "margin": 8,
        "output": "logits",
    }
    d.update(kw)
    return d


def pointwise(path, n_bands=3, card_dict=None, fixed_hw=None, meta=None):
    h = fixed_hw or "H"
    w = fixed_hw or "W"
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", n_bands, h, w])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", n_bands, h, w])
    g = helper.make_graph([helper.make_node("Identity", ["x"], ["y"])], "pointwise", [x], [y])
    return _save(g, path, card_dict, meta)


def box(path, k=3, n_bands=3, card_dict=None):
    wts = np.zeros((n_bands, n_bands, k, k), np.float32)
    for c in range(n_bands):
        wts[c, c] = 1.0
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", n_bands, "H", "W"])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", n_bands, "H", "W"])
    node = helper.make_node("Conv", ["x", "w"], ["y"], kernel_shape=[k, k], pads=[k // 2] * 4)
    g = helper.make_graph([node], f"box{k}", [x], [y], [numpy_helper.from_array(wts, "w")])
    return _save(g, path, card_dict)


def box_reference(x: np.ndarray, k: int) -> np.ndarray:
    """numpy reference for ``box``: per-band k x k sum with zero padding. x: (C, H, W)."""
    p = k // 2
    xp = np.pad(x.astype(np.float64), ((0, 0), (p, p), (p, p)))
    out = np.zeros_like(x, dtype=np.float64)
    for dy in range(k):
        for dx in range(k):
            out += xp[:, dy : dy + x.shape[1], dx : dx + x.shape[2]]
    return out
