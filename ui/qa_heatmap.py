"""The confusion matrix in the QA panel as a table of coloured cells: class codes on both axes
(short, never rotated or cut), each cell the share of the reference class predicted as the
column's class, the class names in a legend below and in every cell's tooltip."""
from __future__ import annotations

import html

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QBrush, QColor
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..inference.core.classes import code_colours, code_names
from ..qgis_glue.i18n import language, tr


def _shade(share: float) -> QColor:
    """White (0 %) to dark blue (100 %), as the HTML report's heatmap."""
    s = int(255 - 205 * share)
    return QColor(s, min(255, s + int(30 * share)), 255)


class Heatmap(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.grid = QTableWidget()
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.grid.setToolTip(tr("Confusion matrix: rows are the reference classes, columns the predicted "
                                "classes; each cell is the % of the reference class's area"))
        for header in (self.grid.horizontalHeader(), self.grid.verticalHeader()):
            header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            header.setMinimumSectionSize(22)
        self.row_height = self.fontMetrics().height() + 6
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.caption = QLabel(tr("Rows: reference; columns: prediction; % of each reference class."))
        self.caption.setWordWrap(True)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.caption)
        layout.addWidget(self.legend)
        self.codes: list[int] = []

    def set_summary(self, s: dict) -> None:
        nomenclature = s.get("nomenclature", "flair")
        names = code_names(nomenclature, language())
        colours = code_colours(nomenclature)
        codes = sorted(int(k) for k in s["per_class"]) or [1]
        self.codes = codes
        cm = s["confusion"]
        g = self.grid
        g.clear()
        g.setRowCount(len(codes))
        g.setColumnCount(len(codes))
        for i, code in enumerate(codes):
            for header, setter in ((QTableWidgetItem(str(code)), g.setHorizontalHeaderItem),
                                   (QTableWidgetItem(str(code)), g.setVerticalHeaderItem)):
                header.setToolTip(f"{code} {names.get(code, '')}")
                header.setForeground(QBrush(QColor("black")))
                setter(i, header)
        for i, rc in enumerate(codes):
            row = [cm[rc][pc] for pc in codes]
            total = sum(row)
            for j, v in enumerate(row):
                share = v / total if total else 0.0
                text = "" if not v else (f"{100 * share:.0f}" if share >= 0.005 else "<1")
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setBackground(QBrush(_shade(share) if total else QColor(240, 240, 240)))
                item.setForeground(QBrush(QColor("white" if share > 0.55 else "black")))
                item.setToolTip(tr("reference {ref} → predicted {pred}: {share} % of the reference class").format(
                    ref=f"{rc} {names.get(rc, '')}", pred=f"{codes[j]} {names.get(codes[j], '')}",
                    share=f"{100 * share:.1f}"))
                g.setItem(i, j, item)
        # tall enough for every row (19 classes at most): the panel's splitter keeps this minimum
        frame = 2 * g.frameWidth() + g.horizontalHeader().sizeHint().height()
        g.setMinimumHeight(frame + len(codes) * self.row_height)
        swatch = '<span style="background:{c};border:1px solid #000">&nbsp;&nbsp;&nbsp;</span>'
        self.legend.setText(" &nbsp; ".join(
            f"{swatch.format(c=colours.get(c, '#888888'))} <b>{c}</b> {html.escape(names.get(c, ''))}" for c in codes))

    def cell_text(self, ref: int, pred: int) -> str:
        item = self.grid.item(self.codes.index(ref), self.codes.index(pred))
        return item.text() if item is not None else ""
