"""The QA panel's "Change" tab: land take between two vintages (before, after, zones and their
field). It collects the choices into ``ChangeParams``; the engine does the work in a task
(``qgis_glue/qa/change.py``); at the end the styled change layer is added and the report opened."""
from __future__ import annotations

import os
import tempfile
from html import escape

from qgis.core import Qgis, QgsApplication, QgsProject
from qgis.gui import QgsFieldComboBox, QgsFileWidget, QgsMapLayerComboBox
from qgis.PyQt.QtCore import Qt, QTimer, QUrl
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..inference.change.params import ChangeParams
from ..inference.core.classes import ENCODING_TITLES, LABEL_ENCODINGS
from ..qgis_glue.compat import POLYGON_FILTER, RASTER_FILTER
from ..qgis_glue.engine_words import words
from ..qgis_glue.errors import EXPECTED, said_here, user_message
from ..qgis_glue.i18n import language, number, tr
from ..qgis_glue.qa.change import ChangeTask, add_change_layer
from ..qgis_glue.qa.tasks import polygon_source
from ..qgis_glue.styling.labels import layer_path, stored_encoding

GUESS = ""


def _encoding_combo() -> QComboBox:
    c = QComboBox()
    c.addItem(tr("Guess from the file"), GUESS)
    for e in LABEL_ENCODINGS:
        if e != "lpis":  # crop types say nothing about artificialisation
            c.addItem(words(ENCODING_TITLES[e]), e)
    return c


def default_output(folder: str, before: str, after: str) -> str:
    """``<before>_to_<after>_change.gpkg`` in ``folder``, with _2, _3, ... rather than over an earlier run."""
    stem = lambda p: os.path.splitext(os.path.basename(p))[0][:40]  # noqa: E731
    base = f"{stem(before)}_to_{stem(after)}_change"
    name, n = base, 1
    while os.path.exists(os.path.join(folder, name + ".gpkg")):
        n += 1
        name = f"{base}_{n}"
    return os.path.join(folder, name + ".gpkg")


