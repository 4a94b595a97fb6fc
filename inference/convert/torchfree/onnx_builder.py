"""A small ONNX graph writer over a state dict of numpy arrays, for the torch-free converter.

:class:`Weights` hands out the checkpoint's arrays by smp key and checks each against the shape
the architecture needs, so a checkpoint of another architecture is refused with the first key or
shape that does not fit; at the end it knows which keys were never used. :class:`Graph` emits the
few operators smp's convolutional networks need (opset 17), with BatchNorm folded into the
preceding convolution in float64 so folding adds no rounding of its own.
"""
from __future__ import annotations

from collections import OrderedDict

import numpy as np

from ..checkpoint import CheckpointError

OPSET = 17
BN_EPS = 1e-5  # torch.nn.BatchNorm2d's default, which smp never changes
GN_EPS = 1e-5


class Weights:
    """The checkpoint's arrays by smp key; every lookup checks the shape the architecture expects."""

    def __init__(self, state: dict, name: str, describe: str):
        self.state = OrderedDict(state)
        self.name = name
        self.describe = describe
        self.used: set[str] = set()

    def get(self, key: str, shape: tuple[int, ...]) -> np.ndarray:
        if key not in self.state:
            near = sorted(k for k in self.state if k.rsplit(".", 2)[0] == key.rsplit(".", 2)[0])[:3]
            if near:
                raise CheckpointError.say(
                    "{name} does not fit {model}: missing from the checkpoint: {key} (it has {near}). "
                    "Check that the file is the catalogue's, or give --arch/--encoder",
                    name=self.name, model=self.describe, key=key, near=", ".join(near))
            raise CheckpointError.say(
                "{name} does not fit {model}: missing from the checkpoint: {key}. "
                "Check that the file is the catalogue's, or give --arch/--encoder",
                name=self.name, model=self.describe, key=key)
        arr = np.asarray(self.state[key])
        if tuple(arr.shape) != tuple(shape):
            raise CheckpointError.say(
                "{name} does not fit {model}: {key} has shape {shape}, the architecture needs {needed}. "
                "Check the file, --arch/--encoder and --inputs", name=self.name, model=self.describe, key=key,
                shape=list(arr.shape), needed=list(shape))
        self.used.add(key)
        return arr.astype(np.float64)

    def has(self, key: str) -> bool:
        return key in self.state

    def check_all_used(self) -> None:
        """Refuse a checkpoint with weights the architecture does not use (another decoder, say)."""
        skip = ("num_batches_tracked",)
        left = [k for k in self.state if k not in self.used and not k.endswith(skip)]
        if left:
            raise CheckpointError.say(
                "{name} does not fit {model}: {count} weights are not part of it ({keys}). Check "
                "--arch/--encoder, or use the PyTorch converter", name=self.name, model=self.describe,
                count=len(left), keys=", ".join(left[:5]))


