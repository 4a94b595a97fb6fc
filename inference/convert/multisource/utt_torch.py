"""FLAIR#2 U-T&T as torch modules, rebuilt from IGN's description (utt.py says which keys they load).

``TimeTexture_flair`` (F2 ``src/backbones/txt_model.py``, ``fusion_utils.py``), at inference only:

- the U-TAE (utae_torch.UTAE, k4 s2 p1) runs on the Sentinel-2 crop; its last decoder map
  (full crop size, ``decoder_widths[0]`` channels) feeds two fusions, added together:
  *cropped*: centre 10 x 10 px (the aerial footprint), a 1x1 conv and a bilinear resize per
  U-Net encoder feature; *collapsed*: the spatial mean of **batch item 0's** map through an MLP
  per feature, broadcast over the feature (IGN's batch bug, hence N = 1 in the export);
- the sum is added to every U-Net/ResNet encoder feature, then the U-Net decoder and head run;
- with metadata, ``mtd_mlp`` maps the 45 values to one value per row of the deepest feature,
  repeated over its channels and columns, and added to it first.

Left out: the ``torch.rand(1) > drop_utae_modality`` coin (evaluated at predict time too; with
F2's config value 0.0 it keeps the fusion unless rand returns exactly 0) and the auxiliary
``reshape_utae_output`` head, which does not feed the U-Net output. Dropout is the identity in
eval mode. Imported only by the converter once torch is there (never by the engine).
"""
from __future__ import annotations

from torch import nn
from torch.nn import functional as F  # noqa: N812 (torch's own convention)

from .utae_torch import UTAE


class FMCropped(nn.Module):
    def __init__(self, in_channels: int, out_channels: list[int]):
        super().__init__()
        self.conv_list = nn.ModuleList(nn.Conv2d(in_channels, c, kernel_size=1) for c in out_channels)

    def forward(self, fmap, sizes):
        return [F.interpolate(conv(fmap), size=(s, s), mode="bilinear", align_corners=False)
                for conv, s in zip(self.conv_list, sizes)]


def _collapsed_widths(c_in: int, c_out: int) -> tuple[int, int, int, int]:
    """IGN's 3-layer MLP widths: a third of the gap per layer, or 2x wide when in == out."""
    m = abs(c_in - c_out) // 3
    if c_in < c_out:
        return c_in, c_in + m, c_in + 2 * m, c_out
    if c_in > c_out:
        return c_in, c_in - m, c_in - 2 * m, c_out
    return c_in, 2 * c_in, 2 * c_in, c_out


def _mlp(widths) -> nn.Sequential:
    layers: list[nn.Module] = []
    for i in range(len(widths) - 1):
        layers.append(nn.Linear(widths[i], widths[i + 1]))
        if i < len(widths) - 2:  # Linear, Dropout, ReLU: keys .0, .3, .6 as IGN's
            layers += [nn.Dropout(0.3), nn.ReLU(inplace=True)]
    return nn.Sequential(*layers)


class FMCollapsed(nn.Module):
    def __init__(self, in_channels: int, out_channels: list[int]):
        super().__init__()
        self.mlps = nn.ModuleList(_mlp(_collapsed_widths(in_channels, c)) for c in out_channels)

    def forward(self, vector, sizes):
        # vector: (C,) from item 0 only; each output (1, C_i, s, s) broadcasts over the batch
        return [mlp(vector)[None, :, None, None].expand(1, -1, s, s) for mlp, s in zip(self.mlps, sizes)]


class MtdMLP(nn.Module):
    def __init__(self, n_in: int, n_out: int):
        super().__init__()
        self.enc_mlp = _mlp((n_in, 64, 32, n_out))

    def forward(self, x):
        return self.enc_mlp(x)


class UttModel(nn.Module):
    """forward(aerial (1,5,H,W) in [0,1], s2 (1,T,C,h,w), dates (1,T)[, metadata (1,45)]) -> logits."""

    def __init__(self, spec, smp):
        super().__init__()
        self.spec = spec
        kw = dict(spec.encoder_kwargs)
        self.arch_vhr = smp.create_model("unet", encoder_name=spec.encoder, encoder_weights=None,
                                         in_channels=spec.aerial_channels, classes=spec.classes,
                                         decoder_channels=list(spec.decoder_channels), **kw)
        s = spec.series
        k, st, p = s.str_conv
        self.arch_hr = UTAE(s.in_channels, list(s.encoder_widths), list(s.decoder_widths), list(s.out_conv),
                            str_conv_k=k, str_conv_s=st, str_conv_p=p, n_head=s.n_head, d_model=s.d_model, d_k=s.d_k)
        outs = list(self.arch_vhr.encoder.out_channels)
        self.fm_utae_featmap_cropped = FMCropped(s.encoder_widths[0], outs)
        self.fm_utae_featmap_collapsed = FMCollapsed(s.encoder_widths[0], outs)
        if spec.metadata:
            self.mtd_mlp = MtdMLP(spec.metadata, spec.metadata_rows)

    def forward(self, aerial, s2, dates, metadata=None):
        _, maps = self.arch_hr(s2, dates)
        last = maps[-1]
        feats = list(self.arch_vhr.encoder(aerial))
        if metadata is not None:
            deep = feats[-1]
            enc = self.mtd_mlp(metadata)  # (N, rows): one value per row, as IGN's repeat does
            feats[-1] = deep + enc[:, None, :, None].expand(-1, deep.shape[1], -1, deep.shape[-1])
        sizes = [f.shape[-1] for f in feats]
        c = self.spec.crop_px
        top = int(round((last.shape[-2] - c) / 2.0))  # torchvision CenterCrop's rounding
        left = int(round((last.shape[-1] - c) / 2.0))
        cropped = self.fm_utae_featmap_cropped(last[:, :, top:top + c, left:left + c], sizes)
        collapsed = self.fm_utae_featmap_collapsed(last[0].mean(dim=(-2, -1)), sizes)
        fused = [f + (a + b) for f, a, b in zip(feats, cropped, collapsed)]
        return self.arch_vhr.segmentation_head(self.arch_vhr.decoder(fused))


def build_utt_model(spec, smp) -> UttModel:
    return UttModel(spec, smp).eval()


__all__ = ["UttModel", "build_utt_model"]
