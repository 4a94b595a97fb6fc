"""The file behind a layer: the one place that reads a layer's source string for a path."""
from __future__ import annotations

import os


def split_source(layer) -> tuple[str, dict[str, str]]:
    """(path part, options) of a layer's source, e.g. ``a.gpkg|layername=roads`` ->
    ("a.gpkg", {"layername": "roads"}). The path part may not be a file (WMS, memory)."""
    parts = layer.source().split("|")
    return parts[0], dict(p.split("=", 1) for p in parts[1:] if "=" in p)


def layer_file(layer, providers: tuple[str, ...] = ("gdal", "ogr")) -> str | None:
    """The file a layer reads (sublayer options dropped), or None for a web, memory or other
    non-file layer and a file that is gone."""
    if layer is None or layer.providerType() not in providers:
        return None
    path = split_source(layer)[0]
    return path if os.path.isfile(path) else None


def same_file(a: str, b: str) -> bool:
    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))
