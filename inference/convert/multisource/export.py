"""Export a FLAIR-HUB multi-source model to ONE ONNX graph, and check it against torch.

Graph signature (MULTISOURCE.md §4): one input per image modality ``(N, C, px, px)``; per time
series ``<S>_TS (N, T, C, h, w)`` raw values plus ``<S>_DATES (N, T)`` float32 days; one logits
output per task. N and each series' T are dynamic; series-only models keep H and W dynamic too
(fully convolutional, run on the Sentinel grid). torch is imported lazily by the callers.
"""
from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass

import numpy as np

from ...core.errors import FlairError
from ...core.messages import Said, say
from ..ort import onnx_session
from .fused import HubSpec
from .utae import set_export_mode

log = logging.getLogger(__name__)

EXAMPLE_T = 3  # torch.export specialises dims of size 0/1: trace with more dates than that


class ExportError(FlairError, RuntimeError):
    """The ONNX exporter failed; the message carries its reason."""


def example_inputs(spec: HubSpec, n: int = 2, t: int = EXAMPLE_T, seed: int = 0, hw: int | None = None):
    """Random inputs shaped like real ones (series in reflectance-like units, dates in days)."""
    rng = np.random.default_rng(seed)
    arrays = []
    for m in spec.monos:
        arrays.append(rng.normal(0, 1, (n, m.in_channels, m.patch_px, m.patch_px)).astype(np.float32))
    for s in spec.series:
        px = hw or s.patch_px
        arrays.append(rng.uniform(0, 4000, (n, t, s.in_channels, px, px)).astype(np.float32))
        days = np.sort(rng.uniform(-134, 230, (n, t)), axis=1)
        arrays.append(days.astype(np.float32))
    return arrays


def export_hub(model, spec: HubSpec, path: str, torch, opset: int = 18, optimize: bool = True) -> None:
    """Write ``model`` (built by :func:`build_hub_model`) to ``path`` with dynamic N and T."""
    Dim = torch.export.Dim
    n = Dim("N", min=1, max=1024)
    shapes = [{0: n} for _ in spec.monos]
    for s in spec.series:
        t = Dim(f"T_{s.modality.replace('-', '_')}", min=1, max=1024)
        ts = {0: n, 1: t}
        if spec.series_only:
            # fully convolutional U-TAE: any Sentinel window
            ts.update({3: Dim(f"H_{s.modality.replace('-', '_')}", min=2, max=4096),
                       4: Dim(f"W_{s.modality.replace('-', '_')}", min=2, max=4096)})
        shapes += [ts, {0: n, 1: t}]
    hw = 4 if spec.series_only else None
    args = tuple(torch.from_numpy(a) for a in example_inputs(spec, hw=hw))
    set_export_mode(model, True)
    try:
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                model, args, path, dynamo=True, input_names=list(spec.input_names),
                output_names=list(spec.output_names), dynamic_shapes=(tuple(shapes),), opset_version=opset,
                external_data=False, verbose=False, optimize=optimize,
            )
    except Exception as e:  # noqa: BLE001 - torch's exporter raises many kinds; say which and why
        raise ExportError.say("the ONNX exporter failed: {kind}: {reason}", kind=type(e).__name__,
                              reason=str(e)[:800]) from None
    finally:
        set_export_mode(model, False)


@dataclass(frozen=True)
class Parity:
    output: str
    t: int
    max_abs_diff: float
    argmax_agreement: float
    pixels: int

    def ok(self, tol: float = 1e-3, agree: float = 0.9999) -> bool:
        return self.max_abs_diff < tol and self.argmax_agreement >= agree

    def text(self) -> Said:
        return say("{output} T={t}: max |logit diff| {diff:.2e}, argmax agreement {agreement:.4f}% over {pixels} px",
                   output=self.output, t=self.t, diff=self.max_abs_diff, agreement=100 * self.argmax_agreement,
                   pixels=self.pixels)


def parity(model, spec: HubSpec, onnx_path: str, torch, ts=(1, 2, 23, 60), n: int = 1, seed: int = 1) -> list[Parity]:
    """ONNX Runtime vs IGN's torch forward (export_mode off) on random inputs, for each date count.

    From T = 3 on, the last dates of the last sample are zeros, the way IGN pads batches, so the
    padding branches are compared too.
    """
    sess = onnx_session(onnx_path)
    set_export_mode(model, False)
    out = []
    for t in ts:
        arrays = example_inputs(spec, n=max(n, 2) if t > 2 else n, t=t, seed=seed,
                                hw=6 if spec.series_only else None)
        if t > 2:
            for i in range(len(spec.series)):
                arrays[len(spec.monos) + 2 * i][-1, t - 1:] = 0
        with torch.no_grad():
            ref = [o.numpy() for o in model(*(torch.from_numpy(a) for a in arrays))]
        got = sess.run(None, dict(zip(spec.input_names, arrays)))
        for name, r, g in zip(spec.output_names, ref, got):
            if r.shape != g.shape:
                raise ExportError.say("{name}: ONNX output shape {got} differs from torch's {ref}", name=name,
                                      got=g.shape, ref=r.shape)
            out.append(Parity(name, t, float(np.abs(r - g).max()), float((r.argmax(1) == g.argmax(1)).mean()),
                              int(r.shape[0] * r.shape[2] * r.shape[3])))
    return out


__all__ = ["ExportError", "Parity", "example_inputs", "export_hub", "parity"]
