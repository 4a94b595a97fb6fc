"""Command line for multi-source models: modality sources read into typed named inputs (the
command line's syntax is parsed here, once), info, list, convert.

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
from ..segment.modalities.metadata import describe as describe_metadata
from ..segment.modalities.tile import ModalityError
from ..segment.params import ImageInput, MetadataInput, NamedInput, SeriesInput
from .lang import said


def multisource_card(path: str):
    """The schema-2 card of an ONNX model, or None (single-source model, or not a model)."""
    return card_of_model(path)


def add_segment_args(p) -> None:
    p.add_argument("--ts-filter", choices=("auto", "off"), default="auto",
                   help="multi-source models: drop cloudy/snowy dates per tile using the series' .mask (default auto)")
    p.add_argument("--ts-average", choices=("none", "monthly", "semi-monthly"), default="none",
                   help="multi-source models: average each series per month or half-month")


# segment options only the command line has, which a multi-source model does not take (the card fixes
# its tiles, grids and normalisation; the engine refuses --tile and the like itself): given, they are
# refused rather than silently ignored
NOT_FOR_MULTISOURCE = ("classes", "roles", "mean", "std", "scale", "preview", "threshold", "model_output")


def refuse_options(a, card) -> None:
    refused = ["--" + k.replace("_", "-") for k in NOT_FOR_MULTISOURCE if getattr(a, k, None) not in (None, False, 0)]
    if refused:
        raise ModalityError(f"{', '.join(refused)}: not available for a multi-source model ({card.name}), which runs "
                            f"at its card's tiles and grids; leave {'them' if len(refused) > 1 else 'it'} out")


def named_inputs(items: list[str], card) -> dict[str, NamedInput]:
    """``NAME=PATH``, ``NAME.dates=FILE``, ``NAME.mask=FILE``, ``NAME.BAND=PATH[:BAND]`` (NAME short,
    e.g. S2, or IGN's, e.g. SENTINEL2_TS) and ``META.KEY=VALUE`` (aerial metadata) into typed inputs
    keyed by the modality's name (the metadata under "META")."""
    known = {m.name: m for m in card.modalities}
    given: dict[str, dict] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not value:
            raise ModalityError(f"{item!r}: write a modality source as NAME=PATH (e.g. S2=s2_stack.tif)")
        name, _, part = key.partition(".")
        if name.upper() == "META" and part:
            _put(given.setdefault("META", {}), part.lower(), value, item)
            continue
        full = SHORT_NAMES.get(name.upper(), name)
        if full not in known:
            raise ModalityError(f"{item!r}: this model reads " + ", ".join(
                f"{short_name(m)} ({m})" for m in known) + f", not {name}")
        if part and part not in ("dates", "mask"):  # a band: PATH[:BAND], read here once
            path, sep, band = value.rpartition(":")
            value = (path, int(band)) if sep and band.isdigit() else (value, 1)
        _put(given.setdefault(full, {}), part or "path", value, item)
    return {name: _typed(known.get(name), g) for name, g in given.items()}


def _typed(mod, given: dict) -> NamedInput:
    if mod is None:
        return MetadataInput(given)
    short = short_name(mod.name)
    if mod.is_series:
        if "path" not in given:
            raise ModalityError(f"{short}: give the series itself ({short}=FILE or FOLDER)")
        extra = set(given) - {"path", "dates", "mask"}
        if extra:
            raise ModalityError(f"{short}: unknown option(s) {', '.join(sorted(extra))} "
                                "(a series takes .dates and .mask)")
        return SeriesInput(given["path"], given.get("dates"), given.get("mask"))
    series_only = sorted({"dates", "mask"} & set(given))
    if series_only:
        raise ModalityError(f"{short}: {', '.join(f'{short}.{k}' for k in series_only)} is for a time series; "
                            f"{short} is an image: leave it out")
    if "path" in given and len(given) > 1:
        raise ModalityError(f"{short}: give either one file ({short}={given['path']}) or its bands one by one "
                            f"({', '.join(f'{short}.{k}' for k in given if k != 'path')}), not both")
    if set(given) == {"path"}:
        return ImageInput(given["path"])
    return ImageInput(bands=given)  # each band's value is (path, band), read in named_inputs


def _put(given: dict, key: str, value, item: str) -> None:
    """One value per key: a source given twice is refused, not the last one silently kept."""
    if key in given and given[key] != value:
        raise ModalityError(f"{item!r}: {key} was already given as {given[key]!r}; give each source once")
    given[key] = value


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
        print(f"error: {said(e, a)}", file=sys.stderr)
        return 3
    except (CheckpointError, MultiSourceConvertError, InstallError, ConvertOptionError) as e:
        print(f"error: {said(e, a)} (the downloaded checkpoint stays in {os.path.dirname(checkpoint)})",
              file=sys.stderr)
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
        print(f"error: {said(e, a)}", file=sys.stderr)
        return 3
    except (CheckpointError, MultiSourceConvertError, ConvertOptionError) as e:
        print(f"error: {said(e, a)}", file=sys.stderr)
        return 2
    print(f"wrote {output}")
    print(info_text(card))
    return 0


__all__ = ["SHORT_NAMES", "add_convert_args", "add_segment_args", "convert", "info_text", "install", "load_list",
           "multisource_card", "named_inputs", "options_of", "print_list", "refuse_options"]
