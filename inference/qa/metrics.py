"""Confusion matrices accumulated window by window, and the metrics derived from them.

Codes: a confusion matrix is indexed [reference code, predicted code] in one nomenclature's code
space, code 0 = nodata (FLAIR: codes 0..19, a 20x20 matrix; LPIS: codes 0..23). Pixels where either
raster is nodata stay in row/column 0: they count in the per-raster areas but in no metric.

Per class c (over pixels valid in both): TP = cm[c, c], FP = column sum - TP, FN = row sum - TP;
IoU = TP / (TP + FP + FN), precision = TP / (TP + FP), recall = TP / (TP + FN),
F1 = 2 TP / (2 TP + FP + FN); each is None where its denominator is 0. OA = trace / total.

FLAIR challenge protocol (shared FLAIR.md §6; IGNF/FLAIR-1 ``calc_miou``): both rasters reduced to
13 classes, index = min(code, 13) - 1 (codes 13..19 merged into "other"), the 13x13 matrix summed
over all pixels, IoU per class, and mIoU = mean over the first 12 classes, "other" excluded, classes
absent from both rasters (IoU 0/0 = NaN) skipped. The full variant averages the IoU of codes 1..19
present in either raster, "other" included.
"""
from __future__ import annotations

import math

import numpy as np

from ..core.classes import code_names

FLAIR_CODES = 20  # codes 0..19
PROTOCOL_CLASSES = 13
PROTOCOL_NAMES = tuple(code_names("flair")[c] for c in range(1, 13)) + ("other (codes 13-19)",)


def n_codes(nomenclature_name: str) -> int:
    return len(code_names(nomenclature_name)) + 1


class ConfusionAccumulator:
    """Adds windows of (reference codes, predicted codes) into one int64 confusion matrix."""

    def __init__(self, n: int = FLAIR_CODES):
        self.n = n
        self.matrix = np.zeros((n, n), dtype=np.int64)

    def add(self, ref: np.ndarray, pred: np.ndarray, inside: np.ndarray | None = None) -> None:
        """``ref``/``pred``: integer code arrays of one shape (0 = nodata); ``inside``: optional bool
        mask, pixels outside it are not counted at all."""
        r = ref.astype(np.int64, copy=False).ravel()
        p = pred.astype(np.int64, copy=False).ravel()
        if inside is not None:
            keep = inside.ravel()
            r, p = r[keep], p[keep]
        if r.size and (r.max() >= self.n or p.max() >= self.n or r.min() < 0 or p.min() < 0):
            raise ValueError(f"codes outside 0..{self.n - 1}")
        self.matrix += np.bincount(r * self.n + p, minlength=self.n * self.n).reshape(self.n, self.n)


def _ratio(num: float, den: float) -> float | None:
    return float(num) / float(den) if den else None


def class_stats(cm: np.ndarray, invalid: np.ndarray | None = None) -> dict[int, dict]:
    """Per code 1..n-1: tp, fp, fn, iou, precision, recall, f1 over pixels valid in both rasters.

    ``invalid[c]``: pixels of reference code c whose prediction holds a value that is no class (a
    wrong encoding, a broken file): errors, counted as false negatives of c."""
    valid = cm[1:, 1:]
    tp = np.diag(valid)
    fp = valid.sum(axis=0) - tp
    fn = valid.sum(axis=1) - tp
    if invalid is not None:
        fn = fn + invalid[1:]
    out = {}
    for i in range(valid.shape[0]):
        t, p, n = int(tp[i]), int(fp[i]), int(fn[i])
        out[i + 1] = {
            "tp": t, "fp": p, "fn": n,
            "iou": _ratio(t, t + p + n),
            "precision": _ratio(t, t + p),
            "recall": _ratio(t, t + n),
            "f1": _ratio(2 * t, 2 * t + p + n),
        }
    return out


def overall_accuracy(cm: np.ndarray, invalid: np.ndarray | None = None) -> float | None:
    valid = cm[1:, 1:]
    return _ratio(np.trace(valid), valid.sum() + (0 if invalid is None else invalid[1:].sum()))


def protocol_matrix(cm20: np.ndarray) -> np.ndarray:
    """The FLAIR challenge's 13x13 matrix from a 20x20 code matrix (nodata dropped)."""
    index = np.minimum(np.arange(1, FLAIR_CODES), PROTOCOL_CLASSES) - 1  # code c -> min(c, 13) - 1
    m = np.zeros((PROTOCOL_CLASSES, PROTOCOL_CLASSES), dtype=np.int64)
    np.add.at(m, (index[:, None], index[None, :]), cm20[1:, 1:])
    return m


