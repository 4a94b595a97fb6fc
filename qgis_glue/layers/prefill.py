"""Guess which loaded layer and band fills each input role of a model.

- a colour layer (3+ bands, or a web layer's RGB image) fills R, G, B from bands 1, 2, 3;
  if it has a 4th band (an RGBI file), that band fills NIR;
- a layer whose name or source says IRC / infrared fills NIR from band 1 (BD ORTHO IRC: band 1 = NIR);
- a height layer (nDSM, DHM, MNH, CHM, "height") fills NDSM;
- otherwise a DSM (MNS) and a DTM (MNT, RGE ALTI) stand for NDSM (NDSM = DSM - DTM).

The guessing is plain Python on ``LayerDesc`` records; ``describe_layer`` makes one from a QGIS layer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_IRC = re.compile(r"(?<![a-z])(irc|cir|nir|infra-?red|infrarouge|false.?colou?r|fausses?.?couleurs?)(?![a-z])", re.I)
_HEIGHT = re.compile(r"(?<![a-z])(n-?dsm|dhm|mnh|chm|height|hauteur|canopy)(?![a-z])", re.I)
_DSM = re.compile(r"(?<![a-z])(dsm|mns|surface.?model)(?![a-z])", re.I)
_DTM = re.compile(r"(?<![a-z])(dtm|mnt|dem|terrain|rge.?alti|elevationgridcoverage\.highres(?!\.mns))(?![a-z])", re.I)
_RGB_HINT = re.compile(r"(rgb|ortho)", re.I)


@dataclass(frozen=True)
class LayerDesc:
    id: str
    name: str
    source: str
    bands: int  # bands a role can pick (a web layer's colour image counts as 3: R, G, B)
    web_colour: bool = False  # a WMS/WMTS image: bands are the picture's R, G, B
    res: float = 0.0  # pixel size in metres; 0 when unknown (web layers, degrees)


def kind(d: LayerDesc) -> str:
    """'irc', 'height', 'dsm', 'dtm', 'rgb' or 'other'."""
    text = f"{d.name} {d.source}"
    # the layer's own name speaks first (a file called ortho_irc in a folder named "rgb" is IRC)
    for t in (d.name, text):
        if _IRC.search(t):
            return "irc"
        if _HEIGHT.search(t):
            return "height"
        if _DSM.search(t):
            return "dsm"
        if _DTM.search(t):
            return "dtm"
    return "rgb" if d.bands >= 3 else "other"


def prefill(roles: tuple[str, ...], layers: list[LayerDesc]) -> dict[str, tuple[str, int]]:
    """role -> (layer id, 1-based band) for every role a loaded layer plausibly fills. When NDSM
    is wanted and no height layer exists, 'DSM' and 'DTM' entries stand for it."""
    kinds = {d.id: kind(d) for d in layers}
    by_kind: dict[str, list[LayerDesc]] = {}
    for d in layers:
        by_kind.setdefault(kinds[d.id], []).append(d)
    out: dict[str, tuple[str, int]] = {}
    rgbs = sorted(by_kind.get("rgb", []), key=lambda d: (not _RGB_HINT.search(d.name), d.bands != 3))
    if rgbs:
        rgb = rgbs[0]
        for role, band in (("R", 1), ("G", 2), ("B", 3)):
            if role in roles:
                out[role] = (rgb.id, band)
        if "NIR" in roles and rgb.bands >= 4 and not rgb.web_colour:
            out["NIR"] = (rgb.id, 4)
    if "NIR" in roles and by_kind.get("irc"):
        out["NIR"] = (by_kind["irc"][0].id, 1)
    if "NDSM" in roles:
        if by_kind.get("height"):
            out["NDSM"] = (by_kind["height"][0].id, 1)
        elif by_kind.get("dsm") and by_kind.get("dtm"):
            out["DSM"] = (by_kind["dsm"][0].id, 1)
            out["DTM"] = (by_kind["dtm"][0].id, 1)
    for role in ("DSM", "DTM"):
        if role in roles and by_kind.get(role.lower()):
            out[role] = (by_kind[role.lower()][0].id, 1)
    return out


def is_web_colour(layer) -> bool:
    """A layer whose provider serves pictures (one ARGB32 band), e.g. WMS/WMTS."""
    from qgis.core import Qgis

    provider = layer.dataProvider()
    if provider is None or layer.bandCount() < 1:
        return False
    return provider.dataType(1) in (Qgis.DataType.ARGB32, Qgis.DataType.ARGB32_Premultiplied)


def band_labels(layer) -> list[str]:
    """What the band list shows for a layer; index i is band i + 1."""
    if is_web_colour(layer):
        return ["1: red channel", "2: green channel", "3: blue channel"]
    return [layer.bandName(b) for b in range(1, layer.bandCount() + 1)]


def describe_layer(layer) -> LayerDesc:
    from ..compat import METERS

    web = is_web_colour(layer)
    metric = layer.crs().isValid() and layer.crs().mapUnits() == METERS
    res = layer.rasterUnitsPerPixelX() if metric and not web else 0.0
    return LayerDesc(layer.id(), layer.name(), layer.source(), 3 if web else layer.bandCount(), web, res)


# the orbit, in words (asc, ascending, ascendant) or as the dock names the rows (S1A / S1D: "s1a.tif",
# "s1-d_2021.tif"); not ESA's product names, where S1A is the satellite Sentinel-1A ("S1A_IW_GRDH_…")
_ESA_MODE = r"(?![a-z0-9])(?!_(iw|ew|sm|wv)_)"
_S1_ASC = re.compile(r"(?<![a-z])(asc|ascending|ascendant)|(?<![a-z0-9])s1-?a" + _ESA_MODE, re.I)
_S1_DESC = re.compile(r"(?<![a-z])(desc|dsc|descending|descendant)|(?<![a-z0-9])s1-?d" + _ESA_MODE, re.I)
_SENTINEL1 = re.compile(r"(?<![a-z0-9])(s1|sentinel-?1)", re.I)
_MASK = re.compile(r"(?<![a-z])(mask|msk|cloud|nuage)", re.I)
AERIAL_LAYOUTS = ("rgbi", "irc")  # an R,G,B,NIR file; the BD ORTHO IRC file (NIR, R, G)


def _fits(d: LayerDesc, mod) -> bool:
    """Whether a layer can be ``mod``'s input: pixels within 2x of the card's, bands that fit."""
    if d.res <= 0 or not 0.5 <= d.res / mod.resolution_m <= 2.0:
        return False
    text = f"{d.name} {d.source}"
    if mod.is_series:
        per_date = len(mod.bands)
        if d.bands % per_date or _MASK.search(d.name):
            return False
        if mod.name.startswith("SENTINEL1"):  # 2 bands a date: only a layer that says which orbit
            orbit = _S1_ASC if "ASC" in mod.name else _S1_DESC
            return bool(orbit.search(text))
        return not _SENTINEL1.search(d.name)
    if mod.derive == "dsm_minus_dtm":
        return d.bands == 2
    return d.bands >= max(mod.source_bands, default=len(mod.bands)) or (
        mod.name == "AERIAL_RGBI" and d.bands >= 3 and kind(d) == "irc")


def prefill_modalities(modalities, layers: list[LayerDesc]) -> dict[str, tuple[str, str]]:
    """modality name -> (layer id, aerial layout or "") for each modality a loaded layer plausibly
    feeds (closest pixel size first); a layer feeds one modality at most."""
    out: dict[str, tuple[str, str]] = {}
    used: set[str] = set()
    for mod in modalities:
        fits = sorted((d for d in layers if d.id not in used and _fits(d, mod)),
                      key=lambda d: abs(d.res - mod.resolution_m))
        if not fits:
            continue
        d = fits[0]
        layout = ""
        if mod.name == "AERIAL_RGBI":
            layout = "irc" if kind(d) == "irc" or d.bands < max(mod.source_bands, default=4) else "rgbi"
        out[mod.name] = (d.id, layout)
        used.add(d.id)
    return out
