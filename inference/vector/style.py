"""The QGIS style of a polygon layer of codes: categorised by ``code``, with the FLAIR palette and the
same class names as the raster legend (``labels/style.py`` decides those for the raster)."""
from __future__ import annotations

from xml.sax.saxutils import escape

from ..core.classes import hex_to_rgb


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def vector_qml(classes: list[tuple[int, str, str]], present: set[int] | None = None,
               field: str = "code", outline: str = "#00000040") -> str:
    """A categorised-renderer style: one category per (code, name, colour) in ``classes`` (limited
    to ``present`` when given), filled with the class colour, a thin dark outline."""
    cats, symbols = [], []
    k = 0
    for code, name, colour in classes:
        if present is not None and code not in present:
            continue
        r, g, b = hex_to_rgb(colour)
        cats.append(f'      <category render="true" symbol="{k}" value="{code}" label="{_attr(name)}"/>')
        symbols.append(f"""      <symbol type="fill" name="{k}" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <prop k="color" v="{r},{g},{b},255"/>
          <prop k="joinstyle" v="bevel"/>
          <prop k="outline_color" v="{_rgba(outline)}"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.1"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="style" v="solid"/>
        </layer>
      </symbol>""")
        k += 1
    body_c, body_s = "\n".join(cats), "\n".join(symbols)
    return f"""<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22" styleCategories="Symbology|Labeling|Fields">
  <renderer-v2 type="categorizedSymbol" attr="{_attr(field)}" forceraster="0" symbollevels="0" enableorderby="0">
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


def _rgba(colour: str) -> str:
    r, g, b = hex_to_rgb(colour[:7])
    a = int(colour[7:9], 16) if len(colour) == 9 else 255
    return f"{r},{g},{b},{a}"
