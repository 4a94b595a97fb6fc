"""Read IGN checkpoints safely and work out what architecture they hold.

Reading never runs code from the file:

- ``.safetensors`` files are read with safetensors (a header and raw tensors, nothing executable);
- ``.pth`` / ``.pt`` / ``.ckpt`` files go through ``torch.load(weights_only=True)``, torch's
  restricted unpickler. Lightning checkpoints often also pickle objects we do not need
  (hyper-parameter containers, paths, callbacks' state). Each such class or function named in
  the file is replaced by :class:`Inert`, a plain dict that accepts any arguments and does
  nothing, so the file's tensors load while its other objects stay inert data.

Key layouts understood (FLAIR.md §4):

- FLAIR-INC ``.pth``: a plain smp state dict, keys optionally prefixed ``model.seg_model.``;
- Lightning ``.ckpt``: the same under ``state_dict``;
- FLAIR-HUB ``.safetensors``: ``[model.]encoders.AERIAL_RGBI.seg_model.*`` (the smp encoder) and
  ``[model.]main_decoders.<TASK>.seg_model.{decoder,segmentation_head}.*``; the fusion handler,
  auxiliary decoders and loss weights are not needed for inference and are dropped.
"""
from __future__ import annotations

import os
import pickle  # nosec B403  # only pickle.UnpicklingError, to name torch.load's read errors
import re
import zipfile
from collections import OrderedDict
from dataclasses import dataclass, field

from ..core.errors import FlairError
from ..core.messages import say, together
from .arch import ArchSpec, ConverterDepsMissing, import_torch, install_hint

# What torch.load and its checkpoint scan raise on a file that is not a readable checkpoint.
TORCH_READ_ERRORS = (RuntimeError, pickle.UnpicklingError, zipfile.BadZipFile, OSError, EOFError, ValueError)


class CheckpointError(FlairError, ValueError):
    """The checkpoint cannot be read or converted; the message names the key, shape or reason."""


class Inert(dict):
    """Stand-in for any class or function a checkpoint names that we do not need: does nothing."""

    def __init__(self, *args, **kwargs):
        super().__init__()

    def __setstate__(self, state):
        pass

    def __call__(self, *args, **kwargs):
        return Inert()


def _inert_class(name: str):
    return type("Inert_" + re.sub(r"\W", "_", name), (Inert,), {})


def read_tensors(path: str) -> OrderedDict[str, object]:
    """The checkpoint's flat tensor dictionary (torch tensors), read without running its code."""
    if not os.path.isfile(path):
        raise CheckpointError.say("checkpoint not found: {path}", path=path)
    with open(path, "rb") as f:
        head = f.read(16)
    if _looks_like_safetensors(head):
        return _read_safetensors(path)
    obj = _torch_load(path)
    return _find_state_dict(obj, path)


def _looks_like_safetensors(head: bytes) -> bool:
    if len(head) < 9:
        return False
    n = int.from_bytes(head[:8], "little")
    return 2 <= n < 100_000_000 and head[8:9] == b"{"


def _read_safetensors(path: str):
    try:
        from safetensors import SafetensorError
        from safetensors.torch import load_file
    except ImportError:
        raise ConverterDepsMissing.say(
            "reading a .safetensors checkpoint needs the safetensors package. Install it with:\n{commands}",
            commands=install_hint(),
        ) from None
    try:
        return OrderedDict(load_file(path, device="cpu"))
    except (SafetensorError, OSError, ValueError) as e:
        raise CheckpointError.say("{name} is not a readable safetensors file: {error}", name=os.path.basename(path),
                                   error=str(e)) from None


def _torch_load(path: str):
    torch, _ = import_torch()
    ser = torch.serialization
    try:
        unsafe = ser.get_unsafe_globals_in_checkpoint(path)
    except TORCH_READ_ERRORS as e:
        raise CheckpointError.say("{name} is neither a safetensors file nor a PyTorch checkpoint: {error}",
                                  name=os.path.basename(path), error=str(e)) from None
    stand_ins = [(_inert_class(name), name) for name in unsafe]
    try:
        with ser.safe_globals(stand_ins):
            return torch.load(path, map_location="cpu", weights_only=True)
    except TORCH_READ_ERRORS as e:
        raise CheckpointError.say("cannot read {name} as data (weights only): {error}", name=os.path.basename(path),
                                  error=str(e)) from None


