import json

import pytest

from inference.core.classes import FLAIR_HUB_ORDER, label_lut, to_codes
from inference.models.card import CARD_KEY, CardError, CardOverrides, InputSpec, ModelCard, resolve_card


def test_card_round_trips_through_json():
    card = ModelCard(name="x", inputs=(InputSpec("R"), InputSpec("NDSM", "height_0.2m_uint8")),
                     class_codes=(1, 2), mean=(1.0, 2.0), std=(3.0, 4.0), licence="etalab-2.0")
    again = resolve_card({CARD_KEY: card.to_json()}, 2, 2)
    assert again == card


def test_one_card_type_reads_both_schemas_and_writes_each_back():
    from inference.models.card import read_card
    from inference.models.modalities import TASKS, default_modality

    single = ModelCard(name="x", inputs=(InputSpec("R"),), class_codes=(1, 2), scale=1.0)
    multi = ModelCard("hub", modalities=(default_modality("AERIAL_RGBI", 512), default_modality("SENTINEL2_TS", 512)),
                      tasks=(TASKS["AERIAL_LABEL-COSIA"],), resolution_m=0.2, tile=512, margin=128)
    for card, schema in ((single, 1), (multi, 2)):
        text = card.to_json()
        d = json.loads(text)
        assert d["schema"] == schema and ("modalities" in d) == (schema == 2) and ("inputs" in d) == (schema == 1)
        again = read_card({CARD_KEY: text})
        assert again == card and again.is_multisource == (schema == 2)
    assert multi.modality("SENTINEL2_TS").is_series
    assert "SENTINEL2_TS" in multi.summary() and "codes [1, 2]" in single.summary()
    # both kinds are checked by the one validate(), with the one error type
    with pytest.raises(CardError, match="no tasks"):
        read_card({CARD_KEY: json.dumps({**json.loads(multi.to_json()), "tasks": []})})
    with pytest.raises(CardError, match="needs its modalities and tasks"):
        read_card({CARD_KEY: json.dumps({"schema": 2, "name": "m", "tile": 64, "margin": 8})})
    assert read_card({}) is None


def test_deepness_keys_fill_the_card():
    meta = {"class_names": json.dumps({"0": "road", "1": "tree"}), "resolution": "20", "tile_size": "256",
            "tiles_overlap": "25", "standardization_mean": "[0.5, 0.5, 0.5]", "standardization_std": "[0.25, 0.25, 0.25]"}
    card = resolve_card(meta, 3, 2)
    assert card.roles == ("R", "G", "B") and card.class_names == ("road", "tree")
    assert card.class_codes == (1, 2)  # generic: index + 1
    assert card.resolution_m == 0.2 and card.tile == 256 and card.margin == 32
    assert card.mean == (127.5,) * 3 and card.std == (63.75,) * 3


def test_overrides_complete_a_bare_model():
    o = CardOverrides(roles=("R", "G", "B", "NIR", "NDSM"), classes="flair-hub", scale=1 / 255)
    card = resolve_card({}, 5, 19, o)
    assert card.class_codes == FLAIR_HUB_ORDER and card.scale == pytest.approx(1 / 255)


def test_channel_count_mismatch_is_named():
    card = ModelCard(name="x", inputs=(InputSpec("R"),), class_codes=(1, 2), scale=1.0)
    with pytest.raises(CardError, match="takes 3 input channels but its card names 1 roles"):
        resolve_card({CARD_KEY: card.to_json()}, 3, 2)


def test_invalid_card_lists_every_problem():
    bad = {"name": "x", "inputs": [{"role": "UV"}], "class_codes": [1], "tile": 64, "margin": 40}
    with pytest.raises(CardError) as e:
        resolve_card({CARD_KEY: json.dumps(bad)}, None, None)
    assert "UV" in str(e.value) and "normalisation" in str(e.value) and "twice the margin" in str(e.value)


@pytest.mark.parametrize("encoding,values,codes", [
    ("flair19", [0, 1, 19, 20], [0, 1, 19, 0]),
    ("flair-inc", [0, 18, 19], [1, 19, 0]),
    ("flair13", [0, 11, 12], [1, 12, 19]),
    ("flair-hub", [0, 1, 2, 12, 13, 18], [1, 18, 13, 7, 6, 19]),
])
def test_label_encodings_map_to_flair_codes(encoding, values, codes):
    import numpy as np

    assert to_codes(np.array(values), encoding).tolist() == codes
    assert label_lut(encoding).dtype == np.uint8
