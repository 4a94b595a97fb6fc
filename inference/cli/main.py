"""Command line: ``python -m inference segment|info|style|demo ...``."""
from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import time
import traceback

from ..core.cancel import Cancelled
from ..core.classes import ENCODINGS, LABEL_ENCODINGS, LANGUAGES
from ..core.errors import FlairError, InputError
from ..core.raster import open_quietly
from ..labels.guess import require_encoding
from ..labels.style import check_label_band, style_raster
from ..models.baseline import build_baseline_model
from ..models.card import CardError, CardOverrides
from ..models.session import read_model_info
from ..scale.blocks import DEFAULT_BLOCK
from ..scale.dask_run import check_settings
from ..scale.job import ScaleJob, make_plan
from ..scale.manifest import blocks_folder
from ..scale.mosaic import is_mosaic
from ..scale.run import segment_blocks
from ..segment.checks import probe_raster
from ..segment.commit import COMMITTED
from ..segment.params import SegmentParams
from ..segment.pipeline import segment
from ..segment.preview import write_preview
from ..segment.report import format_areas
from ..segment.sources import FileSource
from ..segment.stack import parse_source_args
from . import change, evaluate, models, multisource, vectorize
from .lang import env_lang, said

log = logging.getLogger(__name__)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))  # the repository root (demo data, output)
SAMPLE_DIR = os.path.join(ROOT, "data", "montpellier")


