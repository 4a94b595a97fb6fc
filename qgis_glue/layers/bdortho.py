"""IGN's BD ORTHO as QGIS WMS layers in Lambert-93, and LiDAR HD height (for display) as a WMTS layer.

Layer names and the URI forms are those of the Géoplateforme (shared FLAIR.md §7): the orthophotos
on the WMS-Raster service; the LiDAR HD height only on the WMTS service (tile matrix set PM_0_18,
Web Mercator), which the WMS does not serve.
The RGB layer feeds a model's R, G, B and the IRC layer its NIR (IRC band 1 = NIR, 2 = R, 3 = G).

Past vintages (to segment the same area at two dates and measure land take, ``inference/change``):
the Géoplateforme's WMS-Raster serves each year's BD ORTHO campaign as ``ORTHOIMAGERY.ORTHOPHOTOS<YEAR>``
(RGB) and ``ORTHOIMAGERY.ORTHOPHOTOS.IRC.<YEAR>`` (IRC). A year's layer covers only the départements
photographed that year (about a third of France: the BD ORTHO is renewed every three years), so the
two vintages of an area are usually three years apart. Layer names checked against third-party
code that read the services' GetCapabilities (2020, 2023, 2024 on wms-r; 2016 to 2024 on the WMTS,
where IGN names the same layers identically); not checked against a live GetCapabilities here (no
internet on the machines this was built on).

Elevation: QGIS's WMS provider returns *colours*, never values, so the LiDAR HD height layer
added here is a shaded picture to look at, not an NDSM input. Real heights need the BIL format
(GDAL's WMS driver) or downloaded LiDAR HD tiles.
"""
from __future__ import annotations

from qgis.core import Qgis, QgsLayerTreeGroup, QgsProject, QgsRasterLayer

from ..i18n import tr

DEFAULT_URL = "https://data.geopf.fr/wms-r"
DEFAULT_WMTS_URL = "https://data.geopf.fr/wmts"
WMTS_MATRIX_SET = "PM_0_18"
GROUP = "BD ORTHO (IGN)"
RGB_LAYER = "HR.ORTHOIMAGERY.ORTHOPHOTOS"
IRC_LAYER = "ORTHOIMAGERY.ORTHOPHOTOS.IRC"
# LiDAR HD height above ground (MNH), hill-shaded for viewing; the ...LAMB93 variant holds values
MNH_LAYER = "IGNF_LIDAR-HD_MNH_ELEVATION.ELEVATIONGRIDCOVERAGE.SHADOW"

# BD ORTHO campaigns published per year (see above); the current layers are the default
VINTAGES = tuple(range(2016, 2025))


def vintage_layers(year: int) -> tuple[tuple[str, str, str, str, bool], ...]:
    """The RGB and IRC layers of one year's BD ORTHO campaign, as ``LAYERS`` rows."""
    if year not in VINTAGES:
        raise ValueError(tr("no BD ORTHO vintage {year} on the Géoplateforme here; choose one of {first}..{last}").format(
            year=year, first=VINTAGES[0], last=VINTAGES[-1]))
    return (("wms", f"ORTHOIMAGERY.ORTHOPHOTOS{year}", f"BD ORTHO {year} - RGB (IGN)", "image/jpeg", True),
            ("wms", f"ORTHOIMAGERY.ORTHOPHOTOS.IRC.{year}", f"BD ORTHO {year} IRC - NIR, R, G (IGN)", "image/jpeg",
             False))


# (service, layer, name in the layer panel, format, visible when added)
LAYERS = (
    ("wms", RGB_LAYER, "BD ORTHO 20 cm - RGB (IGN)", "image/jpeg", True),
    ("wms", IRC_LAYER, "BD ORTHO IRC - NIR, R, G (IGN)", "image/jpeg", False),
    ("wmts", MNH_LAYER, "LiDAR HD height above ground - shaded, display only (IGN)", "image/png", False),
)


class BdOrthoError(OSError):  # a service that does not answer: an I/O failure the user can act on
    """None of the layers could be loaded; the message names the server."""


def bdortho_uri(layer_name: str, url: str = DEFAULT_URL, fmt: str = "image/jpeg", crs: str = "EPSG:2154") -> str:
    """The QGIS WMS data source string; builds text only, never touches the network."""
    return f"crs={crs}&format={fmt}&layers={layer_name}&styles=&url={url}"


def wmts_uri(layer_name: str, url: str = DEFAULT_WMTS_URL, fmt: str = "image/png",
             matrix_set: str = WMTS_MATRIX_SET) -> str:
    """The QGIS WMTS data source string (a "wms" provider URI with a tile matrix set)."""
    capabilities = f"{url}?SERVICE%3DWMTS%26REQUEST%3DGetCapabilities"
    return (f"contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&format={fmt}&layers={layer_name}"
            f"&styles=normal&tileMatrixSet={matrix_set}&url={capabilities}")


def add_bdortho_layers(project: QgsProject | None = None, iface=None, url: str = DEFAULT_URL,
                       wmts_url: str = DEFAULT_WMTS_URL, year: int | None = None) -> list[QgsRasterLayer]:
    """Add the layers to ``project`` in a "BD ORTHO (IGN)" group at the top (``year``: that year's
    campaign, in a "BD ORTHO <year> (IGN)" group); returns those that loaded. Layers already in the
    project (same source) are reused, not added twice.

    Main thread only (loading a WMS layer fetches the server's capabilities). Raises BdOrthoError
    when none loads (offline, server down); when only some load, says which on ``iface``'s bar.
    """
    project = project or QgsProject.instance()
    root = project.layerTreeRoot()
    title = GROUP if year is None else f"BD ORTHO {year} (IGN)"
    rows = LAYERS if year is None else vintage_layers(year)
    group = root.findGroup(title)
    existing = {layer.source(): layer for layer in project.mapLayers().values()}
    added, failed = [], []
    for service, name, layer_title, fmt, visible in rows:
        uri = bdortho_uri(name, url, fmt) if service == "wms" else wmts_uri(name, wmts_url, fmt)
        if uri in existing:
            added.append(existing[uri])
            continue
        layer = QgsRasterLayer(uri, layer_title, "wms")
        if not layer.isValid():
            failed.append(layer_title)
            continue
        if group is None:
            group = root.insertGroup(0, title)
        project.addMapLayer(layer, False)  # False: we place it in the group ourselves
        node = group.addLayer(layer)
        node.setItemVisibilityChecked(visible)
        added.append(layer)
    if not added:
        raise BdOrthoError(tr(
            "could not load the BD ORTHO layers from {url}: the server did not answer "
            "(no internet connection, or the Géoplateforme is down)").format(url=url))
    if failed and iface is not None:
        iface.messageBar().pushMessage(
            "FLAIR", tr("Not available from IGN's services: {layers}").format(layers=", ".join(failed)),
            Qgis.MessageLevel.Warning, 10
        )
    if isinstance(group, QgsLayerTreeGroup):
        group.setExpanded(True)
    return added
