"""The dock's "Aerial acquisition" group, for a FLAIR#2 U-T&T model trained with aerial metadata:
the date, time, camera and ground altitude of the aerial images, which no image file holds. The
fields are the card's (needs), each checked with the engine's own parser as it is typed
(value_problem, through qgis_glue/run/modalities.py); their values go to the run as its named
input "META" (a MetadataInput). What was typed is remembered per model and shown again the next time that
model is chosen; a field the user has typed in is never replaced for them."""
from __future__ import annotations

import json
import os

from qgis.core import QgsSettings
from qgis.gui import QgsDateEdit
from qgis.PyQt.QtCore import QDate, pyqtSignal
from qgis.PyQt.QtWidgets import QDoubleSpinBox, QGridLayout, QGroupBox, QLabel, QLineEdit

from ..qgis_glue.i18n import QT_TR_NOOP, tr
from ..qgis_glue.run.modalities import needs, value_problem

SETTINGS_KEY = "flair/multisource_metadata/"  # + the model's file name: {key: text as typed}
NO_ALTITUDE = -1000.0  # the spin box's "not given" (France's lowest ground is a few metres below sea level)

LABELS = {"date": QT_TR_NOOP("date"), "time": QT_TR_NOOP("time"), "camera": QT_TR_NOOP("camera"),
          "altitude": QT_TR_NOOP("altitude")}
TIPS = {  # in the user's terms: what it is and where to find it
    "date": QT_TR_NOOP("The day the aerial images were taken (the flight's date). For the BD ORTHO, see its "
                       "metadata: the shooting-dates layer (dates de prise de vue) of the department. "
                       "The model knows the years 2018 to 2021 only."),
    "time": QT_TR_NOOP("The time of day the images were taken, HH:MM (e.g. 10:30; IGN writes 9h08), from the "
                       "same metadata as the date."),
    "camera": QT_TR_NOOP("The camera's name as the images' metadata gives it, e.g. UCE-M3-f100-s06. The model "
                         "only uses whether it is an UltraCam (its name contains UCE)."),
    "altitude": QT_TR_NOOP("The ground altitude of the area, in metres above sea level (one value for the whole "
                           "run): read it on a topographic map or the DTM. 0 is a value (the coast)."),
}
MISSING = {
    "date": QT_TR_NOOP("give the date the aerial images were taken (Aerial acquisition)"),
    "time": QT_TR_NOOP("give the time the aerial images were taken (Aerial acquisition)"),
    "camera": QT_TR_NOOP("give the aerial camera (Aerial acquisition)"),
    "altitude": QT_TR_NOOP("give the ground altitude (Aerial acquisition)"),
}


