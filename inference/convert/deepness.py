"""Models written for Deepness (``convert --deepness``): probabilities in the graph, checked the way
Deepness reads them.

Deepness's Segmentor takes the model's output as each class's probability: it zeroes every score
under its threshold (``seg_thresh``, 0.5 by default) and then takes the argmax, so raw scores
(logits) under 0.5 everywhere make a pixel class 0. The converted graph therefore ends with a
Softmax over the classes, and ``seg_thresh`` is written as 0: a pixel whose best probability is
under 0.5 (common with 19 classes) keeps its best class, as in this plugin, instead of becoming
the first class.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..core.messages import say
from ..models.card import ModelCard
from .ort import onnx_session

THRESHOLD = 0.0  # Deepness's seg_thresh for our models: the argmax, as this plugin gives


def add_softmax(path: str, card: ModelCard) -> ModelCard:
    """Append a Softmax over the class axis to the graph's first output (same name kept, so the
    engine and Deepness read it as before); the card then says ``probabilities``."""
    import onnx
    from onnx import helper

    proto = onnx.load(path, load_external_data=False)
    out = proto.graph.output[0]
    raw = out.name + "_scores"
    for node in proto.graph.node:
        node.output[:] = [raw if o == out.name else o for o in node.output]
        node.input[:] = [raw if i == out.name else i for i in node.input]
    proto.graph.node.append(helper.make_node("Softmax", [raw], [out.name], axis=1, name="deepness_probabilities"))
    onnx.save(proto, path)
    return replace(card, output="probabilities")


def check_as_deepness_reads(path: str, x: np.ndarray, threshold: float = THRESHOLD) -> str:
    """Run ``path`` on ``x`` and read the output as Deepness's Segmentor does (scores under the
    threshold zeroed, then argmax): every pixel must keep its best class, and the scores must be
    probabilities (0..1, summing to 1). Returns the line to show; raises ValueError otherwise."""
    sess = onnx_session(path)
    probs = sess.run(None, {sess.get_inputs()[0].name: x.astype(np.float32)})[0]
    total = probs.sum(axis=1)
    if not np.isfinite(probs).all() or probs.min() < -1e-6 or probs.max() > 1 + 1e-6 or \
            np.abs(total - 1).max() > 1e-3:
        # a Said: run.py's ConvertError says it again in the user's language
        raise ValueError(say("the output is not probabilities (range {low:.3g}..{high:.3g}, sums {least:.4f}..{most:.4f})",
                             low=float(probs.min()), high=float(probs.max()), least=float(total.min()),
                             most=float(total.max())))
    read = probs.copy()
    read[read < threshold] = 0.0
    differ = int((np.argmax(read, axis=1) != np.argmax(probs, axis=1)).sum())
    if differ:
        raise ValueError(say("read as Deepness reads it (seg_thresh {threshold}), {differ} pixels change class",
                             threshold=threshold, differ=differ))
    under = float((probs.max(axis=1) < 0.5).mean())
    return (f"Deepness reading (softmax in the graph, seg_thresh {threshold:g}): every pixel keeps its class; "
            f"{100 * under:.1f} % of them have no class above 0.5, which Deepness's default threshold "
            "would have made class 0")
