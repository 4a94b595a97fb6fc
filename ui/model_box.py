"""The dock's model section: pick an .onnx (built-in baseline first, then recent files), show its
card, or say what is missing and let the user describe a model that has no card."""
from __future__ import annotations

import os

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
)

from ..inference.core.classes import ENCODINGS
from ..inference.models.card import CardError, CardOverrides
from ..qgis_glue.errors import EXPECTED, user_message
from ..qgis_glue.i18n import tr
from ..qgis_glue.models.info import (
    builtin_model_path,
    card_html,
    is_builtin,
    problem_html,
    read_info,
    recent_models,
    remember_model,
)
from .catalogue_dialog import CatalogueDialog

BUILTIN = "builtin"


class OverridesForm(QGroupBox):
    """What a user supplies for a model without a (complete) FLAIR card."""

    changed = pyqtSignal()

    def __init__(self, parent=None):
        super().__init__(tr("Describe this model"), parent)
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.roles = QLineEdit()
        self.roles.setPlaceholderText(tr("input bands in order, e.g. R,G,B,NIR,NDSM"))
        self.classes = QComboBox()
        self.classes.addItem(tr("(as the model says)"), None)
        labels = {"flair19": "19 FLAIR classes, index i = code i", "flair-inc": "FLAIR-INC (19, index i = code i+1)",
                  "flair13": "13-class baseline (12 = other)", "flair-hub": "FLAIR-HUB order (19)"}
        for enc in ENCODINGS:
            self.classes.addItem(labels[enc], enc)
        self.classes.addItem(tr("generic classes (names from the model)"), "generic")
        self.mean = QLineEdit()
        self.mean.setPlaceholderText(tr("per band, 0..255 units, e.g. 105.08,110.87,101.82"))
        self.std = QLineEdit()
        self.std.setPlaceholderText(tr("per band, 0..255 units"))
        self.scale = QLineEdit()
        self.scale.setPlaceholderText(tr("or a scale instead of mean/std, e.g. 0.00392 (= 1/255)"))
        form.addRow(tr("Input roles"), self.roles)
        form.addRow(tr("Outputs"), self.classes)
        form.addRow(tr("Mean"), self.mean)
        form.addRow(tr("Std"), self.std)
        form.addRow(tr("Scale"), self.scale)
        for w in (self.roles, self.mean, self.std, self.scale):
            w.editingFinished.connect(self.changed.emit)
        self.classes.currentIndexChanged.connect(self.changed)

    def overrides(self) -> CardOverrides | None:
        def floats(edit):
            text = edit.text().strip()
            if not text:
                return None
            try:
                return tuple(float(v) for v in text.replace(";", ",").split(","))
            except ValueError:
                raise CardError(tr("{text} is not a list of numbers").format(text=repr(text))) from None

        roles = tuple(r.strip().upper() for r in self.roles.text().split(",") if r.strip()) or None
        scale = floats(self.scale)
        o = CardOverrides(roles=roles, classes=self.classes.currentData(), mean=floats(self.mean),
                          std=floats(self.std), scale=scale[0] if scale else None)
        if (o.mean is None) != (o.std is None):
            raise CardError(tr("give both Mean and Std, one value per input band"))
        return o if any(v is not None for v in vars(o).values()) else None


