"""Metrics against confusion matrices worked out by hand, and the FLAIR protocol's quirks."""
import math

import numpy as np
import pytest

from inference.qa.metrics import (
    ConfusionAccumulator,
    class_stats,
    full_miou,
    protocol_matrix,
    protocol_miou,
    summarize,
)


def cm20(entries):
    """A 20x20 code matrix from {(ref code, pred code): pixels}."""
    m = np.zeros((20, 20), dtype=np.int64)
    for (r, p), n in entries.items():
        m[r, p] = n
    return m


def test_accumulator_counts_each_pair_and_streams():
    # ref  1 1 2      pred 1 2 2
    #      2 3 3           2 3 1
    ref = np.array([[1, 1, 2], [2, 3, 3]])
    pred = np.array([[1, 2, 2], [2, 3, 1]])
    whole = ConfusionAccumulator()
    whole.add(ref, pred)
    assert whole.matrix[1, 1] == 1 and whole.matrix[1, 2] == 1
    assert whole.matrix[2, 2] == 2 and whole.matrix[3, 3] == 1 and whole.matrix[3, 1] == 1
    assert whole.matrix.sum() == 6
    parts = ConfusionAccumulator()  # the same pixels in two windows
    parts.add(ref[:, :2], pred[:, :2])
    parts.add(ref[:, 2:], pred[:, 2:])
    assert np.array_equal(parts.matrix, whole.matrix)
    inside = ConfusionAccumulator()
    inside.add(ref, pred, inside=np.array([[True, True, True], [False, False, False]]))
    assert inside.matrix.sum() == 3 and inside.matrix[1, 2] == 1


def test_per_class_metrics_by_hand():
    # building(1): 8 right, 2 called impervious(3); impervious: 5 right, 5 called building; water(5): 4 right
    m = cm20({(1, 1): 8, (1, 3): 2, (3, 3): 5, (3, 1): 5, (5, 5): 4})
    s = class_stats(m)
    # building: TP 8, FP 5, FN 2 -> IoU 8/15, precision 8/13, recall 8/10, F1 16/23
    assert s[1]["iou"] == pytest.approx(8 / 15)
    assert s[1]["precision"] == pytest.approx(8 / 13)
    assert s[1]["recall"] == pytest.approx(0.8)
    assert s[1]["f1"] == pytest.approx(16 / 23)
    # impervious: TP 5, FP 2, FN 5 -> IoU 5/12
    assert s[3]["iou"] == pytest.approx(5 / 12)
    assert s[5]["iou"] == 1.0
    # absent from both: every ratio undefined, not 0
    assert s[2] == {"tp": 0, "fp": 0, "fn": 0, "iou": None, "precision": None, "recall": None, "f1": None}
    out = summarize(m, pixel_area=0.04)
    assert out["oa"] == pytest.approx(17 / 24)
    # protocol: classes 1, 3, 5 present -> (8/15 + 5/12 + 1) / 3; the full variant is the same here
    assert out["miou"] == pytest.approx((8 / 15 + 5 / 12 + 1) / 3)
    assert out["miou_full"] == pytest.approx(out["miou"])
    assert out["per_class"][1]["ref_area_m2"] == pytest.approx(10 * 0.04)
    assert out["per_class"][1]["pred_area_m2"] == pytest.approx(13 * 0.04)
    assert out["per_class"][1]["ref_pct"] == pytest.approx(100 * 10 / 24)
    assert set(out["per_class"]) == {1, 3, 5}


def test_protocol_merges_codes_13_to_19_into_other_and_excludes_it():
    # pool(13) predicted as greenhouse(18): the same "other" class in the 13-class protocol -> a hit;
    # other(19) predicted as building: FP for building.
    m = cm20({(1, 1): 6, (13, 18): 4, (19, 1): 2, (10, 10): 3})
    cm13 = protocol_matrix(m)
    assert cm13[12, 12] == 4 and cm13[12, 0] == 2 and cm13[0, 0] == 6 and cm13[9, 9] == 3
    assert cm13.sum() == m.sum()
    # building IoU 6/(6+2) = 0.75, herbaceous 1.0; "other" (IoU 4/6) is excluded from the mean
    assert protocol_miou(cm13) == pytest.approx((0.75 + 1.0) / 2)
    # full variant: codes 1 (0.75), 10 (1.0), 13 (0/4 = 0), 18 (0/4 = 0), 19 (0/2 = 0)
    assert full_miou(m) == pytest.approx(1.75 / 5)
    out = summarize(m)
    assert out["protocol"]["iou"][12] == pytest.approx(4 / 6)
    assert out["protocol"]["iou"][1] is None  # pervious: absent from both -> skipped, reported as null


def test_protocol_counts_a_class_present_in_only_one_map_as_zero():
    # water in the prediction only: IoU 0 and it *does* count (not absent from both)
    m = cm20({(1, 1): 5, (2, 5): 5})
    assert protocol_miou(protocol_matrix(m)) == pytest.approx((1.0 + 0.0 + 0.0) / 3)


def test_protocol_matches_ign_calc_miou():
    """Our protocol mIoU equals IGN's formula (IGNF/FLAIR-1 calc_miou) applied to the 13-class
    matrix of random maps: np.nansum(ious[:-1]) / count of non-NaN ious[:-1]."""
    rng = np.random.default_rng(5)
    ref = rng.choice([1, 2, 3, 6, 13, 16, 19], size=(64, 64))
    pred = rng.choice([1, 2, 4, 6, 14], size=(64, 64))
    acc = ConfusionAccumulator()
    acc.add(ref, pred)
    t, p = np.minimum(ref, 13) - 1, np.minimum(pred, 13) - 1  # IGN: target - 1, target[target > 12] = 12
    cm = np.zeros((13, 13), np.int64)
    np.add.at(cm, (t.ravel(), p.ravel()), 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ious = np.diag(cm) / (cm.sum(0) + cm.sum(1) - np.diag(cm))
    ign = np.nansum(ious[:-1]) / (~np.isnan(ious[:-1])).sum()
    assert summarize(acc.matrix)["miou"] == pytest.approx(ign)


def test_nodata_counts_in_areas_but_in_no_metric():
    # 4 pixels where the prediction is nodata (column 0), 3 where the reference is (row 0)
    m = cm20({(1, 1): 10, (1, 0): 4, (0, 2): 3})
    out = summarize(m, pixel_area=2.0)
    assert out["oa"] == 1.0 and out["compared_pixels"] == 10
    assert out["ref_only_pixels"] == 4 and out["pred_only_pixels"] == 3
    assert out["per_class"][1]["ref_area_m2"] == 28.0  # 14 px of building in the reference
    assert out["per_class"][2]["pred_area_m2"] == 6.0
    assert out["per_class"][2]["iou"] is None  # never compared
    assert out["confusion"][1][0] == 4


def test_lpis_nomenclature_has_no_protocol():
    m = np.zeros((24, 24), np.int64)
    m[1, 1], m[2, 1] = 3, 1
    out = summarize(m, nomenclature_name="lpis")
    assert "protocol" not in out
    assert out["per_class"][1]["name"] == "grasses"
    assert out["miou"] == pytest.approx(0.75 / 2)  # grasses 3/4, wheat 0
    assert not math.isnan(out["oa"])


def test_accumulator_rejects_codes_out_of_range():
    with pytest.raises(ValueError):
        ConfusionAccumulator().add(np.array([20]), np.array([1]))
