"""The logging bridge and the paletted style, on their own."""
from __future__ import annotations

import logging
import os

from qgis_helpers import DATA


def test_engine_logging_reaches_the_qgis_message_log(plugin):
    from qgis.core import QgsApplication

    got = []
    log = QgsApplication.messageLog()
    log.messageReceived.connect(lambda msg, tag, level: got.append((tag, msg)))
    logging.getLogger("flair_qgis.inference.segment.pipeline").info("segmenting 3 tiles")
    assert ("FLAIR", "flair_qgis.inference.segment.pipeline: segmenting 3 tiles") in got


def test_apply_flair_style_lists_only_present_classes(pkg, qgis_app):
    from flair_qgis.qgis_glue.styling.flair import apply_flair_style, legend_labels
    from qgis.core import QgsRasterLayer

    layer = QgsRasterLayer(os.path.join(DATA, "dhm_50cm.tif"), "any")
    apply_flair_style(layer, present={1, 5, 13})
    assert legend_labels(layer) == ["building", "water", "swimming pool"]
    assert layer.renderer().classes()[1].color.name() == "#1553ae"
    apply_flair_style(layer)
    assert len(legend_labels(layer)) == 19