class Graph:
    """Nodes and initialisers of one ONNX graph; methods return the name of their output."""

    def __init__(self, weights: Weights, dtype=np.float32):
        self.w = weights
        self.dtype = np.dtype(dtype)  # float64 only to prove the graph exact (onnx's reference evaluator)
        self.nodes = []
        self.inits = []
        self._n = 0

    def _name(self, hint: str) -> str:
        self._n += 1
        return f"{hint}_{self._n}"

    def const(self, value: np.ndarray, hint: str = "c") -> str:
        from onnx import numpy_helper

        name = self._name(hint)
        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def op(self, op_type: str, inputs: list[str], hint: str | None = None, **attrs) -> str:
        from onnx import helper

        out = self._name(hint or op_type.lower())
        self.nodes.append(helper.make_node(op_type, inputs, [out], name=out, **attrs))
        return out

    # --- convolutions --------------------------------------------------------------------

    def conv(self, x: str, weight: np.ndarray, bias: np.ndarray | None, stride: int = 1,
             padding: int = 0, dilation: int = 1, hint: str = "conv") -> str:
        inputs = [x, self.const(weight.astype(self.dtype), hint + ".w")]
        if bias is not None:
            inputs.append(self.const(bias.astype(self.dtype), hint + ".b"))
        k = weight.shape[-1]
        return self.op("Conv", inputs, hint, kernel_shape=[k, k], strides=[stride, stride],
                       pads=[padding] * 4, dilations=[dilation, dilation])

    def conv_key(self, x: str, key: str, cin: int, cout: int, k: int, bias: bool, **kw) -> str:
        """A convolution read from ``key.weight`` (and ``key.bias``)."""
        w = self.w.get(key + ".weight", (cout, cin, k, k))
        b = self.w.get(key + ".bias", (cout,)) if bias else None
        return self.conv(x, w, b, hint=key, **kw)

    def conv_bn(self, x: str, conv: str, bn: str, cin: int, cout: int, k: int, relu: bool = True, **kw) -> str:
        """Conv (no bias) then BatchNorm (eval), folded: w * g/s, beta - mean * g/s with s = sqrt(var + eps)."""
        w = self.w.get(conv + ".weight", (cout, cin, k, k))
        gamma = self.w.get(bn + ".weight", (cout,))
        beta = self.w.get(bn + ".bias", (cout,))
        mean = self.w.get(bn + ".running_mean", (cout,))
        var = self.w.get(bn + ".running_var", (cout,))
        scale = gamma / np.sqrt(var + BN_EPS)
        y = self.conv(x, w * scale[:, None, None, None], beta - mean * scale, hint=conv, **kw)
        return self.relu(y) if relu else y

    def group_norm(self, x: str, key: str, channels: int, groups: int = 32) -> str:
        """GroupNorm as Reshape -> InstanceNormalization -> Reshape -> affine (opset 17 has no GroupNormalization)."""
        gamma = self.w.get(key + ".weight", (channels,))
        beta = self.w.get(key + ".bias", (channels,))
        shape = self.op("Shape", [x])
        grouped = self.op("Reshape", [x, self.const(np.array([0, groups, -1], np.int64))])
        normed = self.op("InstanceNormalization", [
            grouped, self.const(np.ones(groups, self.dtype)), self.const(np.zeros(groups, self.dtype)),
        ], epsilon=GN_EPS)
        back = self.op("Reshape", [normed, shape])
        scaled = self.op("Mul", [back, self.const(gamma.astype(self.dtype).reshape(1, -1, 1, 1))])
        return self.op("Add", [scaled, self.const(beta.astype(self.dtype).reshape(1, -1, 1, 1))])

    # --- elementwise and shape -----------------------------------------------------------

    def relu(self, x: str) -> str:
        return self.op("Relu", [x])

    def add(self, *xs: str) -> str:
        out = xs[0]
        for x in xs[1:]:
            out = self.op("Add", [out, x])
        return out

    def concat(self, xs: list[str]) -> str:
        return self.op("Concat", xs, axis=1)

    def max_pool(self, x: str, k: int, stride: int, padding: int) -> str:
        return self.op("MaxPool", [x], kernel_shape=[k, k], strides=[stride, stride], pads=[padding] * 4)

    def spatial_like(self, x: str, ref: str) -> str:
        """(N, C) of ``x`` followed by (H, W) of ``ref``: a Resize/Expand target size."""
        sx = self.op("Shape", [x], end=2)
        sr = self.op("Shape", [ref], start=2)
        return self.op("Concat", [sx, sr], axis=0)

    def resize_nearest_like(self, x: str, ref: str) -> str:
        """F.interpolate(x, size=ref's H, W, mode='nearest'): torch picks floor(dst * in / out)."""
        return self.op("Resize", [x, "", "", self.spatial_like(x, ref)], mode="nearest",
                       coordinate_transformation_mode="asymmetric", nearest_mode="floor")

    def upsample_nearest(self, x: str, factor: int) -> str:
        scales = self.const(np.array([1, 1, factor, factor], np.float32))
        return self.op("Resize", [x, "", scales], mode="nearest",
                       coordinate_transformation_mode="asymmetric", nearest_mode="floor")

    def upsample_bilinear_aligned(self, x: str, factor: int) -> str:
        """nn.Upsample(scale_factor, mode='bilinear', align_corners=True)."""
        scales = self.const(np.array([1, 1, factor, factor], np.float32))
        return self.op("Resize", [x, "", scales], mode="linear", coordinate_transformation_mode="align_corners")

    def broadcast_like(self, x: str, ref: str) -> str:
        """A (N, C, 1, 1) map spread over ``ref``'s H, W (what bilinear resizing of a 1x1 map gives)."""
        return self.op("Expand", [x, self.spatial_like(x, ref)])

    # --- the model -------------------------------------------------------------------------

    def model(self, x: str, out: str, in_channels: int, out_channels: int, graph_name: str):
        from onnx import helper

        elem = helper.np_dtype_to_tensor_dtype(self.dtype)
        self.nodes.append(helper.make_node("Identity", [out], ["logits"], name="logits"))
        graph = helper.make_graph(
            self.nodes, graph_name,
            [helper.make_tensor_value_info(x, elem, ["N", in_channels, "H", "W"])],
            [helper.make_tensor_value_info("logits", elem, ["N", out_channels, "H", "W"])],
            initializer=self.inits,
        )
        proto = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                                  producer_name="flair-qgis torch-free converter")
        proto.ir_version = 8  # the newest IR that every onnxruntime >= 1.15 loads with opset 17
        return proto


__all__ = ["Graph", "OPSET", "Weights"]
