"""Command line for multi-source models: segment with modality sources, info, list, convert.

    python -m inference segment -m hub-lc-d.onnx -o out.tif AERIAL=rgbi.tif S2=s2.tif S2.dates=s2.txt
    python -m inference info hub-lc-d.onnx          # the modalities it needs
    python -m inference models list                 # also lists IGN's multi-source models
    python -m inference convert FLAIR-HUB_LC-D.safetensors -o hub-lc-d.onnx

``main.py`` and ``models.py`` call in here when a model or checkpoint is multi-source.
"""
from __future__ import annotations

import json
import os
import sys

from ..convert.arch import ConverterDepsMissing
from ..convert.checkpoint import CheckpointError, read_tensors
from ..convert.multisource.keys import is_multisource, is_utt
from ..convert.multisource.run import MultiSourceConvertError, convert_multisource
from ..convert.multisource.utt_convert import convert_utt
from ..convert.torchfree.checkpoint_reader import NotZipCheckpoint, read_checkpoint
from ..models.modalities import SHORT_NAMES, card_of_model, short_name
from ..multisource.metadata import describe as describe_metadata
from ..multisource.run import run_multisource

CATALOGUE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "models", "multisource.json")


def multisource_card(path: str):
    """The schema-2 card of an ONNX model, or None (single-source model, or not a model)."""
    return card_of_model(path)


def add_segment_args(p) -> None:
    p.add_argument("--ts-filter", choices=("auto", "off"), default="auto",
                   help="multi-source models: drop cloudy/snowy dates per tile using the series' .mask (default auto)")
    p.add_argument("--ts-average", choices=("none", "monthly", "semi-monthly"), default="none",
                   help="multi-source models: average each series per month or half-month")


def run_segment(a, card) -> int:

    result = run_multisource(a.model, a.sources, a.output, ts_filter=a.ts_filter, ts_average=a.ts_average,
                             extent=a.extent, say=lambda s: print(s, file=sys.stderr))
    for task, path in result.outputs.items():
        print(f"wrote {path} ({task}; style {os.path.splitext(path)[0]}.qml)")
    print(f"report {result.report}")
    return 0


def info_text(card) -> str:
    needs = " ".join(f"{short_name(m.name)}=FILE" + (f" {short_name(m.name)}.dates=FILE" if m.is_series else "")
                     for m in card.modalities)
    meta = describe_metadata(card)
    if meta:
        needs += " " + " ".join(f"META.{k}=..." for k in card.extra["aerial_metadata"]["needs"])
    return "\n".join([card.summary(), *meta, f"sources:     {needs}  (series: FILE or FOLDER; optional .mask=FILE)"])


def load_list(path: str = CATALOGUE) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return json.load(f)["models"]


def print_list(rows: list[dict]) -> None:
    print("\nmulti-source FLAIR-HUB models (not verified here; download the .safetensors yourself, then "
          "`python -m inference convert FILE -o MODEL.onnx`):")
    w = max(len(r["id"]) for r in rows)
    for r in rows:
        needs = " ".join(short_name(m) for m in r["modalities"])
        note = f"  verify: {r['verify']}" if r.get("verify") else ""
        print(f"{r['id']:<{w}}  {r['task']:<9} needs {needs:<22} {r['params_m']:>6} M params  "
              f"~{r['size_mb']} MB  mIoU {r['miou']}{note}")


def convert(checkpoint: str, output: str, a) -> int | None:
    """Convert when ``checkpoint`` is multi-source; None when the single-source converter applies."""

    # look at the keys without torch first: single-source checkpoints (all of FLAIR-INC) must
    # reach the converter in a Python that has no torch
    try:
        if not is_multisource(read_checkpoint(checkpoint).tensors):
            return None
    except NotZipCheckpoint:
        pass  # PyTorch's pre-1.6 format: only torch's reader knows
    except CheckpointError:
        return None  # the single-source converter says why
    try:
        state = read_tensors(checkpoint)
    except CheckpointError:
        return None
    except ConverterDepsMissing:
        return None  # the single-source converter says what to install
    if not is_multisource(state):
        return None
    try:
        check_t = () if a.no_check else (1, 2, 23, 60)
        say = lambda s: print(s, file=sys.stderr)  # noqa: E731
        if is_utt(state):  # FLAIR#2 U-T&T (bring your own checkpoint)
            card, checks = convert_utt(checkpoint, output, a.tile or 512, a.margin or 128, state=state,
                                       encoder=getattr(a, "encoder", None), check_t=check_t, say=say)
        else:
            card, checks = convert_multisource(checkpoint, output, a.tile or 512, a.margin or 128, state=state,
                                               check_t=check_t, say=say)
    except ConverterDepsMissing as e:
        print(f"error: {e}", file=sys.stderr)
        return 3
    except (CheckpointError, MultiSourceConvertError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"wrote {output}")
    print(info_text(card))
    return 0


__all__ = ["SHORT_NAMES", "add_segment_args", "convert", "info_text", "load_list", "multisource_card",
           "print_list", "run_segment"]