def _is_tensor(v) -> bool:
    return type(v).__name__ in ("Tensor", "Parameter") and hasattr(v, "shape")


def _find_state_dict(obj, path: str):
    """The tensor dict inside a checkpoint: itself, or under state_dict / model / ..."""
    name = os.path.basename(path)
    seen = 0
    while isinstance(obj, dict) and seen < 4:
        tensors = {k: v for k, v in obj.items() if isinstance(k, str) and _is_tensor(v)}
        if tensors and len(tensors) >= len(obj) // 2:
            return OrderedDict(tensors)
        for key in ("state_dict", "model_state_dict", "model", "net", "weights"):
            if isinstance(obj.get(key), dict):
                obj = obj[key]
                break
        else:
            break
        seen += 1
    keys = ", ".join(map(str, list(obj)[:8])) if isinstance(obj, dict) else type(obj).__name__
    raise CheckpointError.say(
        "{name} holds no state dict of tensors (top-level entries: {keys}); expected a plain "
        "state dict, a Lightning checkpoint with 'state_dict', or a FLAIR-HUB .safetensors file", name=name, keys=keys
    )


# ---------------------------------------------------------------------------------------------
# Key layouts


@dataclass
class Layout:
    """What the checkpoint's keys say, after remapping to smp's ``encoder/decoder/segmentation_head``."""

    state: OrderedDict[str, object]
    kind: str  # "flair-inc" (plain smp) or "flair-hub"
    modality: str | None = None  # FLAIR-HUB encoder modality
    task: str | None = None  # FLAIR-HUB decoder task
    dropped: list[str] = field(default_factory=list)  # key groups left out (aux decoders, fusion, loss)


_HUB = re.compile(r"^(?:model\.)?(encoders|main_decoders|aux_decoders|fusion_handler|criterion)\.(.*)$")
_PREFIXES = ("model.seg_model.", "seg_model.", "model.", "module.", "net.")
MULTITEMPORAL = ("SENTINEL2_TS", "SENTINEL1-ASC_TS", "SENTINEL1-DESC_TS")


def remap(state, name: str = "checkpoint") -> Layout:
    """Turn IGN's key layouts into smp's; refuse with the offending keys when we cannot."""
    keys = list(state)
    if not keys:
        raise CheckpointError.say("{name} holds no tensors", name=name)
    if any(_HUB.match(k) for k in keys):
        return _remap_hub(state, name)
    out = OrderedDict()
    for k, v in state.items():
        for p in _PREFIXES:
            if k.startswith(p) and k[len(p):].split(".")[0] in ("encoder", "decoder", "segmentation_head"):
                k = k[len(p):]
                break
        out[k] = v
    wanted = [k for k in out if k.split(".")[0] in ("encoder", "decoder", "segmentation_head")]
    if not any(k.startswith("encoder.") for k in wanted) or not any(k.startswith("segmentation_head.") for k in wanted):
        raise CheckpointError.say(
            "{name}: no smp 'encoder.*' and 'segmentation_head.*' keys (even after removing the "
            "prefixes {prefixes}); its keys start like: {keys}", name=name, prefixes=", ".join(_PREFIXES),
            keys=", ".join(keys[:5]),
        )
    other = sorted({k.split(".")[0] for k in out if k not in wanted})
    return Layout(OrderedDict((k, out[k]) for k in wanted), "flair-inc", dropped=other)