class ChangeTab(QWidget):
    def __init__(self, iface, project: QgsProject, message, parent=None):
        super().__init__(parent)
        self.iface, self.project, self.message = iface, project, message
        self.task: ChangeTask | None = None
        self.last_outcome = None
        self.open_url = QDesktopServices.openUrl  # replaceable (tests)
        v = QVBoxLayout(self)
        form = QFormLayout()
        self.before, self.after = QgsMapLayerComboBox(), QgsMapLayerComboBox()
        for c in (self.before, self.after):
            c.setFilters(RASTER_FILTER)
        self.before_encoding, self.after_encoding = _encoding_combo(), _encoding_combo()
        # deferred, and by the combo's current layer: layerChanged may carry a layer being deleted
        # (the project cleared), which must not be read
        self.before.layerChanged.connect(self._schedule_prefill)
        self.after.layerChanged.connect(self._schedule_prefill)
        self.zones = QgsMapLayerComboBox()
        self.zones.setFilters(POLYGON_FILTER)
        self.zones.setAllowEmptyLayer(True)
        self.zones.setLayer(None)
        self.zones.setToolTip(tr("Balance the change per zone (communes, ...); leave empty for the whole area"))
        self.field = QgsFieldComboBox()
        self.field.setToolTip(tr("The field that names each zone (e.g. the INSEE code)"))
        self.zones.layerChanged.connect(self.field.setLayer)
        self.output = QgsFileWidget()
        self.output.setStorageMode(QgsFileWidget.StorageMode.SaveFile)
        self.output.setFilter("GeoPackage (*.gpkg)")
        self.output.setToolTip(tr("The change polygons; the CSV tables and the HTML report are written beside "
                                  "(empty: the temporary folder)"))
        form.addRow(tr("Before"), self.before)
        form.addRow(tr("  encoded as"), self.before_encoding)
        form.addRow(tr("After"), self.after)
        form.addRow(tr("  encoded as"), self.after_encoding)
        form.addRow(tr("Zones"), self.zones)
        form.addRow(tr("  named by"), self.field)
        form.addRow(tr("Output"), self.output)
        v.addLayout(form)
        buttons = QHBoxLayout()
        self.run_button = QPushButton(tr("Measure change"))
        self.run_button.clicked.connect(lambda: self.start())
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(lambda: self.task.cancel() if self.task else None)
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        v.addLayout(buttons)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        v.addWidget(self.progress)
        self.headline = QLabel(tr("The figures are an estimate to check, not the legal OCS GE measure."))
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.addWidget(self.headline)
        v.addStretch(1)

    def _schedule_prefill(self, *_):
        QTimer.singleShot(0, self._prefill)

    def _prefill(self) -> None:
        """The encoding the Style tab stored on each layer, if any (otherwise the engine guesses)."""
        try:
            for layers, combo in ((self.before, self.before_encoding), (self.after, self.after_encoding)):
                layer = layers.currentLayer()
                if layer is None or layers.property("prefilled") == layer.id():
                    continue  # keep what the user chose for a layer already offered
                layers.setProperty("prefilled", layer.id())
                enc = stored_encoding(layer)
                combo.setCurrentIndex(max(combo.findData(enc or GUESS), 0))
        except RuntimeError:  # the panel was deleted meanwhile
            pass

    def build_params(self) -> ChangeParams:
        """The run from the widgets (main thread); ValueError with a message for bad choices."""
        before, after = self.before.currentLayer(), self.after.currentLayer()
        if before is None or after is None:
            raise ValueError(tr("choose the land cover before and after"))
        paths = [layer_path(before), layer_path(after)]
        for layer, path in zip((before, after), paths):
            if path is None:
                raise ValueError(tr("{layer} is not a raster file; save it as a GeoTIFF first").format(layer=layer.name()))
        zones = zones_layer = field = None
        if self.zones.currentLayer() is not None:
            field = self.field.currentField() or None
            if not field:
                raise ValueError(tr("choose the field that names each zone"))
            self._tmp = tempfile.mkdtemp(prefix="flair_change_")
            zones, zones_layer = polygon_source(self.zones.currentLayer(), False, self._tmp)
        output = self.output.filePath() or default_output(tempfile.gettempdir(), paths[0], paths[1])
        if not output.lower().endswith(".gpkg"):
            output += ".gpkg"
        return ChangeParams(before=paths[0], after=paths[1], output=output,
                            encoding=self.before_encoding.currentData() or None,
                            encoding_after=self.after_encoding.currentData() or None,
                            zones=zones, zones_layer=zones_layer, zone_field=field, lang=language())

    def start(self) -> ChangeTask | None:
        if self.task is not None:
            return None
        try:
            params = self.build_params()
        except (ValueError, OSError) as e:
            self.headline.setText("<b>" + tr("Cannot measure change:") + f"</b> {user_message(e)}")
            return None
        self.task = ChangeTask(params, self._done, tr("FLAIR land take: {file}").format(
            file=os.path.basename(params.output)))
        self.task.progressChanged.connect(lambda p: self.progress.setValue(int(p)))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.headline.setText(tr("Measuring change…"))
        QgsApplication.taskManager().addTask(self.task)
        return self.task

    def _done(self, outcome) -> None:
        self.task = None
        self.last_outcome = outcome
        self.progress.setVisible(False)
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if outcome.cancelled:
            self.headline.setText(tr("Cancelled; nothing was written or replaced."))
            return
        if not outcome.ok:
            self.headline.setText("<b>" + tr("Measuring change failed:") + f"</b> {escape(outcome.error, False)}")
            self.message(tr("Measuring change failed: {error}").format(error=outcome.error), Qgis.MessageLevel.Critical)
            return
        r = outcome.result
        total = r.zones[-1]
        try:
            add_change_layer(r.files["gpkg"], self.project)
            missing = None
        except EXPECTED as e:  # the files are written: say why the layer is not on the map (it was only logged)
            missing = tr("The change layer could not be added: {error}").format(error=user_message(e))
        text = tr("Artificialisation {a} ha, renaturation {r} ha, net {n} ha over {area} ha compared; "
                  "{p} change polygons. An estimate to check, not the legal OCS GE measure.").format(
            a=number(total["artificialisation_ha"], 2), r=number(total["renaturation_ha"], 2),
            n=number(total["net_ha"], 2), area=number(total["area_ha"], 2), p=r.polygons)
        if r.warnings:
            text += "<br>" + "<br>".join(escape(said_here(w), False) for w in r.warnings)  # in QGIS's language
        if missing:
            text += "<br><b>" + escape(missing, False) + "</b>"
        self.headline.setText(text)
        self.open_url(QUrl.fromLocalFile(r.files["report"]))
        if missing:
            self.message(missing, Qgis.MessageLevel.Warning)
            return
        self.message(tr("Land take measured; report {file}").format(file=os.path.basename(r.files["report"])),
                     Qgis.MessageLevel.Success)

    def shutdown(self) -> None:
        if self.task is not None:
            self.task.cancel()
