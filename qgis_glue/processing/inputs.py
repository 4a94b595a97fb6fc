"""The label-raster input that ``flair:style`` and ``flair:vectorize`` share: the layer, its file
and its encoding (an encoding choice, or guessed only when the raster leaves one possibility)."""
from __future__ import annotations

from qgis.core import QgsProcessingException

from ...inference.core.classes import ENCODING_TITLES, LABEL_ENCODINGS
from ...inference.labels.guess import EncodingUnknown, require_encoding
from ..engine_words import words
from ..errors import processing_words, said_here, user_message
from ..i18n import tr
from ..styling.labels import layer_path

# the first choice guesses; the others name an encoding (classes.LABEL_ENCODINGS order)
ENCODING_CHOICES = ("guess",) + LABEL_ENCODINGS


def encoding_labels(guess: str = "") -> list[str]:
    """An encoding parameter's options in the user's words: the guess, then LABEL_ENCODINGS'."""
    return [guess or tr("Guess from the values, the file name and its tags")] + [
        words(ENCODING_TITLES[e]) for e in LABEL_ENCODINGS]


def label_raster(alg, parameters, context, feedback, band: int, layer_name: str = "INPUT",
                 encoding_name: str = "ENCODING"):
    """(layer, file path, encoding) of the label raster parameter ``layer_name``; refused, in the
    user's terms, when it is not a file or its encoding cannot be told."""
    layer = alg.parameterAsRasterLayer(parameters, layer_name, context)
    if layer is None:
        raise QgsProcessingException(tr("no label raster given"))
    path = layer_path(layer)
    if path is None:
        raise QgsProcessingException(tr("the layer {name} is not a raster file: save it as a GeoTIFF first "
                                        "(Export > Save As…)").format(name=layer.name()))
    encoding = ENCODING_CHOICES[alg.parameterAsEnum(parameters, encoding_name, context)]
    if encoding == "guess":
        try:
            g = require_encoding(path, band, name=layer.name(), titles=True)
        except EncodingUnknown as e:
            raise QgsProcessingException(user_message(e, processing_words(), encoding_option=tr(
                "the “Its values are” parameter"))) from None
        feedback.pushInfo(tr("encoding: {title} ({reason})").format(title=words(ENCODING_TITLES[g.encoding]),
                                                                    reason=said_here(g.reason)))
        encoding = g.encoding
    return layer, path, encoding
