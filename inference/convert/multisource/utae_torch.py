"""U-TAE's torch modules (see utae.py for what they are and their two forwards).

This module imports torch at the top: only the multi-source converter imports it, once torch is
known to be there (``arch.import_torch``), so importing the engine never imports torch.
"""
from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional as F  # noqa: N812 (torch's own convention)


class ConvLayer(nn.Module):
    def __init__(self, nkernels, norm="batch", k=3, s=1, p=1, n_groups=4, last_relu=True, padding_mode="reflect"):
        super().__init__()
        layers = []
        for i in range(len(nkernels) - 1):
            layers.append(
                nn.Conv2d(nkernels[i], nkernels[i + 1], kernel_size=k, padding=p, stride=s, padding_mode=padding_mode)
            )
            if norm == "batch":
                layers.append(nn.BatchNorm2d(nkernels[i + 1]))
            elif norm == "group":
                layers.append(nn.GroupNorm(num_channels=nkernels[i + 1], num_groups=n_groups))
            if last_relu or i < len(nkernels) - 2:
                layers.append(nn.ReLU())
        self.conv = nn.Sequential(*layers)

    def forward(self, x):
        return self.conv(x)

class TemporallySharedBlock(nn.Module):
    """Applies a 2-D block to every date; frames equal to ``pad_value`` stay padding."""

    def __init__(self, pad_value=None):
        super().__init__()
        self.pad_value = pad_value
        self.export_mode = False

    def smart_forward(self, x):
        if x.dim() == 4:
            return self.forward(x)
        b, t, c, h, w = x.shape
        flat = x.reshape(b * t, c, h, w)
        if self.pad_value is None:
            out = self.forward(flat)
        elif self.export_mode:
            # rewrite 1: compute every frame, then put pad_value back on padded frames
            pad = (flat == self.pad_value).flatten(1).all(dim=1)
            out = self.forward(flat)
            out = torch.where(pad[:, None, None, None], torch.full_like(out, float(self.pad_value)), out)
        else:
            out_shape = self.forward(torch.zeros_like(flat)).shape
            pad = (flat == self.pad_value).all(dim=-1).all(dim=-1).all(dim=-1)
            if pad.any():
                temp = torch.ones(out_shape, dtype=x.dtype) * self.pad_value
                temp[~pad] = self.forward(flat[~pad])
                out = temp
            else:
                out = self.forward(flat)
        _, c2, h2, w2 = out.shape
        return out.reshape(b, t, c2, h2, w2)

class ConvBlock(TemporallySharedBlock):
    def __init__(self, nkernels, pad_value=None, norm="batch", last_relu=True, padding_mode="reflect"):
        super().__init__(pad_value=pad_value)
        self.conv = ConvLayer(nkernels, norm=norm, last_relu=last_relu, padding_mode=padding_mode)

    def forward(self, x):
        return self.conv(x)

class DownConvBlock(TemporallySharedBlock):
    def __init__(self, d_in, d_out, k, s, p, pad_value=None, norm="batch", padding_mode="reflect"):
        super().__init__(pad_value=pad_value)
        self.down = ConvLayer([d_in, d_in], norm=norm, k=k, s=s, p=p, padding_mode=padding_mode)
        self.conv1 = ConvLayer([d_in, d_out], norm=norm, padding_mode=padding_mode)
        self.conv2 = ConvLayer([d_out, d_out], norm=norm, padding_mode=padding_mode)

    def forward(self, x):
        out = self.conv1(self.down(x))
        return out + self.conv2(out)

class UpConvBlock(nn.Module):
    def __init__(self, d_in, d_out, k, s, p, norm="batch", d_skip=None, padding_mode="reflect"):
        super().__init__()
        d = d_out if d_skip is None else d_skip
        self.skip_conv = nn.Sequential(nn.Conv2d(d, d, kernel_size=1), nn.BatchNorm2d(d), nn.ReLU())
        self.up = nn.Sequential(
            nn.ConvTranspose2d(d_in, d_out, kernel_size=k, stride=s, padding=p), nn.BatchNorm2d(d_out), nn.ReLU()
        )
        self.conv1 = ConvLayer([d_out + d, d_out], norm=norm, padding_mode=padding_mode)
        self.conv2 = ConvLayer([d_out, d_out], norm=norm, padding_mode=padding_mode)

    def forward(self, x, skip):
        out = torch.cat([self.up(x), self.skip_conv(skip)], dim=1)
        out = self.conv1(out)
        return out + self.conv2(out)

