"""A banner at the top of the dock when this QGIS's Python lacks a package the engine needs:
what is missing, and the exact command to install it, with a Copy button. Installs nothing."""
from __future__ import annotations

import html

from qgis.PyQt.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from ..qgis_glue import deps
from ..qgis_glue.i18n import tr


class DepsBanner(QFrame):
    def __init__(self, missing: list[deps.Missing], parent=None):
        super().__init__(parent)
        self.missing = missing
        self.setObjectName("flairDepsBanner")
        self.setStyleSheet("#flairDepsBanner { background: #fff4ce; border: 1px solid #e0b000; border-radius: 4px; }")
        layout = QVBoxLayout(self)
        items = "".join(f"<li><b>{html.escape(m.pip_name)}</b> ({html.escape(m.purpose)}): {html.escape(m.error)}</li>"
                        for m in missing)
        self.text = QLabel(
            "<b>" + tr("FLAIR cannot run yet:") + "</b> " + tr("this QGIS's Python lacks")
            + f"<ul style='margin:2px'>{items}</ul>"
            + html.escape(self._where()) + " " + tr("Nothing is installed for you."))
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        row = QHBoxLayout()
        self.command = QLineEdit(deps.install_command(missing))
        self.command.setReadOnly(True)
        self.command.setCursorPosition(0)
        self.command.setToolTip(self.command.text())
        self.copy_button = QPushButton(tr("Copy"))
        self.copy_button.setToolTip(tr("Copy the command to the clipboard"))
        self.copy_button.clicked.connect(self.copy)
        row.addWidget(self.command, 1)
        row.addWidget(self.copy_button)
        layout.addLayout(row)

    @staticmethod
    def _where() -> str:
        import sys

        if sys.platform.startswith("win"):
            return tr("Close QGIS, run this in the OSGeo4W Shell (Start menu), then start QGIS again.")
        return tr("Close QGIS, run this in a terminal, then start QGIS again.")

    def copy(self) -> None:
        QApplication.clipboard().setText(self.command.text())
