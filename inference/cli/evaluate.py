"""``python -m inference evaluate REF PRED``: compare two label rasters (registered by cli.py)."""
from __future__ import annotations

import json
import os
import re
import sys
import tempfile

from ..core.classes import ENCODING_TITLES, LABEL_ENCODINGS
from ..core.errors import InputError
from ..labels.guess import require_encoding
from ..qa.compare import CompareParams, compare
from ..qa.hotspots import find_hotspots
from ..qa.patches import load_metadata, placed_vrt
from ..qa.report import format_text, to_json, write_reports
from ..segment.checks import probe_raster

ENCODING_HELP = "; ".join(f"{k}: {v}" for k, v in ENCODING_TITLES.items())


def add_parsers(sub) -> None:
    p = sub.add_parser(
        "evaluate", help="compare a reference label raster with a prediction (metrics, reports, hotspots)",
        description="Compare two label rasters on the reference's grid (the prediction is resampled, "
                    "nearest). Prints mIoU (FLAIR protocol and all classes), OA and per-class metrics. "
                    f"Encodings: {ENCODING_HELP}.")
    p.add_argument("reference", help="reference (annotation) label raster")
    p.add_argument("prediction", help="predicted label raster")
    p.add_argument("--ref-encoding", choices=LABEL_ENCODINGS, help="default: guessed, or asked for if ambiguous")
    p.add_argument("--pred-encoding", choices=LABEL_ENCODINGS, help="default: guessed, or asked for if ambiguous")
    p.add_argument("--ref-band", type=int, default=1)
    p.add_argument("--pred-band", type=int, default=1)
    p.add_argument("--within", help="polygon file: only pixels inside its polygons count")
    p.add_argument("--within-layer", help="layer of --within (default: the first)")
    p.add_argument("--place-pred", metavar="METADATA_JSON",
                   help="place a prediction without georeferencing (FLAIR#1 PRED_<id>.tif) from this metadata JSON")
    p.add_argument("-o", "--output", metavar="PREFIX",
                   help="write PREFIX_per_class.csv, _confusion.csv, _summary.csv, _confusion.png, .html, .json")
    p.add_argument("--disagreement", metavar="TIF", help="write the disagreement raster (2 bands: reference "
                   "and predicted class where they differ)")
    p.add_argument("--hotspots", metavar="GPKG", help="write the hotspots (connected disagreement regions) "
                   "to this GeoPackage, largest first, with review fields")
    p.add_argument("--min-area", type=float, default=10.0, help="smallest hotspot in m² (default 10)")
    p.add_argument("--window", type=int, default=1024, help="pixels per side of each window read")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of the text report")
    p.set_defaults(func=run_evaluate)


def _encoding(path: str, band: int, given: str | None, what: str, option: str) -> str:
    if given:
        return given

    g = require_encoding(path, band, what=what, how=option)
    print(f"{what} encoding: {g.encoding} ({g.reason})", file=sys.stderr)
    return g.encoding


def _place(pred: str, metadata: str, tmpdir: str) -> str:

    m = re.search(r"(\d+)", os.path.basename(pred))
    meta = load_metadata(metadata)
    key = f"IMG_{m.group(1)}" if m else None
    if key not in meta:
        raise InputError(f"no entry {key or '(no patch number in the name)'} in {metadata} to place {pred}")
    md = meta[key]
    return placed_vrt(pred, (float(md["patch_centroid_x"]), float(md["patch_centroid_y"])), tmpdir)


def _check_can_write(option: str, path: str | None) -> None:
    """Before the comparison runs: the folder the files go to (created when missing) can be written."""
    if not path:
        return
    folder = os.path.dirname(os.path.abspath(path))
    existing = folder
    while not os.path.isdir(existing) and os.path.dirname(existing) != existing:
        existing = os.path.dirname(existing)
    if os.path.isdir(os.path.abspath(path)):
        raise InputError(f"{option} {path} is a folder; give a file name (the reports are named from it)")
    if not os.access(existing, os.W_OK):
        raise InputError(f"{option} {path}: cannot write in {existing} (read-only); choose another folder")


def run_evaluate(a) -> int:
    import warnings

    from rasterio.errors import NotGeoreferencedWarning

    warnings.simplefilter("ignore", NotGeoreferencedWarning)  # IGN's baseline files have none
    out = sys.stderr if a.json else sys.stdout

    for path in (a.reference, a.prediction):  # a text file or a truncated raster: named, not a traceback
        probe_raster(path)
    for option, path in (("-o", a.output), ("--disagreement", a.disagreement), ("--hotspots", a.hotspots)):
        _check_can_write(option, path)
    with tempfile.TemporaryDirectory(prefix="flair_eval_") as tmp:
        pred = _place(a.prediction, a.place_pred, tmp) if a.place_pred else a.prediction
        ref_enc = _encoding(a.reference, a.ref_band, a.ref_encoding, "reference", "--ref-encoding")
        pred_enc = _encoding(a.prediction, a.pred_band, a.pred_encoding, "prediction", "--pred-encoding")
        disagreement = a.disagreement
        if a.hotspots and not disagreement:
            disagreement = os.path.splitext(a.hotspots)[0] + "_disagreement.tif"
        params = CompareParams(a.reference, ref_enc, pred, pred_enc, a.ref_band, a.pred_band,
                               a.within, a.within_layer, disagreement, a.window)
        result = compare(params)
        s = result.summary
        s["prediction"] = os.path.abspath(a.prediction)
        files: dict[str, str] = {}
        if disagreement:
            files["disagreement"] = os.path.abspath(disagreement)
        if a.hotspots:
            hs = find_hotspots(disagreement, a.hotspots, a.min_area, s["nomenclature"],
                               info={"reference": s["reference"], "prediction": s["prediction"],
                                     "reference_encoding": ref_enc, "prediction_encoding": pred_enc})
            files["hotspots"] = os.path.abspath(hs.path)
            s["hotspots"] = hs.count
        if a.output:
            files.update(write_reports(s, a.output))
        s["files"] = files
    if a.json:
        print(json.dumps(to_json(s), ensure_ascii=False))
    else:
        print(format_text(s), file=out)
        if "hotspots" in s:
            print(f"hotspots: {s['hotspots']} regions of at least {a.min_area:g} m²", file=out)
        for k, v in files.items():
            print(f"wrote {k}: {v}", file=out)
    return 0
