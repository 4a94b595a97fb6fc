"""Groups in the Layers panel ("FLAIR", "FLAIR QA", ...): found or made at the top, one way."""
from __future__ import annotations

from qgis.core import QgsLayerTreeGroup, QgsProject


def group(project: QgsProject, name: str) -> QgsLayerTreeGroup:
    """The top-level group ``name``, created at the top of the Layers panel when missing."""
    root = project.layerTreeRoot()
    found = root.findGroup(name)
    return found if found is not None else root.insertGroup(0, name)


def add_to_group(project: QgsProject, layer, group_name: str, top: bool = True, visible: bool = True):
    """Add ``layer`` to the project inside ``group_name`` (first or last in it); returns its node."""
    project.addMapLayer(layer, False)
    g = group(project, group_name)
    node = g.insertLayer(0, layer) if top else g.addLayer(layer)
    if not visible:
        node.setItemVisibilityChecked(False)
        node.setExpanded(False)
    return node
