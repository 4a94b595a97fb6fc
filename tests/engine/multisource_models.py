"""Tiny FLAIR-HUB multi-source models with random weights, saved in IGN's key layout.

Real graph shapes (Swin encoders per image modality, U-TAE per series, fusion, legacy UPerNet),
tiny widths so that export and parity take seconds. Nothing is downloaded. Importing this module
skips the importing test module where the converter's torch is not installed.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from inference.convert.arch import ConverterDepsMissing, import_torch

try:  # every module that builds these models is skipped, not failed, where torch / smp are missing
    import_torch()
except ConverterDepsMissing:
    pytest.skip("the converter's torch / smp are not installed", allow_module_level=True)
from inference.convert.multisource.fused import HubSpec, MonoSpec, SeriesSpec, build_hub_model

SWIN = "tu-swin_base_patch4_window12_384"
TINY_SWIN = (("embed_dim", 16), ("depths", (1, 1, 1, 1)), ("num_heads", (1, 1, 2, 2)), ("window_size", 4))
TINY_TS = dict(encoder_widths=(8, 8, 16, 16), decoder_widths=(8, 8, 16, 16), n_head=4, d_model=16, d_k=4)
TILE = 128  # aerial px; S2 2 px, SPOT 16 px
LC = ("AERIAL_LABEL-COSIA", 19)
LPIS = ("ALL_LABEL-LPIS", 23)


def _mono(mod, ch, px):
    return MonoSpec(mod, SWIN, ch, px, TINY_SWIN)


def _ts(mod, ch, px, classes=19):
    return SeriesSpec(mod, ch, px, out_conv=(8, classes), **TINY_TS)


def shapes(tile: int = TILE) -> dict[str, HubSpec]:
    s2 = int(round(tile / 51.2))
    spot = tile // 8
    return {
        "LC-G": HubSpec((), (_ts("SENTINEL2_TS", 10, 0),), (LC,), tile),
        "LPIS-F": HubSpec((), (_ts("SENTINEL2_TS", 10, 0, 23),), (LPIS,), tile),
        "LC-D": HubSpec((_mono("AERIAL_RGBI", 3, tile),), (_ts("SENTINEL2_TS", 10, s2),), (LC,), tile),
        "LC-L": HubSpec(
            (_mono("AERIAL_RGBI", 3, tile), _mono("DEM_ELEV", 2, tile), _mono("SPOT_RGBI", 3, spot)),
            (_ts("SENTINEL2_TS", 10, s2), _ts("SENTINEL1-ASC_TS", 2, s2), _ts("SENTINEL1-DESC_TS", 2, s2)),
            (LC,), tile),
        "LPIS-I": HubSpec(
            (_mono("SPOT_RGBI", 3, spot),),
            (_ts("SENTINEL2_TS", 10, s2, 23), _ts("SENTINEL1-ASC_TS", 2, s2, 23), _ts("SENTINEL1-DESC_TS", 2, s2, 23)),
            (LPIS,), tile),
    }


def encoder_args(spec: HubSpec) -> dict:
    return {"encoders": {m.modality: SWIN for m in spec.monos},
            "encoder_kwargs": {m.modality: TINY_SWIN for m in spec.monos}}


def random_model(spec: HubSpec, seed: int = 0):
    """The torch model with random weights and non-trivial BatchNorm statistics."""
    torch, smp = import_torch()
    torch.manual_seed(seed)
    return with_batchnorm_statistics(build_hub_model(spec, torch, smp), torch)


def with_batchnorm_statistics(model, torch):
    """``model`` with random, non-trivial BatchNorm statistics (fresh ones are the identity)."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (torch.nn.BatchNorm1d, torch.nn.BatchNorm2d)):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 2.0)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.5, 0.5)
    return model


def ign_state(model, spec: HubSpec) -> dict:
    """The model's weights as IGN saves them: ``model.`` prefix plus training-only groups, and the
    unused fusion conv / decoder conv of series-only models."""
    torch, _ = import_torch()
    state = {f"model.{k}": v.clone() for k, v in model.state_dict().items()}
    state["model.criterion.AERIAL_LABEL-COSIA.weight"] = torch.ones(19)
    state["model.aux_decoders.SENTINEL2_TS.conv.weight"] = torch.zeros(19, 8, 1, 1)
    if spec.series_only:
        state["model.fusion_handler.conv_f.0.weight"] = torch.zeros(1, 1, 1, 1)
        for task, classes in spec.tasks:
            state[f"model.main_decoders.{task}.weight"] = torch.zeros(classes, 1, 1, 1)
    return state


def save_safetensors(state: dict, path: str) -> None:
    from safetensors.torch import save_file

    save_file({k: v.contiguous() for k, v in state.items()}, path)


@dataclass
class Conversion:
    """One shape converted with the full parity check, kept across test runs (export_cache)."""

    path: str  # the ONNX model
    checkpoint: str  # the .safetensors it came from (IGN's key layout)
    spec: HubSpec
    card: object
    checks: list
    lines: list[str]  # what the converter said

    @property
    def model(self):
        """The torch model whose weights were saved (random, seed 0: rebuilt, the same weights)."""
        return random_model(self.spec)


_CACHE: dict[str, Conversion] = {}


def conversion(shape: str) -> Conversion:
    """``shape`` saved in IGN's layout and converted with parity for T in {1, 2, 23, 60}; every
    multi-source module (convert, engine, CLI, S1) and the QGIS tier share it, and it is kept
    across runs until the converter's code changes (export_cache): the dynamo export of a fused
    model is what costs time."""
    if shape not in _CACHE:
        from export_cache import cached, source_key

        from inference.convert.multisource.run import PARITY_T

        spec = shapes()[shape]

        def build(folder: str):
            from inference.convert.multisource.run import convert_multisource

            save_safetensors(ign_state(random_model(spec), spec), f"{folder}/FLAIR-HUB_{shape}.safetensors")
            lines: list[str] = []
            card, checks = convert_multisource(f"{folder}/FLAIR-HUB_{shape}.safetensors", f"{folder}/{shape}.onnx",
                                               TILE, 32, check_t=PARITY_T, say=lines.append, **encoder_args(spec))
            return card, checks, lines

        folder, (card, checks, lines) = cached(f"hub-{shape}", source_key(__file__, spec, TILE, PARITY_T), build)
        _CACHE[shape] = Conversion(f"{folder}/{shape}.onnx", f"{folder}/FLAIR-HUB_{shape}.safetensors", spec, card,
                                   checks, lines)
    return _CACHE[shape]


def converted(shape: str) -> str:
    """The ONNX model of ``shape`` (see :func:`conversion`)."""
    return conversion(shape).path


def run_items(model: str, items: list[str], output, progress=None, cancel=None, **kw):
    """A multi-source run as the command line makes it: ``S2=...`` items read into typed inputs
    (the command-line edge), then the one ``segment(params)``."""
    from inference.cli.multisource import multisource_card, named_inputs
    from inference.segment.params import SegmentParams
    from inference.segment.pipeline import segment

    inputs = named_inputs(items, multisource_card(model))
    return segment(SegmentParams(model=model, sources=[], output=str(output), inputs=inputs, **kw), progress, cancel)


def task_outputs(result) -> dict[str, str]:
    """Each task's map: {task: raster}."""
    return {m.task: m.output for m in result.maps}


def report_of(path) -> dict:
    """A run's JSON report (a result's ``report``, or a path)."""
    import json

    with open(getattr(path, "report", path), encoding="utf-8") as f:
        return json.load(f)
