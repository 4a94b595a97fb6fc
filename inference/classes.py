"""FLAIR class nomenclature, palettes and the label encodings found in the wild.

Every raster we write holds canonical FLAIR codes 1..19 with 0 = nodata (FLAIR.md §1).
An *encoding* says how some other raster or a model's output indices map onto those codes.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NODATA = 0


@dataclass(frozen=True)
class FlairClass:
    code: int
    name: str
    name_fr: str
    colour: str  # "#rrggbb"


FLAIR_CLASSES: tuple[FlairClass, ...] = (
    FlairClass(1, "building", "bâtiment", "#db0e9a"),
    FlairClass(2, "pervious surface", "zone perméable", "#938e7b"),
    FlairClass(3, "impervious surface", "zone imperméable", "#f80c00"),
    FlairClass(4, "bare soil", "sol nu", "#a97101"),
    FlairClass(5, "water", "eau", "#1553ae"),
    FlairClass(6, "coniferous", "conifères", "#194a26"),
    FlairClass(7, "deciduous", "feuillus", "#46e483"),
    FlairClass(8, "brushwood", "broussailles", "#f3a60d"),
    FlairClass(9, "vineyard", "vigne", "#660082"),
    FlairClass(10, "herbaceous vegetation", "surface herbacée", "#55ff00"),
    FlairClass(11, "agricultural land", "culture", "#fff30d"),
    FlairClass(12, "plowed land", "terre labourée", "#e4df7c"),
    FlairClass(13, "swimming pool", "piscine", "#3de6eb"),
    FlairClass(14, "snow", "neige", "#ffffff"),
    FlairClass(15, "clear cut", "coupe", "#8ab3a0"),
    FlairClass(16, "mixed", "mixte", "#6b714f"),
    FlairClass(17, "ligneous", "ligneux", "#c5dc42"),
    FlairClass(18, "greenhouse", "serre", "#9999ff"),
    FlairClass(19, "other", "autre", "#000000"),
)
CLASS_BY_CODE = {c.code: c for c in FLAIR_CLASSES}

# Output index -> FLAIR code, per model family (FLAIR.md §2).
FLAIR_HUB_ORDER = (1, 18, 13, 3, 2, 4, 5, 14, 10, 11, 12, 9, 7, 6, 8, 15, 17, 16, 19)
INDEX_TO_CODE: dict[str, tuple[int, ...]] = {
    "flair19": tuple(range(1, 20)),  # a raster already in codes: value v is code v
    "flair-inc": tuple(range(1, 20)),  # index i -> code i + 1
    "flair13": tuple(range(1, 13)) + (19,),  # index 12 = "other" (codes 13..19 merged)
    "flair-hub": FLAIR_HUB_ORDER,
}
ENCODINGS = ("flair19", "flair-inc", "flair13", "flair-hub")


def index_to_code(encoding: str) -> tuple[int, ...]:
    """The FLAIR code of each output index (models) for a named family."""
    try:
        return INDEX_TO_CODE[encoding]
    except KeyError:
        raise ValueError(
            f"unknown class encoding {encoding!r}; use one of {', '.join(ENCODINGS)}"
        ) from None


def label_lut(encoding: str) -> np.ndarray:
    """A 256-entry table turning a stored label value into a FLAIR code (0 = nodata/unknown).

    'flair19' rasters already hold codes 1..19 with 0 as nodata; the 0-based encodings
    store index i for the i-th class, so every value 0..n-1 is a class and nothing is nodata.
    """
    lut = np.zeros(256, dtype=np.uint8)
    codes = index_to_code(encoding)
    if encoding == "flair19":
        lut[1:20] = codes
    else:
        lut[: len(codes)] = codes
    return lut


def to_codes(labels: np.ndarray, encoding: str) -> np.ndarray:
    """Map a label array in `encoding` to FLAIR codes (uint8, 0 = nodata)."""
    return label_lut(encoding)[labels.astype(np.int64).clip(0, 255)]


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def colour_table() -> dict[int, tuple[int, int, int, int]]:
    """GDAL colour table for a FLAIR code raster: code -> RGBA, 0 transparent."""
    table = {0: (0, 0, 0, 0)}
    for c in FLAIR_CLASSES:
        table[c.code] = (*hex_to_rgb(c.colour), 255)
    return table


def category_names() -> list[str]:
    """GDAL category names indexed by code (index 0 = nodata)."""
    return ["nodata"] + [c.name for c in FLAIR_CLASSES]
