"""The dock's inputs for a multi-source model: one row per modality of its card, each a loaded
raster layer (or a file loaded as one with "…"), as the single-source rows pick layers. A time
series row adds its dates file and its snow/cloud mask and shows the dates found ("23 dates,
2021-01-03 -> 2021-12-28"); problems (band count, dates, coverage of the area, resolution) show
on their row. Rows are filled from the choices made last time with the same model, else guessed
from the loaded layers, and the box says which; a row the user set is never changed for them."""
from __future__ import annotations

import json
import os

from qgis.core import QgsApplication, QgsProject, QgsRasterLayer, QgsSettings
from qgis.gui import QgsFileWidget, QgsMapLayerComboBox
from qgis.PyQt.QtCore import QObject, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from ..inference.segment.params import ImageInput, SeriesInput
from ..qgis_glue.compat import RASTER_FILTER
from ..qgis_glue.engine_words import CHOICES, band
from ..qgis_glue.errors import EXPECTED, user_message
from ..qgis_glue.i18n import QT_TR_NOOP, tr
from ..qgis_glue.layers.files import layer_file, same_file
from ..qgis_glue.layers.prefill import AERIAL_LAYOUTS, describe_layer, prefill_modalities
from ..qgis_glue.layers.source import source_for_layer
from ..qgis_glue.run.modalities import AVERAGES, FILTERS, check_area, is_web_input, open_input, short_name

HELP = {  # translated where shown
    "AERIAL_RGBI": QT_TR_NOOP("aerial R, G, B, NIR file (0.2 m)"),
    "DEM_ELEV": QT_TR_NOOP("DSM and DTM, 2 bands, metres"),
    "SPOT_RGBI": QT_TR_NOOP("SPOT 6-7 R, G, B, NIR (1.6 m)"),
    "SENTINEL2_TS": QT_TR_NOOP("Sentinel-2 stack, date-major (10 bands per date)"),
    "SENTINEL1-ASC_TS": QT_TR_NOOP("Sentinel-1 ascending stack (VV, VH per date)"),
    "SENTINEL1-DESC_TS": QT_TR_NOOP("Sentinel-1 descending stack (VV, VH per date)"),
}
DATES_FROM = {"band descriptions": QT_TR_NOOP("band descriptions"), "file names": QT_TR_NOOP("file names")}
SETTINGS_KEY = "flair/multisource_inputs/"  # + the model's file name: {modality: {file, layout, dates, mask, dtm}}


def _choice_box(values: tuple[str, ...], tip: str) -> QComboBox:
    box = QComboBox()
    for v in values:  # the engine's option values (as on the command line) as data, in the user's words
        box.addItem(tr(CHOICES[v]), v)
    box.setToolTip(tip)
    return box


def _series_boxes() -> tuple[QComboBox, QComboBox]:
    return (_choice_box(FILTERS, tr("auto: drop dates that are cloudy or snowy on a tile (needs the mask)")),
            _choice_box(AVERAGES, tr("average each time series per month or half-month")))


def _file_widget(tip: str) -> QgsFileWidget:
    w = QgsFileWidget()
    w.setStorageMode(QgsFileWidget.StorageMode.GetFile)
    w.setToolTip(tip)
    return w


def _layer_combo(tip: str) -> QgsMapLayerComboBox:
    combo = QgsMapLayerComboBox()
    combo.setFilters(RASTER_FILTER)
    combo.setAllowEmptyLayer(True)
    combo.setLayer(None)
    combo.setToolTip(tip)
    # compact at QGIS's default dock width (~300 px), as the single-source rows
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(3)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return combo


def dates_text(series) -> str:
    """The series' dates as the row shows them, in the user's language (the engine's describe() is
    English, for the report)."""
    source = series.dates_from
    return tr("{count} dates, {first} -> {last} (dates from {source})").format(
        count=len(series.dates), first=f"{series.dates[0]:%Y-%m-%d}", last=f"{series.dates[-1]:%Y-%m-%d}",
        source=tr(DATES_FROM[source]) if source in DATES_FROM else source)


