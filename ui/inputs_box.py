"""The dock's inputs section: one row (raster layer + band) per input role of the model, pre-filled
from the loaded layers; NDSM can come from a DSM and a DTM instead."""
from __future__ import annotations

import re

from qgis.core import QgsProject, QgsRasterLayer
from qgis.gui import QgsMapLayerComboBox
from qgis.PyQt.QtCore import QObject, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import QCheckBox, QComboBox, QGridLayout, QGroupBox, QLabel, QSizePolicy

from ..qgis_glue.compat import RASTER_FILTER
from ..qgis_glue.engine_words import band as band_name
from ..qgis_glue.i18n import QT_TR_NOOP, tr
from ..qgis_glue.layers.prefill import band_labels, describe_layer, prefill

ROLE_HELP = {
    "R": QT_TR_NOOP("red"), "G": QT_TR_NOOP("green"), "B": QT_TR_NOOP("blue"),
    "NIR": QT_TR_NOOP("near-infrared (IRC band 1)"), "NDSM": QT_TR_NOOP("height above ground, metres"),
    "DSM": QT_TR_NOOP("surface elevation, metres"), "DTM": QT_TR_NOOP("terrain elevation, metres"),
}


def role_help(role: str) -> str:
    return tr(ROLE_HELP[role]) if role in ROLE_HELP else role


class RoleRow(QObject):
    """A layer combo and a band combo for one role (a QObject so its slots die with it)."""

    changed = pyqtSignal()

    def __init__(self, role: str, grid: QGridLayout, row: int, parent: QObject):
        super().__init__(parent)
        self.role = role
        self.label = QLabel(band_name(role))  # IGN's French letters in French (PIR, MNH)
        self.label.setToolTip(role_help(role))
        self.layer_combo = QgsMapLayerComboBox()
        self.layer_combo.setFilters(RASTER_FILTER)
        self.layer_combo.setAllowEmptyLayer(True)
        self.layer_combo.setLayer(None)
        self.layer_combo.setToolTip(tr("Layer that gives {what}").format(what=role_help(role)))
        # compact at QGIS's default dock width (~300 px): names are elided, the full one is in the list
        self.layer_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.layer_combo.setMinimumContentsLength(3)
        self.layer_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.band_combo = QComboBox()
        self.band_combo.setToolTip(tr("Band of that layer"))
        self.band_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.band_combo.setMinimumContentsLength(3)
        self.band_combo.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        grid.addWidget(self.label, row, 0)
        grid.addWidget(self.layer_combo, row, 1)
        grid.addWidget(self.band_combo, row, 2)
        self.layer_combo.layerChanged.connect(self._layer_changed)
        self.band_combo.currentIndexChanged.connect(self._band_changed)

    def _layer_changed(self, _layer) -> None:
        self._fill_bands()
        self.changed.emit()

    def _band_changed(self, _index) -> None:
        self.changed.emit()

    def widgets(self):
        return (self.label, self.layer_combo, self.band_combo)

    def set_visible(self, visible: bool) -> None:
        for w in self.widgets():
            w.setVisible(visible)

    def _fill_bands(self, band: int | None = None) -> None:
        layer = self.layer_combo.currentLayer()
        keep = band or self.band()
        self.band_combo.blockSignals(True)
        self.band_combo.clear()
        if isinstance(layer, QgsRasterLayer):
            for i, label in enumerate(band_labels(layer), start=1):
                # "Band 3" / "Bande 3" shows as "3" (the list is narrow); a named band keeps its name
                short = str(i) if re.fullmatch(rf"\D*\s{i}", label.strip()) else label
                self.band_combo.addItem(short, i)
                self.band_combo.setItemData(self.band_combo.count() - 1, label, Qt.ItemDataRole.ToolTipRole)
        index = self.band_combo.findData(keep) if keep else 0
        self.band_combo.setCurrentIndex(max(index, 0))
        self.band_combo.blockSignals(False)

    def set(self, layer, band: int | None) -> None:
        self.layer_combo.setLayer(layer)
        self._fill_bands(band)

    def layer(self):
        return self.layer_combo.currentLayer()

    def band(self) -> int | None:
        return self.band_combo.currentData()


