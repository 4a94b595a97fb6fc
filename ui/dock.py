"""The "Segment with FLAIR" dock: collects choices into a RunRequest and hands it to the
RunController (qgis_glue/runner.py); shows progress, tiles/s, time left and the device."""
from __future__ import annotations

from qgis.core import QgsProject
from qgis.gui import QgsDockWidget
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..inference.segment.params import MetadataInput
from ..qgis_glue import deps
from ..qgis_glue.errors import EXPECTED, user_message
from ..qgis_glue.help import open_docs
from ..qgis_glue.i18n import number, tr
from ..qgis_glue.run.request import RequestError, RunRequest
from ..qgis_glue.run.runner import RunController
from .area_box import AreaBox
from .deps_banner import DepsBanner
from .inputs_box import InputsBox
from .metadata_box import MetadataBox
from .modalities_box import ModalitiesBox
from .model_box import ModelBox
from .output_box import OutputBox


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "…"
    if seconds < 10:
        return f"{number(seconds)} s"
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


def _tiles(n: int) -> str:
    return tr("1 tile") if n == 1 else tr("{n} tiles").format(n=n)


class FlairDock(QgsDockWidget):
    def __init__(self, iface, project: QgsProject | None = None, parent=None):
        super().__init__(tr("Segment with FLAIR"), parent)
        self.setObjectName("FlairDock")
        self.iface = iface
        self.project = project or QgsProject.instance()
        self.controller = RunController(iface, self.project, self)
        found = deps.check()
        self.missing = [m for m in found if not m.optional]  # what a run needs (shapely: polygons only)
        self._hint_shown = False

        body = QWidget()
        layout = QVBoxLayout(body)
        self.banner = DepsBanner(found) if found else None
        if self.banner is not None:
            layout.addWidget(self.banner)
        self.model_box = ModelBox(enabled=not self.missing)
        self.inputs_box = InputsBox(self.project)
        self.modalities_box = ModalitiesBox(self.project)
        self.modalities_box.setVisible(False)
        self.metadata_box = MetadataBox()  # FLAIR#2 U-T&T models trained with aerial metadata only
        self.metadata_box.setVisible(False)
        self.area_box = AreaBox(iface.mapCanvas())
        self.output_box = OutputBox(self.project)
        self.output_box.allow_polygons(not any(m.optional for m in found))  # no shapely 2.1: no polygons
        for box in (self.model_box, self.inputs_box, self.modalities_box, self.metadata_box, self.area_box,
                    self.output_box):
            layout.addWidget(box)
        layout.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # never clipped: the rows are made to fit ~300 px; anything wider scrolls instead of hiding
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        scroll.setWidget(body)
        outer = QWidget()
        v = QVBoxLayout(outer)
        v.setContentsMargins(4, 4, 4, 4)
        v.addWidget(scroll, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.setVisible(False)
        buttons = QHBoxLayout()
        self.run_button = QPushButton(tr("Segment with FLAIR"))
        self.run_button.setDefault(True)
        self.run_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.help_button = QToolButton()
        self.help_button.setText("?")
        self.help_button.setToolTip(tr("Help: open the user guide in the browser"))
        self.help_button.clicked.connect(lambda: open_docs("plugin.md"))
        buttons.addWidget(self.run_button, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.help_button)
        v.addWidget(self.progress)
        v.addWidget(self.status)
        v.addLayout(buttons)
        self.setWidget(outer)

        self.model_box.model_changed.connect(self._model_changed)
        self.inputs_box.changed.connect(self._update_state)
        self.modalities_box.changed.connect(self._update_state)
        self.metadata_box.changed.connect(self._update_state)
        self.area_box.changed.connect(self._area_changed)
        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.controller.cancel)
        self.controller.progress.connect(self._progress)
        self.controller.finished.connect(self._finished)
        if not self.missing:
            self._show_devices()
        self.model_box.reload()

    # -- state ----------------------------------------------------------------------------------
    def _show_devices(self) -> None:
        from ..inference.models.session import available_providers  # onnxruntime: only once deps.check() passed

        self.output_box.show_devices(available_providers())

    def _model_changed(self, info) -> None:
        card = self.model_box.multicard
        # a multi-source model has one row per modality of its card, and runs at the card's resolution
        self.inputs_box.setVisible(card is None)
        self.modalities_box.setVisible(card is not None)
        self.metadata_box.set_card(card, self.model_box.model_path() if card is not None else "")
        self.area_box.set_multisource(card.resolution_m if card is not None else None)
        self.output_box.set_multisource(card is not None)
        if card is not None:
            self.modalities_box.set_card(card, self.model_box.model_path())
            self._area_changed()
            return
        if info is not None:
            self.inputs_box.set_roles(info.card.roles)
            self.area_box.set_model_resolution(info.card.resolution_m)
        self._update_state()

    def _area_changed(self) -> None:
        if self.model_box.multicard is not None:  # the rows say whether their layers cover the area
            self.modalities_box.set_area(*(self.area_box.rectangle() or (None, None)))
        self._update_state()

    def problems(self) -> list[str]:
        """Why Run is not possible now (empty when it is)."""
        if self.missing:
            return [tr("install the missing Python packages (see the top of this panel)")]
        if self.model_box.multicard is not None:  # a multi-source model: its rows say what is missing
            out = self.modalities_box.problems() + self.metadata_box.problems()
        elif self.model_box.info is None:
            return [tr("choose a model that can run")]
        else:
            missing = self.inputs_box.missing()
            out = [tr("choose a layer for {roles}").format(roles=", ".join(missing))] if missing else []
        if self.area_box.mode() == "drawn" and self.area_box.drawn is None:
            out.append(tr("draw the area on the map"))
        if self.area_box.mode() == "polygons" and self.area_box.polygon_combo.currentLayer() is None:
            out.append(tr("choose a polygon layer"))
        return out

    def _update_state(self) -> None:
        if self.controller.running:
            return
        problems = self.problems()
        self.run_button.setEnabled(not problems)
        self.run_button.setToolTip("; ".join(problems) if problems else tr("Segment the chosen area in the background"))
        if problems:
            self._say(tr("To run: {what}.").format(what="; ".join(problems)), hint=True)
        elif self._hint_shown:
            self._say("")

    def _say(self, text: str, error: bool = False, hint: bool = False) -> None:
        self._hint_shown = hint
        self.status.setStyleSheet("color: #b00020;" if error else "color: #666666;" if hint else "")
        self.status.setText(text)

    # -- run ------------------------------------------------------------------------------------
    def request(self) -> RunRequest:
        """The user's choices as a RunRequest (raises RequestError naming what is missing)."""
        problems = self.problems()
        if problems:
            raise RequestError("; ".join(problems))
        card = self.model_box.multicard
        request = RunRequest(model=self.model_box.model_path(), inputs={} if card else self.inputs_box.inputs(), output="")
        if card is not None:  # a multi-source model: its named inputs, as typed
            box = self.modalities_box
            request.card, request.named, request.imagery = card, box.inputs(), box.imagery()
            request.ts_filter, request.ts_average = box.filter.currentData(), box.average.currentData()
            if self.metadata_box.keys:
                request.named["META"] = MetadataInput(self.metadata_box.values())
        try:
            request.overrides = self.model_box.overrides_form.overrides() if self.model_box.overrides_form.isVisibleTo(self.model_box) else None
        except ValueError as e:
            raise RequestError(str(e)) from None
        # the card the dock shows is the model the run uses: parsed once, when it was picked
        request.model_info = self.model_box.info
        self.area_box.apply(request)
        self.output_box.apply(request)
        return request

    def run(self) -> bool:
        """Start a run (any model); returns False (and says why) when it cannot start."""
        if self.model_box.multicard is not None:
            self._area_changed()  # the map view may have moved since the rows were checked
        try:
            self.controller.start(self.request())
        except EXPECTED as e:  # RequestError, engine errors found while planning
            self._say(tr("Cannot run: {error}").format(error=user_message(e)), error=True)
            return False
        if self.model_box.multicard is not None:  # the rows as they were, for the next time
            self.modalities_box.remember()
            self.metadata_box.remember()
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self._say(tr("Starting…"))
        return True

    def _progress(self, p) -> None:
        self.progress.setValue(int(100 * p.done / p.total) if p.total else 0)
        self._say(tr("Running on {device}: {done}/{tiles}, {speed} tiles/s, {left} left").format(
            device=p.device, done=p.done, tiles=_tiles(p.total), speed=number(p.tiles_per_s), left=_duration(p.eta_s)))

    def _finished(self, outcome) -> None:
        self.cancel_button.setEnabled(False)
        self.progress.setVisible(False)
        if outcome.ok:
            r = outcome.result
            self.output_box.succeeded(r.output)
            text = tr("Done: {tiles} in {time} on {device}. Added to the FLAIR group: {file}").format(
                tiles=_tiles(r.tiles), time=_duration(r.seconds), device=r.device,
                file=", ".join(m.output for m in r.maps))
            if self.output_box.where == "temporary" and not self.output_box.file_widget.filePath().strip():
                text += " " + tr("(a temporary folder: choose an output file, or save the project, to keep results)")
            self._say(text)
        self._say_end(outcome)

    def _say_end(self, outcome) -> None:
        """A cancelled or failed run, said; Run is offered again."""
        if outcome.cancelled:
            self._say(tr("Cancelled; nothing was written or added."))
        elif not outcome.ok:
            self._say(tr("Failed: {error}").format(error=outcome.error), error=True)
        self.run_button.setEnabled(not self.problems())

    def shutdown(self) -> None:
        """Before the plugin unloads: stop a run, disconnect from the project and the map."""
        self.controller.cancel()
        self.inputs_box.shutdown()
        self.modalities_box.shutdown()
        self.area_box.shutdown()
        self.output_box.shutdown()

    def closeEvent(self, event):  # noqa: N802
        self.area_box._show_band(False)
        super().closeEvent(event)