def _remap_hub(state, name: str) -> Layout:
    encoders: dict[str, dict] = {}
    decoders: dict[str, dict] = {}
    dropped = set()
    for k, v in state.items():
        m = _HUB.match(k)
        if not m:
            dropped.add(k.split(".")[0])
            continue
        group, rest = m.groups()
        if group in ("encoders", "main_decoders"):
            mod, _, sub = rest.partition(".")
            if sub.startswith("seg_model."):
                sub = sub[len("seg_model."):]
            (encoders if group == "encoders" else decoders).setdefault(mod, OrderedDict())[sub] = v
        else:
            dropped.add(group)
    if not encoders:
        raise CheckpointError.say("{name}: FLAIR-HUB layout but no 'encoders.<MODALITY>.seg_model.*' keys", name=name)
    if len(encoders) > 1 or any(m in MULTITEMPORAL for m in encoders):
        raise CheckpointError.say(
            "{name} fuses several modalities ({modalities}); only single-modality "
            "aerial FLAIR-HUB models (LC-A: AERIAL_RGBI) can be converted", name=name, modalities=", ".join(sorted(encoders))
        )
    modality = next(iter(encoders))
    if modality != "AERIAL_RGBI":
        raise CheckpointError.say(
            "{name}: its encoder reads the {modality} modality; only aerial (AERIAL_RGBI) FLAIR-HUB "
            "models can be converted", name=name, modality=modality
        )
    tasks = sorted(decoders)
    lc = [t for t in tasks if "COSIA" in t or t.endswith("LABEL")]
    if not tasks:
        raise CheckpointError.say("{name}: FLAIR-HUB layout but no 'main_decoders.<TASK>.seg_model.*' keys", name=name)
    if not lc:
        raise CheckpointError.say(
            "{name}: its decoder predicts {tasks}; only land-cover (AERIAL_LABEL-COSIA) "
            "models map to FLAIR codes (crop-type LPIS models have their own 23-class nomenclature)",
            name=name, tasks=", ".join(tasks),
        )
    task = lc[0]
    out = OrderedDict(("encoder." + k, v) for k, v in encoders[modality].items())
    for k, v in decoders[task].items():
        if not (k.startswith("decoder.") or k.startswith("segmentation_head.")):
            raise CheckpointError.say("{name}: unexpected decoder key {key}", name=name,
                                      key=f"main_decoders.{task}.seg_model.{k}")
        out[k] = v
    for t in tasks:
        if t != task:
            dropped.add(f"main_decoders.{t}")
    return Layout(out, "flair-hub", modality=modality, task=task, dropped=sorted(dropped))


# ---------------------------------------------------------------------------------------------
# Architecture inference


RESNETS = {  # (blocks per layer, bottleneck) -> name
    ((2, 2, 2, 2), False): "resnet18",
    ((3, 4, 6, 3), False): "resnet34",
    ((3, 4, 6, 3), True): "resnet50",
    ((3, 4, 23, 3), True): "resnet101",
    ((3, 8, 36, 3), True): "resnet152",
}
MITS = {  # (embed dim, blocks per stage) -> name
    (32, (2, 2, 2, 2)): "mit_b0",
    (64, (2, 2, 2, 2)): "mit_b1",
    (64, (3, 4, 6, 3)): "mit_b2",
    (64, (3, 4, 18, 3)): "mit_b3",
    (64, (3, 8, 27, 3)): "mit_b4",
    (64, (3, 6, 40, 3)): "mit_b5",
}
SWINS = {  # (embed dim, depths, window) -> timm name
    (96, (2, 2, 6, 2), 7): "swin_tiny_patch4_window7_224",
    (96, (2, 2, 18, 2), 7): "swin_small_patch4_window7_224",
    (128, (2, 2, 18, 2), 7): "swin_base_patch4_window7_224",
    (128, (2, 2, 18, 2), 12): "swin_base_patch4_window12_384",
    (192, (2, 2, 18, 2), 7): "swin_large_patch4_window7_224",
    (192, (2, 2, 18, 2), 12): "swin_large_patch4_window12_384",
}
CONVNEXTS = {  # (v2?, stem width, depths) -> timm name
    (True, 40, (2, 2, 6, 2)): "convnextv2_atto",
    (True, 48, (2, 2, 6, 2)): "convnextv2_femto",
    (True, 64, (2, 2, 6, 2)): "convnextv2_pico",
    (True, 80, (2, 2, 8, 2)): "convnextv2_nano",
    (True, 96, (3, 3, 9, 3)): "convnextv2_tiny",
    (True, 128, (3, 3, 27, 3)): "convnextv2_base",
    (True, 192, (3, 3, 27, 3)): "convnextv2_large",
    (True, 352, (3, 3, 27, 3)): "convnextv2_huge",
    (False, 96, (3, 3, 9, 3)): "convnext_tiny",
    (False, 96, (3, 3, 27, 3)): "convnext_small",
    (False, 128, (3, 3, 27, 3)): "convnext_base",
    (False, 192, (3, 3, 27, 3)): "convnext_large",
}


def _count(keys, pattern: str) -> int:
    rx = re.compile(pattern)
    found = {int(m.group(1)) for k in keys if (m := rx.match(k))}
    return max(found) + 1 if found else 0


def _shape(state, key) -> tuple[int, ...]:
    return tuple(state[key].shape)


