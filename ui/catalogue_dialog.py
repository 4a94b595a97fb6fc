"""The "Get FLAIR models" dialog: IGN's released models, downloaded and converted on demand.

Contract with the dock (ui/model_box.py opens it from its "Get FLAIR models…" button)::

    dialog = CatalogueDialog(parent)          # parent: any QWidget, or None
    dialog.modelReady.connect(slot)           # slot(path: str) - a converted .onnx is ready
                                              # (a conversion finished, or "Use model" was pressed)
    dialog.exec()
    path = dialog.selected_model_path()       # the .onnx the user chose, or None

The dialog lists the catalogue (inputs, classes, size, licence) and marks what is already in
the cache folder (``flair/models_cache`` in QgsSettings, default ``<profile>/flair/models``,
changeable here). "Download and convert" fetches the checkpoint through QGIS's network stack
(progress, cancel, resume, checksum where known), then converts it in a QgsTask; if PyTorch or
segmentation-models-pytorch are missing it says exactly what to install and how, and installs
nothing itself. Converted models are remembered by the dock's model picker.
Optional keyword arguments (``catalogue``, ``cache``, ``tile``) exist for tests and scripts.
"""
from __future__ import annotations

import html
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
from ..qgis_glue.engine_words import description, words
from ..qgis_glue.i18n import QT_TR_NOOP, number, tr
from ..qgis_glue.models import download as glue
from .modalities_box import HELP

COLUMNS = (QT_TR_NOOP("Model"), QT_TR_NOOP("Inputs"), QT_TR_NOOP("Classes"), QT_TR_NOOP("Size"),
           QT_TR_NOOP("Needs"), QT_TR_NOOP("Licence"), QT_TR_NOOP("On disk"))
COLUMN_TIPS = (
    QT_TR_NOOP("Model name (hover a row for its description)"),
    QT_TR_NOOP("Image bands the model reads (NIR: near infrared; NDSM: height above ground); for a "
               "multi-source model, the sources it needs (AERIAL, DEM elevation, SPOT, S2 and S1A/S1D: "
               "Sentinel-2 and Sentinel-1 time series)"),
    QT_TR_NOOP("Number of land-cover classes it predicts"),
    QT_TR_NOOP("Download size of the checkpoint"),
    QT_TR_NOOP("What this computer needs before the model can run: converting IGN's checkpoint to ONNX "
               "may need PyTorch in QGIS's Python (only for that step)"),
    QT_TR_NOOP("Licence of the model weights"),
    QT_TR_NOOP("Whether it is downloaded and converted in the model folder"),
)
STATUS_COLUMN = len(COLUMNS) - 1


def _size(entry) -> str:
    """The download's size in the user's units ("98 Mo" in French)."""
    return entry.size_text.replace(" MB", " " + tr("MB"))


