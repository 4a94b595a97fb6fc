"""The dock's area section: where to segment (whole layer, map view, a drawn rectangle, or the
features of a polygon layer) and at what resolution."""
from __future__ import annotations

from qgis.core import QgsGeometry, QgsRectangle, QgsSettings
from qgis.gui import QgsDoubleSpinBox, QgsMapLayerComboBox, QgsMapToolExtent, QgsRubberBand
from qgis.PyQt.QtCore import QLocale, pyqtSignal
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QWidget

from ..qgis_glue.compat import POLYGON, POLYGON_FILTER, distance_unit_name
from ..qgis_glue.i18n import QT_TR_NOOP, qgis_locale, tr
from ..qgis_glue.run.request import EXTENT_MODES, RequestError, RunRequest

MODE_LABELS = {
    "layer": QT_TR_NOOP("Whole input layer"),
    "canvas": QT_TR_NOOP("Current map view"),
    "drawn": QT_TR_NOOP("Drawn on the map"),
    "polygons": QT_TR_NOOP("Features of a polygon layer"),
}


class AreaBox(QGroupBox):
    changed = pyqtSignal()

    def __init__(self, canvas, parent=None):
        super().__init__(tr("Area"), parent)
        self.canvas = canvas
        self.drawn: QgsRectangle | None = None
        self.drawn_crs = None
        self._tool = None
        self._previous_tool = None
        self._band = None
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.mode_combo = QComboBox()
        self.mode_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.mode_combo.setMinimumContentsLength(8)
        for mode in EXTENT_MODES:
            self.mode_combo.addItem(tr(MODE_LABELS[mode]), mode)
        form.addRow(tr("Extent"), self.mode_combo)

        self.draw_row = QWidget()
        h = QHBoxLayout(self.draw_row)
        h.setContentsMargins(0, 0, 0, 0)
        self.draw_button = QPushButton(tr("Draw…"))
        self.draw_button.setToolTip(tr("Drag a rectangle on the map"))
        self.drawn_label = QLabel(tr("nothing drawn yet"))
        self.drawn_label.setWordWrap(True)
        h.addWidget(self.draw_button)
        h.addWidget(self.drawn_label, 1)
        form.addRow("", self.draw_row)

        self.polygon_row = QWidget()
        v = QFormLayout(self.polygon_row)
        v.setContentsMargins(0, 0, 0, 0)
        self.polygon_combo = QgsMapLayerComboBox()
        self.polygon_combo.setFilters(POLYGON_FILTER)
        self.polygon_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.polygon_combo.setMinimumContentsLength(6)
        self.selected_only = QCheckBox(tr("Selected features only"))
        v.addRow(self.polygon_combo)
        v.addRow(self.selected_only)
        self.polygon_row.setToolTip(tr("Only tiles touching these polygons are run; outside them is nodata"))
        form.addRow("", self.polygon_row)

        self.resolution = QgsDoubleSpinBox()
        self.resolution.setDecimals(3)
        self.resolution.setLocale(QLocale(qgis_locale()))  # "0,200 m" in French, as the plugin's sentences
        self.resolution.setRange(0.0, 100.0)
        # 0: no pixel size of its own (a model without one): the imagery's grid, shown as words
        self.resolution.setSpecialValueText(tr("the imagery's own"))
        self.resolution.setSingleStep(0.05)
        self.resolution.setSuffix(" m")
        self.resolution.setShowClearButton(True)
        self.resolution.setToolTip(tr("Output pixel size; the reset button returns to the model's resolution"))
        self.set_model_resolution(0.2)
        form.addRow(tr("Resolution"), self.resolution)

        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #8a5a00;")
        self.note.setVisible(False)
        form.addRow(self.note)

        s = QgsSettings()
        mode = self._applicable(s.value("flair/extent_mode", "layer"))
        self.mode_combo.setCurrentIndex(max(self.mode_combo.findData(mode), 0))
        self.selected_only.setChecked(s.value("flair/selected_only", False, type=bool))
        self.mode_combo.currentIndexChanged.connect(self._mode_changed)
        self.draw_button.clicked.connect(self.start_drawing)
        self._mode_changed()

    def _applicable(self, mode: str) -> str:
        """The remembered mode if it can apply here; else the whole layer, and the note says why."""
        why = None
        if mode == "polygons" and self.polygon_combo.currentLayer() is None:
            why = tr("Last time the area was the features of a polygon layer; this project has none, "
                     "so the whole input layer is used.")
        elif mode == "drawn" and self.drawn is None:
            why = tr("Last time the area was drawn on the map; draw it again to use it (Area → Drawn on the map). "
                     "Until then the whole input layer is used.")
        self.note.setText(why or "")
        self.note.setVisible(why is not None)
        return "layer" if why else mode

    def mode(self) -> str:
        return self.mode_combo.currentData()

    def set_mode(self, mode: str) -> None:
        self.mode_combo.setCurrentIndex(self.mode_combo.findData(mode))

    def set_model_resolution(self, metres: float | None) -> None:
        """The model's pixel size; None (it states none): the imagery's own grid."""
        self.resolution.setClearValue(metres or 0.0)
        self.resolution.setValue(metres or 0.0)

    def _mode_changed(self, *_):
        mode = self.mode()
        if self.note.isVisible() and mode != "layer":
            self.note.setVisible(False)  # the user chose again
        self.draw_row.setVisible(mode == "drawn")
        self.polygon_row.setVisible(mode == "polygons")
        self._show_band(mode == "drawn")
        QgsSettings().setValue("flair/extent_mode", mode)
        self.changed.emit()

    def set_multisource(self, resolution_m: float | None) -> None:
        """A multi-source model (its card's ``resolution_m``) runs at its card's resolution; None: back
        to a single-source model, whose resolution the user may change."""
        if resolution_m is not None:
            self.set_model_resolution(resolution_m)
        self.resolution.setEnabled(resolution_m is None)
        self.resolution.setToolTip(
            tr("A multi-source model runs at its own resolution") if resolution_m is not None
            else tr("Output pixel size; the reset button returns to the model's resolution"))

    def rectangle(self):
        """(QgsRectangle, its CRS) of the map view or of the drawn rectangle; None for the other modes
        (or nothing drawn yet)."""
        if self.mode() == "canvas":
            return QgsRectangle(self.canvas.extent()), self.canvas.mapSettings().destinationCrs()
        if self.mode() == "drawn" and self.drawn is not None:
            return QgsRectangle(self.drawn), self.drawn_crs
        return None

    # -- drawing --------------------------------------------------------------------------------
    def start_drawing(self) -> None:
        if self._tool is None:
            self._tool = QgsMapToolExtent(self.canvas)
            self._tool.extentChanged.connect(self.set_drawn)
        if self.canvas.mapTool() is not self._tool:
            self._previous_tool = self.canvas.mapTool()
        self.canvas.setMapTool(self._tool)

    def set_drawn(self, rect: QgsRectangle, crs=None) -> None:
        """The drawn rectangle, in the map's CRS unless ``crs`` says otherwise."""
        if rect is None or rect.isEmpty():
            return
        self.drawn = QgsRectangle(rect)
        self.drawn_crs = crs or self.canvas.mapSettings().destinationCrs()
        units = distance_unit_name(self.drawn_crs.mapUnits()) if self.drawn_crs.isValid() else ""
        self.drawn_label.setText(f"{rect.width():.0f} × {rect.height():.0f} {units or tr('map units')}")
        if self._tool is not None and self.canvas.mapTool() is self._tool:
            self.canvas.unsetMapTool(self._tool)
            if self._previous_tool is not None:
                self.canvas.setMapTool(self._previous_tool)
        self._show_band(self.mode() == "drawn")
        self.changed.emit()

    def _show_band(self, visible: bool) -> None:
        if self._band is not None:
            self._band.reset(POLYGON)
        if not visible or self.drawn is None:
            return
        if self._band is None:
            self._band = QgsRubberBand(self.canvas, POLYGON)
            self._band.setColor(QColor(255, 120, 0, 200))
            self._band.setFillColor(QColor(255, 120, 0, 30))
            self._band.setWidth(2)
        self._band.setToGeometry(QgsGeometry.fromRect(self.drawn), self.drawn_crs)

    def shutdown(self) -> None:
        if self._band is not None:
            self._band.reset(POLYGON)
            self.canvas.scene().removeItem(self._band)
            self._band = None
        if self._tool is not None and self.canvas.mapTool() is self._tool:
            self.canvas.unsetMapTool(self._tool)

    # -- into the request -----------------------------------------------------------------------
    def apply(self, request: RunRequest) -> None:
        """Fill the area and resolution of ``request``; raises RequestError naming what is missing."""
        mode = self.mode()
        request.resolution = self.resolution.value() or None  # 0: the imagery's own
        QgsSettings().setValue("flair/selected_only", self.selected_only.isChecked())
        if mode == "canvas":
            request.extent = QgsRectangle(self.canvas.extent())
            request.extent_crs = self.canvas.mapSettings().destinationCrs()
        elif mode == "drawn":
            if self.drawn is None:
                raise RequestError(tr("draw the area on the map first (Area → Draw…)"))
            request.extent, request.extent_crs = QgsRectangle(self.drawn), self.drawn_crs
        elif mode == "polygons":
            layer = self.polygon_combo.currentLayer()
            if layer is None:
                raise RequestError(tr("choose a polygon layer for the area"))
            features = layer.selectedFeatures() if self.selected_only.isChecked() else layer.getFeatures()
            request.polygons = [QgsGeometry(f.geometry()) for f in features if f.hasGeometry()]
            request.polygons_crs = layer.crs()
            if not request.polygons:
                text = (tr("the layer {name} has no selected feature with a geometry") if self.selected_only.isChecked()
                        else tr("the layer {name} has no feature with a geometry"))
                raise RequestError(text.format(name=layer.name()))
