"""A transparent spectral-and-height baseline, written as a small ONNX graph.

It is not a trained FLAIR network: a handful of hand-set rules on NDVI, height above ground
and colour, so the plugin has a model to run out of the box and users can see what each
pixel's class rests on (docs/baseline.md). Being an ordinary ONNX file with our model card,
it goes through exactly the same engine path as a real FLAIR model.

Each rule is a *test* on one feature, made soft: z = (feature - threshold) / width, and the
test "holds" with membership sigmoid(z). A class is the conjunction of tests it requires to
hold or to fail; its score is the sum of the log-memberships (log of their product). Softmax
over those scores is then each class's product of memberships, renormalised, so the engine's
confidence says how clearly a pixel passed its rules. Scores are averaged over 3x3 pixels to
remove single-pixel speckle from noisy NDVI (receptive-field radius 1 = the card's margin).
"""
from __future__ import annotations

import numpy as np

from .card import InputSpec, ModelCard

# (name, threshold, width) of each soft test, in the order of the feature stack built below.
# Thresholds were read off the IGN Montpellier sample (data/montpellier) and textbook values.
TESTS = (
    # NDVI = (NIR - R) / (NIR + R + 1) in raw BD ORTHO digital numbers. BD ORTHO IRC is not
    # reflectance-calibrated: grey asphalt and tiles sit at -0.35..-0.07, while even the dull
    # summer crowns of pines and dry lawns stay above 0.1, so the split is just above 0.
    ("vegetated", 0.02, 0.03),
    # Height above ground (nDSM) in metres. 2 m separates cars, walls, hedges and low sheds
    # from one-storey buildings and trees; 0.3 m softness covers LiDAR noise and resampling.
    ("tall", 2.0, 0.3),
    # Mean of R, G, B. Pool water is bright (tiled basins, ~200-240); the same cyan hue in
    # shade (dark skylight-lit concrete) is not a pool.
    ("bright", 120.0, 10.0),
    # min(G, B) - R: pool water is cyan, green and blue both well above red (~+30); grey and
    # bluish-grey roofs and roads stay within ~10 of red.
    ("cyan", 15.0, 4.0),
    # R - B: earth, dry soil and gravel are warm (R - B ~ 20..40) where asphalt and concrete
    # are neutral grey (|R - B| < 10).
    ("warm", 15.0, 5.0),
)
TEST_INDEX = {name: i for i, (name, _, _) in enumerate(TESTS)}
FEATURE_OF_TEST = {"vegetated": "ndvi", "tall": "height_m", "bright": "brightness", "cyan": "cyan", "warm": "warm"}

# FLAIR code -> the tests that must hold (True) or fail (False). Only classes these features
# can honestly tell apart; see docs/baseline.md for what is left out (water, conifers, ...).
RULES: dict[int, dict[str, bool]] = {
    1: {"tall": True, "vegetated": False},  # building: tall and not green
    3: {"tall": False, "vegetated": False, "cyan": False, "warm": False},  # impervious: low grey
    4: {"tall": False, "vegetated": False, "cyan": False, "warm": True},  # bare soil: low warm
    7: {"tall": True, "vegetated": True},  # deciduous: trees and any tall vegetation
    10: {"tall": False, "vegetated": True},  # herbaceous: low vegetation
    13: {"tall": False, "vegetated": False, "cyan": True, "bright": True},  # swimming pool
}
CLASS_CODES = tuple(sorted(RULES))
SMOOTH = 3  # pixels of the square the scores are averaged over
HEIGHT_STEP_M = 0.2  # the NDSM arrives as "height_0.2m_uint8": value * 0.2 = metres

CARD = ModelCard(
    name="Spectral-height baseline (not a FLAIR network)",
    inputs=(InputSpec("R"), InputSpec("G"), InputSpec("B"), InputSpec("NIR"),
            InputSpec("NDSM", "height_0.2m_uint8")),
    class_codes=CLASS_CODES,
    scale=1.0,  # the rules are written in raw 0..255 digital numbers
    resolution_m=0.2,
    tile=512,
    margin=SMOOTH // 2,
    output="logits",
    version="1",
    licence="GPL-2.0-or-later",
    description="Hand-set rules on NDVI, height above ground and colour; a transparent stand-in, not a "
    "trained FLAIR model.",
)


