"""The FLAIR QA panel: style any label raster, compare a reference with a prediction, and review
the hotspots one by one. Widgets only collect choices; the work is in qgis_glue (qa_style, qa_tasks,
qa_reviews, qa_layers) and the engine (inference.qa.compare, metrics, hotspots, qa_report)."""
from __future__ import annotations

import os
import tempfile

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateTransform,
    QgsProject,
    QgsVectorLayer,
)
from qgis.gui import QgsDockWidget, QgsFileWidget, QgsMapLayerComboBox
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtGui import QKeySequence
from qgis.PyQt.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

try:  # Qt6 moved QShortcut to QtGui
    from qgis.PyQt.QtGui import QShortcut
except ImportError:
    from qgis.PyQt.QtWidgets import QShortcut

from ..inference.core.classes import ENCODING_TITLES, LABEL_ENCODINGS, code_names
from ..inference.qa.compare import CompareParams
from ..inference.qa.hotspots import REVIEW_CHOICES
from ..qgis_glue.compat import LayerFilter
from ..qgis_glue.engine_words import words
from ..qgis_glue.errors import EXPECTED, said_here, user_message
from ..qgis_glue.i18n import QT_TR_NOOP, language, number, tr
from ..qgis_glue.qa.layers import add_disagreement_layer, add_hotspots_layer, find_layer_by_source
from ..qgis_glue.qa.reviews import ReviewStore
from ..qgis_glue.qa.tasks import QaJob, QaTask, default_outputs, polygon_source
from ..qgis_glue.styling.labels import guess_layer_encoding, layer_path, style_label_layer
from .change_tab import ChangeTab
from .qa_heatmap import Heatmap

TITLE = "FLAIR QA"
GUESS = ""  # combo data of "guess from the file"


def _filter(name: str):
    return getattr(LayerFilter, name)


def ask_encoding(parent, layer_name: str, guess) -> str | None:
    """Ask which encoding a raster is in, the best guess preselected; None if cancelled."""
    items = [f"{e}: {words(ENCODING_TITLES[e])}" for e in LABEL_ENCODINGS]
    first = LABEL_ENCODINGS.index(guess.suggested) if guess.suggested in LABEL_ENCODINGS else 0
    text, ok = QInputDialog.getItem(parent, tr("Which encoding?"), tr("{layer}: {reason}.\nHow are its values encoded?")
                                    .format(layer=layer_name, reason=said_here(guess.reason)),
                                    items, first, False)
    return text.split(":", 1)[0] if ok else None


def encoding_combo() -> QComboBox:
    c = QComboBox()
    c.addItem(tr("Guess from the values and the file name"), GUESS)
    for e in LABEL_ENCODINGS:
        c.addItem(words(ENCODING_TITLES[e]), e)
    return c


M2_COLUMNS = (6, 8)  # hidden in the panel (tooltips, exports)
TABLE_COLUMNS = (  # header, tooltip; short headers (all in %), so that the class names fit beside them
    (QT_TR_NOOP("Code"), QT_TR_NOOP("FLAIR class code")), (QT_TR_NOOP("Class"), QT_TR_NOOP("FLAIR class name")),
    (QT_TR_NOOP("IoU"), QT_TR_NOOP("Intersection over union of the reference and predicted areas of the class, %")),
    (QT_TR_NOOP("Prec."),
     QT_TR_NOOP("Precision: share of the area predicted as this class that the reference agrees with, %")),
    (QT_TR_NOOP("Rec."), QT_TR_NOOP("Recall: share of the reference area of this class that the prediction found, %")),
    (QT_TR_NOOP("F1"), QT_TR_NOOP("Harmonic mean of precision and recall, %")),
    (QT_TR_NOOP("Ref. m²"), QT_TR_NOOP("Area of the class in the reference, square metres")),
    (QT_TR_NOOP("Ref."), QT_TR_NOOP("Share of the compared area in the reference, %")),
    (QT_TR_NOOP("Pred. m²"), QT_TR_NOOP("Area of the class in the prediction, square metres")),
    (QT_TR_NOOP("Pred."), QT_TR_NOOP("Share of the compared area in the prediction, %")),
)


def _decimal(text: str) -> str:
    """A number the engine wrote ("0.8123"), with the user's decimal sign; other text as it is."""
    try:
        value = float(text)
    except ValueError:
        return text
    return number(value, len(text.partition(".")[2]))


def _pct(v) -> str:
    return "–" if v is None else number(100 * v)  # None: undefined (e.g. precision of a class never predicted)


