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
from ..core.messages import Said, say
from . import deepness
from .card import CardError, CardOverrides, ModelCard, read_card, resolve_card
from .head import Head, add_heads, head_names, output_shapes

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
    input_name: str  # the first (for a single-source model, the only) input
    batch: int | None  # fixed batch size, or None if dynamic
    height: int | None  # fixed tile height, or None if dynamic
    width: int | None
    # the parsed graph, kept for the one Session that follows so a 100 MB model is read once
    proto: object = field(default=None, repr=False, compare=False)
    output_index: int = 0  # which of the graph's outputs is the class scores
    binary: bool = False  # one channel (or rank 3): thresholded, two classes
    rank3: bool = False
    threshold: float = 0.5
    input_dtype: str = "float32"  # what the graph takes: uint8 / float16 models get that type
    same_size: bool | None = True  # output H, W declared equal to the input's; None: unknown (probe)
    # a multi-source model: one head per task, in the card's order (a single-source one: its chosen output)
    heads: tuple[Head, ...] = ()

    def task_heads(self) -> tuple[Head, ...]:
        if self.heads:
            return self.heads
        return (Head(self.output_index, self.binary, self.card.output == "logits", self.threshold, self.rank3),)


def ort_errors() -> tuple[type[BaseException], ...]:
    """What ONNX Runtime raises (its pybind exceptions derive from Exception only): catch these."""
    from onnxruntime.capi import onnxruntime_pybind11_state as state

    names = ("Fail", "InvalidArgument", "NoSuchFile", "NoModel", "EngineError", "RuntimeException",
             "InvalidProtobuf", "ModelLoaded", "NotImplemented", "InvalidGraph", "EPFail")
    return tuple(getattr(state, n) for n in names if hasattr(state, n)) + (RuntimeError,)


def _load_proto(path: str, weights: bool = True):
    import onnx
    from google.protobuf.message import Error as ProtobufError

    from .skim import load_without_weights

    if os.path.isdir(path):
        raise ModelError.say("{path} is a folder, not a model file: give the .onnx file itself", path=path)
    if not os.path.isfile(path):
        raise ModelError.say("model file not found: {path}", path=path)
    if os.path.getsize(path) == 0:
        raise ModelError.say("{path} is empty (0 bytes): the download or copy did not finish; fetch the model again",
                             path=path)
    try:
        return onnx.load(path) if weights else load_without_weights(path)
    except (ProtobufError, OSError, ValueError, IndexError) as e:  # IndexError: a truncated file, skimmed
        # the glue words the advice for QGIS (qgis_glue/errors.py: for_screen), in English and in French
        raise ModelError.say(
            "{path} is not an ONNX model ({error}). Pick a .onnx file, or convert a PyTorch checkpoint first "
            "with `python -m inference convert`.", path=path, error=type(e).__name__) from None


def _describe(proto, path: str, overrides: CardOverrides | None) -> ModelInfo:
    from onnx import helper

    graph = proto.graph
    base = os.path.basename(path)
    init_names = {i.name for i in graph.initializer}
    inputs = [i for i in graph.input if i.name not in init_names]
    meta = {p.key: p.value for p in proto.metadata_props}
    card = read_card(meta, check=False)
    if card is not None and card.is_multisource:
        return _describe_multi(proto, path, card.validate(), inputs)
    if len(inputs) != 1 or len(graph.output) < 1:
        raise ModelError.say(
            "{name} has {inputs} inputs and {outputs} outputs; a segmentation model needs one image input "
            "(N, C, H, W) and a score output (N, classes, H, W)", name=base, inputs=len(inputs),
            outputs=len(graph.output))
    o = overrides or CardOverrides()
    index = o.output or 0
    shapes = output_shapes(proto)
    if not 0 <= index < len(shapes):
        # only the command line picks an output (the dock and Processing take the first)
        raise ModelError.say("--model-output {output}: {name} has {count} output(s) ({names}); pick one of "
                             "1..{count}", output=index + 1, name=base, count=len(shapes),
                             names=", ".join(s.name for s in shapes))
    out = shapes[index]
    in_dims = inputs[0].type.tensor_type.shape.dim
    if len(in_dims) != 4 or out.rank not in (None, 3, 4):
        raise ModelError.say(
            "{name}: input has rank {input_rank} and output rank {output_rank}; expected (N, C, H, W) for both "
            "(per-pixel class scores), or (N, H, W) for a binary output", name=base, input_rank=len(in_dims),
            output_rank=out.rank)
    if len(shapes) > 1:
        log.warning("%s has %d outputs (%s): using output %d (%s); --model-output picks another", base,
                    len(shapes), ", ".join(s.name for s in shapes), index + 1, out.name)
    n_in = _dim(in_dims[1])
    n_out = 2 if out.binary else out.channels
    name = os.path.splitext(base)[0]
    card = resolve_card(meta, n_in, n_out, overrides, fallback_name=name, output_index=index, binary=out.binary)
    h_in, w_in = (_sym(d) for d in in_dims[2:])
    same = out.height is not None and out.height == h_in and out.width == w_in
    elem = inputs[0].type.tensor_type.elem_type
    threshold = o.threshold if o.threshold is not None else deepness.threshold(meta)
    return ModelInfo(path, card, inputs[0].name, _dim(in_dims[0]), _dim(in_dims[2]), _dim(in_dims[3]), proto,
                     output_index=index, binary=out.binary, rank3=out.rank == 3, threshold=threshold,
                     input_dtype=str(helper.tensor_dtype_to_np_dtype(elem)) if elem else "float32",
                     same_size=True if same else None)


