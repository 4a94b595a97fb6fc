"""The "Get FLAIR models" dialog: IGN's released models, downloaded and converted on demand.

Contract with the dock (ui/model_box.py opens it from its "Get FLAIR models…" button)::

    dialog = CatalogueDialog(parent)          # parent: any QWidget, or None
    dialog.modelReady.connect(slot)           # slot(path: str) - a converted .onnx is ready
                                              # (a conversion finished, or "Use model" was pressed)
    dialog.exec()
    path = dialog.selected_model_path()       # the .onnx the user chose, or None
    # dialog.selected_model is the same method (older name)

The dialog lists the catalogue (inputs, classes, size, licence) and marks what is already in
the cache folder (``flair/models_cache`` in QgsSettings, default ``<profile>/flair/models``,
changeable here). "Download and convert" fetches the checkpoint through QGIS's network stack
(progress, cancel, resume, checksum where known), then converts it in a QgsTask; if PyTorch or
segmentation-models-pytorch are missing it says exactly what to install and how, and installs
nothing itself. Converted models are remembered by the dock's model picker.
Optional keyword arguments (``catalogue``, ``cache``, ``tile``) exist for tests and scripts.
"""
from __future__ import annotations

import os

from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..inference.models.catalogue import STATUS_TEXT, checkpoint_path, onnx_path, status
from ..qgis_glue.models import download as glue

COLUMNS = ("Model", "Inputs", "Classes", "Size", "Licence", "On disk")
COLUMN_TIPS = (
    "Model name (hover a row for its description)",
    "Image bands the model reads (NIR: near infrared; NDSM: height above ground)",
    "Number of land-cover classes it predicts",
    "Download size of the checkpoint",
    "Licence of the model weights",
    "Whether it is downloaded and converted in the model folder",
)


