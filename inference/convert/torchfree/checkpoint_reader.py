"""Read PyTorch checkpoints into numpy arrays without torch, and without running anything from the file.

A checkpoint written by ``torch.save`` (PyTorch >= 1.6) is a zip archive: ``<name>/data.pkl``
pickles the object tree, and each tensor's storage is a raw little-endian file
``<name>/data/<key>`` the pickle points to by a persistent id
``("storage", torch.FloatStorage, key, location, numel)``. A state dict names only
``collections.OrderedDict``, ``torch._utils._rebuild_tensor_v2`` (or ``_rebuild_parameter``) and
storage types, so :class:`_StateDictUnpickler` resolves exactly those to our own numpy code.

Every other global a file names (Lightning's hyper-parameter containers, callbacks' state, or a
hostile ``os.system``) is never imported: it becomes an :class:`Ignored` placeholder, and a
placeholder that ends up inside the tensors we return makes the whole file refused, naming the
global. Placeholders elsewhere (a Lightning checkpoint's ``hyper_parameters``) are dropped and
reported by name, so a fine-tuned ``.ckpt`` converts while none of its code runs.

``.safetensors`` files hold nothing executable; they are read with ``safetensors.numpy``.
"""
from __future__ import annotations

import io
import math
import os
import pickle  # nosec B403  # a restricted Unpickler (find_class: tensor rebuilds and plain builtins; anything else inert)
import zipfile
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from ..checkpoint import CheckpointError

# torch storage type -> numpy dtype of its raw bytes (bfloat16 is widened to float32 below)
STORAGE_DTYPES = {
    "FloatStorage": np.float32,
    "DoubleStorage": np.float64,
    "HalfStorage": np.float16,
    "BFloat16Storage": np.uint16,
    "LongStorage": np.int64,
    "IntStorage": np.int32,
    "ShortStorage": np.int16,
    "CharStorage": np.int8,
    "ByteStorage": np.uint8,
    "BoolStorage": np.bool_,
}
# Plain data Lightning checkpoints pickle by name; constructing these runs no user code.
_SAFE_BUILTINS = {
    ("builtins", "set"): set,
    ("builtins", "frozenset"): frozenset,
    ("builtins", "dict"): dict,
    ("builtins", "list"): list,
    ("builtins", "tuple"): tuple,
    ("builtins", "int"): int,
    ("builtins", "float"): float,
    ("builtins", "bytearray"): bytearray,
    ("collections", "OrderedDict"): OrderedDict,
}


class NotZipCheckpoint(CheckpointError):
    """Not a zip checkpoint: truncated, not a checkpoint, or PyTorch's pre-1.6 format (torch reads that one)."""


class Ignored(dict):
    """Stands for a global the file names that we do not resolve. Calling or building it does
    nothing; it takes items and appends (Lightning pickles dict and list subclasses) as plain data."""

    global_name = "?"

    def __new__(cls, *args, **kwargs):
        return super().__new__(cls)

    def __init__(self, *args, **kwargs):
        super().__init__()

    def __call__(self, *args, **kwargs):
        return self

    def __setstate__(self, state):
        pass

    def append(self, item):
        pass

    def extend(self, items):
        pass

    def __repr__(self):
        return f"<ignored {self.global_name}>"

    __hash__ = object.__hash__


@dataclass(frozen=True)
class _StorageRef:
    dtype_name: str
    key: str
    numel: int


@dataclass
class _TensorRef:
    storage: _StorageRef
    offset: int
    shape: tuple[int, ...]
    stride: tuple[int, ...]


@dataclass
class Checkpoint:
    """The tensors found in a file, as numpy arrays, and what was left out."""

    tensors: OrderedDict[str, np.ndarray]
    ignored: list[str] = field(default_factory=list)  # globals named by the file and never resolved
    where: str = ""  # the path of the state dict inside the file, e.g. "state_dict"


def _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad=False, backward_hooks=None, metadata=None):
    if not isinstance(storage, _StorageRef):
        raise pickle.UnpicklingError("a tensor whose storage is not a storage record")
    return _TensorRef(storage, int(storage_offset), tuple(int(s) for s in size), tuple(int(s) for s in stride))


def _rebuild_parameter(data, requires_grad=False, backward_hooks=None):
    return data


def _rebuild_parameter_with_state(data, requires_grad=False, backward_hooks=None, state=None):
    return data


_TORCH = {
    ("torch._utils", "_rebuild_tensor_v2"): _rebuild_tensor_v2,
    ("torch._utils", "_rebuild_parameter"): _rebuild_parameter,
    ("torch._utils", "_rebuild_parameter_with_state"): _rebuild_parameter_with_state,
}


