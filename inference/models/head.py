"""The engine's head, appended to a model's graph before ONNX Runtime loads it.

From the chosen output of the model (the first by default) it computes, inside ONNX Runtime:

- ``flair_labels`` (uint8, N x H x W): the arg-max class index; for a one-channel output (a
  sigmoid, as Deepness's binary models) or an output of rank 3 (N, H, W), 1 where the score is
  above ``threshold`` and 0 elsewhere (two classes: background, the object);
- ``flair_probs_out`` / ``flair_confidence`` when blending or a confidence raster is asked for
  (softmax first for logits; for binary outputs the pair (1 - s, s));
- ``flair_nonfinite`` (float scalar): 1 if any score is NaN or infinite. A model that diverged
  gives NaN everywhere and ArgMax turns that into class 0: a plausible map of one class. The
  session checks this flag on every batch and stops the run naming the model.

Scores of another type than float (float16 exports) are cast to float first.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutputShape:
    """What the graph declares for the chosen output (None where not declared or dynamic)."""

    name: str
    rank: int | None
    channels: int | None
    height: int | str | None  # an int, a symbolic name, or None
    width: int | str | None
    elem_type: int

    @property
    def binary(self) -> bool:
        return self.rank == 3 or self.channels == 1


def _dim(d):
    if d.HasField("dim_value") and d.dim_value > 0:
        return d.dim_value
    if d.HasField("dim_param") and d.dim_param:
        return d.dim_param
    return None


def output_shapes(proto) -> list[OutputShape]:
    """Each graph output's declared shape; undeclared ones are filled by ONNX shape inference."""
    from onnx import TensorProto, shape_inference

    outs = list(proto.graph.output)
    if any(not o.type.tensor_type.HasField("shape") for o in outs):
        try:
            inferred = shape_inference.infer_shapes(proto).graph.output
            outs = [i if i.type.tensor_type.HasField("shape") else o for o, i in zip(outs, inferred)]
        except (shape_inference.InferenceError, ValueError, RuntimeError):
            pass  # best effort: a probe run measures the output instead
    shapes = []
    for o in outs:
        t = o.type.tensor_type
        elem = t.elem_type or TensorProto.FLOAT
        if not t.HasField("shape"):
            shapes.append(OutputShape(o.name, None, None, None, None, elem))
            continue
        dims = [_dim(d) for d in t.shape.dim]
        rank = len(dims)
        if rank == 4:
            ch = dims[1] if isinstance(dims[1], int) else None
            shapes.append(OutputShape(o.name, 4, ch, dims[2], dims[3], elem))
        elif rank == 3:
            shapes.append(OutputShape(o.name, 3, 1, dims[1], dims[2], elem))
        else:
            shapes.append(OutputShape(o.name, rank, None, None, None, elem))
    return shapes


@dataclass(frozen=True)
class Head:
    """One output of the model read as a task: which graph output, and how (see the module doc)."""

    output_index: int = 0
    binary: bool = False
    logits: bool = True
    threshold: float = 0.5
    rank3: bool = False


def head_names(k: int) -> dict[str, str]:
    """The head's output names for the ``k``-th task (the first keeps the plain names)."""
    sfx = "" if k == 0 else f"_{k}"
    return {"labels": "flair_labels" + sfx, "probs": "flair_probs_out" + sfx, "confidence": "flair_confidence" + sfx}


def add_head(proto, output_index: int, binary: bool, logits: bool, with_probs: bool,
             with_confidence: bool, threshold: float = 0.5, rank3: bool = False):
    """Replace the graph's outputs with the head's (see the module doc). Edits ``proto`` in place."""
    return add_heads(proto, [Head(output_index, binary, logits, threshold, rank3)], with_probs, with_confidence)


def add_heads(proto, heads: list[Head], with_probs: bool, with_confidence: bool):
    """One head per task (a multi-task model gives several maps), one ``flair_nonfinite`` flag over
    all of them. Edits ``proto`` in place."""
    from onnx import TensorProto, helper

    graph = proto.graph
    chosen = [graph.output[h.output_index] for h in heads]
    del graph.output[:]
    nodes: list = []
    init: list = []
    opset = _opset(proto)
    outputs = [helper.make_tensor_value_info("flair_nonfinite", TensorProto.FLOAT, None)]
    flags = []
    for k, (head, out) in enumerate(zip(heads, chosen)):
        flags.append(_one_head(k, head, out, with_probs, with_confidence, opset, nodes, init, outputs))
    nodes.append(helper.make_node("Max", flags, ["flair_nonfinite"]) if len(flags) > 1
                 else helper.make_node("Identity", flags, ["flair_nonfinite"]))
    graph.node.extend(nodes)
    graph.initializer.extend(init)
    graph.output.extend(outputs)
    return proto