def _describe_multi(proto, path: str, card: ModelCard, inputs) -> ModelInfo:
    """A multi-source model: its inputs by name, one head per task of its card (logits, arg-max)."""
    names = [o.name for o in proto.graph.output]
    missing = [t.output for t in card.tasks if t.output not in names]
    if missing:
        raise ModelError.say("{name}: its card names the output(s) {missing}, which the graph does not have "
                             "({names}); convert the model again", name=os.path.basename(path),
                             missing=", ".join(missing), names=", ".join(names))
    heads = tuple(Head(names.index(t.output)) for t in card.tasks)
    return ModelInfo(path, card, inputs[0].name if inputs else "", 1, None, None, proto, heads=heads)


def _sym(d):
    if d.HasField("dim_value") and d.dim_value > 0:
        return d.dim_value
    return d.dim_param or None


def read_model_info(path: str, overrides: CardOverrides | None = None, any_model: bool = False) -> ModelInfo:
    """The card and input geometry of a model file, read without its weights (skim.py: what the
    dock and ``info`` show); raises ModelError/CardError with a reason. Without ``any_model`` a
    multi-source model is refused (it needs its sources by name)."""
    info = _describe(_load_proto(path, weights=False), path, overrides)
    info.proto = None  # no weights in it: the run's Session reads the file
    if info.card.is_multisource and not any_model:
        # the dock and Processing ask for any model (each source has its row or parameter): the command line's
        raise ModelError.say("{name} is a multi-source model ({card}): run it with {multisource_option}",
                             name=os.path.basename(path), card=info.card.name,
                             multisource_option=say("its sources as NAME=PATH (python -m inference info shows "
                                                    "which)"))
    return info


def describe_model(path: str, overrides: CardOverrides | None = None) -> ModelInfo:
    """The card and inputs of any model file, single- or multi-source, with its parsed graph kept."""
    return _describe(_load_proto(path), path, overrides)