class CatalogueDialog(QDialog):
    modelReady = pyqtSignal(str)

    def __init__(self, parent=None, catalogue=None, cache: str | None = None, tile: int | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Get FLAIR models"))
        self.resize(960, 600)
        self.catalogue = catalogue or glue.catalogue()
        self.cache = cache or glue.cache_dir()
        self.tile = tile
        self._selected: str | None = None
        self.download = None
        self.lookup = None  # a running PublishedLookup (Hugging Face's checksum for the file)
        self.task = None
        self.last_message = ""

        layout = QVBoxLayout(self)
        intro = QLabel(tr(
            "IGN's FLAIR land-cover models (Hugging Face, Etalab Open Licence 2.0). A model is downloaded "
            "once and converted to ONNX on this computer; the “Needs” column says what that takes "
            "(PyTorch in QGIS's Python, for some). Once converted it runs without PyTorch."))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        folder_row = QHBoxLayout()
        folder_row.addWidget(QLabel(tr("Model folder:")))
        self.folder = QLineEdit(self.cache)
        self.folder.setReadOnly(True)
        folder_row.addWidget(self.folder, 1)
        self.folder_button = QPushButton(tr("Change…"))
        folder_row.addWidget(self.folder_button)
        layout.addLayout(folder_row)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setAlternatingRowColors(True)
        for col, tip in enumerate(COLUMN_TIPS):
            self.table.horizontalHeaderItem(col).setToolTip(tr(tip))
        # every column as wide as its contents: model names whole in any language (a stretched name
        # column got what the wider French columns left: "flair-inc-…"); the dialog widens to show them
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
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
        command_row = QHBoxLayout()
        self.command = QLineEdit()
        self.command.setReadOnly(True)
        self.copy_button = QPushButton(tr("Copy command"))
        self.copy_button.setToolTip(tr("Copy the command to the clipboard"))
        self.copy_button.clicked.connect(self.copy_command)
        command_row.addWidget(self.command, 1)
        command_row.addWidget(self.copy_button)
        layout.addLayout(command_row)
        self.show_command("")

        buttons = QHBoxLayout()
        self.get_button = QPushButton(tr("Download and convert"))
        self.cancel_button = QPushButton(tr("Cancel"))
        self.use_button = QPushButton(tr("Use model"))
        self.close_button = QPushButton(tr("Close"))
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

    # -- table ------------------------------------------------------------------------------
    def refresh(self) -> None:
        row_id = self.current_entry().id if self.current_entry() else None
        self.table.setRowCount(len(self.catalogue.entries))
        for row, e in enumerate(self.catalogue.entries):
            st = status(e, self.cache)
            values = (e.id, e.inputs_text, str(e.classes), _size(e), self.needs_text(e, st), words(e.licence),
                      words(STATUS_TEXT[st]))
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, e.id)
                if col == 0:
                    item.setToolTip(description(e.description))
                self.table.setItem(row, col, item)
            if e.id == row_id:
                self.table.selectRow(row)
        self._fit_width()
        self.update_buttons()

    def _fit_width(self) -> None:
        """Wide enough for every column (within the screen), so that nothing is off to the right."""
        from qgis.PyQt.QtWidgets import QApplication

        t = self.table
        m = self.layout().contentsMargins()
        need = (t.horizontalHeader().length() + t.verticalScrollBar().sizeHint().width() + 2 * t.frameWidth()
                + m.left() + m.right())
        screen = QApplication.primaryScreen()
        limit = screen.availableGeometry().width() - 40 if screen is not None else need
        if need > self.width():
            self.resize(min(need, limit), self.height())

    def current_entry(self):
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        return self.catalogue.entries[rows[0].row()]

    def row_status(self, row: int) -> str:
        return self.table.item(row, STATUS_COLUMN).text()

    @staticmethod
    def needs_text(entry, st: str | None = None) -> str:
        """What the model needs before it runs here, in a few words."""
        if st == "converted":
            return tr("nothing: ready")
        if not glue.needs_torch(entry):
            return tr("nothing more (no PyTorch)")
        return tr("PyTorch, installed here") if glue.torch_here() else tr("PyTorch to convert (not installed)")

    def show_command(self, command: str) -> None:
        self.command.setText(command.replace("\n", " && "))
        self.command.setCursorPosition(0)
        for w in (self.command, self.copy_button):
            w.setVisible(bool(command))

    def copy_command(self) -> None:
        from qgis.PyQt.QtWidgets import QApplication

        QApplication.clipboard().setText(self.command.text())

    def update_buttons(self) -> None:
        e = self.current_entry()
        busy = self.busy
        st = status(e, self.cache) if e else None
        self.get_button.setEnabled(bool(e) and not busy and st != "converted")
        self.get_button.setText(tr("Convert") if st == "downloaded" else tr("Download and convert"))
        self.cancel_button.setEnabled(busy)
        self.use_button.setEnabled(bool(e) and st == "converted" and not busy)
        self.folder_button.setEnabled(not busy)
        if e:
            self.details.setText(self.details_html(e, st))
            torch_needed = st != "converted" and glue.needs_torch(e) and not glue.torch_here()
            self.show_command(glue.converter_commands() if torch_needed else "")

    def details_html(self, e, st) -> str:
        miou = " " + tr("mIoU {miou} (IGN's figure).").format(miou=number(e.miou, None)) if e.miou else ""
        size = _size(e) + (" " + tr("(estimated)") if e.approx and not e.bytes else "")
        checked = ", " + self.verification_text(e)
        if st == "converted":
            needs = tr("Converted: ready to run.")
        elif not glue.needs_torch(e):
            needs = tr("Needs: nothing more; it is converted without PyTorch.")
        elif glue.torch_here():
            needs = tr("Needs: PyTorch to convert it, which this QGIS's Python has.")
        else:
            needs = tr("Needs: PyTorch in QGIS's Python to convert it (only once; the model then runs "
                       "without it). Install it with the command below, then start QGIS again.")
        page = tr("Model page")  # outside the f-string, where pylupdate5 finds it
        return (f"<b>{html.escape(e.repo)}</b>: {html.escape(description(e.description))}.{miou} "
                + (self.sources_html(e) if e.multisource else
                   tr("Inputs: {inputs}. Download {size}{checksum}.").format(inputs=e.inputs_text, size=size,
                                                                             checksum=checked))
                + f" <b>{needs}</b> " + f'<a href="{e.page_url}">{page}</a>')

    def verification_text(self, e) -> str:
        if not (e.sha256 or e.bytes) and self.catalogue.api_template:
            return tr("verified by the size and SHA-256 Hugging Face publishes (asked before downloading; "
                      "else by the size the server announces)")
        return tr("verified by {how}").format(how=words(e.verification))

    def sources_html(self, e) -> str:
        """What a multi-source model reads, one source a line, and what is not verified."""
        size = _size(e) + " " + tr("(estimated)")
        rows = "".join(f"<br>&nbsp;&nbsp;<b>{html.escape(role)}</b>: {html.escape(tr(HELP.get(m, m)))}"
                       for role, m in zip(e.roles, e.modalities))
        checked = ", " + self.verification_text(e)
        text = (tr("Multi-source model: it reads these sources, each a file:") + rows + "<br>"
                + tr("Download {size}{checksum}.").format(size=size, checksum=checked))
        if e.verify:
            text += " " + tr("Not verified here: {what}. If the download answers 404, look for the file on "
                             "Hugging Face (IGNF), download it yourself and convert it with "
                             "“python -m inference convert FILE -o MODEL.onnx”.").format(what=html.escape(e.verify))
        return text

    @property
    def busy(self) -> bool:
        return (self.download is not None and self.download.running) or self.task is not None or self.lookup is not None

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, tr("Folder for FLAIR models"), self.cache)
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
        missing = glue.converter_missing() if glue.needs_torch(e) else None
        if missing:  # say it before downloading hundreds of MB that cannot be converted yet
            self.say(missing, error=True)
            self.show_command(glue.converter_commands())
            return
        if os.path.isfile(checkpoint_path(e, self.cache)):
            self.convert(e)
            return
        if not (e.sha256 or e.bytes) and self.catalogue.api_template:
            # no checksum in the catalogue: ask Hugging Face for the one it publishes, then download
            self.lookup = glue.PublishedLookup(e, self.catalogue.api_template, parent=self)
            self.lookup.finished.connect(lambda published, e=e: self._on_published(e, published))
            self.progress.setVisible(True)
            self.progress.setRange(0, 0)
            self.say(tr("asking Hugging Face for the checksum of {file}…").format(file=e.file))
            self.lookup.start()
            self.update_buttons()
            return
        self._download(e, e.sha256, e.size_bytes)

    def _on_published(self, entry, published) -> None:
        cancelled, self.lookup = self.lookup is None, None
        if cancelled:
            self.progress.setVisible(False)
            self.update_buttons()
            return
        self._download(entry, published.sha256, published.size, published.note)

    def _download(self, e, sha256, size, note: str = "") -> None:
        self.download = glue.ModelDownload(e.url, checkpoint_path(e, self.cache), sha256=sha256, size=size,
                                            parent=self)
        self.download.progress.connect(self._on_progress)
        self.download.finished.connect(lambda ok, text, e=e: self._on_downloaded(e, ok, text))
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.say(tr("downloading {file}…").format(file=e.file) + (f" (Hugging Face: {note})" if note else ""))
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
        status_404 = self.download is not None and self.download.http_status == 404
        self.download = None
        self.refresh()
        if not ok:
            self.progress.setVisible(False)
            if status_404 and entry.verify:
                text += " " + tr("The catalogue's repository or file name may be wrong: download the file "
                                 "yourself and convert it with “python -m inference convert FILE -o MODEL.onnx”.")
            self.say(text, error=True)
            return
        self.convert(entry)

    def convert(self, entry) -> None:
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.say(tr("converting {model} (this takes a minute or more)…").format(model=entry.id))
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
            self.say(tr("{model} is ready: {file}.").format(model=outcome.entry.id, file=outcome.output) + check)
            self._selected = outcome.output
            self.modelReady.emit(outcome.output)
        elif outcome.cancelled:
            self.say(tr("Conversion cancelled."))
        else:
            self.say(tr("The conversion failed: {error}").format(error=outcome.error), error=True)
            if outcome.missing_deps:
                self.show_command(glue.converter_commands())

    def cancel(self) -> None:
        if self.lookup is not None:
            lookup, self.lookup = self.lookup, None  # its answer is then ignored
            lookup.cancel()
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
