"""The catalogue of IGN's released FLAIR models (data in catalogue.json) and the local model cache.

The cache folder holds downloaded checkpoints under ``checkpoints/`` and converted models as
``<id>.onnx``. Its default is ``$FLAIR_MODELS_DIR``, else the user cache folder
(``~/.cache/flair-qgis/models`` on Linux, ``%LOCALAPPDATA%\\flair-qgis\\models`` on Windows,
``~/Library/Caches/flair-qgis/models`` on macOS); inside QGIS the plugin passes a folder under
the QGIS profile instead (configurable in the catalogue dialog).
"""
from __future__ import annotations

import difflib
import json
import os
import sys
from dataclasses import dataclass, field

from ..core.errors import FlairError
from .modalities import short_name

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CATALOGUE = os.path.join(HERE, "catalogue.json")
CHECKPOINT_DIR = "checkpoints"
CONVERTERS = ("torch-free", "pytorch")


class CatalogueError(FlairError, ValueError):
    """The catalogue file is unreadable, or a model id is not in it."""


@dataclass(frozen=True)
class CatalogueEntry:
    id: str
    repo: str
    file: str
    family: str
    inputs: str  # key into the catalogue's input combinations, e.g. "rgbie"
    roles: tuple[str, ...]
    arch: str
    encoder: str
    outputs: int | None  # output channels (None: read from the checkpoint)
    classes: int  # classes the model was trained for (FLAIR's "15cl")
    size_mb: float | None
    approx: bool
    sha256: str | None
    licence: str
    description: str
    url: str
    page_url: str
    miou: float | None = None
    family_info: dict = field(default_factory=dict, compare=False, repr=False)
    bytes: int | None = None  # exact file size as Hugging Face publishes it (Git LFS pointer); None: unknown
    converter: str = "pytorch"  # "torch-free": written as ONNX without PyTorch; "pytorch": needs the PyTorch converter
    converter_note: str = ""
    checksum_note: str = ""  # why bytes/sha256 are missing, where they are
    # multi-source models (FLAIR-HUB UPerFuse): IGN's modality names, the task, what is unverified
    modalities: tuple[str, ...] = ()
    task: str = ""
    params_m: float | None = None
    verify: str = ""

    @property
    def multisource(self) -> bool:
        return bool(self.modalities)

    @property
    def size_bytes(self) -> int | None:
        """The exact size where published, else None (an estimate is never used to check a download)."""
        return self.bytes

    @property
    def size_text(self) -> str:
        if self.bytes:
            return f"{self.bytes / 1e6:.0f} MB"
        if not self.size_mb:
            return "?"
        return f"{'~' if self.approx else ''}{self.size_mb:.0f} MB"

    @property
    def needs_torch(self) -> bool:
        """True when converting this model needs PyTorch in QGIS's Python; False: it installs in one click."""
        return self.converter != "torch-free"

    @property
    def converter_text(self) -> str:
        return "one click (no PyTorch)" if not self.needs_torch else "needs the PyTorch converter"

    @property
    def verification(self) -> str:
        """How a download of this file is checked."""
        if self.sha256 and self.bytes:
            return "exact size and SHA-256"
        if self.sha256:
            return "SHA-256"
        if self.bytes:
            return "exact size"
        return "size the server announces only (no published checksum recorded)"

    @property
    def inputs_text(self) -> str:
        return ", ".join(self.roles)

    def summary(self) -> str:
        return (
            f"{self.id}: {self.description}. Inputs {self.inputs_text}; {self.classes} classes; "
            f"{self.size_text}; licence {self.licence}; {self.page_url}"
        )


@dataclass
class Catalogue:
    entries: list[CatalogueEntry]
    families: dict
    inputs: dict[str, tuple[str, ...]]
    path: str
    api_template: str | None = None  # Hugging Face's file list, for checksums the catalogue lacks (models/published.py)

    def get(self, model_id: str) -> CatalogueEntry:
        for e in self.entries:
            if e.id == model_id or e.repo == model_id or e.repo.split("/")[-1] == model_id:
                return e
        close = difflib.get_close_matches(model_id, [e.id for e in self.entries], n=3)
        if close:
            raise CatalogueError.say("no model {model!r} in the catalogue; did you mean {close}?", model=model_id,
                                     close=", ".join(close))
        # ids are typed on the command line only (the catalogue dialog lists its entries)
        raise CatalogueError.say("no model {model!r} in the catalogue; `python -m inference models list` shows them",
                                 model=model_id)

    def by_file(self, path: str) -> CatalogueEntry | None:
        """The entry whose released file name is ``path``'s name (how a local checkpoint is recognised)."""
        name = os.path.basename(path)
        for e in self.entries:
            if e.file == name:
                return e
        return None


