"""Message-bar messages of a run: one short line (success expires by itself), and behind "Show
more" a real table (HTML, columns aligned whatever the font) instead of space-padded text."""
from __future__ import annotations

import html

from qgis.core import Qgis
from qgis.gui import QgsMessageBarItem
from qgis.PyQt import sip
from qgis.PyQt.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QTextBrowser, QVBoxLayout

from ..i18n import tr

SUCCESS_SECONDS = 10
INFO_SECONDS = 5


def table_html(header: list[str], rows: list[list], numeric: set[int] = frozenset(), intro: str = "") -> str:
    """An HTML table (numbers right-aligned) with an optional paragraph above it."""
    def cell(tag, i, value):
        align = ' align="right"' if i in numeric else ""
        return f"<{tag}{align}>{html.escape(str(value))}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(header))
    body = "".join("<tr>" + "".join(cell("td", i, v) for i, v in enumerate(r)) + "</tr>" for r in rows)
    para = "".join(f"<p>{html.escape(line)}</p>" for line in intro.splitlines() if line.strip())
    return f"{para}<table cellspacing='0' cellpadding='3' border='1'><tr>{head}</tr>{body}</table>"


def show_details(title: str, more_html: str, parent=None) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    view = QTextBrowser()
    view.setOpenExternalLinks(True)
    view.setHtml(more_html)
    layout.addWidget(view)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.resize(520, 420)
    dialog.show()
    return dialog


def push(bar, title: str, text: str, level=Qgis.MessageLevel.Info, more_html: str | None = None,
         duration: int = 0):
    """A message; with ``more_html``, a "Show more" button opening it in a window. Any result
    (single- or multi-source run, QA) tells its end through this."""
    if not more_html:
        bar.pushMessage(title, text, level, duration)
        return None
    button = QPushButton(tr("Show more"))
    item = QgsMessageBarItem(title, text, button, level, duration)
    # the item (Qt) owns the button now: left to Python, sip would delete it, and so take it off
    # the bar, as soon as this function returns
    sip.transferto(button, None)
    item.more_html = more_html  # kept on the item for whoever inspects the bar (tests)
    button.clicked.connect(lambda: show_details(title, more_html, bar))
    bar.pushItem(item)
    return item