def _one_head(k, head: Head, out, with_probs, with_confidence, opset, nodes, init, outputs) -> str:
    """Append the nodes of task ``k``'s head; returns the name of its NaN/Inf flag (a scalar)."""
    from onnx import TensorProto, helper

    names = head_names(k)
    p = f"_flair{k}"

    def const(name, value, dtype=TensorProto.FLOAT, dims=()):
        init.append(helper.make_tensor(p + name, dtype, list(dims), [value] if not dims else value))
        return p + name

    elem = out.type.tensor_type.elem_type or TensorProto.FLOAT
    scores = out.name
    if elem != TensorProto.FLOAT:
        nodes.append(helper.make_node("Cast", [scores], [p + "_f32"], to=TensorProto.FLOAT))
        scores = p + "_f32"
    if head.rank3:
        if opset >= 13:
            nodes.append(helper.make_node("Unsqueeze", [scores, const("_ax1", [1], TensorProto.INT64, [1])],
                                          [p + "_4d"]))
        else:
            nodes.append(helper.make_node("Unsqueeze", [scores], [p + "_4d"], axes=[1]))
        scores = p + "_4d"
    # NaN or Inf anywhere -> 1.0
    nodes += [
        helper.make_node("IsNaN", [scores], [p + "_isnan"]),
        helper.make_node("IsInf", [scores], [p + "_isinf"]),
        helper.make_node("Or", [p + "_isnan", p + "_isinf"], [p + "_bad"]),
        helper.make_node("Cast", [p + "_bad"], [p + "_badf"], to=TensorProto.FLOAT),
        helper.make_node("ReduceMax", [p + "_badf"], [p + "_nonfinite"], keepdims=0),
    ]
    if head.binary:
        nodes += [
            helper.make_node("Greater", [scores, const("_thr", float(head.threshold))], [p + "_above"]),
            helper.make_node("Cast", [p + "_above"], [p + "_above_u8"], to=TensorProto.UINT8),
            helper.make_node("Squeeze", [p + "_above_u8", const("_sq", [1], TensorProto.INT64, [1])],
                             [names["labels"]])
            if opset >= 13 else
            helper.make_node("Squeeze", [p + "_above_u8"], [names["labels"]], axes=[1]),
        ]
    else:
        nodes += [
            helper.make_node("ArgMax", [scores], [p + "_argmax"], axis=1, keepdims=0),
            helper.make_node("Cast", [p + "_argmax"], [names["labels"]], to=TensorProto.UINT8),
        ]
    outputs.append(helper.make_tensor_value_info(names["labels"], TensorProto.UINT8, None))
    if with_probs or with_confidence:
        probs = scores
        if head.binary:  # (1 - s, s): the two classes' probabilities
            nodes += [
                helper.make_node("Sub", [const("_one", 1.0), scores], [p + "_bg"]),
                helper.make_node("Concat", [p + "_bg", scores], [p + "_pair"], axis=1),
            ]
            probs = p + "_pair"
        elif head.logits:
            nodes.append(helper.make_node("Softmax", [scores], [p + "_probs"], axis=1))
            probs = p + "_probs"
        if with_probs:
            nodes.append(helper.make_node("Identity", [probs], [names["probs"]]))
            outputs.append(helper.make_tensor_value_info(names["probs"], TensorProto.FLOAT, None))
        if with_confidence:
            if opset < 18:
                nodes.append(helper.make_node("ReduceMax", [probs], [names["confidence"]], keepdims=0, axes=[1]))
            else:
                nodes.append(helper.make_node("ReduceMax", [probs, const("_axis1", [1], TensorProto.INT64, [1])],
                                              [names["confidence"]], keepdims=0))
            outputs.append(helper.make_tensor_value_info(names["confidence"], TensorProto.FLOAT, None))
    return p + "_nonfinite"


def _opset(proto) -> int:
    for o in proto.opset_import:
        if o.domain in ("", "ai.onnx"):
            return o.version
    return 13


def centre_offset(tile: int, out: int) -> int:
    """Where an output of ``out`` px sits in a tile of ``tile`` px (valid convolutions crop equally
    on both sides; an odd difference puts the extra pixel at the end)."""
    return (tile - out) // 2


__all__ = ["Head", "OutputShape", "add_head", "add_heads", "head_names", "output_shapes", "centre_offset"]
