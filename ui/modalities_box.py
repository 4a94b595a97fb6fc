"""The dock's inputs for a multi-source model: one row per modality of its card (a file), a time
series row adds its dates file, its snow/cloud mask and shows the dates found ("23 dates,
2021-01-03 -> 2021-12-28"); problems (band count, dates, coverage) are shown on their row."""
from __future__ import annotations

from qgis.gui import QgsFileWidget
from qgis.PyQt.QtCore import QObject, pyqtSignal
from qgis.PyQt.QtWidgets import QComboBox, QGridLayout, QGroupBox, QLabel

from ..inference.core.errors import FlairError
from ..inference.models.modalities import short_name
from ..inference.multisource.modalities import image_input, input_problems, series_input
from ..inference.multisource.run import FILTERS, area_of
from ..inference.multisource.timeseries import AVERAGES
from ..qgis_glue.i18n import QT_TR_NOOP, tr

HELP = {  # translated where shown
    "AERIAL_RGBI": QT_TR_NOOP("aerial R, G, B, NIR file (0.2 m)"),
    "DEM_ELEV": QT_TR_NOOP("DSM and DTM, 2 bands, metres"),
    "SPOT_RGBI": QT_TR_NOOP("SPOT 6-7 R, G, B, NIR (1.6 m)"),
    "SENTINEL2_TS": QT_TR_NOOP("Sentinel-2 stack, date-major (10 bands per date)"),
    "SENTINEL1-ASC_TS": QT_TR_NOOP("Sentinel-1 ascending stack (VV, VH per date)"),
    "SENTINEL1-DESC_TS": QT_TR_NOOP("Sentinel-1 descending stack (VV, VH per date)"),
}


def _filter_box() -> QComboBox:
    box = QComboBox()
    box.addItems(list(FILTERS))  # the engine's option values, as on the command line
    box.setToolTip(tr("auto: drop dates that are cloudy or snowy on a tile (needs the mask)"))
    return box


def _average_box() -> QComboBox:
    box = QComboBox()
    box.addItems(list(AVERAGES))
    box.setToolTip(tr("average each time series per month or half-month"))
    return box


def _file_widget(tip: str) -> QgsFileWidget:
    w = QgsFileWidget()
    w.setStorageMode(QgsFileWidget.StorageMode.GetFile)
    w.setToolTip(tip)
    return w