class TemporalAggregator(nn.Module):
    """'att_group': each channel group is the attention-weighted sum of its dates."""

    def __init__(self):
        super().__init__()
        self.export_mode = False

    def forward(self, x, pad_mask, attn_mask):
        n_heads, b, t, h, w = attn_mask.shape
        attn = attn_mask.reshape(n_heads * b, t, h, w)
        if x.shape[-2] > w:
            attn = F.interpolate(attn, size=x.shape[-2:], mode="bilinear", align_corners=False)
        elif w // x.shape[-2] > 1:  # stride-1 U-TAE (FLAIR-HUB): the pooling is the identity
            attn = F.avg_pool2d(attn, kernel_size=w // x.shape[-2])
        attn = attn.reshape(n_heads, b, t, *x.shape[-2:])
        # rewrite 2: multiplying by (~pad_mask) is what IGN's any() branch adds; harmless otherwise
        if self.export_mode or pad_mask.any():
            attn = attn * (~pad_mask).to(attn.dtype)[None, :, :, None, None]
        out = torch.stack(x.chunk(n_heads, dim=2))  # heads x B x T x C/heads x H x W
        out = (attn[:, :, :, None, :, :] * out).sum(dim=2)
        return torch.cat(list(out), dim=1)

class PositionalEncoder(nn.Module):
    def __init__(self, d, T=1000, repeat=None, offset=0):
        super().__init__()
        self.d = d
        self.repeat = repeat
        self.export_mode = False
        denom = torch.pow(float(T), 2 * (torch.arange(offset, offset + d).float() // 2) / d)
        self.register_buffer("denom", denom, persistent=False)  # not in IGN's state dict

    def forward(self, positions):
        table = positions[:, :, None] / self.denom[None, None, :]
        if self.export_mode:
            # rewrite 4: no in-place strided assignment
            even = (torch.arange(self.d) % 2 == 0)[None, None, :]
            table = torch.where(even, torch.sin(table), torch.cos(table))
        else:
            table = table.clone()
            table[:, :, 0::2] = torch.sin(table[:, :, 0::2])
            table[:, :, 1::2] = torch.cos(table[:, :, 1::2])
        if self.repeat is not None:
            table = torch.cat([table for _ in range(self.repeat)], dim=-1)
        return table

class MultiHeadAttention(nn.Module):
    def __init__(self, n_head, d_k, d_in):
        super().__init__()
        self.n_head, self.d_k, self.d_in = n_head, d_k, d_in
        self.export_mode = False
        self.Q = nn.Parameter(torch.zeros((n_head, d_k)))
        nn.init.normal_(self.Q, mean=0, std=math.sqrt(2.0 / d_k))
        self.fc1_k = nn.Linear(d_in, n_head * d_k)
        nn.init.normal_(self.fc1_k.weight, mean=0, std=math.sqrt(2.0 / d_k))
        self.temperature = math.sqrt(d_k)

    def forward(self, v, pad_mask=None):
        d_k, n_head = self.d_k, self.n_head
        sz_b, seq_len, _ = v.shape
        if self.export_mode:  # rewrite 3: expand, not a Python list of B*H*W copies
            q = self.Q[:, None, :].expand(n_head, sz_b, d_k).reshape(-1, d_k)
        else:
            q = torch.stack([self.Q for _ in range(sz_b)], dim=1).view(-1, d_k)
        k = self.fc1_k(v).view(sz_b, seq_len, n_head, d_k)
        k = k.permute(2, 0, 1, 3).contiguous().view(-1, seq_len, d_k)
        if pad_mask is not None:
            pad_mask = pad_mask.repeat((n_head, 1))
        v = torch.stack(v.split(v.shape[-1] // n_head, dim=-1)).view(n_head * sz_b, seq_len, -1)
        attn = torch.matmul(q.unsqueeze(1), k.transpose(1, 2)) / self.temperature
        if pad_mask is not None:
            attn = attn.masked_fill(pad_mask.unsqueeze(1), -1e3)
        attn = torch.softmax(attn, dim=2)
        output = torch.matmul(attn, v)
        attn = attn.view(n_head, sz_b, 1, seq_len).squeeze(dim=2)
        output = output.view(n_head, sz_b, 1, self.d_in // n_head).squeeze(dim=2)
        return output, attn

class LTAE2d(nn.Module):
    def __init__(self, in_channels=128, n_head=16, d_k=4, mlp=(256, 128), d_model=256, T=1000):
        super().__init__()
        self.n_head = n_head
        self.export_mode = False
        self.inconv = nn.Conv1d(in_channels, d_model, 1)
        self.positional_encoder = PositionalEncoder(d_model // n_head, T=T, repeat=n_head)
        self.attention_heads = MultiHeadAttention(n_head=n_head, d_k=d_k, d_in=d_model)
        self.in_norm = nn.GroupNorm(num_groups=n_head, num_channels=in_channels)
        self.out_norm = nn.GroupNorm(num_groups=n_head, num_channels=mlp[-1])
        layers = []
        for i in range(len(mlp) - 1):
            layers.extend([nn.Linear(mlp[i], mlp[i + 1]), nn.BatchNorm1d(mlp[i + 1]), nn.ReLU()])
        self.mlp = nn.Sequential(*layers)

    def forward(self, x, positions, pad_mask):
        sz_b, seq_len, d, h, w = x.shape
        if self.export_mode:
            pm = pad_mask[:, None, None, :].expand(sz_b, h, w, seq_len).reshape(sz_b * h * w, seq_len)
            bp = positions[:, None, None, :].expand(sz_b, h, w, seq_len).reshape(sz_b * h * w, seq_len)
        else:
            pm = pad_mask.unsqueeze(-1).repeat((1, 1, h)).unsqueeze(-1).repeat((1, 1, 1, w))
            pm = pm.permute(0, 2, 3, 1).contiguous().view(sz_b * h * w, seq_len)
            bp = positions.unsqueeze(-1).repeat((1, 1, h)).unsqueeze(-1).repeat((1, 1, 1, w))
            bp = bp.permute(0, 2, 3, 1).contiguous().view(sz_b * h * w, seq_len)
        out = x.permute(0, 3, 4, 1, 2).contiguous().view(sz_b * h * w, seq_len, d)
        out = self.in_norm(out.permute(0, 2, 1)).permute(0, 2, 1)
        out = self.inconv(out.permute(0, 2, 1)).permute(0, 2, 1)
        out = out + self.positional_encoder(bp)
        out, attn = self.attention_heads(out, pad_mask=pm)
        out = out.permute(1, 0, 2).contiguous().view(sz_b * h * w, -1)
        out = self.out_norm(self.mlp(out))
        out = out.view(sz_b, h, w, -1).permute(0, 3, 1, 2)
        attn = attn.view(self.n_head, sz_b, h, w, seq_len).permute(0, 1, 4, 2, 3)
        return out, attn

class UTAE(nn.Module):
    """FLAIR-HUB's U-TAE (``encoder=False, return_maps=True``): returns (logits, maps)."""

    def __init__(self, input_dim, encoder_widths, decoder_widths, out_conv, str_conv_k=3, str_conv_s=1,
                 str_conv_p=1, encoder_norm="group", n_head=16, d_model=256, d_k=4, pad_value=0,
                 padding_mode="reflect"):
        super().__init__()
        self.n_stages = len(encoder_widths)
        self.pad_value = pad_value
        self.in_conv = ConvBlock([input_dim, encoder_widths[0], encoder_widths[0]], pad_value=pad_value,
                                 norm=encoder_norm, padding_mode=padding_mode)
        self.down_blocks = nn.ModuleList(
            DownConvBlock(encoder_widths[i], encoder_widths[i + 1], k=str_conv_k, s=str_conv_s, p=str_conv_p,
                          pad_value=pad_value, norm=encoder_norm, padding_mode=padding_mode)
            for i in range(self.n_stages - 1)
        )
        self.up_blocks = nn.ModuleList(
            UpConvBlock(decoder_widths[i], decoder_widths[i - 1], d_skip=encoder_widths[i - 1], k=str_conv_k,
                        s=str_conv_s, p=str_conv_p, norm="batch", padding_mode=padding_mode)
            for i in range(self.n_stages - 1, 0, -1)
        )
        self.temporal_encoder = LTAE2d(encoder_widths[-1], n_head=n_head, d_k=d_k,
                                       mlp=(d_model, encoder_widths[-1]), d_model=d_model)
        self.temporal_aggregator = TemporalAggregator()
        self.out_conv = ConvBlock([decoder_widths[0], *out_conv], padding_mode=padding_mode)

    def forward(self, x, positions):
        pad_mask = (x == self.pad_value).flatten(2).all(dim=-1)  # B x T
        feature_maps = [self.in_conv.smart_forward(x)]
        for block in self.down_blocks:
            feature_maps.append(block.smart_forward(feature_maps[-1]))
        out, att = self.temporal_encoder(feature_maps[-1], positions, pad_mask)
        maps = [out]
        for i, block in enumerate(self.up_blocks):
            skip = self.temporal_aggregator(feature_maps[-(i + 2)], pad_mask, att)
            out = block(out, skip)
            maps.append(out)
        return self.out_conv(out), maps


__all__ = ["UTAE"]
