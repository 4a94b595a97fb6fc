"""The plugin's icons, from the compiled Qt resources (resources.qrc -> resources.py, built by
``make``/``make package`` with pyrcc5, as QGIS plugins do)."""
from __future__ import annotations

from qgis.PyQt.QtGui import QIcon

from .. import resources  # noqa: F401  (registers the :/plugins/flair_qgis/ resources with Qt)

PREFIX = ":/plugins/flair_qgis/icons/"


def icon(name: str) -> QIcon:
    """``name`` is a file of icons/, e.g. "flair.svg"."""
    return QIcon(PREFIX + name)
