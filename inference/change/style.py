"""The change layer's QGIS style: one category per transition present, filled with the class after
and outlined with the class before, labelled "building → impervious surface"."""
from __future__ import annotations

from xml.sax.saxutils import quoteattr

from ..core.classes import CLASS_BY_CODE, class_label, hex_to_rgb

EXPRESSION = "concat(\"code_before\", '>', \"code_after\")"
STATUS = {"en": "artificialised status changed", "fr": "statut d'artificialisation changé"}


def _rgb(code: int) -> str:
    c = CLASS_BY_CODE.get(code)
    r, g, b = hex_to_rgb(c.colour) if c else (128, 128, 128)
    return f"{r},{g},{b},255"


def _symbol(i: int, fill: str, outline: str) -> str:
    props = {"color": fill, "outline_color": outline, "outline_width": "0.5", "outline_width_unit": "MM",
             "outline_style": "solid", "style": "solid", "joinstyle": "miter"}
    body = "".join(f'<prop k="{k}" v="{v}"/>' for k, v in props.items())
    return (f'<symbol type="fill" name="{i}" alpha="0.85" clip_to_extent="1" force_rhr="0">'
            f'<layer class="SimpleFill" enabled="1" locked="0" pass="0">{body}</layer></symbol>')


def change_qml(transitions: list[tuple[int, int]], lang: str = "en") -> str:
    """QML text for the transitions (code before, code after) present, sorted."""
    cats, syms = [], []
    for i, (b, a) in enumerate(sorted(set(transitions))):
        nb = class_label(CLASS_BY_CODE[b], lang) if b in CLASS_BY_CODE else str(b)
        na = class_label(CLASS_BY_CODE[a], lang) if a in CLASS_BY_CODE else str(a)
        label = f"{nb} → {na}" if a != b else f"{nb}, {STATUS.get(lang, STATUS['en'])}"
        cats.append(f'<category render="true" value={quoteattr(f"{b}>{a}")} label={quoteattr(label)} symbol="{i}"/>')
        syms.append(_symbol(i, _rgb(a), _rgb(b)))
    return ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
            '<qgis version="3.22" styleCategories="Symbology">\n'
            f'<renderer-v2 type="categorizedSymbol" attr={quoteattr(EXPRESSION)} forceraster="0" '
            'symbollevels="0" enableorderby="0">\n'
            f'<categories>{"".join(cats)}</categories>\n<symbols>{"".join(syms)}</symbols>\n'
            '</renderer-v2>\n</qgis>\n')
