"""The torch-free checkpoint reader: what torch.load gives, as numpy, and nothing from the file ever runs.

Dev tier: torch writes the files (torch.save) and is the reference (torch.load); the reader
itself never imports torch (tests/engine/test_convert_torchfree.py converts in a process where
``import torch`` fails).
"""
from __future__ import annotations

import os
import pickle
import zipfile
from collections import OrderedDict

import numpy as np
import pytest

from inference.convert.arch import import_torch
from inference.convert.checkpoint import CheckpointError
from inference.convert.torchfree.checkpoint_reader import read_checkpoint

torch, _ = import_torch()


class Payload:
    """Unpickling this would create ``path`` (a stand-in for os.system and friends)."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "w"))


class Shell:
    """Unpickling this would run a shell command."""

    def __init__(self, command):
        self.command = command

    def __reduce__(self):
        return (os.system, (self.command,))


class AttributeDict(dict):
    """Like Lightning's hyper-parameter container: a dict subclass pickled by class name."""


def as_numpy(t):
    t = t.detach()
    return t.float().numpy() if t.dtype == torch.bfloat16 else t.numpy()


def test_matches_torch_load_fp32_fp16_and_views(tmp_path):
    torch.manual_seed(0)
    base = torch.randn(6, 8)
    conv = torch.nn.Conv2d(3, 4, 3)
    bn = torch.nn.BatchNorm2d(4)
    state = OrderedDict()
    state.update({f"conv.{k}": v for k, v in conv.state_dict().items()})
    state.update({f"bn.{k}": v for k, v in bn.state_dict().items()})  # int64 num_batches_tracked (0-d)
    state["transposed"] = base.t()  # non-contiguous, shares base's storage
    state["sliced"] = base[1::2, 3:7]  # storage offset and strides
    state["base"] = base
    state["half"] = torch.randn(5, 7).half()[:, ::3]
    state["bf16"] = torch.randn(9).bfloat16()
    state["param"] = torch.nn.Parameter(torch.randn(3, 2))
    state["expanded"] = torch.randn(4, 1).expand(4, 5)  # zero stride
    state["empty"] = torch.zeros(0, 3)
    path = tmp_path / "state.pth"
    torch.save(state, path)

    ref = torch.load(path, weights_only=True)
    got = read_checkpoint(str(path))
    assert list(got.tensors) == list(ref)
    for k, v in ref.items():
        a = got.tensors[k]
        want = as_numpy(v)
        assert a.shape == want.shape and a.dtype == want.dtype, k
        assert np.array_equal(a, want), k
    assert got.tensors["half"].dtype == np.float16
    assert got.tensors["bn.num_batches_tracked"].dtype == np.int64
    assert got.ignored == []


def test_lightning_ckpt_reads_weights_and_runs_nothing(tmp_path):
    flag = tmp_path / "code-ran"
    sd = torch.nn.Conv2d(2, 3, 1).state_dict()
    ckpt = tmp_path / "run.ckpt"
    torch.save({
        "epoch": 3,
        "pytorch-lightning_version": "2.1.1",
        "state_dict": OrderedDict(("model.seg_model." + k, v) for k, v in sd.items()),
        "hyper_parameters": AttributeDict(config=Payload(flag), tags={"a", "b"}, blob=b"\x00\xff", lr=1e-3),
        "callbacks": {"ModelCheckpoint": Payload(flag)},
        "loops": {"shell": Shell(f"touch {flag}")},
    }, ckpt)
    got = read_checkpoint(str(ckpt))
    assert not flag.exists()
    assert got.where == "state_dict"
    assert set(got.tensors) == {"model.seg_model.weight", "model.seg_model.bias"}
    assert np.array_equal(got.tensors["model.seg_model.weight"], sd["weight"].numpy())
    # the globals it names are reported, never imported or called
    assert any(name.endswith("open") for name in got.ignored)
    assert any(name.endswith("system") for name in got.ignored)


def test_hostile_pickle_is_refused_without_running(tmp_path):
    flag = tmp_path / "code-ran"
    evil = tmp_path / "FLAIR-INC_rgb_15cl_resnet34-unet_weights.pth"
    torch.save(Shell(f"touch {flag}"), evil)
    with pytest.raises(CheckpointError, match=r"FLAIR-INC_rgb_15cl_resnet34-unet_weights\.pth holds no state dict.*system.*not run"):
        read_checkpoint(str(evil))
    assert not flag.exists()


def test_state_dict_with_a_non_tensor_is_refused(tmp_path):
    flag = tmp_path / "code-ran"
    state = OrderedDict((f"w{i}", torch.zeros(2)) for i in range(4))
    state["hook"] = Payload(flag)
    path = tmp_path / "mixed.pth"
    torch.save(state, path)
    with pytest.raises(CheckpointError, match=r"mixed\.pth: its state dict holds objects that are not tensors: hook \(.*open\)"):
        read_checkpoint(str(path))
    assert not flag.exists()


def test_plain_pickle_and_truncated_files_name_the_file_and_the_remedy(tmp_path):
    flag = tmp_path / "code-ran"
    legacy = tmp_path / "legacy.pth"
    with open(legacy, "wb") as f:  # not a zip checkpoint: never unpickled at all
        pickle.dump({"state_dict": Payload(flag)}, f)
    with pytest.raises(CheckpointError, match=r"legacy\.pth is neither a safetensors file nor a PyTorch checkpoint.*PyTorch converter"):
        read_checkpoint(str(legacy))
    assert not flag.exists()

    good = tmp_path / "good.pth"
    torch.save({"w": torch.randn(64, 64)}, good)
    data = good.read_bytes()
    cut = tmp_path / "cut.pth"
    cut.write_bytes(data[: len(data) // 2])  # an interrupted download
    with pytest.raises(CheckpointError, match=r"cut\.pth .*download it again"):
        read_checkpoint(str(cut))

    with pytest.raises(CheckpointError, match="checkpoint not found"):
        read_checkpoint(str(tmp_path / "absent.pth"))


def test_storage_shorter_than_its_tensor_is_refused(tmp_path):
    good = tmp_path / "good.pth"
    torch.save({"w": torch.randn(8, 8)}, good)
    bad = tmp_path / "short.pth"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w", zipfile.ZIP_STORED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename.endswith("/data/0"):
                data = data[:40]
            zout.writestr(item, data)
    with pytest.raises(CheckpointError, match=r"short\.pth: storage .*data/0 is shorter.*download it again"):
        read_checkpoint(str(bad))


def test_safetensors_through_numpy(tmp_path):
    from safetensors.numpy import save_file

    arrays = {"encoder.conv1.weight": np.arange(24, dtype=np.float32).reshape(2, 3, 2, 2),
              "head": np.ones(3, np.float16)}
    path = tmp_path / "m.safetensors"
    save_file(arrays, str(path))
    got = read_checkpoint(str(path))
    assert set(got.tensors) == set(arrays)
    for k, v in arrays.items():
        assert np.array_equal(got.tensors[k], v) and got.tensors[k].dtype == v.dtype


def test_a_tensor_declaring_terabytes_over_a_tiny_storage_is_refused_by_name(tmp_path):
    """T09: one float 'expanded' to 2^40 elements (stride 0) asked for 4 TiB: a MemoryError before."""
    path = tmp_path / "huge.pth"
    torch.save({"w": torch.randn(1, 1).expand(1 << 20, 1 << 20)}, path)
    with pytest.raises(CheckpointError, match=r"huge\.pth: tensor w declares 1099511627776 elements .*damaged or crafted"):
        read_checkpoint(str(path))
