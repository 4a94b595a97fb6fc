"""Styles for FLAIR code rasters: QGIS .qml, GDAL colour table, class names.

The same palette and names are written into the GeoTIFF (colour table, band metadata and a
PAM .aux.xml with category names) and into a .qml sidecar so QGIS opens the file styled.
"""
from __future__ import annotations

import json
import os
from xml.sax.saxutils import escape  # nosec B406  # escapes text we write into a .qml; parses nothing

from ..core.classes import FLAIR_CLASSES, NODATA_NAME, class_label, classes_for_encoding, colour_table, hex_to_rgb
from ..core.errors import InputError
from ..core.raster import SAMPLE_PIXELS, gdal_errors, values_present

# Generic (non-FLAIR) classes get a fixed qualitative palette.
GENERIC_COLOURS = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94",
)


def classes_for(class_names: tuple[str, ...] = (), lang: str = "en") -> list[tuple[int, str, str]]:
    """(code, name, colour) for each class: the FLAIR 19, or generic names as codes 1..n."""
    if class_names:
        return [
            (i + 1, n, GENERIC_COLOURS[i % len(GENERIC_COLOURS)]) for i, n in enumerate(class_names)
        ]
    return [(c.code, class_label(c, lang), c.colour) for c in FLAIR_CLASSES]


def qml(classes: list[tuple[int, str, str]], present: set[int] | None = None, band: int = 1) -> str:
    """A QGIS paletted-renderer style of ``band``; ``present`` limits the legend to those codes. The
    plugin loads this text too, so a style is decided here once, for the file and for QGIS."""
    entries = []
    for code, name, colour in classes:
        if present is not None and code not in present:
            continue
        entries.append(
            f'        <paletteEntry value="{code}" color="{colour}" alpha="255" label="{escape(name, {chr(34): "&quot;"})}"/>'
        )
    body = "\n".join(entries)
    return f"""<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22" styleCategories="Symbology">
  <pipe>
    <rasterrenderer type="paletted" band="{band}" opacity="1" alphaBand="-1" nodataColor="">
      <rasterTransparency/>
      <minMaxOrigin>
        <limits>None</limits>
        <extent>WholeRaster</extent>
        <statAccuracy>Estimated</statAccuracy>
        <cumulativeCutLower>0.02</cumulativeCutLower>
        <cumulativeCutUpper>0.98</cumulativeCutUpper>
        <stdDevFactor>2</stdDevFactor>
      </minMaxOrigin>
      <colorPalette>
{body}
      </colorPalette>
      <colorramp type="randomcolors" name="[source]"/>
    </rasterrenderer>
    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
    <huesaturation saturation="0" colorizeOn="0" grayscaleMode="0" colorizeRed="255" colorizeGreen="128" colorizeBlue="128" colorizeStrength="100"/>
    <rasterresampler maxOversampling="2"/>
    <resamplingStage>resamplingFilter</resamplingStage>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
"""


def pam_xml(classes: list[tuple[int, str, str]], lang: str = "en") -> str:
    names = {code: name for code, name, _ in classes}
    top = max(names) if names else 0
    cats = "\n".join(
        f"      <Category>{escape(names.get(i, '' if i else NODATA_NAME.get(lang, 'nodata')))}</Category>"
        for i in range(top + 1)
    )
    return f"""<PAMDataset>
  <PAMRasterBand band="1">
    <CategoryNames>
{cats}
    </CategoryNames>
  </PAMRasterBand>
</PAMDataset>
"""


def colormap(classes: list[tuple[int, str, str]]) -> dict[int, tuple[int, int, int, int]]:
    if [c[0] for c in classes] == [c.code for c in FLAIR_CLASSES] and not any(
        n not in (c.name, c.name_fr) for (_, n, _), c in zip(classes, FLAIR_CLASSES)
    ):
        return colour_table()
    table = {0: (0, 0, 0, 0)}
    for code, _, colour in classes:
        table[code] = (*hex_to_rgb(colour), 255)
    return table


def band_tags(classes: list[tuple[int, str, str]]) -> dict[str, str]:
    """Class names embedded in the GeoTIFF itself (GDAL_METADATA tag)."""
    tags = {f"CLASS_{code}": name for code, name, _ in classes}
    tags["CLASSES"] = json.dumps({str(code): name for code, name, _ in classes}, ensure_ascii=False)
    return tags


