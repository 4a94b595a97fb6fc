"""Where the user guide is: the documentation pages on the plugin's home page (a plugin user has no
copy of the repository's docs/ folder), opened in the browser."""
from __future__ import annotations

DOCS = "https://github.com/flair-qgis/flair-qgis/blob/main/docs/"  # metadata.txt's homepage + docs/


def docs_url(page: str = "plugin.md") -> str:
    return DOCS + page


def open_docs(page: str = "plugin.md") -> bool:
    from qgis.PyQt.QtCore import QUrl
    from qgis.PyQt.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl(docs_url(page)))
