"""QGIS styles of polygon layers: a categorised renderer (``categorized_qml``), and the one of a
layer of codes (``vector_qml``: categorised by ``code``, with the FLAIR palette and the same class
names as the raster legend, which ``labels/style.py`` decides for the raster). Land-take change
styles its transitions with the same renderer (``change/style.py``)."""
from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from ..core.classes import hex_to_rgb


@dataclass(frozen=True)
class Category:
    """One category: the attribute's ``value``, its legend ``label`` and its fill symbol (colours
    as QGIS writes them, "r,g,b,a")."""

    value: str
    label: str
    fill: str
    outline: str
    outline_width: float = 0.1
    alpha: float = 1.0
    joinstyle: str = "bevel"


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def categorized_qml(attr: str, categories: list[Category]) -> str:
    """A categorised-renderer style on ``attr`` (a field or an expression), one fill symbol per
    category, in the order given."""
    cats, symbols = [], []
    for k, c in enumerate(categories):
        cats.append(f'      <category render="true" symbol="{k}" value="{_attr(c.value)}" label="{_attr(c.label)}"/>')
        symbols.append(f"""      <symbol type="fill" name="{k}" alpha="{c.alpha:g}" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <prop k="color" v="{c.fill}"/>
          <prop k="joinstyle" v="{c.joinstyle}"/>
          <prop k="outline_color" v="{c.outline}"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="{c.outline_width:g}"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="style" v="solid"/>
        </layer>
      </symbol>""")
    body_c, body_s = "\n".join(cats), "\n".join(symbols)
    return f"""<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22" styleCategories="Symbology|Labeling|Fields">
  <renderer-v2 type="categorizedSymbol" attr="{_attr(attr)}" forceraster="0" symbollevels="0" enableorderby="0">
    <categories>
{body_c}
    </categories>
    <symbols>
{body_s}
    </symbols>
  </renderer-v2>
  <blendMode>0</blendMode>
  <featureBlendMode>0</featureBlendMode>
  <layerOpacity>1</layerOpacity>
</qgis>
"""


def vector_qml(classes: list[tuple[int, str, str]], present: set[int] | None = None,
               field: str = "code", outline: str = "#00000040") -> str:
    """A categorised-renderer style: one category per (code, name, colour) in ``classes`` (limited
    to ``present`` when given), filled with the class colour, a thin dark outline."""
    return categorized_qml(field, [Category(str(code), name, rgba(colour), rgba(outline))
                                   for code, name, colour in classes if present is None or code in present])


def rgba(colour: str) -> str:
    """"#rrggbb" or "#rrggbbaa" as QGIS writes a colour: "r,g,b,a"."""
    r, g, b = hex_to_rgb(colour[:7])
    a = int(colour[7:9], 16) if len(colour) == 9 else 255
    return f"{r},{g},{b},{a}"
