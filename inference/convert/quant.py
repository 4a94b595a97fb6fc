"""Faster variants of a converted model: static int8 and fp16, each measured against fp32.

int8 uses ONNX Runtime's static quantisation (QDQ format, per-channel int8 weights, uint8
activations) calibrated on tiles of the user's own imagery; fp16 converts the weights and
arithmetic to half precision and keeps float32 inputs and outputs. Each variant is compared
with the fp32 model on the same tiles: the share of valid pixels whose class (argmax) is
unchanged, and the median time per tile on this machine's CPU. A variant below the agreement
threshold (99 %) is deleted unless the caller insists (``keep_poor``). Neither needs torch.
"""
from __future__ import annotations

import logging
import os
import statistics
import time
from dataclasses import dataclass

import numpy as np

from ..models.card import CARD_KEY
from ..models.session import open_ort, ort_errors

log = logging.getLogger(__name__)


@dataclass
class VariantReport:
    kind: str  # "int8" | "fp16"
    path: str
    agreement: float  # share of valid calibration pixels with the same class as fp32
    fp32_ms: float  # median time per tile, fp32
    ms: float  # median time per tile, this variant
    kept: bool
    reason: str = ""

    @property
    def speedup(self) -> float:
        return self.fp32_ms / self.ms if self.ms else float("nan")

    def text(self) -> str:
        state = "kept" if self.kept else "deleted"
        return (
            f"{self.kind}: class agreement with fp32 {100 * self.agreement:.2f} % of calibration pixels, "
            f"{self.ms:.0f} ms/tile vs {self.fp32_ms:.0f} ms fp32 ({self.speedup:.2f}x) on CPU; {state}"
            + (f" ({self.reason})" if self.reason else "")
            + (f": {self.path}" if self.kept else "")
        )


def variant_path(path: str, kind: str) -> str:
    stem, ext = os.path.splitext(path)
    return f"{stem}.{kind}{ext or '.onnx'}"


def _run_all(path: str, x: np.ndarray) -> tuple[np.ndarray, float]:
    """Class maps for every tile, and the median ms per tile (after one warm-up run)."""
    sess = open_ort(path)
    name = sess.get_inputs()[0].name
    sess.run(None, {name: x[:1]})
    labels, times = [], []
    for i in range(len(x)):
        labels.append(sess.run(None, {name: x[i : i + 1]})[0].argmax(1)[0])
    for k in range(max(5, len(x))):  # timing: the median of at least 5 runs
        t = time.perf_counter()
        sess.run(None, {name: x[k % len(x) : k % len(x) + 1]})
        times.append(1000 * (time.perf_counter() - t))
    return np.stack(labels), statistics.median(times)


class _Reader:
    """ONNX Runtime calibration reader over the user's tiles."""

    def __init__(self, name: str, x: np.ndarray):
        self.items = iter([{name: x[i : i + 1]} for i in range(len(x))])

    def get_next(self):
        return next(self.items, None)


def quantize_int8(src: str, dst: str, x: np.ndarray) -> None:
    from onnxruntime.quantization import CalibrationMethod, QuantFormat, QuantType, quantize_static
    from onnxruntime.quantization.shape_inference import quant_pre_process

    name = open_ort(src).get_inputs()[0].name
    pre = dst + ".pre.onnx"
    try:
        # ONNX shape inference and graph optimisation only: ORT's symbolic shape inference fails on
        # our dynamic graphs and then leaves a debug file in the working folder.
        try:
            quant_pre_process(src, pre, skip_symbolic_shape=True)
        except (*ort_errors(), ValueError, OSError) as e:  # an optimisation only: quantise the model as it is
            log.info("quantisation pre-processing failed: %s", e)
            pre = src
        root = logging.getLogger()
        level = root.level
        root.setLevel(logging.ERROR)  # the quantiser warns per tensor on the root logger
        try:
            quantize_static(
                pre, dst, _Reader(name, x), quant_format=QuantFormat.QDQ, per_channel=True,
                activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
                calibrate_method=CalibrationMethod.MinMax,
            )
        finally:
            root.setLevel(level)
    finally:
        if pre != src and os.path.exists(pre):
            os.remove(pre)


def convert_fp16(src: str, dst: str) -> None:
    import onnx
    from onnxruntime.transformers.float16 import convert_float_to_float16

    model = convert_float_to_float16(onnx.load(src), keep_io_types=True)
    onnx.save(model, dst)


def _copy_metadata(src: str, dst: str, kind: str, agreement: float) -> None:
    """The variant keeps the fp32 model's card and metadata, with its precision and agreement added."""
    import json

    import onnx

    meta = {p.key: p.value for p in onnx.load(src, load_external_data=False).metadata_props}
    card = json.loads(meta[CARD_KEY])
    card.setdefault("extra", {})
    card["extra"].update(precision=kind, agreement_vs_fp32=round(agreement, 6))
    card["name"] = f"{card['name']} ({kind})"
    meta[CARD_KEY] = json.dumps(card, ensure_ascii=False, indent=1)
    proto = onnx.load(dst)
    del proto.metadata_props[:]
    for k, v in meta.items():
        p = proto.metadata_props.add()
        p.key, p.value = k, v
    onnx.save(proto, dst)


def make_variants(
    fp32_path: str,
    x: np.ndarray,
    valid: np.ndarray,
    int8: bool = False,
    fp16: bool = False,
    min_agreement: float = 0.99,
    keep_poor: bool = False,
    log_fn=None,
) -> list[VariantReport]:
    """Build the requested variants next to ``fp32_path`` and report each against fp32 on ``x``."""
    say = log_fn or (lambda s: log.info("%s", s))
    ref, ref_ms = _run_all(fp32_path, x)
    reports = []
    for kind, wanted, make in (("int8", int8, lambda s, d: quantize_int8(s, d, x)), ("fp16", fp16, convert_fp16)):
        if not wanted:
            continue
        dst = variant_path(fp32_path, kind)
        say(f"building the {kind} variant")
        try:
            make(fp32_path, dst)
            labels, ms = _run_all(dst, x)
        except (*ort_errors(), ValueError, OSError) as e:  # a variant that fails is reported, not fatal
            if os.path.exists(dst):
                os.remove(dst)
            reports.append(VariantReport(kind, dst, 0.0, ref_ms, 0.0, False, f"failed: {type(e).__name__}: {e}"))
            say(reports[-1].text())
            continue
        agreement = float((labels == ref)[valid].mean())
        kept, reason = True, ""
        if agreement < min_agreement:
            if keep_poor:
                reason = f"below {100 * min_agreement:.0f} % agreement, kept as asked"
            else:
                kept, reason = False, f"below {100 * min_agreement:.0f} % agreement; pass --keep-poor-variants to keep it"
        if kept:
            _copy_metadata(fp32_path, dst, kind, agreement)
        else:
            os.remove(dst)
        reports.append(VariantReport(kind, dst, agreement, ref_ms, ms, kept, reason))
        say(reports[-1].text())
    return reports


__all__ = ["VariantReport", "make_variants", "variant_path"]