def infer_arch_name(state, name: str = "checkpoint") -> str:
    keys = list(state)
    has = lambda prefix: any(k.startswith(prefix) for k in keys)  # noqa: E731
    if has("decoder.fpn_stages."):
        return "upernet"
    if has("decoder.fpn_lateral_blocks."):
        return "upernet-smp"
    if has("decoder.blocks.0.conv1."):
        return "unet"
    if has("decoder.p5.") or has("decoder.seg_blocks."):
        return "fpn"
    if has("decoder.aspp.0.") or has("decoder.block1."):
        return "deeplabv3plus"
    if has("decoder.0.convs.") or has("decoder.aspp.convs."):
        return "deeplabv3"
    dec = sorted({".".join(k.split(".")[:3]) for k in keys if k.startswith("decoder.")})[:6]
    raise CheckpointError.say(
        "{name}: cannot tell the architecture from its decoder keys ({keys}); "
        "pass --arch (unet, fpn, deeplabv3, deeplabv3plus, upernet)", name=name, keys=", ".join(dec) or "-"
    )


def infer_encoder(state, name: str = "checkpoint") -> str:
    keys = list(state)
    if "encoder.conv1.weight" in state and "encoder.layer1.0.conv1.weight" in state:
        blocks = tuple(_count(keys, rf"encoder\.layer{i}\.(\d+)\.") for i in range(1, 5))
        bottleneck = "encoder.layer1.0.conv3.weight" in state
        if (blocks, bottleneck) in RESNETS:
            return RESNETS[(blocks, bottleneck)]
        raise CheckpointError.say("{name}: a ResNet with {blocks} blocks per layer is not one smp knows; pass --encoder",
                                  name=name, blocks=blocks)
    if "encoder.patch_embed1.proj.weight" in state:
        dim = _shape(state, "encoder.patch_embed1.proj.weight")[0]
        blocks = tuple(_count(keys, rf"encoder\.block{i}\.(\d+)\.") for i in range(1, 5))
        if (dim, blocks) in MITS:
            return MITS[(dim, blocks)]
        raise CheckpointError.say("{name}: a MiT encoder with width {dim} and blocks {blocks} is unknown; pass --encoder",
                                  name=name, dim=dim, blocks=blocks)
    if "encoder.model.patch_embed.proj.weight" in state and has_key(keys, "relative_position_bias_table"):
        dim = _shape(state, "encoder.model.patch_embed.proj.weight")[0]
        depths = tuple(_count(keys, rf"encoder\.model\.layers_{i}\.blocks\.(\d+)\.") for i in range(4))
        table = next(k for k in keys if k.endswith("relative_position_bias_table"))
        window = int(round((_shape(state, table)[0] ** 0.5 + 1) / 2))
        if (dim, depths, window) in SWINS:
            return "tu-" + SWINS[(dim, depths, window)]
        raise CheckpointError.say(
            "{name}: a Swin with width {dim}, depths {depths} and window {window} is unknown; pass --encoder",
            name=name, dim=dim, depths=depths, window=window,
        )
    if "encoder.model.stem_0.weight" in state:
        dim = _shape(state, "encoder.model.stem_0.weight")[0]
        depths = tuple(_count(keys, rf"encoder\.model\.stages_{i}\.blocks\.(\d+)\.") for i in range(4))
        v2 = has_key(keys, ".grn.")
        if (v2, dim, depths) in CONVNEXTS:
            return "tu-" + CONVNEXTS[(v2, dim, depths)]
        raise CheckpointError.say(
            "{name}: a {encoder} with width {dim} and depths {depths} is unknown; pass --encoder",
            name=name, encoder="ConvNeXt-V2" if v2 else "ConvNeXt", dim=dim, depths=depths,
        )
    enc = sorted({".".join(k.split(".")[:3]) for k in keys if k.startswith("encoder.")})[:6]
    raise CheckpointError.say(
        "{name}: cannot tell the encoder from its keys ({keys}); pass --encoder "
        "(e.g. resnet34, mit_b5, tu-swin_base_patch4_window12_384, tu-convnextv2_base)", name=name, keys=", ".join(enc)
    )


def has_key(keys, part: str) -> bool:
    return any(part in k for k in keys)


