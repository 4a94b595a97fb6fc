"""FLAIR patch browser: open a FLAIR#1 or FLAIR-HUB dataset folder, list its patches (domain, zone,
date) and show one at a time: the image (natural colour or infrared), its mask styled and a
prediction if one exists (placed from the metadata JSON when it has no georeferencing).
Page Down / Page Up (or the buttons) move to the next / previous patch."""
from __future__ import annotations

import os
import tempfile

from qgis.core import QgsContrastEnhancement, QgsMultiBandColorRenderer, QgsProject, QgsRasterLayer
from qgis.gui import QgsDockWidget, QgsFileWidget
from qgis.PyQt.QtGui import QKeySequence
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..inference.qa.patches import Dataset, displayable_prediction, open_dataset
from ..qgis_glue.i18n import tr
from ..qgis_glue.qa.layers import add_to_group
from ..qgis_glue.styling.labels import style_label_layer

try:  # Qt6 moved QShortcut to QtGui
    from qgis.PyQt.QtGui import QShortcut
except ImportError:
    from qgis.PyQt.QtWidgets import QShortcut

GROUP = "FLAIR patch"
NATURAL, INFRARED = (1, 2, 3), (4, 1, 2)  # R,G,B and NIR,R,G (bands R, G, B, NIR[, E])


def image_renderer(layer: QgsRasterLayer, bands: tuple[int, int, int]) -> QgsMultiBandColorRenderer:
    """RGB composite of ``bands`` with a fixed 0..255 stretch (FLAIR images are uint8)."""
    r = QgsMultiBandColorRenderer(layer.dataProvider(), *bands)
    setters = (r.setRedContrastEnhancement, r.setGreenContrastEnhancement, r.setBlueContrastEnhancement)
    for band, setter in zip(bands, setters):
        ce = QgsContrastEnhancement(layer.dataProvider().dataType(band))
        ce.setContrastEnhancementAlgorithm(QgsContrastEnhancement.ContrastEnhancementAlgorithm.StretchToMinimumMaximum)
        ce.setMinimumValue(0)
        ce.setMaximumValue(255)
        setter(ce)
    return r


