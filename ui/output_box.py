"""The dock's output section: GeoTIFF path (default beside the project, or a temporary file),
confidence raster, and the advanced settings (tile, margin, batch, stitching, device) folded away."""
from __future__ import annotations

import os

from qgis.core import QgsProject, QgsSettings
from qgis.gui import QgsCollapsibleGroupBox, QgsFileWidget
from qgis.PyQt.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QLabel, QSpinBox, QVBoxLayout

from ..qgis_glue.run.request import RunRequest, default_output

DEVICE_LABELS = {"auto": "Automatic (GPU if available)", "cpu": "CPU", "cuda": "CUDA GPU"}


class OutputBox(QGroupBox):
    def __init__(self, project: QgsProject | None = None, parent=None):
        super().__init__("Output", parent)
        self.project = project or QgsProject.instance()
        layout = QVBoxLayout(self)
        self.file_widget = QgsFileWidget()
        self.file_widget.setStorageMode(QgsFileWidget.StorageMode.SaveFile)
        self.file_widget.setFilter("GeoTIFF (*.tif *.tiff)")
        self.file_widget.setDialogTitle("Save the land-cover GeoTIFF as")
        layout.addWidget(self.file_widget)
        self.confidence = QCheckBox("Also write a confidence raster (max probability × 255)")
        layout.addWidget(self.confidence)

        self.advanced = QgsCollapsibleGroupBox("Advanced")
        self.advanced.setCollapsed(True)
        form = QFormLayout(self.advanced)
        self.tile = QSpinBox()
        self.tile.setRange(0, 8192)
        self.tile.setSpecialValueText("model's")
        self.tile.setSuffix(" px")
        self.margin = QSpinBox()
        self.margin.setRange(-1, 2048)
        self.margin.setSpecialValueText("model's")
        self.margin.setSuffix(" px")
        self.batch = QSpinBox()
        self.batch.setRange(0, 256)
        self.batch.setSpecialValueText("automatic")
        self.stitch = QComboBox()
        self.stitch.addItem("Crop tile centres (IGN's way)", "crop")
        self.stitch.addItem("Blend overlaps (smoother seams, slower)", "blend")
        self.device = QComboBox()
        for key, label in DEVICE_LABELS.items():
            self.device.addItem(label, key)
        self.devices_label = QLabel()
        self.devices_label.setWordWrap(True)
        form.addRow("Tile size", self.tile)
        form.addRow("Margin", self.margin)
        form.addRow("Batch", self.batch)
        form.addRow("Stitching", self.stitch)
        form.addRow("Device", self.device)
        form.addRow("", self.devices_label)
        layout.addWidget(self.advanced)
        self._load()
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
        where = (f"empty: saved beside the project, in {self.project.absolutePath()}" if self.project.fileName()
                 else "empty: a temporary file (save the project to keep results beside it)")
        self.file_widget.lineEdit().setPlaceholderText(where)

    def show_devices(self, providers: list[str]) -> None:
        from ..inference.models.session import DEVICE_NAMES

        names = [DEVICE_NAMES.get(p, p) for p in providers]
        self.devices_label.setText("Available here: " + ", ".join(names))

    def _load(self) -> None:
        s = QgsSettings()
        self.confidence.setChecked(s.value("flair/confidence", False, type=bool))
        self.tile.setValue(s.value("flair/tile", 0, type=int))
        self.margin.setValue(s.value("flair/margin", -1, type=int))
        self.batch.setValue(s.value("flair/batch", 0, type=int))
        self.stitch.setCurrentIndex(max(self.stitch.findData(s.value("flair/stitch", "crop")), 0))
        self.device.setCurrentIndex(max(self.device.findData(s.value("flair/device", "auto")), 0))

    def save(self) -> None:
        s = QgsSettings()
        s.setValue("flair/confidence", self.confidence.isChecked())
        s.setValue("flair/tile", self.tile.value())
        s.setValue("flair/margin", self.margin.value())
        s.setValue("flair/batch", self.batch.value())
        s.setValue("flair/stitch", self.stitch.currentData())
        s.setValue("flair/device", self.device.currentData())

    def output_path(self) -> str:
        path = self.file_widget.filePath().strip()
        if not path:
            return default_output(self.project)
        if os.path.splitext(path)[1].lower() not in (".tif", ".tiff"):
            path += ".tif"
        return path

    def apply(self, request: RunRequest) -> None:
        request.output = self.output_path()
        request.confidence = self.confidence.isChecked()
        request.tile = self.tile.value() or None
        request.margin = None if self.margin.value() < 0 else self.margin.value()
        request.batch = self.batch.value() or None
        request.stitch = self.stitch.currentData()
        request.device = self.device.currentData()
        self.save()
