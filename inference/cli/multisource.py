"""Command line for multi-source models: segment with modality sources, info, list, convert.

    python -m inference segment -m hub-lc-d.onnx -o out.tif AERIAL=rgbi.tif S2=s2.tif S2.dates=s2.txt
    python -m inference info hub-lc-d.onnx          # the modalities it needs
    python -m inference models list                 # also lists IGN's multi-source models
    python -m inference convert FLAIR-HUB_LC-D.safetensors -o hub-lc-d.onnx
    python -m inference convert FLAIR-HUB_LC-I.safetensors -o lc-i.onnx --bands SPOT=1,2,3 \
        --norm SPOT=433.26,508.75,467.77:312.76,284.61,226.02

``main.py`` and ``models.py`` call in here when a model or checkpoint is multi-source.
"""
from __future__ import annotations

import os
import sys

from ..convert.arch import ConverterDepsMissing
from ..convert.checkpoint import CheckpointError, read_tensors
from ..convert.install import InstallError, install_multisource
from ..convert.multisource.keys import is_multisource, is_utt
from ..convert.multisource.options import ConvertOptionError, parse_options
from ..convert.multisource.run import MultiSourceConvertError, convert_multisource
from ..convert.multisource.utt_convert import convert_utt
from ..convert.torchfree.checkpoint_reader import NotZipCheckpoint, read_checkpoint
from ..models.card import card_of_model
from ..models.catalogue import STATUS_TEXT, status
from ..models.modalities import SHORT_NAMES, short_name
from ..scale.blocks import DEFAULT_BLOCK
from ..scale.job import ScaleJob
from ..segment.modalities.metadata import describe as describe_metadata
from ..segment.modalities.run import parse_sources, run_multisource
from ..segment.modalities.tile import ModalityError
from . import vectorize


def multisource_card(path: str):
    """The schema-2 card of an ONNX model, or None (single-source model, or not a model)."""
    return card_of_model(path)


def add_segment_args(p) -> None:
    p.add_argument("--ts-filter", choices=("auto", "off"), default="auto",
                   help="multi-source models: drop cloudy/snowy dates per tile using the series' .mask (default auto)")
    p.add_argument("--ts-average", choices=("none", "monthly", "semi-monthly"), default="none",
                   help="multi-source models: average each series per month or half-month")


# segment options a multi-source run does not take (the card fixes tiles and grids; no Dask path
# yet): given, they are refused rather than silently ignored
NOT_FOR_MULTISOURCE = ("tile", "margin", "batch", "resolution", "crs", "classes", "roles", "mean",
                       "std", "scale", "preview", "rescale", "threshold", "model_output", "readers")


def _refused_options(a) -> list[str]:
    given = [k for k in NOT_FOR_MULTISOURCE if getattr(a, k, None) not in (None, False, 0)]
    return ["--" + k.replace("_", "-") for k in given]


def _refuse_options(a, card) -> None:
    refused = _refused_options(a)
    if refused:
        raise ModalityError(f"{', '.join(refused)}: not available for a multi-source model ({card.name}), which runs "
                            f"at its card's tiles and grids; leave {'them' if len(refused) > 1 else 'it'} out")


def run_segment(a, card, progress=None) -> int:
    _refuse_options(a, card)
    return print_result(a, run_multisource(a.model, a.sources, a.output, ts_filter=a.ts_filter,
                                        ts_average=a.ts_average, extent=a.extent,
                                        say=lambda s: print(s, file=sys.stderr), device=a.device, threads=a.threads,
                                        lang=a.lang, progress=progress, confidence=a.confidence, stitch=a.stitch))


def scale_job(a, card) -> ScaleJob:
    """The block run (``--workers``, ``--scheduler``) of a multi-source model: its named inputs as plain data."""
    _refuse_options(a, card)
    return ScaleJob(model=a.model, sources=[], output=a.output, extent=a.extent, confidence=a.confidence,
                    device=a.device, threads=a.threads, block=a.block or DEFAULT_BLOCK,
                    named=parse_sources(a.sources, card), ts_filter=a.ts_filter, ts_average=a.ts_average, lang=a.lang)


def print_result(a, result) -> int:
    for w in result.warnings if result.blocks else ():  # a single run said them as it started
        print("warning: " + w, file=sys.stderr)
    for task, path in result.outputs.items():
        print(f"wrote {path} ({task}; style {os.path.splitext(path)[0]}.qml)")
        if task in result.confidence:
            print(f"wrote {result.confidence[task]} (confidence of {task}, 0-255)")
    print(f"report {result.report}")
    vectorize.after_multisource(a, result.outputs)
    return 0