class MetadataBox(QGroupBox):
    changed = pyqtSignal()

    def __init__(self, parent=None):
        super().__init__(tr("Aerial acquisition"), parent)
        self.grid = QGridLayout(self)
        self.grid.setColumnStretch(1, 1)
        self.fields: dict[str, object] = {}
        self.keys: list[str] = []
        self.model = ""
        self.origin = QLabel()
        self.origin.setWordWrap(True)
        self.origin.setStyleSheet("color: #666666;")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #b00020;")

    # -- building -------------------------------------------------------------------------------
    def _field(self, key: str):
        if key == "date":
            w = QgsDateEdit()
            w.setAllowNull(True)
            w.setDisplayFormat("yyyy-MM-dd")
            w.setNullRepresentation(tr("not given"))
            w.clear()  # empty until the user gives it: never a date the images were not taken on
            w.dateValueChanged.connect(self._changed)
        elif key == "altitude":
            w = QDoubleSpinBox()
            w.setRange(NO_ALTITUDE, 5000.0)
            w.setDecimals(0)
            w.setSuffix(tr(" m"))
            w.setSpecialValueText(tr("not given"))
            w.setValue(NO_ALTITUDE)
            w.valueChanged.connect(self._changed)
        else:
            w = QLineEdit()
            w.setPlaceholderText("10:30" if key == "time" else "UCE-M3-f100-s06")
            w.textChanged.connect(self._changed)
        w.setToolTip(tr(TIPS[key]))
        return w

    def set_card(self, card, model: str = "") -> None:
        """Fields for what ``card`` needs (hidden when it needs none); the same model again keeps them."""
        info = needs(card) if card is not None else None
        self.setVisible(bool(info))
        if model and model == self.model and self.fields:
            return
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None and item.widget() not in (self.origin, self.note):
                item.widget().deleteLater()
        self.fields, self.model = {}, model
        self.keys = list(info["needs"]) if info else []
        self.grid.addWidget(self.origin, 0, 0, 1, 2)
        for r, key in enumerate(self.keys, 1):
            label = QLabel(f"{tr(LABELS.get(key, key))} *")
            label.setToolTip(tr(TIPS.get(key, key)) + " " + tr("(required)"))
            self.fields[key] = self._field(key)
            self.grid.addWidget(label, r, 0)
            self.grid.addWidget(self.fields[key], r, 1)
        self.grid.addWidget(self.note, len(self.keys) + 1, 0, 1, 2)
        restored = self._restore()
        self.origin.setText(tr("As last time with this model.") if restored else "")
        self.origin.setVisible(restored)
        self._changed()

    # -- values ---------------------------------------------------------------------------------
    def text(self, key: str) -> str:
        w = self.fields[key]
        if key == "date":
            return "" if w.isNull() else w.date().toString("yyyy-MM-dd")
        if key == "altitude":
            return "" if w.value() <= NO_ALTITUDE else f"{w.value():g}"
        return w.text().strip()

    def set_text(self, key: str, text: str) -> None:
        w = self.fields[key]
        if key == "date":
            date = QDate.fromString(text, "yyyy-MM-dd")
            if date.isValid():
                w.setDate(date)
            else:
                w.clear()
        elif key == "altitude":
            try:
                w.setValue(float(text) if text != "" else NO_ALTITUDE)
            except ValueError:
                w.setValue(NO_ALTITUDE)
        else:
            w.setText(text)

    def values(self) -> dict[str, str]:
        """What the run gets as sources["META"] (only the fields filled in)."""
        return {k: t for k in self.keys if (t := self.text(k))}

    def problems(self) -> list[str]:
        """Why Run is off because of this group (a missing field, or one the engine would refuse)."""
        out = [tr(MISSING.get(k, k)) for k in self.keys if not self.text(k)]
        bad = [(k, p) for k in self.keys if self.text(k) and (p := value_problem(k, self.text(k)))]
        out += [tr("fix the {field} (Aerial acquisition)").format(field=tr(LABELS.get(k, k))) for k, _ in bad]
        return out

    def _changed(self, *_args) -> None:
        bad = [tr("{field}: {problem}").format(field=tr(LABELS.get(k, k)), problem=p)
               for k in self.keys if self.text(k) and (p := value_problem(k, self.text(k)))]
        self.note.setText("\n".join(bad))
        self.note.setVisible(bool(bad))
        self.changed.emit()

    # -- remembered per model -------------------------------------------------------------------
    def _restore(self) -> bool:
        """The values typed the last time this model ran, into fields still empty."""
        try:
            saved = json.loads(QgsSettings().value(SETTINGS_KEY + os.path.basename(self.model), "{}") or "{}")
        except (TypeError, ValueError):  # an edited or old setting: start afresh
            saved = {}
        done = False
        for key in self.keys:
            text = saved.get(key) if isinstance(saved, dict) else None
            if isinstance(text, str) and text and not self.text(key):
                self.set_text(key, text)
                done = True
        return done

    def remember(self) -> None:
        if self.keys:
            QgsSettings().setValue(SETTINGS_KEY + os.path.basename(self.model), json.dumps(self.values()))