class PatchBrowser(QgsDockWidget):
    def __init__(self, iface, project: QgsProject | None = None, parent=None):
        super().__init__(tr("FLAIR patches"), parent)
        self.setObjectName("FlairPatchBrowser")
        self.iface = iface
        self.project = project or QgsProject.instance()
        self.dataset: Dataset | None = None
        self.index = -1
        self.layer_ids: list[str] = []
        self.cache = tempfile.mkdtemp(prefix="flair_patches_")
        w = QWidget()
        v = QVBoxLayout(w)
        form = QFormLayout()
        self.root = QgsFileWidget()
        self.root.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.predictions = QgsFileWidget()
        self.predictions.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.metadata = QgsFileWidget()
        self.metadata.setFilter("JSON (*.json)")
        form.addRow(tr("Dataset folder"), self.root)
        form.addRow(tr("Predictions (optional)"), self.predictions)
        form.addRow(tr("Metadata JSON (optional)"), self.metadata)
        v.addLayout(form)
        self.open_button = QPushButton(tr("Open"))
        self.open_button.clicked.connect(lambda: self.open())
        v.addWidget(self.open_button)
        row = QHBoxLayout()
        self.natural = QRadioButton(tr("Natural colour"))
        self.natural.setChecked(True)
        self.infrared = QRadioButton(tr("Infrared (NIR, R, G)"))
        self.natural.toggled.connect(lambda _: self.refresh())
        self.show_mask = QCheckBox(tr("Mask"))
        self.show_mask.setChecked(True)
        self.show_pred = QCheckBox(tr("Prediction"))
        self.show_pred.setChecked(True)
        for b in (self.natural, self.infrared, self.show_mask, self.show_pred):
            row.addWidget(b)
        self.show_mask.toggled.connect(lambda _: self.refresh())
        self.show_pred.toggled.connect(lambda _: self.refresh())
        v.addLayout(row)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([tr("patch"), tr("domain"), tr("zone"), tr("date"), tr("prediction")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.currentCellChanged.connect(lambda r, *_: self.show_patch(r) if r != self.index else None)
        v.addWidget(self.table, 1)
        nav = QHBoxLayout()
        self.prev_button = QPushButton(tr("◀ Previous (Page Up)"))
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button = QPushButton(tr("Next (Page Down) ▶"))
        self.next_button.clicked.connect(lambda: self.step(1))
        nav.addWidget(self.prev_button)
        nav.addWidget(self.next_button)
        v.addLayout(nav)
        self.status = QLabel()
        self.status.setWordWrap(True)
        v.addWidget(self.status)
        QShortcut(QKeySequence(QKeySequence.StandardKey.MoveToNextPage), w, activated=lambda: self.step(1))
        QShortcut(QKeySequence(QKeySequence.StandardKey.MoveToPreviousPage), w, activated=lambda: self.step(-1))
        self.setWidget(w)

    def open(self, root: str | None = None, predictions: str | None = None,
             metadata: str | None = None) -> Dataset | None:
        root = root or self.root.filePath()
        predictions = predictions or self.predictions.filePath() or None
        metadata = metadata or self.metadata.filePath() or None
        try:
            ds = open_dataset(root, metadata=metadata, predictions=predictions)
        except (ValueError, OSError) as e:
            self.status.setText(tr("Cannot open {folder}: {error}").format(folder=root, error=e))
            return None
        self.dataset = ds
        self.index = -1
        self.table.setRowCount(len(ds.patches))
        for r, p in enumerate(ds.patches):
            for c, text in enumerate((p.id, p.domain, p.zone, p.date, "yes" if p.prediction else "")):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        layout = "FLAIR#1" if ds.layout == "flair1" else "FLAIR-HUB"
        self.status.setText(tr("{layout} dataset: {n} patches").format(layout=layout, n=len(ds.patches))
                            + (f"; metadata {os.path.basename(ds.metadata)}" if ds.metadata else ""))
        if ds.patches:
            self.show_patch(0)
        return ds

    def step(self, delta: int) -> None:
        if self.dataset and self.dataset.patches:
            self.show_patch(max(0, min(self.index + delta, len(self.dataset.patches) - 1)))

    def refresh(self) -> None:
        if self.index >= 0:
            self.show_patch(self.index, force=True)

    def _clear(self) -> None:
        for lid in self.layer_ids:
            if self.project.mapLayer(lid) is not None:
                self.project.removeMapLayer(lid)
        self.layer_ids = []

    def show_patch(self, i: int, force: bool = False) -> list[QgsRasterLayer]:
        """Replace the layers of the previous patch with those of patch ``i``; zoom to it."""
        if not self.dataset or not (0 <= i < len(self.dataset.patches)) or (i == self.index and not force):
            return []
        p = self.dataset.patches[i]
        self.index = i
        if self.table.currentRow() != i:
            self.table.selectRow(i)
        self._clear()
        layers, notes = [], []
        if p.image:
            img = QgsRasterLayer(p.image, f"{p.id} image", "gdal")
            bands = INFRARED if self.infrared.isChecked() and img.bandCount() >= 4 else NATURAL
            img.setRenderer(image_renderer(img, bands))
            layers.append(img)
        if p.mask and self.show_mask.isChecked():
            msk = QgsRasterLayer(p.mask, f"{p.id} mask", "gdal")
            style_label_layer(msk, p.mask_encoding or "flair19")
            layers.append(msk)
        if p.prediction and self.show_pred.isChecked():
            path, how = displayable_prediction(p, self.cache)
            if path:
                pred = QgsRasterLayer(path, f"{p.id} prediction", "gdal")
                style_label_layer(pred, p.prediction_encoding or "flair19")
                layers.append(pred)
                notes.append(f"prediction {how}")
            else:
                notes.append(f"prediction not shown: {how}")
        for layer in layers:  # image at the bottom, prediction on top
            add_to_group(self.project, layer, GROUP, top=True)
            self.layer_ids.append(layer.id())
        if layers:
            canvas = self.iface.mapCanvas()
            if canvas.mapSettings().destinationCrs() != layers[0].crs():
                canvas.setDestinationCrs(layers[0].crs())
            canvas.setExtent(layers[0].extent())
            canvas.refresh()
        self.status.setText(f"{i + 1} / {len(self.dataset.patches)}: {p.id}, {p.domain} {p.zone} {p.date}"
                            + (f" ({'; '.join(notes)})" if notes else ""))
        return layers

    def shutdown(self) -> None:
        self._clear()
