"""Bad input gets a message that names the problem and what to do, and writes nothing."""
import os

import numpy as np
import onnx
import pytest
import tiny_models as tm
from onnx import TensorProto, helper
from rasters import X0, Y0, random_bands, write

from inference.models.card import CardError
from inference.models.session import ModelError, read_model_info
from inference.segment.params import SegmentParams
from inference.segment.pipeline import segment
from inference.segment.sink import OutputError
from inference.segment.sources import FileSource, SourceError
from inference.segment.stack import StackError


@pytest.fixture
def rgb(tmp_path):
    return write(tmp_path / "rgb.tif", random_bands((40, 40)))


@pytest.fixture
def model3(tmp_path):
    return tm.pointwise(str(tmp_path / "m.onnx"), 3, tm.card(["R", "G", "B"], (1, 2, 3)))


def _seg(model, entries, out, **kw):
    return segment(SegmentParams(model=model, sources=entries, output=str(out), **kw))


def test_not_an_onnx_file(tmp_path, rgb):
    bogus = tmp_path / "weights.pth"
    bogus.write_bytes(b"PK\x03\x04 this is a zip, not a model")
    with pytest.raises(ModelError, match="not an ONNX model.*convert"):
        read_model_info(str(bogus))
    with pytest.raises(ModelError, match="not found"):
        read_model_info(str(tmp_path / "missing.onnx"))


def test_unusable_output_shape(tmp_path):
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 3, "H", "W"])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 3])
    g = helper.make_graph([helper.make_node("ReduceMean", ["x"], ["y"], axes=[2, 3], keepdims=0)], "cls", [x], [y])
    m = helper.make_model(g, opset_imports=[helper.make_operatorsetid("", 13)])
    path = tmp_path / "classifier.onnx"
    onnx.save(m, str(path))
    with pytest.raises(ModelError, match=r"output rank 2.*\(N, C, H, W\)"):
        read_model_info(str(path))


def test_model_without_card_names_what_is_missing(tmp_path):
    path = tm.pointwise(str(tmp_path / "bare.onnx"), 4, None)
    with pytest.raises(CardError) as e:
        read_model_info(str(path))
    msg = str(e.value)
    assert "input roles" in msg and "--classes" in msg and "--mean" in msg


def test_wrong_band_count(tmp_path, model3):
    four = write(tmp_path / "four.tif", random_bands((20, 20), n=4))
    with pytest.raises(StackError, match="has 4 bands but only 3 input role"):
        _seg(model3, [(None, FileSource(four), None)], tmp_path / "o.tif")


def test_missing_role(tmp_path):
    model = tm.pointwise(str(tmp_path / "m.onnx"), 5, tm.card(["R", "G", "B", "NIR", "NDSM"], (1, 2, 3, 4, 5)))
    rgb = write(tmp_path / "rgb.tif", random_bands((20, 20)))
    with pytest.raises(StackError, match=r"no source for input role\(s\) NIR, NDSM \(or DSM=... and DTM=...\)"):
        _seg(model, [(None, FileSource(rgb), None)], tmp_path / "o.tif")


def test_band_that_does_not_exist(tmp_path, rgb, model3):
    src = FileSource(rgb)
    with pytest.raises(StackError, match="has 3 band.*no band 7"):
        _seg(model3, [("R", src, 1), ("G", src, 2), ("B", src, 7)], tmp_path / "o.tif")


def test_source_without_crs_next_to_one_with(tmp_path, model3):
    a = write(tmp_path / "a.tif", random_bands((20, 20), n=2))
    b = write(tmp_path / "b.tif", random_bands((20, 20), n=1), crs=None)
    with pytest.raises(SourceError, match="has no CRS.*assign"):
        _seg(model3, [(None, FileSource(a), None), ("B", FileSource(b), 1)], tmp_path / "o.tif")


def test_extent_outside_every_input(tmp_path, rgb, model3):
    with pytest.raises(SourceError, match="outside every input"):
        _seg(model3, [(None, FileSource(rgb), None)], tmp_path / "o.tif",
             extent=(X0 + 1000, Y0 + 1000, X0 + 1010, Y0 + 1010))
    assert not os.path.exists(tmp_path / "o.tif")


def test_output_not_writable(tmp_path, rgb, model3):
    with pytest.raises(OutputError, match="does not exist"):
        _seg(model3, [(None, FileSource(rgb), None)], tmp_path / "nope" / "o.tif")
    ro = tmp_path / "ro"
    ro.mkdir()
    os.chmod(ro, 0o555)
    try:
        if os.access(ro, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root)")
        with pytest.raises(OutputError, match="cannot write"):
            _seg(model3, [(None, FileSource(rgb), None)], ro / "o.tif")
    finally:
        os.chmod(ro, 0o755)


def test_not_a_raster(tmp_path):
    p = tmp_path / "notes.txt"
    p.write_text("hello")
    with pytest.raises(SourceError, match="cannot open raster"):
        FileSource(str(p))


def test_fixed_size_model_refuses_other_tiles(tmp_path, rgb):
    model = tm.pointwise(str(tmp_path / "m.onnx"), 3, tm.card(["R", "G", "B"], (1, 2, 3)), fixed_hw=32)
    with pytest.raises(ValueError, match="only takes 32x32 tiles"):
        _seg(model, [(None, FileSource(rgb), None)], tmp_path / "o.tif", tile=64)
    res = _seg(model, [(None, FileSource(rgb), None)], tmp_path / "o.tif", margin=4)
    assert res.tiles == 4 and np.isclose(res.grid.res, 0.2)


def test_full_disk_is_named_and_nothing_is_kept(tmp_path, rgb, model3, monkeypatch):
    from inference.segment import sink

    def no_space(self, core, array):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sink.GeoTiffSink, "write", no_space)
    with pytest.raises(OutputError, match="No space left.*disk full"):
        _seg(model3, [(None, FileSource(rgb), None)], tmp_path / "o.tif")
    assert sorted(os.listdir(tmp_path)) == ["m.onnx", "rgb.tif"]