def sidecar_texts(path: str, classes: list[tuple[int, str, str]], present: set[int] | None = None,
                  lang: str = "en") -> dict[str, str]:
    """``<raster>.qml`` (legend limited to ``present``) and ``<raster>.aux.xml``: path -> text."""
    return {os.path.splitext(path)[0] + ".qml": qml(classes, present), path + ".aux.xml": pam_xml(classes, lang)}


def write_sidecars(path: str, classes: list[tuple[int, str, str]], present: set[int] | None = None,
                   lang: str = "en") -> str:
    """Write ``<raster>.qml`` (legend limited to ``present``) and ``<raster>.aux.xml``."""
    for p, text in sidecar_texts(path, classes, present, lang).items():
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
    return os.path.splitext(path)[0] + ".qml"


def style_raster(path: str, encoding: str, band: int = 1, lang: str = "en") -> dict:
    """Style ``band`` of an existing label raster in any label encoding: a ``.qml`` sidecar with the
    legend limited to the values present, and for single-band uint8 GeoTIFFs the colour table and
    class names written into the file (plus a PAM .aux.xml) when it can be updated in place."""
    import rasterio

    classes = classes_for_encoding(encoding, lang)
    try:
        ds = rasterio.open(path)
    except (*gdal_errors(), OSError) as e:
        raise InputError.say("cannot open {path} as a raster ({error}); give a label GeoTIFF", path=path,
                             error=str(e).splitlines()[0]) from None
    with ds:
        check_label_band(path, ds, band)
        dtype, count, driver = ds.dtypes[band - 1], ds.count, ds.driver
        sampled = ds.width * ds.height > SAMPLE_PIXELS
    present = set(values_present(path, band))
    known = {c[0] for c in classes}
    unknown = sorted(present - known - ({0} if encoding == "flair19" else set()))
    embedded = False
    if count == 1 and driver == "GTiff" and dtype == "uint8":
        try:
            with rasterio.open(path, "r+") as dst:
                dst.write_colormap(1, colormap(classes) if encoding == "flair19" else
                                   {v: (*hex_to_rgb(col), 255) for v, _, col in classes})
                dst.update_tags(1, **band_tags(classes))
            embedded = True
        except (OSError, *gdal_errors()):  # read-only file or folder: the .qml still styles it in QGIS
            embedded = False
    # a raster too large to read whole is sampled, and a sample misses rare classes: then the
    # legend lists every class of the encoding rather than leave some out
    legend = None if sampled else present & known
    try:
        if embedded:
            qml_path = write_sidecars(path, classes, legend, lang)
        else:
            qml_path = os.path.splitext(path)[0] + ".qml"
            with open(qml_path, "w", encoding="utf-8") as f:
                f.write(qml(classes, legend, band))
    except IsADirectoryError:
        raise InputError.say("cannot write the style {qml}: a folder has that name; rename or move it and run again",
                             qml=os.path.splitext(path)[0] + ".qml") from None
    except OSError as e:
        raise InputError.say("cannot write the style beside {path} ({reason}): the folder {folder} is read-only. Copy "
                             "the raster to a folder you can write to and style it there.", path=path,
                             reason=str(e.strerror or e), folder=os.path.dirname(os.path.abspath(path))) from None
    return {"qml": qml_path, "embedded": embedded, "present": sorted(present & known), "unknown": unknown,
            "sampled": sampled}


def check_label_band(path: str, ds, band: int) -> None:
    """The band exists and holds integers; floats are imagery or a continuous raster, not labels."""
    if not 1 <= band <= ds.count:
        raise InputError.say("{path} has {count} band(s), there is no band {band}", path=path, count=ds.count,
                             band=band)
    dtype = ds.dtypes[band - 1]
    if dtype not in ("uint8", "int8", "uint16", "int16", "uint32", "int32"):
        raise InputError.say("{path} holds {dtype} values: imagery or a continuous raster (heights, scores), not "
                             "labels; a label raster holds integer class codes", path=path, dtype=dtype)
