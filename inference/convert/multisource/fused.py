"""FLAIR-HUB's multi-source model (FLAIR-UPerFuse), rebuilt from MULTISOURCE.md §3 (torch lazily).

The module tree mirrors IGN's key layout so a FLAIR-HUB state dict (``model.`` prefix removed,
training-only groups dropped) loads with ``strict=True``:

    encoders.<MONO>.seg_model.*          smp 'tu-' encoder (Swin, ConvNeXt, ...)
    encoders.<TS>.*                      U-TAE (utae.py)
    fusion_handler.conv_f.{0..3}.*       1x1 convs, present when an image encoder is fused
    main_decoders.<TASK>.seg_model.{decoder,segmentation_head}.*   legacy smp UPerNet

Forward takes one tensor per image modality and (series, dates) per time series, in the order
of :attr:`HubSpec.input_names`, and returns one logits tensor per task. The output size is a
constant of the spec (``label_px``), as the ONNX wrapper needs.
"""
from __future__ import annotations

from dataclasses import dataclass, field

MONO_ORDER = ("AERIAL_RGBI", "AERIAL-RLT_PAN", "DEM_ELEV", "SPOT_RGBI")
SERIES_ORDER = ("SENTINEL2_TS", "SENTINEL1-ASC_TS", "SENTINEL1-DESC_TS")
TASK_ORDER = ("AERIAL_LABEL-COSIA", "ALL_LABEL-LPIS")


def dates_input(series: str) -> str:
    """IGN's name of a time series' dates: SENTINEL2_TS -> SENTINEL2_DATES."""
    return series[: -len("_TS")] + "_DATES" if series.endswith("_TS") else series + "_DATES"


@dataclass(frozen=True)
class MonoSpec:
    modality: str
    encoder: str  # smp name, e.g. tu-swin_base_patch4_window12_384
    in_channels: int
    patch_px: int  # input size at the model's tile (Swin windows depend on it)
    encoder_kwargs: tuple = ()  # extra timm kwargs as (key, value) pairs (tiny test encoders)


@dataclass(frozen=True)
class SeriesSpec:
    modality: str
    in_channels: int
    patch_px: int
    encoder_widths: tuple[int, ...] = (64, 64, 128, 128)
    decoder_widths: tuple[int, ...] = (64, 64, 128, 128)
    out_conv: tuple[int, ...] = (32, 19)
    str_conv: tuple[int, int, int] = (3, 1, 1)  # kernel, stride, padding
    n_head: int = 16
    d_model: int = 256
    d_k: int = 4


@dataclass(frozen=True)
class HubSpec:
    monos: tuple[MonoSpec, ...]
    series: tuple[SeriesSpec, ...]
    tasks: tuple[tuple[str, int], ...]  # (task, classes)
    label_px: int  # output size (the aerial tile); series-only models output their own grid
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def input_names(self) -> tuple[str, ...]:
        names = [m.modality for m in self.monos]
        for s in self.series:
            names += [s.modality, dates_input(s.modality)]
        return tuple(names)

    @property
    def output_names(self) -> tuple[str, ...]:
        return tuple(t for t, _ in self.tasks)

    @property
    def series_only(self) -> bool:
        return not self.monos


def build_hub_model(spec: HubSpec, torch, smp):
    """An eval-mode FLAIR-HUB multi-source model with random weights (no download); ``torch`` and
    ``smp`` are the modules ``arch.import_torch`` returned."""
    from .fused_torch import HubModel  # torch's modules: imported once torch is known to be there

    return HubModel(spec, smp).eval()


__all__ = ["HubSpec", "MonoSpec", "SeriesSpec", "build_hub_model", "dates_input",
           "MONO_ORDER", "SERIES_ORDER", "TASK_ORDER"]
