"""Reports of a comparison: text for the terminal, CSV tables, a confusion heatmap (PNG, Pillow) and
a self-contained HTML page embedding it. All take the dict from compare.compare(...).summary."""
from __future__ import annotations

import base64
import csv
import io
import json
import os
from html import escape

from ..core.classes import code_colours, code_names

PER_CLASS_COLUMNS = ("code", "class", "iou", "precision", "recall", "f1", "ref_area_m2", "ref_pct",
                     "pred_area_m2", "pred_pct", "tp_pixels", "fp_pixels", "fn_pixels")


def _fmt(v, digits: int = 4) -> str:
    return "" if v is None else (f"{v:.{digits}f}" if isinstance(v, float) else str(v))


def _pct(v) -> str:
    return "   -  " if v is None else f"{100 * v:6.2f}"


def headline(s: dict) -> list[tuple[str, str]]:
    """(label, value) pairs shown first everywhere."""
    rows = []
    if s.get("nomenclature", "flair") == "flair":
        rows.append(("mIoU, FLAIR protocol (12 classes, 'other' excluded)", _fmt(s["miou"])))
        rows.append(("mIoU, all FLAIR classes present", _fmt(s["miou_full"])))
    else:
        rows.append(("mIoU, all classes present", _fmt(s["miou"])))
    rows.append(("overall accuracy", _fmt(s["oa"])))
    rows.append(("compared area (m²)", f"{s['compared_area_m2']:.1f}"))
    return rows


def format_text(s: dict) -> str:
    lines = [f"reference  {s.get('reference', '')} ({s.get('reference_encoding', '')})",
             f"prediction {s.get('prediction', '')} ({s.get('prediction_encoding', '')})"]
    if s.get("within"):
        lines.append(f"inside     {s['within']}")
    lines += [f"{k}: {v}" for k, v in headline(s)]
    lines.append(f"{'code':>4}  {'class':<24}{'IoU %':>7}{'prec %':>8}{'rec %':>7}{'F1 %':>7}"
                 f"{'ref m²':>12}{'ref %':>7}{'pred m²':>12}{'pred %':>7}")
    for code, c in sorted(s["per_class"].items(), key=lambda kv: int(kv[0])):
        lines.append(f"{int(code):>4}  {c['name'][:23]:<24}{_pct(c['iou']):>7}{_pct(c['precision']):>8}"
                     f"{_pct(c['recall']):>7}{_pct(c['f1']):>7}{c['ref_area_m2']:>12.1f}"
                     f"{(c['ref_pct'] or 0):>7.2f}{c['pred_area_m2']:>12.1f}{(c['pred_pct'] or 0):>7.2f}")
    for w in s.get("warnings", []):
        lines.append(f"warning: {w}")
    return "\n".join(lines)


def present_codes(s: dict) -> list[int]:
    return sorted(int(k) for k in s["per_class"])