class InputsBox(QGroupBox):
    changed = pyqtSignal()

    def __init__(self, project: QgsProject | None = None, parent=None):
        super().__init__(tr("Inputs"), parent)
        self.project = project or QgsProject.instance()
        self.roles: tuple[str, ...] = ()
        self.rows: dict[str, RoleRow] = {}
        self.grid = QGridLayout(self)
        self.grid.setColumnStretch(1, 3)
        self.grid.setColumnStretch(2, 1)
        self.hint = QLabel(tr("Choose a model first."))
        self.hint.setWordWrap(True)
        self.use_dsm_dtm = QCheckBox(tr("nDSM = DSM − DTM"))
        self.use_dsm_dtm.setToolTip(tr("No height-above-ground layer? Give a surface model and a terrain model"))
        self.use_dsm_dtm.toggled.connect(self._update_ndsm_rows)
        self.use_dsm_dtm.toggled.connect(self.changed)
        self.use_dsm_dtm.setVisible(False)
        self.grid.addWidget(self.hint, 0, 0, 1, 3)
        self.project.legendLayersAdded.connect(self._layers_added)
        # connected before any layer combo exists, so it runs before the combos' own models drop
        # the layer (which would move the combo to the next layer in the list)
        self.project.layersWillBeRemoved.connect(self._layers_removed)

    def _layers_added(self, _layers) -> None:
        self.fill_empty()

    def _layers_removed(self, layer_ids) -> None:
        """A role whose layer goes away becomes empty: never re-bound to another layer."""
        gone = set(layer_ids)
        emptied = False
        for row in self.rows.values():
            layer = row.layer()
            if layer is not None and layer.id() in gone:
                row.set(None, None)
                emptied = True
        if emptied:
            self.changed.emit()

    def shutdown(self) -> None:
        for signal, slot in ((self.project.legendLayersAdded, self._layers_added),
                             (self.project.layersWillBeRemoved, self._layers_removed)):
            try:
                signal.disconnect(slot)
            except TypeError:
                pass

    def set_roles(self, roles: tuple[str, ...]) -> None:
        """One row per role (plus DSM and DTM rows when NDSM is wanted); keeps earlier choices."""
        if tuple(roles) == self.roles:
            return
        previous = {r: (row.layer(), row.band()) for r, row in self.rows.items()}
        for row in self.rows.values():
            row.layer_combo.layerChanged.disconnect(row._layer_changed)
            row.band_combo.currentIndexChanged.disconnect(row._band_changed)
            for w in row.widgets():
                self.grid.removeWidget(w)
                w.deleteLater()
            row.deleteLater()
        for w in (self.hint, self.use_dsm_dtm):
            self.grid.removeWidget(w)
        self.rows = {}
        self.roles = tuple(roles)
        r = 0
        for role in roles:
            self._add_row(role, r)
            r += 1
        if self._can_split():
            self.grid.addWidget(self.use_dsm_dtm, r, 0, 1, 3)
            r += 1
            for role in ("DSM", "DTM"):
                self._add_row(role, r)
                r += 1
        self.hint.setVisible(not roles)
        self.use_dsm_dtm.setVisible(self._can_split())
        if not roles:
            self.grid.addWidget(self.hint, 0, 0, 1, 3)
        for role, (layer, band) in previous.items():
            if role in self.rows and layer is not None:
                self.rows[role].set(layer, band)
        self.fill_empty()
        self._update_ndsm_rows()
        self.changed.emit()

    def _add_row(self, role: str, r: int) -> None:
        row = RoleRow(role, self.grid, r, self)
        row.changed.connect(self.changed)
        self.rows[role] = row

    def _can_split(self) -> bool:
        return "NDSM" in self.roles and "DSM" not in self.roles and "DTM" not in self.roles

    def _update_ndsm_rows(self) -> None:
        if not self._can_split():
            return
        split = self.use_dsm_dtm.isChecked()
        self.rows["NDSM"].set_visible(not split)
        self.rows["DSM"].set_visible(split)
        self.rows["DTM"].set_visible(split)

    def fill_empty(self) -> None:
        """Pre-fill the roles that are still empty from the loaded raster layers."""
        if not self.rows:
            return
        layers = [lyr for lyr in self.project.mapLayers().values() if isinstance(lyr, QgsRasterLayer) and lyr.isValid()]
        guess = prefill(self.roles, [describe_layer(lyr) for lyr in layers])
        by_id = {lyr.id(): lyr for lyr in layers}
        for role, (layer_id, band) in guess.items():
            row = self.rows.get(role)
            if row is not None and row.layer() is None:
                row.set(by_id[layer_id], band)
        if "DSM" in guess and "NDSM" not in guess and self.rows.get("NDSM") and self.rows["NDSM"].layer() is None:
            self.use_dsm_dtm.setChecked(True)

    def inputs(self) -> dict:
        """role -> (layer, band) for every filled row that is in use."""
        out = {}
        split = self._can_split() and self.use_dsm_dtm.isChecked()
        for role, row in self.rows.items():
            if role == "NDSM" and split or role in ("DSM", "DTM") and role not in self.roles and not split:
                continue
            if row.layer() is not None and row.band():
                out[role] = (row.layer(), row.band())
        return out

    def missing(self) -> list[str]:
        """Roles still without a layer, as the user sees them."""
        got = self.inputs()
        out = [r for r in self.roles if r not in got and not (r == "NDSM" and {"DSM", "DTM"} <= set(got))]
        return [tr("DSM and DTM") if r == "NDSM" and self.use_dsm_dtm.isChecked() else band_name(r) for r in out]
