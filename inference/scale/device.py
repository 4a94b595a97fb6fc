"""The device side of a block run: I/O binding, batch sizing, TensorRT with its engine cache.

Built and tested on CPU only: no GPU was available where this was written, so nothing here has
been measured on one (docs/scale.md says what to run when one is).

- The session's head (models/session.py) already ends the graph with ArgMax and a uint8 Cast,
  so the logits never leave the device; only labels (1 byte a pixel) and, when asked, the
  confidence come back. ``BoundRunner`` adds ONNX Runtime's I/O binding: the input goes to the
  device as one OrtValue per batch and the outputs are bound to host memory directly, instead of
  the default path's extra copies and allocations per call.
- ``tune_batch`` picks the batch that maximises tiles/s on the device (doubling until the gain
  stops or the device runs out of memory). On CPU the engine keeps batch 1: larger batches buy
  nothing there and results stay bit-identical to the single-process run.
- ``tensorrt_providers``: the TensorRT execution provider first when this onnxruntime has it,
  with its engine cache in a folder beside the model (building an engine takes minutes; the cache
  makes it once per model, tile and batch), then CUDA, then CPU.
"""
from __future__ import annotations

import logging
import os
import time

import numpy as np

from ..models.session import ort_errors

log = logging.getLogger(__name__)

GPU = ("CUDAExecutionProvider", "TensorrtExecutionProvider")


class BoundRunner:
    """``run(x)`` like ``Session.run``, through an I/O binding on the session's device."""

    def __init__(self, session):
        self.session = session
        self._ort = session._session  # the onnxruntime.InferenceSession inside our Session
        self.device = "cuda" if session.provider in GPU else "cpu"

    def __getattr__(self, name):  # info, device_name, provider...: the stream takes us for the session
        return getattr(self.session, name)

    def run(self, x: np.ndarray) -> dict[str, np.ndarray]:
        import onnxruntime as ort

        binding = self._ort.io_binding()
        binding.bind_ortvalue_input(self.session.info.input_name,
                                    ort.OrtValue.ortvalue_from_numpy(np.ascontiguousarray(x), self.device, 0))
        for name in self.session.output_names:
            binding.bind_output(name, "cpu")
        self._ort.run_with_iobinding(binding)
        outs = binding.copy_outputs_to_cpu()
        # the session reads its head's outputs, NaN/Inf flag included, as when it runs itself
        return self.session.unpack(dict(zip(self.session.output_names, outs)))[0]


def _out_of_memory(e: BaseException) -> bool:
    text = str(e).lower()
    return any(k in text for k in ("out of memory", "failed to allocate", "cudaerrormemoryallocation", "bad_alloc"))


def tune_batch(run, channels: int, tile: int, max_batch: int = 64, min_gain: float = 1.05,
               repeats: int = 2) -> int:
    """The batch (a power of two) with the best tiles/s for ``run(x)``; stops doubling when a
    doubling gains less than ``min_gain`` or the device is out of memory."""
    best, best_rate, batch = 1, 0.0, 1
    while batch <= max_batch:
        x = np.zeros((batch, channels, tile, tile), np.float32)
        try:
            run(x)  # warm-up: allocations, kernel selection, TensorRT engine build
            t0 = time.perf_counter()
            for _ in range(repeats):
                run(x)
            rate = batch * repeats / (time.perf_counter() - t0)
        except (*ort_errors(), MemoryError) as e:  # ort_errors: ONNX Runtime's own, and RuntimeError
            if _out_of_memory(e):
                log.info("batch %d does not fit on the device: keeping %d", batch, best)
                break
            raise
        if rate < best_rate * min_gain:
            break
        best, best_rate = batch, rate
        batch *= 2
    return best


def tensorrt_providers(model_path: str, available: list[str], fp16: bool = False) -> list:
    """Providers for ``InferenceSession``: TensorRT (engine cache beside the model) when present."""
    out: list = []
    if "TensorrtExecutionProvider" in available:
        cache = os.path.join(os.path.dirname(os.path.abspath(model_path)), ".trt-cache")
        out.append(("TensorrtExecutionProvider", {
            "trt_engine_cache_enable": True, "trt_engine_cache_path": cache,
            "trt_timing_cache_enable": True, "trt_fp16_enable": fp16,
        }))
    if "CUDAExecutionProvider" in available:
        out.append("CUDAExecutionProvider")
    out.append("CPUExecutionProvider")
    return out
