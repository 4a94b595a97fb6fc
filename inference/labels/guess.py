"""Guess which label encoding a raster is in, from its values, its file name and its tags.

The encodings (classes.LABEL_ENCODINGS) differ only in how a stored value maps to a class, and a
raster of 0-based indices 0..11 is valid in four of them. So the guess names one encoding only when
the evidence leaves no other (``guess.encoding``); otherwise it ranks the candidates
(``guess.suggested`` first) and the caller must ask the user.

Evidence, strongest first:
1. class names embedded by our own style (band tag CLASSES) matching one encoding exactly;
2. FLAIR-HUB modality names in the file name: AERIAL_LABEL-COSIA (flair-hub), LABEL-LPIS (lpis);
3. FLAIR#1/#2 masks ``MSK_*.tif`` holding 1..19 (flair19);
4. a declared nodata of 0 with values in 1..19 (our outputs: flair19);
5. the values themselves: an encoding is possible only if it has a class for every value seen.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field

from ..core.classes import ENCODING_TITLES, LABEL_ENCODINGS, LANGUAGES, LPIS_NAMES, classes_for_encoding
from ..core.errors import InputError
from ..core.messages import say
from ..core.raster import gdal_errors, open_quietly, values_present

# Stored values that are classes (or flair19's nodata 0) in each encoding.
VALID_VALUES = {
    "flair19": set(range(0, 20)),
    "flair-inc": set(range(0, 19)),
    "flair13": set(range(0, 13)),
    "flair-hub": set(range(0, 19)),
    "lpis": set(range(0, len(LPIS_NAMES))),
}


@dataclass
class EncodingGuess:
    encoding: str | None  # set only when unambiguous
    suggested: str | None  # the most likely candidate (None: no encoding fits the values)
    candidates: list[str] = field(default_factory=list)
    values: list[int] = field(default_factory=list)
    reason: str = ""  # a Said: the dock and Processing say it again in QGIS's language

    @property
    def ambiguous(self) -> bool:
        return self.encoding is None


def _tagged_encoding(path: str, band: int) -> str | None:
    """The encoding whose class names our style embedded in the file (band tag CLASSES)."""
    try:
        with open_quietly(path) as ds:
            text = ds.tags(band).get("CLASSES")
    except (OSError, IndexError, *gdal_errors()):  # unreadable or no such band: no tag to go by
        return None
    if not text:
        return None
    try:
        tagged = {int(k): v for k, v in json.loads(text).items()}
    except (ValueError, AttributeError):
        return None
    hits = [e for e in LABEL_ENCODINGS
            if any({v: n for v, n, _ in classes_for_encoding(e, lang)} == tagged for lang in LANGUAGES)]
    return hits[0] if len(hits) == 1 else None


def _declared_nodata(path: str):
    with open_quietly(path) as ds:
        return ds.nodata


def guess_encoding(path: str, band: int = 1, values: set[int] | None = None) -> EncodingGuess:
    """Guess the label encoding of ``band`` of the raster at ``path`` (see the module docstring)."""
    name = os.path.basename(path).upper()
    vals = set(values_present(path, band)) if values is None else set(values)
    nodata = _declared_nodata(path)
    if nodata is not None and float(nodata).is_integer():
        vals.discard(int(nodata))
    shown = sorted(vals)
    candidates = [e for e in LABEL_ENCODINGS if vals <= VALID_VALUES[e]]

    def sure(enc: str, why: str) -> EncodingGuess:
        return EncodingGuess(enc, enc, candidates or [enc], shown, why)

    tagged = _tagged_encoding(path, band)
    if tagged and tagged in candidates:
        return sure(tagged, say("the file carries the class names of {title}", title=ENCODING_TITLES[tagged]))
    if "LABEL-COSIA" in name and "flair-hub" in candidates:
        return sure("flair-hub", say("a FLAIR-HUB AERIAL_LABEL-COSIA file (0-based, FLAIR-HUB order)"))
    if "LABEL-LPIS" in name and "lpis" in candidates:
        return sure("lpis", say("a FLAIR-HUB ALL_LABEL-LPIS file (23 crop-type classes, 0-based)"))
    if re.match(r"MSK_\d+", name) and vals and min(vals) >= 1 and "flair19" in candidates:
        return sure("flair19", say("a FLAIR#1/#2 mask (MSK_*) holding codes 1..19"))
    if nodata == 0 and "flair19" in candidates:
        return sure("flair19", say("nodata is 0 and every value is a FLAIR code 1..19"))
    if not candidates:
        return EncodingGuess(None, None, [], shown,
                             say("values {found} fit no label encoding (at most 0..22)", found=shown))
    if len(candidates) == 1:
        return sure(candidates[0], say("only {title} has a class for every value",
                                       title=ENCODING_TITLES[candidates[0]]))
    # Ambiguous: rank the candidates.
    ranked = list(candidates)
    if vals and min(vals) >= 1 and "flair19" in ranked:
        ranked.remove("flair19")
        ranked.insert(0, "flair19")
        why = say("no value 0, which suggests FLAIR codes 1..19, but 0-based indices fit too")
    elif re.match(r"PRED_\d+", name) and "flair13" in ranked:
        ranked.remove("flair13")
        ranked.insert(0, "flair13")
        why = say("named like a FLAIR#1 baseline prediction (13 classes, 0-based), but other 0-based encodings "
                  "fit too")
    else:
        why = say("values {found} fit {count} encodings", found=shown, count=len(ranked))
    return EncodingGuess(None, ranked[0], ranked, shown, why)


class EncodingUnknown(InputError):
    """The encoding of a label raster could not be told from its values, name and tags (``guess``:
    what was found, the candidates)."""

    guess: EncodingGuess | None = None


def require_encoding(path: str, band: int = 1, what: str = "", how: str = "--encoding",
                     name: str | None = None, titles: bool = False) -> EncodingGuess:
    """The guessed encoding of a label band, or EncodingUnknown naming the raster, the candidates and
    how to say which (``how``: the command line's option, e.g. "--pred-encoding", said as
    ``{encoding_option}``: a front end says its own field or parameter). ``what`` qualifies the
    raster ("prediction"); ``name`` is how the user knows it (a layer name), ``titles`` lists the
    candidates by their titles (as a GUI shows them) rather than their ids (as the CLI takes them)."""
    g = guess_encoding(path, band)
    if g.encoding:
        return g
    cands = ", ".join(ENCODING_TITLES[c] if titles else c for c in g.candidates) or say("none fits")
    if name:
        template = "cannot tell how {name} is encoded ({reason}); candidates: {candidates}. Say which with " \
                   "{encoding_option}."
    elif what:
        template = "cannot tell the {what} encoding of {path} ({reason}); candidates: {candidates}. Say which " \
                   "with {encoding_option}."
    else:
        template = "cannot tell the encoding of {path} ({reason}); candidates: {candidates}. Say which with " \
                   "{encoding_option}."
    error = EncodingUnknown.say(template, name=name, what=what, path=path, reason=g.reason, candidates=cands,
                                encoding_option=how)
    error.guess = g  # a front end lists the candidates in its own words
    raise error