# The encoder's first convolution, whose weight (out, in, kh, kw) gives the input channel count.
FIRST_CONVS = (
    "encoder.conv1.weight",  # ResNet
    "encoder.patch_embed1.proj.weight",  # MiT (SegFormer)
    "encoder.model.patch_embed.proj.weight",  # timm Swin
    "encoder.model.stem_0.weight",  # timm ConvNeXt(-V2)
    "encoder.model.conv1.weight",  # timm ResNet-likes
    "encoder.model.conv_stem.weight",  # timm EfficientNet-likes
    "encoder._conv_stem.weight",  # efficientnet-pytorch
)


def first_conv_key(state) -> str:
    for k in FIRST_CONVS:
        if k in state and len(state[k].shape) == 4:
            return k
    # unknown encoder: the first 4-D encoder weight in the file (files written by torch.save keep
    # the model's order; safetensors sorts keys, hence the list above)
    for k, v in state.items():
        if k.startswith("encoder.") and k.endswith("weight") and len(v.shape) == 4:
            return k
    raise CheckpointError.say("no convolution weight in the encoder, so its input channel count is unknown")


def infer_spec(
    layout: Layout,
    arch: str | None = None,
    encoder: str | None = None,
    img_size: int | None = None,
    name: str = "checkpoint",
) -> ArchSpec:
    """The architecture to rebuild: what the weights say, overridden by the caller."""
    state = layout.state
    arch = arch or infer_arch_name(state, name)
    encoder = encoder or infer_encoder(state, name)
    conv = first_conv_key(state)
    in_channels = _shape(state, conv)[1]
    head = "segmentation_head.0.weight"
    if head not in state:
        raise CheckpointError.say("{name}: no {key} key, so the number of classes is unknown", name=name, key=head)
    classes = _shape(state, head)[0]
    dec_in = None
    if arch == "upernet":
        last = _count(state, r"decoder\.fpn_stages\.(\d+)\.") - 1
        k = f"decoder.fpn_stages.{last}.skip_conv.0.weight"
        dec_in = _shape(state, k)[1] if k in state else 0
    return ArchSpec(arch, encoder, in_channels, classes, img_size=img_size, decoder_in_channels=dec_in)


# Buffers that some timm versions save and others recompute (not learnt).
RECOMPUTED = ("relative_position_index", "attn_mask", "relative_coords_table")


def load_weights(model, layout: Layout, spec: ArchSpec, name: str = "checkpoint") -> None:
    """Copy the weights into ``model`` or explain, key by key, why they do not fit."""
    state = OrderedDict(layout.state)
    if spec.arch == "deeplabv3" and any(k.startswith("decoder.0.") for k in state):
        state = OrderedDict(
            (re.sub(r"^decoder\.0\.", "decoder.aspp.", re.sub(r"^decoder\.1\.", "decoder.conv.",
             re.sub(r"^decoder\.2\.", "decoder.bn.", k))), v)
            for k, v in state.items()
        )
    own = model.state_dict()
    missing = [k for k in own if k not in state and not k.endswith(RECOMPUTED) and not k.endswith("num_batches_tracked")]
    unexpected = [k for k in state if k not in own and not k.endswith(RECOMPUTED)]
    wrong = [(k, tuple(state[k].shape), tuple(own[k].shape)) for k in state if k in own and tuple(state[k].shape) != tuple(own[k].shape)]
    if missing or unexpected or wrong:
        # one line each, said in the user's language line by line
        lines = [say("{name} does not fit {model}:", name=name, model=spec.describe())]
        for k, got, want in wrong[:5]:
            lines.append(say("  {key}: checkpoint {got}, model {want}", key=k, got=list(got), want=list(want)))
            if k.endswith("relative_position_bias_table"):
                lines.append(say(
                    "    (a Swin's attention window shrinks when the tile is too small: its last stage is "
                    "tile/32 pixels wide and must hold a whole window; use a larger {tile_option}, e.g. 512)",
                    tile_option="--tile"))
        if missing:
            lines.append(say("  missing from the checkpoint ({count}): {keys}", count=len(missing),
                             keys=", ".join(missing[:5])))
        if unexpected:
            lines.append(say("  not in the model ({count}): {keys}", count=len(unexpected),
                             keys=", ".join(unexpected[:5])))
        lines.append(say("  check --arch/--encoder/--inputs, or that this is a FLAIR-INC/FLAIR-HUB checkpoint"))
        raise CheckpointError.of(together(lines, "\n"))
    model.load_state_dict(OrderedDict((k, v) for k, v in state.items() if k in own), strict=False)


__all__ = [
    "CheckpointError", "Inert", "Layout", "infer_spec", "load_weights", "read_tensors", "remap",
]
