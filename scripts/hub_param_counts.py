"""Count the parameters of the rebuilt FLAIR-HUB models at real size (Swin-B w12 at 512 px,
IGN's U-TAE widths) the way IGN's training code prints them, to check the rebuild against IGN's
published totals: ``PYTHONPATH=. .venv/bin/python scripts/hub_param_counts.py`` (needs torch).

IGN's ``FLAIR_HUB_Model.print_model_parameters`` (IGNF/FLAIR-HUB src/flair_hub/models/flair_model.py)
sums encoders, main decoders and the training-only auxiliary decoders (one UPerNet per image
modality, one 1x1 conv per series, when a model has several modalities), and leaves out the
fusion 1x1 convolutions; our converted model has the fusion and no auxiliary decoders.
"""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from inference.convert.arch import import_torch  # noqa: E402
from inference.convert.multisource.fused import HubSpec, MonoSpec, SeriesSpec, build_hub_model  # noqa: E402

SWIN_B = "tu-swin_base_patch4_window12_384"
IMAGES = {"AERIAL": ("AERIAL_RGBI", 4, 512), "DEM": ("DEM_ELEV", 2, 512), "SPOT": ("SPOT_RGBI", 3, 64)}
SERIES = {"S2": ("SENTINEL2_TS", 10), "S1A": ("SENTINEL1-ASC_TS", 2), "S1D": ("SENTINEL1-DESC_TS", 2)}
# id: (modalities, LPIS task?, IGN's published total in millions: HUB README "Baseline results")
MODELS = {
    "LC-A": (("AERIAL",), False, 89.4),
    "LC-D": (("AERIAL", "S2"), False, 93.9),
    "LC-F": (("AERIAL", "S2", "S1A", "S1D"), False, 97.7),
    "LC-G": (("S2",), False, 0.9),
    "LC-I": (("SPOT",), False, 89.2),
    "LC-L": (("AERIAL", "DEM", "SPOT", "S2", "S1A", "S1D"), False, 276.4),
    "LPIS-I": (("SPOT", "S2", "S1A", "S1D"), True, 97.5),
    "LPIS-J": (("AERIAL", "SPOT", "S2", "S1A", "S1D"), True, 186.9),
}


def spec(mods: tuple[str, ...], lpis: bool) -> HubSpec:
    monos = tuple(MonoSpec(m, SWIN_B, c, px) for k, (m, c, px) in IMAGES.items() if k in mods)
    # IGN's adjust_fm_length when fused; its train config's widths otherwise
    enc, dec = ((64, 64, 128, 128),) * 2 if monos else ((64, 64, 64, 128), (32, 32, 64, 128))
    series = tuple(SeriesSpec(s, c, 10 if monos else 0, enc, dec,
                              out_conv=(32, 19, 23) if lpis else (32, 19))
                   for k, (s, c) in SERIES.items() if k in mods)
    task = ("ALL_LABEL-LPIS", 23) if lpis else ("AERIAL_LABEL-COSIA", 19)
    return HubSpec(monos, series, (task,), 512)


def count(module) -> int:
    return sum(p.numel() for p in module.parameters())


def main() -> None:
    torch, smp = import_torch()
    print(f"{'model':<7} {'ours':>8} {'fusion':>7} {'IGN rule':>9} {'IGN':>6}   (millions)")
    for name, (mods, lpis, published) in MODELS.items():
        s = spec(mods, lpis)
        model = build_hub_model(s, torch, smp)
        fusion = count(model.fusion_handler) if s.monos and s.series else 0
        decoder = sum(count(d) for d in model.main_decoders.values()) if s.monos else 0
        classes = s.tasks[0][1]
        several = len(mods) > 1
        aux = (len(s.monos) * decoder + len(s.series) * (classes * classes + classes)) if several else 0
        ign_rule = count(model) - fusion + aux
        print(f"{name:<7} {count(model) / 1e6:8.2f} {fusion / 1e6:7.2f} {ign_rule / 1e6:9.2f} {published:6.1f}", flush=True)
        del model


if __name__ == "__main__":
    main()
