"""FLAIR-HUB's multi-source model as torch modules (see fused.py for the layout they mirror and for
the specs, HubSpec, MonoSpec and SeriesSpec, they are built from).

This module imports torch at the top: only the multi-source converter imports it, once torch is
known to be there (``arch.import_torch``), so importing the engine never imports torch.
"""
from __future__ import annotations

import torch
from segmentation_models_pytorch.encoders import get_encoder
from torch import nn
from torch.nn import functional as F  # noqa: N812 (torch's own convention)

from ..arch import ArchSpec, _legacy_upernet
from .utae_torch import UTAE


class Mono(nn.Module):
    def __init__(self, m):
        super().__init__()
        kw = dict(m.encoder_kwargs)
        if "swin" in m.encoder:
            kw["img_size"] = m.patch_px
        self.seg_model = get_encoder(m.encoder, in_channels=m.in_channels, depth=5, weights=None, **kw)

class Decoder(nn.Module):
    def __init__(self, first, classes: int, smp):
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
    def __init__(self, spec, smp):
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
                self.main_decoders[task] = Decoder(spec.monos[0], classes, smp)

    @staticmethod
    def series_map_channels(s):
        d = list(s.decoder_widths)
        # maps = [L-TAE output, up0, up1, up2]: widths from the deepest to the shallowest
        return [s.encoder_widths[-1]] + [d[i - 1] for i in range(len(d) - 1, 0, -1)]

    def forward(self, *inputs):
        spec = self.spec
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


__all__ = ["HubModel"]
