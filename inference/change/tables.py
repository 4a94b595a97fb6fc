"""The CSV tables: the transition matrix and the per-zone balance, in hectares.

Hectares are written with as many decimals as one pixel needs (4 at 1 m, 6 at 0.2 m), so the
tables are exact to the pixel and their sums add up.
"""
from __future__ import annotations

import csv
import io

import numpy as np

ZONE_COLUMNS = ("zone", "area_ha", "artificialised_before_ha", "artificialised_after_ha", "artificialisation_ha",
                "renaturation_ha", "net_ha")
ALL = "all"


def decimals(pixel_m2: float) -> int:
    """The fewest decimals (at least 4) that write any number of pixels' hectares exactly."""
    ha = pixel_m2 / 1e4
    for d in range(4, 13):
        scaled = ha * 10 ** d
        if abs(scaled - round(scaled)) < 1e-6:
            return d
    return 12


def present_codes(matrix: np.ndarray) -> list[int]:
    """Codes held by either vintage over the common valid area."""
    m = matrix[1:, 1:]
    return [c + 1 for c in range(m.shape[0]) if m[c].any() or m[:, c].any()]


def transitions_csv(matrix: np.ndarray, pixel_m2: float) -> str:
    """First column code_before, then one column per code_after (the header holds the codes)."""
    d = decimals(pixel_m2)
    codes = present_codes(matrix)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code_before"] + codes)
    for b in codes:
        w.writerow([b] + [f"{matrix[b, a] * pixel_m2 / 1e4:.{d}f}" for a in codes])
    return buf.getvalue()


def zone_rows(balance: np.ndarray, names: list[str], pixel_m2: float) -> list[dict]:
    """One dict per zone (sorted by name) and a last one ``all`` over the whole common valid area,
    inside a zone or not; values in hectares."""
    def row(name: str, px: np.ndarray) -> dict:
        ha = [float(v) * pixel_m2 / 1e4 for v in px]
        values = dict(zip(ZONE_COLUMNS[1:6], ha))
        values["net_ha"] = (float(px[3]) - float(px[4])) * pixel_m2 / 1e4
        return {"zone": name, **values, "pixels": [int(v) for v in px]}

    order = sorted(range(len(names)), key=lambda i: names[i])
    rows = [row(names[i], balance[:, i + 1]) for i in order]
    rows.append(row(ALL, balance.sum(axis=1)))
    return rows


def zones_csv(rows: list[dict], pixel_m2: float) -> str:
    d = decimals(pixel_m2)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(ZONE_COLUMNS)
    for r in rows:
        w.writerow([r["zone"]] + [f"{r[c]:.{d}f}" for c in ZONE_COLUMNS[1:]])
    return buf.getvalue()

