"""A plain CPU ONNX Runtime session for checking what the converter wrote."""
from __future__ import annotations


def onnx_session(path: str, threads: int = 0):
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    if threads:
        opts.intra_op_num_threads = threads
    return ort.InferenceSession(path, opts, providers=["CPUExecutionProvider"])
