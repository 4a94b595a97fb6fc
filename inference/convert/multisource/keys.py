"""IGN's FLAIR-HUB multi-source key layout: what the weights say about the model, and loading them.

The shapes settle nearly everything (MULTISOURCE.md §3): U-TAE widths from its convolutions,
L-TAE heads from ``Q``, classes from the heads, image encoders as the single-modality converter
recognises them. What they cannot say (a tiny or unknown timm encoder) comes from the caller.
"""
from __future__ import annotations

import re
from collections import OrderedDict

from ...core.messages import Said, say, together
from ...models.modalities import DEFAULTS as MODALITY_DEFAULTS
from ...models.modalities import px_at_tile
from ..checkpoint import RECOMPUTED, CheckpointError, infer_encoder
from .fused import MONO_ORDER, SERIES_ORDER, TASK_ORDER, HubSpec, MonoSpec, SeriesSpec

TRAINING_ONLY = ("aux_decoders", "criterion")
_GROUP = re.compile(r"^(?:model\.)?(encoders|main_decoders|aux_decoders|fusion_handler|criterion)\.(.*)$")


_UTT = re.compile(r"^(?:model\.)?(arch_vhr|arch_hr|fm_utae_featmap_cropped|fm_utae_featmap_collapsed)\.")


def is_utt(state) -> bool:
    """True for a FLAIR#2 U-T&T checkpoint (utt.py): both branches and both fusions present."""
    return len({m.group(1) for k in state if (m := _UTT.match(k))}) == 4


def is_multisource(state) -> bool:
    """True for a checkpoint the single-modality converter cannot take: FLAIR#2 U-T&T, or FLAIR-HUB
    with a time series, several encoders, a modality other than aerial, or a crop-type (LPIS) head."""
    if is_utt(state):
        return True
    keys = list(strip(state))
    mods = {k.split(".")[1] for k in keys if k.startswith("encoders.")}
    tasks = {k.split(".")[1] for k in keys if k.startswith("main_decoders.")}
    return bool(mods) and (len(mods) > 1 or mods != {"AERIAL_RGBI"} or "ALL_LABEL-LPIS" in tasks)


def strip(state, groups: re.Pattern = _GROUP) -> OrderedDict:
    """IGN's keys without the Lightning ``model.`` prefix (``groups``: the top-level modules of the
    layout, FLAIR-HUB's by default); foreign keys kept as they are."""
    out = OrderedDict()
    for k, v in state.items():
        m = groups.match(k)
        out[f"{m.group(1)}.{m.group(2)}" if m else k] = v
    return out


def _shape(state, key) -> tuple[int, ...]:
    return tuple(state[key].shape)


def _indices(keys, pattern: str) -> list[int]:
    rx = re.compile(pattern)
    return sorted({int(m.group(1)) for k in keys if (m := rx.match(k))})


def _series_spec(state, mod: str, tile: int, fixed: bool, name: str) -> SeriesSpec:
    p = f"encoders.{mod}."
    keys = [k for k in state if k.startswith(p)]
    try:
        w0 = _shape(state, p + "in_conv.conv.conv.0.weight")
        downs = _indices(keys, re.escape(p) + r"down_blocks\.(\d+)\.")
        enc = [w0[0]] + [_shape(state, p + f"down_blocks.{i}.conv1.conv.0.weight")[0] for i in downs]
        ups = _indices(keys, re.escape(p) + r"up_blocks\.(\d+)\.")
        dec = [0] * len(enc)
        dec[-1] = enc[-1]
        for j in ups:  # up_blocks[j] maps decoder width n-1-j to n-2-j
            w = _shape(state, p + f"up_blocks.{j}.up.0.weight")  # ConvTranspose2d: (in, out, k, k)
            dec[len(enc) - 1 - j], dec[len(enc) - 2 - j] = w[0], w[1]
        k = _shape(state, p + "down_blocks.0.down.conv.0.weight")[-1]
        heads, d_k = _shape(state, p + "temporal_encoder.attention_heads.Q")
        d_model = _shape(state, p + "temporal_encoder.inconv.weight")[0]
        outs = [_shape(state, p + f"out_conv.conv.conv.{i}.weight")[0]
                for i in _indices(keys, re.escape(p) + r"out_conv\.conv\.conv\.(\d+)\.weight")
                if len(_shape(state, p + f"out_conv.conv.conv.{i}.weight")) == 4]
    except KeyError as e:
        raise CheckpointError.say("{name}: the {modality} U-TAE lacks {key}; is this an IGN FLAIR-HUB checkpoint?",
                                  name=name, modality=mod, key=e.args[0]) from None
    # FLAIR-HUB's U-TAE does not down-sample (k3 s1 p1); U-TAE's original k4 s2 p1 halves each stage
    stride = (3, 1, 1) if k == 3 else (k, 2, 1)
    res = MODALITY_DEFAULTS[mod].resolution_m if mod in MODALITY_DEFAULTS else 10.24
    return SeriesSpec(mod, w0[1], px_at_tile(res, tile) if fixed else 0, tuple(enc), tuple(dec), tuple(outs),
                      stride, heads, d_model, d_k)