class ModelBox(QGroupBox):
    """Emits ``model_changed(info)`` with an inference.models.session.ModelInfo, or None if unusable."""

    model_changed = pyqtSignal(object)

    def __init__(self, parent=None, enabled: bool = True):
        super().__init__(tr("Model"), parent)
        self.info = None
        self.multicard = None  # schema-2 (multi-source) card of the chosen model
        self.problem = ""
        self._engine_ok = enabled
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.combo = QComboBox()
        self.combo.setToolTip(tr("The built-in baseline, or an ONNX model you opened before"))
        # narrow docks: the name is elided (full name in the tooltip), never pushing the dock wider
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(8)
        self.combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.browse = QToolButton()
        self.browse.setText("…")
        self.browse.setToolTip(tr("Open an ONNX model file"))
        row.addWidget(self.combo, 1)
        row.addWidget(self.browse)
        layout.addLayout(row)
        self.catalogue_button = QPushButton(tr("Get FLAIR models…"))
        self.catalogue_button.setToolTip(tr("Download IGN's FLAIR models and convert them for this plugin; the list "
                                             "says what each needs (size, PyTorch for the conversion)"))
        layout.addWidget(self.catalogue_button)
        self.card = QLabel()
        self.card.setWordWrap(True)
        self.card.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.card.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.MinimumExpanding)
        self.card.setOpenExternalLinks(True)
        layout.addWidget(self.card)
        self.overrides_form = OverridesForm()
        self.overrides_form.setVisible(False)
        layout.addWidget(self.overrides_form)
        self._fill_combo(QgsSettings().value("flair/model", BUILTIN))
        self.combo.currentIndexChanged.connect(self._combo_changed)
        self.browse.clicked.connect(self.browse_model)
        self.catalogue_button.clicked.connect(self.open_catalogue)
        self.overrides_form.changed.connect(self.reload)

    def _combo_changed(self, _index) -> None:
        self.reload()

    def _fill_combo(self, select: str | None = None) -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(tr("Built-in baseline (spectral + height rules)"), BUILTIN)
        self.combo.setItemData(0, tr("A transparent rules baseline for R, G, B, NIR and nDSM; not a trained "
                                     "FLAIR network. Always available."), Qt.ItemDataRole.ToolTipRole)
        for path in recent_models():
            self.combo.addItem(os.path.basename(path), path)
            self.combo.setItemData(self.combo.count() - 1, path, Qt.ItemDataRole.ToolTipRole)
        index = self.combo.findData(select) if select else 0
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.blockSignals(False)

    def model_path(self) -> str:
        """The chosen model file (the built-in one is built on first use)."""
        data = self.combo.currentData()
        return builtin_model_path() if data == BUILTIN else data

    def set_model(self, path: str) -> None:
        """Select (and remember) a model file."""
        if is_builtin(path):
            self.combo.setCurrentIndex(0)
            return
        remember_model(path)
        self._fill_combo(path)
        if self.combo.findData(path) < 0:  # not a file (yet): still show why it cannot be used
            self.combo.addItem(os.path.basename(path), path)
            self.combo.setCurrentIndex(self.combo.count() - 1)
        self.reload()

    def browse_model(self) -> None:
        start = os.path.dirname(self.combo.currentData() or "") if self.combo.currentData() != BUILTIN else ""
        path, _ = QFileDialog.getOpenFileName(self, tr("Open an ONNX model"), start,
                                              tr("ONNX models (*.onnx);;All files (*)"))
        if path:
            self.set_model(path)

    def open_catalogue(self) -> None:
        dialog = CatalogueDialog(self)
        dialog.exec()
        chosen = dialog.selected_model_path()
        self._fill_combo(self.combo.currentData())
        if chosen:
            self.set_model(chosen)

    def reload(self) -> None:
        """Read the chosen model's card; show it, or what is missing."""
        if not self._engine_ok:
            self.info, self.problem = None, tr("the Python packages above are missing")
            self.card.setText(problem_html(self.problem))
            self.model_changed.emit(None)
            return
        data = self.combo.currentData()
        overrides = None
        if data != BUILTIN:
            try:
                overrides = self.overrides_form.overrides()
            except CardError as e:
                self._show(None, user_message(e), keep_form=True)
                return
        try:
            path = self.model_path()
        except EXPECTED as e:
            self._show(None, tr("the built-in model could not be written: {error}").format(error=user_message(e)))
            return
        info, problem = read_info(path, overrides, any_model=True)
        self.multicard = info.card if info is not None and info.card.is_multisource else None
        if self.multicard is not None:  # one input per modality: the dock shows its own rows
            self.info, self.problem = None, ""
            # compact, wrapped to the dock; each modality's row says what its file must hold. No tooltip:
            # the engine's summary() (normalisation, date rule) is English and not something to act on
            self.card.setText(card_html(info))
            self.overrides_form.setVisible(False)
            QgsSettings().setValue("flair/model", self.combo.currentData())
            self.model_changed.emit(self.multicard)
            return
        self._show(info, problem, keep_form=overrides is not None)

    def _show(self, info, problem, keep_form=False) -> None:
        self.info, self.problem = info, problem or ""
        self.card.setText(card_html(info) if info is not None else problem_html(self.problem))
        describable = info is None and "FLAIR model card" in self.problem or keep_form
        self.overrides_form.setVisible(bool(describable))
        if info is not None:
            QgsSettings().setValue("flair/model", self.combo.currentData())
        self.model_changed.emit(info)
