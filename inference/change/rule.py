"""The artificialisation rule: which classes count as artificialised, from which patch size.

A pixel is artificialised in a vintage when its class is marked artificialised and its patch
(the 8-connected pixels of that class around it) reaches the class's reference threshold. The
default thresholds follow décret n° 2023-1096 (annex of article R.101-1 of the code de
l'urbanisme): 50 m² of footprint for built surfaces, 2,500 m² for surfaces made impervious or
covered. The table may be replaced by a CSV ``code,artificialised,threshold_m2`` (``--artif``);
a code it does not list is not artificialised.
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass

from ..core.classes import CLASS_BY_CODE
from ..core.errors import InputError

HEADER = ("code", "artificialised", "threshold_m2")
_TRUE = {"1", "true", "yes", "oui", "y"}
_FALSE = {"0", "false", "no", "non", "n"}


@dataclass(frozen=True)
class ArtifRule:
    """FLAIR code -> reference threshold in m² for the classes that count as artificialised."""

    thresholds: dict[int, float]
    source: str = "default"  # "default", or the CSV it was read from

    def pixels_needed(self, res: float) -> dict[int, int]:
        """The smallest patch, in pixels of ``res`` metres, that reaches each threshold.

        area = n * res² >= T  <=>  n >= T / res²; the tiny relative slack keeps 50 m² at 0.2 m
        (1250.0000000000002 in floating point) at 1250 px, not 1251."""
        px = res * res
        return {c: max(1, math.ceil(t / px * (1 - 1e-9))) if t > 0 else 1 for c, t in self.thresholds.items()}


# building, pervious surface, impervious surface, swimming pool, greenhouse
DEFAULT_RULE = ArtifRule({1: 50.0, 2: 2500.0, 3: 2500.0, 13: 50.0, 18: 50.0})


def read_rule(path: str) -> ArtifRule:
    """Read a ``code,artificialised,threshold_m2`` table; every mistake is named with its line."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows = list(csv.reader(f))
    except (OSError, UnicodeDecodeError) as e:
        raise InputError.say("cannot read the artificialisation table {path}: {reason}", path=path,
                             reason=str(e)) from None
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows or tuple(c.strip().lower() for c in rows[0]) != HEADER:
        raise InputError.say("{path}: the first line must be {header} (FLAIR code, 1 or 0, m²)", path=path,
                             header=",".join(HEADER))
    thresholds: dict[int, float] = {}
    seen: set[int] = set()
    for n, row in enumerate(rows[1:], start=2):
        code, artif, threshold = _row(path, n, row)
        if code in seen:
            raise InputError.say("{path}, line {line}: code {code} is listed twice", path=path, line=n, code=code)
        seen.add(code)
        if artif:
            thresholds[code] = threshold
    return ArtifRule(thresholds, path)


def _row(path: str, n: int, row: list[str]) -> tuple[int, bool, float]:
    if len(row) != 3:
        raise InputError.say("{path}, line {line}: expected 3 values (code, artificialised, threshold_m2), got "
                             "{count}", path=path, line=n, count=len(row))
    code_s, artif_s, thr_s = (c.strip() for c in row)
    try:
        code = int(code_s)
    except ValueError:
        raise InputError.say("{path}, line {line}: code {code} is not a FLAIR code 1..19", path=path, line=n,
                             code=repr(code_s)) from None
    if code not in CLASS_BY_CODE:
        raise InputError.say("{path}, line {line}: code {code} is not a FLAIR code 1..19", path=path, line=n,
                             code=code)
    if artif_s.lower() not in _TRUE | _FALSE:
        raise InputError.say("{path}, line {line}: artificialised must be 1 or 0, not {value}", path=path, line=n,
                             value=repr(artif_s))
    try:
        threshold = float(thr_s) if thr_s else 0.0
    except ValueError:
        raise InputError.say("{path}, line {line}: threshold_m2 {value} is not a number of m²", path=path, line=n,
                             value=repr(thr_s)) from None
    if not math.isfinite(threshold) or threshold < 0:
        raise InputError.say("{path}, line {line}: threshold_m2 must be 0 or more m², not {value}", path=path,
                             line=n, value=thr_s)
    return code, artif_s.lower() in _TRUE, threshold
