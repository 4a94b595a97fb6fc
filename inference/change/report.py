"""The HTML report of a change run, in French or English: one self-contained page.

It holds the inputs (file names, sizes, SHA-256, the model that made each map when its run report
is beside it), the rule and thresholds used, the balance per zone, the transition matrix as a
coloured table, and what land cover alone cannot decide.
"""
from __future__ import annotations

import json
import os
from html import escape

import numpy as np

from ..core.classes import CLASS_BY_CODE, class_label
from ..core.messages import again
from ..models.download import sha256_file
from .tables import decimals, present_codes

TEXT = {
    "en": {
        "title": "Land take between two vintages",
        "estimate": "These figures are an estimate made from two FLAIR land-cover maps, to be checked. "
                    "They are not the legal measure: from 2031 that is IGN's OCS GE.",
        "inputs": "Inputs", "file": "file", "role": "vintage", "size": "size", "sha": "SHA-256",
        "encoding": "encoding", "model": "model", "before": "before", "after": "after",
        "no_model": "(no run report beside it)",
        "summary": "Summary", "common": "Area compared (both vintages valid)",
        "nodata": "Left out (nodata in one or both vintages)",
        "grid": "Grid:", "grid_text": "BEFORE's pixels ({res:g} m, {crs}); AFTER read onto them (nearest).",
        "zones": "Balance per zone (hectares)", "zone": "zone", "area": "area",
        "artif_before": "artificialised before", "artif_after": "artificialised after",
        "artificialisation": "artificialisation", "renaturation": "renaturation", "net": "net",
        "all": "all", "outside": "Outside every zone: {ha} ha (counted in \"all\").",
        "matrix": "Transition matrix (hectares)",
        "matrix_text": "Rows: class before; columns: class after. The diagonal is unchanged land; "
                       "the darker a cell, the larger its area.",
        "rule": "Rule",
        "rule_text": "A pixel is artificialised in a vintage when its class is marked artificialised and its "
                     "patch (8-connected pixels of that class) reaches the class's reference threshold "
                     "(décret n° 2023-1096 of 27 November 2023, annex of article R.101-1 of the code de "
                     "l'urbanisme). Artificialisation: artificialised after and not before; renaturation: "
                     "artificialised before and not after; net = artificialisation − renaturation.",
        "class": "class", "threshold": "threshold", "table": "Table: {source}",
        "default": "the default (décret n° 2023-1096)",
        "mmu": "Change patches under {mmu:g} m² are not drawn as polygons (they still count in the tables).",
        "blind": "What land cover alone cannot decide",
        "blind_items": [
            "Herbaceous surfaces with a residential, economic or infrastructure use (gardens, lawns of "
            "business parks, road verges) are artificialised under the decree; a land-cover map sees grass.",
            "Building sites and land being built on: bare soil here may be a worksite, a field or a quarry.",
            "Surfaces under trees (a car park under plane trees, a house under oaks) are seen as trees.",
            "Each map's own errors: IGN reports about 83 % of its AI classification correct before "
            "photo-interpretation, so a change may be an error of either map. Check the polygons on the "
            "two orthophotos.",
        ],
        "warnings": "Warnings",
        # the vintages as the report names them (grid_text), in its warnings
        "before_option": "BEFORE", "after_option": "AFTER",
    },
    "fr": {
        "title": "Consommation d'espace entre deux millésimes",
        "estimate": "Ces chiffres sont une estimation faite à partir de deux cartes d'occupation du sol FLAIR, "
                    "à vérifier. Ce n'est pas la mesure légale : à partir de 2031, c'est l'OCS GE de l'IGN.",
        "inputs": "Données", "file": "fichier", "role": "millésime", "size": "taille", "sha": "SHA-256",
        "encoding": "codage", "model": "modèle", "before": "avant", "after": "après",
        "no_model": "(pas de rapport d'exécution à côté)",
        "summary": "Résumé", "common": "Surface comparée (deux millésimes valides)",
        "nodata": "Écartée (sans donnée dans l'un des millésimes ou les deux)",
        "grid": "Grille :", "grid_text": "Les pixels d'AVANT ({res:g} m, {crs}) ; APRÈS lu sur eux (plus proche voisin).",
        "zones": "Bilan par zone (hectares)", "zone": "zone", "area": "surface",
        "artif_before": "artificialisé avant", "artif_after": "artificialisé après",
        "artificialisation": "artificialisation", "renaturation": "renaturation", "net": "solde net",
        "all": "total", "outside": "Hors de toute zone : {ha} ha (compté dans « total »).",
        "matrix": "Matrice de transition (hectares)",
        "matrix_text": "Lignes : classe avant ; colonnes : classe après. La diagonale est le sol inchangé ; "
                       "plus une case est foncée, plus sa surface est grande.",
        "rule": "Règle",
        "rule_text": "Un pixel est artificialisé dans un millésime quand sa classe est marquée artificialisée et "
                     "que sa tache (pixels de cette classe connexes à 8) atteint le seuil de référence de la "
                     "classe (décret n° 2023-1096 du 27 novembre 2023, annexe de l'article R.101-1 du code de "
                     "l'urbanisme). Artificialisation : artificialisé après et pas avant ; renaturation : "
                     "artificialisé avant et pas après ; solde net = artificialisation − renaturation.",
        "class": "classe", "threshold": "seuil", "table": "Table : {source}",
        "default": "celle par défaut (décret n° 2023-1096)",
        "mmu": "Les taches de changement de moins de {mmu:g} m² ne sont pas dessinées en polygones "
               "(elles comptent dans les tableaux).",
        "blind": "Ce que l'occupation du sol seule ne peut pas trancher",
        "blind_items": [
            "Les surfaces herbacées à usage résidentiel, économique ou d'infrastructure (jardins, pelouses de "
            "zones d'activité, accotements) sont artificialisées au sens du décret ; une carte d'occupation du "
            "sol y voit de l'herbe.",
            "Les chantiers et terrains en cours d'aménagement : un sol nu peut être un chantier, un champ ou "
            "une carrière.",
            "Les surfaces sous les arbres (un parking sous des platanes, une maison sous des chênes) sont vues "
            "comme des arbres.",
            "Les erreurs propres à chaque carte : l'IGN annonce environ 83 % de sa classification par IA "
            "correcte avant photo-interprétation ; un changement peut être l'erreur de l'une des deux cartes. "
            "Vérifiez les polygones sur les deux orthophotos.",
        ],
        "warnings": "Avertissements",
        "before_option": "AVANT", "after_option": "APRÈS",
    },
}