def heatmap_png(s: dict, cell: int = 34) -> bytes:
    """The confusion matrix of the classes present, each row normalised (share of the reference
    class predicted as each class), white to dark blue, with the share printed in each cell."""
    from PIL import Image, ImageDraw

    font = _font(11)
    names = code_names(s.get("nomenclature", "flair"))
    colours = code_colours(s.get("nomenclature", "flair"))
    codes = present_codes(s) or [1]
    cm = s["confusion"]
    labels = [f"{c} {names.get(c, '')}"[:26] for c in codes]
    left = max(_text_w(font, t) for t in labels) + 26
    top = left
    n = len(codes)
    width, height = left + n * cell + 10, top + n * cell + 40
    img = Image.new("RGB", (width, height), "white")
    d = ImageDraw.Draw(img)
    for i, rc in enumerate(codes):
        row = [cm[rc][pc] for pc in codes]
        total = sum(row)
        d.rectangle([4, top + i * cell + cell // 2 - 6, 16, top + i * cell + cell // 2 + 6],
                    fill=colours.get(rc, "#888888"), outline="black")
        d.text((20, top + i * cell + cell // 2 - 6), labels[i], fill="black", font=font)
        for j, v in enumerate(row):
            share = v / total if total else 0.0
            shade = int(255 - 205 * share)
            fill = (shade, shade + int(30 * share), 255) if total else (240, 240, 240)
            x0, y0 = left + j * cell, top + i * cell
            d.rectangle([x0, y0, x0 + cell - 1, y0 + cell - 1], fill=fill,
                        outline="black" if i == j else (200, 200, 200))
            if v:
                t = f"{100 * share:.0f}" if share >= 0.005 else "<1"
                d.text((x0 + (cell - _text_w(font, t)) // 2, y0 + cell // 2 - 6), t,
                       fill="white" if share > 0.55 else "black", font=font)
    for j, t in enumerate(labels):  # column labels, rotated
        tw = _text_w(font, t) + 4
        tile = Image.new("RGB", (tw, 14), "white")
        ImageDraw.Draw(tile).text((2, 0), t, fill="black", font=font)
        tile = tile.rotate(90, expand=True)
        img.paste(tile, (left + j * cell + cell // 2 - 7, top - tw - 4))
    d.text((left, top + n * cell + 8), "rows: reference, columns: prediction, % of each reference class",
           fill="black", font=font)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _font(size: int):
    from PIL import ImageFont

    for path in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVuSans.ttf", "arial.ttf"):
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default()


def _text_w(font, text: str) -> int:
    box = font.getbbox(text)
    return box[2] - box[0]


def write_csv(s: dict, prefix: str) -> list[str]:
    """``<prefix>_per_class.csv``, ``<prefix>_confusion.csv`` (rows = reference code, columns =
    predicted code, 0 = nodata) and ``<prefix>_summary.csv`` (metric, value)."""
    paths = [f"{prefix}_per_class.csv", f"{prefix}_confusion.csv", f"{prefix}_summary.csv"]
    with open(paths[0], "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(PER_CLASS_COLUMNS)
        for code, c in sorted(s["per_class"].items(), key=lambda kv: int(kv[0])):
            w.writerow([code, c["name"]] + [_fmt(c[k], 6) for k in PER_CLASS_COLUMNS[2:]])
    with open(paths[1], "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        cm = s["confusion"]
        w.writerow(["ref \\ pred"] + list(range(len(cm))))
        for i, row in enumerate(cm):
            w.writerow([i] + row)
    with open(paths[2], "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["metric", "value"])
        for k in ("miou", "miou_full", "oa", "compared_area_m2", "compared_pixels", "ref_only_pixels",
                  "pred_only_pixels", "reference", "reference_encoding", "prediction",
                  "prediction_encoding", "within"):
            if k in s:
                w.writerow([k, _fmt(s[k], 6)])
    return paths


def write_html(s: dict, path: str, png: bytes | None = None) -> str:
    png = png if png is not None else heatmap_png(s)
    img = base64.b64encode(png).decode("ascii")
    rows = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in headline(s))
    colours = code_colours(s.get("nomenclature", "flair"))
    body = []
    for code, c in sorted(s["per_class"].items(), key=lambda kv: int(kv[0])):
        sw = f'<span class="sw" style="background:{colours.get(int(code), "#888")}"></span>'
        cells = "".join(f"<td>{_pct(c[k]).strip()}</td>" for k in ("iou", "precision", "recall", "f1"))
        body.append(f"<tr><td>{code}</td><td>{sw}{escape(c['name'])}</td>{cells}"
                    f"<td>{c['ref_area_m2']:.1f}</td><td>{(c['ref_pct'] or 0):.2f}</td>"
                    f"<td>{c['pred_area_m2']:.1f}</td><td>{(c['pred_pct'] or 0):.2f}</td></tr>")
    warn = "".join(f"<li>{escape(w)}</li>" for w in s.get("warnings", []))
    html = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>FLAIR comparison</title>
<style>body{{font-family:sans-serif;margin:2em}} table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:3px 8px;text-align:right}} th{{text-align:left}}
.sw{{display:inline-block;width:12px;height:12px;margin-right:6px;border:1px solid #000}}</style></head>
<body><h1>Reference vs prediction</h1>
<p>Reference: <code>{escape(str(s.get('reference', '')))}</code> ({escape(str(s.get('reference_encoding', '')))})<br>
Prediction: <code>{escape(str(s.get('prediction', '')))}</code> ({escape(str(s.get('prediction_encoding', '')))})
{'<br>Inside: <code>' + escape(s['within']) + '</code>' if s.get('within') else ''}</p>
<table>{rows}</table>
{'<ul>' + warn + '</ul>' if warn else ''}
<h2>Per class</h2>
<table><tr><th>code</th><th>class</th><th>IoU %</th><th>precision %</th><th>recall %</th><th>F1 %</th>
<th>reference m²</th><th>reference %</th><th>prediction m²</th><th>prediction %</th></tr>
{''.join(body)}</table>
<h2>Confusion matrix</h2>
<img alt="confusion matrix heatmap" src="data:image/png;base64,{img}">
<p>The FLAIR protocol mIoU reduces both maps to 13 classes (codes 13-19 merged into "other"),
averages the IoU of the first 12 and skips classes absent from both maps.</p>
</body></html>
"""
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)
    return path


def write_reports(s: dict, prefix: str) -> dict[str, str]:
    """Every report beside ``prefix``: CSVs, ``<prefix>_confusion.png``, ``<prefix>.html``,
    ``<prefix>.json``. Returns {kind: path}."""
    os.makedirs(os.path.dirname(os.path.abspath(prefix)), exist_ok=True)
    png = heatmap_png(s)
    out = dict(zip(("per_class_csv", "confusion_csv", "summary_csv"), write_csv(s, prefix)))
    out["png"] = f"{prefix}_confusion.png"
    with open(out["png"], "wb") as f:
        f.write(png)
    out["html"] = write_html(s, f"{prefix}.html", png)
    out["json"] = f"{prefix}.json"
    with open(out["json"], "w", encoding="utf-8") as f:
        json.dump(to_json(s), f, indent=1, ensure_ascii=False)
    return out


def to_json(s: dict) -> dict:
    """The summary with per_class keys as strings (JSON object keys)."""
    d = dict(s)
    d["per_class"] = {str(k): v for k, v in s["per_class"].items()}
    return d