class QaPanel(QgsDockWidget):
    def __init__(self, iface, project: QgsProject | None = None, parent=None):
        super().__init__(TITLE, parent)
        self.setObjectName("FlairQaPanel")
        self.iface = iface
        self.project = project or QgsProject.instance()
        self.ask = ask_encoding  # replaceable (tests)
        self.task: QaTask | None = None
        self.vector_task = None
        self.last_vector_outcome = None
        self.last_outcome = None
        self.store: ReviewStore | None = None
        self.index = 0
        self.tabs = QTabWidget()
        self.tabs.addTab(self._style_tab(), tr("Style"))
        self.tabs.addTab(self._compare_tab(), tr("Compare"))
        self.review_tab = self._review_tab()
        self.tabs.addTab(self.review_tab, tr("Review"))
        self.change = ChangeTab(iface, self.project, self._message)
        self.tabs.addTab(self.change, tr("Change"))
        self.setWidget(self.tabs)

    # -- Style -------------------------------------------------------------------------------------
    def _style_tab(self) -> QWidget:
        w = QWidget()
        form = QFormLayout(w)
        self.style_layer = QgsMapLayerComboBox()
        self.style_layer.setFilters(_filter("RasterLayer"))
        self.style_encoding = encoding_combo()
        self.style_band = QSpinBox()
        self.style_band.setRange(1, 64)
        self.style_button = QPushButton(tr("Apply FLAIR style"))
        self.style_button.clicked.connect(lambda: self.apply_style())
        self.style_status = QLabel()
        self.style_status.setWordWrap(True)
        form.addRow(tr("Label raster"), self.style_layer)
        form.addRow(tr("Its values are"), self.style_encoding)
        form.addRow(tr("Band"), self.style_band)
        form.addRow(self.style_button)
        form.addRow(self.style_status)
        self.vector_mmu = QDoubleSpinBox()
        self.vector_mmu.setRange(-1.0, 1e6)
        self.vector_mmu.setDecimals(2)
        self.vector_mmu.setValue(-1.0)
        self.vector_mmu.setSpecialValueText(tr("4 pixels"))
        self.vector_mmu.setSuffix(" m²")
        self.vector_mmu.setToolTip(tr("Minimum mapping unit: smaller patches are merged into their largest neighbour"))
        self.vector_button = QPushButton(tr("Write polygons"))
        self.vector_button.setToolTip(tr("The label raster as a GeoPackage of polygons beside it, styled like the raster"))
        self.vector_button.clicked.connect(lambda: self.vectorize())
        form.addRow(tr("Minimum unit"), self.vector_mmu)
        form.addRow(self.vector_button)
        return w

    def vectorize(self, layer=None, encoding: str | None = None, band: int | None = None):
        """The label layer as polygons (LAYER.gpkg beside its file), added styled when done."""
        from ..inference.vector.run import VectorParams
        from ..qgis_glue.run.vector_task import VectorTask

        layer = layer or self.style_layer.currentLayer()
        if layer is None or self.vector_task is not None:
            return None
        path = layer_path(layer)
        if path is None:
            self.style_status.setText(tr("{name} is not a raster file: save it as a GeoTIFF first").format(
                name=layer.name()))
            return None
        band = band or self.style_band.value()
        enc = encoding or self.resolve_encoding(layer, self.style_encoding.currentData(), band)
        if not enc:
            return None
        mmu = self.vector_mmu.value()
        params = VectorParams(labels=path, output=os.path.splitext(path)[0] + ".gpkg", encoding=enc, band=band,
                              mmu_m2=None if mmu < 0 else mmu, lang=language())
        self.vector_task = VectorTask(params, self._vectorized, tr("FLAIR polygons of {name}").format(name=layer.name()))
        self._vector_name = layer.name()
        self.vector_button.setEnabled(False)
        self.style_status.setText(tr("Writing the polygons of {name}…").format(name=layer.name()))
        QgsApplication.taskManager().addTask(self.vector_task)
        return self.vector_task

    def _vectorized(self, outcome) -> None:
        from ..qgis_glue.run.result import add_polygon_layer

        self.vector_task = None
        self.last_vector_outcome = outcome
        self.vector_button.setEnabled(True)
        if outcome.ok:
            try:
                add_polygon_layer(outcome.result, self.project, self._vector_name)
            except OSError as e:
                outcome.error = str(e)
        if outcome.ok and not outcome.error:
            self.style_status.setText(tr("{n} polygons written to {path}").format(n=outcome.result.polygons,
                                                                                  path=outcome.result.output))
        elif outcome.cancelled:
            self.style_status.setText(tr("Cancelled; nothing was written."))
        else:
            self.style_status.setText(tr("No polygons: {error}").format(error=outcome.error))

    def resolve_encoding(self, layer, chosen: str = GUESS, band: int = 1) -> str | None:
        """The chosen encoding, else an unambiguous guess, else the user's answer (None: cancelled)."""
        if chosen:
            return chosen
        g = guess_layer_encoding(layer, band)
        if g.encoding:
            return g.encoding
        return self.ask(self, layer.name(), g)

    def apply_style(self, layer=None, encoding: str | None = None, band: int | None = None) -> str | None:
        layer = layer or self.style_layer.currentLayer()
        if layer is None:
            return None
        band = band or self.style_band.value()
        enc = encoding or self.resolve_encoding(layer, self.style_encoding.currentData(), band)
        if not enc:
            return None
        labels = style_label_layer(layer, enc, band)
        self.style_status.setText(tr("{name}: {encoding}; legend: {labels}").format(
            name=layer.name(), encoding=words(ENCODING_TITLES[enc]), labels=", ".join(labels) or tr("no class")))
        return enc

    # -- Compare -----------------------------------------------------------------------------------
    def _compare_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        form = QFormLayout()
        self.ref_layer, self.pred_layer = QgsMapLayerComboBox(), QgsMapLayerComboBox()
        for c in (self.ref_layer, self.pred_layer):
            c.setFilters(_filter("RasterLayer"))
        self.ref_encoding, self.pred_encoding = encoding_combo(), encoding_combo()
        # Offer the guessed encoding when a layer is chosen or added (deferred: layers being removed
        # from the project must not be read)
        self.ref_layer.layerChanged.connect(self._schedule_prefill)
        self.pred_layer.layerChanged.connect(self._schedule_prefill)
        self.project.layersAdded.connect(self._schedule_prefill)
        self.within = QgsMapLayerComboBox()
        self.within.setFilters(_filter("PolygonLayer"))
        self.within.setAllowEmptyLayer(True)
        self.within.setLayer(None)
        self.selected_only = QCheckBox(tr("Selected features only"))
        self.selected_only.setEnabled(False)
        # by row, not by layer: layerChanged may carry a layer being deleted (project cleared)
        self.within.currentIndexChanged.connect(lambda i: self.selected_only.setEnabled(i > 0))
        self.within.setToolTip(tr("Count only the pixels inside these polygons (leave empty: the whole reference)"))
        self.hotspots = QCheckBox(tr("Find hotspots of at least"))
        self.hotspots.setChecked(True)
        self.min_area = QDoubleSpinBox()
        self.min_area.setRange(0.0, 1e9)
        self.min_area.setValue(10.0)
        self.min_area.setSuffix(" m²")
        self.min_area.setDecimals(1)
        self.min_area.setToolTip(tr("Disagreement patches smaller than this area are not listed for review"))
        self.folder = QgsFileWidget()
        self.folder.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.folder.setFilePath(tempfile.gettempdir())
        self.folder.setToolTip(tr("Where the report, the disagreement raster and the hotspots GeoPackage are written"))
        form.addRow(tr("Reference"), self.ref_layer)
        form.addRow(tr("  encoded as"), self.ref_encoding)
        form.addRow(tr("Prediction"), self.pred_layer)
        form.addRow(tr("  encoded as"), self.pred_encoding)
        form.addRow(tr("Inside polygons"), self.within)
        form.addRow("", self.selected_only)
        row = QHBoxLayout()
        row.addWidget(self.hotspots)
        row.addWidget(self.min_area)
        form.addRow(row)
        form.addRow(tr("Output folder"), self.folder)
        v.addLayout(form)
        buttons = QHBoxLayout()
        self.compare_button = QPushButton(tr("Compare"))
        self.compare_button.clicked.connect(lambda: self.start_compare())
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(lambda: self.task.cancel() if self.task else None)
        buttons.addWidget(self.compare_button)
        buttons.addWidget(self.cancel_button)
        v.addLayout(buttons)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        v.addWidget(self.progress)
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.addWidget(self.headline)
        self.table = QTableWidget(0, len(TABLE_COLUMNS))
        self.table.setHorizontalHeaderLabels([tr(c) for c, _ in TABLE_COLUMNS])
        for col, (_, tip) in enumerate(TABLE_COLUMNS):
            self.table.horizontalHeaderItem(col).setToolTip(tr(tip))
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setMinimumHeight(120)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        # every column as wide as its contents, the class names whole (a stretched name column got
        # what the numbers left: "…"); areas in m² are in the tooltips of the % columns and in the exports
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        for col in M2_COLUMNS:
            self.table.setColumnHidden(col, True)
        self.heatmap = Heatmap()  # its minimum: every row (qa_heatmap.py)
        self.results = QSplitter(Qt.Orientation.Vertical)  # the user sets how much each one gets
        self.results.addWidget(self.table)
        self.results.addWidget(self.heatmap)
        self.results.setChildrenCollapsible(False)
        self.results.setStretchFactor(0, 1)
        self.results.setStretchFactor(1, 1)
        v.addWidget(self.results, 1)
        exports = QHBoxLayout()
        self.csv_button = QPushButton(tr("Export CSV…"))
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.html_button = QPushButton(tr("Export HTML report…"))
        self.html_button.clicked.connect(lambda: self.export("html"))
        for b in (self.csv_button, self.html_button):
            b.setEnabled(False)
            exports.addWidget(b)
        v.addLayout(exports)
        return w

    def _schedule_prefill(self, *_):
        QTimer.singleShot(0, self._prefill)

    def _prefill(self) -> None:
        try:
            pairs = ((self.ref_layer, self.ref_encoding), (self.pred_layer, self.pred_encoding))
            for layer_combo, combo in pairs:
                layer = layer_combo.currentLayer()
                if layer is None or layer_combo.property("prefilled") == layer.id():
                    continue
                layer_combo.setProperty("prefilled", layer.id())
                try:
                    g = guess_layer_encoding(layer)
                except EXPECTED:  # unreadable file: the user picks the encoding
                    continue
                combo.setCurrentIndex(max(combo.findData(g.encoding or GUESS), 0))
        except RuntimeError:  # the panel was deleted meanwhile
            pass

    def build_job(self) -> QaJob | None:
        """The job from the widgets (main thread); None if the user cancelled an encoding question.
        Raises ValueError with a message for bad choices."""
        ref, pred = self.ref_layer.currentLayer(), self.pred_layer.currentLayer()
        if ref is None or pred is None:
            raise ValueError(tr("choose a reference and a prediction raster"))
        paths = [layer_path(ref), layer_path(pred)]
        for layer, path in zip((ref, pred), paths):
            if path is None:
                raise ValueError(tr("{name} is not a raster file; save it as a GeoTIFF first").format(name=layer.name()))
        ref_enc = self.resolve_encoding(ref, self.ref_encoding.currentData())
        pred_enc = ref_enc and self.resolve_encoding(pred, self.pred_encoding.currentData())
        if not pred_enc:
            return None
        folder = self.folder.filePath() or tempfile.gettempdir()
        os.makedirs(folder, exist_ok=True)
        out = default_outputs(folder, paths[0], paths[1])
        within = layer = None
        if self.within.currentLayer() is not None:
            self._tmp = tempfile.mkdtemp(prefix="flair_qa_")
            within, layer = polygon_source(self.within.currentLayer(), self.selected_only.isChecked(), self._tmp)
        params = CompareParams(paths[0], ref_enc, paths[1], pred_enc, within=within, within_layer=layer,
                               disagreement=out["disagreement"])
        return QaJob(params, out["prefix"], out["hotspots"] if self.hotspots.isChecked() else None,
                     self.min_area.value(), {"reference": ref.name(), "prediction": pred.name()})

    def start_compare(self) -> QaTask | None:
        if self.task is not None:
            return None
        try:
            job = self.build_job()
        except (ValueError, OSError) as e:
            self.headline.setText("<b>" + tr("Cannot compare:") + f"</b> {user_message(e)}")
            return None
        if job is None:
            return None
        self.task = QaTask(job, self._compare_done, f"FLAIR comparison: {job.names['reference']} vs "
                                                    f"{job.names['prediction']}")
        self.task.progressChanged.connect(lambda p: self.progress.setValue(int(p)))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.compare_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.headline.setText(tr("Comparing…"))
        QgsApplication.taskManager().addTask(self.task)
        return self.task

    def _compare_done(self, outcome) -> None:
        self.task = None
        self.last_outcome = outcome
        self.progress.setVisible(False)
        self.compare_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if outcome.cancelled:
            self.headline.setText(tr("Comparison cancelled; nothing was added."))
            return
        if not outcome.ok:
            self.headline.setText("<b>" + tr("The comparison failed:") + f"</b> {outcome.error}")
            self._message(tr("The comparison failed: {error}").format(error=outcome.error), Qgis.MessageLevel.Critical)
            return
        self.show_summary(outcome.summary)
        cm = outcome.summary["confusion"]
        disagree = any(n for r, row in enumerate(cm) for p, n in enumerate(row) if r != p)
        if not disagree:  # e.g. a layer compared with itself: an empty raster and no hotspots to add
            self.headline.setText(self.headline.text() + "<br>" + tr(
                "The two rasters agree everywhere: no disagreement layer or hotspots were added."))
        if disagree and outcome.files.get("disagreement"):
            add_disagreement_layer(outcome.files["disagreement"], self.project)
        if disagree and outcome.files.get("hotspots") and outcome.hotspot_count:
            self.open_review(outcome.files["hotspots"], show=False)  # the metrics just computed stay in view
        self._message(tr("mIoU {miou}; report {file}").format(miou=number(outcome.summary['miou'] or 0, 4),
                                                              file=os.path.basename(outcome.files.get("html", ""))),
                      Qgis.MessageLevel.Success)

    def show_summary(self, s: dict) -> None:
        from ..inference.qa.report import headline

        self.summary = s
        label = tr("{field}:")  # "{field} :" in French
        text = "<br>".join(f"{label.format(field=words(k))} <b>{_decimal(v)}</b>" for k, v in headline(s))
        if s.get("hotspots") is not None:
            text += "<br>" + label.format(field=tr("hotspots")) + f" <b>{s['hotspots']}</b>"
        text += "".join("<br><i>" + label.format(field=tr("warning")) + f" {said_here(w)}</i>"
                        for w in s.get("warnings", []))
        self.headline.setText(text)
        rows = sorted(s["per_class"].items(), key=lambda kv: int(kv[0]))
        names = code_names(s.get("nomenclature", "flair"), language())  # QGIS's language, not the engine's
        self.table.setRowCount(len(rows))
        for r, (code, c) in enumerate(rows):
            vals = [str(code), names.get(int(code), c["name"]), _pct(c["iou"]), _pct(c["precision"]), _pct(c["recall"]), _pct(c["f1"]),
                    number(c["ref_area_m2"]), number(c["ref_pct"] or 0), number(c["pred_area_m2"]),
                    number(c["pred_pct"] or 0)]
            for col, v in enumerate(vals):
                item = QTableWidgetItem(v)
                if col == 1:
                    item.setToolTip(v)
                elif col in (7, 9):
                    item.setToolTip(number(c["ref_area_m2" if col == 7 else "pred_area_m2"]) + " m²")
                if col != 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, col, item)
        self.heatmap.set_summary(s)
        total = sum(self.results.sizes())
        if total > 0:  # every row of the heatmap visible, the table gets the rest; the user moves the handle
            heat = min(max(self.heatmap.minimumSizeHint().height(), total // 2), total - self.table.minimumHeight())
            self.results.setSizes([total - heat, heat])
        self.csv_button.setEnabled(True)
        self.html_button.setEnabled(True)

    def export(self, kind: str, path: str | None = None) -> list[str]:
        from ..inference.qa.report import write_csv, write_html

        if not getattr(self, "summary", None):
            return []
        if path is None:
            flt = "CSV (*.csv)" if kind == "csv" else "HTML (*.html)"
            path, _ = QFileDialog.getSaveFileName(self, f"Export the comparison as {kind.upper()}", "", flt)
            if not path:
                return []
        if kind == "csv":
            return write_csv(self.summary, os.path.splitext(path)[0])
        return [write_html(self.summary, path)]

    # -- Review ------------------------------------------------------------------------------------
    def _review_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        self.open_button = QPushButton(tr("Open a hotspots GeoPackage…"))
        self.open_button.clicked.connect(lambda: self.open_review())
        v.addWidget(self.open_button)
        self.position = QLabel(tr("No hotspots open."))
        self.position.setWordWrap(True)
        v.addWidget(self.position)
        nav = QHBoxLayout()
        self.prev_button = QPushButton(tr("◀ Previous"))
        self.prev_button.setToolTip(tr("Previous hotspot (Page Up)"))
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button = QPushButton(tr("Next ▶"))
        self.next_button.setToolTip(tr("Next hotspot (Page Down)"))
        self.next_button.clicked.connect(lambda: self.step(1))
        nav.addWidget(self.prev_button)
        nav.addWidget(self.next_button)
        v.addLayout(nav)
        self.marks = QButtonGroup(self)
        for i, choice in enumerate(REVIEW_CHOICES):
            b = QRadioButton(f"{words(choice)}  (Ctrl+{i + 1})")
            b.setProperty("review", choice)
            self.marks.addButton(b, i)
            v.addWidget(b)
            QShortcut(QKeySequence(f"Ctrl+{i + 1}"), w, activated=lambda c=i: self._mark_shortcut(c))
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(tr("Comment (saved with the mark)"))
        v.addWidget(self.comment)
        self.save_button = QPushButton(tr("Save mark"))
        self.save_button.clicked.connect(lambda: self.save_mark())
        v.addWidget(self.save_button)
        v.addStretch(1)
        QShortcut(QKeySequence(QKeySequence.StandardKey.MoveToNextPage), w, activated=lambda: self.step(1))
        QShortcut(QKeySequence(QKeySequence.StandardKey.MoveToPreviousPage), w, activated=lambda: self.step(-1))
        self._enable_review(False)
        return w

    def _enable_review(self, on: bool) -> None:
        for wdg in [self.prev_button, self.next_button, self.comment, self.save_button] + self.marks.buttons():
            wdg.setEnabled(on)

    def open_review(self, path: str | None = None, show: bool = True) -> ReviewStore | None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, tr("Open hotspots"), "", "GeoPackage (*.gpkg)")
            if not path:
                return None
        existing = find_layer_by_source(self.project, path)
        try:
            store = ReviewStore(path, existing if isinstance(existing, QgsVectorLayer) else None)
        except ValueError as e:
            self.position.setText(str(e))
            return None
        if existing is None:
            add_hotspots_layer(store.layer, self.project)
        self.store = store
        self._enable_review(len(store) > 0)
        if show:
            self.tabs.setCurrentIndex(self.tabs.indexOf(self.review_tab))
        self.goto(store.first_unreviewed())
        return store

    def goto(self, i: int) -> None:
        s = self.store
        if s is None or not len(s):
            self.position.setText(tr("No hotspot above the minimum area."))
            return
        self.index = max(0, min(i, len(s) - 1))
        f = s.feature(self.index)
        review, comment = s.review_of(self.index)
        self.position.setText(tr(
            "Hotspot {i} / {n} ({done} reviewed): reference <b>{ref}</b>, predicted <b>{pred}</b> ({share} %), "
            "{area} m²").format(i=self.index + 1, n=len(s), done=s.reviewed_count(), ref=f["ref_class"],
                                pred=f["pred_class"], share=number(100 * (f["pred_share"] or 0), 0),
                                area=number(f["area_m2"])))
        self.marks.setExclusive(False)
        for b in self.marks.buttons():
            b.setChecked(b.property("review") == review)
        self.marks.setExclusive(True)
        self.comment.setText(comment)
        s.layer.selectByIds([f.id()])
        self.zoom_to(f.geometry().boundingBox(), s.layer.crs())

    def zoom_to(self, rect, crs) -> None:
        canvas = self.iface.mapCanvas()
        xf = QgsCoordinateTransform(crs, canvas.mapSettings().destinationCrs(), self.project)
        r = xf.transformBoundingBox(rect) if crs.isValid() and canvas.mapSettings().destinationCrs().isValid() else rect
        r.scale(3.0)  # some context around the hotspot
        canvas.setExtent(r)
        canvas.refresh()

    def step(self, delta: int) -> None:
        if self.store is None or not len(self.store):
            return
        self.save_mark(only_if_changed=True)
        self.goto(self.index + delta)

    def _mark_shortcut(self, i: int) -> None:
        if self.store is not None and len(self.store):
            self.marks.button(i).setChecked(True)
            self.save_mark()

    def save_mark(self, only_if_changed: bool = False) -> None:
        s = self.store
        if s is None or not len(s):
            return
        b = self.marks.checkedButton()
        review = b.property("review") if b is not None else ""
        comment = self.comment.text().strip()
        if only_if_changed and (review, comment) == s.review_of(self.index):
            return
        s.mark(self.index, review, comment)
        self.goto(self.index)

    def _message(self, text: str, level) -> None:
        bar = self.iface.messageBar() if self.iface is not None else None
        if bar is not None:
            bar.pushMessage(TITLE, text, level, 8)

    def shutdown(self) -> None:
        if self.task is not None:
            self.task.cancel()
        self.change.shutdown()
        try:
            self.project.layersAdded.disconnect(self._schedule_prefill)
        except (TypeError, RuntimeError):
            pass
