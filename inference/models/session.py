"""Open an ONNX model, read its card, and run it through ONNX Runtime.

The engine appends its own head to the graph before creating the session (ArgMax, and
Softmax/ReduceMax for confidence or blending), so that the per-pixel reductions run
inside ONNX Runtime instead of in numpy (an argmax over 19x512x512 costs ~14 ms in numpy).
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

import numpy as np

from ..core.errors import FlairError
from .card import CardError, CardOverrides, ModelCard, resolve_card

log = logging.getLogger(__name__)

# Preferred order; the first one available (and allowed by the device choice) runs.
GPU_PROVIDERS = (
    "CUDAExecutionProvider",
    "DmlExecutionProvider",
    "CoreMLExecutionProvider",
)
DEVICE_NAMES = {
    "CUDAExecutionProvider": "CUDA GPU",
    "TensorrtExecutionProvider": "TensorRT GPU",
    "DmlExecutionProvider": "DirectML GPU",
    "CoreMLExecutionProvider": "CoreML",
    "CPUExecutionProvider": "CPU",
}


class ModelError(FlairError, ValueError):
    """The file is not a model we can run, with the reason."""


def _dim(d) -> int | None:
    return d.dim_value if d.HasField("dim_value") and d.dim_value > 0 else None


@dataclass
class ModelInfo:
    path: str
    card: ModelCard
    input_name: str
    batch: int | None  # fixed batch size, or None if dynamic
    height: int | None  # fixed tile height, or None if dynamic
    width: int | None
    # the parsed graph, kept for the one Session that follows so a 100 MB model is read once
    proto: object = field(default=None, repr=False, compare=False)


def ort_errors() -> tuple[type[BaseException], ...]:
    """What ONNX Runtime raises (its pybind exceptions derive from Exception only): catch these."""
    from onnxruntime.capi import onnxruntime_pybind11_state as state

    names = ("Fail", "InvalidArgument", "NoSuchFile", "NoModel", "EngineError", "RuntimeException",
             "InvalidProtobuf", "ModelLoaded", "NotImplemented", "InvalidGraph", "EPFail")
    return tuple(getattr(state, n) for n in names if hasattr(state, n)) + (RuntimeError,)


def _load_proto(path: str):
    import onnx
    from google.protobuf.message import Error as ProtobufError

    if not os.path.isfile(path):
        raise ModelError(f"model file not found: {path}")
    try:
        return onnx.load(path)
    except (ProtobufError, OSError, ValueError) as e:
        raise ModelError(
            f"{path} is not an ONNX model ({type(e).__name__}). Pick a .onnx file, or convert a "
            "PyTorch checkpoint first with `python -m inference convert`."
        ) from None


def _describe(proto, path: str, overrides: CardOverrides | None) -> ModelInfo:
    graph = proto.graph
    init_names = {i.name for i in graph.initializer}
    inputs = [i for i in graph.input if i.name not in init_names]
    if len(inputs) != 1 or len(graph.output) < 1:
        raise ModelError(
            f"{os.path.basename(path)} has {len(inputs)} inputs and {len(graph.output)} outputs; "
            "a segmentation model needs one image input (N, C, H, W) and a score output (N, classes, H, W)"
        )
    in_dims = inputs[0].type.tensor_type.shape.dim
    out_dims = graph.output[0].type.tensor_type.shape.dim
    if len(in_dims) != 4 or len(out_dims) != 4:
        raise ModelError(
            f"{os.path.basename(path)}: input has rank {len(in_dims)} and output rank {len(out_dims)}; "
            "expected (N, C, H, W) for both (per-pixel class scores)"
        )
    n_in, n_out = _dim(in_dims[1]), _dim(out_dims[1])
    meta = {p.key: p.value for p in proto.metadata_props}
    name = os.path.splitext(os.path.basename(path))[0]
    card = resolve_card(meta, n_in, n_out, overrides, fallback_name=name)
    return ModelInfo(path, card, inputs[0].name, _dim(in_dims[0]), _dim(in_dims[2]), _dim(in_dims[3]), proto)


def read_model_info(path: str, overrides: CardOverrides | None = None, keep_graph: bool = False) -> ModelInfo:
    """The card and input geometry of a model file; raises ModelError/CardError with a reason.

    ``keep_graph`` keeps the parsed graph for the Session that follows (read the file once)."""
    info = _describe(_load_proto(path), path, overrides)
    if not keep_graph:
        info.proto = None
    return info


def _add_head(proto, card: ModelCard, with_probs: bool, with_confidence: bool):
    """Append labels (uint8 argmax) and optionally confidence / probabilities outputs."""
    from onnx import TensorProto, helper

    graph = proto.graph
    scores = graph.output[0].name
    del graph.output[:]
    nodes = [
        helper.make_node("ArgMax", [scores], ["_flair_argmax"], axis=1, keepdims=0),
        helper.make_node("Cast", ["_flair_argmax"], ["flair_labels"], to=TensorProto.UINT8),
    ]
    outputs = [helper.make_tensor_value_info("flair_labels", TensorProto.UINT8, None)]
    if with_probs or with_confidence:
        probs = scores
        if card.output == "logits":
            nodes.append(helper.make_node("Softmax", [scores], ["flair_probs"], axis=1))
            probs = "flair_probs"
        if with_probs:
            nodes.append(helper.make_node("Identity", [probs], ["flair_probs_out"]))
            outputs.append(helper.make_tensor_value_info("flair_probs_out", TensorProto.FLOAT, None))
        if with_confidence:
            nodes.append(
                helper.make_node("ReduceMax", [probs], ["flair_confidence"], keepdims=0, axes=[1])
                if _opset(proto) < 18
                else helper.make_node("ReduceMax", [probs, "_flair_axis1"], ["flair_confidence"], keepdims=0)
            )
            if _opset(proto) >= 18:
                graph.initializer.append(helper.make_tensor("_flair_axis1", TensorProto.INT64, [1], [1]))
            outputs.append(helper.make_tensor_value_info("flair_confidence", TensorProto.FLOAT, None))
    graph.node.extend(nodes)
    graph.output.extend(outputs)
    return proto


def _opset(proto) -> int:
    for o in proto.opset_import:
        if o.domain in ("", "ai.onnx"):
            return o.version
    return 13


def available_providers() -> list[str]:
    import onnxruntime as ort

    return ort.get_available_providers()


def choose_providers(device: str) -> list[str]:
    """Execution providers for 'auto', 'cpu' or 'cuda', best first."""
    available = available_providers()
    if device == "cpu":
        return ["CPUExecutionProvider"]
    if device == "cuda":
        if "CUDAExecutionProvider" not in available:
            raise ModelError(
                "CUDA was asked for but this onnxruntime has no CUDA provider "
                f"(available: {', '.join(available)}). Install onnxruntime-gpu with a matching CUDA, "
                "or use --device auto/cpu."
            )
        return ["CUDAExecutionProvider", "CPUExecutionProvider"]
    if device != "auto":
        raise ModelError(f"unknown device {device!r}: use auto, cpu or cuda")
    return [p for p in GPU_PROVIDERS if p in available] + ["CPUExecutionProvider"]


class Session:
    """An ONNX Runtime session with our head; ``run(x)`` returns labels and optional extras."""

    def __init__(
        self,
        info: ModelInfo,
        device: str = "auto",
        with_probs: bool = False,
        with_confidence: bool = False,
        threads: int = 0,
    ):
        import onnxruntime as ort

        self.info = info
        proto = info.proto if info.proto is not None else _load_proto(info.path)
        info.proto = None  # the head is added in place: a second Session must start from the file
        proto = _add_head(proto, info.card, with_probs, with_confidence)
        opts = ort.SessionOptions()
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        if threads:
            opts.intra_op_num_threads = threads
        opts.log_severity_level = 3
        providers = choose_providers(device)
        try:
            self._session = ort.InferenceSession(proto.SerializeToString(), opts, providers=providers)
        except ort_errors() as e:
            raise ModelError(f"ONNX Runtime cannot load {os.path.basename(info.path)}: {e}") from None
        self.provider = self._session.get_providers()[0]
        self.output_names = [o.name for o in self._session.get_outputs()]

    @property
    def device_name(self) -> str:
        return DEVICE_NAMES.get(self.provider, self.provider)

    def run(self, x: np.ndarray) -> dict[str, np.ndarray]:
        """x: float32 (N, C, H, W), already normalised. Returns {'labels', 'probs'?, 'confidence'?}."""
        outs = self._session.run(self.output_names, {self.info.input_name: x})
        named = dict(zip(self.output_names, outs))
        result = {"labels": named["flair_labels"]}
        if "flair_probs_out" in named:
            result["probs"] = named["flair_probs_out"]
        if "flair_confidence" in named:
            result["confidence"] = named["flair_confidence"]
        return result


__all__ = ["ModelError", "CardError", "ModelInfo", "Session", "read_model_info", "choose_providers"]
