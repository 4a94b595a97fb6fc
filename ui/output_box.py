"""The dock's output section: GeoTIFF path (default beside the project, or a temporary file),
confidence raster, and the advanced settings (tile, margin, batch, stitching, device) folded away."""
from __future__ import annotations

import os

from qgis.core import QgsProject, QgsSettings
from qgis.gui import QgsCollapsibleGroupBox, QgsFileWidget
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from ..qgis_glue.engine_words import DEVICE_LABELS, STITCH_LABELS
from ..qgis_glue.i18n import QT_TR_NOOP, tr
from ..qgis_glue.run.naming import default_output, output_folder, remember_folder
from ..qgis_glue.run.request import RunRequest

# The model's defaults (0 / -1: the model card decides); a remembered value that differs shows as changed.
DEFAULTS = {"tile": 0, "margin": -1, "batch": 0, "stitch": "crop", "device": "auto", "rescale": False}
LABELS = {"tile": QT_TR_NOOP("Tile size"), "margin": QT_TR_NOOP("Margin"), "batch": QT_TR_NOOP("Batch"),
          "stitch": QT_TR_NOOP("Stitching"), "device": QT_TR_NOOP("Device"), "rescale": QT_TR_NOOP("Rescale")}


class OutputBox(QGroupBox):
    def __init__(self, project: QgsProject | None = None, parent=None):
        super().__init__(tr("Output"), parent)
        self.project = project or QgsProject.instance()
        layout = QVBoxLayout(self)
        self.file_widget = QgsFileWidget()
        self.file_widget.setStorageMode(QgsFileWidget.StorageMode.SaveFile)
        self.file_widget.setFilter("GeoTIFF (*.tif *.tiff)")
        self.file_widget.setDialogTitle(tr("Save the land-cover GeoTIFF as"))
        layout.addWidget(self.file_widget)
        self.confidence = QCheckBox(tr("Confidence raster"))
        self.confidence.setToolTip(tr("Also write a confidence raster (max probability × 255)"))
        layout.addWidget(self.confidence)
        row = QHBoxLayout()
        self.polygons = QCheckBox(tr("Also write polygons"))
        self.polygons.setToolTip(tr("Also write the land cover as polygons (GeoPackage beside the GeoTIFF), "
                                    "loaded styled above the raster"))
        self.polygons_mmu = QDoubleSpinBox()
        self.polygons_mmu.setRange(-1.0, 1e6)
        self.polygons_mmu.setDecimals(2)
        self.polygons_mmu.setSpecialValueText(tr("4 pixels"))
        self.polygons_mmu.setSuffix(" m²")
        self.polygons_mmu.setMinimumWidth(100)  # its hint fits "1000000.00 m²", too wide for a 300 px dock
        self.polygons_mmu.setToolTip(tr("Minimum mapping unit: smaller patches are merged into their largest "
                                        "neighbour (OCS GE: 50 m² for buildings, 500 m² otherwise)"))
        self.polygons.toggled.connect(self.polygons_mmu.setEnabled)
        self._polygons_ok = True
        layout.addWidget(self.polygons)
        row.setContentsMargins(20, 0, 0, 0)  # under its check box: one row of both is wider than a 300 px dock
        row.addWidget(QLabel(tr("Minimum unit")))
        row.addWidget(self.polygons_mmu, 1)
        layout.addLayout(row)

        self.advanced = QgsCollapsibleGroupBox(tr("Advanced"))
        self.advanced.setCollapsed(True)
        form = QFormLayout(self.advanced)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.tile = QSpinBox()
        self.tile.setRange(0, 8192)
        self.tile.setSpecialValueText(tr("model's"))
        self.tile.setSuffix(tr(" px"))
        self.margin = QSpinBox()
        self.margin.setRange(-1, 2048)
        self.margin.setSpecialValueText(tr("model's"))
        self.margin.setSuffix(tr(" px"))
        self.batch = QSpinBox()
        self.batch.setRange(0, 256)
        self.batch.setSpecialValueText(tr("automatic"))
        self.stitch = QComboBox()
        self.stitch.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.stitch.setMinimumContentsLength(10)
        for key, label in STITCH_LABELS.items():
            self.stitch.addItem(tr(label), key)
        self.device = QComboBox()
        self.device.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.device.setMinimumContentsLength(10)
        for key, label in DEVICE_LABELS.items():
            self.device.addItem(tr(label), key)
        self.devices_label = QLabel()
        self.devices_label.setWordWrap(True)
        self.rescale = QCheckBox(tr("16-bit or 0..1 to 0..255"))  # short: a 300 px dock does not wrap it
        self.rescale.setToolTip(tr("The model reads 8-bit values; other imagery is refused unless this is ticked. "
                                   "8-bit imagery is never changed."))
        form.addRow(tr("Tile size"), self.tile)
        form.addRow(tr("Margin"), self.margin)
        form.addRow(tr("Batch"), self.batch)
        form.addRow(tr("Stitching"), self.stitch)
        form.addRow(tr("Device"), self.device)
        form.addRow("", self.devices_label)
        form.addRow(tr("Rescale"), self.rescale)
        self.reset_button = QPushButton(tr("Reset to the model's defaults"))
        self.reset_button.clicked.connect(self.reset_advanced)
        form.addRow(self.reset_button)
        layout.addWidget(self.advanced)
        # which settings differ, wrapped under the section: a title naming them would not fit 300 px
        self.changed_label = QLabel()
        self.changed_label.setWordWrap(True)
        self.changed_label.setStyleSheet("color: #666666;")
        layout.addWidget(self.changed_label)
        for widget in (self.tile, self.margin, self.batch):
            widget.valueChanged.connect(self._show_changed)
        for widget in (self.stitch, self.device):
            widget.currentIndexChanged.connect(self._show_changed)
        self.rescale.toggled.connect(self._show_changed)
        self.where = "temporary"
        self._load()
        self._show_changed()
        self.refresh_placeholder()
        self.project.readProject.connect(self._project_changed)
        self.project.projectSaved.connect(self._project_changed)

    def _project_changed(self, *_):
        self.refresh_placeholder()

    def shutdown(self) -> None:
        for signal in (self.project.readProject, self.project.projectSaved):
            try:
                signal.disconnect(self._project_changed)
            except TypeError:
                pass

    def refresh_placeholder(self) -> None:
        folder, where = output_folder(self.project)
        text = {
            "project": tr("Empty: beside the project ({folder})"),
            "remembered": tr("Empty: in {folder}"),
            "temporary": tr("Empty: a TEMPORARY folder. Choose a file to keep the result"),
        }[where].format(folder=folder)
        self.file_widget.lineEdit().setPlaceholderText(text)
        self.file_widget.setToolTip(tr("The land-cover GeoTIFF. Empty: named after the imagery and the model, "
                                       "in {folder}").format(folder=folder))
        self.where = where

    def succeeded(self, output: str) -> None:
        """After a successful run only: a file the user chose makes its folder the default for
        later runs with an empty output (a folder that failed is never remembered)."""
        if output and self.file_widget.filePath().strip():
            remember_folder(output)
        self.refresh_placeholder()

    def show_devices(self, providers: list[str]) -> None:
        from ..inference.models.session import DEVICE_NAMES

        names = [DEVICE_NAMES.get(p, p) for p in providers]
        self.devices_label.setText(tr("Available here: {devices}").format(devices=", ".join(names)))

    def _load(self) -> None:
        s = QgsSettings()
        self.confidence.setChecked(s.value("flair/confidence", False, type=bool))
        self.polygons.setChecked(s.value("flair/polygons", False, type=bool))
        self.polygons_mmu.setValue(s.value("flair/polygons_mmu", -1.0, type=float))
        self.polygons_mmu.setEnabled(self.polygons.isChecked())
        self.tile.setValue(s.value("flair/tile", 0, type=int))
        self.margin.setValue(s.value("flair/margin", -1, type=int))
        self.batch.setValue(s.value("flair/batch", 0, type=int))
        self.stitch.setCurrentIndex(max(self.stitch.findData(s.value("flair/stitch", "crop")), 0))
        self.device.setCurrentIndex(max(self.device.findData(s.value("flair/device", "auto")), 0))
        self.rescale.setChecked(s.value("flair/rescale", False, type=bool))

    def set_multisource(self, multi: bool) -> None:
        """A multi-source model runs at its card's tiles, one tile per batch: those settings are
        greyed out (kept for single-source models); the rest applies to every model."""
        for widget in (self.tile, self.margin, self.batch, self.rescale):
            widget.setEnabled(not multi)
            widget.setToolTip(tr("Not used by multi-source models: they run at their card's tiles") if multi else "")

    def allow_polygons(self, ok: bool) -> None:
        """Polygons need shapely 2.1 (the dock's banner says what to install when it is missing)."""
        self._polygons_ok = ok
        if not ok:
            self.polygons.setChecked(False)
        self._enable_polygons()

    def _enable_polygons(self) -> None:
        self.polygons.setEnabled(self._polygons_ok)
        self.polygons_mmu.setEnabled(self._polygons_ok and self.polygons.isChecked())

    def values(self) -> dict:
        return {"tile": self.tile.value(), "margin": self.margin.value(), "batch": self.batch.value(),
                "stitch": self.stitch.currentData(), "device": self.device.currentData(),
                "rescale": self.rescale.isChecked()}

    def changed_settings(self) -> list[str]:
        """The advanced settings that differ from the model's defaults, as the form names them."""
        return [tr(LABELS[k]) for k, v in self.values().items() if v != DEFAULTS[k]]

    def _show_changed(self, *_) -> None:
        changed = self.changed_settings()
        self.advanced.setTitle(tr("Advanced (changed)") if changed else tr("Advanced"))
        self.changed_label.setText(tr("Changed from the model's defaults: {names}").format(names=", ".join(changed))
                                   if changed else "")
        self.changed_label.setVisible(bool(changed))
        self.advanced.setToolTip(tr("Settings kept from earlier runs that differ from the model's defaults: {names}")
                                 .format(names=", ".join(changed)) if changed else "")
        self.reset_button.setEnabled(bool(changed))

    def reset_advanced(self) -> None:
        self.tile.setValue(DEFAULTS["tile"])
        self.margin.setValue(DEFAULTS["margin"])
        self.batch.setValue(DEFAULTS["batch"])
        self.stitch.setCurrentIndex(max(self.stitch.findData(DEFAULTS["stitch"]), 0))
        self.device.setCurrentIndex(max(self.device.findData(DEFAULTS["device"]), 0))
        self.rescale.setChecked(DEFAULTS["rescale"])
        self.save()

    def save(self) -> None:
        s = QgsSettings()
        s.setValue("flair/confidence", self.confidence.isChecked())
        s.setValue("flair/polygons", self.polygons.isChecked())
        s.setValue("flair/polygons_mmu", self.polygons_mmu.value())
        s.setValue("flair/tile", self.tile.value())
        s.setValue("flair/margin", self.margin.value())
        s.setValue("flair/batch", self.batch.value())
        s.setValue("flair/stitch", self.stitch.currentData())
        s.setValue("flair/device", self.device.currentData())
        s.setValue("flair/rescale", self.rescale.isChecked())

    def output_path(self, imagery: str = "", model: str = "") -> str:
        path = self.file_widget.filePath().strip()
        if not path:
            return default_output(imagery, model, self.project)
        if os.path.splitext(path)[1].lower() not in (".tif", ".tiff"):
            path += ".tif"
        return path

    def apply(self, request: RunRequest) -> None:
        request.output = self.output_path(request.imagery_name(), request.model)
        request.confidence = self.confidence.isChecked()
        request.vectorize = self.polygons.isChecked()
        request.vector_mmu = None if self.polygons_mmu.value() < 0 else self.polygons_mmu.value()
        request.tile = self.tile.value() or None
        request.margin = None if self.margin.value() < 0 else self.margin.value()
        request.batch = self.batch.value() or None
        request.stitch = self.stitch.currentData()
        request.device = self.device.currentData()
        request.rescale = self.rescale.isChecked()
        self.save()