def open_ort(model, providers: list | None = None, threads: int = 0):
    """An ONNX Runtime session on ``model`` (a path or the serialised graph): the one place the engine
    creates one (runs, the converters' parity checks, quantisation). CPU unless ``providers`` say."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    if threads:
        opts.intra_op_num_threads = threads
    opts.log_severity_level = 3
    return ort.InferenceSession(model, opts, providers=providers or ["CPUExecutionProvider"])


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
            raise ModelError.say(
                "CUDA was asked for but this onnxruntime has no CUDA provider (available: {available}). Install "
                "onnxruntime-gpu with a matching CUDA, or use {device_option:auto/cpu}.",
                available=", ".join(available), device_option="--device")
        return ["CUDAExecutionProvider", "CPUExecutionProvider"]
    if device != "auto":
        raise ModelError.say("unknown device {device!r}: use auto, cpu or cuda", device=device)
    return [p for p in GPU_PROVIDERS if p in available] + ["CPUExecutionProvider"]


class Session:
    """An ONNX Runtime session with our head: ``run(x)`` for a single-source model (labels and optional
    extras), ``run_tasks({name: array})`` for any model (the same, per task)."""

    def __init__(
        self,
        info: ModelInfo,
        device: str = "auto",
        with_probs: bool = False,
        with_confidence: bool = False,
        threads: int = 0,
        providers: list | None = None,  # explicit providers with options (scale/device.py: TensorRT)
    ):
        self.info = info
        proto = info.proto if info.proto is not None else _load_proto(info.path)
        info.proto = None  # the head is added in place: a second Session must start from the file
        heads = info.task_heads()
        proto = add_heads(proto, list(heads), with_probs, with_confidence)
        self.name = os.path.basename(info.path)
        try:
            self._session = open_ort(proto.SerializeToString(), providers or choose_providers(device), threads)
        except ort_errors() as e:
            raise ModelError.say("ONNX Runtime cannot load {name}: {reason}", name=os.path.basename(info.path),
                                 reason=_first_line(e)) from None
        self.provider = self._session.get_providers()[0]
        self.output_names = [o.name for o in self._session.get_outputs()]
        self._names = [head_names(k) for k in range(len(heads))]

    @property
    def device_name(self) -> str:
        return DEVICE_NAMES.get(self.provider, self.provider)

    def run(self, x: np.ndarray) -> dict[str, np.ndarray]:
        """x: float32 (N, C, H, W), already normalised. Returns {'labels', 'probs'?, 'confidence'?}.

        Raises ModelError naming the model when ONNX Runtime fails or the scores are not finite."""
        want = self.info.input_dtype
        if want == "uint8":  # such models normalise inside the graph: give them digital numbers
            x = np.clip(np.rint(x), 0, 255).astype(np.uint8)
        elif x.dtype != want:
            x = x.astype(want)
        return self.run_tasks({self.info.input_name: x})[0]

    def run_tasks(self, feeds: dict[str, np.ndarray]) -> list[dict[str, np.ndarray]]:
        """Run the model on its named inputs: per task (the card's order) {'labels', 'probs'?, 'confidence'?}."""
        try:
            outs = self._session.run(self.output_names, feeds)
        except ort_errors() as e:
            raise ModelError.of(self._failed(feeds, e)) from None
        return self.unpack(dict(zip(self.output_names, outs)))

    def unpack(self, named: dict[str, np.ndarray]) -> list[dict[str, np.ndarray]]:
        """The head's outputs per task; ModelError when any score was NaN or infinite (checked on
        every batch, whoever ran it: scale/device.py binds the same outputs)."""
        if float(named["flair_nonfinite"]) > 0:
            raise ModelError.say(
                "{name} gave NaN or infinite scores, so its classes cannot be trusted and the run stopped (nothing "
                "was written or replaced). The model may be broken, or fed values it was not made for: check its "
                "normalisation ({mean_option}/{std_option} or {scale_option}, or the card's for a multi-source model: "
                "info) and the input ranges.", name=self.name, mean_option="--mean", std_option="--std",
                scale_option="--scale")
        return [{key: named[name] for key, name in names.items() if name in named} for names in self._names]

    def _failed(self, feeds: dict[str, np.ndarray], e: BaseException) -> Said:
        shapes = ", ".join(f"{k} {'x'.join(map(str, a.shape))}" for k, a in feeds.items())
        card = self.info.card
        if card.is_multisource:
            return say("ONNX Runtime failed running {name} on {shapes} ({reason}). Check that the model file is "
                       "whole and was converted by this plugin.", name=self.name, shapes=shapes, reason=_first_line(e))
        x = next(iter(feeds.values()))
        return say("ONNX Runtime failed running {name} on a {shape} input ({reason}). The card gives it {channels} "
                   "input channel(s) ({roles}) in tiles of {tile} px: check these match the model ({roles_option}, "
                   "{tile_option}), or that the model file is whole.", name=self.name,
                   shape="x".join(map(str, x.shape)), reason=_first_line(e), channels=len(card.inputs),
                   roles=", ".join(card.roles), tile=x.shape[-1], roles_option="--roles", tile_option="--tile")

    def output_size(self, tile: int, channels: int) -> tuple[int, int]:
        """The (height, width) of the model's output for a ``tile`` px input, by running zeros once
        (for graphs that do not declare it: valid convolutions give less than the input)."""
        x = np.zeros((self.info.batch or 1, channels, tile, tile), np.float32)
        return tuple(self.run(x)["labels"].shape[1:3])


def _first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return text[0] if text else type(e).__name__


__all__ = ["ModelError", "CardError", "ModelInfo", "Session", "choose_providers", "describe_model", "open_ort",
           "read_model_info"]