class _StorageType:
    def __init__(self, name: str):
        self.name = name


class _StateDictUnpickler(pickle.Unpickler):
    def __init__(self, data: bytes):
        super().__init__(io.BytesIO(data))
        self.ignored: list[str] = []

    def find_class(self, module: str, name: str):
        if (module, name) in _TORCH:
            return _TORCH[(module, name)]
        if (module, name) in _SAFE_BUILTINS:
            return _SAFE_BUILTINS[(module, name)]
        if module == "torch" and name in STORAGE_DTYPES:
            return _StorageType(name)
        if module == "_codecs" and name == "encode":
            # protocol 2 pickles bytes as _codecs.encode(text, "latin1"): pure data
            return _latin1_bytes
        full = f"{module}.{name}"
        self.ignored.append(full)
        return type("Ignored", (Ignored,), {"global_name": full})

    def persistent_load(self, pid):
        if not (isinstance(pid, tuple) and len(pid) == 5 and pid[0] == "storage" and isinstance(pid[1], _StorageType)):
            raise pickle.UnpicklingError(f"unexpected persistent id {str(pid)[:80]}")
        _, stype, key, _location, numel = pid
        return _StorageRef(stype.name, str(key), int(numel))


def _latin1_bytes(text, encoding="latin1"):
    if not isinstance(text, str) or encoding != "latin1":
        raise pickle.UnpicklingError("_codecs.encode used for something other than bytes")
    return text.encode("latin1")


# ---------------------------------------------------------------------------------------------


def read_checkpoint(path: str) -> Checkpoint:
    """The state dict in ``path`` (.pth/.pt/.ckpt zip checkpoint, or .safetensors) as numpy arrays."""
    name = os.path.basename(path)
    if not os.path.isfile(path):
        raise CheckpointError.say("checkpoint not found: {path}", path=path)
    with open(path, "rb") as f:
        head = f.read(16)
    if _looks_like_safetensors(head):
        return Checkpoint(_read_safetensors(path), where="safetensors")
    if not zipfile.is_zipfile(path):
        raise NotZipCheckpoint.say(
            "{name} is neither a safetensors file nor a PyTorch checkpoint in zip form (a truncated "
            "download, or a file saved by PyTorch < 1.6); download it again, or convert it with the "
            "PyTorch converter", name=name
        )
    try:
        with zipfile.ZipFile(path) as zf:
            return _read_zip(zf, name)
    except (zipfile.BadZipFile, OSError, EOFError) as e:
        raise CheckpointError.say("{name} is damaged ({error}); download it again", name=name, error=str(e)) from None


def _looks_like_safetensors(head: bytes) -> bool:
    if len(head) < 9:
        return False
    n = int.from_bytes(head[:8], "little")
    return 2 <= n < 100_000_000 and head[8:9] == b"{"


def _read_safetensors(path: str) -> OrderedDict[str, np.ndarray]:
    name = os.path.basename(path)
    try:
        from safetensors import SafetensorError
        from safetensors.numpy import load_file
    except ImportError:
        raise CheckpointError.say(
            "{name} is a .safetensors file, and reading it needs the safetensors package "
            "(pip install safetensors)", name=name
        ) from None
    try:
        return OrderedDict(load_file(path))
    except (OSError, ValueError, TypeError, SafetensorError) as e:
        raise CheckpointError.say("{name} is not a readable safetensors file ({error}); download it again", name=name,
                                  error=str(e)) from None


def _read_zip(zf: zipfile.ZipFile, name: str) -> Checkpoint:
    pkls = [n for n in zf.namelist() if n.endswith("/data.pkl") and n.count("/") == 1]
    if len(pkls) != 1:
        raise CheckpointError.say("{name} is a zip file but not a PyTorch checkpoint (no <name>/data.pkl)", name=name)
    prefix = pkls[0][: -len("data.pkl")]
    order = "little"
    if prefix + "byteorder" in zf.namelist():
        order = zf.read(prefix + "byteorder").decode("ascii", "replace").strip()
    unpickler = _StateDictUnpickler(zf.read(pkls[0]))
    try:
        obj = unpickler.load()
    except (pickle.UnpicklingError, EOFError, TypeError, ValueError, AttributeError, IndexError, KeyError) as e:
        raise CheckpointError.say(
            "{name}: its pickle holds something other than a state dict of tensors ({error}); "
            "only plain weights can be read. Use IGN's original file.", name=name, error=f"{type(e).__name__}: {e}"
        ) from None
    state, where = _find_state_dict(obj, name, unpickler.ignored)
    tensors = OrderedDict()
    cache: dict[str, np.ndarray] = {}
    for key, ref in state.items():
        tensors[key] = _materialise(zf, prefix, ref, cache, order, name, key)
    ignored = sorted(set(unpickler.ignored))
    return Checkpoint(tensors, ignored, where)


