"""Tiny FLAIR#2 U-T&T models with random weights, saved in IGN's key layout (``model.arch_vhr.*``,
``model.arch_hr.*``, the two fusions, ``model.mtd_mlp.*``, the auxiliary ``reshape_utae_output``).

The real graph (U-Net, U-TAE k4 s2 p1 on a 40 px crop, cropped + collapsed fusion, metadata MLP)
with a tiny timm encoder in place of ResNet-34 and narrow widths, at a 128 px tile, so that
export and parity take seconds. Nothing is downloaded.
"""
from __future__ import annotations

from multisource_models import save_safetensors, with_batchnorm_statistics

from inference.convert.arch import import_torch
from inference.convert.multisource.fused import SeriesSpec
from inference.convert.multisource.utt import UttSpec

ENCODER = "tu-mobilenetv3_small_050"
TILE = 128  # aerial px (25.6 m); the metadata MLP then gives 128 / 32 = 4 rows
SAT_PX = 40


def spec(metadata: bool = False) -> UttSpec:
    series = SeriesSpec("SENTINEL2_TS", 10, SAT_PX, encoder_widths=(8, 8, 16, 16), decoder_widths=(8, 8, 16, 16),
                        out_conv=(8, 13), str_conv=(4, 2, 1), n_head=4, d_model=16, d_k=4)
    return UttSpec(ENCODER, 5, (16, 16, 8, 8, 8), 13, series, 45 if metadata else 0, TILE // 32 if metadata else 0,
                   TILE)


def random_model(s: UttSpec, seed: int = 0):
    torch, smp = import_torch()
    from inference.convert.multisource.utt_torch import build_utt_model

    torch.manual_seed(seed)
    return with_batchnorm_statistics(build_utt_model(s, smp), torch)


def ign_state(model) -> dict:
    """As IGN's Lightning checkpoint holds it: ``model.`` prefix and the auxiliary U-TAE head."""
    torch, _ = import_torch()
    state = {f"model.{k}": v.clone() for k, v in model.state_dict().items()}
    state["model.reshape_utae_output.1.weight"] = torch.zeros(13, 8, 1, 1)
    state["model.reshape_utae_output.1.bias"] = torch.zeros(13)
    return state


def checkpoint(path: str, metadata: bool = False, seed: int = 0):
    """Write a tiny U-T&T checkpoint to ``path``; returns (spec, torch model)."""
    s = spec(metadata)
    model = random_model(s, seed)
    save_safetensors(ign_state(model), path)
    return s, model


def conversion(metadata: bool, seed: int) -> dict:
    """A tiny U-T&T model converted with parity for T in {1, 2, 23, 60}, kept across test runs
    until the converter's code changes (export_cache): {onnx, ckpt, card, checks, lines, model, spec}."""
    from export_cache import cached, source_key

    from inference.convert.multisource.utt_convert import convert_utt

    def build(folder: str):
        checkpoint(f"{folder}/utt.safetensors", metadata, seed)
        lines: list[str] = []
        card, checks = convert_utt(f"{folder}/utt.safetensors", f"{folder}/utt.onnx", TILE, 32, encoder=ENCODER,
                                   say=lines.append)
        return card, checks, lines

    s = spec(metadata)
    folder, (card, checks, lines) = cached(f"utt-{'meta' if metadata else 'plain'}-{seed}",
                                           source_key(__file__, s, seed, TILE), build)
    return {"onnx": f"{folder}/utt.onnx", "ckpt": f"{folder}/utt.safetensors", "card": card, "checks": checks,
            "lines": lines, "model": random_model(s, seed), "spec": s}


__all__ = ["ENCODER", "SAT_PX", "TILE", "checkpoint", "conversion", "ign_state", "random_model", "spec"]
