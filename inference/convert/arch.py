"""Rebuild IGN's FLAIR architectures with segmentation-models-pytorch (torch imported here only).

Every model built here takes (N, C, H, W) normalised float32 and returns logits (N, classes, H, W),
and its ``state_dict`` uses smp's key layout: ``encoder.*``, ``decoder.*``, ``segmentation_head.*``.

Two layouts need care:

- **FLAIR-HUB UPerNet** was trained with an smp revision between 0.4.0 and 0.5.0 whose UPerNet
  decoder (``psp``, ``fpn_stages``, ``fpn_bottleneck``; 64-channel head upsampled x4) was replaced
  by a different one in smp 0.5. :class:`LegacyUPerNetDecoder` transcribes the old decoder so
  the released weights load and compute exactly as in IGN's code. FLAIR-HUB also builds its
  decoder from an smp model created with ``in_channels=1`` (so the unused stride-1 FPN stage has a
  1-channel ``skip_conv``), which ``decoder_in_channels`` reproduces.
- **DeepLabV3** decoders saved with smp < 0.5 (FLAIR-INC; FLAIR-HUB pins smp 0.4.0) number their
  modules ``decoder.0/1/2`` (an ``nn.Sequential``); smp 0.5 renamed them ``decoder.aspp/conv/bn``.
  ``load_weights`` (and convert.torchfree.deeplabv3) read both.

Swin encoders are built for one input size (timm's attention windows are fixed at creation):
``img_size`` is the tile the ONNX model will run at. A Swin with 12-px windows needs tiles of at
least 384 px (its last stage is tile/32 px wide and must hold a whole window).
"""
from __future__ import annotations

import sys
import types
from dataclasses import dataclass

from ..core.errors import FlairError, InputError
from ..core.interpreter import python_executable

ARCHS = ("unet", "fpn", "deeplabv3", "deeplabv3plus", "upernet", "upernet-smp")
# Encoders whose timm model needs the input size at creation.
FIXED_SIZE_ENCODERS = ("swin",)


class ConverterDepsMissing(FlairError, ImportError):
    """torch / segmentation-models-pytorch are not installed; the message says how to install them."""


def install_hint(python: str | None = None) -> str:
    """The exact command that installs the converter's dependencies for this Python."""
    py = python or python_executable()
    return (
        # Any CPU build of torch does; the exact versions this project is tested with live in
        # requirements/convert.txt only (one place).
        f'"{py}" -m pip install --user torch --index-url https://download.pytorch.org/whl/cpu\n'
        f'"{py}" -m pip install --user "numpy<2" segmentation-models-pytorch safetensors onnxscript'
    )


def import_torch():
    """Import torch, timm and smp, or raise ConverterDepsMissing with the install command.

    smp and timm import torchvision, whose C operators fail to register next to a CPU-only torch
    when the torchvision wheel was built for CUDA ("operator torchvision::nms does not exist").
    smp and timm only use torchvision's pure-Python parts, so when (and only when) the normal
    import fails we stub the two registration modules and import again.
    """
    missing = []
    try:
        import torch  # noqa: F401
    except ImportError:
        missing.append("torch")
    try:
        import segmentation_models_pytorch  # noqa: F401
    except ImportError as e:
        if "torch" not in missing and not _retry_with_torchvision_stubs(e):
            missing.append("segmentation-models-pytorch")
    except RuntimeError as e:  # torchvision's, raised from inside smp's import
        if not _retry_with_torchvision_stubs(e):
            raise ConverterDepsMissing.say(
                "segmentation-models-pytorch failed to import ({error})", error=f"{type(e).__name__}: {e}"
            ) from None
    if missing:
        raise ConverterDepsMissing.say(
            "converting a checkpoint needs {missing}, which this Python ({python}) does not have. Install the "
            "converter's dependencies with:\n{commands}\nthen restart QGIS (or re-run the command). The plugin never "
            "installs packages itself.", missing=", ".join(missing), python=python_executable(), commands=install_hint(),
        )
    import segmentation_models_pytorch as smp
    import torch

    return torch, smp


def _retry_with_torchvision_stubs(error: BaseException) -> bool:
    if isinstance(error, ModuleNotFoundError) and error.name and not error.name.startswith("torchvision"):
        return False
    for name in [m for m in sys.modules if m.split(".")[0] in ("torchvision", "timm", "segmentation_models_pytorch")]:
        del sys.modules[name]
    for name in ("torchvision._meta_registrations", "torchvision._autograd_registrations"):
        sys.modules[name] = types.ModuleType(name)
    try:
        import segmentation_models_pytorch  # noqa: F401
    except (ImportError, RuntimeError):
        return False
    return True


@dataclass(frozen=True)
class ArchSpec:
    arch: str  # one of ARCHS; "upernet" = FLAIR-HUB's (smp 0.4) layout, "upernet-smp" = smp >= 0.5
    encoder: str  # smp encoder name, e.g. resnet34, mit_b5, tu-swin_base_patch4_window12_384
    in_channels: int
    classes: int
    img_size: int | None = None  # input size fixed at creation (Swin only)
    decoder_in_channels: int | None = None  # legacy UPerNet: in_channels its decoder was built with

    @property
    def fixed_size(self) -> bool:
        """True when the exported graph can only take img_size x img_size tiles."""
        return self.arch in ("upernet", "upernet-smp") or any(k in self.encoder for k in FIXED_SIZE_ENCODERS)

    def describe(self) -> str:
        return f"{self.arch} / {self.encoder} ({self.in_channels} inputs, {self.classes} classes)"