def _find_state_dict(obj, name: str, ignored: list[str]):
    """The tensor dict inside a checkpoint: itself, or under state_dict / model / ... (as the torch path)."""
    where = []
    for _ in range(4):
        if not isinstance(obj, dict) or isinstance(obj, Ignored):
            break
        tensors = {k: v for k, v in obj.items() if isinstance(k, str) and isinstance(v, _TensorRef)}
        if tensors and len(tensors) >= len(obj) // 2:
            bad = [f"{k} ({v.global_name})" for k, v in obj.items() if isinstance(v, Ignored)]
            if bad:
                raise CheckpointError.say(
                    "{name}: its state dict holds objects that are not tensors: {objects}. "
                    "Nothing from it was run; use IGN's original file.", name=name, objects=", ".join(bad[:5])
                )
            return OrderedDict(tensors), ".".join(where)
        for key in ("state_dict", "model_state_dict", "model", "net", "weights"):
            if isinstance(obj.get(key), dict):
                obj = obj[key]
                where.append(key)
                break
        else:
            break
    top = ", ".join(map(str, list(obj)[:8])) if isinstance(obj, dict) else getattr(obj, "global_name", type(obj).__name__)
    if ignored:
        raise CheckpointError.say(
            "{name} holds no state dict of tensors (top level: {top}). It names {objects}, which were not run. "
            "Expected a plain state dict or a Lightning checkpoint with 'state_dict'; use IGN's original file.",
            name=name, top=top, objects=", ".join(sorted(set(ignored))[:5]))
    raise CheckpointError.say(
        "{name} holds no state dict of tensors (top level: {top}). Expected a plain state dict "
        "or a Lightning checkpoint with 'state_dict'; use IGN's original file.", name=name, top=top
    )


MAX_EXPANDED_BYTES = 1 << 32  # an expanded (zero-stride) tensor copied out larger than this is refused


def _materialise(zf, prefix, ref: _TensorRef, cache, order, name, key) -> np.ndarray:
    st = ref.storage
    raw = cache.get(st.key)
    if raw is None:
        member = f"{prefix}data/{st.key}"
        try:
            data = zf.read(member)
        except KeyError:
            raise CheckpointError.say("{name}: tensor {key} points to {member}, which the archive lacks; download it again",
                                      name=name, key=key, member=member) from None
        dtype = np.dtype(STORAGE_DTYPES[st.dtype_name])
        if order == "big":
            dtype = dtype.newbyteorder(">")
        if len(data) < st.numel * dtype.itemsize:
            raise CheckpointError.say("{name}: storage {member} is shorter than its {count} elements; download it again",
                                      name=name, member=member, count=st.numel)
        raw = np.frombuffer(data, dtype, count=st.numel)
        cache[st.key] = raw
    shape, stride = ref.shape, ref.stride
    if len(shape) != len(stride) or any(s < 0 for s in shape + stride) or ref.offset < 0:
        raise CheckpointError.say("{name}: tensor {key} has an invalid shape/stride", name=name, key=key)
    last = ref.offset + sum((n - 1) * s for n, s in zip(shape, stride)) if all(shape) else ref.offset - 1
    if last >= raw.size:
        raise CheckpointError.say("{name}: tensor {key} reaches past its storage; the file is damaged", name=name, key=key)
    n = math.prod(shape)
    if n > raw.size and n * raw.itemsize > MAX_EXPANDED_BYTES:  # zero strides: a tiny storage "expanded"
        raise CheckpointError.say(
            "{name}: tensor {key} declares {count} elements ({gib:.3g} GiB) over a storage of {size}; no model weight "
            "is that large: the file is damaged or crafted. Use IGN's original file.", name=name, key=key, count=n,
            gib=n * raw.itemsize / 2 ** 30, size=raw.size)
    view = np.lib.stride_tricks.as_strided(
        raw[ref.offset:], shape=shape, strides=tuple(s * raw.itemsize for s in stride), writeable=False
    ) if all(shape) else np.empty(shape, raw.dtype)
    arr = np.array(view, dtype=raw.dtype.newbyteorder("="), copy=True)
    if st.dtype_name == "BFloat16Storage":  # numpy has no bfloat16: its bits are the top half of a float32
        arr = (arr.astype(np.uint32) << 16).view(np.float32)
    return arr


__all__ = ["Checkpoint", "CheckpointError", "Ignored", "NotZipCheckpoint", "STORAGE_DTYPES", "read_checkpoint"]
