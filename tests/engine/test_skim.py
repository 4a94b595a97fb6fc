"""A model read for its card without its weights (models/skim.py) describes it exactly as the
whole file does, and a file that is no model is still refused by name."""
import dataclasses

import numpy as np
import onnx
import pytest
import tiny_models as tm
from multisource_models import converted
from onnx import TensorProto, helper, numpy_helper

from inference.models import skim
from inference.models.baseline import build_baseline_model
from inference.models.card import card_of_model
from inference.models.session import ModelError, describe_model, read_model_info

CARD = tm.card(["R", "G", "B"], (1, 5, 7))


def fields(info):
    return {f.name: getattr(info, f.name) for f in dataclasses.fields(info) if f.name != "proto"}


def builders(tmp_path):
    yield str(build_baseline_model(str(tmp_path / "baseline.onnx")))
    yield tm.box(str(tmp_path / "box.onnx"), 3, 3, CARD)
    yield tm.valid_box(str(tmp_path / "valid.onnx"), 5, 3, CARD)  # output smaller than the tile
    yield tm.undeclared_output(str(tmp_path / "undeclared.onnx"), 3, CARD)  # found by shape inference
    yield tm.typed_input(str(tmp_path / "uint8.onnx"), TensorProto.UINT8, 3, CARD)
    two = tm.card(["R", "G", "B"], (1, 5))
    yield tm.conv_weights_for(str(tmp_path / "conv.onnx"), 4, two)  # channel count left dynamic
    yield tm.sigmoid_one(str(tmp_path / "sigmoid.onnx"), 3, True, two)  # binary, rank 3
    names = [{"0": "a", "1": "b", "2": "c"}, {"0": "x", "1": "y", "2": "z"}]
    yield tm.two_outputs(str(tmp_path / "two.onnx"), 3, None, tm.deepness_meta(names, resolution=20))
    yield converted("LC-D")  # multi-source: card, inputs by name, one head per task


def test_every_model_reads_the_same_without_its_weights(tmp_path, monkeypatch):
    monkeypatch.setattr(skim, "KEEP_BYTES", 0)  # every initializer loses its data
    for path in builders(tmp_path):
        whole = describe_model(path)
        light = read_model_info(path, any_model=True)
        assert fields(light) == fields(whole), path
        assert light.proto is None  # never handed to a Session: it has no weights
        stripped = skim.load_without_weights(path)
        assert [list(i.dims) for i in stripped.graph.initializer] == [list(i.dims) for i in whole.proto.graph.initializer]
        assert not any(i.raw_data or i.float_data for i in stripped.graph.initializer), path


def test_large_weights_are_not_read(tmp_path):
    w = numpy_helper.from_array(np.ones((3, 3, 1, 1), np.float32), "w")
    big = numpy_helper.from_array(np.ones(2_000_000, np.float32), "unused")  # 8 MB
    shape = numpy_helper.from_array(np.array([1, 3, 8, 8], np.int64), "shape")  # small: kept
    g = helper.make_graph([helper.make_node("Conv", ["x", "w"], ["y"])], "g",
                          [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 3, "H", "W"])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 3, "H", "W"])], [w, big, shape])
    path = tm._save(g, str(tmp_path / "big.onnx"), CARD)
    proto = skim.load_without_weights(path)
    assert proto.ByteSize() < 10_000 < onnx.load(path).ByteSize()
    kept = {i.name: i for i in proto.graph.initializer}
    assert list(numpy_helper.to_array(kept["shape"])) == [1, 3, 8, 8] and not kept["unused"].raw_data
    assert fields(read_model_info(path)) == fields(describe_model(path))


@pytest.mark.parametrize("cut", [0.5, 0.99])
def test_a_truncated_or_foreign_file_is_refused(tmp_path, cut):
    src = tm.box(str(tmp_path / "m.onnx"), 3, 3, CARD)
    data = open(src, "rb").read()
    bad = tmp_path / "cut.onnx"
    bad.write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(ModelError, match="cut.onnx is not an ONNX model"):
        read_model_info(str(bad))
    assert card_of_model(str(bad)) is None
    text = tmp_path / "notes.onnx"
    text.write_text("this is not a model\n" * 50)
    with pytest.raises(ModelError, match="notes.onnx is not an ONNX model"):
        read_model_info(str(text))