class ModalityRow(QObject):
    changed = pyqtSignal()

    def __init__(self, modality, grid: QGridLayout, row: int, parent: QObject):
        super().__init__(parent)
        self.modality = modality
        name = short_name(modality.name)
        self.label = QLabel(f"{name}{' *' if modality.required else ''}")
        self.label.setToolTip(f"{modality.name}: {tr(HELP.get(modality.name, ''))}"
                              + (" " + tr("(required)") if modality.required else ""))
        self.file = _file_widget(tr(HELP.get(modality.name, modality.name)))
        grid.addWidget(self.label, row, 0)
        grid.addWidget(self.file, row, 1)
        self.widgets = [self.label, self.file]
        self.dates = self.mask = self.layout = None
        if modality.name == "AERIAL_RGBI":
            # the BD ORTHO comes as RGB and IRC files; IRC holds NIR, R, G, what 3-band models read
            self.layout = QComboBox()
            self.layout.addItems([tr("R, G, B, NIR file"), tr("IRC file (NIR, R, G)")])
            grid.addWidget(self.layout, row, 2)
            self.widgets.append(self.layout)
            self.layout.currentIndexChanged.connect(self._changed)
        if modality.is_series:
            self.dates = _file_widget(tr("dates file: one YYYYMMDD per line (empty: the band descriptions)"))
            self.mask = _file_widget(tr("snow/cloud mask, 2 bands per date (optional)"))
            grid.addWidget(QLabel(tr("dates")), row + 1, 0)
            grid.addWidget(self.dates, row + 1, 1)
            grid.addWidget(QLabel(tr("mask")), row + 2, 0)
            grid.addWidget(self.mask, row + 2, 1)
            self.widgets += [grid.itemAtPosition(row + 1, 0).widget(), self.dates,
                             grid.itemAtPosition(row + 2, 0).widget(), self.mask]
        self.note = QLabel()
        self.note.setWordWrap(True)
        grid.addWidget(self.note, row + (3 if modality.is_series else 1), 1)
        self.widgets.append(self.note)
        for w in (self.file, self.dates, self.mask):
            if w is not None:
                w.fileChanged.connect(self._changed)
        self.problem = ""  # this row's files on their own (bands, dates)
        self.area_problem = ""  # against the area and the card (coverage, resolution)
        self.text = ""
        self.input = None  # the engine's ModalityInput once the files open

    @property
    def rows(self) -> int:
        return 4 if self.modality.is_series else 2

    def source(self) -> dict | None:
        path = self.file.filePath()
        if not path:
            return None
        if self.layout is not None and self.layout.currentIndex() == 1:
            return {"NIR": f"{path}:1", "R": f"{path}:2", "G": f"{path}:3"}
        out = {"path": path}
        if self.dates is not None and self.dates.filePath():
            out["dates"] = self.dates.filePath()
        if self.mask is not None and self.mask.filePath():
            out["mask"] = self.mask.filePath()
        return out

    def _changed(self, _path=None) -> None:
        """Open the files at once, so a wrong band count or unreadable dates shows on this row."""
        self.problem, self.input, self.text = "", None, ""
        src = self.source()
        if src is not None:
            try:
                if self.modality.is_series:
                    self.input = series_input(self.modality, src["path"], src.get("dates"), src.get("mask"))
                    self.text = self.input.series.describe()
                else:
                    self.input = image_input(self.modality, src["path"] if set(src) == {"path"} else src)
                    self.text = ", ".join(self.modality.bands)
            except FlairError as e:
                self.problem = str(e)
        self.changed.emit()

    def show_note(self, warning: str = "") -> None:
        problem = self.problem or self.area_problem
        self.note.setStyleSheet("color: #b00020;" if problem else "color: #a05a00;" if warning else "color: #666666;")
        self.note.setText(problem or "; ".join(t for t in (self.text, warning) if t))


class ModalitiesBox(QGroupBox):
    changed = pyqtSignal()

    def __init__(self, parent=None):
        super().__init__(tr("Inputs (one per modality)"), parent)
        self.grid = QGridLayout(self)
        self.rows: list[ModalityRow] = []
        self.filter, self.average = _filter_box(), _average_box()
        self.card = None

    def set_card(self, card) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().setParent(None)
        self.rows, self.card = [], card
        r = 0
        for m in card.modalities:
            row = ModalityRow(m, self.grid, r, self)
            row.changed.connect(self._check_area)
            self.rows.append(row)
            r += row.rows
        if any(m.is_series for m in card.modalities):
            self.filter, self.average = _filter_box(), _average_box()
            self.grid.addWidget(QLabel(tr("clouds")), r, 0)
            self.grid.addWidget(self.filter, r, 1)
            self.grid.addWidget(QLabel(tr("average")), r + 1, 0)
            self.grid.addWidget(self.average, r + 1, 1)

    def _check_area(self) -> None:
        """Coverage and resolution of every row's files against the first modality's area."""
        inputs = {r.modality.name: r.input for r in self.rows if r.input is not None}
        problems = {}
        if inputs:
            try:
                crs, bounds, _ = area_of(self.card, inputs, None)
                problems = input_problems(self.card, inputs, bounds, crs)
            except FlairError as e:  # the area's file has no CRS: say it on the first row
                problems = {next(iter(inputs)): ([str(e)], [])}
        for r in self.rows:
            errors, warnings = problems.get(r.modality.name, ([], []))
            r.area_problem = errors[0] if errors else ""
            r.show_note(warnings[0] if warnings else "")
        self.changed.emit()

    def row(self, name: str) -> ModalityRow:
        return next(r for r in self.rows if r.modality.name == name or short_name(r.modality.name) == name)

    def sources(self) -> dict[str, dict]:
        return {r.modality.name: s for r in self.rows if (s := r.source()) is not None}

    def problems(self) -> list[str]:
        out = [tr("choose a file for {modality}").format(modality=short_name(r.modality.name)) for r in self.rows
               if r.modality.required and r.source() is None]
        out += [r.problem or r.area_problem for r in self.rows if r.problem or r.area_problem]
        return out
