"""The Processing provider ``flair``: algorithms usable from the toolbox, batch mode, the model
designer and ``qgis_process run flair:<name>``; none needs the GUI."""
from __future__ import annotations

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..i18n import tr
from ..icons import icon
from .change import ChangeAlgorithm
from .multisource import MultiSourceAlgorithm
from .qa import qa_algorithms
from .segment import SegmentAlgorithm
from .style import StyleAlgorithm
from .vectorize import VectorizeAlgorithm


class FlairProvider(QgsProcessingProvider):
    def id(self) -> str:
        return "flair"

    def name(self) -> str:
        return tr("FLAIR land cover")

    def longName(self) -> str:  # noqa: N802
        return tr("FLAIR land cover (IGN FLAIR models, ONNX)")

    def icon(self) -> QIcon:
        return icon("flair.svg")

    def loadAlgorithms(self) -> None:  # noqa: N802
        self.addAlgorithm(SegmentAlgorithm())
        self.addAlgorithm(MultiSourceAlgorithm())
        self.addAlgorithm(StyleAlgorithm())
        self.addAlgorithm(VectorizeAlgorithm())
        for alg in qa_algorithms():
            self.addAlgorithm(alg)
        self.addAlgorithm(ChangeAlgorithm())
