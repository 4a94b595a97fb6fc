"""Exported test models kept across test runs, so that an unchanged converter never exports again.

A multi-source dynamo export takes tens of seconds to minutes on a busy 2-core machine (LC-L about
80 s idle); the tests need the ONNX file, not the export. Each model is kept under
``.test-cache/`` at the repository root (git-ignored; ``$FLAIR_TEST_CACHE`` names another folder,
``off`` disables the cache) in a folder keyed by a hash of the converter's source code
(``inference/convert``, ``inference/models``), the test module that builds the model, the shape
spec and the versions of torch, onnx and onnxruntime: any change there exports afresh, and stale
folders of the same name are removed. A folder is complete or absent (built beside, then renamed).
"""
from __future__ import annotations

import atexit
import hashlib
import os
import pickle
import shutil
import tempfile
from typing import Callable

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOURCES = ("inference/convert", "inference/models")
VALUE = "value.pkl"


def cache_root() -> str | None:
    where = os.environ.get("FLAIR_TEST_CACHE", "")
    if where.lower() in ("off", "0", "no"):
        return None
    return where or os.path.join(ROOT, ".test-cache")


def source_key(builder_file: str, *parts) -> str:
    """Hash of the converter's code, ``builder_file`` (the test module making the model), ``parts``
    (the shape spec, tile, dates checked) and the export stack's versions."""
    h = hashlib.sha256()
    files = [builder_file]
    for base in SOURCES:
        for folder, dirs, names in os.walk(os.path.join(ROOT, base)):
            dirs.sort()
            files += [os.path.join(folder, n) for n in sorted(names) if n.endswith(".py")]
    for path in files:
        h.update(os.path.relpath(path, ROOT).encode())
        with open(path, "rb") as f:
            h.update(f.read())
    for module in ("torch", "onnx", "onnxruntime", "timm", "segmentation_models_pytorch"):
        try:
            h.update(f"{module}={__import__(module).__version__}".encode())
        except ImportError:
            h.update(f"{module}=none".encode())
    h.update(repr(parts).encode())
    return h.hexdigest()[:20]


def cached(name: str, key: str, build: Callable[[str], object]) -> tuple[str, object]:
    """(folder, value): ``build(folder)`` writes its files into ``folder`` and returns a picklable
    value; both are reused while ``key`` is the same."""
    root = cache_root()
    if root is None:
        folder = tempfile.mkdtemp(prefix=f"flair_{name}_")
        atexit.register(shutil.rmtree, folder, True)
        return folder, build(folder)
    final = os.path.join(root, f"{name}-{key}")
    value = _load(final)
    if value is not None:
        return final, value[0]
    os.makedirs(root, exist_ok=True)
    for old in os.listdir(root):  # the same model from an older converter: never read again
        if old.startswith(f"{name}-") and old != os.path.basename(final):
            shutil.rmtree(os.path.join(root, old), True)
    work = tempfile.mkdtemp(prefix=f".{name}-", dir=root)
    try:
        value = build(work)
        with open(os.path.join(work, VALUE), "wb") as f:
            pickle.dump(value, f)
        try:
            os.rename(work, final)
        except OSError:  # another process finished it first: use theirs
            shutil.rmtree(work, True)
    except BaseException:
        shutil.rmtree(work, True)
        raise
    loaded = _load(final)
    return final, loaded[0] if loaded is not None else value


def _load(folder: str):
    path = os.path.join(folder, VALUE)
    if not os.path.isfile(path):
        return None
    try:
        with open(path, "rb") as f:
            return (pickle.load(f),)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
        shutil.rmtree(folder, True)  # from a code that no longer reads it: export again
        return None


__all__ = ["cache_root", "cached", "source_key"]
