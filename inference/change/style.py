"""The change layer's QGIS style: one category per transition present, filled with the class after
and outlined with the class before, labelled "building → impervious surface" (the categorised
renderer of ``vector/style.py``)."""
from __future__ import annotations

from ..core.classes import CLASS_BY_CODE, class_label
from ..vector.style import Category, categorized_qml, rgba

EXPRESSION = "concat(\"code_before\", '>', \"code_after\")"
STATUS = {"en": "artificialised status changed", "fr": "statut d'artificialisation changé"}


def _rgba(code: int) -> str:
    c = CLASS_BY_CODE.get(code)
    return rgba(c.colour) if c else "128,128,128,255"


def _name(code: int, lang: str) -> str:
    return class_label(CLASS_BY_CODE[code], lang) if code in CLASS_BY_CODE else str(code)


def change_qml(transitions: list[tuple[int, int]], lang: str = "en") -> str:
    """QML text for the transitions (code before, code after) present, sorted."""
    cats = []
    for b, a in sorted(set(transitions)):
        nb, na = _name(b, lang), _name(a, lang)
        label = f"{nb} → {na}" if a != b else f"{nb}, {STATUS.get(lang, STATUS['en'])}"
        cats.append(Category(f"{b}>{a}", label, _rgba(a), _rgba(b), outline_width=0.5, alpha=0.85,
                             joinstyle="miter"))
    return categorized_qml(EXPRESSION, cats)