def model_name(raster: str) -> str | None:
    """The name of the model that made a map, from the run report segment wrote beside it."""
    path = os.path.splitext(raster)[0] + "_report.json"
    try:
        with open(path, encoding="utf-8") as f:
            card = json.load(f).get("model", {}).get("card", {})
    except (OSError, ValueError, AttributeError):
        return None
    if not isinstance(card, dict) or not card.get("name"):
        return None
    return f"{card['name']} {card.get('version') or ''}".strip()


def input_rows(before: str, after: str, encodings: tuple[str, str]) -> list[dict]:
    return [{"role": role, "file": os.path.abspath(p), "size": os.path.getsize(p), "sha256": sha256_file(p),
             "encoding": enc, "model": model_name(p)}
            for role, p, enc in (("before", before, encodings[0]), ("after", after, encodings[1]))]


def _name(code: int, lang: str) -> str:
    c = CLASS_BY_CODE.get(code)
    return f"{code} {class_label(c, lang)}" if c else str(code)


def _ha(px: float, pixel_m2: float, d: int) -> str:
    return f"{px * pixel_m2 / 1e4:.{d}f}"


def _matrix_html(matrix: np.ndarray, pixel_m2: float, lang: str) -> str:
    codes = present_codes(matrix)
    d = decimals(pixel_m2)
    top = max(1, int(max((matrix[b, a] for b in codes for a in codes if a != b), default=1)))
    head = "".join(f"<th>{escape(_name(a, lang))}</th>" for a in codes)
    rows = []
    for b in codes:
        cells = []
        for a in codes:
            v = int(matrix[b, a])
            if a == b:
                style = "background:#eeeeee"
            else:
                alpha = 0.08 + 0.8 * v / top if v else 0
                style = f"background:rgba(200,30,30,{alpha:.2f})" if v else ""
            cells.append(f'<td style="{style}">{_ha(v, pixel_m2, d) if v else ""}</td>')
        rows.append(f"<tr><th>{escape(_name(b, lang))}</th>{''.join(cells)}</tr>")
    return f"<table class='m'><tr><th></th>{head}</tr>{''.join(rows)}</table>"


def _zones_html(rows: list[dict], t: dict, d: int) -> str:
    keys = ("area_ha", "artificialised_before_ha", "artificialised_after_ha", "artificialisation_ha",
            "renaturation_ha", "net_ha")
    heads = ("area", "artif_before", "artif_after", "artificialisation", "renaturation", "net")
    out = [f"<tr><th>{t['zone']}</th>" + "".join(f"<th>{t[h]}</th>" for h in heads) + "</tr>"]
    for r in rows:
        name = t["all"] if r["zone"] == "all" else r["zone"]
        cls = " class='all'" if r["zone"] == "all" else ""
        out.append(f"<tr{cls}><td>{escape(name)}</td>" + "".join(f"<td>{r[k]:.{d}f}</td>" for k in keys) + "</tr>")
    return f"<table>{''.join(out)}</table>"


