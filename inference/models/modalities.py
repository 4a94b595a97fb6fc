"""A model's named inputs (modalities) and tasks, and IGN's facts about each of FLAIR-HUB's modalities.

The model card (card.py) lists them for a multi-source model (schema 2, docs/multisource.md).
Facts and their sources are in MULTISOURCE.md §2; the ones marked "verify" there are repeated in
``note`` so that ``info`` shows them to the user.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

from ..core.classes import FLAIR_HUB_ORDER, LPIS_NAMES
from ..core.messages import Said, say

DATE_RULES = {
    # FLAIR-HUB: days from 15 May of each date's own year (negative before), float32
    "days_from_MMDD_same_year": "days from {ref} of the date's own year (negative before)",
    # FLAIR#2: (15 May of the reference year) - (product month/day), sign opposite to FLAIR-HUB's
    "ref_minus_MMDD_fixed_year": "days from the date's month/day to {ref} of a fixed year",
}
NOMENCLATURES = {"flair-hub-lc19": "FLAIR-HUB land cover (19 classes)", "lpis23": "FLAIR-HUB LPIS crop types (23 classes)",
                 "flair13": "FLAIR land cover, 13 classes (FLAIR#2: codes 1..12 and other)"}


@dataclass(frozen=True)
class Modality:
    name: str  # IGN's modality name, e.g. SENTINEL2_TS; also the ONNX input name
    kind: str  # "image" | "series"
    bands: tuple[str, ...]  # what the model is fed, in order
    source_bands: tuple[int, ...]  # 1-based bands of the modality's file, in the order fed
    resolution_m: float
    px_at_tile: int  # patch size at the model's tile (0 = any size: series-only models)
    mean: tuple[float, ...] | None = None
    std: tuple[float, ...] | None = None
    derive: str = ""  # "dsm_minus_dtm": band 2 fed is band 1 - band 2 of the file
    dates_input: str = ""
    date_rule: str = ""
    ref_date: str = ""  # MM-DD
    ref_year: int = 0  # ref_minus_MMDD_fixed_year: the fixed year (0 = each series' first year)
    context_m: float = 0.0  # read over a square this wide centred on the tile (0 = the tile itself)
    series_rules: str = ""  # "flair2": FLAIR#2's cloud filter and monthly means (timeseries.py); "" FLAIR-HUB's
    required: bool = True
    note: str = ""
    set_at_conversion: tuple[str, ...] = ()  # facts the user gave when converting: "bands", "normalisation"

    @property
    def is_series(self) -> bool:
        return self.kind == "series"

    def normalisation(self) -> str:
        if self.mean is None:
            return "none (raw values)"
        return f"(x - {list(self.mean)}) / {list(self.std)}"

    def describe_dates(self) -> str:
        if not self.is_series:
            return ""
        ref = f"{self.ref_year}-{self.ref_date}" if self.ref_year else self.ref_date
        return f"{self.dates_input}: " + DATE_RULES.get(self.date_rule, self.date_rule).format(ref=ref)


@dataclass(frozen=True)
class Task:
    output: str  # ONNX output name, e.g. AERIAL_LABEL-COSIA
    nomenclature: str  # key of NOMENCLATURES
    class_codes: tuple[int, ...]  # code of each output channel in its nomenclature (0 = nodata)

    @property
    def n_classes(self) -> int:
        return len(self.class_codes)


def modality_problems(m: Modality) -> list[Said]:
    """What makes modality ``m`` of a card unusable (said in the card's error: card.py)."""
    problems = []
    if m.kind not in ("image", "series"):
        problems.append(say("{name}: kind {kind!r} is not image or series", name=m.name, kind=m.kind))
    if len(m.source_bands) != len(m.bands):
        problems.append(say("{name}: {bands} bands but {sources} source bands", name=m.name, bands=len(m.bands),
                            sources=len(m.source_bands)))
    if m.mean is not None and (m.std is None or len(m.mean) != len(m.bands) or len(m.std) != len(m.bands)):
        problems.append(say("{name}: mean and std must both have {count} values", name=m.name, count=len(m.bands)))
    if m.std is not None and any(s == 0 for s in m.std):
        problems.append(say("{name}: std contains 0", name=m.name))
    if any(not math.isfinite(v) for v in (m.mean or ()) + (m.std or ())):
        problems.append(say("{name}: mean and std must be finite numbers (not nan or inf)", name=m.name))
    if m.kind == "image" and m.mean is None:
        problems.append(say("{name}: an image modality needs its normalisation (mean and std)", name=m.name))
    if m.is_series and (not m.dates_input or m.date_rule not in DATE_RULES):
        problems.append(say("{name}: a time series needs dates_input and a date_rule ({rules})", name=m.name,
                            rules=", ".join(DATE_RULES)))
    if m.resolution_m <= 0:
        problems.append(say("{name}: resolution must be positive", name=m.name))
    if m.context_m and (m.context_m < 0 or not m.px_at_tile):
        problems.append(say("{name}: a context square needs a positive width and a fixed px_at_tile", name=m.name))
    return problems


# --- IGN's modalities (MULTISOURCE.md §2) ---------------------------------------------------------

# Four-band aerial models (RGBI as stored), from the same training config
AERIAL_RGBI_4 = (("R", "G", "B", "NIR"), (1, 2, 3, 4), (105.66, 111.35, 102.18, 106.59), (52.23, 45.62, 44.29, 39.78))
S2_BANDS = ("B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B11", "B12")
_DATES = dict(date_rule="days_from_MMDD_same_year", ref_date="05-15")
DEFAULTS: dict[str, Modality] = {
    "AERIAL_RGBI": Modality("AERIAL_RGBI", "image", ("NIR", "R", "G"), (4, 1, 2), 0.2, 0,
                            (106.59, 105.66, 111.35), (39.78, 52.23, 45.62)),
    "DEM_ELEV": Modality("DEM_ELEV", "image", ("DSM", "DSM-DTM"), (1, 2), 0.2, 0, (311.06, 311.06),
                         (537.55, 537.55), derive="dsm_minus_dtm"),
    # SPOT: IGN's current train config (IGNF/FLAIR-HUB configs/train/config_modalities.yaml since
    # bcc16fa, 2025-11-06; [1,2,3] before) feeds channels [4,1,2] = NIR, R, G and norm.py applies the
    # means/stds listed R, G, B, NIR by position, as for aerial: the card records the order converted
    "SPOT_RGBI": Modality("SPOT_RGBI", "image", ("NIR", "R", "G"), (4, 1, 2), 1.6, 0,
                          (433.26, 508.75, 467.77), (312.76, 284.61, 226.02)),
    "SENTINEL2_TS": Modality("SENTINEL2_TS", "series", S2_BANDS, tuple(range(1, 11)), 10.24, 0,
                             dates_input="SENTINEL2_DATES",
                             note="band order presumed as FLAIR#2's (verify on IGN's data)", **_DATES),
    "SENTINEL1-ASC_TS": Modality("SENTINEL1-ASC_TS", "series", ("VV", "VH"), (1, 2), 10.24, 0,
                                 dates_input="SENTINEL1-ASC_DATES", **_DATES),
    "SENTINEL1-DESC_TS": Modality("SENTINEL1-DESC_TS", "series", ("VV", "VH"), (1, 2), 10.24, 0,
                                  dates_input="SENTINEL1-DESC_DATES", **_DATES),
}
# Facts no public source of IGN's settles, per modality: shown by `info` until the user sets them at
# conversion (--bands / --norm, inference/convert/multisource/options.py)
UNVERIFIED: dict[str, dict[str, str]] = {
    "SPOT_RGBI": {"bands": "file bands [4,1,2] = NIR,R,G as IGN's train config since 2025-11-06 ([1,2,3] before)",
                  "normalisation": "the train config's means/stds, applied by position as its code does"},
}


def compose_note(base: str, unverified: dict[str, str], set_facts: tuple[str, ...] = ()) -> str:
    """A modality's note: ``base``, the unverified facts still open (marked verify), and which
    facts the user set at conversion."""
    parts = [base] if base else []
    open_facts = [text for fact, text in unverified.items() if fact not in set_facts]
    if open_facts:
        parts.append("; ".join(open_facts) + " (verify)")
    if set_facts:
        parts.append(" and ".join(set_facts) + " set at conversion")
    return "; ".join(parts)


for _name, _facts in UNVERIFIED.items():
    DEFAULTS[_name] = replace(DEFAULTS[_name], note=compose_note(DEFAULTS[_name].note, _facts))

SHORT_NAMES = {"AERIAL": "AERIAL_RGBI", "DEM": "DEM_ELEV", "SPOT": "SPOT_RGBI", "S2": "SENTINEL2_TS",
               "S1A": "SENTINEL1-ASC_TS", "S1D": "SENTINEL1-DESC_TS"}
TASKS = {
    "AERIAL_LABEL-COSIA": Task("AERIAL_LABEL-COSIA", "flair-hub-lc19", FLAIR_HUB_ORDER),
    "ALL_LABEL-LPIS": Task("ALL_LABEL-LPIS", "lpis23", tuple(range(1, len(LPIS_NAMES) + 1))),
}


def short_name(modality: str) -> str:
    """The command-line name of a modality (S2 for SENTINEL2_TS)."""
    return {v: k for k, v in SHORT_NAMES.items()}.get(modality, modality)


def px_at_tile(resolution_m: float, tile: int, grid_m: float = 0.2) -> int:
    """Pixels of a modality over one tile, as IGN computes it (model_utils.compute_patch_sizes)."""
    return int(round(tile / (resolution_m / grid_m)))


def default_modality(name: str, tile: int, grid_m: float = 0.2, fixed_size: bool = True) -> Modality:
    m = DEFAULTS[name]
    return replace(m, px_at_tile=px_at_tile(m.resolution_m, tile, grid_m) if fixed_size else 0)


__all__ = ["AERIAL_RGBI_4", "UNVERIFIED", "compose_note", "DEFAULTS", "Modality", "SHORT_NAMES", "TASKS", "Task",
           "default_modality", "modality_problems", "px_at_tile", "short_name"]