def protocol_ious(cm13: np.ndarray, invalid13: np.ndarray | None = None) -> np.ndarray:
    """IoU of each of the 13 protocol classes, NaN where the class is absent from both rasters."""
    tp = np.diag(cm13).astype(float)
    union = cm13.sum(axis=0) + cm13.sum(axis=1) - tp
    if invalid13 is not None:
        union = union + invalid13
    with np.errstate(divide="ignore", invalid="ignore"):
        return tp / union


def protocol_miou(cm13: np.ndarray, invalid13: np.ndarray | None = None) -> float | None:
    """Mean IoU of the first 12 classes ("other" excluded), classes absent from both skipped."""
    ious = protocol_ious(cm13, invalid13)[:-1]
    kept = ious[~np.isnan(ious)]
    return float(kept.mean()) if kept.size else None


def full_miou(cm: np.ndarray, invalid: np.ndarray | None = None) -> float | None:
    """Mean IoU over every code present in either raster ("other" included)."""
    ious = [s["iou"] for s in class_stats(cm, invalid).values() if s["iou"] is not None]
    return float(np.mean(ious)) if ious else None


def _clean(v):
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


def summarize(cm: np.ndarray, pixel_area: float = 1.0, nomenclature_name: str = "flair",
              invalid: np.ndarray | None = None) -> dict:
    """Everything the reports show, JSON-ready. ``confusion`` rows are reference codes and columns
    predicted codes (0 = nodata); ``per_class`` is keyed by code (as a string in JSON)."""
    names = code_names(nomenclature_name)
    stats = class_stats(cm, invalid)
    ref_px = cm.sum(axis=1)  # per reference code, whatever the prediction (even nodata)
    pred_px = cm.sum(axis=0)
    ref_total = int(ref_px[1:].sum())
    pred_total = int(pred_px[1:].sum())
    both = int(cm[1:, 1:].sum())
    per_class = {}
    for code, s in stats.items():
        if not (ref_px[code] or pred_px[code]):
            continue
        per_class[code] = {
            "name": names.get(code, f"code {code}"),
            **{k: s[k] for k in ("iou", "precision", "recall", "f1")},
            "tp_pixels": s["tp"], "fp_pixels": s["fp"], "fn_pixels": s["fn"],
            "ref_pixels": int(ref_px[code]), "pred_pixels": int(pred_px[code]),
            "ref_area_m2": float(ref_px[code] * pixel_area),
            "pred_area_m2": float(pred_px[code] * pixel_area),
            "ref_pct": 100.0 * ref_px[code] / ref_total if ref_total else None,
            "pred_pct": 100.0 * pred_px[code] / pred_total if pred_total else None,
        }
    out = {
        "nomenclature": nomenclature_name,
        "oa": overall_accuracy(cm, invalid),
        "miou": None,
        "miou_full": full_miou(cm, invalid),
        "invalid_pred_pixels": 0 if invalid is None else int(invalid[1:].sum()),
        "pixel_area_m2": float(pixel_area),
        "compared_pixels": both,
        "compared_area_m2": float(both * pixel_area),
        "ref_only_pixels": int(cm[1:, 0].sum()),  # reference valid, prediction nodata
        "pred_only_pixels": int(cm[0, 1:].sum()),
        "confusion": cm.astype(int).tolist(),
        "per_class": per_class,
    }
    if nomenclature_name == "flair":
        cm13 = protocol_matrix(cm)
        inv13 = None
        if invalid is not None:
            inv13 = np.zeros(PROTOCOL_CLASSES, np.int64)
            np.add.at(inv13, np.minimum(np.arange(1, FLAIR_CODES), PROTOCOL_CLASSES) - 1, invalid[1:FLAIR_CODES])
        ious = protocol_ious(cm13, inv13)
        out["miou"] = protocol_miou(cm13, inv13)
        out["protocol"] = {
            "classes": list(PROTOCOL_NAMES),
            "iou": [_clean(float(v)) for v in ious],
            "confusion": cm13.astype(int).tolist(),
        }
    else:
        out["miou"] = out["miou_full"]
    return out