def load_catalogue(path: str | None = None, url_template: str | None = None) -> Catalogue:
    """Read the catalogue; ``url_template`` (or $FLAIR_MODELS_URL_TEMPLATE) replaces the download
    address pattern (``{repo}`` and ``{file}`` are filled in), e.g. for a mirror."""
    path = path or os.environ.get("FLAIR_CATALOGUE") or DEFAULT_CATALOGUE
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        raise CatalogueError.say("cannot read the model catalogue {path}: {error}", path=path, error=str(e)) from None
    url_template = url_template or os.environ.get("FLAIR_MODELS_URL_TEMPLATE") or data.get("url_template")
    page_template = data.get("page_template", "https://huggingface.co/{repo}")
    inputs = {k: tuple(v) for k, v in data.get("inputs", {}).items()}
    families = data.get("families", {})
    entries = []
    for m in data.get("models", []):
        try:
            modalities = tuple(m.get("modalities") or ())
            # a multi-source model reads sources, named as on the command line (AERIAL, S2, ...)
            roles = tuple(short_name(x) for x in modalities) if modalities else inputs[m["inputs"]]
            entries.append(
                CatalogueEntry(
                    id=m["id"], repo=m["repo"], file=m["file"], family=m["family"],
                    inputs=m.get("inputs", "multisource") if modalities else m["inputs"],
                    roles=roles, arch=m["arch"], encoder=m["encoder"], outputs=m.get("outputs"),
                    classes=m.get("classes", 0), size_mb=m.get("size_mb"), approx=bool(m.get("approx", True)),
                    sha256=(m.get("sha256") or None), licence=m.get("licence", ""),
                    description=m.get("description", ""),
                    url=m.get("url") or url_template.format(repo=m["repo"], file=m["file"]),
                    page_url=m.get("page_url") or page_template.format(repo=m["repo"], file=m["file"]),
                    miou=m.get("miou"), family_info=families.get(m["family"], {}),
                    bytes=m.get("bytes"), converter=m.get("converter", "pytorch"),
                    converter_note=m.get("converter_note", ""), checksum_note=m.get("checksum_note", ""),
                    modalities=modalities, task=m.get("task", ""), params_m=m.get("params_m"),
                    verify=m.get("verify", ""),
                )
            )
        except KeyError as e:
            raise CatalogueError.say("catalogue {path}: model {model} lacks {key}", path=path, model=m.get("id", "?"),
                                     key=str(e)) from None
        if entries[-1].converter not in CONVERTERS:
            raise CatalogueError.say("catalogue {path}: model {model} has converter {converter!r}; use one of "
                                     "{converters}", path=path, model=m["id"], converter=entries[-1].converter,
                                     converters=", ".join(CONVERTERS))
    api = os.environ.get("FLAIR_MODELS_API_TEMPLATE", data.get("api_template")) or None
    return Catalogue(entries, families, inputs, path, api)


def not_found_hint(entry: CatalogueEntry) -> str:
    """What to do when the server has no file at the entry's address (HTTP 404)."""
    unsure = f" (not verified: {entry.verify})" if entry.verify else ""
    return (f"the catalogue's repository or file name for {entry.id} may be wrong{unsure}. Look for the file on "
            f"https://huggingface.co/IGNF, download it by hand, then convert it: "
            f"python -m inference convert FILE.safetensors -o {entry.id}.onnx")


def default_cache_dir() -> str:
    env = os.environ.get("FLAIR_MODELS_DIR")
    if env:
        return env
    if sys.platform.startswith("win"):
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser("~\\AppData\\Local")
    elif sys.platform == "darwin":
        base = os.path.expanduser("~/Library/Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(base, "flair-qgis", "models")


def checkpoint_path(entry: CatalogueEntry, cache_dir: str) -> str:
    return os.path.join(cache_dir, CHECKPOINT_DIR, entry.file)


def onnx_path(entry: CatalogueEntry, cache_dir: str) -> str:
    return os.path.join(cache_dir, entry.id + ".onnx")


def status(entry: CatalogueEntry, cache_dir: str) -> str:
    """'converted', 'downloaded', 'partial' (an interrupted download that will resume) or 'absent'."""
    if os.path.isfile(onnx_path(entry, cache_dir)):
        return "converted"
    ckpt = checkpoint_path(entry, cache_dir)
    if os.path.isfile(ckpt):
        return "downloaded"
    if os.path.isfile(ckpt + ".part"):
        return "partial"
    return "absent"


STATUS_TEXT = {
    "converted": "ready",
    "downloaded": "downloaded, not converted",
    "partial": "partly downloaded (will resume)",
    "absent": "not downloaded",
}


def converted_models(cache_dir: str) -> list[str]:
    """Converted ONNX models in the cache, for the model picker."""
    try:
        names = sorted(n for n in os.listdir(cache_dir) if n.endswith(".onnx"))
    except OSError:
        return []
    return [os.path.join(cache_dir, n) for n in names]


__all__ = [
    "Catalogue", "CatalogueEntry", "CatalogueError", "STATUS_TEXT", "checkpoint_path", "converted_models",
    "default_cache_dir", "load_catalogue", "not_found_hint", "onnx_path", "status",
]
