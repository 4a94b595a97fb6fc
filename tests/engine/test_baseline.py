"""The spectral-height baseline: its rules on synthetic pixels, and what a user sees on the
real IGN Montpellier sample (pixel locations checked by eye against the ortho)."""
import json
import os

import numpy as np
import onnx
import onnxruntime as ort
import pytest
import rasterio

from inference.core.classes import CLASS_BY_CODE, hex_to_rgb
from inference.models.baseline import CLASS_CODES, build_baseline_model
from inference.models.session import read_model_info
from inference.segment.params import SegmentParams
from inference.segment.pipeline import segment
from inference.segment.preview import write_preview
from inference.segment.sources import FileSource

SAMPLE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "data", "montpellier")

# (row, col) on the 252 x 252 label grid, and the class anyone looking at the ortho would name.
LANDMARKS = {
    "long tiled roof, west end": ((90, 20), 1),
    "long tiled roof, middle": ((140, 80), 1),
    "long tiled roof, east end": ((220, 170), 1),
    "broadleaf tree by the fountain": ((110, 150), 7),
    "tall pine crown, north-east": ((20, 200), 7),
    "tree south of the pool": ((130, 210), 7),
    "swimming pool": ((99, 241), 13),
    "road, south-west corner": ((225, 15), 3),
    "road, south edge": ((245, 40), 3),
    "dry lawn in the garden": ((75, 110), 10),
}
# % of the classified area: wide enough for threshold tweaks, tight enough to catch a rule
# that swallows a class (e.g. every roof turned impervious, or every lawn turned tree).
FRACTIONS = {1: (15, 35), 3: (8, 30), 4: (0, 15), 7: (15, 35), 10: (15, 40), 13: (0.2, 1.5)}


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    return build_baseline_model(str(tmp_path_factory.mktemp("baseline") / "baseline.onnx"))


@pytest.fixture(scope="module")
def montpellier(model, tmp_path_factory):
    rgb, irc = os.path.join(SAMPLE, "ortho_rgb_20cm.tif"), os.path.join(SAMPLE, "ortho_irc_20cm.tif")
    src = {p: FileSource(p) for p in (rgb, irc, os.path.join(SAMPLE, "dhm_50cm.tif"))}
    sources = [("R", src[rgb], 1), ("G", src[rgb], 2), ("B", src[rgb], 3), ("NIR", src[irc], 1),
               ("NDSM", src[os.path.join(SAMPLE, "dhm_50cm.tif")], 1)]
    out = tmp_path_factory.mktemp("run") / "landcover.tif"
    result = segment(SegmentParams(model=model, sources=sources, output=str(out)))
    with rasterio.open(result.output) as ds:
        return result, ds.read(1)


def classify(model, pixels):
    """pixels: rows of (R, G, B, NIR, height in metres) -> (codes, softmax probabilities)."""
    p = np.asarray(pixels, np.float32)
    x = p.copy()
    x[:, 4] = np.clip(np.rint(p[:, 4] / 0.2), 0, 255)  # the engine's NDSM encoding
    sess = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    logits = sess.run(None, {"x": x[:, :, None, None]})[0][:, :, 0, 0]  # N pixels as a batch
    probs = np.exp(logits - logits.max(1, keepdims=True))
    probs /= probs.sum(1, keepdims=True)
    return [CLASS_CODES[i] for i in logits.argmax(1)], probs


@pytest.mark.parametrize("pixel,code", [
    ((55, 75, 70, 175, 8.0), 7),  # green (NIR >> R), 8 m: a tree
    ((200, 150, 130, 155, 7.0), 1),  # terracotta, 7 m: a tiled roof
    ((215, 215, 210, 180, 5.0), 1),  # white flat roof
    ((65, 75, 60, 120, 0.1), 10),  # green on the ground: lawn
    ((130, 132, 137, 66, 0.0), 3),  # grey, NIR-dark: asphalt
    ((155, 139, 120, 126, 0.0), 4),  # warm brown ground: bare soil
    ((200, 235, 239, 115, 0.0), 13),  # bright cyan at ground level: pool
    ((50, 70, 75, 40, 0.0), 3),  # the same hue in deep shade is not a pool
    ((200, 235, 239, 115, 6.0), 1),  # cyan but 6 m up: a blue roof, not a pool
])
def test_rules_on_synthetic_pixels(model, pixel, code):
    codes, _ = classify(model, [pixel])
    assert codes[0] == code


