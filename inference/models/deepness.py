"""Models made for Deepness (the QGIS plugin for ONNX models) run the way Deepness runs them.

Deepness's conventions (its metadata keys hold JSON): the raster's bands go in order (an alpha
band is dropped, and masks), ``standardization_mean/std`` in 0..1 units or else the bands
divided by 255, ``resolution`` in cm (the imagery's own grid when absent), ``tile_size`` (older
exports: ``tiles_size``), ``tiles_overlap`` in %, ``class_names`` as ``{"0": "name", ...}``, or
a list of such dicts, one per model output; a one-channel output is a binary map at
``seg_thresh`` (0.5 by default).
"""
from __future__ import annotations

import ast
import json
import re

DEEPNESS_KEYS = ("model_type", "class_names", "names", "resolution", "tile_size", "tiles_size",
                 "tiles_overlap", "standardization_mean", "standardization_std", "seg_thresh")
# channels past R, G, B, NIR get generic role names B5, B6, ... (band numbers of the raster)
GENERIC_ROLE = re.compile(r"^B([5-9]|[1-9][0-9]+)$")
DEFAULT_THRESHOLD = 0.5


def is_deepness(meta: dict[str, str]) -> bool:
    return any(k in meta for k in DEEPNESS_KEYS)


def default_roles(n: int) -> tuple[str, ...]:
    """Roles for ``n`` channels fed in band order: R, G, B, NIR, then B5, B6, ..."""
    base = ("R", "G", "B", "NIR")
    return base[:n] + tuple(f"B{i}" for i in range(5, n + 1))


def _loads(text: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return ast.literal_eval(text)  # Deepness accepts {0: 'a'} (Python literal, int keys) too


def _ordered(names) -> list[str]:
    if isinstance(names, dict):
        return [str(names[k]) for k in sorted(names, key=lambda k: int(k))]
    return [str(n) for n in names]


def class_names(meta: dict[str, str], output_index: int = 0) -> tuple[str, ...] | None:
    """The class names of one model output, or None when the metadata gives none."""
    text = meta.get("class_names") or meta.get("names")
    if not text:
        return None
    try:
        names = _loads(text)
    except (ValueError, SyntaxError):
        return None
    if isinstance(names, list) and names and all(isinstance(n, dict) for n in names):
        if output_index >= len(names):
            return None
        return tuple(_ordered(names[output_index]))
    return tuple(_ordered(names))


def threshold(meta: dict[str, str]) -> float:
    try:
        return float(_loads(meta["seg_thresh"])) if "seg_thresh" in meta else DEFAULT_THRESHOLD
    except (ValueError, SyntaxError, TypeError):
        return DEFAULT_THRESHOLD


__all__ = ["DEEPNESS_KEYS", "GENERIC_ROLE", "is_deepness", "default_roles", "class_names", "threshold"]
