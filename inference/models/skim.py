"""An ONNX model read without its weights, for showing its card: ``onnx.load`` parses every byte
(a 1.1 GB FLAIR-HUB model held QGIS's window still for 3.6 s each time the dock showed it); here
the protobuf is walked field by field and the large tensors' data are skipped with a seek.

What is kept is what describing a model needs: the metadata (the card), the graph's inputs,
outputs and nodes, and every initializer's name, type and dims, with the data of the small ones
(a Reshape's target shape, which shape inference reads).
"""
from __future__ import annotations

import mmap

KEEP_BYTES = 65536  # an initializer smaller than this keeps its data
GRAPH, INITIALIZER = 7, 5  # ModelProto.graph, GraphProto.initializer
TENSOR_DATA = {4, 5, 6, 7, 9, 10, 11}  # TensorProto's *_data and raw_data fields


def _varint(buf, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        b = buf[i]
        i += 1
        value |= (b & 0x7F) << shift
        if b < 0x80:
            return value, i
        shift += 7


def _fields(buf, start: int, end: int):
    """(field number, start of its tag, start and end of its payload) for each field of a message."""
    i = start
    while i < end:
        tag, j = _varint(buf, i)
        kind = tag & 7
        if kind == 0:
            k = _varint(buf, j)[1]
        elif kind in (1, 5):
            k = j + (8 if kind == 1 else 4)
        elif kind == 2:
            n, j = _varint(buf, j)
            k = j + n
        else:
            raise ValueError(f"not a protobuf message (wire type {kind} at byte {i})")
        if k > end:
            raise ValueError("truncated protobuf message")
        yield tag >> 3, i, j, k
        i = k


def _delimited(field: int, body: bytes) -> bytes:
    out, n = bytearray(), len(body)
    for v in (field << 3 | 2, n):
        while v >= 0x80:
            out.append(v & 0x7F | 0x80)
            v >>= 7
        out.append(v)
    return bytes(out) + body


def _strip(buf, start: int, end: int, drop: set[int]) -> bytes:
    return b"".join(bytes(buf[t:e]) for f, t, _, e in _fields(buf, start, end) if f not in drop)


def _graph(buf, start: int, end: int) -> bytes:
    out = []
    for f, t, s, e in _fields(buf, start, end):
        if f == INITIALIZER and e - s > KEEP_BYTES:
            out.append(_delimited(f, _strip(buf, s, e, TENSOR_DATA)))
        else:
            out.append(bytes(buf[t:e]))
    return b"".join(out)


def load_without_weights(path: str):
    """The model's ModelProto with the data of its large initializers left out (see module doc);
    raises ValueError or OSError when the file is not one."""
    import onnx

    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as buf:
        parts = []
        for field, t, s, e in _fields(buf, 0, len(buf)):
            parts.append(_delimited(GRAPH, _graph(buf, s, e)) if field == GRAPH else bytes(buf[t:e]))
    return onnx.ModelProto.FromString(b"".join(parts))