def test_confidence_reflects_how_clearly_a_rule_holds(model):
    (clear, edge), probs = classify(model, [(55, 75, 70, 175, 8.0), (100, 100, 100, 104.1, 8.0)])
    assert clear == 7 and probs[0].max() > 0.95
    # NDVI 0.02 is the vegetation threshold: tree and building are a coin toss
    tree, building = CLASS_CODES.index(7), CLASS_CODES.index(1)
    assert abs(probs[1, tree] - probs[1, building]) < 0.05 and probs[1, tree] + probs[1, building] > 0.95


def test_card_is_honest_and_complete(model):
    info = read_model_info(model)
    card = info.card
    meta = {p.key: p.value for p in onnx.load(model).metadata_props}
    assert json.loads(meta["flair_card"])["name"] == card.name
    assert "not a FLAIR" in card.name
    assert card.roles == ("R", "G", "B", "NIR", "NDSM")
    assert card.inputs[4].encoding == "height_0.2m_uint8" and card.scale == 1.0 and card.mean is None
    assert card.class_codes == (1, 3, 4, 7, 10, 13) and card.margin == 1
    assert (info.batch, info.height, info.width) == (None, None, None)  # any tile size


@pytest.mark.parametrize("name", sorted(LANDMARKS))
def test_montpellier_landmarks(montpellier, name):
    (row, col), code = LANDMARKS[name]
    _, labels = montpellier
    patch = labels[row - 2 : row + 3, col - 2 : col + 3]  # the whole 1 m x 1 m around it, not one lucky pixel
    assert (patch == code).all(), f"{name}: {patch.tolist()}"


def test_montpellier_class_fractions(montpellier):
    result, labels = montpellier
    classified = sum(n for c, n in result.class_pixels.items() if c)
    pct = {c: 100.0 * n / classified for c, n in result.class_pixels.items() if c}
    assert set(pct) <= set(CLASS_CODES)
    for code, (lo, hi) in FRACTIONS.items():
        assert lo <= pct.get(code, 0.0) <= hi, f"code {code}: {pct.get(code, 0.0):.1f} %"
    # the LiDAR stops ~0.45 m short of the ortho's east and south edges: nodata there, not guessed
    assert (labels[:, -1] == 0).all() and (labels[-1, :] == 0).all() and 0 < result.class_pixels[0] < 0.03 * labels.size


def test_preview_lines_up_imagery_and_map(montpellier, tmp_path):
    from PIL import Image

    from inference.segment import preview

    result, labels = montpellier
    png = write_preview(result, str(tmp_path / "preview.png"))
    im = np.asarray(Image.open(png).convert("RGB")).astype(int)
    side = 2 * 252  # small rasters are drawn x2
    legend_x = 3 * preview.MARGIN + 2 * side
    assert im.shape[1] > legend_x and im.shape[0] > side
    # the pool in the map panel (the legend swatch lies right of legend_x)...
    pool = np.array(hex_to_rgb(CLASS_BY_CODE[13].colour))
    ys, xs = np.nonzero((im[:, :legend_x] == pool).all(-1))
    assert 4 * (labels == 13).sum() == ys.size  # every pool pixel, drawn 2 x 2
    # ...lies one panel to the right of the bright cyan pool in the photo
    photo = im[ys, xs - side - preview.MARGIN]
    assert (photo[:, 2] - photo[:, 0] > 15).mean() > 0.8 and photo.mean() > 150