class CatalogueDialog(QDialog):
    modelReady = pyqtSignal(str)

    def __init__(self, parent=None, catalogue=None, cache: str | None = None, tile: int | None = None):
        super().__init__(parent)
        self.setWindowTitle("Get FLAIR models")
        self.resize(960, 600)
        self.catalogue = catalogue or glue.catalogue()
        self.cache = cache or glue.cache_dir()
        self.tile = tile
        self._selected: str | None = None
        self.download = None
        self.task = None
        self.last_message = ""

        layout = QVBoxLayout(self)
        intro = QLabel(
            "IGN's FLAIR land-cover models (Hugging Face, Etalab Open Licence 2.0). A model is downloaded "
            "once, converted to ONNX on this computer, and then runs without PyTorch."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        folder_row = QHBoxLayout()
        folder_row.addWidget(QLabel("Model folder:"))
        self.folder = QLineEdit(self.cache)
        self.folder.setReadOnly(True)
        folder_row.addWidget(self.folder, 1)
        self.folder_button = QPushButton("Change…")
        folder_row.addWidget(self.folder_button)
        layout.addLayout(folder_row)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setAlternatingRowColors(True)
        for col, tip in enumerate(COLUMN_TIPS):
            self.table.horizontalHeaderItem(col).setToolTip(tip)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)

        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setOpenExternalLinks(True)
        layout.addWidget(self.details)

        self.progress = QProgressBar()
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status_label)

        buttons = QHBoxLayout()
        self.get_button = QPushButton("Download and convert")
        self.cancel_button = QPushButton("Cancel")
        self.use_button = QPushButton("Use model")
        self.close_button = QPushButton("Close")
        for b in (self.get_button, self.cancel_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        self.folder_button.clicked.connect(self.choose_folder)
        self.table.itemSelectionChanged.connect(self.update_buttons)
        self.table.cellDoubleClicked.connect(lambda *_: self.use_model())
        self.get_button.clicked.connect(self.get_model)
        self.cancel_button.clicked.connect(self.cancel)
        self.use_button.clicked.connect(self.use_model)
        self.close_button.clicked.connect(self.reject)
        self.refresh()
        if self.table.rowCount():
            self.table.selectRow(0)

    # -- contract ---------------------------------------------------------------------------
    def selected_model_path(self) -> str | None:
        return self._selected

    selected_model = selected_model_path

    # -- table ------------------------------------------------------------------------------
    def refresh(self) -> None:
        row_id = self.current_entry().id if self.current_entry() else None
        self.table.setRowCount(len(self.catalogue.entries))
        for row, e in enumerate(self.catalogue.entries):
            st = status(e, self.cache)
            values = (e.id, e.inputs_text, str(e.classes), e.size_text, e.licence, STATUS_TEXT[st])
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, e.id)
                if col == 0:
                    item.setToolTip(e.description)
                self.table.setItem(row, col, item)
            if e.id == row_id:
                self.table.selectRow(row)
        self.table.resizeColumnsToContents()
        self.update_buttons()

    def current_entry(self):
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        return self.catalogue.entries[rows[0].row()]

    def row_status(self, row: int) -> str:
        return self.table.item(row, len(COLUMNS) - 1).text()

    def update_buttons(self) -> None:
        e = self.current_entry()
        busy = self.busy
        st = status(e, self.cache) if e else None
        self.get_button.setEnabled(bool(e) and not busy and st != "converted")
        self.get_button.setText("Convert" if st == "downloaded" else "Download and convert")
        self.cancel_button.setEnabled(busy)
        self.use_button.setEnabled(bool(e) and st == "converted" and not busy)
        self.folder_button.setEnabled(not busy)
        if e:
            miou = f" mIoU {e.miou:g} (IGN's figure)." if e.miou else ""
            self.details.setText(
                f"<b>{e.repo}</b>: {e.description}.{miou} Inputs: {e.inputs_text}. "
                f"Download {e.size_text}{' (estimated)' if e.approx and not e.bytes else ''}, "
                f"verified by {e.verification}. Installs: {e.converter_text}. "
                f'<a href="{e.page_url}">Model page</a>'
            )

    @property
    def busy(self) -> bool:
        return (self.download is not None and self.download.running) or self.task is not None

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Folder for FLAIR models", self.cache)
        if path:
            self.set_cache(path)

    def set_cache(self, path: str) -> None:
        self.cache = path
        glue.set_cache_dir(path)
        self.folder.setText(path)
        self.refresh()

    def say(self, text: str, error: bool = False) -> None:
        self.last_message = text
        colour = "#b00020" if error else "#333"
        self.status_label.setText(f'<span style="color:{colour}">{_escape(text)}</span>')

    # -- actions ----------------------------------------------------------------------------
    def get_model(self) -> None:
        e = self.current_entry()
        if e is None or self.busy:
            return
        missing = glue.converter_missing() if e.needs_torch else None
        if missing:  # say it before downloading hundreds of MB that cannot be converted yet
            self.say(missing, error=True)
            return
        if os.path.isfile(checkpoint_path(e, self.cache)):
            self.convert(e)
            return
        self.download = glue.ModelDownload(e.url, checkpoint_path(e, self.cache), sha256=e.sha256, size=e.size_bytes,
                                            parent=self)
        self.download.progress.connect(self._on_progress)
        self.download.finished.connect(lambda ok, text, e=e: self._on_downloaded(e, ok, text))
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.say(f"downloading {e.file}…")
        self.download.start()
        self.update_buttons()

    def _on_progress(self, done, total) -> None:
        if total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * done / total))
            self.progress.setFormat(f"{done / 1e6:.1f} / {total / 1e6:.1f} MB")
        else:
            self.progress.setRange(0, 0)

    def _on_downloaded(self, entry, ok: bool, text: str) -> None:
        self.download = None
        self.refresh()
        if not ok:
            self.progress.setVisible(False)
            self.say(text, error=True)
            return
        self.convert(entry)

    def convert(self, entry) -> None:
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.say(f"converting {entry.id} (this takes a minute or more)…")
        self.task = glue.start_conversion(entry, self.cache, self._on_converted, catalogue=self.catalogue,
                                          tile=self.tile, on_message=self.say)
        self.update_buttons()

    def _on_converted(self, outcome) -> None:
        self.task = None
        self.progress.setVisible(False)
        self.refresh()
        if outcome.ok:
            r = outcome.result
            check = f" {r.check.text()}." if r.check else ""
            self.say(f"{outcome.entry.id} is ready: {outcome.output}.{check}")
            self._selected = outcome.output
            self.modelReady.emit(outcome.output)
        elif outcome.cancelled:
            self.say("conversion cancelled")
        else:
            self.say(f"conversion failed: {outcome.error}", error=True)

    def cancel(self) -> None:
        if self.download is not None and self.download.running:
            self.download.cancel()
        if self.task is not None:
            self.task.cancel()

    def use_model(self) -> None:
        e = self.current_entry()
        if e is None or status(e, self.cache) != "converted" or self.busy:
            return
        self._selected = onnx_path(e, self.cache)
        self.modelReady.emit(self._selected)
        self.accept()

    def reject(self) -> None:
        self.cancel()
        super().reject()


def _escape(text: str) -> str:
    import html

    return html.escape(text).replace("\n", "<br>")


__all__ = ["CatalogueDialog"]
