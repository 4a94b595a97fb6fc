"""IGN's BD ORTHO (and LiDAR HD height, for display) as QGIS WMS layers in Lambert-93.

Layer names and the URI form are those of the Géoplateforme WMS-Raster (shared FLAIR.md §7).
The RGB layer feeds a model's R, G, B and the IRC layer its NIR (IRC band 1 = NIR, 2 = R, 3 = G).

Elevation: QGIS's WMS provider returns *colours*, never values, so the LiDAR HD height layer
added here is a shaded picture to look at, not an NDSM input. Real heights need the BIL format
(GDAL's WMS driver) or downloaded LiDAR HD tiles.
"""
from __future__ import annotations

from qgis.core import Qgis, QgsLayerTreeGroup, QgsProject, QgsRasterLayer

DEFAULT_URL = "https://data.geopf.fr/wms-r"
GROUP = "BD ORTHO (IGN)"
RGB_LAYER = "HR.ORTHOIMAGERY.ORTHOPHOTOS"
IRC_LAYER = "ORTHOIMAGERY.ORTHOPHOTOS.IRC"
# LiDAR HD height above ground (MNH), hill-shaded for viewing; the ...LAMB93 variant holds values
MNH_LAYER = "IGNF_LIDAR-HD_MNH_ELEVATION.ELEVATIONGRIDCOVERAGE.SHADOW"

# (WMS layer, name in the layer panel, format, visible when added)
LAYERS = (
    (RGB_LAYER, "BD ORTHO 20 cm - RGB (IGN)", "image/jpeg", True),
    (IRC_LAYER, "BD ORTHO IRC - NIR, R, G (IGN)", "image/jpeg", False),
    (MNH_LAYER, "LiDAR HD height above ground - shaded, display only (IGN)", "image/png", False),
)


class BdOrthoError(RuntimeError):
    """None of the layers could be loaded; the message names the server."""


def bdortho_uri(layer_name: str, url: str = DEFAULT_URL, fmt: str = "image/jpeg", crs: str = "EPSG:2154") -> str:
    """The QGIS WMS data source string; builds text only, never touches the network."""
    return f"crs={crs}&format={fmt}&layers={layer_name}&styles=&url={url}"


def add_bdortho_layers(project: QgsProject | None = None, iface=None, url: str = DEFAULT_URL) -> list[QgsRasterLayer]:
    """Add the layers to ``project`` in a "BD ORTHO (IGN)" group at the top; returns those that
    loaded. Layers already in the project (same source) are reused, not added twice.

    Main thread only (loading a WMS layer fetches the server's capabilities). Raises BdOrthoError
    when none loads (offline, server down); when only some load, says which on ``iface``'s bar.
    """
    project = project or QgsProject.instance()
    root = project.layerTreeRoot()
    group = root.findGroup(GROUP)
    existing = {layer.source(): layer for layer in project.mapLayers().values()}
    added, failed = [], []
    for wms_name, title, fmt, visible in LAYERS:
        uri = bdortho_uri(wms_name, url, fmt)
        if uri in existing:
            added.append(existing[uri])
            continue
        layer = QgsRasterLayer(uri, title, "wms")
        if not layer.isValid():
            failed.append(title)
            continue
        if group is None:
            group = root.insertGroup(0, GROUP)
        project.addMapLayer(layer, False)  # False: we place it in the group ourselves
        node = group.addLayer(layer)
        node.setItemVisibilityChecked(visible)
        added.append(layer)
    if not added:
        raise BdOrthoError(
            f"could not load the BD ORTHO layers from {url}: the server did not answer "
            "(no internet connection, or the Géoplateforme is down)"
        )
    if failed and iface is not None:
        iface.messageBar().pushMessage(
            "FLAIR", f"Not available from {url}: {', '.join(failed)}", Qgis.MessageLevel.Warning, 10
        )
    if isinstance(group, QgsLayerTreeGroup):
        group.setExpanded(True)
    return added
