"""``vectorize``: a label raster -> a GeoPackage coverage; and ``segment --polygons`` after a run."""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys

from ..core.classes import LABEL_ENCODINGS
from ..vector.checks import check_output
from ..vector.run import DEFAULT_LAYER, DEFAULT_MMU_PX, VectorParams, VectorResult, vectorize


def _mmu_class(text: str) -> tuple[int, float]:
    code, sep, m2 = text.partition("=")
    try:
        value = (int(code), float(m2))
    except ValueError:
        value = None
    if not sep or value is None or value[0] < 1 or value[1] < 0:
        raise argparse.ArgumentTypeError(f"expected CODE=M2 (e.g. 1=50 for buildings of 50 m^2 and more), got {text!r}")
    return value


def _non_negative(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        v = -1.0
    if v < 0:
        raise argparse.ArgumentTypeError(f"expected a number >= 0, got {text!r}")
    return v


def add_polygon_args(p: argparse.ArgumentParser, segment: bool = False) -> None:
    """The options ``vectorize`` takes; ``segment`` gets them for its ``--polygons``."""
    p.add_argument("--mmu", type=_non_negative, metavar="M2",
                   help=f"minimum mapping unit in m^2: smaller patches (8-connected) are merged into their largest "
                        f"neighbour (default {DEFAULT_MMU_PX} pixels, 0.16 m^2 at 0.2 m; 0 keeps them)")
    p.add_argument("--mmu-class", type=_mmu_class, action="append", default=[], metavar="CODE=M2",
                   help="a class's own minimum mapping unit, e.g. 1=50 (buildings); repeat for several")
    p.add_argument("--simplify", type=_non_negative, metavar="METRES",
                   help="coverage simplification tolerance in metres (default: one pixel; 0: exact pixel edges)")
    p.add_argument("--layer", default=DEFAULT_LAYER, help="GeoPackage layer name (default %(default)s)")
    if not segment:
        p.add_argument("--encoding", choices=LABEL_ENCODINGS,
                       help="how the labels are stored (default: guessed, refused when ambiguous)")
        p.add_argument("--confidence", metavar="CONF.tif",
                       help="a confidence raster on the same grid: each polygon gets its mean, in %%")
        p.add_argument("--band", type=int, default=1)


def params(a, labels: str, output: str, confidence: str | None = None, encoding: str | None = None) -> VectorParams:
    return VectorParams(labels=labels, output=output, mmu_m2=a.mmu, mmu_class=dict(a.mmu_class),
                        simplify_m=a.simplify, encoding=encoding, band=getattr(a, "band", 1),
                        confidence=confidence, layer=a.layer, lang=a.lang)


class _Windows:
    def __init__(self, stream=None):
        self.stream = stream or sys.stderr

    def __call__(self, done: int, total: int) -> None:
        end = "\n" if done == total else ""
        print(f"\r  {done}/{total} windows", end=end, file=self.stream, flush=True)


def report(r: VectorResult) -> None:
    print(f"wrote {r.output} (layer {r.layer}: {r.polygons} polygons; minimum mapping unit {r.mmu_px} px, "
          f"simplified at {r.simplify_px:g} px; {r.seconds:.1f} s)")
    total = sum(r.areas_m2.values()) or 1.0
    for code in sorted(r.areas_m2, key=lambda c: -r.areas_m2[c]):
        a = r.areas_m2[code]
        print(f"  {code:>3} {r.names[code]:<28} {a / 1e4:10.4f} ha  {100 * a / total:5.1f} %")


def run_vectorize(a) -> int:
    r = vectorize(params(a, a.labels, a.output, a.confidence, a.encoding), progress=_Windows())
    report(r)
    if a.json:  # for vector/child.py: the result on the last line
        print(json.dumps(dataclasses.asdict(r), ensure_ascii=False))
    return 0


def before_segment(a) -> None:
    """``segment --polygons``: refuse a wrong polygons path before an hour of segmentation."""
    if getattr(a, "polygons", None):
        check_output(a.polygons, [p for p in a.sources if os.path.isfile(p)] + [a.model])


def after_segment(a, result) -> None:
    """``segment --polygons OUT.gpkg``: each map just written as polygons (``OUT.gpkg`` for one
    map, ``OUT_<task>.gpkg`` for each of several); a single-source map's codes are FLAIR's, a
    task's encoding is read from the class names the run embedded."""
    if not getattr(a, "polygons", None):
        return
    stem = os.path.splitext(a.polygons)[0]
    for m in result.maps:
        out = a.polygons if len(result.maps) == 1 else f"{stem}_{m.task}.gpkg"
        report(vectorize(params(a, m.output, out, m.confidence, None if m.task else "flair19"), progress=_Windows()))


def add_parsers(sub, add_lang) -> None:
    """``add_lang``: main's ``--lang`` (one definition of its default, from the environment)."""
    p = sub.add_parser("vectorize", help="turn a label raster into a GeoPackage of land-cover polygons "
                                         "(minimum mapping unit, shared boundaries simplified once)")
    p.add_argument("labels", help="label raster (e.g. the map 'segment' wrote)")
    p.add_argument("-o", "--output", required=True, help="output GeoPackage (.gpkg)")
    add_polygon_args(p)
    p.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    add_lang(p)
    p.set_defaults(func=run_vectorize)
