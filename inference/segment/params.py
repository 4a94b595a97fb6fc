"""What a segmentation run is asked (``SegmentParams``), what it reports while running
(``Progress``) and what it returns (``SegmentResult``), plus the names of its output files."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable

from ..core.grid import Grid
from ..models.card import CardOverrides, ModelCard
from .estimate import RunEstimate
from .sources import RasterSource


@dataclass
class Progress:
    done: int
    total: int
    tiles_per_s: float
    eta_s: float | None
    device: str


@dataclass
class SegmentParams:
    model: str
    sources: list[tuple[str | None, RasterSource, int | None]]  # (role|None, source, band|None)
    output: str
    overrides: CardOverrides | None = None
    tile: int | None = None
    margin: int | None = None
    batch: int | None = None
    resolution: float | None = None  # metres; default: the model's
    extent: tuple[float, float, float, float] | None = None  # in the output CRS
    crs: str | None = None  # default: the first source's
    stitch: str = "crop"
    confidence: bool = False
    device: str = "auto"
    threads: int = 0
    report: bool = True
    polygons: list[dict] | None = None  # GeoJSON geometries in the output CRS; outside is nodata
    rescale: bool = False  # map 16-bit / 0..1 imagery onto the 0..255 the model expects (checks.py)
    lang: str = "en"  # class names written into the GeoTIFF, .qml, PAM and report: "en" or "fr"
    # Called once with a RunEstimate when the run is projected past estimate.LONG_RUN_S (measured on
    # the first tiles); returning False cancels the run before it replaces anything. The dock asks.
    confirm: Callable[[RunEstimate], bool] | None = None


@dataclass
class SegmentResult:
    output: str
    confidence: str | None
    report: str | None
    qml: str
    grid: Grid
    card: ModelCard
    device: str
    tiles: int
    seconds: float
    class_pixels: dict[int, int] = field(default_factory=dict)
    stack: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what the run decided for the user (CRS, rescaling)
    estimate: RunEstimate | None = None  # the projection made on the first tiles, if there were enough
    lang: str = "en"  # of the class names written

    @property
    def class_areas_m2(self) -> dict[int, float]:
        px = self.grid.res * self.grid.res
        return {c: n * px for c, n in self.class_pixels.items()}


def confidence_path(output: str) -> str:
    return os.path.splitext(output)[0] + "_confidence.tif"


def report_path(output: str) -> str:
    return os.path.splitext(output)[0] + "_report.json"