def _mono_spec(state, mod: str, tile: int, encoder: str | None, encoder_kwargs: tuple, name: str) -> MonoSpec:
    p = f"encoders.{mod}.seg_model."
    sub = OrderedDict(("encoder." + k[len(p):], v) for k, v in state.items() if k.startswith(p))
    if not sub:
        raise CheckpointError.say("{name}: no encoders.{modality}.seg_model.* keys", name=name, modality=mod)
    enc = encoder or infer_encoder(sub, f"{name} ({mod})")
    first = next((k for k in ("encoder.model.patch_embed.proj.weight", "encoder.model.stem_0.weight",
                              "encoder.model.conv1.weight") if k in sub), None)
    if first is None:
        first = next(k for k, v in sub.items() if k.endswith("weight") and len(v.shape) == 4)
    res = MODALITY_DEFAULTS[mod].resolution_m if mod in MODALITY_DEFAULTS else 0.2
    return MonoSpec(mod, enc, _shape(sub, first)[1], px_at_tile(res, tile), encoder_kwargs)


def infer_hub_spec(state, tile: int = 512, encoders: dict | None = None, encoder_kwargs: dict | None = None,
                   name: str = "checkpoint") -> HubSpec:
    """The multi-source architecture the (stripped) ``state`` describes, at aerial tile ``tile``.

    ``encoders`` / ``encoder_kwargs`` map a modality to an smp encoder name / extra timm kwargs
    where its keys cannot tell (tests use tiny Swins).
    """
    state = strip(state)
    mods = sorted({k.split(".")[1] for k in state if k.startswith("encoders.")})
    unknown = [m for m in mods if m not in MONO_ORDER + SERIES_ORDER]
    if unknown:
        raise CheckpointError.say("{name}: unknown modality {modalities}; known: {known}", name=name,
                                  modalities=", ".join(unknown), known=", ".join(MONO_ORDER + SERIES_ORDER))
    monos = tuple(_mono_spec(state, m, tile, (encoders or {}).get(m), tuple((encoder_kwargs or {}).get(m, ())), name)
                  for m in MONO_ORDER if m in mods)
    series = tuple(_series_spec(state, m, tile, bool(monos), name) for m in SERIES_ORDER if m in mods)
    task_names = sorted({k.split(".")[1] for k in state if k.startswith("main_decoders.")},
                        key=lambda t: TASK_ORDER.index(t) if t in TASK_ORDER else 99)
    if not task_names:
        raise CheckpointError.say("{name}: no main_decoders.<TASK> keys, so its tasks are unknown", name=name)
    tasks = []
    for t in task_names:
        if monos:
            key = f"main_decoders.{t}.seg_model.segmentation_head.0.weight"
            if key not in state:
                raise CheckpointError.say("{name}: no {key} key, so the classes of {task} are unknown", name=name,
                                          key=key, task=t)
            tasks.append((t, _shape(state, key)[0]))
        else:  # series only: the U-TAE head gives the logits (its main_decoders conv is unused)
            tasks.append((t, series[0].out_conv[-1]))
    return HubSpec(monos, series, tuple(tasks), tile)


def load_hub_weights(model, state, name: str = "checkpoint") -> list[str]:
    """Copy IGN's weights into ``model``; returns the key groups left out (training-only, unused)."""
    state = strip(state)
    own = model.state_dict()
    dropped = sorted({".".join(k.split(".")[:2]) if k.startswith("main_decoders") else k.split(".")[0]
                      for k in state if k not in own and (k.split(".")[0] in TRAINING_ONLY
                                                          or k.split(".")[0] in ("fusion_handler", "main_decoders"))})
    load_checked(model, state, TRAINING_ONLY + ("fusion_handler", "main_decoders"),
                 say("{name} does not fit the multi-source model its keys describe:", name=name))
    return dropped


def load_checked(model, state, skip: tuple[str, ...], heading: Said) -> None:
    """Load ``state`` (stripped keys) into ``model``, or say which keys do not fit and why: missing,
    not in the model (other than the top-level groups in ``skip``), or of another shape."""
    own = model.state_dict()
    usable = OrderedDict((k, v) for k, v in state.items() if k in own)
    missing = [k for k in own if k not in state and not k.endswith(RECOMPUTED) and not k.endswith("num_batches_tracked")]
    unexpected = [k for k in state if k not in own and k.split(".")[0] not in skip and not k.endswith(RECOMPUTED)]
    wrong = [(k, _shape(state, k), tuple(own[k].shape)) for k in usable if _shape(state, k) != tuple(own[k].shape)]
    if missing or unexpected or wrong:
        lines = [heading]
        lines += [say("  {key}: checkpoint {got}, model {expected}", key=k, got=list(a), expected=list(b))
                  for k, a, b in wrong[:5]]
        if missing:
            lines.append(say("  missing from the checkpoint ({count}): {keys}", count=len(missing),
                             keys=", ".join(missing[:5])))
        if unexpected:
            lines.append(say("  not in the model ({count}): {keys}", count=len(unexpected),
                             keys=", ".join(unexpected[:5])))
        if any(k.endswith("relative_position_bias_table") for k, _, _ in wrong):
            lines.append(say("  (a Swin's window table depends on the tile it was trained at: convert at "
                             "{tile_option:512})", tile_option="--tile"))
        raise CheckpointError.of(together(lines, "\n"))
    model.load_state_dict(usable, strict=False)


__all__ = ["infer_hub_spec", "load_checked", "is_multisource", "is_utt", "load_hub_weights", "strip"]
