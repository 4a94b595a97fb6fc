"""Command line for real FLAIR models: ``convert`` and ``models list|download|convert``.

    python -m inference convert CHECKPOINT -o MODEL.onnx [--family ...] [--inputs ...] [--tile N]
    python -m inference models list
    python -m inference models download flair-inc-rgbie-15cl-resnet34-unet
    python -m inference models convert flair-inc-rgbie-15cl-resnet34-unet   # downloads first if needed

Registered by cli.build_parser() through ``add_parsers``.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

from ..convert.arch import ConverterDepsMissing
from ..convert.checkpoint import CheckpointError
from ..convert.multisource.options import ConvertOptionError
from ..convert.run import ConvertError, ConvertParams, convert
from ..core.cancel import Cancelled
from ..models.catalogue import (
    STATUS_TEXT,
    CatalogueError,
    checkpoint_path,
    default_cache_dir,
    load_catalogue,
    not_found_hint,
    onnx_path,
    status,
)
from ..models.download import DownloadError, DownloadProgress, download, verify_file
from ..models.published import lookup
from . import multisource
from .lang import said


def _add_convert_options(p: argparse.ArgumentParser, with_model_options: bool = True) -> None:
    if with_model_options:
        p.add_argument("--family", choices=("flair-inc", "flair-hub"),
                       help="class order of the outputs (default: from the catalogue, the file name or the keys)")
        p.add_argument("--inputs", help="input bands: rgbie, rgbi, rgb, ir (NIR,R,G) or a list like R,G,B,NIR "
                                        "(default: from the catalogue, the file name or the first convolution)")
        p.add_argument("--arch", choices=("unet", "fpn", "deeplabv3", "deeplabv3plus", "upernet", "upernet-smp"),
                       help="architecture, when it cannot be read from the weights")
        p.add_argument("--encoder", help="smp encoder name, when it cannot be read from the weights "
                                         "(e.g. resnet34, mit_b5, tu-swin_base_patch4_window12_384)")
    p.add_argument("--tile", type=int, help="tile size in pixels (multiple of 32; default 512). Swin and UPerNet "
                                            "models only run at this size")
    p.add_argument("--margin", type=int, help="pixels cropped off each tile side (default tile/4)")
    p.add_argument("--deepness", action="store_true",
                   help="also write the Deepness/GeoDeep metadata keys so the model runs in those tools")
    p.add_argument("--fixed-size", action="store_true",
                   help="export for --tile x --tile inputs only, even where the architecture allows any size "
                        "(GeoDeep reads the tile size from the graph)")
    p.add_argument("--no-check", action="store_true", help="skip the ONNX Runtime vs PyTorch comparison")
    p.add_argument("--calibrate", nargs="+", metavar="SOURCE",
                   help="imagery to calibrate and check --quantize/--fp16 on (and to run the parity check on): "
                        "rasters or ROLE=PATH[:BAND], as for `segment`")
    p.add_argument("--quantize", choices=("int8",), help="also write a static int8 variant (MODEL.int8.onnx)")
    p.add_argument("--fp16", action="store_true", help="also write a float16 variant (MODEL.fp16.onnx)")
    p.add_argument("--keep-poor-variants", action="store_true",
                   help="keep a variant even when it agrees with fp32 on fewer than 99 %% of the pixels")
    multisource.add_convert_args(p)
    p.add_argument("--converter", choices=("auto", "torch-free", "pytorch"), default="auto",
                   help="auto (default): write U-Net/FPN/DeepLabV3 on ResNet-34 and U-Net on MiT without PyTorch, "
                        "anything else "
                        "with the PyTorch converter; torch-free or pytorch insist on one")


def add_parsers(sub) -> None:
    p = sub.add_parser("convert", help="convert an IGN FLAIR checkpoint (.pth, .ckpt, .safetensors) to ONNX",
                       description="Convert an IGN FLAIR checkpoint to an ONNX model with its model card. "
                                   "FLAIR-INC's models (U-Net, FPN, DeepLabV3 on ResNet-34, U-Net on MiT-B5) need only "
                                   "onnx and numpy; "
                                   "other architectures need torch and segmentation-models-pytorch "
                                   "(requirements/convert.txt).")
    p.add_argument("checkpoint", help="FLAIR-INC .pth, Lightning .ckpt or FLAIR-HUB .safetensors")
    p.add_argument("-o", "--output", required=True, help="ONNX file to write")
    _add_convert_options(p)
    p.set_defaults(func=run_convert)

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--cache", help=f"model cache folder (default {default_cache_dir()}, or $FLAIR_MODELS_DIR)")
    common.add_argument("--catalogue", help="catalogue JSON file (default: the one shipped with the plugin)")
    m = sub.add_parser("models", help="IGN's released FLAIR models: list, download, convert")
    ms = m.add_subparsers(dest="models_command", required=True)
    p = ms.add_parser("list", parents=[common], help="the catalogue, with what is already on disk")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run_list)
    p = ms.add_parser("download", parents=[common], help="download a model's checkpoint (resumes, checks size/SHA-256)")
    p.add_argument("model", help="catalogue id (see `models list`)")
    p.set_defaults(func=run_download)
    p = ms.add_parser("convert", parents=[common], help="download (if needed) and convert a model to ONNX in the cache")
    p.add_argument("model", help="catalogue id (see `models list`)")
    p.add_argument("-o", "--output", help="ONNX file to write (default: CACHE/<id>.onnx)")
    _add_convert_options(p, with_model_options=False)
    p.set_defaults(func=run_models_convert)


class _DownloadPrinter:
    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.last = 0.0
        self.t0 = time.monotonic()
        self.first = None

    def __call__(self, p: DownloadProgress) -> None:
        now = time.monotonic()
        if self.first is None:
            self.first = p.done
            if p.resumed_from:
                print(f"  resuming after {p.resumed_from / 1e6:.1f} MB", file=self.stream)
        if now - self.last < 0.5 and p.done != p.total:
            return
        self.last = now
        rate = (p.done - self.first) / max(now - self.t0, 1e-6) / 1e6
        total = f"/{p.total / 1e6:.1f}" if p.total else ""
        pct = f" {100 * p.fraction:5.1f} %" if p.fraction is not None else ""
        end = "\n" if p.total and p.done >= p.total else ""
        print(f"\r  {p.done / 1e6:.1f}{total} MB{pct}  {rate:.1f} MB/s", end=end, file=self.stream, flush=True)


def _fail(message: str, code: int = 2) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def _convert_kwargs(a) -> dict:
    return dict(
        tile=a.tile, margin=a.margin, deepness=a.deepness, fixed_size=a.fixed_size, check=not a.no_check,
        calibration=a.calibrate,
        quantize=a.quantize, fp16=a.fp16, keep_poor_variants=a.keep_poor_variants, converter=a.converter,
    )


def _report(result) -> None:
    c = result.card
    print(f"wrote {result.output} in {result.seconds:.0f} s")
    print(f"  {result.arch} / {result.encoder}; inputs {', '.join(c.roles)}; {c.n_classes} outputs -> FLAIR codes "
          f"({c.extra.get('class_encoding')}); tile {result.tile} px "
          f"({'any size, multiple of 32' if result.dynamic else 'fixed'}), margin {c.margin} px")
    if result.check:
        print(f"  {result.check.text()}")
    for note in result.notes:
        print(f"  {note}")
    for v in result.variants:
        print(f"  {v.text()}")


def _do_convert(checkpoint: str, output: str, a, **kw) -> int:

    try:
        params = ConvertParams(checkpoint, output, **kw, **_convert_kwargs(a))
        result = convert(params, log_fn=lambda s: print(s, file=sys.stderr))
    except ConverterDepsMissing as e:
        return _fail(said(e, a), 3)
    except (ConvertError, CheckpointError, CatalogueError) as e:
        return _fail(said(e, a))
    _report(result)
    return 0


_SINGLE_SOURCE = ("--bands/--norm apply to multi-source conversions (FLAIR-HUB fused models, FLAIR#2 U-T&T); "
                  "{what} is not a multi-source checkpoint (single-source models take their bands from --inputs)")


def _options_problem(a) -> str | None:
    """A bad --bands / --norm value, said before the checkpoint is read."""
    try:
        multisource.options_of(a)
    except ConvertOptionError as e:
        return said(e, a)
    return None


def _replaces_checkpoint(checkpoint: str, output: str) -> str:
    """Why ``output`` cannot be written (it is the checkpoint), or ""."""
    if os.path.exists(output) and os.path.samefile(checkpoint, output):
        return f"-o {output} is the checkpoint itself; the conversion would replace it: choose another output file"
    return ""


def run_convert(a) -> int:
    if not os.path.isfile(a.checkpoint):
        return _fail(f"checkpoint not found: {a.checkpoint}")
    problem = _options_problem(a) or _replaces_checkpoint(a.checkpoint, a.output)
    if problem:
        return _fail(problem)
    done = multisource.convert(a.checkpoint, a.output, a)
    if done is not None:
        return done
    if multisource.options_of(a):
        return _fail(_SINGLE_SOURCE.format(what=a.checkpoint))
    return _do_convert(a.checkpoint, a.output, a, family=a.family, inputs=a.inputs, arch=a.arch, encoder=a.encoder)


def _catalogue(a):
    return load_catalogue(a.catalogue)


def run_list(a) -> int:
    try:
        cat = _catalogue(a)
    except CatalogueError as e:
        return _fail(said(e, a))
    cache = a.cache or default_cache_dir()
    rows = []
    for e in cat.entries:
        st = status(e, cache)
        rows.append({
            "id": e.id, "repo": e.repo, "family": e.family, "inputs": e.inputs_text, "classes": e.classes,
            "size": e.size_text, "bytes": e.bytes, "sha256": e.sha256, "verified_by": e.verification,
            "needs_torch": e.needs_torch, "converter": e.converter, "converter_text": e.converter_text,
            "licence": e.licence, "status": st, "status_text": STATUS_TEXT[st],
            "onnx": onnx_path(e, cache) if st == "converted" else None, "url": e.url,
            "modalities": list(e.modalities),
        })

    multi = multisource.load_list(cat, cache)
    if a.json:
        print(json.dumps({"cache": cache, "models": rows, "multisource": multi}, indent=1))
        return 0
    print(f"model cache: {cache}")
    single = [r for r in rows if not r["modalities"]]  # multi-source models have their own table below
    if single:
        w = max(len(r["id"]) for r in single)
        print(f"{'id':<{w}}  {'inputs':<18} {'cl':>3} {'size':>8}  {'install':<27} status")
        for r in single:
            print(f"{r['id']:<{w}}  {r['inputs']:<18} {r['classes']:>3} {r['size']:>8}  {r['converter_text']:<27} "
                  f"{r['status_text']}")
        print("sizes with ~ are estimates: no published size or checksum is recorded for those files "
              "(see docs/models.md); the others are verified against their exact size and SHA-256")
    multisource.print_list(multi)
    return 0


def _checksums(entry, cat) -> tuple[int | None, str | None, str]:
    """(size, sha256, how it is verified): the catalogue's, else what Hugging Face publishes."""
    if entry.sha256 or entry.bytes or cat is None or not cat.api_template:
        return entry.bytes, entry.sha256, entry.verification
    published = lookup(entry, cat.api_template)
    print(f"  Hugging Face: {published.note}", file=sys.stderr)
    return published.size, published.sha256, published.verification


