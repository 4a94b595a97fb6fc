"""What a change run is asked (``ChangeParams``), what it returns (``ChangeResult``), its file names."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from .rule import DEFAULT_RULE, ArtifRule

LAYER = "change"


@dataclass
class ChangeParams:
    before: str
    after: str
    output: str  # CHANGE.gpkg
    encoding: str | None = None  # BEFORE's label encoding (and AFTER's unless encoding_after); None: guessed
    encoding_after: str | None = None
    zones: str | None = None  # any OGR vector file
    zones_layer: str | None = None  # its layer (default: the first)
    zone_field: str | None = None
    rule: ArtifRule = DEFAULT_RULE
    mmu_m2: float | None = None  # change patches under this area are not drawn as polygons
    lang: str = "en"
    window: int = 1024


def output_files(output: str) -> dict[str, str]:
    """Every file a change run to ``output`` writes, by role."""
    output = os.path.abspath(output)  # OutputSet keys its staged files by absolute path
    stem = os.path.splitext(output)[0]
    return {"gpkg": output, "qml": stem + ".qml", "transitions": stem + "_transitions.csv",
            "zones": stem + "_zones.csv", "report": stem + "_report.html"}


@dataclass
class ChangeResult:
    files: dict[str, str]
    matrix: object  # numpy (20, 20) pixel counts, rows = code before, columns = code after
    pixel_m2: float
    zones: list[dict]  # rows of the zones table (the last is "all")
    polygons: int
    nodata_m2: dict[str, float]  # "before", "after", "both" (pixels of the common area left out)
    encodings: tuple[str, str]
    seconds: float
    # said in the user's language by the front end (core/messages.py: ``again``, QGIS's ``said_here``)
    warnings: list[str] = field(default_factory=list)
