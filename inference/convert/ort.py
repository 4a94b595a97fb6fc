"""What both converters share about the ONNX files they write: the metadata (our card) and a
plain CPU ONNX Runtime session to check the result (opened as every session is, models/session.py)."""
from __future__ import annotations

from ..models.session import open_ort


def onnx_session(path: str, threads: int = 0):
    """The converted graph as it is (no head): its raw outputs for the parity checks."""
    return open_ort(path, threads=threads)


def write_metadata_props(path: str, meta: dict[str, str], producer: str | None = None) -> None:
    """Set ``meta`` in the ONNX file's metadata_props (replacing those keys, keeping the others)."""
    import onnx

    proto = onnx.load(path, load_external_data=False)
    keep = [p for p in proto.metadata_props if p.key not in meta]
    del proto.metadata_props[:]
    proto.metadata_props.extend(keep)
    for k, v in meta.items():
        p = proto.metadata_props.add()
        p.key, p.value = k, v
    if producer:
        proto.producer_name = producer
    onnx.save(proto, path)
