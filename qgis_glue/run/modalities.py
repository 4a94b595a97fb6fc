"""A multi-source model's inputs as the dock's rows pick them, checked by the engine: each row's
files opened on their own (bands, dates, mask), then all of them against the area (coverage,
resolution); a FLAIR#2 U-T&T model's aerial metadata, each value checked by the engine's parser.
The widgets ask here and never import the engine's planning."""
from __future__ import annotations

from ...inference.models.modalities import short_name
from ...inference.segment.modalities import named
from ...inference.segment.modalities.metadata import needs
from ...inference.segment.modalities.metadata import value_problem as engine_problem
from ...inference.segment.modalities.named import FILTERS, area_of
from ...inference.segment.modalities.tile import NOT_COVERED, OUTSIDE, input_problems
from ...inference.segment.modalities.timeseries import AVERAGES
from ..errors import EXPECTED, said_here, user_message
from ..i18n import language, tr
from ..layers.crs import as_crs
from .request import is_web_layer, rect_in

__all__ = ["AVERAGES", "FILTERS", "check_area", "is_web_input", "needs", "open_input", "short_name", "value_problem"]

# what a web layer may feed: IGN's BD ORTHO over WMS is the aerial product itself (8-bit colours);
# elevation, SPOT and the series need their product's own values, from files
WEB_MODALITIES = ("AERIAL_RGBI",)


def is_web_input(layer, modality) -> bool:
    """Whether ``layer`` is a web layer the row of ``modality`` reads as it is."""
    return layer is not None and modality.name in WEB_MODALITIES and is_web_layer(layer)


def open_input(modality, given) -> tuple[object | None, str]:
    """(the engine's input for one row's files, "") or (None, what is wrong with them)."""
    try:
        return named.open_input(modality, given), ""
    except EXPECTED as e:
        return None, user_message(e)


def value_problem(key: str, text: str) -> str:
    """Why ``text`` is no value for the aerial acquisition's ``key`` ("" when it is one), in QGIS's language."""
    return said_here(engine_problem(key, text))


def check_area(card, inputs: dict, area, project) -> dict[str, tuple[list[str], list[str]]]:
    """Per modality (errors, warnings) of its files against ``area`` (a (QgsRectangle, CRS), or None
    for the first input's extent) and the card. A failure that concerns no one row (no CRS, an
    empty area) is the first row's."""
    try:
        crs, bounds, _ = area_of(card, inputs, None)
        if area is not None:
            bounds = rect_in(area[0], area[1], as_crs(crs), project)
        problems = input_problems(card, inputs, bounds, crs, language())
    except EXPECTED as e:
        return {next(iter(inputs)): ([user_message(e)], [])}
    if area is not None:  # the remedy may be the area
        for errors, _ in problems.values():
            errors[:] = [e + " " + tr("(or choose an area this layer covers)")
                         if getattr(e, "template", "") in (NOT_COVERED, OUTSIDE) else e for e in errors]
    return problems
