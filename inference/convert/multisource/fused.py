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

from ..arch import ArchSpec, _legacy_upernet
from .utae import make_classes

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
    """An eval-mode FLAIR-HUB multi-source model with random weights (no download)."""

    nn = torch.nn
    F = torch.nn.functional
    UTAE = make_classes(torch)
    from segmentation_models_pytorch.encoders import get_encoder

    class Mono(nn.Module):
        def __init__(self, m: MonoSpec):
            super().__init__()
            kw = dict(m.encoder_kwargs)
            if "swin" in m.encoder:
                kw["img_size"] = m.patch_px
            self.seg_model = get_encoder(m.encoder, in_channels=m.in_channels, depth=5, weights=None, **kw)

    class Decoder(nn.Module):
        def __init__(self, first: MonoSpec, classes: int):
            super().__init__()
            kw = dict(first.encoder_kwargs)
            if "swin" in first.encoder:
                kw["img_size"] = first.patch_px
            # IGN builds the decoder from an smp UPerNet created with in_channels=1; the encoder
            # built alongside is thrown away (the real one is encoders.<first modality>).
            full = _legacy_upernet(torch, smp, ArchSpec("upernet", first.encoder, first.in_channels, classes,
                                                        decoder_in_channels=1), kw)
            self.seg_model = nn.Module()
            self.seg_model.decoder = full.decoder
            self.seg_model.segmentation_head = full.segmentation_head

    class FusionHandler(nn.Module):
        def __init__(self, in_per_stage, out_per_stage):
            super().__init__()
            self.conv_f = nn.ModuleList(nn.Conv2d(i, o, kernel_size=1) for i, o in zip(in_per_stage, out_per_stage))

    class HubModel(nn.Module):
        def __init__(self):
            super().__init__()
            self.spec = spec
            self.encoders = nn.ModuleDict()
            for m in spec.monos:
                self.encoders[m.modality] = Mono(m)
            for s in spec.series:
                k, st, p = s.str_conv
                self.encoders[s.modality] = UTAE(
                    s.in_channels, list(s.encoder_widths), list(s.decoder_widths), list(s.out_conv), str_conv_k=k,
                    str_conv_s=st, str_conv_p=p, n_head=s.n_head, d_model=s.d_model, d_k=s.d_k,
                )
            self.main_decoders = nn.ModuleDict()
            if spec.monos:
                mono_ch = [self.encoders[m.modality].seg_model.out_channels[2:] for m in spec.monos]
                ts_ch = [self.series_map_channels(s) for s in spec.series]
                if len(spec.monos) + len(spec.series) > 1:
                    ins = [sum(c[i] for c in mono_ch + ts_ch) for i in range(4)]
                    self.fusion_handler = FusionHandler(ins, mono_ch[0])
                for task, classes in spec.tasks:
                    self.main_decoders[task] = Decoder(spec.monos[0], classes)

        @staticmethod
        def series_map_channels(s: SeriesSpec):
            d = list(s.decoder_widths)
            # maps = [L-TAE output, up0, up1, up2]: widths from the deepest to the shallowest
            return [s.encoder_widths[-1]] + [d[i - 1] for i in range(len(d) - 1, 0, -1)]

        def forward(self, *inputs):
            it = iter(inputs)
            feats = [self.encoders[m.modality].seg_model(next(it)) for m in spec.monos]
            logits, maps = [], []
            for s in spec.series:
                x, dates = next(it), next(it)
                lg, mp = self.encoders[s.modality](x, dates)
                logits.append(lg)
                maps.append(mp)
            if not spec.monos:
                out = logits[0] if len(logits) == 1 else torch.stack(logits).mean(dim=0)
                return tuple(out for _ in spec.tasks)
            ref = feats[0]
            if len(feats) + len(maps) == 1:
                fused = list(ref[2:6])
            else:
                fused = []
                for i in range(4):
                    size = ref[2 + i].shape[-2:]
                    parts = [f[2 + i] for f in feats] + [mp[i] for mp in maps]
                    parts = [p if p.shape[-2:] == size else
                             F.interpolate(p, size=size, mode="bilinear", align_corners=False) for p in parts]
                    fused.append(self.fusion_handler.conv_f[i](torch.cat(parts, dim=1)))
            features = [ref[0], ref[1], *fused]
            outs = []
            for task, _ in spec.tasks:
                dec = self.main_decoders[task].seg_model
                out = dec.segmentation_head(dec.decoder(*features))
                if tuple(out.shape[-2:]) != (spec.label_px, spec.label_px):
                    out = F.interpolate(out, size=(spec.label_px, spec.label_px), mode="bilinear", align_corners=False)
                outs.append(out)
            return tuple(outs)

    return HubModel().eval()


__all__ = ["HubSpec", "MonoSpec", "SeriesSpec", "build_hub_model", "dates_input",
           "MONO_ORDER", "SERIES_ORDER", "TASK_ORDER"]