def _floats(text: str) -> tuple[float, ...]:
    try:
        return tuple(float(v) for v in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated numbers, got {text!r}") from None


def _extent(text: str) -> tuple[float, float, float, float]:
    v = _floats(text)
    if len(v) != 4 or not (v[2] > v[0] and v[3] > v[1]):
        raise argparse.ArgumentTypeError("extent is xmin,ymin,xmax,ymax with xmax > xmin and ymax > ymin")
    return v  # type: ignore[return-value]


def _add_lang(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=LANGUAGES, default=env_lang(),
                   help="language of the class names written into the raster, the .qml and the report "
                        "(default: from LANG / LC_MESSAGES, now %(default)s)")


def _add_segment_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("-m", "--model", required=True, help="ONNX model file")
    p.add_argument("-o", "--output", required=True,
                   help="output GeoTIFF of FLAIR codes, or NAME.vrt: a VRT mosaic of COG blocks (large areas)")
    p.add_argument("sources", nargs="+", metavar="SOURCE",
                   help="raster whose bands fill the model's roles in order, or ROLE=PATH[:BAND] "
                        "(roles R G B NIR NDSM DSM DTM); multi-source models: NAME=PATH, NAME.dates=FILE, "
                        "NAME.mask=FILE, NAME.BAND=PATH[:BAND] (NAME: AERIAL DEM SPOT S2 S1A S1D)")
    p.add_argument("--tile", type=int, help="tile size in pixels (default: the model card's)")
    p.add_argument("--margin", type=int, help="pixels cropped off each tile side (default: the card's)")
    p.add_argument("--batch", type=int, help="tiles per inference call (default 1 on CPU, 4 on GPU)")
    p.add_argument("--resolution", type=float, help="output pixel size in metres (default: the model's)")
    p.add_argument("--extent", type=_extent, help="xmin,ymin,xmax,ymax in the output CRS")
    p.add_argument("--crs", help="output CRS, e.g. EPSG:2154 (default: the first source's)")
    p.add_argument("--stitch", choices=("crop", "blend"), default="crop")
    p.add_argument("--confidence", action="store_true", help="also write OUT_confidence.tif (max prob x 255)")
    p.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    p.add_argument("--threads", type=int, default=0, help="ONNX Runtime intra-op threads (0 = all cores)")
    p.add_argument("--classes", choices=ENCODINGS + ("generic",),
                   help="for models without a card: what the output channels are")
    p.add_argument("--roles", help="for models without a card: comma-separated input roles, e.g. R,G,B,NIR")
    p.add_argument("--mean", type=_floats, help="for models without a card: per-input mean, 0..255 units")
    p.add_argument("--std", type=_floats, help="for models without a card: per-input std, 0..255 units")
    p.add_argument("--scale", type=float, help="for models without a card: x * scale instead of mean/std")
    p.add_argument("--preview", action="store_true", help="also write OUT_preview.png (ortho beside the map)")
    p.add_argument("--rescale", action="store_true",
                   help="map 16-bit imagery or floats in 0..1 onto the 0..255 the model expects (refused otherwise)")
    p.add_argument("--threshold", type=float,
                   help="for one-channel (binary) outputs: the score above which a pixel is the class (default 0.5)")
    p.add_argument("--model-output", type=int, metavar="N",
                   help="for models with several outputs: which one holds the class scores (1 = the first, default)")
    p.add_argument("--polygons", metavar="OUT.gpkg",
                   help="also write the map as polygons (GeoPackage) when the run ends; see 'vectorize'")
    vectorize.add_polygon_args(p, segment=True)
    multisource.add_segment_args(p)
    g = p.add_mutually_exclusive_group()
    g.add_argument("--workers", type=int, help="run the blocks on a local Dask cluster of N worker processes")
    g.add_argument("--scheduler", metavar="ADDRESS",
                   help="run the blocks on an existing Dask cluster: tcp://HOST:PORT or a scheduler file; "
                        "its workers must see the same paths")
    p.add_argument("--readers", type=int, default=0,
                   help="reader processes per worker for block runs, so a fast GPU is not starved (default 0: "
                        "read in the worker)")
    p.add_argument("--block", type=int, help="block size in pixels for resumable and Dask runs (default 4096); "
                                             "an area larger than one block resumes where it stopped")


def _overrides(a) -> CardOverrides | None:
    o = CardOverrides(
        roles=tuple(r.strip().upper() for r in a.roles.split(",")) if a.roles else None,
        classes=a.classes,
        mean=a.mean,
        std=a.std,
        scale=a.scale,
        output=None if a.model_output is None else a.model_output - 1,
        threshold=a.threshold,
    )
    if a.model_output is not None and a.model_output < 1:
        raise CardError(f"--model-output {a.model_output}: outputs are numbered from 1")
    if (o.mean is None) != (o.std is None):
        raise CardError("--mean and --std go together")
    return o if any(v is not None for v in vars(o).values()) else None


class _ProgressPrinter:
    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.last = 0.0

    def __call__(self, p) -> None:
        now = time.monotonic()
        complete = p.done == p.total and getattr(p, "blocks_done", 0) == getattr(p, "blocks_total", 0)
        if not complete and now - self.last < 0.5:
            return
        self.last = now
        eta = f"{p.eta_s:5.0f} s left" if p.eta_s is not None else ""
        end = "\n" if complete else ""
        blocks = f"  {p.blocks_done}/{p.blocks_total} blocks" if getattr(p, "blocks_total", 0) else ""
        print(f"\r  {p.done}/{p.total} tiles{blocks}  {p.tiles_per_s:5.2f} tiles/s  {eta}  [{p.device}]",
              end=end, file=self.stream, flush=True)


def run_segment(a) -> int:

    vectorize.before_segment(a)
    card = multisource.multisource_card(a.model)
    params = _params(a, card)
    if a.stitch != "crop" and (a.workers or a.scheduler):
        raise InputError("--workers and --scheduler run --stitch crop only; drop them to blend in one process")
    result = _segment_blocks(a, params) if a.stitch == "crop" else None
    if result is None:
        result = segment(params, progress=_ProgressPrinter())
    g = result.grid
    for m in result.maps:
        print(f"wrote {m.output} ({m.task + '; ' if m.task else ''}{g.width}x{g.height} px at {g.res} m, "
              f"{result.tiles} tiles in {result.seconds:.1f} s on {result.device}; style {m.qml})")
        if m.confidence:
            print(f"confidence {m.confidence}")
    print(f"report {result.report}")
    if a.preview:

        png = write_preview(result, os.path.splitext(result.output)[0] + "_preview.png")
        print(f"preview {png}")
    for m in result.maps:
        print(format_areas(result, m))
    vectorize.after_segment(a, result)
    return 0


def _params(a, card) -> SegmentParams:
    """The run's parameters: a single-source model's bands by role (ROLE=PATH[:BAND] or files in
    order), or a multi-source model's named inputs (``card``: its card; S2=... read into typed inputs)."""
    entries, inputs = [], None
    if card is not None:
        multisource.refuse_options(a, card)
        inputs = multisource.named_inputs(a.sources, card)
    else:
        cache: dict[str, FileSource] = {}
        for role, path, band in parse_source_args(a.sources):
            if path not in cache:
                cache[path] = FileSource(path)
            entries.append((role, cache[path], band))
    return SegmentParams(
        model=a.model, sources=entries, output=a.output, overrides=_overrides(a), inputs=inputs,
        tile=a.tile, margin=a.margin, batch=a.batch, resolution=a.resolution, extent=a.extent,
        crs=a.crs, stitch=a.stitch, confidence=a.confidence, device=a.device, threads=a.threads,
        rescale=a.rescale, lang=a.lang, ts_filter=a.ts_filter, ts_average=a.ts_average,
    )


def _one_block(job) -> bool:
    """Whether one pipeline pass runs it all (one block, or tiles blocks cannot follow); the plan's
    warnings (the area cut to the imagery, a CRS in degrees) are left to the run that follows,
    which says them once."""
    logging.disable(logging.WARNING)
    try:
        plan = make_plan(job)
        return plan.moved or len(plan.blocks) == 1
    finally:
        logging.disable(logging.NOTSET)


def _segment_blocks(a, params):
    """The block runner (resumable, optionally on Dask) when asked for or when the area spans more
    than one block; None when one pipeline pass is all it takes."""

    job = ScaleJob.from_params(params, block=DEFAULT_BLOCK if a.block is None else a.block, readers=a.readers)
    check_settings(a.workers, a.scheduler)
    if not (a.workers or a.scheduler or is_mosaic(a.output)) and _one_block(job):
        return None
    return _run_blocks(a, job)


def _run_blocks(a, job: ScaleJob):
    """``segment_blocks`` from the command line: progress, notes, and an interruption said with
    where the finished blocks wait."""
    try:
        result = segment_blocks(job, workers=a.workers, scheduler=a.scheduler, progress=_ProgressPrinter(),
                                on_note=lambda text: print(text, file=sys.stderr))
    except (Cancelled, KeyboardInterrupt) as e:  # Ctrl+C, cancel, SIGTERM (Terminated)
        what = "terminated" if isinstance(e, Terminated) else "interrupted"
        if os.path.isdir(blocks_folder(a.output)):
            print(f"\n{what}; finished blocks are kept in {blocks_folder(a.output)}: run the same command "
                  "again to resume", file=sys.stderr)
        else:
            print(f"\n{what} before a block was finished; nothing was written or replaced", file=sys.stderr)
        raise SystemExit(143 if isinstance(e, Terminated) else 130) from None
    print(f"{result.blocks} blocks, {result.blocks_reused} reused from an interrupted run")
    for w, s in sorted(result.workers.items()):
        print(f"  {w}: {s['blocks']} blocks, {s['tiles']} tiles, {s['seconds']:.1f} s")
    return result


def run_info(a) -> int:

    card = multisource.multisource_card(a.model)
    if card is not None:
        print(multisource.info_text(card))
        return 0
    info = read_model_info(a.model)
    print(info.card.summary())
    shape = f"{info.height or 'H'}x{info.width or 'W'}"
    print(f"graph:       input {info.input_name!r} (N={info.batch or 'dynamic'}, "
          f"{len(info.card.inputs)}, {shape})")
    return 0


def run_style(a) -> int:

    probe_raster(a.raster)
    with open_quietly(a.raster) as ds:  # floats are imagery, before any guess at an encoding
        check_label_band(a.raster, ds, a.band)
    encoding = a.encoding
    if encoding == "guess":
        g = require_encoding(a.raster, a.band)
        encoding = g.encoding
        print(f"encoding {encoding}: {g.reason}")
    a.encoding = encoding
    done = style_raster(a.raster, encoding, a.band, a.lang)
    where = "colour table and class names written into the file; " if done["embedded"] else ""
    print(f"{where}style {done['qml']}")
    if done["sampled"]:
        print(f"classes seen in a sample: {done['present']} (too large to read whole, so the style lists every "
              "class of the encoding)")
    else:
        print(f"classes present: {done['present']}")
    if done["unknown"]:
        print(f"warning: values {done['unknown']} are not classes of the {a.encoding} encoding; "
              "check --encoding", file=sys.stderr)
    return 0


def run_demo(a) -> int:
    """The built-in default: the baseline model over the bundled Montpellier sample."""

    if not os.path.isdir(SAMPLE_DIR):  # an installed engine (flair_landcover) has no sample data
        raise InputError("the demo segments the repository's sample (data/montpellier), which is not here: "
                         "run `python -m inference demo` in a clone of the repository")
    out_dir = a.out
    os.makedirs(out_dir, exist_ok=True)
    model = os.path.join(out_dir, "flair-baseline-spectral-height.onnx")
    build_baseline_model(model)
    s = SAMPLE_DIR
    args = build_parser().parse_args([
        "segment", "-m", model, "-o", os.path.join(out_dir, "montpellier_landcover.tif"),
        f"R={s}/ortho_rgb_20cm.tif:1", f"G={s}/ortho_rgb_20cm.tif:2", f"B={s}/ortho_rgb_20cm.tif:3",
        f"NIR={s}/ortho_irc_20cm.tif:1", f"NDSM={s}/dhm_50cm.tif", "--preview", "--confidence",
    ])
    print(f"model {model} (a transparent spectral-and-height baseline, not a FLAIR network)")
    return run_segment(args)


def build_parser() -> argparse.ArgumentParser:
    # `flair` once installed (pip install .), `python -m inference` in the repository
    prog = "flair" if os.path.splitext(os.path.basename(sys.argv[0]))[0] == "flair" else "python -m inference"
    parser = argparse.ArgumentParser(prog=prog, description="FLAIR land cover from aerial rasters")
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("segment", help="classify rasters with an ONNX model into a FLAIR code GeoTIFF")
    _add_segment_args(p)
    _add_lang(p)
    p.set_defaults(func=run_segment)
    p = sub.add_parser("info", help="print a model's card, or what is missing from it")
    p.add_argument("model")
    p.set_defaults(func=run_info)
    p = sub.add_parser("style", help="write the FLAIR colour table, class names and .qml for a label raster")
    p.add_argument("raster")
    p.add_argument("--encoding", choices=LABEL_ENCODINGS + ("guess",), default="guess",
                   help="flair19: codes 1..19; flair-inc / flair13 / flair-hub / lpis: 0-based indices; "
                        "guess (default): from the values, name and tags, refusing when ambiguous")
    p.add_argument("--band", type=int, default=1)
    _add_lang(p)
    p.set_defaults(func=run_style)
    p = sub.add_parser("demo", help="segment the bundled IGN Montpellier sample with the baseline model")
    p.add_argument("--out", default=os.path.join(ROOT, "demo_output"))
    p.set_defaults(func=run_demo)
    evaluate.add_parsers(sub)
    change.add_parser(sub, _add_lang)
    models.add_parsers(sub)
    vectorize.add_parsers(sub, _add_lang)
    return parser


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl+C so that every staged file is removed on the way out."""


def _on_sigterm(signum, frame):
    raise Terminated()


def _stopped(a, what: str) -> str:

    out = getattr(a, "output", None)
    if isinstance(out, str) and os.path.abspath(out) in COMMITTED:
        return f"{what} after {out} and its files were complete and in place"
    return f"{what}; nothing was written or replaced"


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    a = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if a.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return a.func(a)
    except FlairError as e:  # written for the user: the file or setting, and what to do
        if a.verbose:
            traceback.print_exc()
        print(f"error: {said(e, a)}", file=sys.stderr)
        return 2
    except Cancelled as e:
        print(str(e) or "cancelled; nothing was written or replaced", file=sys.stderr)
        return 130
    except Terminated:
        print("\n" + _stopped(a, "terminated"), file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        print("\n" + _stopped(a, "interrupted"), file=sys.stderr)
        return 130
    except Exception as e:  # noqa: BLE001 - the command line's one last handler: no traceback for users
        log.debug("details", exc_info=True)
        print(f"error: {e.__class__.__name__}: {e}\n(unexpected: run again with -v to see where it failed)",
              file=sys.stderr)
        if a.verbose:
            traceback.print_exc()
        return 1
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
