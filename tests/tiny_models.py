"""Tiny ONNX models whose maths is written down, so tests can state exact expected pixels.

All take (N, C, H, W) float32 and return (N, K, H, W) scores; with our card, normalisation
is the identity (scale 1) unless a test says otherwise.

- ``pointwise``: K = C; score_k = x_k. So the class is the argmax over the input bands.
- ``box(k)``: a single k x k convolution, zero padding k//2, every weight 1: score_c = the
  sum of band c over the k x k neighbourhood (receptive field radius k//2). The class is the
  band with the largest local sum. Sums of integers are exact in float32, so ties break the
  same way (first band) in ONNX Runtime and in numpy.

For the fault matrix (tests/engine/test_faults.py), each documented where it is defined:
``valid_box`` (box without padding: k - 1 px smaller), ``non_finite`` (x / 0), ``typed_input``
(uint8 / float16 input), ``conv_weights_for`` (dynamic C, weights for another C),
``undeclared_output`` (no output shape), ``floor`` (bands plus a constant class: tells 0..255 from
0..1), ``sigmoid_one`` (one channel, or rank 3), ``two_outputs`` (x and -x), ``breaks_at_run``
(a reshape that only fits 32 px), ``deepness_meta`` (Deepness's metadata keys).
"""
from __future__ import annotations

import json

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def _save(graph, path, card: dict | None, meta: dict | None = None, opset: int = 17, check: bool = True):
    model = helper.make_model(graph, opset_imports=[helper.make_operatorsetid("", opset)])
    model.ir_version = 8
    props = dict(meta or {})
    if card is not None:
        props["flair_card"] = json.dumps(card)
    for k, v in props.items():
        p = model.metadata_props.add()
        p.key, p.value = k, v
    if check:  # the checker wants every output's shape declared; some exports leave it out
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


# --- models for the fault matrix (tests/engine/test_faults.py) -------------------------------


def _io(name, n, hw=("H", "W"), elem=TensorProto.FLOAT, batch="N"):
    return helper.make_tensor_value_info(name, elem, [batch, n, *hw])


def valid_box(path, k=5, n_bands=3, card_dict=None):
    """``box(k)`` without padding ("valid" convolution): (N, C, H, W) -> (N, C, H-k+1, W-k+1).

    Output pixel (i, j) is the k x k sum centred on input pixel (i + k//2, j + k//2), so the
    output is the input's centre, k//2 px smaller on each side."""
    wts = np.zeros((n_bands, n_bands, k, k), np.float32)
    for c in range(n_bands):
        wts[c, c] = 1.0
    node = helper.make_node("Conv", ["x", "w"], ["y"], kernel_shape=[k, k])
    g = helper.make_graph([node], f"valid{k}", [_io("x", n_bands)], [_io("y", n_bands, ("h", "w"))],
                          [numpy_helper.from_array(wts, "w")])
    return _save(g, path, card_dict)


def non_finite(path, n_bands=3, card_dict=None):
    """score = x / 0: +Inf where x > 0, NaN where x == 0 (a model that diverged)."""
    zero = numpy_helper.from_array(np.zeros((1,), np.float32), "zero")
    g = helper.make_graph([helper.make_node("Div", ["x", "zero"], ["y"])], "nonfinite",
                          [_io("x", n_bands)], [_io("y", n_bands)], [zero])
    return _save(g, path, card_dict)


def typed_input(path, elem, n_bands=3, card_dict=None):
    """``pointwise`` whose input is ``elem`` (TensorProto.UINT8 / FLOAT16): score_k = float(x_k)."""
    nodes = [helper.make_node("Cast", ["x"], ["y"], to=TensorProto.FLOAT)]
    g = helper.make_graph(nodes, "typed", [_io("x", n_bands, elem=elem)], [_io("y", n_bands)])
    return _save(g, path, card_dict)


def conv_weights_for(path, weight_channels=4, card_dict=None):
    """A 1x1 convolution made for ``weight_channels`` inputs, its channel count left dynamic ("C"):
    the graph accepts any C until ONNX Runtime runs it. Two classes: the sum of the bands, and its
    negative."""
    wts = np.ones((2, weight_channels, 1, 1), np.float32)
    wts[1] = -1
    node = helper.make_node("Conv", ["x", "w"], ["y"], kernel_shape=[1, 1])
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", "C", "H", "W"])
    g = helper.make_graph([node], "dyn", [x], [_io("y", 2)], [numpy_helper.from_array(wts, "w")])
    return _save(g, path, card_dict)


