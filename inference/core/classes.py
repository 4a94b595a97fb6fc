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

# Languages of the class names (IGN defines them in French; FLAIR.md §1). Rasters, styles and
# reports are written in one of them; "en" unless asked.
LANGUAGES = ("en", "fr")
NODATA_NAME = {"en": "nodata", "fr": "sans donnée"}


def class_label(c: FlairClass, lang: str = "en") -> str:
    return c.name_fr if lang == "fr" else c.name

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


def category_names(lang: str = "en") -> list[str]:
    """GDAL category names indexed by code (index 0 = nodata)."""
    return [NODATA_NAME.get(lang, "nodata")] + [class_label(c, lang) for c in FLAIR_CLASSES]


# --- Label encodings beyond land cover (appended for the QA tools, issue #5) -------------------
#
# FLAIR-HUB crop-type labels (ALL_LABEL-LPIS): 23 classes, 0-based. Names as published in IGN's
# FLAIR-HUB training configuration (configs/train/config_supervision.yaml, ``value_name``), also
# listed in torchgeo's FLAIR-HUB dataset. IGN publishes no palette for them: the colours below are
# ours (a qualitative palette), not IGN's.
LPIS_NAMES: tuple[str, ...] = (
    "grasses", "wheat", "barley", "maize", "other cereals", "rice", "flax/hemp/tobacco",
    "sunflower", "rapeseed", "other oilseed crops", "soy", "other protein crops", "fodder legumes",
    "beetroots", "potatoes", "other arable crops", "vineyard", "olive groves", "fruits orchards",
    "nut orchards", "other permanent crops", "mixed crops", "background",
)
LPIS_COLOURS: tuple[str, ...] = (
    "#7fc97f", "#e6ab02", "#d95f02", "#ffd92f", "#a6761d", "#1b9e77", "#7570b3",
    "#ff7f00", "#e7298a", "#b15928", "#66a61e", "#8dd3c7", "#b3de69",
    "#bc80bd", "#fb8072", "#fdb462", "#660082", "#808000", "#e31a1c",
    "#8c510a", "#6a3d9a", "#cab2d6", "#d9d9d9",
)
# Every label encoding a raster may be in: the four land-cover ones, then LPIS crop types.
LABEL_ENCODINGS: tuple[str, ...] = ENCODINGS + ("lpis",)
ENCODING_TITLES = {
    "flair19": "FLAIR codes 1..19 (0 = nodata)",
    "flair-inc": "FLAIR-INC, 0-based (19 classes)",
    "flair13": "13-class baseline, 0-based (12 = other)",
    "flair-hub": "FLAIR-HUB land cover, 0-based",
    "lpis": "FLAIR-HUB LPIS crop types, 0-based (23 classes)",
}


def nomenclature(encoding: str) -> str:
    """The code space a label encoding maps into: 'flair' (codes 1..19) or 'lpis' (codes 1..23)."""
    if encoding == "lpis":
        return "lpis"
    index_to_code(encoding)  # raises ValueError on an unknown name
    return "flair"


def code_names(nomenclature_name: str, lang: str = "en") -> dict[int, str]:
    """Code -> class name in a nomenclature's code space (0 = nodata is not listed). LPIS crop
    types have English names only (as IGN's FLAIR-HUB configuration gives them)."""
    if nomenclature_name == "lpis":
        return {i + 1: n for i, n in enumerate(LPIS_NAMES)}
    return {c.code: class_label(c, lang) for c in FLAIR_CLASSES}


def code_colours(nomenclature_name: str) -> dict[int, str]:
    if nomenclature_name == "lpis":
        return {i + 1: c for i, c in enumerate(LPIS_COLOURS)}
    return {c.code: c.colour for c in FLAIR_CLASSES}


def any_label_lut(encoding: str) -> np.ndarray:
    """Like ``label_lut`` for every label encoding: stored value -> code in its nomenclature's
    code space (0 = nodata). LPIS index i becomes code i + 1."""
    if encoding == "lpis":
        lut = np.zeros(256, dtype=np.uint8)
        lut[: len(LPIS_NAMES)] = np.arange(1, len(LPIS_NAMES) + 1)
        return lut
    return label_lut(encoding)


def classes_for_encoding(encoding: str, lang: str = "en") -> list[tuple[int, str, str]]:
    """(stored value, class name, colour) for a label raster in any label encoding (FLAIR.md §2),
    LPIS crop types included."""
    if encoding == "lpis":
        return [(i, n, c) for i, (n, c) in enumerate(zip(LPIS_NAMES, LPIS_COLOURS))]
    codes = index_to_code(encoding)
    first = 1 if encoding == "flair19" else 0
    out = []
    for i, code in enumerate(codes):
        c = CLASS_BY_CODE[code]
        other = "autre (codes 13-19)" if lang == "fr" else "other (codes 13-19)"
        name = other if encoding == "flair13" and i == 12 else class_label(c, lang)
        out.append((i + first, name, c.colour))
    return out