def _download_entry(entry, cache: str, cat=None) -> str:
    dest = checkpoint_path(entry, cache)
    size, sha256, verification = _checksums(entry, cat)
    if os.path.isfile(dest):
        try:
            verify_file(dest, size, sha256)
        except DownloadError as e:  # not the released file: fetch it again rather than convert it
            os.remove(dest)
            print(f"{e}; it was deleted and is downloaded again", file=sys.stderr)
        else:
            print(f"{entry.file} is already downloaded ({verification} checked): {dest}", file=sys.stderr)
            return dest
    print(f"downloading {entry.url} ({entry.size_text})", file=sys.stderr)
    try:
        download(entry.url, dest, sha256=sha256, size=size, progress=_DownloadPrinter())
    except KeyboardInterrupt:
        raise Cancelled("download interrupted; run the same command again to resume it") from None
    except DownloadError as e:
        if e.http_status == 404:
            raise DownloadError(f"{e}: {not_found_hint(entry)}") from None
        raise
    print(f"  verified: {verification}", file=sys.stderr)
    return dest


def run_download(a) -> int:
    try:
        cat = _catalogue(a)
        entry = cat.get(a.model)
        dest = _download_entry(entry, a.cache or default_cache_dir(), cat)
    except Cancelled as e:
        return _fail(str(e), 130)
    except (DownloadError, CatalogueError) as e:
        return _fail(said(e, a))
    print(f"downloaded {dest}")
    return 0


def run_models_convert(a) -> int:
    cache = a.cache or default_cache_dir()
    try:
        cat = _catalogue(a)
        entry = cat.get(a.model)
        # a bad --bands / --norm is said before minutes of download, not after
        problem = _options_problem(a) or (None if entry.multisource or not multisource.options_of(a)
                                          else _SINGLE_SOURCE.format(what=entry.id))
        if problem:
            return _fail(problem)
        ckpt = _download_entry(entry, cache, cat)
    except Cancelled as e:
        return _fail(str(e), 130)
    except (DownloadError, CatalogueError) as e:
        return _fail(said(e, a))
    out = a.output or onnx_path(entry, cache)
    if _replaces_checkpoint(ckpt, out):
        return _fail(_replaces_checkpoint(ckpt, out))
    if entry.multisource:
        return multisource.install(entry, ckpt, out, a)
    return _do_convert(ckpt, out, a, entry=entry, catalogue=cat)


__all__ = ["add_parsers"]
