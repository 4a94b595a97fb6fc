"""What a segmentation run is asked (``SegmentParams``, with a multi-source model's named
inputs), what it reports while running (``Progress``) and what it returns (``SegmentResult``, one
``TaskMap`` per task of the model), plus the names of its output files."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Callable, Union

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
class ImageInput:
    """A modality read as an image: one file holding its bands in IGN's order (AERIAL_RGBI: R, G, B,
    NIR; DEM_ELEV: DSM, DTM), or ``bands``: each band the model is fed (by the card's name, or DSM /
    DTM for elevation) -> (file, 1-based band). A front end may give a ``RasterSource`` instead of
    a file (QGIS: a web layer such as IGN's BD ORTHO WMS), read as a file is."""
    path: str | RasterSource | None = None
    bands: dict[str, tuple[str | RasterSource, int]] | None = None

    def given(self) -> list[str | RasterSource]:
        """What it is read from: files, or a front end's sources."""
        return [g for g in [self.path, *(p for p, _ in (self.bands or {}).values())] if g is not None]


@dataclass
class SeriesInput:
    """A time series: a date-major stack or a folder of dated rasters; its dates from ``dates`` (a
    text file), else the band descriptions or file names; ``mask``: the cloud/snow mask."""
    path: str
    dates: str | None = None
    mask: str | None = None


@dataclass
class MetadataInput:
    """Aerial acquisition values a FLAIR#2 U-T&T model takes (KEY -> text as typed: date, time,
    camera, altitude; segment/modalities/metadata.py parses and checks them)."""
    values: dict[str, str]


NamedInput = Union[ImageInput, SeriesInput, MetadataInput]


@dataclass
class SegmentParams:
    model: str
    # single-source: (role|None, source, band|None); a multi-source model takes ``inputs`` instead
    sources: list[tuple[str | None, RasterSource, int | None]]
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
    notes: list[str] = field(default_factory=list)  # what the front end decided first (QGIS: the output CRS)
    # Called once with a RunEstimate when the run is projected past estimate.LONG_RUN_S (measured on
    # the first tiles); returning False cancels the run before it replaces anything. The dock asks.
    confirm: Callable[[RunEstimate], bool] | None = None
    # a multi-source model: its named inputs, keyed by the card's modality name (AERIAL_RGBI,
    # SENTINEL2_TS...; the MetadataInput under "META"), and how its series are read
    inputs: dict[str, NamedInput] | None = None
    ts_filter: str = "auto"  # "auto": drop a tile's cloudy/snowy dates by the series' mask; "off"
    ts_average: str = "none"  # "none", "monthly", "semi-monthly"


@dataclass
class TaskMap:
    """One map a run wrote: a task of the model (a single-source model has one)."""
    task: str  # the card's task, e.g. AERIAL_LABEL-COSIA, ALL_LABEL-LPIS; "" for a single-source model
    title: str  # what the map holds, in words from the card ("land cover", "LPIS crop types")
    output: str  # the GeoTIFF
    confidence: str | None
    qml: str
    classes: list[tuple[int, str, str]]  # the model's own classes: (stored value, name, colour), in the legend
    class_pixels: dict[int, int] = field(default_factory=dict)  # pixels per stored value (nodata included)
    nodata: int = 0


@dataclass
class SegmentResult:
    """Every model's result. ``output``, ``confidence``, ``qml`` and ``class_pixels`` are the first
    map's; ``maps`` holds every task's map (one for a single-source model)."""
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
    maps: list[TaskMap] = field(default_factory=list)
    inputs: dict[str, dict] = field(default_factory=dict)  # the report's section per named input
    dates_used: dict[str, list[dt.date]] = field(default_factory=dict)  # per series, the dates some tile fed

    @property
    def class_areas_m2(self) -> dict[int, float]:
        px = self.grid.res * self.grid.res
        return {c: n * px for c, n in self.class_pixels.items()}


def confidence_path(output: str) -> str:
    """``NAME_confidence.tif``; beside a VRT mosaic (``NAME.vrt``, scale/mosaic.py) ``NAME_confidence.vrt``."""
    stem, ext = os.path.splitext(output)
    return stem + "_confidence" + (".vrt" if ext.lower() == ".vrt" else ".tif")


def report_path(output: str) -> str:
    return os.path.splitext(output)[0] + "_report.json"
