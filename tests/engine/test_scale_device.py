"""The GPU data path on CPU (no GPU here): I/O binding and reader processes give the same pixels,
batch sizing stops at the device's memory, TensorRT comes first with its engine cache."""
import numpy as np
import pytest
import rasterio
import tiny_models as tm
from rasters import random_bands, write

from inference.scale.device import tensorrt_providers, tune_batch
from inference.scale.job import ScaleJob
from inference.scale.run import segment_blocks
from inference.segment.params import SegmentParams
from inference.segment.pipeline import segment
from inference.segment.sources import FileSource


def read(path, band=1):
    with rasterio.open(path) as ds:
        return ds.read(band)


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    d = tmp_path_factory.mktemp("device")
    path = write(d / "in.tif", random_bands((400, 300), seed=5))
    model = tm.box(str(d / "m.onnx"), 7, 3, tm.card(["R", "G", "B"], (1, 5, 7)))
    ref = segment(SegmentParams(model=model, sources=[(None, FileSource(path), None)], output=str(d / "ref.tif"),
                                tile=64, margin=2, confidence=True))
    return path, model, ref


@pytest.mark.parametrize("how", [{"io_binding": True}, {"readers": 2}])
def test_same_pixels_through_io_binding_and_reader_processes(tmp_path, scene, how):
    path, model, ref = scene
    res = segment_blocks(ScaleJob.of_files(model=model, sources=[(None, path, None)], output=str(tmp_path / "out.tif"),
                                  tile=64, margin=2, block=120, confidence=True, **how))
    assert np.array_equal(read(res.output), read(ref.output))
    assert np.array_equal(read(res.confidence), read(ref.confidence))


class _Clock:
    """The device's time, so the batch search sees exact costs whatever the machine's load."""

    def __init__(self):
        self.now = 0.0

    def perf_counter(self):
        return self.now


def _device(clock: _Clock, fits: int, flat_up_to: int, seen: list):
    """A fake device: a call costs the same up to ``flat_up_to`` tiles (its parallelism), then
    grows linearly; more than ``fits`` tiles is out of memory, as ONNX Runtime says it."""
    def run(x):
        seen.append(x.shape[0])
        if x.shape[0] > fits:
            raise RuntimeError("[ONNXRuntimeError] : 6 : RUNTIME_EXCEPTION : CUDA failure 2: out of memory")
        clock.now += 0.02 * max(1.0, x.shape[0] / flat_up_to)
    return run


@pytest.fixture
def clock(monkeypatch):
    import inference.scale.device as device

    c = _Clock()
    monkeypatch.setattr(device, "time", c)
    return c


def test_batch_doubles_until_the_device_memory_is_full(clock):
    seen = []
    assert tune_batch(_device(clock, 8, 64, seen), 3, 16) == 8
    assert seen[-1] == 16  # tried, did not fit


def test_batch_stops_doubling_when_it_no_longer_pays(clock):
    seen = []
    assert tune_batch(_device(clock, 64, 4, seen), 3, 16) == 4
    assert max(seen) == 8


def test_other_device_failures_are_not_taken_for_memory():
    def broken(x):
        raise RuntimeError("[ONNXRuntimeError] : 1 : FAIL : Non-zero status code returned while running Conv")

    with pytest.raises(RuntimeError, match="Conv"):
        tune_batch(broken, 3, 16)


def test_tensorrt_first_with_its_engine_cache_beside_the_model(tmp_path):
    model = str(tmp_path / "m.onnx")
    got = tensorrt_providers(model, ["TensorrtExecutionProvider", "CUDAExecutionProvider", "CPUExecutionProvider"])
    name, opts = got[0]
    assert name == "TensorrtExecutionProvider" and opts["trt_engine_cache_enable"]
    assert opts["trt_engine_cache_path"] == str(tmp_path / ".trt-cache")
    assert got[1:] == ["CUDAExecutionProvider", "CPUExecutionProvider"]
    assert tensorrt_providers(model, ["CPUExecutionProvider"]) == ["CPUExecutionProvider"]


def test_nan_scores_stop_the_run_through_io_binding(tmp_path, scene):
    """The I/O binding reads the same head as the session: NaN scores stop the run, not class 0."""
    from inference.models.session import ModelError

    path, _, _ = scene
    bad = tm.non_finite(str(tmp_path / "bad.onnx"), 3, tm.card(["R", "G", "B"], (1, 2, 3)))
    with pytest.raises(ModelError, match="NaN or infinite"):
        segment_blocks(ScaleJob.of_files(model=bad, sources=[(None, path, None)], output=str(tmp_path / "out.tif"),
                                tile=64, margin=2, block=120, io_binding=True))
    assert not (tmp_path / "out.tif").exists()
