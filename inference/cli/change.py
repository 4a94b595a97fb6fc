"""``python -m inference change BEFORE AFTER -o CHANGE.gpkg``: land take between two vintages."""
from __future__ import annotations

import sys
import time

from ..change.params import ChangeParams
from ..change.rule import DEFAULT_RULE, read_rule
from ..change.run import change
from ..core.classes import LABEL_ENCODINGS
from ..core.messages import again


def add_parser(sub, add_lang) -> None:
    p = sub.add_parser(
        "change", help="land take between two vintages: change polygons, transition matrix, balance per zone (ZAN)",
        description="Compare two FLAIR maps of the same area at two dates. AFTER is read onto BEFORE's grid "
                    "(nearest) over their common area. Writes OUT.gpkg (layer change), OUT.qml, "
                    "OUT_transitions.csv, OUT_zones.csv and OUT_report.html. The figures are an estimate to "
                    "check, not the legal OCS GE measure.")
    p.add_argument("before", help="label raster of the earlier vintage")
    p.add_argument("after", help="label raster of the later vintage")
    p.add_argument("-o", "--output", required=True, help="output GeoPackage (CHANGE.gpkg)")
    p.add_argument("--zones", help="polygons to balance by (communes, ...): any vector file; reprojected if needed")
    p.add_argument("--zones-layer", help="layer of --zones (default: the first)")
    p.add_argument("--zone-field", help="the field of --zones naming each zone (e.g. INSEE_COM)")
    p.add_argument("--artif", metavar="TABLE.csv",
                   help="artificialisation table code,artificialised,threshold_m2 replacing the default "
                        "(building 50, pervious 2500, impervious 2500, swimming pool 50, greenhouse 50 m²)")
    p.add_argument("--encoding", choices=LABEL_ENCODINGS,
                   help="BEFORE's encoding, and AFTER's unless --encoding-after (default: guessed)")
    p.add_argument("--encoding-after", choices=LABEL_ENCODINGS, help="AFTER's encoding when it differs")
    p.add_argument("--mmu", type=float, metavar="M2",
                   help="do not draw change patches smaller than this as polygons (the tables count every pixel)")
    p.add_argument("--window", type=int, default=1024, help="pixels per side of each window read")
    add_lang(p)
    p.set_defaults(func=run_change)


class _Progress:
    def __init__(self):
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done != total and now - self.last < 0.5:
            return
        self.last = now
        print(f"\r  {done}/{total} steps", end="\n" if done == total else "", file=sys.stderr, flush=True)


def run_change(a) -> int:
    rule = read_rule(a.artif) if a.artif else DEFAULT_RULE
    params = ChangeParams(before=a.before, after=a.after, output=a.output, encoding=a.encoding,
                          encoding_after=a.encoding_after, zones=a.zones, zones_layer=a.zones_layer,
                          zone_field=a.zone_field, rule=rule, mmu_m2=a.mmu, lang=a.lang, window=a.window)
    r = change(params, progress=_Progress())
    for w in r.warnings:  # in --lang, as errors are (main.py)
        print(f"warning: {again(w, a.lang)}", file=sys.stderr)
    total = r.zones[-1]
    nodata_ha = sum(r.nodata_m2.values()) / 1e4
    print(f"compared {total['area_ha']:.4f} ha ({r.encodings[0]} -> {r.encodings[1]}); left out as nodata "
          f"{nodata_ha:.4f} ha; {r.polygons} change polygons in {r.seconds:.1f} s")
    print(f"artificialisation {total['artificialisation_ha']:.4f} ha, renaturation {total['renaturation_ha']:.4f} ha, "
          f"net {total['net_ha']:.4f} ha")
    for key, path in r.files.items():
        print(f"wrote {key}: {path}")
    return 0
