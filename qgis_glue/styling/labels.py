"""Style any label raster layer by its encoding (main thread: this touches layers).

The encoding chosen is kept on the layer (custom property ``flair/encoding``, saved with the
project) so the QA panel offers it again when the layer is compared.
"""
from __future__ import annotations

from qgis.core import QgsRasterLayer

from ...inference.core.classes import ENCODING_TITLES, classes_for_encoding
from ...inference.core.raster import values_present
from ...inference.labels.guess import EncodingGuess, guess_encoding
from ..i18n import language, tr
from ..layers.files import layer_file
from .flair import apply_flair_style, legend_labels

ENCODING_PROPERTY = "flair/encoding"


def layer_path(layer) -> str | None:
    """The file behind a GDAL raster layer, or None (WMS, memory, ...)."""
    return layer_file(layer, ("gdal",)) if isinstance(layer, QgsRasterLayer) else None


def stored_encoding(layer) -> str | None:
    enc = layer.customProperty(ENCODING_PROPERTY) if layer is not None else None
    return enc if enc in ENCODING_TITLES else None


def guess_layer_encoding(layer, band: int = 1) -> EncodingGuess:
    """The encoding saved on the layer, else a guess from the file (values, name, tags)."""
    enc = stored_encoding(layer)
    if enc:
        return EncodingGuess(enc, enc, [enc], [], tr("chosen before for this layer"))
    path = layer_path(layer)
    if path is None:
        return EncodingGuess(None, None, list(ENCODING_TITLES), [], tr("not a raster file: values cannot be read"))
    return guess_encoding(path, band)


def style_label_layer(layer: QgsRasterLayer, encoding: str, band: int = 1,
                      present: set[int] | None = None) -> list[str]:
    """The engine's style of ``band`` in the encoding's colours and class names, the legend
    listing only the values present (read from the file when not given). Returns the labels."""
    classes = classes_for_encoding(encoding, language())
    if present is None:
        path = layer_path(layer)
        present = values_present(path, band) if path else None
    known = {v for v, _, _ in classes}
    shown = present & known if present is not None else None
    layer.setCustomProperty(ENCODING_PROPERTY, encoding)
    apply_flair_style(layer, classes, shown, band)
    return legend_labels(layer)