def _encoder_kwargs(spec: ArchSpec) -> dict:
    if spec.img_size and any(k in spec.encoder for k in FIXED_SIZE_ENCODERS):
        return {"img_size": spec.img_size}
    return {}


def build_model(spec: ArchSpec):
    """An eval-mode torch module for ``spec`` with random weights (no download, ever)."""
    torch, smp = import_torch()
    nn = torch.nn
    kw = _encoder_kwargs(spec)
    if spec.arch not in ARCHS:
        raise InputError.say("unknown architecture {arch!r}; use one of {names}", arch=spec.arch, names=", ".join(ARCHS))
    if spec.arch == "upernet":
        model = _legacy_upernet(torch, smp, spec, kw)
    else:
        name = {"upernet-smp": "upernet"}.get(spec.arch, spec.arch)
        try:
            model = smp.create_model(
                name, encoder_name=spec.encoder, encoder_weights=None,
                in_channels=spec.in_channels, classes=spec.classes, **kw,
            )
        except (KeyError, RuntimeError) as e:
            raise InputError.say("cannot build {model}: {error}", model=spec.describe(), error=str(e)) from None
    if not isinstance(model, nn.Module):  # pragma: no cover
        raise TypeError(model)
    return model.eval()


def _legacy_upernet(torch, smp, spec: ArchSpec, kw: dict):
    nn = torch.nn
    F = torch.nn.functional
    from segmentation_models_pytorch.encoders import get_encoder

    def conv_relu(cin, cout, k, padding=0):
        # smp 0.4 Conv2dReLU: Sequential(conv (no bias), BatchNorm2d, ReLU)
        return nn.Sequential(nn.Conv2d(cin, cout, k, padding=padding, bias=False), nn.BatchNorm2d(cout), nn.ReLU())

    class PSPModule(nn.Module):
        def __init__(self, cin, cout, sizes=(1, 2, 3, 6)):
            super().__init__()
            self.blocks = nn.ModuleList(
                [nn.Sequential(nn.AdaptiveAvgPool2d(s), conv_relu(cin, cin // len(sizes), 1)) for s in sizes]
            )
            self.out_conv = conv_relu(cin * 2, cout, 1)

        def forward(self, x):
            h, w = x.shape[-2:]
            out = [x] + [F.interpolate(b(x), size=(h, w), mode="bilinear", align_corners=False) for b in self.blocks]
            return self.out_conv(torch.cat(out, dim=1))

    class FPNBlock(nn.Module):
        def __init__(self, skip_channels, pyramid_channels):
            super().__init__()
            self.skip_conv = conv_relu(skip_channels, pyramid_channels, 1) if skip_channels != 0 else nn.Identity()

        def forward(self, x, skip):
            _, channels, h, w = skip.shape
            x = F.interpolate(x, size=(h, w), mode="bilinear", align_corners=False)
            if channels != 0:
                x = x + self.skip_conv(skip)
            return x

    class LegacyUPerNetDecoder(nn.Module):
        """smp 0.4.0's UPerNetDecoder, line for line (see the module docstring)."""

        def __init__(self, encoder_channels, pyramid_channels=256, segmentation_channels=64):
            super().__init__()
            encoder_channels = list(encoder_channels)[::-1]
            self.psp = PSPModule(encoder_channels[0], pyramid_channels)
            self.fpn_stages = nn.ModuleList([FPNBlock(ch, pyramid_channels) for ch in encoder_channels[1:]])
            self.fpn_bottleneck = conv_relu((len(encoder_channels) - 1) * pyramid_channels, segmentation_channels, 3, 1)

        def forward(self, *features):
            output_size = features[0].shape[2:]
            target_size = [s // 4 for s in output_size]
            features = features[1:][::-1]
            fpn_features = [self.psp(features[0])]
            for feature, stage in zip(features[1:], self.fpn_stages):
                fpn_features.append(stage(fpn_features[-1], feature))
            resized = [F.interpolate(f, size=target_size, mode="bilinear", align_corners=False) for f in fpn_features]
            return self.fpn_bottleneck(torch.cat(resized, dim=1))

    class LegacyUPerNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = get_encoder(spec.encoder, in_channels=spec.in_channels, depth=5, weights=None, **kw)
            channels = list(self.encoder.out_channels)
            channels[0] = spec.decoder_in_channels or spec.in_channels
            self.decoder = LegacyUPerNetDecoder(channels)
            self.segmentation_head = nn.Sequential(
                nn.Conv2d(64, spec.classes, kernel_size=1),
                nn.Upsample(scale_factor=4, mode="bilinear", align_corners=True),
                nn.Identity(),
            )

        def forward(self, x):
            out = self.segmentation_head(self.decoder(*self.encoder(x)))
            if out.shape[-2:] != x.shape[-2:]:  # FLAIR-HUB resizes the logits to the input size
                out = F.interpolate(out, size=x.shape[-2:], mode="bilinear", align_corners=False)
            return out

    try:
        return LegacyUPerNet()
    except (KeyError, RuntimeError) as e:
        raise InputError.say("cannot build {model}: {error}", model=spec.describe(), error=str(e)) from None


__all__ = ["ARCHS", "ArchSpec", "ConverterDepsMissing", "build_model", "import_torch", "install_hint"]