def info_text(card) -> str:
    needs = " ".join(f"{short_name(m.name)}=FILE" + (f" {short_name(m.name)}.dates=FILE" if m.is_series else "")
                     for m in card.modalities)
    meta = describe_metadata(card)
    if meta:
        needs += " " + " ".join(f"META.{k}=..." for k in card.extra["aerial_metadata"]["needs"])
    return "\n".join([card.summary(), *meta, f"sources:     {needs}  (series: FILE or FOLDER; optional .mask=FILE)"])


def load_list(catalogue, cache: str) -> list[dict]:
    """The catalogue's multi-source models, with what each needs and what is on disk."""
    rows = []
    for e in catalogue.entries:
        if e.multisource:
            st = status(e, cache)
            rows.append({"id": e.id, "repo": e.repo, "file": e.file, "task": e.task, "modalities": list(e.modalities),
                         "params_m": e.params_m, "size_mb": e.size_mb, "size": e.size_text, "miou": e.miou,
                         "verify": e.verify, "status": st, "status_text": STATUS_TEXT[st]})
    return rows


def print_list(rows: list[dict]) -> None:
    if not rows:
        return
    print("\nmulti-source FLAIR-HUB models (`models convert ID` downloads, verifies and converts one; their "
          "repository/file names are not verified here, see verify):")
    w = max(len(r["id"]) for r in rows)
    for r in rows:
        needs = " ".join(short_name(m) for m in r["modalities"])
        note = f"  verify: {r['verify']}" if r.get("verify") else ""
        params = f"{r['params_m']} M params" if r["params_m"] else ""
        miou = f"mIoU {r['miou']}" if r["miou"] else ""
        print(f"{r['id']:<{w}}  {r['task']:<9} needs {needs:<26} {params:>14}  {r['size']:>8}  {miou:<9}  "
              f"{r['status_text']}{note}")


def add_convert_args(p) -> None:
    p.add_argument("--bands", action="append", metavar="MOD=B1,B2,..",
                   help="multi-source models: the file bands a modality feeds, 1-based, in order (e.g. SPOT=1,2,3; "
                        "AERIAL or SPOT; as many as the weights take); the card records that you set them")
    p.add_argument("--norm", action="append", metavar="MOD=M1,..:S1,..|scale:K|none",
                   help="multi-source models: a modality's normalisation, (x - mean) / std per fed band "
                        "(SPOT=433.26,508.75,467.77:312.76,284.61,226.02), x / K (S2=scale:65535) or raw values "
                        "(S2=none, time series only); the card records that you set it")


def options_of(a):
    """The parsed --bands / --norm of ``a`` (ConvertOptionError on a bad value)."""
    return parse_options(getattr(a, "bands", None), getattr(a, "norm", None))


def install(entry, checkpoint: str, output: str, a) -> int:
    """``models convert`` for a multi-source catalogue model: convert, check, install under its id."""
    try:
        result = install_multisource(entry, checkpoint, output, a.tile, a.margin,
                                     check_t=() if a.no_check else (1, 2, 23, 60),
                                     say=lambda s: print(s, file=sys.stderr), options=options_of(a))
    except ConverterDepsMissing as e:
        print(f"error: {e}", file=sys.stderr)
        return 3
    except (CheckpointError, MultiSourceConvertError, InstallError, ConvertOptionError) as e:
        print(f"error: {e} (the downloaded checkpoint stays in {os.path.dirname(checkpoint)})", file=sys.stderr)
        return 2
    print(f"wrote {result.output} in {result.seconds:.0f} s")
    if result.check:
        print(f"  worst parity: {result.check.text()}")
    print(info_text(result.card))
    return 0


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
        kw = dict(state=state, check_t=check_t, say=say, options=options_of(a))
        if is_utt(state):  # FLAIR#2 U-T&T (bring your own checkpoint)
            card, checks = convert_utt(checkpoint, output, a.tile or 512, a.margin or 128,
                                       encoder=getattr(a, "encoder", None), **kw)
        else:
            card, checks = convert_multisource(checkpoint, output, a.tile or 512, a.margin or 128, **kw)
    except ConverterDepsMissing as e:
        print(f"error: {e}", file=sys.stderr)
        return 3
    except (CheckpointError, MultiSourceConvertError, ConvertOptionError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"wrote {output}")
    print(info_text(card))
    return 0


__all__ = ["SHORT_NAMES", "add_convert_args", "add_segment_args", "convert", "info_text", "install", "load_list", "multisource_card",
           "options_of", "print_list", "run_segment"]