def not_a_file(layer, modality=None) -> str:
    """Why a layer cannot feed a multi-source model's ``modality`` ("" when it can): files, and web
    layers for the aerial imagery."""
    if layer is None or layer_file(layer, ("gdal",)) is not None or (modality and is_web_input(layer, modality)):
        return ""
    return tr("{name} is not a file (a web, in-memory or database layer); multi-source models read files: "
              "save it as a GeoTIFF (right-click → Export → Save As…) and choose that layer").format(name=layer.name())


class ModalityRow(QObject):
    changed = pyqtSignal()

    def __init__(self, modality, grid: QGridLayout, row: int, parent: QObject, project: QgsProject):
        super().__init__(parent)
        self.modality, self.project = modality, project
        name = short_name(modality.name)
        self.label = QLabel(f"{name}{' *' if modality.required else ''}")
        self.label.setToolTip(tr("{modality}: {help}").format(modality=modality.name, help=tr(HELP.get(modality.name, "")))
                              + (" " + tr("(required)") if modality.required else ""))
        self.combo = _layer_combo(tr(HELP.get(modality.name, modality.name)))
        self.open_button = QToolButton()
        self.open_button.setText("…")
        self.open_button.setToolTip(tr("Load a file as a layer and use it here"))
        self.open_button.clicked.connect(self._browse)
        grid.addWidget(self.label, row, 0)
        grid.addWidget(self.combo, row, 1)
        self.widgets = [self.label, self.combo]
        self.dates = self.mask = self.layout = self.dtm = self.folder_button = None
        self.folder = ""  # a series given as a folder of dated rasters instead of a layer
        if modality.is_series:  # both buttons in the last column, so the rows below stay aligned
            self.folder_button = QToolButton()
            self.folder_button.setIcon(QgsApplication.getThemeIcon("/mIconFolderOpen.svg"))
            self.folder_button.setToolTip(tr("Use a folder of dated rasters instead (one file per date, "
                                             "the date in each file's name)"))
            self.folder_button.clicked.connect(self._browse_folder)
            buttons = QWidget()
            h = QHBoxLayout(buttons)
            h.setContentsMargins(0, 0, 0, 0)
            h.setSpacing(2)
            h.addWidget(self.open_button)
            h.addWidget(self.folder_button)
            grid.addWidget(buttons, row, 2)
            self.widgets.append(buttons)
        else:
            grid.addWidget(self.open_button, row, 2)
            self.widgets.append(self.open_button)
        r = row + 1
        if modality.derive == "dsm_minus_dtm":
            # elevation often comes as two files (LiDAR HD's MNS and MNT): the DTM may be its own layer
            self.dtm = _layer_combo(tr("Optional: the DTM as its own layer (the layer above is then the DSM); "
                                       "empty: the layer above holds DSM and DTM as 2 bands"))
            label = QLabel(tr("DTM"))
            grid.addWidget(label, r, 0)
            grid.addWidget(self.dtm, r, 1, 1, 2)
            self.widgets += [label, self.dtm]
            self.dtm.layerChanged.connect(self._changed)
            r += 1
        if modality.name == "AERIAL_RGBI" and set(modality.bands) <= {"NIR", "R", "G"}:
            # the BD ORTHO comes as RGB and IRC files; IRC holds NIR, R, G, what 3-band models read
            # (FLAIR#2's 5-band aerial, with B and elevation, cannot come from an IRC file: no choice then)
            self.layout = QComboBox()
            self.layout.addItems([tr("R, G, B, NIR file"), tr("IRC file (NIR, R, G)")])
            self.layout.setToolTip(tr("What the layer's bands are"))
            grid.addWidget(self.layout, r, 1, 1, 2)
            self.widgets.append(self.layout)
            self.layout.currentIndexChanged.connect(self._changed)
            r += 1
        if modality.is_series:
            self.dates = _file_widget(tr("dates file: one YYYYMMDD per line (empty: the band descriptions)"))
            self.mask = _file_widget(tr("snow/cloud mask, 2 bands per date (optional)"))
            for text, w in ((tr("dates"), self.dates), (tr("mask"), self.mask)):
                label = QLabel(text)
                grid.addWidget(label, r, 0)
                grid.addWidget(w, r, 1, 1, 2)
                self.widgets += [label, w]
                w.fileChanged.connect(self._changed)
                r += 1
        self.note = QLabel()
        self.note.setWordWrap(True)
        grid.addWidget(self.note, r, 0, 1, 3)
        self.widgets.append(self.note)
        self.rows = r + 1 - row
        self.combo.layerChanged.connect(self._changed)
        self.problem = ""  # this row's layer and files on their own (not a file, bands, dates)
        self.area_problem = ""  # against the area and the card (coverage, resolution)
        self.text = ""
        self.input = None  # the engine's ModalityInput once the files open

    def layer(self):
        return self.combo.currentLayer()

    def path(self) -> str | None:
        return self.folder or layer_file(self.layer(), ("gdal",))

    def dtm_path(self) -> str | None:
        return layer_file(self.dtm.currentLayer(), ("gdal",)) if self.dtm is not None else None

    def set_folder(self, folder: str) -> None:
        """Read the series from a folder of dated rasters; the layer picker shows the folder's name."""
        self.folder = folder
        self.combo.blockSignals(True)
        self.combo.setAllowEmptyLayer(False)  # QGIS 3.22 keeps the empty item's old text otherwise
        self.combo.setAllowEmptyLayer(True, tr("folder: {name}").format(name=os.path.basename(folder.rstrip("/\\"))))
        self.combo.setCurrentIndex(0)  # the empty item, now the folder's name (setLayer(None) shows none)
        self.combo.blockSignals(False)
        self._changed()

    def _browse_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.combo, tr("Folder of dated rasters"), self.folder)
        if folder:
            self.set_folder(folder)

    def set_layer(self, layer, layout: str = "") -> None:
        if self.layout is not None and layout in AERIAL_LAYOUTS:
            self.layout.blockSignals(True)
            self.layout.setCurrentIndex(AERIAL_LAYOUTS.index(layout))
            self.layout.blockSignals(False)
        self.combo.setLayer(layer)
        self._changed()  # also when the layer was already the current one

    def load_file(self, path: str) -> bool:
        """Load ``path`` as a layer of the project (or take the loaded one) and use it here."""
        for layer in self.project.mapLayers().values():
            if isinstance(layer, QgsRasterLayer) and layer_file(layer, ("gdal",)) and same_file(layer_file(layer), path):
                self.set_layer(layer)
                return True
        layer = QgsRasterLayer(path, os.path.splitext(os.path.basename(path))[0], "gdal")
        if not layer.isValid():
            self.problem = tr("QGIS cannot open {file} as a raster").format(file=path)
            self.show_note()
            self.changed.emit()
            return False
        self.project.addMapLayer(layer)
        self.set_layer(layer)
        return True

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.combo, tr(HELP.get(self.modality.name, self.modality.name)),
                                              "", tr("Rasters (*.tif *.tiff *.vrt *.jp2);;All files (*)"))
        if path:
            self.load_file(path)

    def source(self) -> ImageInput | SeriesInput | None:
        """The row's files as the engine takes them (None: none chosen); a web layer as the engine's
        source of it (made here, in the main thread, and read by the run)."""
        path = self.path() or (source_for_layer(self.layer()) if is_web_input(self.layer(), self.modality) else None)
        if not path:
            return None
        if self.modality.is_series:
            return SeriesInput(path, self.dates.filePath() or None, self.mask.filePath() or None)
        if self.layout is not None and self.layout.currentIndex() == 1:
            return ImageInput(bands={"NIR": (path, 1), "R": (path, 2), "G": (path, 3)})
        if self.dtm_path():
            return ImageInput(bands={"DSM": (path, 1), "DTM": (self.dtm_path(), 1)})
        return ImageInput(path)

    def choice(self) -> dict:
        """What is remembered for the next time this model is chosen."""
        return {"file": self.path() or "", "layout": AERIAL_LAYOUTS[self.layout.currentIndex()] if self.layout else "",
                "dates": self.dates.filePath() if self.dates else "", "mask": self.mask.filePath() if self.mask else "",
                "dtm": self.dtm_path() or ""}

    def _changed(self, *_args) -> None:
        """Open the files at once, so a wrong band count or unreadable dates shows on this row."""
        layer = self.layer()
        if layer is not None and self.folder:  # a layer chosen: the folder is no longer used
            self.folder = ""
            self.combo.blockSignals(True)
            self.combo.setAllowEmptyLayer(False)
            self.combo.setAllowEmptyLayer(True)
            self.combo.setLayer(layer)
            self.combo.blockSignals(False)
        self.problem = not_a_file(layer, self.modality) or not_a_file(self.dtm.currentLayer() if self.dtm else None)
        self.input, self.text = None, ""
        # the combo elides the name at 300 px: the full name and its file are a hover away
        self.combo.setToolTip(f"{layer.name()}\n{layer.source()}" if layer is not None else self.folder
                              or tr(HELP.get(self.modality.name, self.modality.name)))
        try:
            src = None if self.problem else self.source()
        except EXPECTED as e:  # a web layer whose server is gone
            src, self.problem = None, user_message(e)
        if src is not None:
            self.input, self.problem = open_input(self.modality, src)
            if self.problem:
                if self.dtm is not None and not self.dtm_path():  # a 1-band DSM: the remedy is the picker below
                    self.problem += " " + tr("(or choose the DTM as its own layer below)")
            elif self.modality.is_series:
                self.text = dates_text(self.input.series)
            else:
                self.text = tr("DSM and DTM from two layers") + "; " if self.dtm_path() else ""
                self.text += tr("the model reads {bands}").format(bands=", ".join(band(b) for b in self.modality.bands))
        self.show_note()
        self.changed.emit()

    def short(self, text: str) -> str:
        """``text`` with this row's files by their names: a full path does not wrap at 300 px and
        the row already shows which layer it is (its path is in the combo's tooltip)."""
        for path in (self.path(), self.dtm_path(), self.dates and self.dates.filePath(),
                     self.mask and self.mask.filePath()):
            if path:
                text = text.replace(path, os.path.basename(path))
        return text

    def show_note(self, warning: str = "") -> None:
        problem = self.problem or self.area_problem
        self.note.setStyleSheet("color: #b00020;" if problem else "color: #a05a00;" if warning else "color: #666666;")
        self.note.setText(self.short(problem or "; ".join(t for t in (self.text, warning) if t)))
        self.note.setVisible(bool(self.note.text()))


