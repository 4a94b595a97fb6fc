"""The Processing provider ``flair``: algorithms usable from the toolbox, batch mode, the model
designer and ``qgis_process run flair:<name>``; none needs the GUI."""
from __future__ import annotations

import importlib.util
import os

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

ICONS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "icons")


def icon(name: str) -> QIcon:
    return QIcon(os.path.join(ICONS, name))


class FlairProvider(QgsProcessingProvider):
    def id(self) -> str:
        return "flair"

    def name(self) -> str:
        return "FLAIR land cover"

    def longName(self) -> str:  # noqa: N802
        return "FLAIR land cover (IGN FLAIR models, ONNX)"

    def icon(self) -> QIcon:
        return icon("flair.svg")

    def loadAlgorithms(self) -> None:  # noqa: N802
        from .alg_segment import SegmentAlgorithm
        from .alg_style import StyleAlgorithm

        self.addAlgorithm(SegmentAlgorithm())
        self.addAlgorithm(StyleAlgorithm())
        if importlib.util.find_spec(f"{__package__}.qa_algorithms") is not None:  # QA tools, when present
            from .qa_algorithms import qa_algorithms

            for alg in qa_algorithms():
                self.addAlgorithm(alg)