def report_html(info: dict, lang: str = "en") -> str:
    """``info``: inputs, matrix, pixel_m2, zones (rows), outside_px, nodata_m2, rule, rule_source,
    mmu_m2, crs, res, warnings, created."""
    t = TEXT.get(lang, TEXT["en"])
    px, d = info["pixel_m2"], decimals(info["pixel_m2"])
    inputs = "".join(
        f"<tr><td>{t[r['role']]}</td><td>{escape(os.path.basename(r['file']))}</td><td>{r['size']:,}</td>"
        f"<td><code>{r['sha256']}</code></td><td>{escape(r['encoding'])}</td>"
        f"<td>{escape(r['model'] or t['no_model'])}</td></tr>" for r in info["inputs"])
    all_row = info["zones"][-1]
    nod = info["nodata_m2"]
    nodata_ha = sum(nod.values()) / 1e4
    rule = "".join(f"<tr><td>{escape(_name(c, lang))}</td><td>{thr:g} m²</td></tr>"
                   for c, thr in sorted(info["rule"].items()))
    source = t["default"] if info["rule_source"] == "default" else escape(os.path.basename(info["rule_source"]))
    outside = ""
    if info.get("outside_px"):
        outside = f"<p>{t['outside'].format(ha=_ha(info['outside_px'], px, d))}</p>"
    warnings = ""
    if info.get("warnings"):
        # said in the report's language (the engine's messages: core/messages.py), the vintages as it names them
        said = [again(w, lang, before_option=t["before_option"], after_option=t["after_option"])
                for w in info["warnings"]]
        warnings = f"<h2>{t['warnings']}</h2><ul>" + "".join(f"<li>{escape(w)}</li>" for w in said) + "</ul>"
    mmu = f"<p>{t['mmu'].format(mmu=info['mmu_m2'])}</p>" if info.get("mmu_m2") else ""
    blind = "".join(f"<li>{escape(x)}</li>" for x in t["blind_items"])
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{t['title']}</title>
<style>
body{{font-family:sans-serif;margin:1.5em;max-width:1200px;color:#222}}
table{{border-collapse:collapse;margin:.5em 0}} td,th{{border:1px solid #ccc;padding:3px 6px;font-size:13px}}
td{{text-align:right}} td:first-child{{text-align:left}} th{{background:#f4f4f4}}
table.m th{{font-size:11px}} tr.all td{{font-weight:bold}} .note{{background:#fff6d6;padding:.6em;border:1px solid #e8d27a}}
code{{font-size:11px}}
</style></head><body>
<h1>{t['title']}</h1>
<p class="note">{t['estimate']}</p>
<h2>{t['summary']}</h2>
<table>
<tr><td>{t['common']}</td><td>{all_row['area_ha']:.{d}f} ha</td></tr>
<tr><td>{t['artif_before']}</td><td>{all_row['artificialised_before_ha']:.{d}f} ha</td></tr>
<tr><td>{t['artif_after']}</td><td>{all_row['artificialised_after_ha']:.{d}f} ha</td></tr>
<tr><td>{t['artificialisation']}</td><td>{all_row['artificialisation_ha']:.{d}f} ha</td></tr>
<tr><td>{t['renaturation']}</td><td>{all_row['renaturation_ha']:.{d}f} ha</td></tr>
<tr><td>{t['net']}</td><td>{all_row['net_ha']:.{d}f} ha</td></tr>
<tr><td>{t['nodata']}</td><td>{nodata_ha:.{d}f} ha</td></tr>
</table>
<p>{t['grid']} {escape(t['grid_text'].format(res=info['res'], crs=info['crs']))}</p>
{warnings}
<h2>{t['zones']}</h2>
{_zones_html(info['zones'], t, d)}
{outside}
<h2>{t['matrix']}</h2>
<p>{t['matrix_text']}</p>
{_matrix_html(info['matrix'], px, lang)}
<h2>{t['rule']}</h2>
<p>{t['rule_text']}</p>
<table><tr><th>{t['class']}</th><th>{t['threshold']}</th></tr>{rule}</table>
<p>{t['table'].format(source=source)}</p>
{mmu}
<h2>{t['blind']}</h2>
<ul>{blind}</ul>
<h2>{t['inputs']}</h2>
<table><tr><th>{t['role']}</th><th>{t['file']}</th><th>{t['size']}</th><th>{t['sha']}</th><th>{t['encoding']}</th>
<th>{t['model']}</th></tr>{inputs}</table>
<p><small>{escape(info.get('created', ''))}</small></p>
</body></html>
"""