class ModalitiesBox(QGroupBox):
    changed = pyqtSignal()

    def __init__(self, project: QgsProject | None = None, parent=None):
        super().__init__(tr("Inputs (one per modality)"), parent)
        self.project = project or QgsProject.instance()
        self.grid = QGridLayout(self)
        self.grid.setColumnStretch(1, 1)
        self.rows: list[ModalityRow] = []
        self.filter, self.average = _series_boxes()
        self.origin = QLabel()
        self.origin.setWordWrap(True)
        self.origin.setStyleSheet("color: #666666;")
        self.card = None
        self.model = ""
        self.area = None  # (QgsRectangle, its CRS) or None: the first modality's whole extent
        self.project.legendLayersAdded.connect(self._layers_added)
        self.project.layersWillBeRemoved.connect(self._layers_removed)

    def shutdown(self) -> None:
        for signal, slot in ((self.project.legendLayersAdded, self._layers_added),
                             (self.project.layersWillBeRemoved, self._layers_removed)):
            try:
                signal.disconnect(slot)
            except TypeError:
                pass

    def set_card(self, card, model: str = "") -> None:
        if model and model == self.model and self.rows:
            return  # the same model again (e.g. the list reloaded): the rows keep what the user chose
        # the old rows go with their widgets (deleted by Qt, as the single-source rows are)
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None and item.widget() is not self.origin:
                item.widget().deleteLater()
        for row in self.rows:
            row.deleteLater()
        self.rows, self.card, self.model = [], card, model
        self.grid.addWidget(self.origin, 0, 0, 1, 3)
        r = 1
        for m in card.modalities:
            row = ModalityRow(m, self.grid, r, self, self.project)
            row.changed.connect(self._check_area)
            self.rows.append(row)
            r += row.rows
        if any(m.is_series for m in card.modalities):
            self.filter, self.average = _series_boxes()
            self.grid.addWidget(QLabel(tr("clouds")), r, 0)
            self.grid.addWidget(self.filter, r, 1, 1, 2)
            self.grid.addWidget(QLabel(tr("average")), r + 1, 0)
            self.grid.addWidget(self.average, r + 1, 1, 1, 2)
        restored = self._restore()
        self._say_origin(restored, self._fill_empty())
        self._check_area()

    def _say_origin(self, restored: list[str], guessed: list[str]) -> None:
        """Where the rows' layers come from, and which Sentinel-1 rows could not be guessed and why."""
        said = []
        if restored:
            said.append(tr("As last time with this model: {names}.").format(names=", ".join(restored)))
        if guessed:
            said.append(tr("Guessed from the loaded layers: {names}; check them.").format(names=", ".join(guessed)))
        s1 = [short_name(r.modality.name) for r in self.rows
              if r.modality.name.startswith("SENTINEL1") and r.layer() is None and not r.folder]
        if s1:
            said.append(tr("Not guessed: {names}; a Sentinel-1 layer is guessed only when its name says its orbit "
                           "(asc or desc, S1A or S1D).").format(names=", ".join(s1)))
        self.origin.setText(" ".join(said))
        self.origin.setVisible(bool(said))

    # -- filling rows ---------------------------------------------------------------------------
    def _restore(self) -> list[str]:
        """Rows as the last run with this model had them, where that layer is loaded."""
        try:
            saved = json.loads(QgsSettings().value(SETTINGS_KEY + os.path.basename(self.model), "{}") or "{}")
        except (TypeError, ValueError):  # an edited or old setting: start afresh
            saved = {}
        done = []
        for row in self.rows:
            c = saved.get(row.modality.name) if isinstance(saved, dict) else None
            if not isinstance(c, dict) or not c.get("file"):
                continue
            folder = row.modality.is_series and os.path.isdir(c["file"])
            layer = None if folder else self._loaded(c["file"])
            if layer is None and not folder:
                continue
            for w, key in ((row.dates, "dates"), (row.mask, "mask")):
                if w is not None and c.get(key) and os.path.isfile(c[key]):
                    w.blockSignals(True)
                    w.setFilePath(c[key])
                    w.blockSignals(False)
            if row.dtm is not None and c.get("dtm") and self._loaded(c["dtm"]) is not None:
                row.dtm.blockSignals(True)
                row.dtm.setLayer(self._loaded(c["dtm"]))
                row.dtm.blockSignals(False)
            if folder:
                row.set_folder(c["file"])
            else:
                row.set_layer(layer, c.get("layout", ""))
            done.append(short_name(row.modality.name))
        return done

    def _loaded(self, path: str):
        """The loaded raster layer of ``path``, or None."""
        return next((lyr for lyr in self.project.mapLayers().values() if isinstance(lyr, QgsRasterLayer)
                     and layer_file(lyr, ("gdal",)) and same_file(layer_file(lyr), path)), None)

    def _fill_empty(self) -> list[str]:
        """Guess the still-empty rows from the loaded raster layers (never a row already set)."""
        empty = [r for r in self.rows if r.layer() is None and not r.folder]
        if not empty:
            return []
        taken = {lyr.id() for r in self.rows for lyr in (r.layer(), r.dtm and r.dtm.currentLayer()) if lyr}
        layers = [lyr for lyr in self.project.mapLayers().values()
                  if isinstance(lyr, QgsRasterLayer) and lyr.isValid() and lyr.id() not in taken]
        guess = prefill_modalities([r.modality for r in empty], [describe_layer(lyr) for lyr in layers])
        by_id = {lyr.id(): lyr for lyr in layers}
        done = []
        for row in empty:
            if row.modality.name in guess:
                layer_id, layout = guess[row.modality.name]
                row.set_layer(by_id[layer_id], layout)
                done.append(short_name(row.modality.name))
        return done

    def remember(self) -> None:
        """Keep this run's choices for the next time this model is chosen."""
        QgsSettings().setValue(SETTINGS_KEY + os.path.basename(self.model),
                               json.dumps({r.modality.name: r.choice() for r in self.rows if r.path()}))

    def _layers_added(self, _layers) -> None:
        if self.rows and self.isVisible():
            guessed = self._fill_empty()
            if guessed:
                self._say_origin([], guessed)

    def _layers_removed(self, layer_ids) -> None:
        """A row whose layer goes away becomes empty: never re-bound to another layer."""
        gone = set(layer_ids)
        for row in self.rows:
            if row.layer() is not None and row.layer().id() in gone:
                row.set_layer(None)
            if row.dtm is not None and row.dtm.currentLayer() is not None and row.dtm.currentLayer().id() in gone:
                row.dtm.setLayer(None)

    # -- the area -------------------------------------------------------------------------------
    def set_area(self, rect=None, rect_crs=None) -> None:
        """The area to run (a QgsRectangle in ``rect_crs``), or None for the first modality's extent."""
        self.area = None if rect is None else (rect, rect_crs)
        self._check_area()

    def _check_area(self) -> None:
        """Coverage and resolution of every row's files against the area."""
        inputs = {r.modality.name: r.input for r in self.rows if r.input is not None}
        problems = check_area(self.card, inputs, self.area, self.project) if inputs else {}
        for r in self.rows:
            errors, warnings = problems.get(r.modality.name, ([], []))
            # the layer's own problem before its mask's: the row shows one
            errors = sorted(errors, key=lambda e: r.path() is None or r.path() not in e)
            r.area_problem = errors[0] if errors else ""
            r.show_note(warnings[0] if warnings else "")
        self.changed.emit()

    # -- what the dock reads --------------------------------------------------------------------
    def row(self, name: str) -> ModalityRow:
        return next(r for r in self.rows if r.modality.name == name or short_name(r.modality.name) == name)

    def inputs(self) -> dict:
        """The named inputs of the run, by the card's modality name."""
        return {r.modality.name: s for r in self.rows if (s := r.source()) is not None}

    def imagery(self) -> str:
        """The first chosen layer's name, to name the results after."""
        return next((r.layer().name() if r.layer() is not None else os.path.basename(r.folder.rstrip("/\\"))
                     for r in self.rows if r.layer() is not None or r.folder), "")

    def problems(self) -> list[str]:
        out = [tr("choose a layer for {modality}").format(modality=short_name(r.modality.name)) for r in self.rows
               if r.modality.required and r.layer() is None and not r.folder]
        # the row shows the whole message; the dock's status line only points to it
        out += [tr("fix {modality} (see its row)").format(modality=short_name(r.modality.name))
                for r in self.rows if r.problem or r.area_problem]
        return out
