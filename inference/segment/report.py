"""The run report saved beside each output, and the class-area table printed to users."""
from __future__ import annotations

import json
import platform
import time
from dataclasses import asdict

from .. import __version__
from ..core.classes import CLASS_BY_CODE, class_label


def class_name(code: int, class_names: tuple[str, ...] = (), lang: str = "en") -> str:
    if class_names:
        return class_names[code - 1] if 0 < code <= len(class_names) else f"class {code}"
    return class_label(CLASS_BY_CODE[code], lang) if code in CLASS_BY_CODE else f"code {code}"


def area_rows(result, m=None) -> list[dict]:
    """One row per class present in map ``m`` (default: the first): code, name, pixels, m², % of
    the classified area."""
    m = m or result.maps[0]
    px_area = result.grid.res**2
    names = {code: name for code, name, _ in m.classes}
    classified = sum(n for c, n in m.class_pixels.items() if c != m.nodata)
    rows = []
    for code, n in sorted(m.class_pixels.items()):
        if code == m.nodata:
            continue
        rows.append(
            {
                "code": code,
                "name": names.get(code, f"code {code}"),
                "pixels": n,
                "area_m2": round(n * px_area, 2),
                "percent": round(100.0 * n / classified, 2) if classified else 0.0,
            }
        )
    return rows


def format_areas(result, m=None) -> str:
    m = m or result.maps[0]
    rows = area_rows(result, m)
    lines = [f"{'code':>4}  {'class':<24}{'area m²':>12}{'%':>8}"]
    for r in sorted(rows, key=lambda r: -r["pixels"]):
        lines.append(f"{r['code']:>4}  {r['name']:<24}{r['area_m2']:>12.1f}{r['percent']:>8.1f}")
    nodata = m.class_pixels.get(m.nodata, 0) * result.grid.res**2
    total = sum(r["area_m2"] for r in rows)
    lines.append(f"{'':>4}  {'classified':<24}{total:>12.1f}")
    if nodata:
        lines.append(f"{m.nodata:>4}  {'nodata':<24}{nodata:>12.1f}")
    return "\n".join(lines)


def report_text(result, params, tile: int, margin: int, batch: int) -> str:
    """The run report as JSON text, for every model (the pipeline stages it with the other files of
    the run): the inputs (a section per named input of a multi-source model), the grid, the tiling,
    and per map (task) its files and classes; ``classes`` and ``nodata_pixels`` are the first map's."""
    g = result.grid
    report = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "engine": f"flair-qgis inference {__version__}",
        "python": platform.python_version(),
        "output": result.output,
        "confidence": result.confidence,
        "model": {"path": params.model, "card": json.loads(result.card.to_json())},
        "inputs": result.inputs or result.stack,
        "grid": {
            "crs": g.crs,
            "origin": [g.x0, g.y0],
            "resolution_m": g.res,
            "width": g.width,
            "height": g.height,
            "bounds": list(g.bounds),
        },
        "tiling": {"tile": tile, "margin": margin, "batch": batch, "stitch": params.stitch, "tiles": result.tiles},
        "device": result.device,
        "seconds": round(result.seconds, 3),
        "km2_per_hour": round(g.width * g.height * g.res**2 / 1e6 / (result.seconds / 3600), 3)
        if result.seconds
        else None,
        "classes": area_rows(result),
        "nodata_pixels": result.maps[0].class_pixels.get(result.maps[0].nodata, 0),
        "maps": [{"task": m.task, "title": m.title, "output": m.output, "confidence": m.confidence, "style": m.qml,
                  "classes": area_rows(result, m), "nodata": m.nodata, "nodata_pixels": m.class_pixels.get(m.nodata, 0)}
                 for m in result.maps],
    }
    if params.overrides is not None:
        report["overrides"] = {k: v for k, v in asdict(params.overrides).items() if v is not None}
    if getattr(result, "notes", None):
        report["notes"] = list(result.notes)
    return json.dumps(report, indent=2, ensure_ascii=False, default=str)
