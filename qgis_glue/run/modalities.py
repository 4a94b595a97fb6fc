"""A multi-source model's inputs as the dock's rows pick them, checked by the engine: each row's
files opened on their own (bands, dates, mask), then all of them against the area (coverage,
resolution). The widgets ask here and never import the engine's planning."""
from __future__ import annotations

from ...inference.models.modalities import short_name
from ...inference.segment.modalities.run import FILTERS, area_of
from ...inference.segment.modalities.tile import NOT_COVERED, OUTSIDE, image_input, input_problems, series_input
from ...inference.segment.modalities.timeseries import AVERAGES
from ..errors import EXPECTED
from ..i18n import language, tr
from ..layers.crs import as_crs
from .request import rect_in

__all__ = ["AVERAGES", "FILTERS", "check_area", "open_input", "short_name"]


def open_input(modality, source: dict) -> tuple[object | None, str]:
    """(the engine's input for one row's files, "") or (None, what is wrong with them)."""
    try:
        if modality.is_series:
            return series_input(modality, source["path"], source.get("dates"), source.get("mask")), ""
        return image_input(modality, source["path"] if set(source) == {"path"} else source), ""
    except EXPECTED as e:
        return None, str(e)


def check_area(card, inputs: dict, area, project) -> tuple[tuple | None, dict[str, tuple[list[str], list[str]]]]:
    """(``area``, a (QgsRectangle, CRS) or None for the first input's extent, as bounds in the
    inputs' CRS or None; per modality (errors, warnings) against it and the card). A failure that
    concerns no one row (no CRS, an empty area) is the first row's."""
    bounds = None
    try:
        crs, whole, _ = area_of(card, inputs, None)
        if area is not None:
            bounds = rect_in(area[0], area[1], as_crs(crs), project)
        problems = input_problems(card, inputs, bounds or whole, crs, language())
    except EXPECTED as e:
        return None, {next(iter(inputs)): ([str(e)], [])}
    if area is not None:  # the remedy may be the area
        for errors, _ in problems.values():
            errors[:] = [e + " " + tr("(or choose an area this layer covers)")
                         if getattr(e, "template", "") in (NOT_COVERED, OUTSIDE) else e for e in errors]
    return bounds, problems