def rule_matrix() -> np.ndarray:
    """(K, 2M) weights: column j adds log sigmoid(z_j) (test holds), M + j log sigmoid(-z_j)."""
    m = len(TESTS)
    w = np.zeros((len(CLASS_CODES), 2 * m), np.float32)
    for k, code in enumerate(CLASS_CODES):
        for name, holds in RULES[code].items():
            j = TEST_INDEX[name]
            w[k, j if holds else m + j] = 1.0
    return w


def build_baseline_model(path: str) -> str:
    """Write the baseline as an ONNX model (opset 17, input (N, 5, H, W)) with its card."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    m, k = len(TESTS), len(CLASS_CODES)

    def const(name, value):
        return numpy_helper.from_array(np.asarray(value, np.float32), name)

    def node(op, ins, out, **attrs):
        return helper.make_node(op, ins, [out], **attrs)

    inits = [
        const("one", 1.0),
        const("three", 3.0),
        const("height_step", HEIGHT_STEP_M),
        const("thresholds", np.array([t for _, t, _ in TESTS]).reshape(1, m, 1, 1)),
        const("widths", np.array([w for _, _, w in TESTS]).reshape(1, m, 1, 1)),
        const("rules", rule_matrix().reshape(k, 2 * m, 1, 1)),
    ]
    nodes = [
        helper.make_node("Split", ["x"], ["r", "g", "b", "nir", "e"], axis=1),  # equal parts
        # features (tensor names as in FEATURE_OF_TEST)
        node("Sub", ["nir", "r"], "nir_minus_r"),
        node("Add", ["nir", "r"], "nir_plus_r"),
        node("Add", ["nir_plus_r", "one"], "ndvi_den"),  # +1 DN: no 0/0 on black pixels
        node("Div", ["nir_minus_r", "ndvi_den"], "ndvi"),
        node("Mul", ["e", "height_step"], "height_m"),
        node("Sum", ["r", "g", "b"], "rgb_sum"),
        node("Div", ["rgb_sum", "three"], "brightness"),
        node("Min", ["g", "b"], "min_gb"),
        node("Sub", ["min_gb", "r"], "cyan"),
        node("Sub", ["r", "b"], "warm"),
        node("Concat", [FEATURE_OF_TEST[name] for name, _, _ in TESTS], "features", axis=1),
        # soft tests and their log-memberships: log sigmoid(z) = -softplus(-z)
        node("Sub", ["features", "thresholds"], "centred"),
        node("Div", ["centred", "widths"], "z"),
        node("Neg", ["z"], "neg_z"),
        node("Softplus", ["neg_z"], "sp_neg"),
        node("Neg", ["sp_neg"], "log_holds"),
        node("Softplus", ["z"], "sp_pos"),
        node("Neg", ["sp_pos"], "log_fails"),
        node("Concat", ["log_holds", "log_fails"], "memberships", axis=1),
        # each class sums the log-memberships of its rule (a 1x1 convolution = the rule table)
        node("Conv", ["memberships", "rules"], "class_scores", kernel_shape=[1, 1]),
        node("AveragePool", ["class_scores"], "logits", kernel_shape=[SMOOTH, SMOOTH],
             pads=[SMOOTH // 2] * 4, count_include_pad=0),
    ]
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 5, "H", "W"])
    y = helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", k, "H", "W"])
    graph = helper.make_graph(nodes, "spectral_height_baseline", [x], [y], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_operatorsetid("", 17)],
                              producer_name="flair-qgis baseline")
    model.ir_version = 8
    p = model.metadata_props.add()
    p.key, p.value = "flair_card", CARD.validate().to_json()
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, path)
    return path