def undeclared_output(path, n_bands=3, card_dict=None):
    """``pointwise`` whose output has no declared shape (exporters often leave it out)."""
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, None)
    g = helper.make_graph([helper.make_node("Identity", ["x"], ["y"])], "noshape", [_io("x", n_bands)], [y])
    return _save(g, path, card_dict, check=False)


def floor(path, n_bands=3, level=100.0, card_dict=None, meta=None):
    """Scores = the bands plus one constant channel ``level``: class n_bands + 1 wins where every
    (normalised) band is below ``level``. Unlike ``pointwise`` it tells 0..255 from 0..1 inputs."""
    const = numpy_helper.from_array(np.full((1, 1, 1, 1), level, np.float32), "level")
    nodes = [
        helper.make_node("ReduceMax", ["x"], ["anyband"], axes=[1], keepdims=1),
        helper.make_node("Mul", ["anyband", "zero"], ["zeros"]),
        helper.make_node("Add", ["zeros", "level"], ["plane"]),
        helper.make_node("Concat", ["x", "plane"], ["y"], axis=1),
    ]
    zero = numpy_helper.from_array(np.zeros((1,), np.float32), "zero")
    g = helper.make_graph(nodes, "floor", [_io("x", n_bands)], [_io("y", n_bands + 1)], [const, zero])
    return _save(g, path, card_dict, meta, opset=13)


def sigmoid_one(path, n_bands=3, rank3=False, card_dict=None, meta=None):
    """One output channel: sigmoid(20 * (x_0 - 0.5)), i.e. > 0.5 exactly where band 1 (after /255)
    is above 0.5 (raw > 127.5). ``rank3`` drops the channel axis: (N, H, W), as some exports do."""
    half = numpy_helper.from_array(np.array([0.5], np.float32), "half")
    gain = numpy_helper.from_array(np.array([20.0], np.float32), "gain")
    starts, ends, axes = (numpy_helper.from_array(np.array([v], np.int64), n) for v, n in
                          ((0, "s0"), (1, "s1"), (1, "ax")))
    nodes = [
        helper.make_node("Slice", ["x", "s0", "s1", "ax"], ["x0"]),
        helper.make_node("Sub", ["x0", "half"], ["d"]),
        helper.make_node("Mul", ["d", "gain"], ["z"]),
        helper.make_node("Sigmoid", ["z"], ["p"] if rank3 else ["y"]),
    ]
    inits = [half, gain, starts, ends, axes]
    if rank3:
        nodes.append(helper.make_node("Squeeze", ["p", "ax"], ["y"]))
        y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", "H", "W"])
    else:
        y = _io("y", 1)
    g = helper.make_graph(nodes, "sigmoid1", [_io("x", n_bands)], [y], inits)
    return _save(g, path, card_dict, meta, opset=13)


def two_outputs(path, n_bands=3, card_dict=None, meta=None):
    """Outputs ``a`` = x (argmax = brightest band) and ``b`` = -x (argmax = darkest band)."""
    nodes = [helper.make_node("Identity", ["x"], ["a"]), helper.make_node("Neg", ["x"], ["b"])]
    g = helper.make_graph(nodes, "two", [_io("x", n_bands)], [_io("a", n_bands), _io("b", n_bands)])
    return _save(g, path, card_dict, meta)


def breaks_at_run(path, n_bands=3, card_dict=None):
    """Declares (N, C, H, W) but reshapes to a fixed 32 x 32: ONNX Runtime fails on any other tile."""
    shape = numpy_helper.from_array(np.array([1, n_bands, 32, 32], np.int64), "shape")
    g = helper.make_graph([helper.make_node("Reshape", ["x", "shape"], ["y"])], "breaks",
                          [_io("x", n_bands)], [_io("y", n_bands)], [shape])
    return _save(g, path, card_dict)


def deepness_meta(class_names, **kw) -> dict:
    """Deepness's metadata keys (JSON-encoded values, as its exporter writes them)."""
    meta = {"model_type": json.dumps("Segmentor"), "class_names": json.dumps(class_names)}
    meta.update({k: json.dumps(v) for k, v in kw.items()})
    return meta
